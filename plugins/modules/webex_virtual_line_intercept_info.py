#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_virtual_line_intercept_info
short_description: Read the call intercept settings of Webex Calling virtual lines
version_added: 1.1.0
description:
  - Reads the call intercept settings of one virtual line, of the virtual lines of a location, or of every virtual
    line of an organization (C(GET /telephony/config/virtualLines), every page), concurrently, as
    M(webex.calling.webex_person_intercept_info) reads people.
  - Each entry says whether the call intercept of its location, which overrides the line's own while it is enabled,
    is enabled (C(overridden_by_location)); the intercept of each location involved is read once.
  - Each entry's C(intercept) can be fed back to M(webex.calling.webex_virtual_line_intercept) unchanged.
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.intercept_info
  - webex.calling.intercept_info.OVERRIDABLE
  - webex.calling.attributes
  - webex.calling.attributes.INFO_MODULE
options:
  virtual_line_id:
    description:
      - Read only the virtual line with this Webex ID. An empty string is an error.
      - An ID of another kind (a person's) is an error naming this option, before any request; a raw UUID is sent as it is.
      - Mutually exclusive with O(virtual_line_name) and O(location_id).
    type: str
  virtual_line_name:
    description:
      - Read only the virtual line with this first and last name (V(Night Line)) or extension. A value that matches
        no virtual line or several is an error.
    type: str
  location_id:
    description:
      - Read only the virtual lines of this location.
      - A location that does not exist is an error naming it; one without virtual lines gives an empty list and a warning.
    type: str
seealso:
  - module: webex.calling.webex_virtual_line_intercept
'''

EXAMPLES = r'''
- name: Read the virtual lines of one location
  webex.calling.webex_virtual_line_intercept_info:
    location_id: "{{ location_id }}"
  register: site
'''

RETURN = r'''
virtual_lines:
  description: The virtual lines read, sorted by name and then ID.
  returned: success
  type: list
  elements: dict
  contains:
    virtual_line_id:
      description: The Webex ID of the virtual line.
      type: str
      returned: always
    display_name:
      description: The first and last name of the virtual line.
      type: str
      returned: always
    extension:
      description: Its extension, null if it has none.
      type: str
      returned: always
    location_id:
      description: The location of the virtual line.
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
    overridden_by_location:
      description:
        - Whether the call intercept of the virtual line's location is enabled, and so overrides its own settings (the task
          then warns, naming the locations). Null, with a warning, when it could not be read.
      type: bool
      returned: always
    intercept:
      description:
        - The call intercept settings, in the shape of the options of M(webex.calling.webex_virtual_line_intercept).
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
        virtual_line_id=dict(type='str'),
        virtual_line_name=dict(type='str'),
        location_id=dict(type='str'),
        org_id=dict(type='str'),
        concurrency=dict(type='int', default=8),
        on_read_error=dict(type='str', choices=['fail', 'report'], default='fail'),
        read_location_intercepts=dict(type='bool', default=True),
    )
    module = module_class(
        argument_spec=argument_spec,
        mutually_exclusive=[('virtual_line_id', 'virtual_line_name', 'location_id')],
        supports_check_mode=True,
    )
    run_info(module, OWNERS['virtual_line'])


if __name__ == '__main__':
    main()
