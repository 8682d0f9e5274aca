#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_organization_info
short_description: Read which Webex organization an access token (or org_id) acts in
version_added: 1.2.0
description:
  - Returns the ID and name of the organization O(org_id) names, else of the access token's organization
    (C(GET /people/me), then C(GET /organizations/{orgId})).
  - The role C(webex.calling.intercept_restore) uses it to refuse a backup of another organization before any write.
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.attributes
  - webex.calling.attributes.INFO_MODULE
options:
  org_id:
    description:
      - The organization to read, for a partner administrator acting in a customer organization.
      - The organization of the access token when not set.
    type: str
seealso:
  - module: webex.calling.webex_person_intercept_info
'''

EXAMPLES = r'''
- name: Which organization does the token act in?
  webex.calling.webex_organization_info:
  register: org

- name: Show it
  ansible.builtin.debug:
    msg: "{{ org.organization.name }} ({{ org.organization.id }})"
'''

RETURN = r'''
organization:
  description: The organization, C(id) and C(name) (null when the organization has no name the token may read).
  returned: success
  type: dict
  sample: {"id": "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8xMjM", "name": "Example Inc."}
api_error:
  description:
    - What failed when a Webex API call failed for good, as in M(webex.calling.webex_person_intercept); the
      C(method), C(path), C(status) (null when no answer came), C(message), C(tracking_id) and C(attempts).
  returned: when an API call failed
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webex.calling.plugins.module_utils._client import webex_argument_spec
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import run_organization_info


def main(module_class=AnsibleModule):
    """Run as a module, or in Ansible's worker by the action plugin of the same name (module_class)."""
    argument_spec = webex_argument_spec()
    argument_spec.update(org_id=dict(type='str'))
    module = module_class(argument_spec=argument_spec, supports_check_mode=True)
    run_organization_info(module)


if __name__ == '__main__':
    main()
