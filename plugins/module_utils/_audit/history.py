# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit's history: the dated JSON results an audit keeps, their retention and the trend points read back from
them. Pure Python (standard library only; the lookup intercept_audit_history reads the files).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError, SCHEMA, TIME_PATTERN


def history_stamp(generated):
    match = TIME_PATTERN.match(generated or '')
    if not match:
        raise AuditReportError('the audit time must be a UTC time like 2026-11-24T10:15:00Z, not %r' % (generated,))
    return '%s%s%sT%s%s%sZ' % match.groups()


def history_pattern(report_name):
    return re.compile(r'^%s-\d{8}T\d{6}Z\.json$' % re.escape(report_name))


def history_files(names, report_name):
    """The names of the history files of this report among ``names``, oldest first."""
    pattern = history_pattern(report_name)
    return sorted(name for name in names if pattern.match(name))


def history_point(document, file_name=None):
    """The trend point of an earlier audit's JSON result; None when it is not one."""
    if not isinstance(document, dict) or document.get('schema') != SCHEMA:
        return None
    summary = document.get('summary') or {}
    try:
        point = dict(generated=document['generated'], compliance_percent=float(summary['compliance_percent']),
                     audited=int(summary['audited']), compliant=int(summary['compliant']),
                     drifted=int(summary['drifted']), overridden=int(summary.get('overridden') or 0),
                     unreadable=int(summary['unreadable']),
                     status=document.get('status'), scope_key=document.get('scope_key'),
                     organization_id=(document.get('organization') or {}).get('id'), file=file_name)
    except (KeyError, TypeError, ValueError):
        return None
    return point


def same_audit(point, current):
    """Whether an earlier result audited what this one did: the same scope, in the same organization (an unknown
    organization, the token's, matches any)."""
    organizations = (point.get('organization_id'), current['organization_id'])
    return point.get('scope_key') == current['scope_key'] and (None in organizations or len(set(organizations)) == 1)


def plan_history(history, report_name, keep, stamp):
    """(file to write, files to delete, earlier points kept) for a retention of ``keep`` results."""
    if keep <= 0:
        return None, [], []
    new_file = '%s-%s.json' % (report_name, stamp)
    points = {}
    for item in history or []:
        if isinstance(item, dict) and item.get('file') and item.get('point'):
            points[item['file']] = item['point']
    names = [name for name in history_files([item.get('file') for item in history or [] if isinstance(item, dict)],
                                            report_name) if name != new_file]
    kept = names[max(0, len(names) - (keep - 1)):] if keep > 1 else []
    prune = [name for name in names if name not in kept]
    return new_file, prune, [points[name] for name in kept if name in points]
