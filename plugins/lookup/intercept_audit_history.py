# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lookup intercept_audit_history: the earlier results of an audit, kept in its report directory."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_audit_history
short_description: Read the earlier results of a call intercept audit
version_added: 1.1.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Lists the dated results C(<report_name>-<UTC time>.json) that the role C(webex.calling.intercept_audit) keeps in
    its report directory, oldest first, each with its trend point (time, compliance, counts, scope).
  - A missing directory has no history. A file that is not an audit result is returned without a point, with a
    warning; it still counts for the retention.
options:
  _terms:
    description: The report directory.
    type: list
    elements: path
    required: true
  report_name:
    description: The name of the report files, without extension.
    type: str
    default: intercept-audit
'''

EXAMPLES = r'''
- name: Show the compliance of the earlier audits
  ansible.builtin.debug:
    msg: "{{ query('webex.calling.intercept_audit_history', '/var/reports') | map(attribute='point') | list }}"
'''

RETURN = r'''
_list:
  description: One item per result file, oldest first.
  type: list
  elements: dict
  contains:
    file:
      description: The file name.
      type: str
    point:
      description: Its time, compliance_percent, audited, compliant, drifted, unreadable, status, scope and
        organization_id; null for a file that is not an audit result.
      type: dict
'''

import json
import os

from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.webex.calling.plugins.module_utils._audit.history import history_files, history_point
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import plain

display = Display()


class LookupModule(LookupBase):
    """webex.calling.intercept_audit_history."""

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        found = []
        report_name = plain(self.get_option('report_name'))
        for directory in plain(terms):
            names = os.listdir(directory) if os.path.isdir(directory) else []
            for name in history_files(names, report_name):
                path = os.path.join(directory, name)
                try:
                    with open(path) as handle:
                        point = history_point(json.load(handle), name)
                    problem = None if point else 'not the JSON result of webex.calling.intercept_audit'
                except (IOError, OSError, ValueError) as exc:
                    point, problem = None, str(exc)
                if problem:
                    display.warning('%s cannot be read as an audit result (%s); it is left out of the trend' % (path, problem))
                found.append(dict(file=name, point=point))
        return found
