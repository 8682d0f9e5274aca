# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_compare: compare many people, read in bulk, with the settings wanted for each (a thin adapter)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_compare
short_description: Compare people read in bulk with the call intercept settings wanted for each
version_added: 1.0.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Takes the C(persons) returned by M(webex.calling.webex_person_intercept_info) and works out, for each person,
    the settings wanted for them and which of those differ (see P(webex.calling.intercept_drift#filter)).
  - Used by the roles C(webex.calling.intercept), C(webex.calling.intercept_audit) and
    C(webex.calling.intercept_restore), so that one bulk read decides which people need a change.
  - Every settings tree (O(wanted), each profile, each item of O(people) and O(overrides)) is checked as the module
    checks its options, before anything is compared; an error names the path of the bad key and the fix.
  - P(webex.calling.intercept_plan#filter) returns the same entries with a summary.
options:
  _input:
    description:
      - The C(persons) returned by M(webex.calling.webex_person_intercept_info).
    type: list
    elements: dict
    required: true
  wanted:
    description:
      - The settings wanted for everyone, in the shape of the options of M(webex.calling.webex_person_intercept).
      - Only the settings given are compared.
    type: dict
  people:
    description:
      - Compare only these people, in this order. Null or empty compares every person of O(_input).
      - A list, or one string of email addresses or person IDs separated by commas, spaces or new lines.
      - Each item is an email address (it contains V(@)), a Webex person ID, or a dictionary with C(email) or
        C(person_id) and optionally C(profile) (a key of O(profiles)), C(intercept) (settings) and the settings keys
        C(enabled), C(incoming), C(outgoing) themselves.
      - A person's wanted settings are the profile named by their C(profile) (or O(wanted) without one), then their
        C(intercept), then their own C(enabled), C(incoming), C(outgoing), merged as by
        P(webex.calling.intercept_merge#filter).
      - An email address that matches several people is an error; use the person ID.
    type: raw
  profiles:
    description:
      - Named settings that items of O(people) and O(overrides) refer to with C(profile).
    type: dict
  overrides:
    description:
      - Items like those of O(people) that change what is wanted for the people they match without selecting
        anyone, for example the known exceptions of an audit. Items that match no one are ignored.
    type: list
    elements: raw
  on_missing:
    description:
      - What to do with an item of O(people) that matches no person of O(_input).
      - V(fail) raises an error naming every such item.
      - V(report) returns an entry with C(error) set for it.
    type: str
    choices: [fail, report]
    default: fail
  profile:
    description:
      - The name of a profile of O(profiles) that everyone without a profile of their own gets, under O(wanted).
    type: str
  labels:
    description:
      - The names your playbook gives to O(wanted), O(people), O(profiles), O(overrides) and O(profile), used in
        error messages. For example, with the key C(people) set to V(intercept_people), a bad type of the fourth
        person is named C(intercept_people[3].incoming.type).
    type: dict
seealso:
  - plugin: webex.calling.intercept_drift
    plugin_type: filter
  - plugin: webex.calling.intercept_plan
    plugin_type: filter
  - module: webex.calling.webex_person_intercept_info
'''

EXAMPLES = r'''
- name: Read every Webex Calling person
  webex.calling.webex_person_intercept_info:
  register: org

- name: Who does not have intercept off, except the receptionist who is out of office?
  ansible.builtin.debug:
    msg: "{{ results | selectattr('drift') | map(attribute='email') | list }}"
  vars:
    results: >-
      {{ org.persons | webex.calling.intercept_compare({'enabled': false},
         overrides=[{'email': 'reception@example.com', 'enabled': true}]) }}

- name: Take two people out of service, one of them with a different new number
  webex.calling.webex_person_intercept:
    person_id: "{{ item.person_id }}"
    enabled: "{{ item.wanted.enabled | default(omit) }}"
    incoming: "{{ item.wanted.incoming | default(omit) }}"
    outgoing: "{{ item.wanted.outgoing | default(omit) }}"
  loop: "{{ org.persons | webex.calling.intercept_compare(wanted, people=people) | selectattr('drift') }}"
  loop_control:
    label: "{{ item.email }}"
  vars:
    wanted:
      enabled: true
      incoming: {type: INTERCEPT_ALL, announcements: {new_number: {enabled: true, destination: "+14085550100"}}}
    people:
      - alice@example.com
      - email: bob@example.com
        incoming: {announcements: {new_number: {destination: "+14085550111"}}}
'''

RETURN = r'''
_value:
  description: One entry per person compared, in the order of O(people), else of O(_input).
  type: list
  elements: dict
  contains:
    person_id:
      description: The Webex ID of the person (as given, for an item that matched no one).
      type: str
    email:
      description: The email address of the person (as given, for an item that matched no one).
      type: str
    display_name:
      description: The name Webex shows.
      type: str
    location_id:
      description: The Webex Calling location of the person.
      type: str
    location_name:
      description: The name of that location.
      type: str
    wanted:
      description: The settings wanted for this person.
      type: dict
    current:
      description: The person's current settings (C(intercept) of the info entry), null if unread or not found.
      type: dict
    greeting_file_name:
      description: The name of the custom greeting on the server.
      type: str
    found:
      description: Whether the person was among those read; false for an item of O(people) that matched no one.
      type: bool
    drift:
      description: The dotted paths of the wanted settings that differ; empty when the person is compliant.
      type: list
      elements: str
      sample: [enabled, incoming.announcements.new_number.destination]
    details:
      description: For each path of C(drift), the field, the C(expected) and the C(actual) value.
      type: list
      elements: dict
      sample:
        - {field: enabled, expected: false, actual: true}
    error:
      description: Why the person could not be compared (not read, or not found), null otherwise.
      type: str
    kind:
      description: V(person).
      type: str
      version_added: 1.1.0
    overridden_by_location:
      description:
        - Whether the call intercept of the person's location is enabled and so overrides the person's own settings,
          as the info module says (null when it could not be read; false for an entry without it).
      type: bool
      version_added: 1.1.0
'''

from ansible_collections.webex.calling.plugins.module_utils._compare import Request, compare
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_compare(persons, wanted=None, people=None, profiles=None, overrides=None, on_missing='fail',
                      profile=None, labels=None):
    """For each person selected, the settings wanted and the paths that differ."""
    return compare(persons, Request(wanted, people, profiles, overrides, profile, labels), on_missing)


class FilterModule(object):
    """webex.calling.intercept_compare."""

    def filters(self):
        return {'intercept_compare': intercept_compare}
