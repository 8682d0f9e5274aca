# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_plan: who to change, who is compliant, unreadable or missing, from one bulk read (a thin adapter)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_plan
short_description: Plan a change or an audit of many people from one bulk read, with its summary
version_added: 1.1.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Compares the C(persons) returned by M(webex.calling.webex_person_intercept_info) with the settings wanted for
    each, exactly as P(webex.calling.intercept_compare#filter) does (same options, same checks), and returns the
    entries grouped and counted, so that playbooks and roles need no counting of their own.
  - Every settings tree is checked before anything is compared; an error names the path of the bad key and the fix.
options:
  _input:
    description:
      - The C(persons) returned by M(webex.calling.webex_person_intercept_info), or the list of another kind of target
        (see O(kind)).
    type: list
    elements: dict
    required: true
  wanted:
    description: The settings wanted for everyone, in the shape of the options of M(webex.calling.webex_person_intercept).
    type: dict
  people:
    description:
      - Plan only for these people (a list, or one string separated by commas, spaces or new lines); null or empty
        plans for every person of O(_input). Items as for P(webex.calling.intercept_compare#filter).
    type: raw
  profiles:
    description: Named settings that items refer to with C(profile).
    type: dict
  overrides:
    description: Items that change what is wanted for the people they match without selecting anyone.
    type: list
    elements: raw
  profile:
    description: The profile of O(profiles) that everyone without a profile of their own gets, under O(wanted).
    type: str
  on_missing:
    description: V(fail) raises an error for items of O(people) that match no one; V(report) lists them in C(missing).
    type: str
    choices: [fail, report]
    default: fail
  labels:
    description: The names your playbook gives to the options, used in error messages.
    type: dict
  kind:
    description:
      - The kind of target of O(_input), the list an info module returns - V(person) (C(persons) of
        M(webex.calling.webex_person_intercept_info)), V(workspace) (C(workspaces) of
        M(webex.calling.webex_workspace_intercept_info)) or V(virtual_line) (C(virtual_lines) of
        M(webex.calling.webex_virtual_line_intercept_info)).
      - Items of O(people) and O(overrides) that name another kind are left out; when O(people) lists targets, only
        those of this kind are planned.
    type: str
    choices: [person, workspace, virtual_line]
    default: person
  locations:
    description:
      - The locations' own intercepts, as M(webex.calling.webex_location_intercept_info) returns them
        (C(locations)), read once for every kind; each entry's C(overridden_by_location) is then set from its
        location's (true while it is enabled, null when it could not be read or is not among them), for entries read
        with C(read_location_intercepts=false).
    type: list
    elements: dict
    version_added: 1.2.0
  kinds:
    description:
      - The kinds of target items of O(people) and O(overrides) may name besides people, as for
        P(webex.calling.intercept_targets#filter), so that one list serves the plans of every kind.
    type: list
    elements: str
    choices: [person, workspace, virtual_line]
    default: [person]
seealso:
  - plugin: webex.calling.intercept_compare
    plugin_type: filter
  - plugin: webex.calling.intercept_targets
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Read everyone
  webex.calling.webex_person_intercept_info:
  register: org

- name: Who has intercept on, and which settings drift how often?
  ansible.builtin.debug:
    msg: "{{ plan.counts }} {{ plan.by_setting }} {{ plan.drifted | map(attribute='email') }}"
  vars:
    plan: "{{ org.persons | webex.calling.intercept_plan({'enabled': false}) }}"
'''

RETURN = r'''
_value:
  description: The plan and its summary.
  type: dict
  contains:
    people:
      description:
        - One entry per target compared, as returned by P(webex.calling.intercept_compare#filter), with C(kind) (the
          O(kind)) and C(overridden_by_location) (from the info entry); the target's ID is under C(person_id),
          C(workspace_id) or C(virtual_line_id).
      type: list
      elements: dict
    to_apply:
      description: The entries of people found whose settings differ or could not be read in bulk.
      type: list
      elements: dict
    compliant:
      description: The entries of people whose wanted settings all match.
      type: list
      elements: dict
    drifted:
      description: The entries of people with at least one setting that differs.
      type: list
      elements: dict
    unreadable:
      description: The entries of people found whose settings could not be read.
      type: list
      elements: dict
    missing:
      description: The entries of items of O(people) that match no one (with O(on_missing=report)).
      type: list
      elements: dict
    counts:
      description: The number of entries of each group above.
      type: dict
      sample: {people: 3, to_apply: 1, compliant: 2, drifted: 1, unreadable: 0, missing: 0}
    by_setting:
      description: For each dotted setting that differs, how many people differ in it.
      type: dict
      sample: {enabled: 1}
'''

from ansible_collections.webex.calling.plugins.module_utils._compare import (
    Request, compare, kinds_of, summarize, with_location_overrides)
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_plan(entries, wanted=None, people=None, profiles=None, overrides=None, profile=None, on_missing='fail',
                   labels=None, kind='person', kinds=None, locations=None):
    """The comparison of every target selected, grouped and counted."""
    kind = kinds_of([kind], 'kind')[-1]
    request = Request(wanted, people, profiles, overrides, profile, labels, kinds=[kind.name] + list(kinds or []))
    if locations is not None:
        entries = with_location_overrides(entries, locations)
    return summarize(compare(entries, request, on_missing, kind))


class FilterModule(object):
    """webex.calling.intercept_plan."""

    def filters(self):
        return {'intercept_plan': intercept_plan}
