# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_drift: which call intercept settings of a person differ from the wanted ones.

The comparison logic here is shared by the intercept_merge and intercept_compare filters.
"""

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
  - A missing destination and V("") are the same. Unknown keys are ignored.
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

import os

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible.module_utils.common.validation import check_type_bool
from ansible.module_utils.six import string_types

from ansible_collections.webex.calling.plugins.module_utils._intercept import (
    DESTINATIONS,
    FILE_NAME,
    GREETING_FILE,
    LEAVES,
    dotted,
    get_path,
)

SETTINGS_KEYS = ('enabled', 'incoming', 'outgoing')
GREETING = ('incoming', 'announcements', 'greeting')
BOOLEAN_LEAVES = tuple(option for option, dummy in LEAVES if option[-1].endswith('enabled'))


def is_entry(value):
    """Whether value is an entry of the info module's persons (rather than bare settings)."""
    return isinstance(value, dict) and 'person_id' in value and 'intercept' in value


def current_of(value):
    """(settings, greeting file name) of bare settings or of an info entry."""
    if value is None:
        return None, None
    if is_entry(value):
        return value['intercept'], value.get('greeting_file_name')
    if not isinstance(value, dict):
        raise AnsibleFilterError('intercept settings must be a dictionary (the intercept of an entry of '
                                 'webex_person_intercept_info persons), not %s' % type(value).__name__)
    return value, get_path(value, FILE_NAME)


def wanted_value(option, value):
    """A wanted leaf made comparable: booleans given as strings (from surveys) become booleans."""
    if option in BOOLEAN_LEAVES and isinstance(value, string_types):
        try:
            return check_type_bool(value)
        except TypeError:
            raise AnsibleFilterError('%s must be a boolean, not %r' % (dotted(option), value))
    return value


def check_wanted(wanted):
    if wanted is None:
        return {}
    if not isinstance(wanted, dict):
        raise AnsibleFilterError('wanted intercept settings must be a dictionary with keys enabled, incoming, '
                                 'outgoing, not %s' % type(wanted).__name__)
    return wanted


def differences(current, wanted):
    """[(option path, wanted value, current value)] of every wanted setting that differs, in LEAVES order."""
    wanted = check_wanted(wanted)
    settings, file_name = current_of(current)
    found = []
    for option, dummy in LEAVES:
        value = get_path(wanted, option)
        if value is not None:
            value = wanted_value(option, value)
            actual = get_path(settings, option) if settings is not None else None
            if option in DESTINATIONS and settings is not None:
                actual = actual or ''
            if settings is None or actual != value:
                found.append((option, value, actual))
        if option == GREETING:
            found.extend(greeting_file_difference(wanted, settings, file_name))
    return found


def greeting_file_difference(wanted, settings, file_name):
    path = get_path(wanted, GREETING_FILE)
    if not path:
        return []
    name = os.path.basename(path)
    if settings is None or name != (file_name or ''):
        return [(GREETING_FILE, name, file_name if settings is not None else None)]
    return []


def intercept_drift(current, wanted):
    """The dotted paths of the wanted settings that differ from the current ones."""
    return [dotted(option) for option, dummy, dummy2 in differences(current, wanted)]


def clean(value):
    """A deep copy of settings without null values (null means "not set")."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if item is None:
                continue
            result[key] = clean(item)
        return result
    if is_sequence(value):
        return [clean(item) for item in value]
    return value


def merge(base, override):
    """Merge override into base in place: dictionaries recursively, other values replaced; null is ignored."""
    for key, value in override.items():
        if value is None:
            continue
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = clean(value)
    return base


def merge_all(*layers):
    """Settings layered left to right; each layer must be a dictionary or null."""
    result = {}
    for index, layer in enumerate(layers):
        if layer is None:
            continue
        if not isinstance(layer, dict):
            raise AnsibleFilterError('intercept settings to merge must be dictionaries; argument %d is %s'
                                     % (index + 1, type(layer).__name__))
        merge(result, layer)
    return result


def settings_only(value):
    """The enabled/incoming/outgoing keys of a dictionary."""
    return dict((key, value[key]) for key in SETTINGS_KEYS if key in value)


class FilterModule(object):
    """webex.calling.intercept_drift."""

    def filters(self):
        return {'intercept_drift': intercept_drift}
