# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit report model and its renderings (module_utils/_audit/) and its filters.

The history lookup (file I/O) is tested end to end: tests/e2e/test_audit/.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import io
import json
import os
import re
from html.parser import HTMLParser

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.webex.calling.plugins.filter.intercept_audit_render import intercept_audit_render
from ansible_collections.webex.calling.plugins.filter.intercept_audit_report import intercept_audit_report
from ansible_collections.webex.calling.plugins.filter.intercept_plan import intercept_plan
from ansible_collections.webex.calling.plugins.module_utils._audit import history, labels, model
from ansible_collections.webex.calling.plugins.module_utils._audit.render import render
from ansible_collections.webex.calling.plugins.module_utils._settings import SETTINGS, WRITABLE, dotted

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
TIME = '2026-11-24T10:15:00Z'
HQ = 'Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzBiN2U0YTUyLTljMWQtNGU4Zi1hNmIzLTAwMDAwMDAwMDEwMQ'


def person(number, status='compliant', location='hq', drifts=(), error=None, **extra):
    entry = dict(kind='person', id='P%d' % number, name='Person %d' % number, email='p%d@example.com' % number,
                 location_id='L-' + location, location_name=location.upper(), status=status,
                 drifts=[dict(setting=setting, expected=expected, actual=actual) for setting, expected, actual in drifts],
                 error=error)
    entry.update(extra)
    return entry


def organization(count_compliant, drifting=(), unreadable=0):
    entries = [person(number) for number in range(count_compliant)]
    entries += [person(100 + index, 'drift', location, [(setting, False, True)])
                for index, (location, setting) in enumerate(drifting)]
    entries += [person(200 + index, 'unreadable', 'branch', error='HTTP 404') for index in range(unreadable)]
    return entries


def build(entries, **options):
    options.setdefault('generated', TIME)
    return model.build_report(entries, **options)


# --- labels and numbers -------------------------------------------------------------------------------------------

def test_every_setting_has_a_label_and_an_api_name():
    for row in WRITABLE:
        assert dotted(row.option) in labels.LABELS
        assert labels.api_name(dotted(row.option)) == dotted(row.api)
    assert labels.setting_label('incoming.announcements.new_number.destination') == 'Incoming: new number announced'
    assert labels.api_name('incoming.announcements.new_number.destination') == 'incoming.announcements.newNumber.destination'
    assert labels.api_name('incoming.announcements.greeting_file') == 'incoming.announcements.fileName'


def test_every_choice_of_the_settings_table_has_a_readable_name():
    choices = set(choice for row in SETTINGS for choice in row.choices or ())
    assert choices and set(labels.VALUE_LABELS) == choices


@pytest.mark.parametrize('value, label', [
    ('INTERCEPT_ALL', 'Intercept all'), ('ALLOW_LOCAL_ONLY', 'Allow local calls only'), ('CUSTOM', 'Custom greeting'),
    (True, 'On'), (False, 'Off'), ('', 'none'), (None, 'not read'), ('+14085550100', '+14085550100'),
])
def test_value_labels(value, label):
    assert labels.value_label(value) == label


@pytest.mark.parametrize('part, whole, expected', [
    (999, 1000, 99.9), (9999, 10000, 99.9), (2, 3, 66.6), (1, 3, 33.3), (3, 3, 100.0), (0, 5, 0.0), (0, 0, 100.0),
])
def test_percent_rounds_down_and_never_shows_100_unless_all_comply(part, whole, expected):
    assert labels.percent(part, whole) == expected


# --- the model ------------------------------------------------------------------------------------------------------

def test_counts_percentage_status_and_groups():
    report = build(organization(7, [('hq', 'enabled'), ('branch', 'enabled'), ('branch', 'outgoing.type')], 1))
    summary = report['summary']
    assert (summary['audited'], summary['compliant'], summary['drifted'], summary['unreadable']) == (11, 7, 3, 1)
    assert report['compliance_percent'] == 63.6 and summary['compliance_percent'] == 63.6
    assert report['status'] == 'drift' and report['status_label'] == 'Drift found'
    assert summary['by_field'] == {'enabled': 2, 'outgoing.type': 1}
    assert [(row['setting'], row['label'], row['api_name'], row['count']) for row in report['by_setting']] == [
        ('enabled', 'Call intercept on', 'enabled', 2), ('outgoing.type', 'Outgoing calls', 'outgoing.type', 1)]
    assert [(row['label'], row['audited'], row['drifted'], row['unreadable'], row['compliance_percent'])
            for row in report['by_location']] == [('BRANCH', 3, 2, 1, 0.0), ('HQ', 8, 1, 0, 87.5)]
    drift = [entry for entry in report['entries'] if entry['status'] == 'drift'][0]['drifts'][0]
    assert (drift['label'], drift['expected_label'], drift['actual_label']) == ('Call intercept on', 'Off', 'On')
    assert report['headline'] == ('4 of 11 need attention: 3 drift from the baseline, 1 could not be read. Most drift: '
                                  'Call intercept on (2). Least compliant location: BRANCH (0%).')
    assert [entry['email'] for entry in report['drifted']] == ['p101@example.com', 'p102@example.com', 'p100@example.com']
    assert report['drifted'][0]['details'] == [{'field': 'enabled', 'expected': False, 'actual': True}]


def test_status_is_unreadable_without_drift_and_compliant_without_either():
    assert build(organization(3, unreadable=1))['status'] == 'unreadable'
    report = build(organization(3))
    assert (report['status'], report['compliance_percent'], report['headline']) == (
        'compliant', 100.0, 'All 3 audited match the baseline.')
    empty = build([])
    assert (empty['status'], empty['compliance_percent'], empty['summary']['audited']) == ('compliant', 100.0, 0)


def test_every_kind_of_target_is_counted_named_and_excepted():
    entries = [
        person(1),
        dict(kind='workspace', id='W1', name='Lobby phone', location_id='L-hq', location_name='HQ', status='drift',
             drifts=[dict(setting='enabled', api_name='enabled', expected=False, actual=True)]),
        dict(kind='virtual_line', id='V1', name='Sales line', location_id='L-hq', status='compliant', drifts=[]),
        dict(kind='virtual_line', id='V2', name='Night line', location_id='L-hq', location_name='HQ', status='unreadable',
             error='HTTP 403'),
    ]
    exceptions = [{'workspace_name': 'lobby PHONE', 'enabled': True}, {'virtual_line_id': 'V1', 'enabled': False},
                  {'workspace_id': 'W9', 'enabled': True}]
    report = build(entries, exceptions=exceptions)
    assert report['summary']['by_kind'] == {
        'person': {'audited': 1, 'compliant': 1, 'drifted': 0, 'overridden': 0, 'unreadable': 0, 'compliance_percent': 100.0},
        'workspace': {'audited': 1, 'compliant': 0, 'drifted': 1, 'overridden': 0, 'unreadable': 0,
                      'compliance_percent': 0.0},
        'virtual_line': {'audited': 2, 'compliant': 1, 'drifted': 0, 'overridden': 0, 'unreadable': 1,
                         'compliance_percent': 50.0}}
    assert report['summary']['people'] == 1 and report['summary']['audited'] == 4
    assert report['summary']['kinds'] == ['person', 'workspace', 'virtual_line']
    assert report['scope'] == 'every Webex Calling person, workspace and virtual line'
    assert report['scope_key'] == 'organization+person,virtual_line,workspace'
    assert [(row['kind'], row['target_key'], row['result']) for row in report['exceptions']] == [
        ('workspace', 'workspace_name', 'not_met'), ('virtual_line', 'virtual_line_id', 'met'),
        ('workspace', 'workspace_id', 'stale')]
    junit = render(report, 'junit')
    assert 'classname="webex.calling.intercept_audit.workspace" name="Lobby phone"' in junit
    assert 'classname="webex.calling.intercept_audit.virtual_line" name="Night line"' in junit
    html = render(report, 'html')
    assert 'Lobby phone <span class="tag kind">Workspace</span>' in html
    assert '| Lobby phone (workspace) | W1 | Call intercept on (`enabled`) | Off | On |' in render(report, 'markdown')
    # Only people read: a workspace exception is outside the audit, not stale.
    people_only = build([person(1)], exceptions=[{'workspace_id': 'W9', 'enabled': True}], kinds=['person'])
    assert [row['result'] for row in people_only['exceptions']] == ['out_of_scope']
    assert people_only['scope'] == 'every Webex Calling person' and people_only['scope_key'] == 'organization'
    with pytest.raises(labels.AuditReportError, match='intercept_audit_kinds: location is not a kind of target'):
        build([], kinds=['person', 'location'])


def overridden(number, location='hq', drifts=()):
    return person(number, 'overridden', location, drifts)


def test_a_location_override_is_its_own_status_never_compliant():
    entries = organization(3, [('branch', 'enabled')]) + [
        overridden(300), overridden(301, drifts=[('outgoing.type', 'INTERCEPT_ALL', 'ALLOW_LOCAL_ONLY')]),
        dict(kind='workspace', id='W1', name='Lobby phone', location_id='L-hq', location_name='HQ', status='overridden')]
    report = build(entries, fail_on_drift=True, exceptions=[{'email': 'p300@example.com', 'enabled': True}])
    summary = report['summary']
    assert (summary['audited'], summary['compliant'], summary['drifted'], summary['overridden'],
            summary['unreadable']) == (7, 3, 1, 3, 0)
    assert report['compliance_percent'] == 42.8
    assert report['status'] == 'drift'
    assert report['location_overrides'] == [
        dict(location_id='L-hq', location_name='HQ', label='HQ', overridden=3, by_kind={'person': 2, 'workspace': 1})]
    assert [row['result'] for row in report['exceptions']] == ['overridden']
    # An overridden target's own drift is listed with it, not counted as drift by setting.
    assert report['by_setting'] == [dict(setting='enabled', label='Call intercept on', api_name='enabled', count=1)]
    assert report['headline'].startswith('4 of 7 need attention: 1 drift from the baseline, 3 are overridden by their '
                                         'location\'s call intercept, 0 could not be read.')
    assert report['summary_line'] == ('7 audited (every Webex Calling person and workspace): 3 compliant (42.8%), '
                                      '1 drifting, 3 overridden by their location, 0 unreadable.')
    assert report['gate']['drift_failed']
    assert ', 3 are overridden by their location\'s call intercept and 0 could not be read' in report['gate']['drift_message']
    assert [entry['email'] or entry['id'] for entry in report['overridden']] == ['p300@example.com', 'p301@example.com', 'W1']
    hq = [row for row in report['by_location'] if row['label'] == 'HQ'][0]
    assert (hq['audited'], hq['compliant'], hq['overridden']) == (6, 3, 3)

    only = build([overridden(1), overridden(2)])
    assert (only['status'], only['status_label'], only['compliance_percent']) == (
        'overridden', 'Overridden by a location', 0.0)

    html = render(report, 'html')
    assert '<section id="overridden"><h2>Overridden by a location\'s call intercept</h2>' in html
    assert '<h3>HQ <span class="muted">(2 people, 1 workspace)</span></h3>' in html
    assert '<td>p301@example.com</td><td>also drift: Outgoing calls is Allow local calls only</td>' in html
    assert 'id="card-overridden"' in html and 'class="bar-overridden"' in html
    assert 'data-status="overridden"' in render(only, 'html') and '#6941c6' in render(only, 'html')
    markdown = render(report, 'markdown')
    assert '### HQ (2 people, 1 workspace)' in markdown
    assert '| Person 300 | p300@example.com | comply |' in markdown
    rows = list(csv.DictReader(io.StringIO(render(report, 'csv'))))
    assert sorted((row['email'] or row['id'], row['field']) for row in rows if row['status'] == 'overridden') == [
        ('W1', ''), ('p300@example.com', ''), ('p301@example.com', 'outgoing.type')]
    junit = render(report, 'junit')
    assert 'failures="4"' in junit and junit.count('type="overridden"') == 3
    assert 'the call intercept of the location HQ is enabled and applies instead of its own settings' in junit


def test_entries_from_plans_of_every_kind_and_the_override():
    plans = [
        {'people': [dict(kind='person', person_id='P1', email='p1@example.com', display_name='One', location_id='L1',
                         location_name='Site', details=[], error=None, found=True, overridden_by_location=True),
                    dict(kind='person', person_id='P2', email='p2@example.com', details=[], error=None, found=True,
                         overridden_by_location=None),
                    dict(kind='person', person_id='P3', email='p3@example.com', error=None, found=True,
                         overridden_by_location=None,
                         details=[dict(field='enabled', expected=False, actual=True)])]},
        {'people': [dict(kind='workspace', workspace_id='W1', display_name='Lobby', details=[], error=None, found=True,
                         overridden_by_location=False)]},
    ]
    entries = model.entries_from_plan(plans)
    assert [(entry['kind'], entry['id'], entry['status']) for entry in entries] == [
        ('person', 'P1', 'overridden'), ('person', 'P2', 'unreadable'), ('person', 'P3', 'drift'),
        ('workspace', 'W1', 'compliant')]
    assert entries[1]['error'] == labels.OVERRIDE_UNKNOWN
    with pytest.raises(labels.AuditReportError, match="kind 'location' is not one of person, workspace, virtual_line"):
        model.entries_from_plan({'people': [dict(kind='location', location_id='L1')]})


def test_locations_without_a_name_get_a_short_readable_label():
    entries = [person(1, location_id=HQ, location_name=None), person(2, location_id=None, location_name=None)]
    report = build(entries)
    assert sorted(row['label'] for row in report['by_location']) == ['Location 000000000101', 'No location']
    assert labels.short_id('plainid-123456789012') == '123456789012'


def test_exceptions_met_not_met_stale_and_out_of_scope():
    entries = [person(1, 'compliant'), person(2, 'drift', drifts=[('enabled', True, False)]),
               person(3, 'unreadable', error='x')]
    exceptions = [{'email': 'P1@example.com', 'enabled': True}, {'person_id': 'P2', 'enabled': True},
                  {'email': 'p3@example.com', 'intercept': {'incoming': {'type': 'ALLOW_ALL'}}},
                  {'email': 'gone@example.com', 'enabled': True}]
    whole = build(entries, exceptions=exceptions)
    assert [row['result'] for row in whole['exceptions']] == ['met', 'not_met', 'unreadable', 'stale']
    assert whole['exceptions'][2]['settings'] == [{'setting': 'incoming.type', 'label': 'Incoming calls',
                                                   'api_name': 'incoming.type', 'expected': 'ALLOW_ALL',
                                                   'expected_label': 'Allow all'}]
    assert whole['exceptions'][1]['drifts'][0]['actual_label'] == 'Off'
    assert (whole['summary']['exceptions'], whole['summary']['exceptions_met'], whole['summary']['exceptions_stale']) == (
        4, 1, 1)
    narrow = build(entries, exceptions=exceptions, location_id='L-hq')
    assert narrow['exceptions'][3]['result'] == 'out_of_scope'
    assert narrow['scope'] == 'location HQ' and narrow['scope_key'] == 'location:L-hq'


def test_scope_and_organization():
    assert build([])['organization'] == {'id': None, 'name': None}
    assert build([])['organization_label'] == "The access token's organization"
    assert build([], org_id='O1')['organization_label'] == 'O1'
    report = build([], organization={'id': 'O1', 'name': 'Acme'}, org_id='O1')
    assert (report['organization'], report['organization_label']) == ({'id': 'O1', 'name': 'Acme'}, 'Acme')
    people = build([person(1)], people=['p1@example.com', {'person_id': 'P9'}])
    assert people['scope'] == '2 people listed' and people['scope_key'].startswith('people:')
    assert build([], people=[{'person_id': 'P9'}, 'p1@example.com'])['scope_key'] == people['scope_key']
    assert build([])['scope'] == 'every Webex Calling person'


# --- policy check: the settings engine's validation ------------------------------------------------------------------

@pytest.mark.parametrize('baseline, exceptions, message', [
    ({'enable': False}, None, 'intercept_audit_baseline.enable is not a call intercept setting; did you mean '
                              'intercept_audit_baseline.enabled? the keys allowed here are enabled, incoming, outgoing'),
    ({'incoming': {'announcements': {'new_number': {'number': '1'}}}}, None,
     'intercept_audit_baseline.incoming.announcements.new_number.number is not a call intercept setting'),
    ({'incoming': {'type': 'BLOCK'}}, None,
     "intercept_audit_baseline.incoming.type must be one of INTERCEPT_ALL, ALLOW_ALL, not 'BLOCK'"),
    ({'incoming': 'off'}, None, "intercept_audit_baseline.incoming must be a dictionary with keys type, "),
    ({'enabled': {'x': 1}}, None, "intercept_audit_baseline.enabled must be true or false, not {'x': 1}"),
    ({'outgoing': {'type': 'ALLOW_ALL'}}, None,
     "intercept_audit_baseline.outgoing.type must be one of INTERCEPT_ALL, ALLOW_LOCAL_ONLY, not 'ALLOW_ALL'"),
    ({'outgoing': {'transfer_enabled': True, 'destination': ''}}, None,
     'intercept_audit_baseline.outgoing.transfer_enabled is true but intercept_audit_baseline.outgoing.destination is ""'),
    (['enabled'], None, 'intercept_audit_baseline must be a dictionary of call intercept settings'),
    ({}, 7, 'intercept_audit_exceptions must be a list or one string'),
    ({}, [7], 'intercept_audit_exceptions[0] must be an email address, a person ID or a dictionary, not int'),
    ({}, [{'enabled': True}], 'intercept_audit_exceptions[0] needs email or person_id, workspace_id or workspace_name, '
                              'virtual_line_id or virtual_line_name; got keys enabled'),
    ({}, [{'email': 'a@example.com', 'workspace_name': 'Lobby'}],
     'intercept_audit_exceptions[0] names targets of several kinds (email, workspace_name); give one target per item'),
    ({}, [{'virtual_line_name': ''}],
     "intercept_audit_exceptions[0].virtual_line_name must be the name of a virtual line, a non-empty string, not ''"),
    ({}, [{'email': 'a@example.com', 'enabeld': True}],
     'intercept_audit_exceptions[0].enabeld is not a call intercept setting; did you mean '
     'intercept_audit_exceptions[0].enabled?'),
    ({}, [{'email': 'a@example.com', 'incoming': {'typ': 'X'}}],
     'intercept_audit_exceptions[0].incoming.typ is not a call intercept setting; did you mean '
     'intercept_audit_exceptions[0].incoming.type?'),
    ({}, [{'email': 'a@example.com', 'intercept': {'outgoing': {'type': 'BLOCK'}}}],
     "intercept_audit_exceptions[0].intercept.outgoing.type must be one of INTERCEPT_ALL, ALLOW_LOCAL_ONLY"),
])
def test_bad_baseline_or_exceptions_name_the_key_path(baseline, exceptions, message):
    with pytest.raises(labels.AuditReportError) as error:
        model.check_policy(baseline, exceptions)
    assert message in str(error.value)
    with pytest.raises(labels.AuditReportError) as error:
        build([], baseline=baseline, exceptions=exceptions)
    assert message in str(error.value)


def test_bad_people_name_the_item():
    with pytest.raises(labels.AuditReportError, match=r'intercept_audit_people\[1\]\.incomming is not a call intercept '
                                                      r'setting; did you mean intercept_audit_people\[1\]\.incoming\?'):
        build([], people=['a@example.com', {'email': 'b@example.com', 'incomming': {}}])


def test_good_policy_is_made_canonical_including_greeting_file_and_survey_booleans():
    report = build([person(1)], baseline={'enabled': 'false', 'incoming': {
        'announcements': {'greeting_file': 'closed.wav', 'new_number': {'enabled': True, 'destination': 4100}}}},
        exceptions=['p1@example.com', {'person_email': 'p2@example.com', 'enabled': 'yes', 'outgoing': None}])
    assert report['baseline'] == {'enabled': False, 'incoming': {'announcements': {
        'greeting_file': 'closed.wav', 'new_number': {'enabled': True, 'destination': '4100'}}}}
    assert [(row['setting'], row['expected'], row['expected_label']) for row in report['baseline_settings']] == [
        ('enabled', False, 'Off'), ('incoming.announcements.greeting_file', 'closed.wav', 'closed.wav'),
        ('incoming.announcements.new_number.enabled', True, 'On'),
        ('incoming.announcements.new_number.destination', '4100', '4100')]
    assert [(row['target'], row['target_key'], row['settings'], row['result']) for row in report['exceptions']] == [
        ('p1@example.com', 'email', [], 'met'),
        ('p2@example.com', 'email', [{'setting': 'enabled', 'label': 'Call intercept on', 'api_name': 'enabled',
                                      'expected': True, 'expected_label': 'On'}], 'stale')]


@pytest.mark.parametrize('options, message', [
    ({'min_compliance': 101}, 'intercept_audit_min_compliance must be from 0 to 100, not 101'),
    ({'min_compliance': 'most'}, "intercept_audit_min_compliance must be a number from 0 to 100, not 'most'"),
    ({'history_keep': -1}, 'intercept_audit_history_keep must be from 0 to 10000'),
    ({'formats': ['pdf']}, 'intercept_audit_formats: pdf is not a report format'),
    ({'generated': '2026-11-24 10:15'}, 'the audit time must be a UTC time like 2026-11-24T10:15:00Z'),
])
def test_bad_options_name_the_variable(options, message):
    with pytest.raises(labels.AuditReportError) as error:
        build([], **options)
    assert message in str(error.value)


# --- gate -------------------------------------------------------------------------------------------------------------

def test_min_compliance_is_exact_and_zero_never_fails():
    nineteen_of_twenty = organization(19, [('hq', 'enabled')])
    assert not build(nineteen_of_twenty, min_compliance=95)['gate']['compliance_failed']
    failed = build(nineteen_of_twenty, min_compliance=95.1, report_dir='/r', formats=['html'])['gate']
    assert failed['compliance_failed'] and failed['failed'] and not failed['drift_failed']
    assert failed['compliance_message'] == ('compliance 95% (19 of 20 compliant) is below the minimum of 95.1%; see '
                                            '/r/intercept-audit.html, /r/intercept-audit-20261124T101500Z.json')
    assert not build(organization(0, unreadable=3), min_compliance=0)['gate']['failed']
    assert not build([], min_compliance=100)['gate']['failed']


def test_fail_on_drift_counts_the_unreadable_and_names_them():
    gate = build(organization(2, unreadable=1), fail_on_drift=True, history_keep=0)['gate']
    assert gate['drift_failed'] and gate['drift_message'] == (
        '0 of 3 audited drift from the baseline and 1 could not be read (p200@example.com)')
    assert not build(organization(2), fail_on_drift=True)['gate']['failed']
    many = build(organization(0, [('hq', 'enabled')] * 12), fail_on_drift=True, history_keep=0)['gate']
    assert many['drift_message'].endswith('p109@example.com and 2 more)')


# --- history and trend ---------------------------------------------------------------------------------------------

def earlier(day, compliance, scope_key='organization', organization_id=None):
    document = {'schema': labels.SCHEMA, 'schema_version': 1, 'generated': '2026-11-%02dT10:00:00Z' % day,
                'scope_key': scope_key, 'organization': {'id': organization_id, 'name': None}, 'status': 'drift',
                'summary': {'compliance_percent': compliance, 'audited': 10, 'compliant': int(compliance // 10),
                            'drifted': 10 - int(compliance // 10), 'unreadable': 0}}
    name = 'intercept-audit-202611%02dT100000Z.json' % day
    return dict(file=name, point=history.history_point(document, name))


def test_history_file_retention_and_trend():
    history = [earlier(20, 50.0), earlier(21, 60.0), {'file': 'intercept-audit-20261122T100000Z.json', 'point': None},
               earlier(23, 70.0, scope_key='location:L1'), earlier(19, 40.0), {'file': 'other.json', 'point': None}]
    report = build(organization(9, [('hq', 'enabled')]), history=history, history_keep=4)
    assert report['history']['file'] == 'intercept-audit-20261124T101500Z.json'
    assert report['history']['prune'] == ['intercept-audit-20261119T100000Z.json', 'intercept-audit-20261120T100000Z.json']
    assert [(point['generated'][:10], point['compliance_percent']) for point in report['trend']] == [
        ('2026-11-21', 60.0), ('2026-11-24', 90.0)]
    assert report['trend'][-1]['file'] == report['history']['file']
    assert build([], history=history, history_keep=1)['history']['prune'] == [
        item['file'] for item in sorted(history, key=lambda item: item['file']) if item['file'] != 'other.json']
    off = build([], history=history, history_keep=0)
    assert (off['history']['file'], off['history']['prune'], len(off['trend'])) == (None, [], 1)


def test_trend_matches_the_organization_unless_unknown():
    history = [earlier(20, 50.0, organization_id='O1'), earlier(21, 60.0, organization_id='O2'), earlier(22, 70.0)]
    report = build([], history=history, organization={'id': 'O1', 'name': 'Acme'})
    assert [point['compliance_percent'] for point in report['trend']] == [50.0, 70.0, 100.0]


def test_same_second_rerun_replaces_its_own_file():
    history = [dict(file='intercept-audit-20261124T101500Z.json', point=None)]
    report = build([], history=history, history_keep=2)
    assert report['history']['prune'] == [] and len(report['trend']) == 1


def test_history_point_reads_back_the_json_report():
    report = build(organization(3, [('hq', 'enabled')]))
    point = history.history_point(json.loads(render(report, 'json')), 'f.json')
    assert point == dict(generated=TIME, compliance_percent=75.0, audited=4, compliant=3, drifted=1, overridden=0,
                         unreadable=0, status='drift', scope_key='organization', organization_id=None, file='f.json')
    assert history.history_point({'schema': 'something else'}) is None
    assert history.history_point({'schema': labels.SCHEMA, 'summary': {}}) is None


# --- renderings ----------------------------------------------------------------------------------------------------

NASTY = person(7, 'drift', drifts=[('incoming.announcements.new_number.destination', '+1408', '')],
               name='<script>alert("x")</script> | O\'Hara & Co', email='o.hara@example.com', location_name='R&D <lab>')


def test_json_is_stable_documented_and_has_no_file_operations():
    report = build([NASTY, person(1)], history=[earlier(20, 50.0)], history_keep=1)
    text = render(report, 'json')
    document = json.loads(text)
    assert text == render(report, 'json')
    assert list(document) == sorted(document)
    assert document['schema_version'] == labels.SCHEMA_VERSION == 1
    assert 'prune' not in document['history'] and report['history']['prune']
    with open(os.path.join(ROOT, 'roles', 'intercept_audit', 'README.md')) as handle:
        documented = handle.read()
    for key in document:
        assert '`%s`' % key in documented, 'the README does not document the JSON key %s' % key


def test_csv_has_one_row_per_drifting_setting_and_per_unreadable():
    entries = organization(2, [('hq', 'enabled')], 1) + [NASTY]
    rows = list(csv.DictReader(io.StringIO(render(build(entries), 'csv'))))
    assert [(row['email'], row['status'], row['field']) for row in rows] == [
        ('p200@example.com', 'unreadable', ''), ('p100@example.com', 'drift', 'enabled'),
        ('o.hara@example.com', 'drift', 'incoming.announcements.new_number.destination')]
    assert rows[0]['error'] == 'HTTP 404'
    assert (rows[1]['expected'], rows[1]['actual'], rows[1]['expected_label'], rows[1]['actual_label']) == (
        'false', 'true', 'Off', 'On')
    assert rows[2]['display_name'] == NASTY['name'] and rows[2]['actual_label'] == 'none'
    assert rows[2]['api_name'] == 'incoming.announcements.newNumber.destination'


def test_markdown_escapes_and_holds_the_facts():
    report = build(organization(2, [('hq', 'enabled')]) + [NASTY], baseline={'enabled': False},
                   exceptions=[{'email': 'gone@example.com', 'enabled': True}])
    text = render(report, 'markdown')
    assert '**DRIFT FOUND: 50% compliant** (2 of 4)' in text
    assert '| 4 | 2 | 2 | 0 | 50% |' in text
    assert "| <script>alert(\"x\")</script> \\| O'Hara & Co | o.hara@example.com |" in text
    assert '### R&D <lab> (1)' in text
    assert '| gone@example.com | Call intercept on: On | Stale: no such target |' in text
    assert '| Call intercept on | `enabled` | Off |' in text
    assert '## Trend' not in text


def test_junit_parsed_by_a_junit_parser(tmp_path):
    junitparser = pytest.importorskip('junitparser')
    path = tmp_path / 'audit.xml'
    path.write_text(render(build(organization(2, [('hq', 'enabled')], 1) + [NASTY]), 'junit'))
    xml = junitparser.JUnitXml.fromfile(str(path))
    assert (xml.tests, xml.failures, xml.errors) == (5, 2, 1)
    cases = dict((case.name, case) for suite in xml for case in suite)
    nasty = cases['o.hara@example.com (%s)' % NASTY['name']]
    assert isinstance(nasty.result[0], junitparser.Failure)
    assert nasty.result[0].message == 'drifts in 1 setting: Incoming: new number announced'
    assert 'expected +1408, actual none' in nasty.result[0].text
    assert sorted(suite.name for suite in xml) == ['BRANCH', 'HQ', 'R&D <lab>']
    assert isinstance(cases['p200@example.com (Person 200)'].result[0], junitparser.Error)


class Elements(HTMLParser):
    def __init__(self):
        HTMLParser.__init__(self)
        self.tags = []
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, dummy in attrs)


def test_html_is_self_contained_and_escaped():
    history = [earlier(day, 50.0 + day) for day in range(10, 22)]
    report = build(organization(2, [('hq', 'enabled')]) + [NASTY], history=history,
                   exceptions=[{'email': 'gone@example.com', 'enabled': True}])
    page = render(report, 'html')
    parser = Elements()
    parser.feed(page)
    assert not set(parser.tags) & {'script', 'link', 'img', 'iframe', 'object', 'embed'}
    assert not set(parser.attributes) & {'src', 'href', 'srcset'}
    assert not re.search(r'url\(|@import|https?://(?!www\.w3\.org/2000/svg)', page)
    assert '<script>alert' not in page and '&lt;script&gt;alert' in page
    assert '<div id="compliance">50%</div>' in page
    assert page.count('class="trend-point"') == 13
    assert 'data-status="drift"' in page and 'background:#b42318' in page
    assert 'title="incoming.announcements.newNumber.destination"' not in page
    assert 'Incoming: new number announced<br><span class="api" title="API name">incoming.announcements.newNumber.destination' in page
    assert 'Stale: no such target' in page


def test_html_of_a_first_compliant_audit():
    page = render(build(organization(3)), 'html')
    assert 'data-status="compliant"' in page and 'background:#1e7b34' in page
    assert 'the trend starts with the next one' in page and 'chart-trend' not in page
    assert 'Nobody drifts from the baseline.' in page and 'No setting drifts.' in page


# --- from the compare filter, through the filters --------------------------------------------------------------------

OFF = {'enabled': False, 'incoming': {'type': 'INTERCEPT_ALL', 'voicemail_enabled': False,
                                      'announcements': {'greeting': 'DEFAULT', 'new_number': {'enabled': False, 'destination': ''},
                                                        'zero_transfer': {'enabled': False, 'destination': ''}}},
       'outgoing': {'type': 'INTERCEPT_ALL', 'transfer_enabled': False, 'destination': ''}}


def info(number, location='L1', **changes):
    intercept = json.loads(json.dumps(OFF))
    intercept.update(changes)
    return dict(person_id='P%d' % number, email='p%d@example.com' % number, display_name='Person %d' % number,
                location_id=location, location_name='Site ' + location, greeting_file_name='', intercept=intercept,
                error=None)


def test_filters_from_the_engine_plan_to_rendered_reports():
    persons = [info(1), info(2, enabled=True), info(3, 'L2'), dict(info(4), intercept=None, error='HTTP 500')]
    people = 'p1@example.com, p2@example.com p3@example.com\np4@example.com;p9@example.com'
    plan = intercept_plan(persons, {'enabled': False}, people=people, on_missing='report')
    report = intercept_audit_report(plan, baseline={'enabled': False}, generated=TIME, people=people,
                                    report_dir='/tmp/r/', formats=['html', 'junit'])
    assert [(entry['email'], entry['status'], entry['location']) for entry in report['entries']] == [
        ('p9@example.com', 'unreadable', 'No location'), ('p1@example.com', 'compliant', 'Site L1'),
        ('p2@example.com', 'drift', 'Site L1'), ('p4@example.com', 'unreadable', 'Site L1'),
        ('p3@example.com', 'compliant', 'Site L2')]
    assert report['summary']['missing'] == 1
    assert report['files'] == {'html': '/tmp/r/intercept-audit.html', 'junit': '/tmp/r/intercept-audit.xml'}
    assert report['reports'] == ['/tmp/r/intercept-audit.html', '/tmp/r/intercept-audit.xml']
    assert intercept_audit_render(report, 'markdown').startswith('# Webex Calling call intercept audit')
    with pytest.raises(AnsibleFilterError, match='is not a report format'):
        intercept_audit_render(report, 'pdf')
    with pytest.raises(AnsibleFilterError, match='takes the report built by'):
        intercept_audit_render({'summary': {}}, 'html')
    assert report['scope'] == '5 people listed'
    with pytest.raises(AnsibleFilterError, match='intercept_audit_baseline.enabeld is not a call intercept setting'):
        intercept_audit_report(plan, baseline={'enabeld': False}, generated=TIME)
    with pytest.raises(AnsibleFilterError, match='takes the plans returned by webex.calling.intercept_plan, not str'):
        intercept_audit_report(['p1@example.com'], generated=TIME)
    with pytest.raises(AnsibleFilterError, match='takes the plans returned by webex.calling.intercept_plan, not NoneType'):
        intercept_audit_report(None, generated=TIME)
    with pytest.raises(AnsibleFilterError, match='takes the plans returned by webex.calling.intercept_plan; an entry is str'):
        intercept_audit_report({'people': ['p1@example.com']}, generated=TIME)
