# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_list: a list from a list or from one survey string (a thin adapter)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_list
short_description: A list from a list, or from one string separated by commas, semicolons, spaces or new lines
version_added: 1.2.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - For playbook variables that AWX surveys and C(-e) give as one string (C(html,junit), C(person workspace), a
    multiple-choice answer with one choice per line), and that roles take as a list.
  - A list is returned as it is; null and an empty string are an empty list; anything else is an error naming
    O(name).
options:
  _input:
    description: The value, a list or one string.
    type: raw
    required: true
  name:
    description: The name of the variable, for error messages.
    type: str
    default: the value
'''

EXAMPLES = r'''
- name: Audit the kinds a survey lists
  ansible.builtin.include_role:
    name: webex.calling.intercept_audit
  vars:
    intercept_audit_kinds: "{{ kinds | default('person, workspace') | webex.calling.intercept_list(name='kinds') }}"
'''

RETURN = r'''
_value:
  description: The items, in order, without empty ones.
  type: list
  elements: raw
'''

from ansible_collections.webex.calling.plugins.module_utils._compare import split_list
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_list(value, name='the value'):
    """A list from a list or one string."""
    return split_list(value, name)


class FilterModule(object):
    """webex.calling.intercept_list."""

    def filters(self):
        return {'intercept_list': intercept_list}
