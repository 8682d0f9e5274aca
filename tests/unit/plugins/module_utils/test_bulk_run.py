# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""webex_intercepts (module_utils/_bulk) in process against the simulator: messages word for word, every entry's
fields, the counts, the diff and the requests sent (the end-to-end tests run the same through ansible-playbook)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

import pytest
from conftest import run_module
from default_settings import default_options

from ansible_collections.webex.calling.plugins.module_utils import _bulk
from ansible_collections.webex.calling.plugins.modules import webex_intercepts

ALICE = 'alice.anders@example.com'
BOB = 'bob.baker@example.com'
CAROL = 'carol.chen@example.com'
ERIN = 'erin.evans@example.com'
GONE = 'Z29uZS1wZXJzb24'
WAV = b'RIFF\x24\x00\x00\x00WAVEfmt ' + b'\x00' * 32


def run(simulator, intercepts, check_mode=False, diff=False, **options):
    """webex_intercepts' main() in process: (failed, result)."""
    return run_module(simulator, webex_intercepts, check_mode, diff, intercepts=intercepts, **options)


def pid(simulator, email):
    return simulator.person_by_email(email)['id']


def requests_sent(simulator):
    return [(entry['method'], entry['path'][len('/v1'):]) for entry in simulator.log()]


def writes(simulator):
    return [request for request in requests_sent(simulator) if request[0] != 'GET']


def intercept(owner_id, kind='people'):
    return '/%s/%s/features/intercept' % (kind, owner_id)


def test_each_outcome_in_one_task_word_for_word(simulator):
    alice, carol, erin = pid(simulator, ALICE), pid(simulator, CAROL), pid(simulator, ERIN)
    lobby = simulator.workspace_by_name('Lobby Phone')['id']
    before = dict((owner, simulator.get_intercept(owner)) for owner in (alice, carol, erin))
    simulator.add_faults([{'status': 400, 'method': 'PUT', 'path': '^/v1/people/%s/features/intercept$' % carol,
                           'body': {'message': 'Invalid field value', 'trackingId': 'TRACK-1'}}])
    failed, result = run(simulator, [{'person_email': ALICE.upper()}, {'person_id': carol, 'enabled': True},
                                     {'person_email': ERIN, 'enabled': True}, {'person_id': GONE},
                                     {'workspace_name': 'Lobby Phone'}], defaults={'enabled': True}, diff=True)
    assert failed
    assert result['counts'] == dict(total=5, changed=2, unchanged=1, failed=1, missing=1)
    assert result['changed'] is True
    assert result['msg'] == (
        '2 of the 5 targets failed, 2 changed, 1 unchanged: intercepts[1] (person %s): PUT /people/%s/features/'
        'intercept failed: HTTP 400: Invalid field value (trackingId TRACK-1, 1 attempt); intercepts[3] (person %s): '
        'GET /people/%s/features/intercept failed: HTTP 404: ' % (carol, carol, GONE, GONE)) + result['msg'].split(
        'GET /people/%s/features/intercept failed: HTTP 404: ' % GONE)[1]
    entries = result['intercepts']
    assert [entry['index'] for entry in entries] == [0, 1, 2, 3, 4]
    assert [entry['kind'] for entry in entries] == ['person'] * 4 + ['workspace']
    assert [entry['target'] for entry in entries] == [ALICE.upper(), carol, ERIN, GONE, 'Lobby Phone']
    assert [entry['id'] for entry in entries] == [alice, carol, erin, GONE, lobby]
    assert [entry['changed'] for entry in entries] == [True, False, False, False, True]
    assert [entry['failed'] for entry in entries] == [False, True, False, False, False]
    assert [entry['missing'] for entry in entries] == [False, False, False, True, False]
    assert [entry['written'] for entry in entries] == [['settings'], [], [], [], ['settings']]
    assert [entry['item'] for entry in entries] == [None, {'person_id': carol, 'enabled': True}, None,
                                                    {'person_id': GONE, 'enabled': True}, None]
    assert entries[0]['before'] == default_options('') and entries[0]['after'] == dict(default_options(''), enabled=True)
    assert entries[1]['after'] == entries[1]['before'] == default_options('')
    assert entries[1]['error'].startswith('PUT /people/%s/features/intercept failed: HTTP 400' % carol)
    assert entries[1]['api_error']['status'] == 400 and entries[1]['api_error']['tracking_id'] == 'TRACK-1'
    assert entries[2]['error'] is None and entries[2]['api_error'] is None and entries[2]['after'] == entries[2]['before']
    assert entries[3]['before'] is None and entries[3]['after'] is None and entries[3]['api_error']['status'] == 404
    assert result['diff'] == [
        dict(before_header='person %s (%s)' % (ALICE.upper(), alice), after_header='person %s (%s)' % (ALICE.upper(), alice),
             before=entries[0]['before'], after=entries[0]['after']),
        dict(before_header='workspace Lobby Phone (%s)' % lobby, after_header='workspace Lobby Phone (%s)' % lobby,
             before=entries[4]['before'], after=entries[4]['after'])]
    assert sorted(writes(simulator)) == sorted([('PUT', intercept(alice)), ('PUT', intercept(carol)),
                                                ('PUT', intercept(lobby, 'workspaces'))])
    assert simulator.get_intercept(alice) == dict(before[alice], enabled=True)
    assert simulator.get_intercept(carol) == before[carol] and simulator.get_intercept(erin) == before[erin]


def test_check_mode_writes_nothing_and_says_would_change(simulator):
    alice = pid(simulator, ALICE)
    failed, result = run(simulator, [{'person_id': alice, 'enabled': True}, {'person_email': 'nobody@example.com'}],
                         check_mode=True)
    assert failed
    assert result['msg'] == ('1 of the 2 targets failed, 1 would change, 0 unchanged: intercepts[1] (person '
                             'nobody@example.com): person_email nobody@example.com matches no Webex person in this '
                             'organization')
    assert result['changed'] is True and 'diff' not in result
    assert result['intercepts'][0]['after'] == dict(default_options(''), enabled=True)
    assert result['intercepts'][0]['written'] == []
    assert writes(simulator) == []
    assert result['intercepts'][1]['item'] == {'person_email': 'nobody@example.com'}


def test_an_unchanged_run_exits_without_a_diff_entry(simulator):
    failed, result = run(simulator, [{'person_email': BOB, 'enabled': True}], diff=True)
    assert not failed
    assert result['changed'] is False and result['diff'] == []
    assert result['counts'] == dict(total=1, changed=0, unchanged=1, failed=0, missing=0)
    assert writes(simulator) == []


@pytest.mark.parametrize('concurrency, message', [
    (0, 'concurrency must be between 1 and 64, not 0'), (65, 'concurrency must be between 1 and 64, not 65')])
def test_concurrency_out_of_range_is_refused(simulator, concurrency, message):
    failed, result = run(simulator, [{'person_email': BOB}], concurrency=concurrency)
    assert failed and result['msg'] == message
    assert simulator.log() == []


@pytest.mark.parametrize('concurrency', [1, 64])
def test_concurrency_at_the_bounds_works(simulator, concurrency):
    failed, result = run(simulator, [{'person_email': BOB, 'enabled': False}], concurrency=concurrency)
    assert not failed and result['changed'] is True


def test_missing_stop_writes_nothing_and_names_every_missing_target(simulator):
    items = [{'person_email': ALICE, 'enabled': True}, {'person_id': GONE, 'enabled': True},
             {'person_email': 'nobody@example.com', 'enabled': True}]
    failed, result = run(simulator, items, missing='stop', diff=True)
    assert failed
    assert result['msg'].startswith(
        'nothing was written: 2 of the 3 targets do not exist or have no Webex Calling: intercepts[1] (person %s): '
        'GET /people/%s/features/intercept failed: HTTP 404' % (GONE, GONE))
    assert result['msg'].endswith(
        '; intercepts[2] (person nobody@example.com): person_email nobody@example.com matches no Webex person in this '
        'organization; remove them, or set missing=skip to apply the others')
    assert result['changed'] is False and result['diff'] == []
    assert [entry['changed'] for entry in result['intercepts']] == [False, False, False]
    assert result['intercepts'][0]['after'] == result['intercepts'][0]['before'] == default_options('')
    assert writes(simulator) == []
    failed, result = run(simulator, items[2:], missing='stop')
    assert result['msg'].startswith('nothing was written: 1 of the 1 target does not exist or has no Webex Calling')


def test_missing_skip_warns_and_applies_the_others(simulator):
    alice = pid(simulator, ALICE)
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True}, {'person_email': 'nobody@example.com'}],
                         missing='skip')
    assert not failed
    assert result['warned'] == ['1 of the 2 targets does not exist or has no Webex Calling and was skipped: '
                                'nobody@example.com']
    assert writes(simulator) == [('PUT', intercept(alice))]
    failed, result = run(simulator, [{'person_email': 'nobody@example.com'}, {'person_id': GONE}], missing='skip')
    assert not failed
    assert result['warned'] == ['2 of the 2 targets do not exist or have no Webex Calling and were skipped: '
                                'nobody@example.com, %s' % GONE]
    assert result['changed'] is False


def test_a_long_failure_list_is_cut_after_25(simulator):
    items = [{'person_email': 'nobody%02d@example.com' % index} for index in range(27)]
    failed, result = run(simulator, items)
    assert failed
    assert result['msg'].endswith('; intercepts[24] (person nobody24@example.com): person_email nobody24@example.com '
                                  'matches no Webex person in this organization; and 2 more (see intercepts)')
    assert 'nobody25' not in result['msg']
    assert len(result['intercepts']) == 27
    failed, result = run(simulator, items[:25])
    assert result['msg'].endswith('nobody24@example.com matches no Webex person in this organization')


def test_an_ambiguous_name_stops_before_any_read(simulator):
    desks = [person['id'] for person in simulator.people() if 'shared.desk@example.com' in person['emails']]
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True},
                                     {'person_email': 'Shared.Desk@example.com', 'enabled': True}])
    assert failed
    assert result['msg'] in ['intercepts[1]: person_email Shared.Desk@example.com matches 2 people (%s, %s); use person_id '
                             'to choose one; nothing was written' % tuple(pair) for pair in (desks, desks[::-1])]
    assert [method for method, path in requests_sent(simulator)] == ['GET'] and requests_sent(simulator)[0][1] == '/people'


def test_one_name_is_one_lookup_and_several_one_listing(simulator):
    failed, result = run(simulator, [{'person_email': ALICE}], defaults={'enabled': False})
    assert not failed
    queries = [entry['query'] for entry in simulator.log() if entry['route'] == '/people']
    assert queries == [{'callingData': 'true', 'max': '100', 'email': ALICE}]
    simulator.clear_log()
    failed, result = run(simulator, [{'person_email': ALICE}, {'person_email': BOB}, {'virtual_line_name': 'Main Line'},
                                     {'virtual_line_name': 'Night Line', 'enabled': True}], defaults={'enabled': False},
                         location_id=simulator.location_by_name('Headquarters')['id'])
    assert not failed
    people = [entry['query'] for entry in simulator.log() if entry['route'] == '/people']
    assert people[0] == {'callingData': 'true', 'max': '100', 'locationId': simulator.location_by_name('Headquarters')['id']}
    lines = [entry['query'] for entry in simulator.log() if entry['route'] == '/telephony/config/virtualLines']
    assert all('locationId' in query for query in lines)
    night = [entry for entry in result['intercepts'] if entry['target'] == 'Night Line'][0]
    assert night['changed'] is True


def test_a_listing_refused_fails_the_task_with_its_api_error(simulator):
    simulator.add_faults([{'status': 403, 'method': 'GET', 'path': '^/v1/people$',
                           'body': {'message': 'Forbidden', 'trackingId': 'TRACK-2'}}])
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True}])
    assert failed
    assert result['msg'] == 'GET /people failed: HTTP 403: Forbidden (trackingId TRACK-2, 1 attempt); nothing was written'
    assert result['api_error']['status'] == 403 and result['api_error']['tracking_id'] == 'TRACK-2'
    assert writes(simulator) == []


def test_everyone_needs_a_location(simulator):
    failed, result = run(simulator, [], everyone=['person', 'workspace'])
    assert failed
    assert result['msg'] == ('everyone (person, workspace) needs location_id: the location whose targets are meant; '
                             'nothing was sent')
    assert simulator.log() == []


def test_everyone_at_a_location_gets_the_defaults_sorted_by_kind_then_name(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    alice = pid(simulator, ALICE)
    failed, result = run(simulator, [{'person_id': alice, 'enabled': False}], everyone=['workspace', 'person'],
                         location_id=hq, defaults={'enabled': True}, check_mode=True)
    assert not failed, result
    entries = result['intercepts']
    assert entries[0]['target'] == alice and entries[0]['changed'] is False
    site = entries[1:]
    assert [entry['index'] for entry in site] == list(range(1, len(entries)))
    kinds = [entry['kind'] for entry in site]
    assert kinds == sorted(kinds, key=['person', 'workspace'].index) and set(kinds) == {'person', 'workspace'}
    for kind in ('person', 'workspace'):
        names = [entry['target'] for entry in site if entry['kind'] == kind]
        assert names == sorted(names, key=str.lower)
    assert alice not in [entry['id'] for entry in site]
    assert all(entry['changed'] is (not entry['before']['enabled']) and entry['after']['enabled'] for entry in site)
    assert any(entry['changed'] for entry in site) and not all(entry['changed'] for entry in site)
    assert 'Lobby Phone' in [entry['target'] for entry in site]
    assert writes(simulator) == []


def test_everyone_failures_are_named_everyone(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    lobby = simulator.workspace_by_name('Lobby Phone')['id']
    simulator.add_faults([{'status': 400, 'method': 'PUT', 'path': '^/v1/workspaces/%s/features/intercept$' % lobby,
                           'body': {'message': 'Bad', 'trackingId': 'TRACK-3'}}])
    failed, result = run(simulator, [], everyone=['workspace'], location_id=hq, defaults={'enabled': True})
    assert failed
    assert ('; everyone (workspace Lobby Phone): PUT /workspaces/%s/features/intercept failed: HTTP 400: Bad '
            '(trackingId TRACK-3, 1 attempt)' % lobby) in '; ' + result['msg'].split(': ', 1)[1]
    entry = [entry for entry in result['intercepts'] if entry['target'] == 'Lobby Phone'][0]
    assert entry['item'] == {'workspace_id': lobby, 'enabled': True}


def test_a_bad_greeting_file_names_its_item(simulator, tmp_path):
    not_wav = tmp_path / 'closed.wav'
    not_wav.write_text('not audio')
    failed, result = run(simulator, [{'person_email': ALICE}, {'person_email': BOB, 'incoming': {'announcements': {
        'greeting_file': str(not_wav)}}}])
    assert failed
    assert result['msg'].startswith('intercepts[1] (person %s): incoming.announcements.greeting_file %s is not a WAV '
                                    'file' % (BOB, not_wav))
    assert result['msg'].endswith('; nothing was sent')
    assert simulator.log() == []


def test_a_greeting_uploaded_then_a_failed_put_is_reported(simulator, tmp_path):
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(WAV)
    alice, bob = pid(simulator, ALICE), pid(simulator, CAROL)
    simulator.add_faults([{'status': 400, 'method': 'PUT', 'path': '^/v1/people/%s/features/intercept$' % bob,
                           'body': {'message': 'Invalid field value', 'trackingId': 'TRACK-4'}}])
    defaults = {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting)}}}
    failed, result = run(simulator, [{'person_id': alice}, {'person_id': bob}], defaults=defaults)
    assert failed, result
    assert result['msg'] == (
        '1 of the 2 targets failed, 2 changed, 0 unchanged: intercepts[1] (person %s): the greeting closed.wav was '
        'uploaded and is now live, but changing the settings then failed: PUT /people/%s/features/intercept failed: '
        'HTTP 400: Invalid field value (trackingId TRACK-4, 1 attempt)' % (bob, bob))
    first, second = result['intercepts']
    assert first['written'] == ['upload', 'settings'] and first['failed'] is False
    assert second['written'] == ['upload'] and second['changed'] is True and second['failed'] is True
    assert second['api_error']['tracking_id'] == 'TRACK-4'
    assert second['after'] == dict(second['before'], incoming=dict(second['before']['incoming'], announcements=dict(
        second['before']['incoming']['announcements'], file_name='closed.wav')))
    assert second['before']['incoming']['announcements']['file_name'] == ''
    assert simulator.get_upload(bob)['fileName'] == 'closed.wav'


def test_an_upload_refused_records_nothing_written(simulator, tmp_path):
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(WAV)
    alice = pid(simulator, ALICE)
    simulator.add_faults([{'status': 400, 'method': 'POST', 'body': {'message': 'Bad file', 'trackingId': 'TRACK-5'}}])
    defaults = {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting)}}}
    failed, result = run(simulator, [{'person_id': alice}], defaults=defaults)
    assert failed
    entry = result['intercepts'][0]
    assert entry['written'] == [] and entry['changed'] is False and entry['after'] == entry['before']
    assert result['msg'].startswith('1 of the 1 target failed, 0 changed, 0 unchanged: intercepts[0] (person %s): '
                                    'POST /people/%s/features/intercept/actions/announcementUpload/invoke failed: '
                                    'HTTP 400: Bad file' % (alice, alice))


def test_a_plan_refused_writes_nothing_to_that_target(simulator):
    alice = pid(simulator, ALICE)
    failed, result = run(simulator, [{'person_id': alice, 'incoming': {'announcements': {'greeting': 'CUSTOM'}}}])
    assert failed
    entry = result['intercepts'][0]
    assert entry['error'].endswith('; nothing was written to this person')
    assert entry['changed'] is False and entry['after'] == entry['before'] and entry['failed'] is True
    assert writes(simulator) == []


def test_listing_and_describe():
    assert _bulk.listing(['a', 'b']) == 'a; b'
    assert _bulk.listing([str(index) for index in range(26)], ', ').endswith('23, 24, and 1 more (see intercepts)')
    entry = dict(index=2, kind='virtual_line', target='Main Line', error='boom')
    assert _bulk.describe(entry) == 'intercepts[2] (virtual line Main Line): boom'
    assert _bulk.describe(entry, 3) == 'intercepts[2] (virtual line Main Line): boom'
    assert _bulk.describe(entry, 2) == 'everyone (virtual line Main Line): boom'


def test_an_item_by_id_is_named_by_its_id_in_the_diff(simulator):
    carol = pid(simulator, CAROL)
    failed, result = run(simulator, [{'person_id': carol, 'enabled': True}], diff=True)
    assert not failed, result
    assert [(diff['before_header'], diff['after_header']) for diff in result['diff']] == [
        ('person %s' % carol, 'person %s' % carol)]


def test_a_customer_organization_is_read_and_written_with_its_org_id(simulator):
    org_id = simulator.partner_org_id
    paula = simulator.person_by_email('paula.partner@customer.example.net', org_id=org_id)['id']
    site = simulator.location_by_name('Customer Main Site', org_id=org_id)['id']
    lobby = simulator.workspace_by_name('Customer Lobby', org_id=org_id)['id']
    failed, result = run(simulator, [{'person_email': 'paula.partner@customer.example.net', 'enabled': True}],
                         everyone=['workspace'], location_id=site, org_id=org_id, defaults={'enabled': True})
    assert not failed, result
    assert [(entry['target'], entry['id'], entry['changed']) for entry in result['intercepts']] == [
        ('paula.partner@customer.example.net', paula, True), ('Customer Lobby', lobby, True)]
    assert sorted(writes(simulator)) == [('PUT', intercept(paula)), ('PUT', intercept(lobby, 'workspaces'))]
    assert all(entry['query'].get('orgId') == org_id for entry in simulator.log())
    assert simulator.get_intercept(paula)['enabled'] is True


def test_a_listing_that_repeats_a_person_is_one_match(simulator):
    alice = simulator.person_by_email(ALICE)
    item = dict(id=alice['id'], emails=alice['emails'], displayName='Alice', locationId='somewhere')
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/people$', 'body': {'items': [item, item]}}])
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True}, {'person_email': BOB, 'enabled': True}],
                         missing='skip')
    assert not failed, result
    assert [(entry['id'], entry['changed']) for entry in result['intercepts']] == [(alice['id'], True), (None, False)]


def test_everyone_at_a_location_is_everyone_there_and_no_one_else(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    failed, result = run(simulator, [], everyone=['workspace', 'virtual_line'], location_id=hq,
                         defaults={'enabled': True}, check_mode=True)
    assert not failed, result
    there = set(item['id'] for item in simulator.workspaces(location_id=hq)) | set(
        item['id'] for item in simulator.virtual_lines(location_id=hq))
    assert set(entry['id'] for entry in result['intercepts']) == there
    assert len(result['intercepts']) == len(there)


def test_a_name_not_found_at_the_location_says_location(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    failed, result = run(simulator, [{'person_email': CAROL, 'enabled': True}], location_id=hq)
    assert failed
    assert result['msg'] == ('1 of the 1 target failed, 0 changed, 0 unchanged: intercepts[0] (person %s): '
                             'person_email %s matches no Webex person in this location' % (CAROL, CAROL))


def test_a_site_target_gone_stops_the_run_named_everyone(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    lobby = simulator.workspace_by_name('Lobby Phone')['id']
    simulator.add_faults([{'status': 404, 'method': 'GET', 'path': '^/v1/workspaces/%s/features/intercept$' % lobby,
                           'body': {'message': 'Not found', 'trackingId': 'TRACK-6'}}])
    failed, result = run(simulator, [], everyone=['workspace'], location_id=hq, missing='stop',
                         defaults={'enabled': True})
    assert failed
    assert result['msg'] == (
        'nothing was written: 1 of the %d targets does not exist or has no Webex Calling: everyone (workspace Lobby '
        'Phone): GET /workspaces/%s/features/intercept failed: HTTP 404: Not found (trackingId TRACK-6, 1 attempt); '
        'remove them, or set missing=skip to apply the others' % (len(result['intercepts']), lobby))
    assert writes(simulator) == []


def test_skip_with_nothing_missing_warns_nothing(simulator):
    failed, result = run(simulator, [{'person_email': BOB, 'enabled': True}], missing='skip')
    assert not failed and result['warned'] == []


def test_an_ambiguous_name_whose_match_has_no_id_shows_a_question_mark(simulator):
    alice = simulator.person_by_email(ALICE)
    items = [dict(id=alice['id'], emails=[ALICE]), dict(emails=[ALICE])]
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/people$', 'body': {'items': items}}])
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True}])
    assert failed
    assert result['msg'] == ('intercepts[0]: person_email %s matches 2 people (%s, ?); use person_id to choose one; '
                             'nothing was written' % (ALICE, alice['id']))


def test_everyone_reads_the_greeting_of_the_defaults(simulator, tmp_path):
    hq = simulator.location_by_name('Headquarters')['id']
    not_wav = tmp_path / 'closed.wav'
    not_wav.write_text('not audio')
    failed, result = run(simulator, [], everyone=['workspace'], location_id=hq, defaults={'incoming': {
        'announcements': {'greeting_file': str(not_wav)}}})
    assert failed
    assert result['msg'].startswith('defaults (person everyone): incoming.announcements.greeting_file %s is not a WAV '
                                    'file (a .wav name and a RIFF/WAVE header); ' % not_wav)
    assert result['msg'].endswith('; nothing was sent')
    assert simulator.log() == []
    greeting = tmp_path / 'open.wav'
    greeting.write_bytes(WAV)
    failed, result = run(simulator, [], everyone=['workspace'], location_id=hq, check_mode=True, defaults={
        'enabled': 'yes', 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting)}}})
    assert not failed, result
    assert result['intercepts'] and all(
        entry['after']['incoming']['announcements']['file_name'] == 'open.wav' and entry['after']['enabled'] is True
        and entry['changed'] for entry in result['intercepts'])


def test_everyone_settings_go_to_the_targets_of_everyone_only(simulator, tmp_path):
    hq = simulator.location_by_name('Headquarters')['id']
    workspaces = simulator.workspaces(location_id=hq)
    named = workspaces[0]
    not_wav = tmp_path / 'closed.wav'
    not_wav.write_text('not audio')
    failed, result = run(simulator, [], everyone=['workspace'], location_id=hq, defaults={'enabled': True},
                         everyone_settings={'incoming': {'announcements': {'greeting_file': str(not_wav)}}})
    assert failed and result['msg'].startswith('everyone_settings (person everyone): incoming.announcements.'
                                               'greeting_file %s is not a WAV file' % not_wav)
    failed, result = run(simulator, [{'workspace_id': named['id'], 'enabled': False}], everyone=['workspace'],
                         location_id=hq, check_mode=True, defaults={'incoming': {'type': 'ALLOW_ALL'}},
                         everyone_settings={'enabled': True, 'outgoing': {'type': 'INTERCEPT_ALL'}})
    assert not failed, result
    entries = dict((entry['id'], entry) for entry in result['intercepts'])
    assert sorted(entries) == sorted(item['id'] for item in workspaces)
    # The item: the defaults and its own settings, never everyone_settings under them.
    assert entries[named['id']]['after']['enabled'] is False
    assert entries[named['id']]['after']['incoming']['type'] == 'ALLOW_ALL'
    assert entries[named['id']]['after']['outgoing']['type'] == entries[named['id']]['before']['outgoing']['type']
    for owner_id, entry in entries.items():
        if owner_id != named['id']:
            assert entry['after']['enabled'] is True and entry['after']['outgoing']['type'] == 'INTERCEPT_ALL'
            assert entry['after']['incoming']['type'] == entry['before']['incoming']['type']
    failed, result = run(simulator, [{'workspace_id': named['id'], 'enabled': False}],
                         everyone_settings={'enabled': True})
    assert failed and result['msg'] == ('everyone_settings is only for the targets of everyone; set everyone too, or '
                                        'use defaults; nothing was sent')


def test_a_misspelt_key_of_everyone_settings_is_named_before_any_request(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    simulator.clear_log()
    failed, result = run(simulator, [], everyone=['workspace'], location_id=hq, everyone_settings={'enable': True})
    assert failed
    assert result['msg'].startswith('everyone_settings.enable is not a call intercept setting; did you mean '
                                    'everyone_settings.enabled?')
    assert result['msg'].endswith('; nothing was sent')
    assert simulator.log() == []


def test_everyone_sorted_by_name_without_case_then_id(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    ids = sorted(item['id'] for item in simulator.workspaces())[:4]
    listed = [dict(id=ids[3], displayName='Same', locationId=hq), dict(id=ids[2], displayName='Same', locationId=hq),
              dict(id=ids[1], displayName='LobbyPhone', locationId=hq),
              dict(id=ids[0], displayName='Lobby_Phone', locationId=hq)]
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/workspaces$', 'body': {'items': listed}}])
    failed, result = run(simulator, [], everyone=['workspace'], location_id=hq, defaults={'enabled': True},
                         check_mode=True)
    assert not failed, result
    assert [(entry['target'], entry['id']) for entry in result['intercepts']] == [
        ('Lobby_Phone', ids[0]), ('LobbyPhone', ids[1]), ('Same', ids[2]), ('Same', ids[3])]


def test_nothing_to_do_reads_no_greeting_of_the_defaults(simulator, tmp_path):
    not_wav = tmp_path / 'closed.wav'
    not_wav.write_text('not audio')
    failed, result = run(simulator, [], defaults={'incoming': {'announcements': {'greeting_file': str(not_wav)}}})
    assert not failed, result
    assert result['counts'] == dict(total=0, changed=0, unchanged=0, failed=0, missing=0)
    assert simulator.log() == []


def without_tracking_ids(value):
    """The value with the tracking IDs the client makes up (one per request) replaced."""
    return json.loads(re.sub(r'WEBEX-CALLING-ANSIBLE_[0-9a-f-]+', 'TRACKING-ID', json.dumps(value)))


@pytest.mark.parametrize('check_mode', [False, True])
def test_return_settings_false_leaves_out_only_before_and_after(simulator, check_mode):
    items = [{'person_email': ALICE, 'enabled': True}, {'person_id': GONE, 'enabled': True}]
    full = run(simulator, items, check_mode=check_mode, diff=True)
    simulator.reset()
    slim = run(simulator, items, check_mode=check_mode, diff=True, return_settings=False)
    assert full[0] is slim[0] is True
    full, slim = without_tracking_ids(full[1]), without_tracking_ids(slim[1])
    assert full['intercepts'][0]['before'] is not None and full['intercepts'][0]['after']['enabled'] is True
    assert [dict((key, value) for key, value in entry.items() if key not in ('before', 'after'))
            for entry in full['intercepts']] == slim['intercepts']
    assert all('before' not in entry and 'after' not in entry for entry in slim['intercepts'])
    assert dict(full, intercepts=None, invocation=None) == dict(slim, intercepts=None, invocation=None)
