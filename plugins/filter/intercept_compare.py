# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_compare: compare many people, read in bulk, with the settings wanted for each of them."""

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
      - Each item is an email address (it contains V(@)), a Webex person ID, or a dictionary with C(email) or
        C(person_id) and optionally C(profile) (a key of O(profiles)), C(intercept) (settings) and the settings keys
        C(enabled), C(incoming), C(outgoing) themselves.
      - A person's wanted settings are the profile named by their C(profile) (or O(wanted) without one), then their
        C(intercept), then their own C(enabled), C(incoming), C(outgoing), merged as by
        P(webex.calling.intercept_merge#filter).
      - An email address that matches several people is an error; use the person ID.
    type: list
    elements: raw
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
seealso:
  - plugin: webex.calling.intercept_drift
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
'''

from ansible.errors import AnsibleFilterError
from ansible.module_utils.six import string_types

from ansible_collections.webex.calling.plugins.filter.intercept_drift import (
    check_wanted,
    differences,
    merge_all,
    settings_only,
)
from ansible_collections.webex.calling.plugins.module_utils._intercept import dotted

ON_MISSING = ('fail', 'report')


class PersonIndex(object):
    """The persons read, by ID and by email (case-insensitive)."""

    def __init__(self, persons):
        self.by_id = {}
        self.by_email = {}
        for entry in persons:
            if not isinstance(entry, dict) or 'person_id' not in entry:
                raise AnsibleFilterError('intercept_compare takes the persons returned by webex_person_intercept_info; '
                                         'an entry without person_id was given')
            self.by_id[entry['person_id']] = entry
            if entry.get('email'):
                self.by_email.setdefault(entry['email'].lower(), []).append(entry)

    def find(self, key):
        """The entry an item key (email or ID) names, None if none; an error if an email names several."""
        if key.get('person_id'):
            return self.by_id.get(key['person_id'])
        matches = self.by_email.get(key['email'].lower(), [])
        if len(matches) > 1:
            raise AnsibleFilterError('%s matches %d people (%s); give the person_id of the one meant' % (
                key['email'], len(matches), ', '.join(entry['person_id'] for entry in matches)))
        return matches[0] if matches else None


def item_key(item):
    """{'person_id': ...} or {'email': ...} from a people item; None for an empty string."""
    if isinstance(item, string_types):
        text = item.strip()
        if not text:
            return None
        return {'email': text} if '@' in text else {'person_id': text}
    if isinstance(item, dict):
        person_id = item.get('person_id')
        email = item.get('email') or item.get('person_email')
        if person_id:
            return {'person_id': person_id, 'email': email}
        if email:
            return {'email': email}
        raise AnsibleFilterError('each dictionary in people needs email or person_id; got keys %s'
                                 % ', '.join(sorted(item)) if item else 'an empty dictionary in people')
    raise AnsibleFilterError('people items are email addresses, person IDs or dictionaries, not %s'
                             % type(item).__name__)


def item_wanted(item, wanted, profiles):
    """The settings wanted for one item."""
    if not isinstance(item, dict):
        return merge_all(wanted)
    base = wanted
    profile = item.get('profile')
    if profile:
        if profile not in profiles:
            raise AnsibleFilterError('profile %r of %s is not one of the profiles: %s' % (
                profile, item.get('email') or item.get('person_id'), ', '.join(sorted(profiles)) or 'none defined'))
        base = profiles[profile]
    return merge_all(base, item.get('intercept'), settings_only(item))


def compare_entry(entry, wanted):
    """The result for one person read."""
    result = dict(person_id=entry['person_id'], email=entry.get('email'), display_name=entry.get('display_name'),
                  location_id=entry.get('location_id'), wanted=wanted, current=entry.get('intercept'),
                  greeting_file_name=entry.get('greeting_file_name'), found=True, drift=[], details=[],
                  error=entry.get('error'))
    if entry.get('intercept') is None:
        result['error'] = result['error'] or 'the settings of this person were not read'
        return result
    for option, expected, actual in differences(entry, wanted):
        result['drift'].append(dotted(option))
        result['details'].append(dict(field=dotted(option), expected=expected, actual=actual))
    return result


def missing_entry(key, wanted):
    return dict(person_id=key.get('person_id'), email=key.get('email'), display_name=None, location_id=None,
                wanted=wanted, current=None, greeting_file_name=None, found=False, drift=[], details=[],
                error='matches no Webex Calling person among those read')


def intercept_compare(persons, wanted=None, people=None, profiles=None, overrides=None, on_missing='fail'):
    """For each person selected, the settings wanted and the paths that differ."""
    if on_missing not in ON_MISSING:
        raise AnsibleFilterError('on_missing must be one of %s, not %r' % (', '.join(ON_MISSING), on_missing))
    if not isinstance(persons, list):
        raise AnsibleFilterError('intercept_compare takes the list of persons returned by webex_person_intercept_info')
    wanted = merge_all(check_wanted(wanted))
    profiles = profiles or {}
    index = PersonIndex(persons)
    special = {}
    for item in overrides or []:
        key = item_key(item)
        entry = index.find(key) if key else None
        if entry is not None:
            special[entry['person_id']] = item_wanted(item, wanted, profiles)
    if not people:
        return [compare_entry(entry, special.get(entry['person_id'], wanted)) for entry in persons]
    results = []
    seen = {}
    missing = []
    for item in people:
        key = item_key(item)
        if key is None:
            continue
        entry = index.find(key)
        person_wanted = item_wanted(item, special.get(entry['person_id'], wanted) if entry else wanted, profiles)
        if entry is None:
            missing.append(key.get('email') or key.get('person_id'))
            results.append(missing_entry(key, person_wanted))
            continue
        if entry['person_id'] in seen:
            if seen[entry['person_id']] != person_wanted:
                raise AnsibleFilterError('%s is listed twice with different settings; list each person once'
                                         % (entry.get('email') or entry['person_id']))
            continue
        seen[entry['person_id']] = person_wanted
        results.append(compare_entry(entry, person_wanted))
    if missing and on_missing == 'fail':
        raise AnsibleFilterError('%d of the people listed match no Webex Calling person among those read: %s' % (
            len(missing), ', '.join(missing)))
    return results


class FilterModule(object):
    """webex.calling.intercept_compare."""

    def filters(self):
        return {'intercept_compare': intercept_compare}
