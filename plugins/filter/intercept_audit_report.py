# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_audit_report: the compliance report model of an audit (plugins/module_utils/_audit/model.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_audit_report
short_description: Build the call intercept compliance report of an audit
version_added: 1.1.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Turns the plans of P(webex.calling.intercept_plan#filter) (the settings engine's comparison of a bulk read with
    the baseline, one plan per kind of target) into the compliance report of the role C(webex.calling.intercept_audit)
    - status, compliance percentage, drift by setting and by location, who drifts, who is overridden by the call
    intercept of their location (a status of its own, never compliant), exceptions checked (met, not met, stale), the
    trend over earlier audits, the gate and the files to write.
  - The result is the role's C(intercept_audit_result) and its JSON report; its schema (C(schema_version) 1) is
    documented in the role's README. P(webex.calling.intercept_audit_render#filter) writes it in each format.
  - Checks the baseline, the exceptions and the people as P(webex.calling.intercept_targets#filter) does (the same
    check as the module's options), naming the key path, for example C(intercept_audit_baseline.enable), and the fix.
options:
  _input:
    description:
      - The plan of P(webex.calling.intercept_plan#filter) (with O(webex.calling.intercept_plan#filter:on_missing=report)
        there), made with the same baseline, exceptions (as its O(webex.calling.intercept_plan#filter:overrides))
        and people, or a list of such plans, one per kind of target (people, workspaces, virtual lines).
    type: raw
    required: true
  baseline:
    description: The settings expected of everyone (the shape of the options of M(webex.calling.webex_person_intercept)).
    type: dict
  exceptions:
    description:
      - Targets expected to differ, with their own settings - C(email) or C(person_id), C(workspace_id) or
        C(workspace_name), C(virtual_line_id) or C(virtual_line_name).
    type: list
    elements: raw
  kinds:
    description:
      - The kinds of target read (V(person), V(workspace), V(virtual_line)). Defaults to people and the kinds of the
        planned targets. An exception for a kind not read is reported outside the audit's scope, not stale.
    type: list
    elements: str
  organization:
    description: The organization audited, C({id, name}), when the info module returns it.
    type: dict
  org_id:
    description: The organization ID asked for (partner administrators); null for the token's organization.
    type: str
  location_id:
    description: The location audited, when the audit is limited to one.
    type: str
  people:
    description: The people listed, when the audit is limited to a list (a list, or one string separated by commas,
      spaces or new lines).
    type: raw
  generated:
    description: The time of the audit, UTC, like V(2026-11-24T10:15:00Z).
    type: str
    required: true
  history:
    description: Earlier results, as returned by P(webex.calling.intercept_audit_history#lookup).
    type: list
    elements: dict
  history_keep:
    description: How many results (this one included) the report directory keeps; V(0) keeps none.
    type: int
    default: 30
  report_dir:
    description: The directory of the reports.
    type: str
  report_name:
    description: The name of the report files, without extension.
    type: str
    default: intercept-audit
  formats:
    description: The report formats to write.
    type: list
    elements: str
    choices: [markdown, html, json, csv, junit]
  min_compliance:
    description: The gate's minimum compliance percentage, 0 to 100; V(0) never fails.
    type: float
    default: 0
  fail_on_drift:
    description: Whether the gate fails when anyone drifts or cannot be read.
    type: bool
    default: false
seealso:
  - plugin: webex.calling.intercept_plan
    plugin_type: filter
  - plugin: webex.calling.intercept_audit_render
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Build the report of a compliance check
  ansible.builtin.set_fact:
    audit: >-
      {{ plan | webex.calling.intercept_audit_report(baseline={'enabled': false},
         organization=org.organization, generated=now(utc=true, fmt='%Y-%m-%dT%H:%M:%SZ'), min_compliance=95) }}
  vars:
    plan: "{{ org.persons | webex.calling.intercept_plan({'enabled': false}, on_missing='report') }}"
'''

RETURN = r'''
_value:
  description: The report model; see the README of the role C(webex.calling.intercept_audit) for every key.
  type: dict
  sample: {schema_version: 1, status: drift, compliance_percent: 98.4, summary: {audited: 260, compliant: 256}}
'''

from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_audit_report(plan, **options):
    """The report model of the planned targets."""
    from ansible_collections.webex.calling.plugins.module_utils._audit.model import build_report, entries_from_plan  # on use: see engine_filter
    return build_report(entries_from_plan(plan), **options)


class FilterModule(object):
    """webex.calling.intercept_audit_report."""

    def filters(self):
        return {'intercept_audit_report': intercept_audit_report}
