#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_access_token
short_description: Get a Webex access token once, for every task of a play
version_added: 1.1.0
description:
  - Exchanges the refresh token of a Webex integration or service app for a new access token
    (C(POST /access_token)) and returns it, so that the following tasks of a play share it instead of each
    getting its own.
  - Every other module given O(client_id), O(client_secret) and O(refresh_token) but no O(access_token) gets an
    access token itself, one token request per task. Register this module's result once, with C(no_log), and hand
    C(access_token) to the other tasks (for example with C(module_defaults)); they still refresh it themselves
    should it expire during the play, when the three refresh options are set too.
  - The task must set C(no_log) to V(true), since its result holds the token; the module fails before any request
    otherwise.
  - Any O(access_token) given is not used; the module always gets a new one.
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.attributes
  - webex.calling.attributes.INFO_MODULE
options: {}
notes:
  - Also runs in check mode, so that a play in check mode gets its token; getting a token changes nothing in Webex.
seealso:
  - module: webex.calling.webex_person_intercept
  - module: webex.calling.webex_person_intercept_info
'''

EXAMPLES = r'''
# One token request for the whole play; the refresh credentials come from WEBEX_CLIENT_ID,
# WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN (for example an AWX credential).
- name: Audit with one access token
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/webex.calling.webex:
      access_token: "{{ webex_token.access_token | default(omit) }}"
  tasks:
    - name: Get an access token for the play
      webex.calling.webex_access_token:
      register: webex_token
      no_log: true

    - name: Read Alice's settings
      webex.calling.webex_person_intercept_info:
        person_email: alice@example.com

    - name: Turn intercept off for Bob
      webex.calling.webex_person_intercept:
        person_email: bob@example.com
        enabled: false

    - name: Say when the refresh token changed
      ansible.builtin.debug:
        msg: The refresh token was rotated; store the new one (webex_token.refresh_token) in your vault.
      when: webex_token.refresh_token_rotated
'''

RETURN = r'''
access_token:
  description: The new access token. Hand it to the other modules in O(access_token); never print it.
  returned: success
  type: str
expires_in:
  description: Seconds the access token is valid for, as Webex answered; null when Webex did not say.
  returned: success
  type: int
  sample: 1209599
expires_at:
  description: When the access token expires (UTC, ISO 8601); null when Webex did not say.
  returned: success
  type: str
  sample: '2025-01-29T10:00:00Z'
refresh_token_rotated:
  description:
    - Whether Webex answered with a new refresh token. The old one may stop working, so store the new one where the
      refresh token is kept (vault, AWX credential).
  returned: success
  type: bool
  sample: false
refresh_token:
  description: The new refresh token when Webex rotated it, null otherwise.
  returned: success
  type: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webex.calling.plugins.module_utils._client import run_access_token_module, webex_argument_spec


def main(module_class=AnsibleModule):
    """Run as a module, or in Ansible's worker by the action plugin of the same name (module_class)."""
    module = module_class(argument_spec=webex_argument_spec(), supports_check_mode=True)
    run_access_token_module(module)


if __name__ == '__main__':
    main()
