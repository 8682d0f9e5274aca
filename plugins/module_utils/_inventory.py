# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory of organizations and locations (standard library only): its options, which organizations and
locations it keeps, and the hosts, host variables and groups it makes of them.

The estate, what the API answered (``_inventory_source.read_estate``), is plain data and is what the inventory
cache holds:
``{"organizations": [{"id", "name", "counts": {...} or None, "locations": [{"id", "name", "counts"}] or None}]}``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import fnmatch
import re

HOSTS_CHOICES = ('locations', 'organizations', 'both')
HOSTNAMES_CHOICES = ('name', 'qualified', 'id')
PATTERN_OPTIONS = ('include_organizations', 'exclude_organizations', 'include_locations', 'exclude_locations')
COUNT_KINDS = (('person', 'people'), ('workspace', 'workspaces'), ('virtual_line', 'virtual_lines'))
ORGANIZATIONS_GROUP = 'webex_organizations'
LOCATIONS_GROUP = 'webex_locations'
ORG_GROUP_PREFIX = 'webex_org_'
# Every host runs its tasks on the controller, with the Python that runs Ansible (where requests is installed).
CONNECTION_VARS = (('ansible_connection', 'local'),)
INTERPRETER_VAR = ('ansible_python_interpreter', '{{ ansible_playbook_python }}')


class InventoryError(ValueError):
    """An option or an estate the inventory cannot work with; the message names the option and the fix."""


def check_options(options):
    """The inventory's own options, checked: a dict with every key of HOSTS_CHOICES ... PATTERN_OPTIONS.

    Raise InventoryError naming the option. Patterns are shell-style (``*``, ``?``, ``[...]``), matched without
    regard to case against a name, or equal to an ID.
    """
    checked = {}
    for name, choices, default in (('hosts', HOSTS_CHOICES, 'locations'), ('hostnames', HOSTNAMES_CHOICES, 'name')):
        value = options.get(name) or default
        if value not in choices:
            raise InventoryError('%s must be one of %s, not %r' % (name, ', '.join(choices), value))
        checked[name] = value
    for name in PATTERN_OPTIONS:
        value = options.get(name) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) and item.strip() for item in value):
            raise InventoryError('%s must be a list of name patterns (such as "Customer *") or IDs, not %r'
                                 % (name, value))
        checked[name] = [item.strip() for item in value]
    for name in ('partner', 'counts'):
        value = options.get(name, False)
        if not isinstance(value, bool):
            raise InventoryError('%s must be true or false, not %r' % (name, value))
        checked[name] = value
    if checked['hosts'] == 'organizations' and (checked['include_locations'] or checked['exclude_locations']):
        raise InventoryError('include_locations and exclude_locations choose location hosts; with hosts: '
                             'organizations there are none: set hosts to locations or both, or remove them')
    return checked


def matches(item, include, exclude):
    """Whether an organization or location (``id``, ``name``) is kept by the include and exclude patterns."""
    def hit(patterns):
        name = (item.get('name') or '').lower()
        return any(pattern == item.get('id') or fnmatch.fnmatchcase(name, pattern.lower()) for pattern in patterns)
    return (not include or hit(include)) and not hit(exclude)


def needs_locations(options):
    """Whether the estate needs each organization's locations (location hosts, or counts per location)."""
    return options['hosts'] != 'organizations'


def slug(text):
    """A host or group name part from a display name: lower case, runs of other characters as one ``-``."""
    return re.sub(r'[^a-z0-9]+', '-', (text or '').lower()).strip('-') or 'unnamed'


def _counts_vars(counts):
    if counts is None:
        return {}
    return dict(('webex_%s_count' % plural, counts.get(plural, 0)) for dummy, plural in COUNT_KINDS)


def add_counts(total, counts):
    """Add one location's counts to an organization's total (both dicts of COUNT_KINDS plurals)."""
    for dummy, plural in COUNT_KINDS:
        total[plural] = total.get(plural, 0) + counts.get(plural, 0)
    return total


def _hostname(options, org, location=None):
    style = options['hostnames']
    if style == 'id':
        return (location or org)['id']
    if location is None:
        return slug(org['name'])
    if style == 'qualified':
        return '%s_%s' % (slug(org['name']), slug(location['name']))
    return slug(location['name'])


def plan(estate, options):
    """The hosts and groups of an estate: ``{"hosts": [{name, vars, groups}], "groups": [names]}``, in estate order.

    Organization hosts are in ORGANIZATIONS_GROUP, location hosts in LOCATIONS_GROUP and in the group of their
    organization (ORG_GROUP_PREFIX + its slug). Raise InventoryError when two hosts would get one name.
    """
    hosts = []
    groups = []
    seen = {}

    def add(name, host_vars, host_groups, what):
        if name in seen:
            # Qualified names tell locations apart, never two organizations (an organization's is its own name).
            both_organizations = seen[name][1] == host_vars['webex_kind'] == 'organization'
            raise InventoryError('%s and %s would both be the host %s: set hostnames to %s' % (
                seen[name][0], what, name,
                'id' if options['hostnames'] == 'qualified' or both_organizations else 'qualified (or id)'))
        seen[name] = (what, host_vars['webex_kind'])
        host_vars = dict(host_vars)
        host_vars.update(CONNECTION_VARS)
        host_vars[INTERPRETER_VAR[0]] = INTERPRETER_VAR[1]
        hosts.append(dict(name=name, vars=host_vars, groups=host_groups))
        for group in host_groups:
            if group not in groups:
                groups.append(group)

    for org in estate.get('organizations', []):
        org_vars = dict(webex_kind='organization', webex_org_id=org['id'], webex_org_name=org['name'])
        if options['hosts'] in ('organizations', 'both'):
            add(_hostname(options, org), dict(org_vars, **_counts_vars(org.get('counts'))), [ORGANIZATIONS_GROUP],
                'the organization %s' % org['name'])
        if options['hosts'] in ('locations', 'both'):
            org_group = ORG_GROUP_PREFIX + slug(org['name']).replace('-', '_')
            for location in org.get('locations') or []:
                add(_hostname(options, org, location),
                    dict(org_vars, webex_kind='location', webex_location_id=location['id'],
                         webex_location_name=location['name'], **_counts_vars(location.get('counts'))),
                    [LOCATIONS_GROUP, org_group], 'the location %s of %s' % (location['name'], org['name']))
    return dict(hosts=hosts, groups=groups)


def slices(names, count):
    """The hosts of each of ``count`` job slices, as AWX / Automation Controller assigns them.

    AWX orders the inventory's hosts by name and gives slice ``n`` (1-based) every ``count``-th host from the
    ``n``-th on (round-robin), so every host is in exactly one slice. A list of ``count`` lists.
    """
    if not isinstance(count, int) or count < 1:
        raise InventoryError('the number of slices must be an integer >= 1, not %r' % (count,))
    ordered = sorted(names)
    return [ordered[offset::count] for offset in range(count)]
