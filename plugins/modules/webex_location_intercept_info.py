#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_location_intercept_info
short_description: Read the call intercept of Webex Calling locations
version_added: 1.1.0
description:
  - Reads the call intercept of one location or of every location of an organization (C(GET /locations), every
    page), concurrently, as M(webex.calling.webex_person_intercept_info) reads people.
  - A location whose intercept is enabled overrides the intercept settings of everyone there.
  - Each entry's C(intercept) includes C(incoming.announcements.file_name), the greeting of the location's
    announcement repository in use, and can be fed back to M(webex.calling.webex_location_intercept) unchanged.
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.intercept_info
  - webex.calling.attributes
  - webex.calling.attributes.INFO_MODULE
options:
  location_id:
    description:
      - Read only the location with this Webex ID (C(GET /locations/{locationId})). An empty string is an error.
      - An ID of another kind (a person's) is an error naming this option, before any request; a raw UUID is sent as it is.
      - Mutually exclusive with O(location_name).
    type: str
  location_name:
    description:
      - Read only the location with this name (exact match). A name that matches no location or several is an
        error.
    type: str
seealso:
  - module: webex.calling.webex_location_intercept
'''

EXAMPLES = r'''
- name: Which locations are closed?
  webex.calling.webex_location_intercept_info:
  register: org

- name: List them
  ansible.builtin.debug:
    msg: "{{ org.locations | selectattr('intercept.enabled', 'true') | map(attribute='display_name') | list }}"
'''

RETURN = r'''
locations:
  description: The locations read, sorted by name and then ID.
  returned: success
  type: list
  elements: dict
  contains:
    location_id:
      description: The Webex ID of the location.
      type: str
      returned: always
    display_name:
      description: The name of the location.
      type: str
      returned: always
    location_name:
      description:
        - The name of the location, from one listing of the locations (C(GET /locations)) per run.
        - Null, with a warning, when the locations could not be read.
      type: str
      returned: always
    greeting_file_name:
      description: The name of the custom greeting on the server, V("") if none, null if it could not be read.
      type: str
      returned: always
    intercept:
      description:
        - The call intercept settings, in the shape of the options of M(webex.calling.webex_location_intercept), with C(incoming.announcements.file_name).
        - Null if it could not be read (O(on_read_error=report)).
      type: dict
      returned: always
    error:
      description: Why the settings could not be read, null when they were.
      type: str
      returned: always
organization:
  description:
    - The organization read, C(id) and C(name), as in M(webex.calling.webex_person_intercept_info).
  returned: success
  type: dict
api_error:
  description:
    - What failed when a Webex API call failed for good, as in M(webex.calling.webex_person_intercept); the
      C(method), C(path), C(status) (null when no answer came), C(message), C(tracking_id) and C(attempts).
  returned: when an API call failed
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webex.calling.plugins.module_utils._client import webex_argument_spec
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import run_info
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS


def main(module_class=AnsibleModule):
    """Run as a module, or in Ansible's worker by the action plugin of the same name (module_class)."""
    argument_spec = webex_argument_spec()
    argument_spec.update(
        location_id=dict(type='str'),
        location_name=dict(type='str'),
        org_id=dict(type='str'),
        concurrency=dict(type='int', default=8),
        on_read_error=dict(type='str', choices=['fail', 'report'], default='fail'),
    )
    module = module_class(
        argument_spec=argument_spec,
        mutually_exclusive=[('location_id', 'location_name')],
        supports_check_mode=True,
    )
    run_info(module, OWNERS['location'])


if __name__ == '__main__':
    main()
