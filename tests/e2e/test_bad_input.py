# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input fails before any write: every case is a task of one playbook, checked for the option and the fix it names.

Cases that can be decided from the options alone must not send any request at all; cases that depend on the
person's current settings (an email, the destination already on the server) may read, but never write.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from conftest import api_writes
from leaks import assert_token_never_shown
from test_faults import write_wav

ADMIN_TOKEN = 'sim-admin-token'
PERSON = 'user0111@example.com'
BOB = 'bob.baker@example.com'  # has a custom greeting and every destination set
INTERCEPT = 'webex.calling.webex_person_intercept'
INFO = 'webex.calling.webex_person_intercept_info'
# The cases run on these hosts (all local), at the same time.
HOSTS = ('localhost', 'bad1', 'bad2', 'bad3')

# (task name, module, options, pieces the message must contain: the option named and the fix)
OFFLINE_CASES = (
    ('invalid incoming.type', INTERCEPT, {'person_email': PERSON, 'incoming': {'type': 'BLOCK_ALL'}},
     ['type', 'incoming', 'INTERCEPT_ALL, ALLOW_ALL', 'BLOCK_ALL']),
    ('invalid outgoing.type', INTERCEPT, {'person_email': PERSON, 'outgoing': {'type': 'BLOCK'}},
     ['type', 'outgoing', 'INTERCEPT_ALL, ALLOW_LOCAL_ONLY']),
    ('invalid greeting', INTERCEPT, {'person_email': PERSON, 'incoming': {'announcements': {'greeting': 'LOUD'}}},
     ['greeting', 'DEFAULT, CUSTOM']),
    ('invalid on_read_error', INFO, {'on_read_error': 'ignore'}, ['on_read_error', 'fail, report']),
    ('enabled not a boolean', INTERCEPT, {'person_email': PERSON, 'enabled': 'maybe'}, ['enabled', 'bool']),
    # ansible-core itself reports a string given for a dictionary option without the option's name.
    ('incoming not a dictionary', INTERCEPT, {'person_email': PERSON, 'incoming': 'INTERCEPT_ALL'},
     ['dictionary requested']),
    ('voicemail_enabled not a boolean', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'voicemail_enabled': 'often'}}, ['voicemail_enabled', 'bool']),
    ('timeout not a number', INTERCEPT, {'person_email': PERSON, 'enabled': True, 'timeout': 'soon'}, ['timeout', 'int']),
    ('concurrency not a number', INFO, {'concurrency': 'many'}, ['concurrency', 'int']),
    ('both person_id and person_email', INTERCEPT, {'person_id': 'abc', 'person_email': PERSON, 'enabled': True},
     ['mutually exclusive', 'person_id', 'person_email']),
    ('neither person_id nor person_email', INTERCEPT, {'enabled': True}, ['one of', 'person_id', 'person_email']),
    ('info with both person_id and person_email', INFO, {'person_id': 'abc', 'person_email': PERSON},
     ['mutually exclusive', 'person_id', 'person_email']),
    ('malformed new_number destination', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'new_number': {'enabled': True, 'destination': '408-555-0123'}}}},
     ['incoming.announcements.new_number.destination', '408-555-0123', 'digits with an optional leading +']),
    ('malformed zero_transfer destination', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'zero_transfer': {'enabled': True, 'destination': 'reception'}}}},
     ['incoming.announcements.zero_transfer.destination', 'digits with an optional leading +']),
    ('malformed outgoing destination', INTERCEPT,
     {'person_email': PERSON, 'outgoing': {'transfer_enabled': True, 'destination': '+1 408 555 0100'}},
     ['outgoing.destination', 'digits with an optional leading +']),
    ('greeting file missing', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': '{{ files }}/gone.wav'}}},
     ['incoming.announcements.greeting_file', 'gone.wav', 'does not exist', 'path of a .wav file']),
    ('greeting file not WAVE', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': '{{ files }}/song.wav'}}},
     ['incoming.announcements.greeting_file', 'song.wav', 'not a WAV file', 'convert the greeting to WAV']),
    ('greeting file not named .wav', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'greeting_file': '{{ files }}/greeting.mp3'}}},
     ['incoming.announcements.greeting_file', 'not a WAV file']),
    ('greeting file too large', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': '{{ files }}/long.wav'}}},
     ['incoming.announcements.greeting_file', 'long.wav', 'at most 5000 KB', 'shorten or re-encode']),
    ('greeting file unreadable', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': '{{ files }}/locked.wav'}}},
     ['incoming.announcements.greeting_file', 'locked.wav', 'cannot be read']),
    ('empty token', INTERCEPT, {'person_email': PERSON, 'enabled': True, 'access_token': ''},
     ['access_token', 'empty', 'WEBEX_ACCESS_TOKEN']),
    ('whitespace token', INFO, {'person_email': PERSON, 'access_token': '  \t '}, ['access_token', 'empty', 'WEBEX_ACCESS_TOKEN']),
    ('api_url plain http', INTERCEPT, {'person_email': PERSON, 'enabled': True, 'api_url': 'http://webexapis.com/v1'},
     ['api_url', 'must use https', 'loopback']),
    ('api_url not a URL', INFO, {'person_email': PERSON, 'api_url': 'webexapis.com/v1'},
     ['api_url', 'absolute https URL', 'https://webexapis.com/v1']),
    ('api_url other scheme', INTERCEPT, {'person_email': PERSON, 'enabled': True, 'api_url': 'ftp://127.0.0.1/v1'},
     ['api_url', 'absolute https URL']),
    ('timeout zero', INTERCEPT, {'person_email': PERSON, 'enabled': True, 'timeout': 0}, ['timeout', 'between 1 and 300']),
    ('timeout too long', INFO, {'person_email': PERSON, 'timeout': 301}, ['timeout', 'between 1 and 300']),
    ('concurrency out of range', INFO, {'concurrency': 0}, ['concurrency', 'between 1 and 64']),
    ('ca_path missing', INTERCEPT, {'person_email': PERSON, 'enabled': True, 'ca_path': '{{ files }}/no-ca.pem'},
     ['ca_path', 'no-ca.pem', 'PEM']),
)

READ_CASES = (
    ('unknown email', INTERCEPT, {'person_email': 'nobody@example.com', 'enabled': True},
     ['person_email nobody@example.com', 'matches no Webex person', 'org_id']),
    ('email of several people', INTERCEPT, {'person_email': 'shared.desk@example.com', 'enabled': True},
     ['person_email shared.desk@example.com', 'matches 2 people', 'use person_id']),
    ('info unknown email', INFO, {'person_email': 'nobody@example.com'}, ['person_email nobody@example.com', 'matches no']),
    ('new_number enabled without destination', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'new_number': {'enabled': True}}}},
     ['incoming.announcements.new_number.enabled is true', 'set incoming.announcements.new_number.destination']),
    ('zero_transfer enabled with destination cleared', INTERCEPT,
     {'person_email': BOB, 'incoming': {'announcements': {'zero_transfer': {'destination': ''}}}},
     ['incoming.announcements.zero_transfer.enabled is true', 'set incoming.announcements.zero_transfer.destination']),
    ('outgoing transfer without destination', INTERCEPT, {'person_email': PERSON, 'outgoing': {'transfer_enabled': True}},
     ['outgoing.transfer_enabled is true', 'set outgoing.destination']),
    ('CUSTOM greeting without a file', INTERCEPT,
     {'person_email': PERSON, 'incoming': {'announcements': {'greeting': 'CUSTOM'}}},
     ['incoming.announcements.greeting is CUSTOM', 'set incoming.announcements.greeting_file']),
)


@pytest.fixture
def files(tmp_path):
    """A directory with the greeting files of the cases."""
    directory = tmp_path / 'files'
    directory.mkdir()
    write_wav(directory / 'closed.wav')
    (directory / 'song.wav').write_bytes(b'ID3\x03\x00\x00\x00\x00\x00\x00 an mp3, not a wave file')
    with open(write_wav(directory / 'greeting.mp3'), 'rb') as handle:
        assert handle.read(4) == b'RIFF'
    with open(write_wav(directory / 'long.wav'), 'r+b') as handle:
        handle.truncate(5000 * 1024 + 1)
    locked = directory / 'locked.wav'
    if os.geteuid() == 0:
        # root reads any file whatever its mode: use one that exists and cannot be read (EIO at offset 0).
        os.symlink('/proc/self/mem', str(locked))
    else:
        write_wav(locked)
        os.chmod(str(locked), 0)
    return str(directory)


def run_cases(ansible, tmp_path, cases, files, **kwargs):
    """One playbook, the cases spread over HOSTS local hosts that run at the same time (strategy free)."""
    tasks = [{'name': name, module: options, 'ignore_errors': True, 'when': 'inventory_hostname == %r' % HOSTS[index % len(HOSTS)]}
             for index, (name, module, options, dummy) in enumerate(cases)]
    playbook = tmp_path / 'cases.yml'
    playbook.write_text(json.dumps([{'name': 'Bad input', 'hosts': 'all', 'gather_facts': False, 'strategy': 'free',
                                     'vars': {'files': files}, 'tasks': tasks}]))
    return ansible(str(playbook), args=['-i', ','.join(HOSTS[1:]) + ',', '-f', str(len(HOSTS)), '-vvv'], **kwargs)


def assert_cases(run, cases):
    assert run.rc == 0, run.stdout
    for name, dummy, dummy2, pieces in cases:
        (task,) = [task for task in run.tasks if task['task'] == name and task['status'] != 'skipped']
        assert task['status'] == 'failed', task
        msg = task['result']['msg']
        for piece in pieces:
            assert piece in msg, 'task %r: %r is not in %r' % (name, piece, msg)


def test_offline_cases_send_no_request(ansible, simulator, files, tmp_path):
    run = run_cases(ansible, tmp_path, OFFLINE_CASES, files, diff=True)
    assert_cases(run, OFFLINE_CASES)
    assert simulator.log() == [], 'a request was sent for input that was bad from the start'
    assert_token_never_shown(ADMIN_TOKEN, run, simulator)


def test_cases_that_need_a_read_never_write(ansible, simulator, files, tmp_path):
    bob = simulator.person_by_email(BOB)['id']
    bob_before = simulator.get_intercept(bob)
    run = run_cases(ansible, tmp_path, READ_CASES, files, diff=True)
    assert_cases(run, READ_CASES)
    assert api_writes(simulator) == []
    assert [entry['method'] for entry in simulator.log()] == ['GET'] * len(simulator.log())
    assert simulator.get_intercept(bob) == bob_before
    assert_token_never_shown(ADMIN_TOKEN, run, simulator)


def test_check_mode_catches_the_same_errors(ansible, simulator, files, tmp_path):
    """--check fails on the same input, so a dry run finds it before the real one."""
    names = ('malformed outgoing destination', 'greeting file not WAVE', 'timeout zero', 'email of several people',
             'new_number enabled without destination')
    cases = [case for case in OFFLINE_CASES + READ_CASES if case[0] in names]
    run = run_cases(ansible, tmp_path, cases, files, check=True)
    assert_cases(run, cases)
    assert api_writes(simulator) == []
    assert_token_never_shown(ADMIN_TOKEN, run, simulator)


def test_plain_http_to_loopback_warns(ansible, simulator):
    """http is accepted only for a loopback address (the simulator), and then with a warning."""
    run = ansible([{'name': 'read', INFO: {'person_email': PERSON}}])
    assert run.rc == 0, run.stdout
    warnings = run.tasks.named('read')['result']['warnings']
    assert any('uses plain http' in warning and 'loopback' in warning for warning in warnings), warnings
    assert_token_never_shown(ADMIN_TOKEN, run, simulator)
