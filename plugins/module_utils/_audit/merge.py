# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One report of several audits (one per inventory host: organization or location). Pure Python (standard library).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError, KINDS, SCHEMA
from ansible_collections.webex.calling.plugins.module_utils._audit.model import build_report, organization_label
from ansible_collections.webex.calling.plugins.module_utils._settings import type_name


def _checked(reports):
    if not isinstance(reports, list) or not reports:
        raise AuditReportError('the merge takes a non-empty list of audit reports (intercept_audit_result of each '
                               'host, or their JSON reports read back), not %r' % (type_name(reports),))
    for index, report in enumerate(reports):
        if not isinstance(report, dict) or report.get('schema') != SCHEMA or not isinstance(report.get('entries'), list):
            raise AuditReportError('reports[%d] is not an audit report (intercept_audit_result, or its JSON report)'
                                   % index)
        if report.get('baseline') != reports[0].get('baseline'):
            raise AuditReportError('reports[%d] (%s) was audited against another baseline than reports[0] (%s): '
                                   'merge only audits of one baseline' % (
                                       index, report.get('organization_label'), reports[0].get('organization_label')))
    return reports


def merge_reports(reports, generated=None, report_dir=None, report_name='intercept-audit-merged', formats=(),
                  min_compliance=0, fail_on_drift=False):
    """The report of every target of ``reports`` (each an audit report model), with the totals of all of them.

    Each target keeps its status and drifts; its location is named with its organization (two organizations may
    both have a location ``HQ``). ``parts`` has one line per report merged (organization, scope, counts), in order.
    The merged report keeps no history of its own (the audits merged keep theirs). ``generated``: by default the time
    of the latest audit merged.
    """
    reports = _checked(reports)
    entries = []
    for report in reports:
        label = report.get('organization_label') or organization_label(report.get('organization') or {})
        for entry in report['entries']:
            location = entry.get('location_name') or entry.get('location_id') or 'no location'
            entries.append(dict(entry, location_name='%s / %s' % (label, location)))
    kinds = [kind for kind in KINDS if any(kind in (report.get('summary') or {}).get('kinds', ()) for report in reports)]
    organizations = []
    for report in reports:
        organization = report.get('organization') or {}
        if organization not in organizations:
            organizations.append(organization)
    scope = '%d audit%s merged' % (len(reports), '' if len(reports) == 1 else 's')
    if not generated:
        generated = max(str(report.get('generated') or '') for report in reports) or None
    merged = build_report(entries, baseline=reports[0]['baseline'],
                          organization=dict(id=None, name='%d organization%s' % (
                              len(organizations), '' if len(organizations) == 1 else 's')),
                          generated=generated, history_keep=0, report_dir=report_dir, report_name=report_name,
                          formats=formats, min_compliance=min_compliance, fail_on_drift=fail_on_drift,
                          kinds=kinds or None, scope=('merged', 'merged', scope))
    merged['parts'] = [dict(organization=report.get('organization'), organization_label=report.get('organization_label'),
                            scope=report.get('scope'), status=report.get('status'),
                            compliance_percent=report.get('compliance_percent'),
                            audited=(report.get('summary') or {}).get('audited'),
                            summary_line=report.get('summary_line')) for report in reports]
    merged['organizations'] = organizations
    return merged
