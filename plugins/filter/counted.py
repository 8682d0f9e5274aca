# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter counted: a count with the word that agrees with it ("1 person", "2 people")."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: counted
short_description: A count followed by the singular or plural word that agrees with it
version_added: 1.2.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Writes a count in words, as every message and report of the collection does, for example V(1 person),
    V(2 people), V(1 location), V(0 locations).
  - A list counts as its length.
options:
  _input:
    description:
      - The count, or a list whose length is the count.
    type: raw
    required: true
  one:
    description:
      - The word for one.
    type: str
    required: true
  many:
    description:
      - The word for any other count; O(one) followed by V(s) when not given.
    type: str
'''

EXAMPLES = r'''
- name: Say how many people changed
  ansible.builtin.debug:
    msg: "{{ changed_people | webex.calling.counted('person', 'people') }} changed"
  vars:
    changed_people: [alice@example.com]
  # msg == '1 person changed'

- name: Locations
  ansible.builtin.debug:
    msg: "{{ 3 | webex.calling.counted('location') }}"
  # msg == '3 locations'
'''

RETURN = r'''
_value:
  description: The count, a space and the word that agrees with it.
  type: str
  sample: 2 people
'''

from ansible_collections.webex.calling.plugins.module_utils._wording import counted as count_in_words
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def counted(value, one, many=None):
    """The count (a number, or a list's length) followed by the word that agrees with it."""
    return count_in_words(len(value) if isinstance(value, (list, tuple)) else int(value), one, many)


class FilterModule(object):
    """webex.calling.counted."""

    def filters(self):
        return {'counted': counted}
