# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit report model (module_utils/_audit/model.py) word for word where the other tests only sample it: who last
changed a drifting target, the order of targets, locations and settings, the exceptions' rows, the headline, the gate
and the options with their defaults and boundaries."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit import labels, model
from ansible_collections.webex.calling.plugins.module_utils._compare import Request
from test_audit_changed_by import ENTRIES, change
from test_audit_report import build, person

BASELINE = {'enabled': False}
WINDOW = {'from': '2026-12-01T00:00:00.000Z', 'to': '2026-12-04T10:00:00.000Z'}


def changed(changes, **extra):
    """The report of ENTRIES (ana and bob drift, cy complies) with these changes (and the window, warning given)."""
    return build(ENTRIES, baseline=BASELINE, changes=dict(dict(window=WINDOW, warning=None, changes=changes), **extra))


def changed_by(changes, target='ana'):
    return dict((item['id'], item['changed_by']) for item in changed(changes)['entries'])[target]


def label_of(**event):
    """The "changed by" label of ana from one event."""
    return changed_by([dict(dict(kind='person', id='ana'), **event)])['label']


# --- changed by ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('changes, kind', [([], 'list'), ('events', 'str'), (dict(changes='none'), 'dict')])
def test_changes_that_are_not_the_modules_result_are_refused_word_for_word(changes, kind):
    """The refusal names the type of what was given."""
    with pytest.raises(labels.AuditReportError) as caught:
        model.attach_changes([], changes)
    assert str(caught.value) == ('changes must be the result of webex.calling.webex_admin_audit_events_info (a '
                                 'dictionary with a list of changes), not %s' % kind)


def test_a_change_without_the_id_of_its_target_is_refused_word_for_word():
    with pytest.raises(labels.AuditReportError) as caught:
        changed([dict(time='x')])
    assert str(caught.value) == "each change must be a dictionary with the id of its target, not {'time': 'x'}"


def test_the_latest_change_wins_whatever_the_order_of_the_events():
    early = change('ana', '2026-12-04T08:00:00.000Z', 'early@example.com')
    late = change('ana', '2026-12-04T09:14:03.123Z', 'late@example.com')
    assert changed_by([early, late])['email'] == 'late@example.com'
    assert changed_by([late, early])['email'] == 'late@example.com'


def test_of_two_changes_at_the_same_time_the_one_listed_last_is_shown():
    first = change('ana', '2026-12-04T08:00:00.000Z', 'first@example.com')
    second = change('ana', '2026-12-04T08:00:00.000Z', 'second@example.com')
    assert changed_by([first, second])['email'] == 'second@example.com'


def test_changed_by_of_an_entry_field_by_field():
    """email, name and time of the event, and the label."""
    event = dict(kind='person', id='ana', time='2026-12-04T09:14:03.123Z',
                 actor=dict(email='admin@example.com', name='Ada Admin', id='A1', org_id='O1'))
    assert changed_by([event]) == dict(email='admin@example.com', name='Ada Admin', time='2026-12-04T09:14:03.123Z',
                                       label='changed by admin@example.com at 2026-12-04 09:14 UTC')


def test_changed_by_of_an_event_without_actor_or_time():
    assert changed_by([dict(kind='person', id='ana')]) == dict(
        email=None, name=None, time=None, label='changed by an unknown administrator at an unknown time')


@pytest.mark.parametrize('actor, who', [
    (dict(email=None, name='Ada Admin', id='A1'), 'Ada Admin'),
    (dict(name='Ada Admin'), 'Ada Admin'),
    (dict(email='', name='', id='A1'), 'A1'),
    (dict(id='A1'), 'A1'),
    ({}, 'an unknown administrator'),
    (None, 'an unknown administrator'),
])
def test_the_administrator_is_named_by_email_else_name_else_id(actor, who):
    assert label_of(actor=actor, time='2026-12-04T09:14:03Z') == 'changed by %s at 2026-12-04 09:14 UTC' % who


@pytest.mark.parametrize('time, when', [
    ('2026-12-04T09:14', '2026-12-04 09:14 UTC'),
    ('2026-12-04T09:1', 'an unknown time'),
    ('2026-12-04', 'an unknown time'),
    ('', 'an unknown time'),
    (None, 'an unknown time'),
])
def test_a_time_is_shown_to_the_minute_and_only_when_it_has_one(time, when):
    assert label_of(actor=dict(email='a@x.com'), time=time) == 'changed by a@x.com at %s' % when


@pytest.mark.parametrize('window', [None, 'last week'], ids=['none', 'text'])
def test_a_window_that_is_not_a_dictionary_is_no_period(window):
    report = changed([], window=window)
    assert report['changed_by'] == dict(window_from=None, window_to=None, warning=None, drifted_explained=0)


def test_the_note_when_the_events_could_not_be_read_word_for_word():
    report = changed([], warning='the token lacks the scope audit:events_read')
    assert model.changed_by_note(report) == ('Who changed each target is not shown: the token lacks the scope '
                                             'audit:events_read')
    assert model.changed_by_note(changed([])) is None


# --- order of targets, locations and settings ---------------------------------------------------------------------

def test_targets_are_ordered_by_location_then_name_ignoring_case():
    """"_" sorts before letters in lower case but after them in upper case."""
    entries = [person(1, location='ba', email='b@x.com'), person(2, location='b_east', email='zed@x.com'),
               person(3, location='b_east', email='Ya@x.com'), person(4, location='b_east', email='Y_b@x.com')]
    report = build(entries)
    assert [item['id'] for item in report['entries']] == ['P4', 'P3', 'P2', 'P1']


def test_locations_of_equal_compliance_most_attention_first_then_by_name_ignoring_case():
    entries = ([person(1, location='alpha'), person(2, 'drift', 'alpha', [('enabled', False, True)])]
               + [person(3 + index, location='beta') for index in range(2)]
               + [person(5 + index, 'drift', 'beta', [('enabled', False, True)]) for index in range(2)]
               + [person(7, 'unreadable', 'ba', error='HTTP 500'), person(8, 'unreadable', 'b_x', error='HTTP 500')])
    rows = build(entries)['by_location']
    assert [(row['location_id'], row['location_name'], row['label'], row['compliance_percent']) for row in rows] == [
        ('L-b_x', 'B_X', 'B_X', 0.0), ('L-ba', 'BA', 'BA', 0.0), ('L-beta', 'BETA', 'BETA', 50.0),
        ('L-alpha', 'ALPHA', 'ALPHA', 50.0)]


def test_settings_of_equal_drift_count_follow_the_settings_table_and_unknown_ones_come_last():
    drifts = [('custom.setting', False, True), ('outgoing.destination', '', '+1'),
              ('outgoing.type', 'INTERCEPT_ALL', 'ALLOW_LOCAL_ONLY')]
    report = build([person(1, 'drift', drifts=drifts)])
    order = ['outgoing.type', 'outgoing.destination', 'custom.setting']
    assert [row['setting'] for row in report['by_setting']] == order
    assert [drift['setting'] for drift in report['entries'][0]['drifts']] == order
    assert report['entries'][0]['drifts'][2]['label'] == 'custom.setting'


def test_locations_overriding_most_targets_come_first_then_by_name_ignoring_case():
    entries = [person(1, 'overridden', 'alpha'), person(2, 'overridden', 'beta'), person(3, 'overridden', 'beta'),
               person(4, 'overridden', 'ba'), person(5, 'overridden', 'b_x')]
    assert [row['label'] for row in build(entries)['location_overrides']] == ['BETA', 'ALPHA', 'B_X', 'BA']


# --- entries ------------------------------------------------------------------------------------------------------

def test_the_api_name_given_with_a_drift_is_kept():
    target = person(1, 'drift')
    target['drifts'] = [dict(setting='enabled', api_name='callIntercept.enabled', expected=False, actual=True)]
    assert build([target])['entries'][0]['drifts'][0]['api_name'] == 'callIntercept.enabled'


def test_an_entry_without_status_drifts_when_it_has_drifts():
    report = build([dict(person(1, drifts=[('enabled', False, True)]), status=None)])
    assert report['entries'][0]['status'] == 'drift' and report['summary']['drifted'] == 1


def test_only_the_targets_of_an_exception_are_marked_as_excepted():
    report = build([person(1), person(2)], exceptions=[{'person_id': 'P2', 'enabled': True}])
    assert [(item['id'], item['exception']) for item in report['entries']] == [('P1', False), ('P2', True)]


# --- exceptions ---------------------------------------------------------------------------------------------------

def test_the_row_of_an_exception_without_its_target_word_for_word():
    row = build([person(1)], exceptions=[{'email': 'gone@example.com'}])['exceptions'][0]
    assert row == dict(kind='person', target='gone@example.com', target_key='email', settings=[], id=None, name=None,
                       location=None, drifts=[], error=None, result='stale', result_label='Stale: no such target')


def test_the_row_of_an_exception_of_a_target_not_read_word_for_word():
    row = build([person(1, 'unreadable', error='HTTP 500')], exceptions=[{'person_id': 'P1'}])['exceptions'][0]
    assert row == dict(kind='person', target='P1', target_key='person_id', settings=[], id='P1', name='Person 1',
                       location='HQ', drifts=[], error='HTTP 500', result='unreadable',
                       result_label='Could not be read')


def test_an_exception_matches_an_email_whatever_its_case():
    report = build([person(1, email='Ana.Admin@Example.com')], exceptions=[{'email': 'ana.admin@example.com'}])
    assert report['exceptions'][0]['result'] == 'met'


def test_an_exception_never_matches_a_target_not_found_or_of_another_kind():
    entries = [person(1, found=False), dict(person(2), kind='workspace', id='W2', email=None, name='Lobby')]
    report = build(entries, exceptions=[{'person_id': 'P1'}, {'person_id': 'W2'}, {'workspace_id': 'W2'}],
                   kinds='person, workspace')
    assert [row['result'] for row in report['exceptions']] == ['stale', 'stale', 'met']


def test_the_own_settings_of_an_exception_with_a_profile_are_the_profiles():
    request = Request(None, overrides=[{'person_id': 'P1', 'profile': 'off'}], profiles={'off': {'enabled': False}})
    assert model.exception_settings_of(request) == [({'person_id': 'P1'}, {'enabled': False})]


# --- scope --------------------------------------------------------------------------------------------------------

def test_the_key_of_a_people_audit_is_stable_across_versions():
    """The key of earlier audits in the history: it must not change, or the trend breaks."""
    people = Request(None, people=['a@x.com', 'b@x.com']).people
    assert model.describe_scope(None, people, [])[1] == 'people:11faf1b2e2bc1b8e'


def test_the_key_of_a_people_audit_depends_on_who_is_listed_not_on_the_order_of_keys():
    one = Request(None, people=[{'person_email': 'a@x.com', 'enabled': True}]).people
    same = Request(None, people=[{'enabled': True, 'person_email': 'a@x.com'}]).people
    other = Request(None, people=['b@x.com']).people
    assert model.describe_scope(None, one, [])[1] == model.describe_scope(None, same, [])[1]
    assert model.describe_scope(None, one, [])[1] != model.describe_scope(None, other, [])[1]


def test_one_person_listed_is_said_in_the_singular():
    people = Request(None, people=['a@x.com']).people
    assert model.describe_scope(None, people, [])[2] == '1 person listed'


# --- headline -----------------------------------------------------------------------------------------------------

def numbers(audited, compliant=0, drifted=0, overridden=0, unreadable=0):
    return dict(audited=audited, compliant=compliant, drifted=drifted, overridden=overridden, unreadable=unreadable,
                compliance_percent=labels.percent(compliant, audited))


def test_the_headline_of_one_compliant_target_word_for_word():
    assert build([person(1)])['headline'] == 'The one audited matches the baseline.'


def test_the_headline_without_scope_says_the_scope():
    assert model.headline(numbers(0), [], []) == model.nothing_audited_text('the scope')
    assert model.nothing_audited_text('the scope') == (
        'Nothing was audited (scope: the scope): no target matched, so there is no compliance to report (not '
        'compliant).')


def test_the_headline_of_one_location_names_no_least_compliant_location():
    report = build([person(1), person(2), person(3, 'drift', drifts=[('enabled', False, True)])])
    assert report['headline'] == ('1 of 3 needs attention: 1 drifts from the baseline, 0 could not be read. '
                                  'Most drift: Call intercept on (1).')


# --- gate ---------------------------------------------------------------------------------------------------------

def test_the_gate_without_scope_says_the_scope_and_what_to_check_in_an_organization():
    result = model.gate(numbers(0), [], 0, False, [])
    assert result['nothing_message'] == (
        'nothing was audited (scope: the scope): no Webex Calling target matched, so the audit cannot say it is '
        'compliant; check intercept_audit_org_id and intercept_audit_kinds (the organization has no Webex Calling '
        'target of the kinds audited)')
    assert model.gate(numbers(0), [], 0, False, [], 'a team', 'team')['nothing_message'] == result[
        'nothing_message'].replace('the scope', 'a team')


def test_the_drift_message_names_nobody_when_all_comply():
    assert model.gate(numbers(2, 2), [], 0, True, [])['drift_message'] == (
        '0 of 2 audited drift from the baseline and 0 could not be read')


@pytest.mark.parametrize('minimum, failed', [(0, False), (0.5, True), (1, True)])
def test_a_minimum_of_one_percent_or_less_fails_when_nothing_complies(minimum, failed):
    assert model.gate(numbers(2, 0, 2), [], minimum, False, [])['compliance_failed'] is failed


# --- options ------------------------------------------------------------------------------------------------------

def test_the_options_and_their_defaults():
    assert model.check_options() == ([], 0, labels.HISTORY_KEEP_DEFAULT, 'intercept-audit')


@pytest.mark.parametrize('value, expected', [(None, 0), ('', 0), ('0', 0), (100, 100), ('99.5', 99.5)])
def test_min_compliance_empty_is_zero_and_100_is_allowed(value, expected):
    assert build([person(1)], min_compliance=value)['gate']['min_compliance'] == expected


def test_history_keep_up_to_10000():
    assert build([person(1)], history_keep=10000)['history']['keep'] == 10000


def test_a_min_compliance_that_is_not_a_number_word_for_word():
    with pytest.raises(labels.AuditReportError) as caught:
        build([], min_compliance='most')
    assert str(caught.value) == "intercept_audit_min_compliance must be a number from 0 to 100, not 'most'"


@pytest.mark.parametrize('name', ['X-ray', 'XX.XX', 'XX..XX', 'audit.v2'])
def test_names_with_x_or_inner_dots_are_plain_file_names(name):
    assert model.check_report_name(name) == name


def test_a_report_directory_keeps_its_name_but_not_its_trailing_slash():
    report = build([person(1)], report_dir='/srv/audit-X/', formats=['json'])
    assert report['files'] == {'json': '/srv/audit-X/intercept-audit.json'}


# --- organization -------------------------------------------------------------------------------------------------

def test_an_organization_given_by_id_only_keeps_its_id():
    assert build([], organization={'id': 'O1'})['organization'] == {'id': 'O1', 'name': None}


def test_an_organization_given_by_name_only_takes_the_id_of_org_id():
    assert build([], organization={'name': 'Acme'}, org_id='O9')['organization'] == {'id': 'O9', 'name': 'Acme'}
