# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: webex
short_description: Webex organizations and locations as inventory hosts
version_added: 1.2.0
description:
  - Makes hosts of Webex organizations, of their Webex Calling locations, or of both, so that a play on a group
    of them does the work of each organization or location as one host, with forks in parallel, and
    AWX / Automation Controller can slice a job across execution nodes.
  - By default the hosts are the locations of the organization of the token. With O(partner=true) the
    organizations are every customer organization the partner administrator's token lists
    (C(GET /v1/organizations)).
  - Every host runs on the controller (C(ansible_connection=local), with the Python that runs Ansible) and has
    the host variables C(webex_kind) (C(organization) or C(location)), C(webex_org_id), C(webex_org_name) and, for
    a location, C(webex_location_id) and C(webex_location_name); with O(counts=true) also C(webex_people_count),
    C(webex_workspaces_count) and C(webex_virtual_lines_count) (Webex Calling ones only). The roles of the
    collection take the organization and location of the host from them.
  - "Groups: C(webex_organizations) (organization hosts), C(webex_locations) (location hosts) and one group per
    organization, C(webex_org_) followed by its name in lower case with C(_) for other characters, with its
    location hosts."
  - Credentials are never host variables. A credential per organization (for example a vaulted refresh token of
    the service app authorized in that organization) goes in the host or group variables the roles read, see the
    inventory guide.
  - The inventory file must be named C(*.webex.yml) or C(*.webex.yaml).
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
options:
  plugin:
    description:
      - The name of this plugin; it must be V(webex.calling.webex) for the plugin to read the file.
    required: true
    type: str
    choices: [webex.calling.webex]
  hosts:
    description:
      - What the hosts are. V(locations) (default) the locations of each organization, V(organizations) the
        organizations themselves, V(both) both (the locations are in the group of their organization).
    type: str
    choices: [locations, organizations, both]
    default: locations
  partner:
    description:
      - Read every organization that C(GET /v1/organizations) lists for the token (a partner administrator's
        customer organizations) instead of the token's own organization.
    type: bool
    default: false
  hostnames:
    description:
      - How hosts are named. V(name) the organization's or location's name in lower case with C(-) for other
        characters (C(Customer 01 Site 01) is C(customer-01-site-01)), V(qualified) a location as
        C(<organization>_<location>), V(id) the Webex ID.
      - Two hosts that would get one name fail the inventory with the fix.
    type: str
    choices: [name, qualified, id]
    default: name
  include_organizations:
    description:
      - Keep only the organizations whose name matches one of these shell-style patterns (C(*), C(?), C([...]),
        not case sensitive) or whose ID is one of them. Empty keeps all.
    type: list
    elements: str
    default: []
  exclude_organizations:
    description:
      - Leave out the organizations whose name matches one of these patterns, or whose ID is one of them.
    type: list
    elements: str
    default: []
  include_locations:
    description:
      - Keep only the locations whose name matches one of these patterns (or whose ID is one of them).
    type: list
    elements: str
    default: []
  exclude_locations:
    description:
      - Leave out the locations whose name matches one of these patterns (or whose ID is one of them).
    type: list
    elements: str
    default: []
  counts:
    description:
      - Count the Webex Calling people, workspaces and virtual lines of every organization and location (one
        listing of each kind per organization) into host variables.
    type: bool
    default: false
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - webex.calling.auth
  - webex.calling.auth.plugin
notes:
  - The inventory sends only reads. With O(cache=true) a second run within O(cache_timeout) sends none; the cache
    holds organization and location names, IDs and counts, never a credential.
  - Nothing in the inventory output is a secret; the credential options are never host or group variables.
seealso:
  - name: Inventory guide
    description: Organizations and locations as hosts, per-organization credentials, forks and job slicing.
    link: https://github.com/webex/webex.calling/blob/main/docs/docsite/rst/inventory_guide.rst
'''

EXAMPLES = r'''
# partner.webex.yml: every customer organization a partner administrator manages, one host each, with the counts
# of their people, workspaces and virtual lines, cached for an hour.
# (Without partner and hosts, the hosts are the locations of the token's own organization.)
plugin: webex.calling.webex
partner: true
hosts: organizations
exclude_organizations:
  - "Test *"
counts: true
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/webex-inventory
cache_timeout: 3600
compose:
  size: "'large' if webex_people_count > 500 else 'small'"
groups:
  empty_organizations: webex_people_count == 0
keyed_groups:
  - key: webex_org_name[:1] | upper
    prefix: initial
'''

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.webex.calling.plugins.module_utils._inventory import (
    INTERPRETER_VAR,
    InventoryError,
    check_options,
    plan,
)

try:
    from ansible.template import trust_as_template  # ansible-core 2.19 on: inventory values are not templates
except ImportError:
    trust_as_template = None

# The options of the inventory file besides those of the client, the cache and constructed.
OWN_OPTIONS = ('hosts', 'partner', 'hostnames', 'include_organizations', 'exclude_organizations',
               'include_locations', 'exclude_locations', 'counts')
CLIENT_OPTIONS = ('access_token', 'client_id', 'client_secret', 'refresh_token', 'api_url', 'validate_certs',
                  'ca_path', 'timeout', 'rate_limit')


def _value(name, value):
    """A host variable as Ansible must see it: only the interpreter is a template; names from Webex never are."""
    if name == INTERPRETER_VAR[0]:
        return trust_as_template(value) if trust_as_template else value
    if trust_as_template is None:
        from ansible.utils.unsafe_proxy import wrap_var  # ansible-core before 2.19 templates what is not unsafe
        return wrap_var(value)
    return value


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """Webex organizations and locations as hosts."""

    NAME = 'webex.calling.webex'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('.webex.yml', '.webex.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        config = self._read_config_data(path)
        known = set(self._options) | {'plugin'}
        unknown = sorted(set(config or {}) - known)
        if unknown:
            raise AnsibleParserError('%s: unknown option%s %s of the webex.calling.webex inventory; its options are: %s'
                                     % (path, 's' if len(unknown) > 1 else '', ', '.join(unknown),
                                        ', '.join(sorted(known))))
        try:
            options = check_options(dict((name, self.get_option(name)) for name in OWN_OPTIONS))
        except InventoryError as exc:
            raise AnsibleParserError('%s: %s' % (path, exc))
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option('cache') and cache
        update_cache = self.get_option('cache') and not cache
        estate = None
        if use_cache:
            try:
                estate = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if estate is None:
            estate = self._read_estate(path, options)
        if update_cache:
            self._cache[cache_key] = estate
        try:
            planned = plan(estate, options)
        except InventoryError as exc:
            raise AnsibleParserError('%s: %s' % (path, exc))
        self._populate(planned)

    def _read_estate(self, path, options):
        # Imported here: the client needs requests, which only a run that reads Webex needs.
        from ansible_collections.webex.calling.plugins.module_utils._client import (
            REQUESTS_IMPORT_ERROR, WebexApiError, client_from_options)
        from ansible_collections.webex.calling.plugins.module_utils._inventory_source import read_estate

        if REQUESTS_IMPORT_ERROR:
            raise AnsibleParserError('the webex.calling.webex inventory needs the Python library requests: install '
                                     'it for the Python that runs Ansible')
        params = dict((name, self.get_option(name)) for name in CLIENT_OPTIONS)
        try:
            client = client_from_options(params, warn=self.display.warning, pool_size=4)
            return read_estate(client, options)
        except WebexApiError as exc:
            raise AnsibleParserError('%s: the webex.calling.webex inventory could not read Webex: %s%s' % (
                path, exc, _hint(exc.status)))
        except ValueError as exc:
            raise AnsibleParserError('%s: %s' % (path, to_native(exc)))

    def _populate(self, planned):
        strict = self.get_option('strict')
        for group in planned['groups']:
            self.inventory.add_group(group)
        for host in planned['hosts']:
            name = host['name']
            self.inventory.add_host(name)
            for group in host['groups']:
                self.inventory.add_child(group, name)
            for key, value in host['vars'].items():
                self.inventory.set_variable(name, key, _value(key, value))
            host_vars = self.inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option('compose'), host_vars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), host_vars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), host_vars, name, strict=strict)


def _hint(status):
    if status == 401:
        return ('; the credentials were refused: set access_token (WEBEX_ACCESS_TOKEN), or client_id, client_secret '
                'and refresh_token, in the inventory file or the environment')
    if status == 403:
        return ('; the token may not read this: it needs an administrator with the scopes '
                'spark-admin:people_read and spark-admin:telephony_config_read (and, with partner=true, a partner '
                'administrator); with partner=false leave include_organizations to the token\'s own organization')
    return ''
