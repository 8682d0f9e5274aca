# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit report as Markdown, CSV and JUnit XML (module_utils/_audit/text.py) line for line where the survivors
were: a target drifting in two settings with its last change, the by-location table and when it is shown, the note
of a missing "changed by", the CSV's own columns and line ends, and the JUnit case of nothing audited."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from xml.etree import ElementTree

from ansible_collections.webex.calling.plugins.module_utils._audit.model import build_report
from ansible_collections.webex.calling.plugins.module_utils._audit.render import render
from ansible_collections.webex.calling.plugins.module_utils._audit.text import junit_time

from test_audit_changed_by import CHANGES, ENTRIES
from test_audit_report import build, organization, overridden, person

TIME = '2026-12-04T10:00:00Z'
TWO = person(5, 'drift', drifts=[('enabled', False, True), ('outgoing.type', 'INTERCEPT_ALL', 'ALLOW_LOCAL_ONLY')],
             name=None)
CHANGE = dict(kind='person', id='P5', actor=dict(email='x@example.com', name=None, id='x'), time='2026-12-04T09:30:00.000Z')


def with_changes(changes=None):
    """ana and bob drift (ana's last change is known), cy complies, and P5, unnamed, drifts in two settings."""
    changes = changes or dict(CHANGES, changes=CHANGES['changes'] + [CHANGE])
    return build_report([TWO] + ENTRIES, baseline={'enabled': False}, generated=TIME, changes=changes)


def test_markdown_a_target_drifting_in_two_settings_is_named_once_with_its_last_change():
    text = render(with_changes(), 'markdown')
    assert '\n'.join([
        '### HQ (1)', '',
        '| Name | Email or ID | Setting | Expected | Actual | Last change |',
        '| --- | --- | --- | --- | --- | --- |',
        '|  | p5@example.com | Call intercept on (`enabled`) | Off | On | changed by x@example.com at 2026-12-04 09:30 UTC |',
        '|  |  | Outgoing calls (`outgoing.type`) | Intercept all | Allow local calls only |  |', '',
    ]) in text
    assert '| Bob | bob@example.com | Call intercept on (`enabled`) | Off | On |  |' in text


def test_markdown_without_changed_by_has_no_last_change_column():
    text = render(build([TWO]), 'markdown')
    assert '\n'.join([
        '| Name | Email or ID | Setting | Expected | Actual |', '| --- | --- | --- | --- | --- |',
        '|  | p5@example.com | Call intercept on (`enabled`) | Off | On |',
        '|  |  | Outgoing calls (`outgoing.type`) | Intercept all | Allow local calls only |', '',
    ]) in text


def test_markdown_names_a_named_target_on_its_first_drift_only():
    text = render(build([dict(TWO, name='Pat')]), 'markdown')
    assert ('| Pat | p5@example.com | Call intercept on (`enabled`) | Off | On |\n'
            '|  |  | Outgoing calls (`outgoing.type`) | Intercept all | Allow local calls only |\n') in text


def test_markdown_note_of_a_missing_changed_by_comes_after_the_heading_of_who_drifts():
    report = with_changes(dict(changes=[], window={}, warning='the token lacks the scope audit:events_read'))
    text = render(report, 'markdown')
    assert text.startswith('# Webex Calling call intercept audit\n\n**DRIFT FOUND: 25% compliant** (1 of 4)\n')
    assert ('## Who drifts\n\nWho changed each target is not shown: the token lacks the scope audit:events_read\n\n'
            '### HQ (1)\n') in text


def test_markdown_by_location_without_overrides_word_for_word_least_compliant_first():
    text = render(build([TWO, person(1, location='branch')]), 'markdown')
    assert '\n'.join([
        '## By location', '',
        '| Location | Audited | Compliant | Drifting | Unreadable | Compliance |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        '| HQ | 1 | 0 | 1 | 0 | 0% |',
        '| BRANCH | 1 | 1 | 0 | 0 | 100% |', '',
    ]) in text


def test_markdown_by_location_with_overrides_has_their_column():
    text = render(build([overridden(1), person(2, location='branch')]), 'markdown')
    assert '\n'.join([
        '| Location | Audited | Compliant | Drifting | Overridden | Unreadable | Compliance |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| HQ | 1 | 0 | 0 | 1 | 0 | 0% |',
        '| BRANCH | 1 | 1 | 0 | 0 | 0 | 100% |', '',
    ]) in text


def test_markdown_by_location_is_shown_for_two_locations_or_for_one_that_needs_attention():
    assert '## By location' in render(build([person(1), person(2, location='branch')]), 'markdown')
    assert '## By location' in render(build(organization(2, unreadable=0) + [person(9, 'unreadable', error='x')]),
                                      'markdown')
    assert '## By location' not in render(build(organization(3)), 'markdown')


def csv_lines(report):
    return render(report, 'csv').split('\n')


def test_csv_with_changed_by_has_its_column_and_plain_line_ends():
    text = render(with_changes(), 'csv')
    assert '\r' not in text
    assert text.split('\n')[0] == ('kind,id,email,display_name,location_id,location_name,status,field,label,api_name,'
                                   'expected,actual,expected_label,actual_label,error,changed_by')
    assert text.split('\n')[1] == ('person,P5,p5@example.com,,L-hq,HQ,drift,enabled,Call intercept on,enabled,false,true,'
                                   'Off,On,,changed by x@example.com at 2026-12-04 09:30 UTC')


def test_csv_lists_no_drift_of_a_target_that_does_not_drift():
    """An unreadable target is one row, with its error, and a compliant one none, whatever drifts they carry."""
    entries = [person(1, 'unreadable', drifts=[('enabled', False, True)], error='HTTP 500'),
               person(2, 'compliant', drifts=[('enabled', False, True)])]
    assert csv_lines(build(entries))[1:] == ['person,P1,p1@example.com,Person 1,L-hq,HQ,unreadable,,,,,,,,HTTP 500', '']


def test_junit_of_nothing_audited_is_one_failing_case_in_one_suite():
    root = ElementTree.fromstring(render(build([]), 'junit').split('\n', 1)[1])
    suite = root.find('testsuite')
    assert suite.attrib == dict(name='nothing audited', id='0', tests='1', failures='1', errors='0', skipped='0', time='0',
                                timestamp='2026-11-24T10:15:00', hostname='webex')
    case = suite.find('testcase')
    assert case.attrib == dict(classname='webex.calling.intercept_audit', time='0',
                               name='audit of every Webex Calling person')
    assert case.find('failure').attrib['type'] == 'nothing_audited'


def test_junit_failure_of_two_drifts_and_the_last_change():
    root = ElementTree.fromstring(render(with_changes(), 'junit').split('\n', 1)[1])
    failure = root.find("testsuite[@name='HQ']/testcase/failure")
    assert failure.attrib['message'] == ('drifts in 2 settings: Call intercept on, Outgoing calls; changed by '
                                         'x@example.com at 2026-12-04 09:30 UTC')
    assert failure.text == ('Call intercept on (enabled): expected Off, actual On\n'
                            'Outgoing calls (outgoing.type): expected Intercept all, actual Allow local calls only')


def test_junit_error_of_a_target_unread_without_a_reason():
    text = render(build([person(1, 'unreadable')]), 'junit')
    assert '<error type="unreadable" message="not read" /></testcase>' in text


def test_junit_time_drops_only_a_trailing_z():
    assert junit_time('2026-12-04T10:00:00Z') == '2026-12-04T10:00:00'
    assert junit_time('2026-12-04T10:00:00') == '2026-12-04T10:00:00'
    assert junit_time('') == '' and junit_time(None) is None
