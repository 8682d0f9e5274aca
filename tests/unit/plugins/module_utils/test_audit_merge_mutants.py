# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Merging audits (module_utils/_audit/merge.py): the exact refusals, the parts, organizations and kinds kept, the
location and organization names of the targets, the default time, the gate options and the merged scope."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError, SCHEMA
from ansible_collections.webex.calling.plugins.module_utils._audit.merge import merge_reports
from ansible_collections.webex.calling.plugins.module_utils._audit.model import build_report
from ansible_collections.webex.calling.plugins.module_utils._audit.render import render

BASELINE = {'enabled': False}
TIME = '2026-12-04T19:00:00Z'


def entry(number, status='compliant', location='HQ', **extra):
    drifts = [dict(setting='enabled', expected=False, actual=True)] if status == 'drift' else []
    item = dict(kind='person', id='P%d' % number, name='Person %d' % number, email='p%d@example.com' % number,
                location_id='L-' + location, location_name=location, status=status, drifts=drifts,
                error='HTTP 500' if status == 'unreadable' else None)
    item.update(extra)
    return item


def audit(org, entries, baseline=None, generated=TIME, **options):
    return build_report(entries, baseline=baseline or BASELINE, organization=dict(id=org, name='Org ' + org),
                        generated=generated, history_keep=0, **options)


@pytest.mark.parametrize('reports, kind', [([], 'list'), ({}, 'dict'), (None, 'NoneType'), ('report', 'str')])
def test_what_is_not_a_list_of_reports_is_refused_naming_its_type(reports, kind):
    with pytest.raises(AuditReportError) as caught:
        merge_reports(reports)
    assert str(caught.value) == ('the merge takes a non-empty list of audit reports (intercept_audit_result of each '
                                 "host, or their JSON reports read back), not '%s'" % kind)


@pytest.mark.parametrize('bad', [
    'a report',
    ['a', 'list'],
    {'schema': 'other', 'entries': []},
    {'schema': SCHEMA},
    {'schema': SCHEMA, 'entries': None},
    {'schema': SCHEMA, 'entries': {'P1': {}}},
], ids=['string', 'list', 'other schema with entries', 'no entries', 'entries None', 'entries a dictionary'])
def test_anything_but_an_audit_report_is_refused_with_its_index(bad):
    good = audit('A', [entry(1)])
    with pytest.raises(AuditReportError) as caught:
        merge_reports([good, bad])
    assert str(caught.value) == ('reports[1] is not an audit report (intercept_audit_result, or its JSON report)')


def test_a_report_of_another_baseline_is_refused_naming_both_organizations():
    first = audit('A', [entry(1)])
    second = audit('B', [entry(2)])
    third = audit('C', [entry(3)], baseline={'enabled': True})
    with pytest.raises(AuditReportError) as caught:
        merge_reports([first, second, third])
    assert str(caught.value) == ('reports[2] (Org C) was audited against another baseline than reports[0] (Org A): '
                                 'merge only audits of one baseline')


def test_one_report_merges_alone_as_one_audit_of_one_organization():
    merged = merge_reports([audit('A', [entry(1), entry(2, 'drift')])])
    assert merged['scope'] == '1 audit merged'
    assert merged['scope_kind'] == 'merged'
    assert merged['organization'] == dict(id=None, name='1 organization')
    assert merged['organization_label'] == '1 organization'
    assert merged['organizations'] == [dict(id='A', name='Org A')]
    assert merged['summary_line'] == ('2 audited (1 audit merged): 1 compliant (50%), 1 drifting, 0 unreadable.')
    assert merged['baseline'] == BASELINE


def test_two_audits_of_one_organization_count_it_once():
    hq = audit('A', [entry(1)], location_id='L-HQ')
    branch = audit('A', [entry(2, location='Branch')], location_id='L-Branch')
    merged = merge_reports([hq, branch])
    assert merged['organizations'] == [dict(id='A', name='Org A')]
    assert merged['organization_label'] == '1 organization'
    assert merged['scope'] == '2 audits merged'
    assert [item['location_name'] for item in merged['entries']] == ['Org A / Branch', 'Org A / HQ']


def test_organizations_are_listed_once_each_in_the_order_of_the_reports():
    merged = merge_reports([audit('B', [entry(1)]), audit('A', [entry(2)]), audit('B', [entry(3)])])
    assert merged['organizations'] == [dict(id='B', name='Org B'), dict(id='A', name='Org A')]
    assert merged['organization'] == dict(id=None, name='2 organizations')
    assert merged['scope'] == '3 audits merged'
    assert merged['summary_line'].startswith('3 audited (3 audits merged): ')


def test_parts_are_one_line_per_report_in_order():
    first = audit('A', [entry(1), entry(2, 'drift')])
    second = audit('B', [entry(3)], location_id='L-HQ')
    merged = merge_reports([first, second])
    assert merged['parts'] == [
        dict(organization=dict(id='A', name='Org A'), organization_label='Org A', scope='every Webex Calling person',
             status='drift', compliance_percent=50, audited=2,
             summary_line='2 audited (every Webex Calling person): 1 compliant (50%), 1 drifting, 0 unreadable.'),
        dict(organization=dict(id='B', name='Org B'), organization_label='Org B', scope='location HQ',
             status='compliant', compliance_percent=100, audited=1,
             summary_line='1 audited (location HQ): 1 compliant (100%), 0 drifting, 0 unreadable.'),
    ]


def test_parts_of_reports_missing_fields_hold_none():
    bare = dict(schema=SCHEMA, baseline=BASELINE, entries=[entry(1)], generated=TIME)
    merged = merge_reports([bare])
    assert merged['parts'] == [dict(organization=None, organization_label=None, scope=None, status=None,
                                    compliance_percent=None, audited=None, summary_line=None)]
    assert merged['organizations'] == [{}]


def test_the_report_label_names_the_locations_before_its_organization():
    relabelled = audit('A', [entry(1)])
    relabelled['organization_label'] = 'Acme EMEA'
    merged = merge_reports([relabelled])
    assert [item['location_name'] for item in merged['entries']] == ['Acme EMEA / HQ']
    assert merged['parts'][0]['organization_label'] == 'Acme EMEA'


@pytest.mark.parametrize('organization, name', [
    (dict(id='A', name='Org A'), 'Org A'),
    (dict(id='Y2lzY29-org', name=None), 'Y2lzY29-org'),
    ({}, "The access token's organization"),
    (None, "The access token's organization"),
])
def test_without_a_label_the_organization_names_the_locations(organization, name):
    report = json.loads(render(audit('A', [entry(1)]), 'json'))
    del report['organization_label']
    report['organization'] = organization
    merged = merge_reports([report])
    assert [item['location_name'] for item in merged['entries']] == ['%s / HQ' % name]


def test_a_target_without_a_location_name_is_named_by_its_location_id_else_no_location():
    report = audit('A', [entry(1, location_name=None, location_id='L-9'),
                         entry(2, location_name=None, location_id=None)])
    merged = merge_reports([report])
    by_id = dict((item['id'], item['location_name']) for item in merged['entries'])
    assert by_id == {'P1': 'Org A / L-9', 'P2': 'Org A / no location'}


def test_the_kinds_read_by_any_audit_are_kept_in_their_usual_order_even_without_targets_of_them():
    people_and_lines = audit('A', [entry(1)], kinds=['virtual_line', 'person'])
    people_and_workspaces = audit('B', [entry(2)], kinds=['workspace', 'person'])
    merged = merge_reports([people_and_lines, people_and_workspaces])
    assert merged['summary']['kinds'] == ['person', 'workspace', 'virtual_line']
    only_people = merge_reports([audit('A', [entry(1)]), audit('B', [entry(2)])])
    assert only_people['summary']['kinds'] == ['person']


def test_a_report_without_kinds_or_summary_merges_with_the_kinds_of_its_targets():
    old = json.loads(render(audit('A', [entry(1)]), 'json'))
    del old['summary']['kinds']
    workspaces = audit('B', [entry(2)], kinds=['person', 'workspace'])
    assert merge_reports([old, workspaces])['summary']['kinds'] == ['person', 'workspace']
    assert merge_reports([old])['summary']['kinds'] == ['person']
    del old['summary']
    assert merge_reports([old, workspaces])['summary']['kinds'] == ['person', 'workspace']
    assert merge_reports([old])['parts'][0]['audited'] is None


def test_the_merged_time_is_the_latest_audit_time_and_a_report_without_one_is_skipped():
    early = audit('A', [entry(1)], generated='2026-12-01T08:00:00Z')
    late = audit('B', [entry(2)], generated='2026-12-04T19:30:00Z')
    undated = audit('C', [entry(3)])
    undated['generated'] = None
    assert merge_reports([late, undated, early])['generated'] == '2026-12-04T19:30:00Z'
    assert merge_reports([late, early], generated='2026-12-05T00:00:00Z')['generated'] == '2026-12-05T00:00:00Z'
    with pytest.raises(AuditReportError, match='the audit time must be a UTC time'):
        merge_reports([undated])


def test_by_default_the_merge_gate_fails_neither_on_drift_nor_on_low_compliance():
    merged = merge_reports([audit('A', [entry(1, 'drift')]), audit('B', [entry(2, 'drift')])])
    assert merged['compliance_percent'] == 0
    gate = merged['gate']
    assert (gate['min_compliance'], gate['fail_on_drift']) == (0, False)
    assert (gate['drift_failed'], gate['compliance_failed'], gate['failed']) == (False, False, False)


def test_the_gate_options_given_reach_the_merged_gate():
    reports = [audit('A', [entry(1), entry(2, 'drift')]), audit('B', [entry(3), entry(4)])]
    below = merge_reports(reports, min_compliance=80)['gate']
    assert (below['min_compliance'], below['compliance_failed'], below['drift_failed'], below['failed']) == (
        80, True, False, True)
    assert below['compliance_message'] == 'compliance 75% (3 of 4 compliant) is below the minimum of 80%'
    drift = merge_reports(reports, fail_on_drift=True)['gate']
    assert (drift['fail_on_drift'], drift['drift_failed'], drift['compliance_failed'], drift['failed']) == (
        True, True, False, True)


def test_the_merged_report_holds_the_common_baseline():
    merged = merge_reports([audit('A', [entry(1)]), audit('B', [entry(2)])])
    assert merged['baseline'] == BASELINE
    assert [row['setting'] for row in merged['baseline_settings']] == ['enabled']


def test_a_merge_of_audits_that_audited_nobody_says_so_of_the_merged_audits():
    merged = merge_reports([audit('o1', []), audit('o2', [])])
    assert merged['status'] == 'nothing_audited' and merged['scope'] == '2 audits merged'
    assert (merged['scope_kind'], merged['scope_key']) == ('merged', 'merged')
    assert merged['summary_line'].startswith('Nothing was audited (scope: 2 audits merged)')
    assert 'every Webex Calling' not in json.dumps([merged['summary_line'], merged['headline'], merged['gate']])
    assert merged['gate']['nothing_message'].startswith('nothing was audited (scope: 2 audits merged)')
    assert 'the reports merged (parts says what each audited)' in merged['gate']['nothing_message']
