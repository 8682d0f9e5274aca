#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_location_intercept
short_description: Manage the call intercept of a Webex Calling location
version_added: 1.1.0
description:
  - Manages the call intercept of a location, which, while it is enabled, overrides the call intercept settings of
    everyone at the location (people, workspaces and virtual lines); a whole site out of service in one setting.
  - Partial and declarative like M(webex.calling.webex_person_intercept); only the settings that differ are written.
    The API requires O(enabled) in every change, so each change also carries the value of O(enabled) the run leaves
    (the one read when the task does not set it).
  - The custom greeting is not uploaded; O(incoming.announcements.file_name) names a file already in the location's
    announcement repository, and is checked against it before any change.
  - Needs the scopes C(spark-admin:telephony_config_read), C(spark-admin:locations_read) (the locations listing, for
    O(location_name) and the location's name) and, for changes, C(spark-admin:telephony_config_write).
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.intercept_settings
  - webex.calling.intercept_settings.LOCATION
  - webex.calling.attributes
  - webex.calling.attributes.ACTIONS
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is written (the announcement repository is still read to check a new file name);
        RV(intercept) and the diff show the settings a real run would leave.
  diff_mode:
    support: full
options:
  location_id:
    description:
      - The Webex ID of the location.
      - An ID of another kind (a person's) is an error naming this option, before any request; a raw UUID is sent as it is.
      - Exactly one of O(location_id) and O(location_name) is required; an empty string is an error.
    type: str
  location_name:
    description:
      - The name of the location, looked up with C(GET /locations?name=); it must match the whole name exactly.
      - A name that matches no location or several is an error listing their IDs; use O(location_id) then.
    type: str
seealso:
  - module: webex.calling.webex_location_intercept_info
  - module: webex.calling.webex_person_intercept
'''

EXAMPLES = r'''
- name: Close the Branch Office; everyone's calls hear the site's closure greeting
  webex.calling.webex_location_intercept:
    location_name: Branch Office
    enabled: true
    incoming:
      type: INTERCEPT_ALL
      announcements:
        greeting: CUSTOM
        file_name: branch-closed.wav
        zero_transfer: {enabled: true, destination: "+14085550100"}

- name: Reopen it
  webex.calling.webex_location_intercept:
    location_name: Branch Office
    enabled: false
'''

RETURN = r'''
location_id:
  description: The Webex ID of the location (looked up when O(location_name) was given).
  returned: success
  type: str
intercept:
  description:
    - The location's call intercept settings after the run, in the shape of the options, so it can be passed back.
    - In check mode, the settings a real run would leave.
    - C(incoming.announcements.file_name) is the greeting of the location's announcement repository in use (V("") if
      none).
  returned: success
  type: dict
  sample:
    enabled: true
    incoming:
      type: INTERCEPT_ALL
      voicemail_enabled: false
      announcements:
        greeting: DEFAULT
        file_name: "branch-closed.wav"
        new_number: {enabled: true, destination: "+14085550123"}
        zero_transfer: {enabled: true, destination: "4100"}
    outgoing: {type: INTERCEPT_ALL, transfer_enabled: false, destination: ""}
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
    argument_spec.update(location_id=dict(type='str'), location_name=dict(type='str'), org_id=dict(type='str'))
    argument_spec.update(settings_argument_spec())
    module = module_class(
        argument_spec=argument_spec,
        required_one_of=[('location_id', 'location_name')],
        mutually_exclusive=[('location_id', 'location_name')],
        supports_check_mode=True,
    )
    run_configure(module, OWNERS['location'])


if __name__ == '__main__':
    main()
