#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_virtual_line_intercept
short_description: Manage the call intercept settings of a Webex Calling virtual line
version_added: 1.1.0
description:
  - Takes a virtual line (a shared number) out of service gracefully, or puts it back, by managing its Webex Calling
    call intercept settings, exactly as M(webex.calling.webex_person_intercept) does for a person.
  - Partial and declarative; an option left out means "leave this setting as it is". Only the settings that differ are
    written.
  - Needs the scopes C(spark-admin:telephony_config_read) and, for changes, C(spark-admin:telephony_config_write).
  - While the call intercept of the virtual line's location is enabled, it overrides the line's own settings; the
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
  virtual_line_id:
    description:
      - The Webex ID of the virtual line.
      - An ID of another kind (a person's) is an error naming this option, before any request; a raw UUID is sent as it is.
      - Exactly one of O(virtual_line_id) and O(virtual_line_name) is required; an empty string is an error.
    type: str
  virtual_line_name:
    description:
      - The virtual line's first and last name separated by a space (V(Night Line)), or its extension (V(1801)),
        matched exactly against the listing of the virtual lines (C(GET /telephony/config/virtualLines)).
      - A value that matches no virtual line or several is an error listing their IDs; use O(virtual_line_id) then.
    type: str
seealso:
  - module: webex.calling.webex_virtual_line_intercept_info
  - module: webex.calling.webex_location_intercept
'''

EXAMPLES = r'''
- name: Send the support line's callers to voicemail
  webex.calling.webex_virtual_line_intercept:
    virtual_line_name: Support Line
    enabled: true
    incoming:
      type: INTERCEPT_ALL
      voicemail_enabled: true

- name: The same line, by its extension, back in service
  webex.calling.webex_virtual_line_intercept:
    virtual_line_name: "1802"
    enabled: false
'''

RETURN = r'''
virtual_line_id:
  description: The Webex ID of the virtual line (looked up when O(virtual_line_name) was given).
  returned: success
  type: str
intercept:
  description:
    - The virtual line's call intercept settings after the run, in the shape of the options, so it can be passed back.
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
    - The call intercept of the virtual line's location, which overrides the virtual line's own settings while it is enabled
      (the task then warns that the calls follow the location's intercept, not these settings).
    - Null when the virtual line has no location. Reading it costs one read of the location's intercept (and, with
      O(virtual_line_id), one lookup of the virtual line before it), made while the virtual line's settings are read, and one read
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
    argument_spec.update(virtual_line_id=dict(type='str'), virtual_line_name=dict(type='str'), org_id=dict(type='str'))
    argument_spec.update(settings_argument_spec())
    module = module_class(
        argument_spec=argument_spec,
        required_one_of=[('virtual_line_id', 'virtual_line_name')],
        mutually_exclusive=[('virtual_line_id', 'virtual_line_name')],
        supports_check_mode=True,
    )
    run_configure(module, OWNERS['virtual_line'])


if __name__ == '__main__':
    main()
