# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bulk module webex_intercepts against the simulator: every item's outcome checked on the server."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from conftest import api_writes
from default_settings import default_options

ALICE = 'alice.anders@example.com'
BOB = 'bob.baker@example.com'
CAROL = 'carol.chen@example.com'
ERIN = 'erin.evans@example.com'
TASK = 'bulk'
GONE = 'Z29uZS1wZXJzb24'
OUT_OF_SERVICE = {'enabled': True, 'incoming': {'type': 'INTERCEPT_ALL',
                                                'announcements': {'new_number': {'enabled': True, 'destination': '+14085550123'}}},
                  'outgoing': {'type': 'INTERCEPT_ALL'}}


def bulk(intercepts, **options):
    return [{'name': TASK, 'webex.calling.webex_intercepts': dict(options, intercepts=intercepts)}]


def result(run):
    return run.tasks.named(TASK)['result']


def by_target(run):
    return dict((entry['target'], entry) for entry in result(run)['intercepts'])


def pid(simulator, email):
    return simulator.person_by_email(email)['id']


def wid(simulator, name):
    return simulator.workspace_by_name(name)['id']


def vid(simulator, name):
    return simulator.virtual_line_by_name(name)['id']


def aimed(fault, method, path):
    return dict(fault, method=method, path='^/v1%s$' % re.escape(path))


def writes(simulator):
    return [(entry['method'], entry['path'][len('/v1'):]) for entry in api_writes(simulator)]


def stored(simulator, owner_id, kind='people'):
    return simulator.get_intercept(owner_id, kind=kind)


def generated(simulator, count):
    """Some generated people (user0001@...), not the seeded ones."""
    return [person for person in simulator.people() if person['emails'][0].startswith('user')][:count]


def listing_pages(simulator, route):
    """The queries of the pages of a listing answered: the first one's, then "next" for each page it linked."""
    queries = [entry['query'] for entry in simulator.log() if entry['route'] == route and entry['status'] == 200]
    return [query if 'cursor' not in query and 'start' not in query else 'next' for query in queries]


def people_pages(simulator):
    return -(-len(simulator.people()) // 100)


def test_mixed_items_each_outcome_on_the_server(ansible, simulator):
    """Changed, unchanged, 404, a 500 that never ends and a 429 storm in one task: each item as it should be."""
    alice, carol, erin = pid(simulator, ALICE), pid(simulator, CAROL), pid(simulator, ERIN)
    lobby, main_line = wid(simulator, 'Lobby Phone'), vid(simulator, 'Main Line')
    others = generated(simulator, 3)
    before = dict((key, stored(simulator, key)) for key in (alice, carol, erin))
    simulator.add_faults([
        aimed({'status': 500, 'times': None}, 'PUT', '/people/%s/features/intercept' % carol),
        {'status': 429, 'retry_after': '0', 'times': 5},
    ])
    items = ([{'person_email': ALICE}, {'person_id': carol}, {'person_email': ERIN}, {'person_id': GONE},
              {'workspace_name': 'Lobby Phone'}, {'virtual_line_name': 'Main Line', 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}]
             + [{'person_email': person['emails'][0]} for person in others])
    run = ansible(bulk(items, defaults={'enabled': True, 'outgoing': {'type': 'INTERCEPT_ALL'}}))
    assert run.rc != 0
    task = result(run)
    assert task['changed'] is True
    assert task['counts'] == {'total': 9, 'changed': 6, 'unchanged': 1, 'failed': 1, 'missing': 1}
    message = task['msg']
    assert message.startswith('2 of the 9 targets failed, 6 changed, 1 unchanged: ')
    assert 'intercepts[1] (person %s): PUT /people/%s/features/intercept failed: HTTP 500' % (carol, carol) in message
    assert re.search(r'HTTP 500: [^(]+\(trackingId \S+, 6 attempts\)', message)
    assert 'intercepts[3] (person %s): GET /people/%s/features/intercept failed: HTTP 404' % (GONE, GONE) in message

    entries = by_target(run)
    assert [entry['index'] for entry in task['intercepts']] == list(range(9))
    assert entries[ALICE]['changed'] and entries[ALICE]['written'] == ['settings'] and entries[ALICE]['id'] == alice
    assert stored(simulator, alice) == dict(before[alice], enabled=True)
    assert entries[carol]['failed'] and not entries[carol]['changed'] and entries[carol]['written'] == []
    assert entries[carol]['api_error']['status'] == 500 and entries[carol]['api_error']['tracking_id']
    assert entries[carol]['after'] == entries[carol]['before']
    assert stored(simulator, carol) == before[carol]
    assert not entries[ERIN]['changed'] and entries[ERIN]['error'] is None
    assert stored(simulator, erin) == before[erin]
    assert entries[GONE]['missing'] and entries[GONE]['api_error']['status'] == 404 and entries[GONE]['before'] is None
    assert entries['Lobby Phone']['kind'] == 'workspace' and entries['Lobby Phone']['changed']
    assert stored(simulator, lobby, 'workspaces')['enabled'] is True
    assert entries['Main Line']['kind'] == 'virtual_line'
    assert stored(simulator, main_line, 'virtual_lines')['outgoing']['type'] == 'ALLOW_LOCAL_ONLY'
    assert stored(simulator, main_line, 'virtual_lines')['enabled'] is True
    for person in others:
        assert entries[person['emails'][0]]['changed']
        assert stored(simulator, person['id'])['enabled'] is True
        assert entries[person['emails'][0]]['after'] == dict(default_options(''), enabled=True)
    assert simulator.counters()['rate_limited'] == 5
    # One GET per target, one PUT per changed target (carol's: six attempts), one people listing: never a request
    # per email.
    answered = [(entry['method'], entry['path'][len('/v1'):], entry['status']) for entry in simulator.log()
                if entry['status'] != 429]
    reads = sorted((path, status) for method, path, status in answered if method == 'GET' and 'intercept' in path)
    paths = dict((entry['target'], '/people/%s/features/intercept' % entry['id']) for entry in task['intercepts'])
    paths.update({'Lobby Phone': '/workspaces/%s/features/intercept' % lobby,
                  'Main Line': '/telephony/config/virtualLines/%s/intercept' % main_line})
    assert reads == sorted((path, 404 if target == GONE else 200) for target, path in paths.items())
    puts = sorted((path, status) for method, path, status in answered if method == 'PUT')
    written = [(paths[target], 204) for target, entry in entries.items() if entry['changed']]
    assert puts == sorted([(paths[carol], 500)] * 6 + written)
    assert listing_pages(simulator, '/people') == [{'callingData': 'true', 'max': '100'}] + [
        'next'] * (people_pages(simulator) - 1)


@pytest.mark.matrix
def test_check_mode_equals_the_real_run_and_a_second_run_changes_nothing(ansible, simulator):
    people = generated(simulator, 4)
    simulator.patch_intercept(people[1]['id'], dict(enabled=True, incoming={'type': 'INTERCEPT_ALL', 'announcements': {
        'newNumber': {'enabled': True, 'destination': '+14085550123'}}}, outgoing={'type': 'INTERCEPT_ALL'}))
    items = [{'person_id': person['id']} for person in people] + [{'workspace_name': 'Board Room'},
                                                                  {'virtual_line_name': 'Support Line'}]
    snapshot = dict((person['id'], stored(simulator, person['id'])) for person in people)

    check = ansible(bulk(items, defaults=OUT_OF_SERVICE), check=True, diff=True)
    assert check.rc == 0, check.stdout
    assert writes(simulator) == []
    assert dict((person['id'], stored(simulator, person['id'])) for person in people) == snapshot
    predicted = dict((entry['target'], entry) for entry in result(check)['intercepts'])
    changed = sorted(target for target, entry in predicted.items() if entry['changed'])
    assert people[1]['id'] not in changed and len(changed) == 5
    diffs = result(check)['diff']
    labels = {'person': 'person', 'workspace': 'workspace', 'virtual_line': 'virtual line'}
    assert sorted(diff['before_header'] for diff in diffs) == sorted(
        '%s %s' % (labels[predicted[target]['kind']], target if target == predicted[target]['id'] else '%s (%s)' % (
            target, predicted[target]['id'])) for target in changed)
    assert all(diff['before'] != diff['after'] for diff in diffs)
    assert people[1]['id'] not in check.stdout  # an unchanged target is not in the diff output
    assert '--- before: person %s' % people[0]['id'] in check.stdout

    real = ansible(bulk(items, defaults=OUT_OF_SERVICE))
    assert real.rc == 0, real.stdout
    applied = dict((entry['target'], entry) for entry in result(real)['intercepts'])
    assert sorted(target for target, entry in applied.items() if entry['changed']) == changed
    for target, entry in applied.items():
        assert entry['after'] == predicted[target]['after'], target
        assert entry['before'] == predicted[target]['before'], target
    assert len(writes(simulator)) == 5
    for person in people:
        assert stored(simulator, person['id'])['incoming']['announcements']['newNumber'] == {
            'enabled': True, 'destination': '+14085550123'}

    simulator.clear_log()
    again = ansible(bulk(items, defaults=OUT_OF_SERVICE), diff=True)
    assert again.rc == 0, again.stdout
    assert result(again)['changed'] is False and result(again)['diff'] == []
    assert result(again)['counts'] == {'total': 6, 'changed': 0, 'unchanged': 6, 'failed': 0, 'missing': 0}
    assert writes(simulator) == []
    assert sorted(entry['method'] for entry in simulator.log()) == ['GET'] * 8


def test_bad_items_fail_before_any_request(ansible, simulator, tmp_path):
    not_wav = tmp_path / 'closed.wav'
    not_wav.write_text('not audio')
    attempts = [
        ([{'person_email': ALICE}, {'person_email': BOB, 'incomming': {'type': 'ALLOW_ALL'}}], {},
         'intercepts[1] (person %s): intercepts[1].incomming is not a call intercept setting; did you mean '
         'intercepts[1].incoming?' % BOB),
        ([{'person_email': ALICE}, {'person_email': BOB}, {'person_email': CAROL},
          {'workspace_name': 'Lobby Phone', 'incoming': {'type': 'BLOCK'}}], {},
         "intercepts[3] (workspace Lobby Phone): intercepts[3].incoming.type must be one of INTERCEPT_ALL, ALLOW_ALL"),
        ([{'person_email': ALICE}], {'outgoing': {'destination': 'reception'}},
         "defaults.outgoing.destination 'reception' is not a phone number"),
        ([{'enabled': True}], {}, 'intercepts[0] names no target; give one of person_id, person_email'),
        ([{'person_email': ALICE, 'workspace_id': 'abc'}], {}, 'intercepts[0] names targets of several kinds'),
        ([{'person_email': ALICE, 'person_id': 'abc'}], {}, 'intercepts[0] gives both person_id and person_email'),
        ([{'person_email': '  '}], {}, 'intercepts[0].person_email must be the email address of a person'),
        ([{'person_email': ALICE}, {'person_email': ALICE.upper(), 'enabled': True}], {},
         'intercepts[0] and intercepts[1] both name person %s' % ALICE.upper()),
        ([{'person_id': 'abc', 'enabled': True}, {'person_id': 'abc', 'enabled': False}], {},
         'intercepts[0] (abc) and intercepts[1] (abc) are both for person abc, with different settings'),
        ([{'person_email': ALICE}, {'person_email': BOB, 'incoming': {'announcements': {'greeting_file': str(not_wav)}}}],
         {}, 'intercepts[1] (person %s): incoming.announcements.greeting_file %s is not a WAV file' % (BOB, not_wav)),
        ([{'person_email': ALICE, 'incoming': {'announcements': {'new_number': {'enabled': 'yes', 'destination': ''}}}}],
         {}, 'intercepts[0].incoming.announcements.new_number.enabled is true but '
             'intercepts[0].incoming.announcements.new_number.destination is ""'),
    ]
    run = ansible([{'name': 'attempt %d' % index, 'block': bulk(items, defaults=defaults),
                    'rescue': [{'name': 'refused', 'ansible.builtin.meta': 'noop'}]}
                   for index, (items, defaults, dummy) in enumerate(attempts)])
    failures = [task['result']['msg'] for task in run.tasks if task['status'] == 'failed']
    assert len(failures) == len(attempts), failures
    for failure, (dummy, dummy2, message) in zip(failures, attempts):
        assert message in failure
        assert failure.endswith('; nothing was sent')
    assert simulator.log() == []


def test_a_target_named_twice_or_an_ambiguous_name_fails_before_any_write(ansible, simulator):
    alice = pid(simulator, ALICE)
    twice = ansible(bulk([{'person_email': ALICE, 'enabled': True}, {'person_id': alice, 'enabled': False}]))
    assert twice.rc != 0
    assert ('intercepts[0] (%s) and intercepts[1] (%s) are both for person %s, with different settings; list each '
            'target once; nothing was written' % (ALICE, alice, alice)) in result(twice)['msg']
    ambiguous = ansible(bulk([{'person_email': ALICE, 'enabled': True}, {'person_email': 'shared.desk@example.com',
                                                                         'enabled': True}]))
    assert ambiguous.rc != 0
    assert 'intercepts[1]: person_email shared.desk@example.com matches 2 people' in result(ambiguous)['msg']
    assert api_writes(simulator) == []
    assert all(entry['route'] == '/people' for entry in simulator.log())
    same = ansible(bulk([{'person_email': ALICE, 'enabled': True}, {'person_id': alice, 'enabled': True}]))
    assert same.rc == 0, same.stdout
    assert writes(simulator) == [('PUT', '/people/%s/features/intercept' % alice)]
    assert [entry['changed'] for entry in result(same)['intercepts']] == [True, True]


def test_missing_targets_skip_stop_and_fail(ansible, simulator):
    alice = pid(simulator, ALICE)
    dan = simulator.person_by_email('dan.nocalling@example.com')['id']
    items = [{'person_email': ALICE, 'enabled': True}, {'person_id': GONE, 'email': 'gone@example.com', 'enabled': True},
             {'person_email': 'nobody@example.com', 'enabled': True}, {'person_id': dan, 'enabled': True}]

    stop = ansible(bulk(items, missing='stop'))
    assert stop.rc != 0
    assert result(stop)['msg'].startswith('nothing was written: 3 of the 4 targets do not exist or have no Webex Calling')
    assert 'gone@example.com' in result(stop)['msg'] and 'nobody@example.com' in result(stop)['msg']
    assert api_writes(simulator) == []
    assert result(stop)['changed'] is False and not any(entry['changed'] for entry in result(stop)['intercepts'])

    skip = ansible(bulk(items, missing='skip'))
    assert skip.rc == 0, skip.stdout
    assert ('3 of the 4 targets do not exist or have no Webex Calling and were skipped: gone@example.com, '
            'nobody@example.com, %s' % dan) in result(skip)['warnings']
    assert [entry['missing'] for entry in result(skip)['intercepts']] == [False, True, True, True]
    assert result(skip)['intercepts'][2]['item'] == {'person_email': 'nobody@example.com', 'enabled': True}
    assert writes(simulator) == [('PUT', '/people/%s/features/intercept' % alice)]

    simulator.set_intercept(alice, {'enabled': False})
    simulator.clear_log()
    fail = ansible(bulk(items))
    assert fail.rc != 0
    assert result(fail)['msg'].startswith('3 of the 4 targets failed, 1 changed, 0 unchanged')
    assert writes(simulator) == [('PUT', '/people/%s/features/intercept' % alice)]


def test_greeting_uploaded_only_where_the_server_has_another_file_and_a_partial_write_is_reported(ansible, simulator,
                                                                                                  tmp_path):
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(b'RIFF\x24\x00\x00\x00WAVEfmt ' + b'\x00' * 32)
    people = generated(simulator, 3)
    simulator.patch_intercept(people[0]['id'], {'incoming': {'announcements': {'greeting': 'CUSTOM', 'fileName': 'closed.wav'}}})
    simulator.add_faults([aimed({'status': 400, 'body': {'message': 'Invalid field value', 'errorCode': 25008}}, 'PUT',
                                '/people/%s/features/intercept' % people[2]['id'])])
    defaults = {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting)}}}
    run = ansible(bulk([{'person_id': person['id']} for person in people], defaults=defaults), diff=True)
    assert run.rc != 0
    uploads = [path for method, path in writes(simulator) if method == 'POST']
    assert sorted(uploads) == sorted('/people/%s/features/intercept/actions/announcementUpload/invoke' % person['id']
                                     for person in people[1:])
    entries = result(run)['intercepts']
    assert entries[0]['written'] == ['settings'] and entries[1]['written'] == ['upload', 'settings']
    assert entries[2]['written'] == ['upload'] and entries[2]['changed'] and entries[2]['failed']
    assert entries[2]['after']['incoming']['announcements']['file_name'] == 'closed.wav'
    assert entries[2]['after']['enabled'] is False
    assert 'the greeting closed.wav was uploaded and is now live, but changing the settings then failed' in result(run)['msg']
    assert '1 of the 3 targets failed, 3 changed, 0 unchanged' in result(run)['msg']
    assert simulator.get_upload(people[2]['id'])['fileName'] == 'closed.wav'
    assert stored(simulator, people[2]['id'])['enabled'] is False
    assert result(run)['changed'] is True
    assert len(result(run)['diff']) == 3

    retry = ansible(bulk([entry['item'] for entry in entries if entry['failed']]))
    assert retry.rc == 0, retry.stdout
    assert result(retry)['intercepts'][0]['written'] == ['settings']
    assert stored(simulator, people[2]['id'])['incoming']['announcements']['greeting'] == 'CUSTOM'


def test_names_come_from_one_listing_and_one_name_from_one_lookup(ansible, simulator):
    run = ansible(bulk([{'person_email': ALICE}, {'person_email': BOB}, {'workspace_name': 'Lobby Phone'},
                        {'workspace_name': 'Board Room'}, {'virtual_line_name': '1801'}], defaults={'enabled': False}))
    assert run.rc == 0, run.stdout
    assert listing_pages(simulator, '/people') == [{'callingData': 'true', 'max': '100'}] + [
        'next'] * (people_pages(simulator) - 1)
    assert listing_pages(simulator, '/workspaces') == [{'calling': 'webexCalling', 'max': '100'}]
    assert listing_pages(simulator, '/telephony/config/virtualLines') == [{'max': '100'}]
    assert by_target(run)['1801']['id'] == vid(simulator, 'Main Line')

    simulator.clear_log()
    one = ansible(bulk([{'person_email': ALICE.upper()}, {'workspace_id': wid(simulator, 'Lobby Phone')}],
                       defaults={'enabled': False}, location_id=simulator.person_by_email(ALICE)['locationId']))
    assert one.rc == 0, one.stdout
    listings = [entry['query'] for entry in simulator.log() if entry['route'] == '/people']
    assert listings == [{'callingData': 'true', 'max': '100', 'locationId': simulator.person_by_email(ALICE)['locationId'],
                         'email': ALICE.upper()}]


def test_info_entries_feed_straight_in(ansible, simulator):
    location = simulator.person_by_email(ALICE)['locationId']
    read = ansible([{'name': 'read', 'webex.calling.webex_person_intercept_info': {'location_id': location},
                     'register': 'org'},
                    {'name': TASK, 'webex.calling.webex_intercepts': {'intercepts': '{{ org.persons }}'}}])
    assert read.rc == 0, read.stdout
    assert result(read)['changed'] is False
    assert api_writes(simulator) == []
    persons = read.tasks.named('read')['result']['persons']
    assert len(result(read)['intercepts']) == len(persons) == 3
    bob = pid(simulator, BOB)
    original = stored(simulator, bob)
    simulator.patch_intercept(bob, {'enabled': False, 'outgoing': {'type': 'INTERCEPT_ALL'}})
    restore = ansible([{'name': TASK, 'webex.calling.webex_intercepts': {'intercepts': persons}}])
    assert restore.rc == 0, restore.stdout
    assert writes(simulator) == [('PUT', '/people/%s/features/intercept' % bob)]
    assert stored(simulator, bob) == original


def test_everyone_at_a_location_gets_everyone_settings_and_the_items_keep_their_own(ansible, simulator):
    """everyone: every person, workspace and virtual line of the location is a target, with everyone_settings; an
    item that names one of them gets the defaults and its own settings only, never everyone_settings under them."""
    alice = simulator.person_by_email(ALICE)
    location_id = alice['locationId']
    people = [person['id'] for person in simulator.people() if person.get('locationId') == location_id]
    workspaces = [item['id'] for item in simulator.workspaces(location_id=location_id)]
    lines = [item['id'] for item in simulator.virtual_lines(location_id=location_id)]
    assert len(people) > 1 and workspaces and lines
    before = stored(simulator, alice['id'])
    simulator.clear_log()
    run = ansible(bulk([{'person_email': ALICE, 'enabled': False}], everyone=['person', 'workspace', 'virtual_line'],
                       location_id=location_id, everyone_settings=OUT_OF_SERVICE))
    assert run.rc == 0, run.stdout
    assert result(run)['counts']['total'] == len(people) + len(workspaces) + len(lines)
    # Alice gets only her own setting (her intercept was off already: nothing to write for her).
    assert stored(simulator, alice['id']) == before
    entry = by_target(run)[ALICE]
    assert entry['index'] == 0 and entry['changed'] is False
    for owner_id, kind in [(owner, 'people') for owner in people if owner != alice['id']] + [
            (owner, 'workspaces') for owner in workspaces] + [(owner, 'virtual_lines') for owner in lines]:
        settings = stored(simulator, owner_id, kind)
        assert settings['enabled'] is True and settings['outgoing']['type'] == 'INTERCEPT_ALL', (kind, owner_id)
    assert len(api_writes(simulator)) == len(people) - 1 + len(workspaces) + len(lines)
    # The others are named "everyone" in the entries, after the items.
    assert sorted(entry['index'] for entry in result(run)['intercepts']) == list(range(result(run)['counts']['total']))


def test_everyone_settings_without_everyone_fails_before_any_request(ansible, simulator):
    simulator.clear_log()
    run = ansible(bulk([{'person_email': ALICE, 'enabled': False}], everyone_settings=OUT_OF_SERVICE))
    assert run.rc != 0
    assert 'everyone_settings is only for the targets of everyone; set everyone too, or use defaults' in \
        result(run)['msg']
    assert simulator.log() == []
