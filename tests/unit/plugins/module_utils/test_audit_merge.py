# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One report of several audits (one per inventory host)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError
from ansible_collections.webex.calling.plugins.module_utils._audit.merge import merge_reports
from ansible_collections.webex.calling.plugins.module_utils._audit.model import build_report
from ansible_collections.webex.calling.plugins.module_utils._audit.render import render

BASELINE = {'enabled': False}


def entry(number, status, location='HQ'):
    drifts = [dict(setting='enabled', expected=False, actual=True)] if status == 'drift' else []
    return dict(kind='person', id='P%d' % number, name='Person %d' % number, email='p%d@example.com' % number,
                location_id='L-' + location, location_name=location, status=status, drifts=drifts,
                error='HTTP 500' if status == 'unreadable' else None)


def audit(org, entries, baseline=None):
    return build_report(entries, baseline=baseline or BASELINE, organization=dict(id=org, name='Org ' + org),
                        generated='2026-12-04T19:00:00Z', history_keep=0)


def test_totals_are_the_sums_and_locations_are_named_with_their_organization():
    first = audit('A', [entry(1, 'compliant'), entry(2, 'drift'), entry(3, 'unreadable')])
    second = audit('B', [entry(4, 'compliant'), entry(5, 'compliant')])
    merged = merge_reports([first, second], formats=['json'], report_dir='/r')
    for key in ('audited', 'compliant', 'drifted', 'unreadable', 'overridden'):
        assert merged['summary'][key] == first['summary'][key] + second['summary'][key]
    assert merged['compliance_percent'] == 60
    assert merged['status'] == 'drift'
    assert set(item['location_name'] for item in merged['entries']) == {'Org A / HQ', 'Org B / HQ'}
    assert [part['audited'] for part in merged['parts']] == [3, 2]
    assert merged['organization_label'] == '2 organizations'
    assert merged['summary_line'].startswith('5 audited (2 audits merged): 3 compliant (60%)')
    assert merged['files'] == {'json': '/r/intercept-audit-merged.json'}
    assert merged['history']['file'] is None


def test_json_reports_read_back_merge_like_the_models():
    first = audit('A', [entry(1, 'drift')])
    second = audit('B', [entry(2, 'compliant')])
    from_files = [json.loads(render(report, 'json')) for report in (first, second)]
    assert merge_reports(from_files)['summary'] == merge_reports([first, second])['summary']
    assert 'Org A / HQ' in render(merge_reports(from_files), 'markdown')


@pytest.mark.parametrize('reports, message', [
    ([], 'the merge takes a non-empty list of audit reports'),
    ([{'schema': 'other'}], r'reports\[0\] is not an audit report'),
])
def test_not_reports_are_refused(reports, message):
    with pytest.raises(AuditReportError, match=message):
        merge_reports(reports)


def test_reports_of_different_baselines_are_refused():
    with pytest.raises(AuditReportError, match=r'reports\[1\] \(Org B\) was audited against another baseline'):
        merge_reports([audit('A', [entry(1, 'compliant')]), audit('B', [entry(2, 'compliant')], {'enabled': True})])
