# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_merge: layer call intercept settings (a profile, explicit settings, per-person overrides)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_merge
short_description: Layer call intercept settings, later ones winning
version_added: 1.0.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Merges call intercept settings in the shape of the options of M(webex.calling.webex_person_intercept), for
    example a named profile, then explicit settings, then a person's overrides.
  - Dictionaries merge recursively; any other value of a later layer replaces the earlier one.
  - Null means "not set" and never replaces a value, so O(_input) can hold defaults that a layer leaves null.
options:
  _input:
    description:
      - The first layer, usually a profile. Null counts as an empty dictionary.
    type: dict
    required: true
  _overrides:
    description:
      - Further layers, each a dictionary or null, applied from left to right.
    type: list
    elements: dict
seealso:
  - plugin: webex.calling.intercept_drift
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Out of service, but callers may leave a voicemail
  ansible.builtin.set_fact:
    wanted: "{{ profile | webex.calling.intercept_merge({'incoming': {'voicemail_enabled': true}}) }}"
  vars:
    profile:
      enabled: true
      incoming:
        type: INTERCEPT_ALL
        voicemail_enabled: false
  # wanted == {'enabled': true, 'incoming': {'type': 'INTERCEPT_ALL', 'voicemail_enabled': true}}
'''

RETURN = r'''
_value:
  description: The merged settings, without null values.
  type: dict
  sample:
    enabled: true
    incoming:
      type: INTERCEPT_ALL
      voicemail_enabled: true
'''

from ansible_collections.webex.calling.plugins.module_utils._settings import merge_all
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_merge(base, *overrides):
    """The layers merged from left to right; null values are ignored."""
    return merge_all(base, *overrides)


class FilterModule(object):
    """webex.calling.intercept_merge."""

    def filters(self):
        return {'intercept_merge': intercept_merge}
