# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_result: what a run of webex_intercepts (and of webex_location_intercept) changed, in one result."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_result
short_description: Who changed and who was already compliant, from the results of the bulk and location tasks
version_added: 1.2.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Builds the result the C(webex.calling.intercept) role sets as C(intercept_result) from the registered result of
    one M(webex.calling.webex_intercepts) task and of a loop of M(webex.calling.webex_location_intercept) tasks, for
    the targets that P(webex.calling.intercept_targets#filter) checked. It returns the counts, the targets that
    changed (or would change in check mode) and those already compliant, and one sentence that says it.
options:
  _input:
    description:
      - The registered result of M(webex.calling.webex_intercepts) (a skipped task's result counts as nobody).
    type: dict
    required: true
  located:
    description:
      - The registered result of the loop of M(webex.calling.webex_location_intercept) over the C(locations) of
        P(webex.calling.intercept_targets#filter) (each item's C(label) names the location); an empty dictionary
        when there was none.
    type: dict
    required: true
  targets:
    description:
      - What P(webex.calling.intercept_targets#filter) returned for the run.
    type: dict
    required: true
  site:
    description:
      - Whether everyone of a location was a target (the sentence then speaks of people, workspaces and virtual lines).
    type: bool
    default: false
  check_mode:
    description:
      - Whether the run was in check mode (the sentence then says V(would change)).
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Say what changed
  ansible.builtin.debug:
    msg: "{{ (applied | webex.calling.intercept_result(located, targets, check_mode=ansible_check_mode)).message }}"
  # msg == '2 people, 1 already compliant, 1 changed: alice@example.com'
'''

RETURN = r'''
_value:
  description: The run's result.
  type: dict
  contains:
    people:
      description: How many people, workspaces and virtual lines the bulk task covered.
      type: int
    changed:
      description: The targets (then the locations) that changed, or would change in check mode.
      type: list
      elements: str
    compliant:
      description: The targets already compliant.
      type: list
      elements: str
    locations:
      description: How many locations' own intercepts were covered.
      type: int
    message:
      description: One sentence that says all of it.
      type: str
      sample: "2 people, 1 already compliant, 1 changed: alice@example.com"
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.webex.calling.plugins.module_utils._outcome import intercept_result as result_of_run
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter, plain


@engine_filter(lazy=('applied', 'located', 'targets'))
def intercept_result(applied, located, targets, site=False, check_mode=False):
    """The intercept role's result: counts, who changed, who was compliant, and the sentence.

    Only the keys used are read from the registered results (a whole-organization result is large, and every value
    read from one is templated), and made plain here.
    """
    try:
        entries = [[plain(entry['target']), bool(entry.get('changed'))] for entry in applied.get('intercepts') or []]
        total = plain((applied.get('counts') or {}).get('total', len(entries)))
        locations = [[plain(result[result.get('ansible_loop_var', 'item')]['label']), bool(result.get('changed'))]
                     for result in (located or {}).get('results') or []]
        people_only = not site and targets['count'] == len(targets['people']) + len(targets['locations'])
    except (AttributeError, KeyError, TypeError) as exc:
        raise AnsibleFilterError('intercept_result needs the registered results of webex_intercepts and '
                                 'webex_location_intercept and what intercept_targets returned: %s' % exc)
    return result_of_run(entries, locations, people_only, check_mode, total)


class FilterModule(object):
    """webex.calling.intercept_result."""

    def filters(self):
        return {'intercept_result': intercept_result}
