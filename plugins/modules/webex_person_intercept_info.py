#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_person_intercept_info
short_description: Read the call intercept settings of one Webex Calling person or a whole organization
version_added: 1.0.0
description:
  - Reads the call intercept settings of one person, of the Webex Calling people of a location, or of every Webex
    Calling person of an organization.
  - Each entry also names its location (C(location_name)), and the result names the organization.
  - Each entry says whether the call intercept of its location, which overrides the person's own while it is
    enabled, is enabled (C(overridden_by_location)); the intercept of each location involved is read once.
  - Each entry's C(intercept) has exactly the shape of the options of M(webex.calling.webex_person_intercept), so it
    can be fed back to that module unchanged.
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.intercept_info
  - webex.calling.intercept_info.OVERRIDABLE
  - webex.calling.attributes
  - webex.calling.attributes.INFO_MODULE
options:
  person_id:
    description:
      - Read only the person with this Webex ID. An empty string is an error.
      - An ID of another kind (a workspace's) is an error naming this option, before any request; a raw UUID is sent as it is.
      - Mutually exclusive with O(person_email) and O(location_id).
    type: str
  person_email:
    description:
      - Read only the person with this email address.
      - An address that matches no person or several people is an error.
    type: str
  location_id:
    description:
      - Read only the Webex Calling people of this location.
      - A location that does not exist is an error naming it; one without Webex Calling people gives an empty list and a warning.
    type: str
seealso:
  - module: webex.calling.webex_person_intercept
'''

EXAMPLES = r'''
- name: Read one person
  webex.calling.webex_person_intercept_info:
    person_email: alice@example.com
  register: alice

- name: Read every Webex Calling person of the organization, 16 at a time
  webex.calling.webex_person_intercept_info:
    concurrency: 16
    on_read_error: report
  register: org

- name: List who is intercepted
  ansible.builtin.debug:
    msg: "{{ org.persons | selectattr('intercept.enabled', 'true') | map(attribute='email') | list }}"

- name: Copy one person's settings to another person
  webex.calling.webex_person_intercept:
    person_email: bob@example.com
    enabled: "{{ alice.persons[0].intercept.enabled }}"
    incoming: "{{ alice.persons[0].intercept.incoming }}"
    outgoing: "{{ alice.persons[0].intercept.outgoing }}"
'''

RETURN = r'''
persons:
  description: The people read, sorted by email and then ID.
  returned: success
  type: list
  elements: dict
  contains:
    person_id:
      description: The Webex ID of the person.
      type: str
      returned: always
    email:
      description: The first email address of the person.
      type: str
      returned: always
    display_name:
      description: The name Webex shows.
      type: str
      returned: always
    location_id:
      description: The Webex Calling location of the person.
      type: str
      returned: always
    location_name:
      version_added: 1.1.0
      description:
        - The name of the location, from one listing of the locations (C(GET /locations)) per run.
        - Null when the locations could not be read (for example a token without C(spark-admin:locations_read));
          the task then warns and still returns every person's settings.
      type: str
      returned: always
    greeting_file_name:
      description: The name of the custom greeting on the server, V("") if none, null if the person could not be read.
      type: str
      returned: always
    intercept:
      description:
        - The call intercept settings, in the shape of the options of M(webex.calling.webex_person_intercept).
        - Null if the person could not be read (O(on_read_error=report)).
      type: dict
      returned: always
      sample:
        enabled: false
        incoming:
          type: INTERCEPT_ALL
          voicemail_enabled: false
          announcements:
            greeting: DEFAULT
            new_number: {enabled: false, destination: ""}
            zero_transfer: {enabled: false, destination: ""}
        outgoing: {type: INTERCEPT_ALL, transfer_enabled: false, destination: ""}
    overridden_by_location:
      version_added: 1.1.0
      description:
        - Whether the call intercept of the person's location is enabled, and so overrides the person's own settings
          (the task then warns, naming the locations). Null, with a warning, when it could not be read.
      type: bool
      returned: always
    error:
      description: Why the person could not be read, null when it was.
      type: str
      returned: always
organization:
  version_added: 1.1.0
  description:
    - The organization read. C(id) is O(org_id), or the organization of the access token (C(GET /people/me)).
    - C(name) is its C(displayName) (C(GET /organizations/{orgId})).
    - Either is null, with a warning, when it could not be read; the settings are returned all the same.
  returned: success
  type: dict
  contains:
    id:
      description: The Webex ID of the organization.
      type: str
      returned: always
    name:
      description: The name of the organization.
      type: str
      returned: always
      sample: Example Inc.
api_error:
  description: What failed when a Webex API call failed for good.
  returned: when an API call failed
  type: dict
  contains:
    method:
      description: The HTTP method.
      type: str
      returned: always
      sample: GET
    path:
      description: The API path below O(api_url).
      type: str
      returned: always
      sample: /people
    status:
      description: The HTTP status; null when no answer came.
      type: int
      returned: always
      sample: 401
    message:
      description: What Webex (or the network) said.
      type: str
      returned: always
      sample: Unauthorized
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
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import run_info
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS


def main(module_class=AnsibleModule):
    """Run as a module, or in Ansible's worker by the action plugin of the same name (module_class)."""
    argument_spec = webex_argument_spec()
    argument_spec.update(
        person_id=dict(type='str'),
        person_email=dict(type='str'),
        location_id=dict(type='str'),
        org_id=dict(type='str'),
        concurrency=dict(type='int', default=8),
        on_read_error=dict(type='str', choices=['fail', 'report'], default='fail'),
        read_location_intercepts=dict(type='bool', default=True),
    )
    module = module_class(
        argument_spec=argument_spec,
        mutually_exclusive=[('person_id', 'person_email', 'location_id')],
        supports_check_mode=True,
    )
    run_info(module, OWNERS['person'])


if __name__ == '__main__':
    main()
