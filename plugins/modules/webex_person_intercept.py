#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_person_intercept
short_description: Manage the call intercept settings of a Webex Calling person
version_added: 1.0.0
description:
  - Takes a person's phone out of service gracefully, or puts it back, by managing the person's Webex Calling
    call intercept settings.
  - Partial and declarative; an option left out means "leave this setting as it is". The module reads the current
    settings and, when they differ, changes only the settings that differ, so nothing it was not asked to change is
    overwritten.
  - The output RV(intercept) of this module, and each C(intercept) returned by M(webex.calling.webex_person_intercept_info),
    can be passed back to this module unchanged.
  - While the call intercept of the person's location is enabled, it overrides the person's own settings; the task
    then warns and says so in RV(location_intercept).
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
  person_id:
    description:
      - The Webex ID of the person.
      - An ID of another kind (a workspace's) is an error naming this option, before any request; a raw UUID is sent as it is.
      - Exactly one of O(person_id) and O(person_email) is required; an empty string is an error.
    type: str
  person_email:
    description:
      - The email address of the person, looked up with C(GET /people?email=).
      - An address that matches no person or several people is an error.
    type: str
seealso:
  - module: webex.calling.webex_person_intercept_info
  - name: Webex API reference, Configure Call Intercept Settings for a Person
    description: The API this module calls.
    link: https://developer.webex.com/docs/api/v1/user-call-settings/configure-call-intercept-settings-for-a-person
'''

EXAMPLES = r'''
- name: Take a person out of service, announcing the new number and letting callers press 0 for reception
  webex.calling.webex_person_intercept:
    person_email: alice@example.com
    enabled: true
    incoming:
      type: INTERCEPT_ALL
      voicemail_enabled: false
      announcements:
        greeting: DEFAULT
        new_number:
          enabled: true
          destination: "+14085550123"
        zero_transfer:
          enabled: true
          destination: "4100"
    outgoing:
      type: INTERCEPT_ALL

- name: Put the person back in service, leaving the announcements in place for next time
  webex.calling.webex_person_intercept:
    person_email: alice@example.com
    enabled: false

- name: Use a custom greeting (uploaded only when it is not on the server already)
  webex.calling.webex_person_intercept:
    person_id: "{{ person_id }}"
    enabled: true
    incoming:
      announcements:
        greeting: CUSTOM
        greeting_file: files/out-of-service.wav

- name: Set the credentials once for every module of the collection
  module_defaults:
    group/webex.calling.webex:
      access_token: "{{ webex_access_token }}"
  block:
    - name: Turn intercept off
      webex.calling.webex_person_intercept:
        person_email: bob@example.com
        enabled: false
'''

RETURN = r'''
person_id:
  description: The Webex ID of the person (looked up when O(person_email) was given).
  returned: success
  type: str
  sample: Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI
intercept:
  description:
    - The person's call intercept settings after the run, in the shape of the options, so it can be passed back.
    - In check mode, the settings a real run would leave.
    - C(incoming.announcements.file_name) is the name of the custom greeting on the server (V("") if none); it is not
      an option.
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
  version_added: 1.1.0
  description:
    - The call intercept of the person's location, which overrides the person's own settings while it is enabled
      (the task then warns that the person's calls follow the location's intercept, not these settings).
    - Null when the person has no location. Reading it costs one read of the location's intercept (and, with
      O(person_id), one lookup of the person before it), made while the person's settings are read, and one read
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
  sample: {enabled: true, location_id: Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzMxMTYx, location_name: Headquarters, error: null}
api_error:
  description:
    - What failed when a Webex API call failed for good.
    - When the greeting was uploaded and the settings change that followed failed, the task fails with
      C(changed=true), says that the new greeting is live, and RV(intercept) holds what the server now has.
  returned: when an API call failed
  type: dict
  contains:
    method:
      description: The HTTP method.
      type: str
      returned: always
      sample: PUT
    path:
      description: The API path below O(api_url).
      type: str
      returned: always
      sample: /people/Y2lz.../features/intercept
    status:
      description: The HTTP status; null when no answer came.
      type: int
      returned: always
      sample: 403
    message:
      description: What Webex (or the network) said.
      type: str
      returned: always
      sample: Forbidden
    tracking_id:
      description: The Webex tracking ID to give Webex support.
      type: str
      returned: always
      sample: WEBEX-CALLING-ANSIBLE_0f9b1c7e-9d43-4c53-bd35-4f4a3f1f8e1a
    attempts:
      description: How many times the request was sent.
      type: int
      returned: always
      sample: 1
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webex.calling.plugins.module_utils._client import webex_argument_spec
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import run_configure
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS
from ansible_collections.webex.calling.plugins.module_utils._settings import argument_spec as settings_argument_spec


def main(module_class=AnsibleModule):
    """Run as a module, or in Ansible's worker by the action plugin of the same name (module_class)."""
    argument_spec = webex_argument_spec()
    argument_spec.update(person_id=dict(type='str'), person_email=dict(type='str'), org_id=dict(type='str'))
    argument_spec.update(settings_argument_spec())
    module = module_class(
        argument_spec=argument_spec,
        required_one_of=[('person_id', 'person_email')],
        mutually_exclusive=[('person_id', 'person_email')],
        supports_check_mode=True,
    )
    run_configure(module, OWNERS['person'])


if __name__ == '__main__':
    main()
