# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_audit_merge: one compliance report of the audits of several organizations or locations."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_audit_merge
short_description: Merge call intercept compliance reports of several hosts into one
version_added: 1.2.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Merges the reports of P(webex.calling.intercept_audit_report#filter) of several audits, for example one per
    host of the P(webex.calling.webex#inventory) inventory (an organization or a location), into one report with the
    totals of all of them, organization-wide or partner-wide. Render it with
    P(webex.calling.intercept_audit_render#filter) like any report.
  - Every target keeps its status and drifts; its location is named with its organization. RV(_value.parts) has
    one line per report merged. All reports must have been audited against one baseline.
  - The JSON reports written per host (also by separate runs, such as the slices of an AWX job) can be read back
    with C(from_json) and merged.
options:
  _input:
    description: The reports (each the C(intercept_audit_result) of a host, or its JSON report read back).
    type: list
    elements: dict
    required: true
  generated:
    description: When the merged report was made (ISO 8601, UTC).
    type: str
  report_dir:
    description: The directory the merged report's files go to (the keys of its C(files)).
    type: str
  report_name:
    description: The file name of the merged report, without extension.
    type: str
    default: intercept-audit-merged
  formats:
    description: The formats to write (V(html), V(markdown), V(json), V(csv), V(junit)).
    type: list
    elements: str
    default: []
  min_compliance:
    description: The gate's minimum compliance percentage of all targets.
    type: float
    default: 0
  fail_on_drift:
    description: Whether the gate fails on any drift.
    type: bool
    default: false
seealso:
  - plugin: webex.calling.intercept_audit_report
    plugin_type: filter
  - plugin: webex.calling.webex
    plugin_type: inventory
'''

EXAMPLES = r'''
- name: Merge the audits of every host of the play
  ansible.builtin.set_fact:
    merged: >-
      {{ ansible_play_hosts_all | map('extract', hostvars, 'intercept_audit_result') | list
         | webex.calling.intercept_audit_merge(generated=now(utc=true, fmt='%Y-%m-%dT%H:%M:%SZ')) }}
  run_once: true
'''

RETURN = r'''
_value:
  description: The report model of P(webex.calling.intercept_audit_report#filter), with C(parts) and C(organizations).
  type: dict
  contains:
    parts:
      description: One line per report merged (organization, scope, status, compliance, audited, summary line).
      type: list
      elements: dict
'''

from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_audit_merge(reports, **options):
    """One report of several."""
    from ansible_collections.webex.calling.plugins.module_utils._audit.merge import merge_reports  # on use: see engine_filter
    return merge_reports(reports, **options)


class FilterModule(object):
    """webex.calling.intercept_audit_merge."""

    def filters(self):
        return {'intercept_audit_merge': intercept_audit_merge}
