# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_audit_check: everything an audit is given, checked before any request (a thin adapter)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_audit_check
short_description: Check the baseline, the targets and the report options of an audit before any request
version_added: 1.2.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Checks what the role C(webex.calling.intercept_audit) is given before its first request, with the checks the
    report makes after the reads (P(webex.calling.intercept_audit_report#filter)) and those of
    P(webex.calling.intercept_targets#filter) for the baseline, the exceptions and the people.
  - A baseline that asserts nothing (C({}), or only null values) is refused, since every target would comply with
    it; so are a report name that is not a plain file name (C(../x), C(a/b), an absolute path, an empty name), a
    minimum compliance outside 0 to 100, an unknown format or kind, an empty list of kinds and a concurrency
    outside 1 to 64.
options:
  _input:
    description: The baseline, the settings expected of everyone.
    type: dict
    required: true
  exceptions:
    description: Targets expected to differ from the baseline, with their own settings.
    type: list
    elements: raw
  people:
    description: The targets audited (a list, or one string separated by commas, spaces or new lines); empty for all.
    type: raw
  kinds:
    description: The kinds audited, V(person), V(workspace), V(virtual_line); a list or one string.
    type: raw
  formats:
    description: The report formats; a list or one string.
    type: raw
  report_name:
    description: The name of the report files, without extension; a plain file name.
    type: str
    default: intercept-audit
  history_keep:
    description: How many dated results are kept, 0 to 10000.
    type: int
    default: 30
  min_compliance:
    description: The minimum compliance percentage, 0 to 100.
    type: float
    default: 0
  concurrency:
    description: Targets read at the same time, 1 to 64.
    type: int
    default: 8
  labels:
    description: The names error messages give the inputs (C(wanted), C(overrides), C(people), C(kinds),
      C(formats), C(concurrency)).
    type: dict
seealso:
  - plugin: webex.calling.intercept_audit_report
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Refuse a baseline that asserts nothing before any read
  ansible.builtin.set_fact:
    checked: "{{ {'enabled': false} | webex.calling.intercept_audit_check(report_name='weekly', formats='html,junit') }}"
'''

RETURN = r'''
_value:
  description:
    - What P(webex.calling.intercept_targets#filter) returns for the people and exceptions, with C(audit_kinds) (the
      kinds read, a list) and C(formats) (a list).
  type: dict
'''

from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_audit_check(baseline, exceptions=None, people=None, kinds=None, formats=None,
                          report_name='intercept-audit', history_keep=30, min_compliance=0, concurrency=8, labels=None):
    """The audit's inputs checked, and what to read."""
    from ansible_collections.webex.calling.plugins.module_utils._audit.inputs import check_audit  # on use: see engine_filter
    return check_audit(baseline, exceptions, people, kinds, formats, report_name, history_keep, min_compliance,
                       concurrency, labels)


class FilterModule(object):
    """webex.calling.intercept_audit_check."""

    def filters(self):
        return {'intercept_audit_check': intercept_audit_check}
