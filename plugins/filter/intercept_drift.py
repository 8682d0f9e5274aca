# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_drift: which call intercept settings of a person differ from the wanted ones (a thin adapter)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_drift
short_description: List the call intercept settings that differ from the wanted ones
version_added: 1.0.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Compares a person's current call intercept settings with the wanted ones and returns the dotted paths of the
    settings that differ, for example V(incoming.announcements.new_number.destination).
  - Only the settings that O(wanted) sets are compared; a setting left out or null in O(wanted) means
    "any value is fine". An empty list means the person is compliant.
  - Both take the shape of the options of M(webex.calling.webex_person_intercept) (the C(intercept) of each entry
    returned by M(webex.calling.webex_person_intercept_info)).
  - A missing destination and V("") are the same.
  - O(wanted) is checked as the module checks its options; an unknown key (with a suggestion), a wrong type or
    a value not among the choices is an error naming the key's path. Booleans may be strings such as V("true").
options:
  _input:
    description:
      - The current settings, as C(intercept) of an entry of C(persons) returned by
        M(webex.calling.webex_person_intercept_info), or that whole entry.
      - With a whole entry, a wanted C(incoming.announcements.greeting_file) is compared with the entry's
        C(greeting_file_name) by file name.
      - Null (a person that could not be read) differs in every setting that O(wanted) sets.
    type: raw
    required: true
  wanted:
    description:
      - The wanted settings, in the shape of the options of M(webex.calling.webex_person_intercept)
        (keys C(enabled), C(incoming), C(outgoing)).
    type: dict
    required: true
seealso:
  - plugin: webex.calling.intercept_compare
    plugin_type: filter
  - plugin: webex.calling.intercept_merge
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Read Alice's settings
  webex.calling.webex_person_intercept_info:
    person_email: alice@example.com
  register: alice

- name: Show what differs from "intercept off"
  ansible.builtin.debug:
    msg: "{{ alice.persons[0] | webex.calling.intercept_drift({'enabled': false}) }}"
  # [] when intercept is off, ['enabled'] when it is on

- name: Fail when the announced number is not the expected one
  ansible.builtin.assert:
    that: >-
      alice.persons[0].intercept | webex.calling.intercept_drift(wanted) == []
  vars:
    wanted:
      incoming:
        announcements:
          new_number: {enabled: true, destination: "+14085550123"}
'''

RETURN = r'''
_value:
  description:
    - The dotted paths of the settings that differ, in a fixed order (that of the module's options); empty when
      none differs.
    - C(incoming.announcements.greeting_file) is listed when the wanted greeting file's name is not the name of the
      greeting on the server.
  type: list
  elements: str
  sample: [enabled, incoming.announcements.new_number.destination]
'''

from ansible_collections.webex.calling.plugins.module_utils._compare import differences
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_drift(current, wanted):
    """The dotted paths of the wanted settings that differ from the current ones."""
    return [difference.setting for difference in differences(current, wanted)]


class FilterModule(object):
    """webex.calling.intercept_drift."""

    def filters(self):
        return {'intercept_drift': intercept_drift}
