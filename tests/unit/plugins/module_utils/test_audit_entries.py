# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's targets from the engine's plans (_audit.model.entries_from_plan) field by field, and their status."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import csv
import io
import os
import re

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit import history, html_report, labels, model, text
from ansible_collections.webex.calling.plugins.module_utils._audit.render import render
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS
from ansible_collections.webex.calling.plugins.module_utils._compare import Request, compare, summarize

GOLDEN = os.path.join(os.path.dirname(__file__), 'golden')
BASELINE = {'enabled': True, 'incoming': {'voicemail_enabled': False}}


def person(person_id, email, enabled, **extra):
    return dict(dict(person_id=person_id, email=email, display_name=email.split('@')[0].title(), location_id='L1',
                     location_name='Main office', intercept={'enabled': enabled, 'incoming': {'voicemail_enabled': True}},
                     greeting_file_name=None, error=None, overridden_by_location=False), **extra)


def refused(plans):
    with pytest.raises(labels.AuditReportError) as caught:
        model.entries_from_plan(plans)
    return str(caught.value)


def test_entries_from_the_plans_of_people_and_workspaces_field_by_field():
    people = [person('p1', 'alice@x.com', False), person('p2', 'bob@x.com', True, overridden_by_location=True),
              person('p3', 'carol@x.com', True, overridden_by_location=None,
                     intercept={'enabled': True, 'incoming': {'voicemail_enabled': False}})]
    people_plan = summarize(compare(people, Request(BASELINE, people=['alice@x.com', 'bob@x.com', 'carol@x.com',
                                                                      'nobody@x.com']), on_missing='report'))
    workspaces = [dict(workspace_id='w1', display_name='Lobby', location_id='L2', location_name=None, error=None,
                       intercept=None, greeting_file_name=None)]
    workspace_plan = summarize(compare(workspaces, Request(BASELINE), kind=OWNERS['workspace']))
    entries = model.entries_from_plan([people_plan, workspace_plan])
    assert entries[0] == dict(
        kind='person', id='p1', name='Alice', email='alice@x.com', location_id='L1', location_name='Main office',
        status='drift', error=None, found=True, drifts=[
            dict(setting='enabled', api_name='enabled', expected=True, actual=False),
            dict(setting='incoming.voicemail_enabled', api_name='incoming.voicemailEnabled', expected=False,
                 actual=True)])
    assert [(entry['id'], entry['status'], entry['error'], entry['found']) for entry in entries[1:]] == [
        ('p2', 'overridden', None, True),
        ('p3', 'unreadable', labels.OVERRIDE_UNKNOWN, True),
        (None, 'unreadable', 'matches no Webex Calling person among those read', False),
        ('w1', 'unreadable', 'the settings of this workspace were not read', True)]
    assert entries[1]['drifts'] == [dict(setting='incoming.voicemail_enabled', api_name='incoming.voicemailEnabled',
                                         expected=False, actual=True)]
    assert entries[3]['email'] == 'nobody@x.com' and entries[3]['name'] is None
    assert (entries[4]['kind'], entries[4]['name'], entries[4]['location_id']) == ('workspace', 'Lobby', 'L2')
    assert model.entries_from_plan(people_plan)[:1] == entries[:1]


def test_a_planned_entry_without_kind_is_a_person_and_without_found_was_found():
    entries = model.entries_from_plan({'people': [dict(person_id='p9', details=[], error=None)]})
    assert entries == [dict(kind='person', id='p9', name=None, email=None, location_id=None, location_name=None,
                            status='compliant', drifts=[], error=None, found=True)]


def test_plans_that_are_not_plans_word_for_word():
    assert refused('plan') == 'the audit takes the plans returned by webex.calling.intercept_plan, not str'
    assert refused([{'people': []}, {'persons': []}]) == (
        'the audit takes the plans returned by webex.calling.intercept_plan, not dict')
    assert refused({'people': [5]}) == ('the audit takes the plans returned by webex.calling.intercept_plan; an entry '
                                        'is int')
    assert refused({'people': [{'kind': 'location'}]}) == (
        "a planned target's kind 'location' is not one of person, workspace, virtual_line")


def test_kinds_in_words_and_an_overridden_target_own_settings():
    assert model.kinds_text({'workspace': 1, 'person': 3, 'virtual_line': 2}) == '3 people, 1 workspace, 2 virtual lines'
    assert model.kinds_text({'person': 1, 'workspace': 2}) == '1 person, 2 workspaces'
    assert model.own_settings_text({'drifts': []}) == 'comply'
    drifts = [dict(label='Intercept', actual_label='off'), dict(label='Voicemail', actual_label='on')]
    assert model.own_settings_text({'drifts': drifts}) == 'also drift: Intercept is off, Voicemail is on'


def point(generated, compliance, drifted=0, overridden=0, unreadable=0, status='compliant'):
    return dict(generated=generated, compliance_percent=compliance, drifted=drifted, overridden=overridden,
                unreadable=unreadable, status=status)


def test_the_trend_chart_of_three_audits_drawn_exactly():
    """50, 75 and 100 %: the scale starts at 50 %, the plot is 920 x 158 from (60, 22), one dot and two labels each."""
    chart = html_report.trend_chart([point('2026-11-01T08:00:00Z', 50, 2, 1, 0, 'drift'),
                                     point('2026-11-02T08:30:00Z', 75, 1, None, 1, 'unreadable'),
                                     point('2026-11-03T09:45:00Z', 100)])
    grey = 'font-size="11" text-anchor="%s" fill="#5b6475" font-weight="normal"'
    expected = ['<svg id="chart-trend" role="img" aria-label="Compliance over time" width="100%" viewBox="0 0 1040 220" '
                'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">']
    for y, label in (('180.0', '50%'), ('140.5', '62.5%'), ('101.0', '75%'), ('61.5', '87.5%'), ('22.0', '100%')):
        expected.append('<line x1="60" x2="980" y1="%s" y2="%s" stroke="#e4e7ec"/>' % (y, y))
        expected.append('<text x="54" y="%.1f" %s>%s</text>' % (float(y) + 4, grey % 'end', label))
    expected.append('<polyline class="trend-line" fill="none" stroke="#2563eb" stroke-width="3" '
                    'points="60.0,180.0 520.0,101.0 980.0,22.0"/>')
    for x, y, colour, title, date, label in (
            ('60.0', '180.0', '#b42318', '2026-11-01T08:00:00Z: 50% compliant, 2 drifting, 1 overridden, 0 unreadable',
             '2026-11-01 08:00', '50%'),
            ('520.0', '101.0', '#b54708', '2026-11-02T08:30:00Z: 75% compliant, 1 drifting, 0 overridden, 1 unreadable',
             '2026-11-02 08:30', '75%'),
            ('980.0', '22.0', '#1e7b34', '2026-11-03T09:45:00Z: 100% compliant, 0 drifting, 0 overridden, 0 unreadable',
             '2026-11-03 09:45', '100%')):
        expected.append('<circle class="trend-point" cx="%s" cy="%s" r="5" fill="%s" stroke="#fff" stroke-width="2">'
                        '<title>%s</title></circle>' % (x, y, colour, title))
        expected.append('<text x="%s" y="198" %s>%s</text>' % (x, grey % 'middle', date))
        expected.append('<text x="%s" y="%.1f" font-size="11" text-anchor="middle" fill="#1d2433" font-weight="bold">'
                        '%s</text>' % (x, float(y) - 10, label))
    expected.append('</svg>')
    assert chart == ''.join(expected)


def test_the_trend_chart_labels_every_other_audit_of_seventeen_and_the_last():
    points = [point('2026-11-%02dT08:00:00Z' % day, 80 + day, status='other') for day in range(1, 18)]
    chart = html_report.trend_chart(points)
    dates = [day for day in range(1, 18) if '>2026-11-%02d 08:00</text>' % day in chart]
    assert dates == [1, 3, 5, 7, 9, 11, 13, 15, 17]
    assert chart.count('fill="#2563eb" stroke="#fff"') == 17
    assert '<line x1="60" x2="980" y1="180.0" y2="180.0" stroke="#e4e7ec"/>' in chart  # the scale starts at 80 %


def test_a_single_audit_is_drawn_in_the_middle_on_a_scale_from_90():
    chart = html_report.trend_chart([point('2026-11-01T08:00:00Z', 100)])
    assert 'points="520.0,22.0"' in chart and '>90%</text>' in chart


def webex_id(text):
    return base64.urlsafe_b64encode(text.encode('ascii')).decode('ascii').rstrip('=')


def test_short_ids():
    assert labels.short_id(webex_id('ciscospark://us/PEOPLE/3d9a2f10-1b2c-4d5e-8f90-000000001002')) == '000000001002'
    assert labels.short_id(webex_id('ciscospark://us/PLACE/abc')) == 'abc'
    assert labels.short_id('0123456789abcdefghij') == '89abcdefghij'
    assert labels.short_id(webex_id('https://us/PEOPLE/3d9a2f10-000000001002')) == webex_id(
        'https://us/PEOPLE/3d9a2f10-000000001002')[-12:]
    assert labels.short_id('\u00e9\u00e9\u00e9') == '\u00e9\u00e9\u00e9'


def test_small_texts_of_the_report():
    assert text.md(None) == '' and text.md(0) == '0'
    assert text.md('a|b`c\\d\ne') == "a\\|b'c\\\\d e"
    assert text.expected_text([]) == 'the baseline'
    expected = [dict(label='Intercept', expected_label='on'), dict(label='Voicemail', expected_label='off')]
    assert text.expected_text(expected) == 'Intercept: on; Voicemail: off'
    drifts = [dict(label='Intercept', actual_label='off'), dict(label='Voicemail', actual_label='on')]
    assert text.exception_result(dict(result='not_met', result_label='Not met', drifts=drifts)) == (
        'Not met: Intercept is off, Voicemail is on')
    assert text.exception_result(dict(result='met', result_label='Met', drifts=drifts)) == 'Met'


def test_history_points_of_earlier_results():
    document = dict(schema=labels.SCHEMA, generated='2026-11-01T08:00:00Z', status='drift', scope_key='org',
                    organization={'id': 'O1'}, summary=dict(compliance_percent='50.0', audited=4, compliant=2, drifted=1,
                                                            overridden=1, unreadable=0))
    assert history.history_point(document, 'a.json') == dict(
        generated='2026-11-01T08:00:00Z', compliance_percent=50.0, audited=4, compliant=2, drifted=1, overridden=1,
        unreadable=0, status='drift', scope_key='org', organization_id='O1', file='a.json')
    assert history.history_point(dict(document, schema='other')) is None
    assert history.history_point(['not', 'a', 'result']) is None
    assert history.history_point(dict(document, summary=dict(document['summary'], audited='many'))) is None
    older = dict(document, summary=dict((key, value) for key, value in document['summary'].items() if key != 'overridden'))
    assert history.history_point(older)['overridden'] == 0


def test_the_csv_rows_of_each_status():
    drift = dict(setting='enabled', label='Intercept', api_name='enabled', expected=True, actual=False,
                 expected_label='on', actual_label='off')
    common = dict(kind='person', id='p1', email='a@x.com', name='Alice', location_id='L1', location_name='Main')
    entries = [dict(common, status='drift', drifts=[drift], error=None),
               dict(common, id=None, email=None, name=None, location_id=None, location_name=None, status='unreadable',
                    drifts=[], error='not read'),
               dict(common, status='overridden', drifts=[], error=None),
               dict(common, status='overridden', drifts=[drift], error=None),
               dict(common, status='compliant', drifts=[], error=None)]
    rows = list(csv.reader(io.StringIO(text.render_csv(dict(entries=entries)))))
    assert rows == [list(text.CSV_COLUMNS),
                    ['person', 'p1', 'a@x.com', 'Alice', 'L1', 'Main', 'drift', 'enabled', 'Intercept', 'enabled', 'true',
                     'false', 'on', 'off', ''],
                    ['person', '', '', '', '', '', 'unreadable', '', '', '', '', '', '', '', 'not read'],
                    ['person', 'p1', 'a@x.com', 'Alice', 'L1', 'Main', 'overridden', '', '', '', '', '', '', '', ''],
                    ['person', 'p1', 'a@x.com', 'Alice', 'L1', 'Main', 'overridden', 'enabled', 'Intercept', 'enabled',
                     'true', 'false', 'on', 'off', '']]


def test_a_planned_target_without_the_override_field_is_not_overridden():
    assert model.plan_status(dict(error=None), []) == ('compliant', None)
    assert model.plan_status(dict(error=None, overridden_by_location=False), [1]) == ('drift', None)


HEADLINE = ("4 of 5 need attention: 2 drift from the baseline, 1 are overridden by their location's call intercept, 1 could "
            "not be read. Most drift: Call intercept on (1). Least compliant location: BRANCH (0%).")
MARKDOWN = """# Webex Calling call intercept audit

**DRIFT FOUND: 20% compliant** (1 of 5)

HEADLINE

- Organization: Example Org
- Scope: every Webex Calling person and workspace
- Generated: 2026-11-24T10:15:00Z

| Audited | Compliant | Drifting | Unreadable | Compliance |
| ---: | ---: | ---: | ---: | ---: |
| 5 | 1 | 2 | 1 | 20% |

1 overridden by the call intercept of their location (not compliant while it is enabled).

## Drift by setting

| Setting | API name | Drifting |
| --- | --- | ---: |
| Call intercept on | `enabled` | 1 |
| Outgoing calls | `outgoing.type` | 1 |

## By location

| Location | Audited | Compliant | Drifting | Overridden | Unreadable | Compliance |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| BRANCH | 2 | 0 | 0 | 1 | 1 | 0% |
| HQ | 3 | 1 | 2 | 0 | 0 | 33.3% |

## Who drifts

### HQ (2)

| Name | Email or ID | Setting | Expected | Actual |
| --- | --- | --- | --- | --- |
| Person 2 | p2@example.com | Call intercept on (`enabled`) | Off | On |
| Lobby (workspace) | P5 | Outgoing calls (`outgoing.type`) | Intercept all | Allow local calls only |

## Overridden by a location's call intercept

While a location's own call intercept is enabled, it applies to everyone there.

### BRANCH (1 person)

| Name | Email or ID | Own settings |
| --- | --- | --- |
| Person 4 | p4@example.com | also drift: Incoming: callers may leave a voicemail is On |

## Could not be read

| Location | Name | Email or ID | Why |
| --- | --- | --- | --- |
| BRANCH | Person 3 | p3@example.com | HTTP 404 |

## Exceptions

| Target | Expected | Result |
| --- | --- | --- |
| p2@example.com | Call intercept on: Off | Not met: Call intercept on is On |
| gone@example.com | Call intercept on: On | Stale: no such target |

## Baseline

| Setting | API name | Expected |
| --- | --- | --- |
| Call intercept on | `enabled` | Off |
| Incoming: callers may leave a voicemail | `incoming.voicemailEnabled` | Off |
| Outgoing calls | `outgoing.type` | Intercept all |
"""


def test_the_markdown_report_word_for_word():
    """Two drifting targets (a person and a workspace), one overridden, one unreadable, a met and a stale exception."""
    entries = [target(1), target(2, 'drift', 'hq', [('enabled', False, True)]),
               target(3, 'unreadable', 'branch', error='HTTP 404'),
               target(4, 'overridden', 'branch', [('incoming.voicemail_enabled', False, True)]),
               dict(target(5, 'drift', 'hq', [('outgoing.type', 'INTERCEPT_ALL', 'ALLOW_LOCAL_ONLY')]), kind='workspace',
                    email=None, name='Lobby')]
    report = model.build_report(entries, baseline={'enabled': False, 'incoming': {'voicemail_enabled': False},
                                                   'outgoing': {'type': 'INTERCEPT_ALL'}},
                                exceptions=[{'email': 'p2@example.com', 'enabled': False},
                                            {'email': 'gone@example.com', 'enabled': True}],
                                organization={'id': 'O1', 'name': 'Example Org'}, generated='2026-11-24T10:15:00Z')
    assert render(report, 'markdown') == MARKDOWN.replace('HEADLINE', HEADLINE, 1)
    # The HTML and JUnit renderings of the same report, kept as files (checked by eye when they were written; write
    # render(report, fmt) over them, and read the diff, when the report is meant to change).
    for fmt, name in (('html', 'audit_report.html'), ('junit', 'audit_report.xml')):
        with open(os.path.join(GOLDEN, name), encoding='utf-8') as handle:
            assert render(report, fmt) == handle.read(), name
    document = render(report, 'json')
    assert document.startswith('{\n  "baseline": {\n    "enabled": false,\n    "incoming": {\n      "')
    assert document.endswith('\n}\n')


def target(number, status='compliant', location='hq', drifts=(), error=None):
    return dict(kind='person', id='P%d' % number, name='Person %d' % number, email='p%d@example.com' % number,
                location_id='L-' + location, location_name=location.upper(), status=status, error=error,
                drifts=[dict(setting=setting, expected=expected, actual=actual) for setting, expected, actual in drifts])


def test_the_markdown_of_a_compliant_audit_with_a_trend_and_no_baseline():
    earlier = {'schema': labels.SCHEMA, 'schema_version': 1, 'generated': '2026-11-23T10:00:00Z',
               'scope_key': 'organization', 'organization': {'id': 'O1', 'name': None}, 'status': 'drift',
               'summary': {'compliance_percent': 50.0, 'audited': 2, 'compliant': 1, 'drifted': 1, 'unreadable': 0}}
    name = 'intercept-audit-20261123T100000Z.json'
    entries = [dict(target(1), name=None), dict(target(2), name='B | C', email=None)]
    report = model.build_report(entries, organization={'id': 'O1', 'name': 'Example Org'}, generated='2026-11-24T10:15:00Z',
                                history=[dict(file=name, point=history.history_point(earlier, name))])
    assert render(report, 'markdown') == '\n'.join([
        '# Webex Calling call intercept audit', '', '**COMPLIANT: 100% compliant** (2 of 2)', '',
        'All 2 audited match the baseline.', '', '- Organization: Example Org', '- Scope: every Webex Calling person',
        '- Generated: 2026-11-24T10:15:00Z', '', '| Audited | Compliant | Drifting | Unreadable | Compliance |',
        '| ---: | ---: | ---: | ---: | ---: |', '| 2 | 2 | 0 | 0 | 100% |', '', '## Trend', '',
        '| Audit | Compliance | Drifting | Unreadable |', '| --- | ---: | ---: | ---: |',
        '| 2026-11-23T10:00:00Z | 50% | 1 | 0 |', '| 2026-11-24T10:15:00Z | 100% | 0 | 0 |', '', '## Baseline', '',
        '| Setting | API name | Expected |', '| --- | --- | --- |', '| (none: nothing is checked) | | |', ''])
    with open(os.path.join(GOLDEN, 'audit_report_trend.html'), encoding='utf-8') as handle:
        assert render(report, 'html') == handle.read()


def test_report_entries_field_by_field_and_in_the_terms_of_the_comparison():
    entries = [dict(kind='workspace', id='W1', name='Lobby', location_id='L1', location_name='Main', status='drift',
                    drifts=[dict(setting='outgoing.type', expected='INTERCEPT_ALL', actual='ALLOW_LOCAL_ONLY'),
                            dict(setting='enabled', expected=True, actual=False, api_name='enabled')]),
               dict(id='P1', email='a@x.com', error='HTTP 404', location_id='', location_name=''),
               dict(id='P2', email='b@x.com', status='overridden', found=0, drifts=[]),
               dict(id='P3', email='c@x.com')]
    report = model.build_report(entries, generated='2026-11-24T10:15:00Z')
    by_id = dict((entry['id'], entry) for entry in report['entries'])
    assert by_id['W1']['drifts'] == [
        dict(setting='enabled', label='Call intercept on', api_name='enabled', expected=True, actual=False,
             expected_label='On', actual_label='Off'),
        dict(setting='outgoing.type', label='Outgoing calls', api_name='outgoing.type', expected='INTERCEPT_ALL',
             actual='ALLOW_LOCAL_ONLY', expected_label='Intercept all', actual_label='Allow local calls only')]
    assert (by_id['W1']['kind'], by_id['W1']['name'], by_id['W1']['location_id'], by_id['W1']['location_name'],
            by_id['W1']['found']) == ('workspace', 'Lobby', 'L1', 'Main', True)
    assert (by_id['P1']['status'], by_id['P1']['error'], by_id['P1']['location_id'], by_id['P1']['location_name'],
            by_id['P1']['kind']) == ('unreadable', 'HTTP 404', None, None, 'person')
    assert (by_id['P2']['status'], by_id['P2']['found']) == ('overridden', False)
    assert by_id['P3']['status'] == 'compliant' and by_id['P3']['email'] == 'c@x.com'
    assert report['drifted'] == [dict(
        kind='workspace', id='W1', person_id=None, email=None, display_name='Lobby', location_id='L1',
        location_name='Main', found=True, drift=['enabled', 'outgoing.type'], error=None,
        details=[dict(field='enabled', expected=True, actual=False),
                 dict(field='outgoing.type', expected='INTERCEPT_ALL', actual='ALLOW_LOCAL_ONLY')])]
    assert report['unreadable'] == [dict(
        kind='person', id='P1', person_id='P1', email='a@x.com', display_name=None, location_id=None,
        location_name=None, found=True, drift=[], details=[], error='HTTP 404')]
    assert [entry['id'] for entry in report['overridden']] == ['P2']
    assert report['overridden'][0]['found'] is False


@pytest.mark.parametrize('entry, message', [
    ('P1', 'each audited target is a dictionary, not str'),
    (dict(kind='location', id='L1'), "target kind 'location' is not one of person, workspace, virtual_line"),
    (dict(id='P1', status='fine'), "target status 'fine' is not one of compliant, drift, overridden, unreadable"),
])
def test_malformed_report_entries_word_for_word(entry, message):
    with pytest.raises(labels.AuditReportError) as caught:
        model.build_report([entry], generated='2026-11-24T10:15:00Z')
    assert str(caught.value) == message


def test_scopes_and_their_keys():
    entries = [dict(location_id='L1', location_name=None), dict(location_id='L1', location_name='Main'),
               dict(location_id='L2', location_name='Other')]
    assert model.describe_scope('L1', None, entries) == ('location', 'location:L1', 'location Main')
    assert model.describe_scope('L9', None, entries, kinds=('workspace', 'person')) == (
        'location', 'location:L9+person,workspace', 'location L9')
    assert model.describe_scope(None, None, [], kinds=('virtual_line', 'person', 'workspace')) == (
        'organization', 'organization+person,virtual_line,workspace',
        'every Webex Calling person, workspace and virtual line')
    assert model.describe_scope(None, None, [], kinds=('workspace',)) == (
        'organization', 'organization+workspace', 'every Webex Calling workspace')
    people = Request(None, people=['a@x.com', 'b@x.com']).people
    kind, key, text = model.describe_scope(None, people, [])
    assert (kind, text) == ('people', '2 people listed') and re.match(r'^people:[0-9a-f]{16}$', key)
    assert model.describe_scope(None, people[::-1], [])[1] == key
    assert model.describe_scope(None, people[:1], [])[1] != key
    mixed = Request(None, people=['a@x.com', {'workspace_name': 'Lobby'}], kinds='workspace').people
    assert model.describe_scope(None, mixed, [])[2] == '2 listed'


def test_the_gate_word_for_word():
    numbers = dict(audited=12, compliant=1, drifted=9, overridden=1, unreadable=1, compliance_percent=8.3)
    entries = [dict(status='compliant', email='ok@x.com')] + [
        dict(status='drift', email='d%d@x.com' % index) for index in range(11)]
    result = model.gate(numbers, entries, 50, 'yes', ['r.html', 'r.md'])
    assert result == dict(
        fail_on_drift=True, min_compliance=50, drift_failed=True, compliance_failed=True, failed=True,
        drift_message="9 of 12 audited drift from the baseline, 1 are overridden by their location's call intercept "
                      "and 1 could not be read (%s and 1 more); see r.html, r.md"
                      % ', '.join('d%d@x.com' % index for index in range(10)),
        compliance_message='compliance 8.3% (1 of 12 compliant) is below the minimum of 50%; see r.html, r.md')
    fine = dict(audited=2, compliant=1, drifted=1, overridden=0, unreadable=0, compliance_percent=50.0)
    result = model.gate(fine, [dict(status='drift', email='d@x.com')], 50, False, [])
    assert (result['failed'], result['drift_failed'], result['compliance_failed']) == (False, False, False)
    assert result['drift_message'] == '1 of 2 audited drift from the baseline and 0 could not be read (d@x.com)'
    assert model.gate(fine, [], 51, False, [])['compliance_failed'] is True
    assert model.gate(dict(fine, drifted=0, compliant=2), [], 0, True, [])['drift_failed'] is False


def test_the_report_model_around_its_entries():
    entries = [target(1), target(2, 'drift', 'hq', [('enabled', False, True)]),
               dict(target(3, 'overridden', 'branch'), kind='workspace')]
    report = model.build_report(entries, generated='2026-11-24T10:15:00Z', location_id='L-hq', report_dir='/tmp/r/',
                                formats=['json', 'csv'], history_keep=5, kinds='person, workspace')
    assert (report['scope_kind'], report['location_id'], report['status']) == ('location', 'L-hq', 'drift')
    assert report['summary']['status'] == 'drift' and report['summary']['kinds'] == ['person', 'workspace']
    assert report['summary']['by_kind'] == {
        'person': model.counts(report['entries'][1:]), 'workspace': model.counts(report['entries'][:1])}
    assert report['summary_line'] == ('3 audited (location HQ): 1 compliant (33.3%), 1 drifting, 1 overridden by their '
                                      'location, 0 unreadable.')
    assert report['files'] == {'json': '/tmp/r/intercept-audit.json', 'csv': '/tmp/r/intercept-audit.csv'}
    assert report['history'] == dict(directory='/tmp/r', keep=5, file='intercept-audit-20261124T101500Z.json', prune=[])
    assert report['trend'] == [dict(generated='2026-11-24T10:15:00Z', compliance_percent=33.3, audited=3, compliant=1,
                                    drifted=1, overridden=1, unreadable=0, status='drift',
                                    scope_key='location:L-hq+person,workspace', organization_id=None,
                                    file='intercept-audit-20261124T101500Z.json')]
    assert [entry['id'] for entry in report['unreadable']] == []
    assert model.build_report([], generated='2026-11-24T10:15:00Z', report_dir='/')['history']['directory'] == '/'
    assert model.build_report([], generated='2026-11-24T10:15:00Z')['history']['directory'] == '.'
    with pytest.raises(labels.AuditReportError) as caught:
        model.build_report([], generated='2026-11-24T10:15:00Z', formats=['pdf', 'doc', 'json'])
    assert str(caught.value) == ('intercept_audit_formats: pdf, doc is not a report format; use markdown, html, json, '
                                 'csv, junit')
    with pytest.raises(labels.AuditReportError) as caught:
        model.build_report([], generated='2026-11-24T10:15:00Z', kinds=['person', 'room', 'desk'])
    assert str(caught.value) == ('intercept_audit_kinds: room, desk is not a kind of target the audit reads; use '
                                 'person, workspace, virtual_line')
