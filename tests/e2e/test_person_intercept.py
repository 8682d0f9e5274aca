# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end tests of webex.calling.webex_person_intercept: real ansible-playbook runs against the simulator.

Every assertion is on something observable from outside the module: the task result, the play recap, the
simulator's request log (what was sent) and its stored settings (what Webex would now hold).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import math
import struct
import wave

import pytest
from default_settings import DEFAULT_API

from conftest import api_writes, override_reads, own_requests

ALICE = 'alice.anders@example.com'
BOB = 'bob.baker@example.com'
CAROL = 'carol.chen@example.com'
PAULA = 'paula.partner@customer.example.net'
INTERCEPT_ROUTE = '/people/{personId}/features/intercept'
UPLOAD_ROUTE = '/people/{personId}/features/intercept/actions/announcementUpload/invoke'

# What a person nobody configured has, as the simulator stores it (API shape, "" for empty).
DEFAULT_STORED = DEFAULT_API

TAKE_OUT_OPTIONS = {
    'enabled': True,
    'incoming': {
        'type': 'INTERCEPT_ALL',
        'voicemail_enabled': False,
        'announcements': {
            'greeting': 'DEFAULT',
            'new_number': {'enabled': True, 'destination': '+14085550123'},
            'zero_transfer': {'enabled': True, 'destination': '4100'},
        },
    },
    'outgoing': {'type': 'INTERCEPT_ALL', 'transfer_enabled': False},
}

# The settings Alice has after TAKE_OUT_OPTIONS, in the module's output shape.
ALICE_TAKEN_OUT = {
    'enabled': True,
    'incoming': {
        'type': 'INTERCEPT_ALL',
        'voicemail_enabled': False,
        'announcements': {
            'greeting': 'DEFAULT',
            'file_name': '',
            'new_number': {'enabled': True, 'destination': '+14085550123'},
            'zero_transfer': {'enabled': True, 'destination': '4100'},
        },
    },
    'outgoing': {'type': 'INTERCEPT_ALL', 'transfer_enabled': False, 'destination': ''},
}


def merged(base, patch):
    """A deep copy of base with patch merged in (dicts recursively)."""
    result = dict(base)
    for key, value in patch.items():
        result[key] = merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return result


def intercept_task(name, **options):
    """A webex_person_intercept task; the options are the module's."""
    return {'name': name, 'webex.calling.webex_person_intercept': options}


def take_out(email=ALICE, name='take out of service', **extra):
    return intercept_task(name, person_email=email, **dict(TAKE_OUT_OPTIONS, **extra))


def recap(run):
    """The numbers of the play recap line of localhost, e.g. {'ok': 1, 'changed': 1, 'failed': 0, ...}."""
    lines = [line for line in run.stdout.splitlines() if line.startswith('localhost') and 'changed=' in line]
    assert len(lines) == 1, run.stdout
    return dict((key, int(value)) for key, value in (item.split('=') for item in lines[0].split(':', 1)[1].split()))


def result_of(run, name):
    return run.tasks.named(name)['result']


def failed(run, name):
    """The result of a task that must have failed."""
    task = run.tasks.named(name)
    assert task['status'] == 'failed', task
    return task['result']


def puts(simulator):
    return [entry for entry in simulator.log() if entry['method'] == 'PUT']


def pid(simulator, email, org_id=None):
    return simulator.person_by_email(email, org_id=org_id)['id']


@pytest.fixture
def greeting_wav(tmp_path):
    """A small, valid greeting: 0.3 s of a 440 Hz tone, 8 kHz 16-bit mono PCM, written with the wave module."""
    path = tmp_path / 'out-of-service.wav'
    rate = 8000
    frames = b''.join(struct.pack('<h', int(8000 * math.sin(2 * math.pi * 440 * index / rate))) for index in range(rate * 3 // 10))
    writer = wave.open(str(path), 'wb')
    try:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(frames)
    finally:
        writer.close()
    return path


def test_first_apply_changes_second_apply_is_ok_without_put(ansible, simulator):
    alice = pid(simulator, ALICE)

    first = ansible([take_out()])
    assert first.rc == 0, first.stdout + first.stderr
    result = result_of(first, 'take out of service')
    assert result['changed'] is True
    assert result['person_id'] == alice
    assert result['intercept'] == ALICE_TAKEN_OUT
    assert recap(first)['changed'] == 1
    # The email was looked up, then the person read, then ONE partial PUT with only what differs.
    log = own_requests(simulator)
    assert [(entry['method'], entry['route']) for entry in log] == [('GET', '/people'), ('GET', INTERCEPT_ROUTE), ('PUT', INTERCEPT_ROUTE)]
    # And one read of the intercept of Alice's location (disabled, so not its name), beside hers.
    assert [entry['route'] for entry in override_reads(simulator)] == ['/telephony/config/locations/{locationId}/intercept']
    assert result['location_intercept'] == {'enabled': False, 'location_id': simulator.person_by_email(ALICE)['locationId'],
                                            'location_name': None, 'error': None}
    assert log[0]['query']['email'] == ALICE
    put = log[2]
    assert put['path'] == '/v1/people/%s/features/intercept' % alice and put['status'] == 204
    assert put['body'] == {
        'enabled': True,
        'incoming': {'announcements': {'newNumber': {'enabled': True, 'destination': '+14085550123'},
                                       'zeroTransfer': {'enabled': True, 'destination': '4100'}}},
    }
    assert simulator.get_intercept(alice) == merged(DEFAULT_STORED, {
        'enabled': True,
        'incoming': {'announcements': {'newNumber': {'enabled': True, 'destination': '+14085550123'},
                                       'zeroTransfer': {'enabled': True, 'destination': '4100'}}},
    })

    simulator.clear_log()
    second = ansible([take_out()])
    assert second.rc == 0, second.stdout + second.stderr
    result = result_of(second, 'take out of service')
    assert result['changed'] is False
    assert result['intercept'] == ALICE_TAKEN_OUT
    assert recap(second)['changed'] == 0
    assert api_writes(simulator) == []
    assert [entry['method'] for entry in own_requests(simulator)] == ['GET', 'GET']


@pytest.mark.matrix
def test_check_mode_writes_nothing_and_predicts_changed(ansible, simulator):
    alice = pid(simulator, ALICE)

    check = ansible([take_out()], check=True)
    assert check.rc == 0, check.stdout + check.stderr
    predicted = result_of(check, 'take out of service')
    assert predicted['changed'] is True
    assert recap(check)['changed'] == 1
    assert api_writes(simulator) == []
    assert simulator.get_intercept(alice) == DEFAULT_STORED

    real = ansible([take_out()])
    applied = result_of(real, 'take out of service')
    assert applied['changed'] is True
    # What check mode said the run would leave is what the run left.
    assert predicted['intercept'] == applied['intercept'] == ALICE_TAKEN_OUT
    assert len(puts(simulator)) == 1

    simulator.clear_log()
    again = ansible([take_out()], check=True)
    assert result_of(again, 'take out of service')['changed'] is False
    assert recap(again)['changed'] == 0
    assert api_writes(simulator) == []


def test_check_mode_with_read_only_token_predicts_without_write_scope(ansible, simulator):
    """A compliance run (--check --diff) needs only a read-only token."""
    run = ansible([take_out()], check=True, diff=True, token=simulator.readonly_token)
    assert run.rc == 0, run.stdout + run.stderr
    assert result_of(run, 'take out of service')['changed'] is True
    assert [entry['role'] for entry in simulator.log()] == ['readonly'] * 3
    assert api_writes(simulator) == []


@pytest.mark.matrix
def test_diff_shows_before_and_after_in_the_options_shape(ansible, simulator):
    bob = pid(simulator, BOB)
    task = intercept_task('put bob back', person_email=BOB, enabled=False, outgoing={'destination': '+14085550111'})

    run = ansible([task], diff=True)
    assert run.rc == 0, run.stdout + run.stderr
    result = result_of(run, 'put bob back')
    bob_before = {
        'enabled': True,
        'incoming': {
            'type': 'INTERCEPT_ALL',
            'voicemail_enabled': True,
            'announcements': {
                'greeting': 'CUSTOM',
                'file_name': 'bob-away.wav',
                'new_number': {'enabled': True, 'destination': '+14085550199'},
                'zero_transfer': {'enabled': True, 'destination': '1000'},
            },
        },
        'outgoing': {'type': 'ALLOW_LOCAL_ONLY', 'transfer_enabled': True, 'destination': '+14085550100'},
    }
    bob_after = merged(bob_before, {'enabled': False, 'outgoing': {'destination': '+14085550111'}})
    assert result['diff'] == {'before': bob_before, 'after': bob_after}
    # The diff Ansible prints: exactly the two settings that change, nothing else marked.
    marked = sorted(line[0] + line[1:].strip() for line in run.stdout.splitlines()
                    if line.startswith(('+', '-')) and not line.startswith(('+++', '---')))
    assert marked == sorted(['-"enabled": true,', '+"enabled": false,',
                             '-"destination": "+14085550100",', '+"destination": "+14085550111",'])
    assert '"mediaFileType"' not in run.stdout and 'media_file_type' not in run.stdout
    assert puts(simulator)[0]['body'] == {'enabled': False, 'outgoing': {'destination': '+14085550111'}}
    assert simulator.get_intercept(bob)['incoming']['announcements']['fileName'] == 'bob-away.wav'


def test_person_email_lookup(ansible, simulator):
    carol = pid(simulator, CAROL)
    tasks = [
        intercept_task('mixed case email', person_email='Carol.Chen@Example.COM', enabled=True),
        dict(intercept_task('unknown email', person_email='nobody@example.com', enabled=True), ignore_errors=True),
        dict(intercept_task('ambiguous email', person_email='shared.desk@example.com', enabled=True), ignore_errors=True),
        dict(intercept_task('email without calling', person_email='dan.nocalling@example.com', enabled=True), ignore_errors=True),
    ]
    run = ansible(tasks)
    assert run.rc == 0, run.stdout + run.stderr

    found = result_of(run, 'mixed case email')
    assert found['changed'] is True and found['person_id'] == carol
    assert simulator.get_intercept(carol)['enabled'] is True
    lookups = [entry for entry in simulator.log() if entry['route'] == '/people']
    assert [entry['query'].get('email') for entry in lookups] == [
        'Carol.Chen@Example.COM', 'nobody@example.com', 'shared.desk@example.com', 'dan.nocalling@example.com']
    assert all(entry['query'].get('callingData') == 'true' for entry in lookups)

    unknown = failed(run, 'unknown email')
    assert 'nobody@example.com' in unknown['msg'] and 'matches no Webex person' in unknown['msg']
    ambiguous = failed(run, 'ambiguous email')
    assert 'matches 2 people' in ambiguous['msg'] and 'person_id' in ambiguous['msg']
    for person in simulator.people():
        if person['emails'] == ['shared.desk@example.com']:
            assert person['id'] in ambiguous['msg']
    assert 'dan.nocalling@example.com' in failed(run, 'email without calling')['msg']
    # Only the one found person was read and written.
    assert [entry['path'] for entry in own_requests(simulator) if entry['route'] != '/people'] == [
        '/v1/people/%s/features/intercept' % carol] * 2


def test_greeting_upload_then_custom_and_idempotent(ansible, simulator, greeting_wav):
    alice = pid(simulator, ALICE)
    task = intercept_task('custom greeting', person_email=ALICE, enabled=True,
                          incoming={'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting_wav)}})

    check = ansible([task], check=True)
    assert check.rc == 0, check.stdout + check.stderr
    predicted = result_of(check, 'custom greeting')
    assert predicted['changed'] is True
    assert predicted['intercept']['incoming']['announcements']['file_name'] == 'out-of-service.wav'
    assert api_writes(simulator) == []
    assert simulator.get_upload(alice) is None

    first = ansible([task])
    assert first.rc == 0, first.stdout + first.stderr
    result = result_of(first, 'custom greeting')
    assert result['changed'] is True
    assert result['intercept'] == predicted['intercept']
    assert result['intercept']['incoming']['announcements']['greeting'] == 'CUSTOM'
    writes = api_writes(simulator)
    # Upload first (CUSTOM needs a file on the server), then the settings.
    assert [(entry['method'], entry['route'], entry['status']) for entry in writes] == [
        ('POST', UPLOAD_ROUTE, 201), ('PUT', INTERCEPT_ROUTE, 204)]
    assert writes[0]['upload'] == {'fileName': 'out-of-service.wav', 'size': greeting_wav.stat().st_size, 'contentType': 'audio/wav'}
    assert writes[1]['body'] == {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM'}}}
    assert simulator.get_upload(alice)['count'] == 1
    stored = simulator.get_intercept(alice)
    assert stored['incoming']['announcements']['greeting'] == 'CUSTOM'
    assert stored['incoming']['announcements']['fileName'] == 'out-of-service.wav'

    simulator.clear_log()
    second = ansible([task])
    assert second.rc == 0, second.stdout + second.stderr
    assert result_of(second, 'custom greeting')['changed'] is False
    assert api_writes(simulator) == []
    assert simulator.get_upload(alice)['count'] == 1


@pytest.mark.matrix
def test_invalid_options_fail_before_any_write(ansible, simulator, tmp_path):
    not_wav = tmp_path / 'greeting.wav'
    not_wav.write_bytes(b'ID3\x03\x00 this is an mp3, not a wav')
    tasks = [
        dict(intercept_task('bad number', person_email=ALICE,
                            incoming={'announcements': {'new_number': {'enabled': True, 'destination': '408-555-0123'}}}),
             ignore_errors=True),
        dict(intercept_task('not a wav', person_email=ALICE, incoming={'announcements': {'greeting_file': str(not_wav)}}),
             ignore_errors=True),
        dict(intercept_task('missing file', person_email=ALICE, incoming={'announcements': {'greeting_file': str(tmp_path / 'none.wav')}}),
             ignore_errors=True),
        dict(intercept_task('custom without a file', person_email=ALICE, incoming={'announcements': {'greeting': 'CUSTOM'}}),
             ignore_errors=True),
        dict(intercept_task('enabled without destination', person_email=ALICE, outgoing={'transfer_enabled': True}),
             ignore_errors=True),
    ]
    run = ansible(tasks)
    assert run.rc == 0, run.stdout + run.stderr
    expected = {
        'bad number': 'incoming.announcements.new_number.destination',
        'not a wav': 'is not a WAV file',
        'missing file': 'does not exist',
        'custom without a file': 'greeting_file',
        'enabled without destination': 'outgoing.destination',
    }
    for name, text in expected.items():
        assert text in failed(run, name)['msg'], name
    assert api_writes(simulator) == []
    # The three option errors are found before any API call; the two rules on the merged settings after one read.
    assert [entry['route'] for entry in own_requests(simulator)] == ['/people', INTERCEPT_ROUTE] * 2
    assert simulator.get_intercept(pid(simulator, ALICE)) == DEFAULT_STORED


def test_settings_changed_behind_the_modules_back(ansible, simulator):
    """A setting the task does not manage survives; one it manages is put back with a PUT of only that setting."""
    alice = pid(simulator, ALICE)
    task = intercept_task('managed', person_email=ALICE, enabled=True,
                          incoming={'announcements': {'new_number': {'enabled': True, 'destination': '+14085550123'}}})
    assert result_of(ansible([task]), 'managed')['changed'] is True

    # Someone changes, in Control Hub, settings the task does not manage.
    unmanaged = {
        'incoming': {'voicemailEnabled': True, 'announcements': {'zeroTransfer': {'enabled': True, 'destination': '4200'}}},
        'outgoing': {'type': 'ALLOW_LOCAL_ONLY', 'transferEnabled': True, 'destination': '+14085550177'},
    }
    simulator.patch_intercept(alice, unmanaged)
    expected = simulator.get_intercept(alice)
    simulator.clear_log()
    rerun = ansible([task])
    assert rerun.rc == 0, rerun.stdout + rerun.stderr
    result = result_of(rerun, 'managed')
    assert result['changed'] is False
    assert result['intercept']['outgoing'] == {'type': 'ALLOW_LOCAL_ONLY', 'transfer_enabled': True, 'destination': '+14085550177'}
    assert api_writes(simulator) == []
    assert simulator.get_intercept(alice) == expected

    # And one it manages: only that setting is written back, the others stay as Control Hub left them.
    simulator.patch_intercept(alice, {'enabled': False})
    simulator.clear_log()
    third = ansible([task])
    assert result_of(third, 'managed')['changed'] is True
    assert [entry['body'] for entry in puts(simulator)] == [{'enabled': True}]
    assert simulator.get_intercept(alice) == expected


def test_read_only_token_fails_clearly_with_403_and_writes_nothing(ansible, simulator, greeting_wav):
    alice = pid(simulator, ALICE)
    tasks = [
        dict(intercept_task('upload with read-only token', person_email=ALICE,
                            incoming={'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting_wav)}}),
             ignore_errors=True),
        take_out(name='write with read-only token'),
    ]
    run = ansible(tasks, token=simulator.readonly_token)
    assert run.rc != 0
    assert recap(run)['failed'] == 1 and recap(run)['ignored'] == 1

    upload = failed(run, 'upload with read-only token')
    assert upload['api_error']['method'] == 'POST' and upload['api_error']['status'] == 403
    result = failed(run, 'write with read-only token')
    error = result['api_error']
    assert error['method'] == 'PUT'
    assert error['path'] == '/people/%s/features/intercept' % alice
    assert error['status'] == 403
    assert error['attempts'] == 1
    assert 'missing required scopes' in error['message']
    assert error['tracking_id']
    for text in ('PUT /people/%s/features/intercept' % alice, 'HTTP 403', 'missing required scopes', error['tracking_id']):
        assert text in result['msg']
    assert error['tracking_id'] in [entry['tracking_id'] for entry in simulator.log()]
    for secret in (simulator.readonly_token, simulator.admin_token):
        assert secret not in run.stdout and secret not in run.stderr
    # The upload was refused, so no PUT followed it; the settings PUT was refused: nothing changed.
    assert [(entry['method'], entry['status']) for entry in api_writes(simulator)] == [('POST', 403), ('PUT', 403)]
    assert simulator.get_intercept(alice) == DEFAULT_STORED
    assert simulator.get_upload(alice) is None


def test_org_id_reaches_a_customer_organization(ansible, simulator):
    partner = simulator.partner_org_id
    paula = pid(simulator, PAULA, org_id=partner)
    tasks = [
        dict(take_out(PAULA, name='without org_id'), ignore_errors=True),
        take_out(PAULA, name='with org_id', org_id=partner),
    ]
    run = ansible(tasks)
    assert run.rc == 0, run.stdout + run.stderr
    assert 'matches no Webex person' in failed(run, 'without org_id')['msg']
    result = result_of(run, 'with org_id')
    assert result['changed'] is True and result['person_id'] == paula
    log = own_requests(simulator)
    assert log[0]['query'].get('orgId') is None
    assert [(entry['method'], entry['query'].get('orgId'), entry['org_id']) for entry in log[1:]] == [
        ('GET', partner, partner), ('GET', partner, partner), ('PUT', partner, partner)]
    assert [(entry['query'].get('orgId'), entry['status']) for entry in override_reads(simulator)] == [(partner, 200)]
    assert simulator.get_intercept(paula)['enabled'] is True
    assert simulator.get_intercept(paula)['incoming']['announcements']['newNumber']['destination'] == '+14085550123'

    simulator.clear_log()
    by_id = ansible([intercept_task('by id', person_id=paula, org_id=partner, **TAKE_OUT_OPTIONS)])
    assert result_of(by_id, 'by id')['changed'] is False
    assert [(entry['method'], entry['route'], entry['query'].get('orgId')) for entry in own_requests(simulator)] == [
        ('GET', INTERCEPT_ROUTE, partner)]
    # By ID, the person is looked up (for the location) in the customer organization too.
    assert [(entry['route'], entry['query'].get('orgId')) for entry in override_reads(simulator)] == [
        ('/people', partner), ('/telephony/config/locations/{locationId}/intercept', partner)]


@pytest.mark.matrix
def test_module_defaults_action_group(ansible, simulator):
    """module_defaults for group/webex.calling.webex reach both modules; the environment's values are not used."""
    alice = pid(simulator, ALICE)
    playbook = [{
        'name': 'module_defaults',
        'module_defaults': {'group/webex.calling.webex': {'access_token': '{{ webex_token }}', 'api_url': '{{ webex_url }}'}},
        'block': [
            {'name': 'read', 'webex.calling.webex_person_intercept_info': {'person_email': ALICE}},
            take_out(name='write'),
        ],
    }]
    run = ansible(playbook, extra_vars={'webex_token': simulator.admin_token, 'webex_url': simulator.url},
                  env={'WEBEX_ACCESS_TOKEN': 'not-a-webex-token', 'WEBEX_API_URL': 'https://webexapis.invalid/v1'})
    assert run.rc == 0, run.stdout + run.stderr
    assert result_of(run, 'read')['persons'][0]['person_id'] == alice
    assert result_of(run, 'write')['changed'] is True
    assert set(entry['role'] for entry in simulator.log()) == {'admin'}
    assert simulator.get_intercept(alice)['enabled'] is True


def test_info_entries_fed_back_change_nothing(ansible, simulator):
    people = dict((person['emails'][0], person['id']) for person in simulator.people())
    simulator.set_intercept(people['user0001@example.com'], {
        'enabled': True,
        'incoming': {'type': 'ALLOW_ALL', 'voicemailEnabled': True,
                     'announcements': {'newNumber': {'enabled': False, 'destination': '+14085550001'}}},
        'outgoing': {'type': 'ALLOW_LOCAL_ONLY', 'transferEnabled': True, 'destination': '4001'},
    })
    simulator.set_intercept(people['user0002@example.com'], {
        'incoming': {'announcements': {'zeroTransfer': {'enabled': True, 'destination': '4000'}}},
    })
    before = dict((person_id, simulator.get_intercept(person_id)) for person_id in people.values())
    feed = [ALICE, BOB, 'erin.evans@example.com', 'shared.desk@example.com', 'user0001@example.com', 'user0002@example.com']
    playbook = [
        {'name': 'read the organization', 'webex.calling.webex_person_intercept_info': {}, 'register': 'org'},
        {
            'name': 'feed back',
            'webex.calling.webex_person_intercept': {
                'person_id': '{{ item.person_id }}',
                'enabled': '{{ item.intercept.enabled }}',
                'incoming': '{{ item.intercept.incoming }}',
                'outgoing': '{{ item.intercept.outgoing }}',
            },
            'loop': "{{ org.persons | selectattr('email', 'in', feed) | list }}",
            'loop_control': {'label': '{{ item.email }}'},
        },
    ]
    run = ansible(playbook, extra_vars={'feed': feed})
    assert run.rc == 0, run.stdout + run.stderr
    items = result_of(run, 'feed back')['results']
    assert sorted(item['item']['email'] for item in items) == sorted(feed + ['shared.desk@example.com'])
    assert [item['changed'] for item in items] == [False] * len(items)
    assert recap(run)['changed'] == 0
    assert api_writes(simulator) == []
    assert dict((person_id, simulator.get_intercept(person_id)) for person_id in people.values()) == before


def test_module_result_fed_back_changes_nothing(ansible, simulator, greeting_wav):
    """The module's own returned intercept (with file_name) can be passed back as its options."""
    playbook = [
        intercept_task('apply', person_email=ALICE, enabled=True,
                       incoming={'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting_wav)}}),
        dict(take_out(), register='applied'),
        intercept_task('feed back', person_id='{{ applied.person_id }}', enabled='{{ applied.intercept.enabled }}',
                       incoming='{{ applied.intercept.incoming }}', outgoing='{{ applied.intercept.outgoing }}'),
    ]
    run = ansible(playbook)
    assert run.rc == 0, run.stdout + run.stderr
    assert result_of(run, 'feed back')['changed'] is False
    assert len(api_writes(simulator)) == 3
