# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_audit_render: a compliance report as HTML, Markdown, CSV, JSON or JUnit XML."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_audit_render
short_description: Write a call intercept compliance report as HTML, Markdown, CSV, JSON or JUnit XML
version_added: 1.1.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Renders the report built by P(webex.calling.intercept_audit_report#filter).
  - V(html) is one self-contained page (inline CSS and SVG charts, no scripts, fonts or network) with the status,
    the compliance percentage, drift by setting and by location, the trend, who drifts, exceptions and the baseline.
  - V(markdown) holds the same facts as tables; V(csv) has one row per drifting setting and one per target that
    could not be read; V(json) is the report model itself; V(junit) has a test case per target, a failure for each
    that drifts and an error for each that could not be read.
options:
  _input:
    description: The report built by P(webex.calling.intercept_audit_report#filter).
    type: dict
    required: true
  report_format:
    description: The format.
    type: str
    choices: [html, markdown, csv, json, junit]
    required: true
seealso:
  - plugin: webex.calling.intercept_audit_report
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Write the HTML report
  ansible.builtin.copy:
    content: "{{ audit | webex.calling.intercept_audit_render('html') }}"
    dest: /var/reports/intercept-audit.html
    mode: "0644"
'''

RETURN = r'''
_value:
  description: The report as text.
  type: str
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_audit_render(report, report_format):
    """The report in one format."""
    from ansible_collections.webex.calling.plugins.module_utils._audit.render import render  # on use: see engine_filter
    if not isinstance(report, dict) or 'schema_version' not in report:
        raise AnsibleFilterError('intercept_audit_render takes the report built by webex.calling.intercept_audit_report')
    return render(report, report_format)


class FilterModule(object):
    """webex.calling.intercept_audit_render."""

    def filters(self):
        return {'intercept_audit_render': intercept_audit_render}
