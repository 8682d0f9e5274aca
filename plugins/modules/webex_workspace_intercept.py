#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_workspace_intercept
short_description: Manage the call intercept settings of a Webex Calling workspace
version_added: 1.1.0
description:
  - Takes a workspace (a common-area phone, a room) out of service gracefully, or puts it back, by managing its Webex
    Calling call intercept settings, exactly as M(webex.calling.webex_person_intercept) does for a person.
  - Partial and declarative; an option left out means "leave this setting as it is". Only the settings that differ are
    written.
  - Needs the scopes C(spark-admin:workspaces_read) and, for changes, C(spark-admin:workspaces_write).
  - While the call intercept of the workspace's location is enabled, it overrides the workspace's own settings; the
    task then warns and says so in RV(location_intercept).
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.intercept_settings
  - webex.calling.intercept_settings.UPLOADED
  - webex.calling.attributes
  - webex.calling.attributes.ACTIONS
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is uploaded or written; RV(intercept) and the diff show the settings a real run would leave.
  diff_mode:
    support: full
options:
  workspace_id:
    description:
      - The Webex ID of the workspace.
      - An ID of another kind (a person's) is an error naming this option, before any request; a raw UUID is sent as it is.
      - Exactly one of O(workspace_id) and O(workspace_name) is required; an empty string is an error.
    type: str
  workspace_name:
    description:
      - The display name of the workspace, looked up among the Webex Calling workspaces
        (C(GET /workspaces?displayName=&calling=webexCalling)); it must match the whole name exactly.
      - A name that matches no workspace or several workspaces is an error listing their IDs; use O(workspace_id) then.
    type: str
seealso:
  - module: webex.calling.webex_workspace_intercept_info
  - module: webex.calling.webex_location_intercept
'''

EXAMPLES = r'''
- name: Take the lobby phone out of service, announcing the reception number
  webex.calling.webex_workspace_intercept:
    workspace_name: Lobby Phone
    enabled: true
    incoming:
      type: INTERCEPT_ALL
      announcements:
        greeting: CUSTOM
        greeting_file: files/lobby-closed.wav
        new_number: {enabled: true, destination: "+14085550100"}
    outgoing:
      type: ALLOW_LOCAL_ONLY

- name: Put it back in service
  webex.calling.webex_workspace_intercept:
    workspace_id: "{{ workspace_id }}"
    enabled: false
'''

RETURN = r'''
workspace_id:
  description: The Webex ID of the workspace (looked up when O(workspace_name) was given).
  returned: success
  type: str
intercept:
  description:
    - The workspace's call intercept settings after the run, in the shape of the options, so it can be passed back.
    - In check mode, the settings a real run would leave.
    - C(incoming.announcements.file_name) is the name of the custom greeting on the server (V("") if none).
  returned: success
  type: dict
  sample:
    enabled: true
    incoming:
      type: INTERCEPT_ALL
      voicemail_enabled: false
      announcements:
        greeting: DEFAULT
        file_name: ""
        new_number: {enabled: true, destination: "+14085550123"}
        zero_transfer: {enabled: true, destination: "4100"}
    outgoing: {type: INTERCEPT_ALL, transfer_enabled: false, destination: ""}
location_intercept:
  description:
    - The call intercept of the workspace's location, which overrides the workspace's own settings while it is enabled
      (the task then warns that the calls follow the location's intercept, not these settings).
    - Null when the workspace has no location. Reading it costs one read of the location's intercept (and, with
      O(workspace_id), one lookup of the workspace before it), made while the workspace's settings are read, and one read
      of the location's name when its intercept is enabled.
  returned: success
  type: dict
  contains:
    enabled:
      description: Whether the location intercept is enabled; null (with a warning) when it could not be read.
      type: bool
      returned: always
    location_id:
      description: The ID of the location.
      type: str
      returned: always
    location_name:
      description: The name of the location when its intercept is enabled (to name it), null otherwise.
      type: str
      returned: always
    error:
      description: Why the location intercept could not be read, null when it was.
      type: str
      returned: always
api_error:
  description:
    - What failed when a Webex API call failed for good, as in M(webex.calling.webex_person_intercept); the
      C(method), C(path), C(status) (null when no answer came), C(message), C(tracking_id) and C(attempts).
  returned: when an API call failed
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webex.calling.plugins.module_utils._client import webex_argument_spec
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import run_configure
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS
from ansible_collections.webex.calling.plugins.module_utils._settings import argument_spec as settings_argument_spec


def main(module_class=AnsibleModule):
    """Run as a module, or in Ansible's worker by the action plugin of the same name (module_class)."""
    argument_spec = webex_argument_spec()
    argument_spec.update(workspace_id=dict(type='str'), workspace_name=dict(type='str'), org_id=dict(type='str'))
    argument_spec.update(settings_argument_spec())
    module = module_class(
        argument_spec=argument_spec,
        required_one_of=[('workspace_id', 'workspace_name')],
        mutually_exclusive=[('workspace_id', 'workspace_name')],
        supports_check_mode=True,
    )
    run_configure(module, OWNERS['workspace'])


if __name__ == '__main__':
    main()
