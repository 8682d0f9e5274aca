# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The requests the inventory sends: the organizations, their locations and (option) the counts of their owners.

Everything goes through the collection's one client; the rest of the inventory is ``_inventory`` (no requests).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import list_targets
from ansible_collections.webex.calling.plugins.module_utils._inventory import (
    COUNT_KINDS,
    add_counts,
    matches,
    needs_locations,
)
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS, item_field

# Organizations read at the same time.
CONCURRENCY = 4


def organizations(client, options):
    """``[{id, name}]``: every organization the partner's token lists, or the token's own organization."""
    if options['partner']:
        found = [dict(id=item.get('id'), name=item.get('displayName') or item.get('id'))
                 for item in client.iter_items('/organizations')]
    else:
        org_id = (client.get('/people/me') or {}).get('orgId')
        item = client.get('/organizations/%s' % quote(str(org_id), safe='')) or {}
        found = [dict(id=org_id, name=item.get('displayName') or org_id)]
    include, exclude = options['include_organizations'], options['exclude_organizations']
    return [org for org in found if org['id'] and matches(org, include, exclude)]


def _count_owners(client, org_id):
    """{location ID: {people, workspaces, virtual_lines}}: one listing of each kind for the whole organization."""
    counts = {}
    for kind_name, plural in COUNT_KINDS:
        kind = OWNERS[kind_name]
        for item in list_targets(client, kind, dict(org_id=org_id)):
            location = counts.setdefault(item_field(item, kind.location_field), {})
            location[plural] = location.get(plural, 0) + 1
    return counts


def _read_organization(client, org, options):
    org = dict(org, locations=None, counts=None)
    if needs_locations(options):
        org['locations'] = [
            dict(id=item['id'], name=item.get('name') or item['id'], counts=None)
            for item in list_targets(client, OWNERS['location'], dict(org_id=org['id']))
            if matches(dict(id=item['id'], name=item.get('name')), options['include_locations'],
                       options['exclude_locations'])]
    if options['counts']:
        by_location = _count_owners(client, org['id'])
        org['counts'] = {}
        for counts in by_location.values():
            add_counts(org['counts'], counts)
        for location in org['locations'] or []:
            location['counts'] = add_counts({}, by_location.get(location['id'], {}))
    return org


def read_estate(client, options):
    """The estate ``_inventory.plan`` makes hosts of (plain data, what the cache keeps)."""
    orgs = organizations(client, options)
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        read = [pool.submit(_read_organization, client, org, options) for org in orgs]
        return dict(organizations=[future.result() for future in read])
