# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Regressions of issue 11 (items 1, 2, 3, 5) against the simulator: real ansible-playbook runs, the server's log."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import wave

import pytest

from conftest import api_writes

ALICE = 'alice.anders@example.com'
INTERCEPT = 'webex.calling.webex_person_intercept'
INFO = 'webex.calling.webex_person_intercept_info'
INTERCEPT_ROUTE = '/people/{personId}/features/intercept'


def task(module, name='the task', **options):
    return {'name': name, module: options, 'ignore_errors': True}


def result_of(run, name='the task'):
    return run.tasks.named(name)['result']


def failed(run, name='the task'):
    """The result of a task that must have failed."""
    found = run.tasks.named(name)
    assert found['status'] == 'failed', found
    return found['result']


def test_a_destination_with_a_trailing_newline_is_refused_before_any_request(ansible, simulator):
    """Item 1: re.match with $ matched before a final newline, so "4100\\n" was written."""
    run = ansible([task(INTERCEPT, person_email=ALICE, outgoing={'transfer_enabled': True, 'destination': '4100\n'})])
    result = failed(run)
    assert result['msg'].startswith("outgoing.destination '4100\\n' is not a phone number or extension")
    assert simulator.log() == []


@pytest.mark.parametrize('module, option', [(INTERCEPT, 'person_id'), (INTERCEPT, 'person_email'), (INFO, 'person_id'),
                                            (INFO, 'person_email')])
def test_an_empty_person_id_or_email_is_an_error_naming_it(ansible, simulator, module, option):
    """Item 2: person_id "" fell through to the email lookup and changed whoever it found."""
    options = {option: ''}
    if module == INTERCEPT:
        options['enabled'] = True
    run = ansible([task(module, **options)])
    result = failed(run)
    assert result['msg'].startswith('%s is empty; give the ' % option)
    assert simulator.log() == []


@pytest.mark.parametrize('hostile, quoted', [
    ('a/b', 'a%2Fb'),
    ('x?orgId=other&y', 'x%3ForgId%3Dother%26y'),
    ('../../people/me', '..%2F..%2Fpeople%2Fme'),
    ('id#frag ment', 'id%23frag%20ment'),
])
def test_an_id_reaches_its_own_quoted_path_and_nothing_else(ansible, simulator, hostile, quoted):
    """Item 3: IDs went into paths unquoted, so / or ? reached another path or a query."""
    run = ansible([task(INTERCEPT, person_id=hostile, enabled=True), task(INFO, name='read', person_id=hostile)])
    assert 'HTTP 404' in failed(run)['msg']
    assert failed(run, 'read')['msg'].startswith('person_id %s matches no Webex person' % hostile)
    log = simulator.log()
    reads = [entry for entry in log if entry['route'] == INTERCEPT_ROUTE]
    assert [(entry['method'], entry['path'], entry['query'], entry['status']) for entry in reads] == [
        ('GET', '/v1/people/%s/features/intercept' % quoted, {}, 404)]
    lookups = [entry for entry in log if entry['route'] == '/people']
    # The info module's lookup, and the configure module's own (for the location override): both quoted queries.
    assert [entry['query'] for entry in lookups] == [{'callingData': 'true', 'id': hostile}] * 2
    assert set(entry['route'] for entry in log) == {INTERCEPT_ROUTE, '/people', '/locations', '/people/me',
                                                    '/organizations/{orgId}'}
    assert api_writes(simulator) == []


def write_wav(path):
    with wave.open(str(path), 'wb') as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(8000)
        handle.writeframes(b'\x00\x01' * 800)
    return str(path)


def test_a_put_failing_after_the_upload_reports_the_live_greeting(ansible, simulator, tmp_path):
    """Item 5: the greeting went live, the PUT failed, and the task said changed: false with no word of the upload."""
    alice = simulator.person_by_email(ALICE)['id']
    greeting = write_wav(tmp_path / 'closed.wav')
    simulator.add_faults([{'method': 'PUT', 'path': '/features/intercept$', 'status': 400,
                           'body': '{"message": "Invalid request", "trackingId": "TRACK-5"}', 'times': 1}])
    run = ansible([task(INTERCEPT, person_id=alice, enabled=True,
                        incoming={'announcements': {'greeting': 'CUSTOM', 'greeting_file': greeting}})])
    result = failed(run)
    assert result['changed'] is True
    assert result['msg'].startswith('the greeting closed.wav was uploaded and is now live for person_id %s, but changing '
                                    'the settings then failed: PUT /people/%s/features/intercept failed: HTTP 400: '
                                    'Invalid request (trackingId TRACK-5' % (alice, alice))
    assert result['api_error']['status'] == 400
    # What the task reports is what the server now holds: the new greeting, the old settings.
    stored = simulator.get_intercept(alice)
    assert stored['incoming']['announcements']['fileName'] == 'closed.wav'
    assert result['intercept']['incoming']['announcements']['file_name'] == 'closed.wav'
    assert result['intercept']['enabled'] is stored['enabled'] is False
    assert simulator.get_upload(alice)['count'] == 1
    assert [entry['method'] for entry in api_writes(simulator)] == ['POST', 'PUT']
