# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token never shows: not at -vvv, not in diffs, results, warnings, errors, nor in what the server saw.

Every scenario of test_faults.py, test_bad_input.py and test_tls.py ends with the same check
(leaks.assert_token_never_shown). The tests here add the ways a playbook passes a token: a module option from a
variable, module_defaults, the environment; and the results a playbook may print (register + debug).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from conftest import PlaybookRun, Tasks, api_writes
from leaks import assert_token_never_shown
from test_faults import write_wav

ADMIN_TOKEN = 'sim-admin-token'
PERSON, OTHER, THIRD, FOURTH, FIFTH = ('user0131@example.com', 'user0132@example.com', 'user0133@example.com',
                                       'user0134@example.com', 'user0135@example.com')
INTERCEPT = 'webex.calling.webex_person_intercept'
INFO = 'webex.calling.webex_person_intercept_info'
NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def playbook_tasks(greeting):
    take_out = {'enabled': True,
                'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': greeting,
                                               'new_number': {'enabled': True, 'destination': '+14085550123'}}}}
    return [
        {'name': 'change with the token from a variable',
         INTERCEPT: dict(take_out, person_email=PERSON, access_token='{{ webex_token }}'), 'register': 'changed'},
        {'name': 'check mode with module_defaults', INTERCEPT: {'person_email': OTHER, 'enabled': True},
         'check_mode': True, 'register': 'checked'},
        {'name': 'read with module_defaults', INFO: {'person_email': PERSON}, 'register': 'read'},
        {'name': 'bad input', INTERCEPT: {'person_email': PERSON, 'outgoing': {'destination': 'x'}},
         'ignore_errors': True, 'register': 'bad'},
        {'name': 'server error', INTERCEPT: dict(take_out, person_email=THIRD), 'ignore_errors': True,
         'register': 'failed'},
        {'name': 'connection reset', INTERCEPT: dict(take_out, person_email=FOURTH), 'ignore_errors': True,
         'register': 'reset'},
        {'name': 'not JSON', INFO: {'person_email': FIFTH}, 'ignore_errors': True, 'register': 'not_json'},
        {'name': 'show everything registered',
         'ansible.builtin.debug': {'msg': '{{ [changed, checked, read, bad, failed, reset, not_json] | to_json }}'}},
    ]


@pytest.mark.matrix
def test_token_from_variables_and_module_defaults_is_never_shown(ansible, simulator, tmp_path):
    simulator.add_faults([
        {'method': 'POST', 'path': simulator.person_by_email(THIRD)['id'], 'status': 500},
        {'method': 'POST', 'path': simulator.person_by_email(FOURTH)['id'], 'kind': 'reset'},
        {'method': 'GET', 'path': simulator.person_by_email(FIFTH)['id'], 'kind': 'non_json'},
    ])
    playbook = tmp_path / 'secrets.yml'
    playbook.write_text(json.dumps([{
        'name': 'Token in a variable',
        'hosts': 'localhost',
        'gather_facts': False,
        'vars': {'webex_token': ADMIN_TOKEN},
        'module_defaults': {'group/webex.calling.webex': {'access_token': '{{ webex_token }}'}},
        'tasks': playbook_tasks(write_wav(tmp_path / 'closed.wav')),
    }]))
    run = ansible(str(playbook), diff=True, args=['-vvv'], env={'WEBEX_ACCESS_TOKEN': ''})
    assert run.rc == 0, run.stdout
    assert [task['status'] for task in run.tasks] == ['ok', 'ok', 'ok', 'failed', 'failed', 'failed', 'failed', 'ok']
    changed = run.tasks.named('change with the token from a variable')['result']
    assert changed['changed'] is True and changed['diff']['after']['enabled'] is True
    assert changed['invocation']['module_args']['access_token'] == NO_LOG_PLACEHOLDER
    assert run.tasks.named('server error')['result']['api_error']['status'] == 500
    assert 'connection failed' in run.tasks.named('connection reset')['result']['msg']
    assert 'not JSON' in run.tasks.named('not JSON')['result']['msg']
    assert [entry['method'] for entry in api_writes(simulator)] == ['POST', 'PUT', 'POST', 'POST']
    assert_token_never_shown(ADMIN_TOKEN, run, simulator)


class FakeSimulator:
    """Stands in for the simulator in the test of the check itself."""

    def __init__(self, log):
        self._log = log

    def log(self):
        return self._log


def test_the_token_check_finds_a_leak():
    """The check fails on the token anywhere it looks, and on Ansible's mask in the results."""
    clean = PlaybookRun(0, 'TASK [read] ****\nok', '', Tasks([{'task': 'read', 'result': {'msg': 'fine'}}]))
    assert_token_never_shown(ADMIN_TOKEN, clean, FakeSimulator([]))
    leaks = (
        (clean._replace(stdout='Authorization: Bearer %s' % ADMIN_TOKEN), []),
        (clean._replace(stderr='token=%s' % ADMIN_TOKEN), []),
        (clean._replace(tasks=Tasks([{'task': 'read', 'result': {'warnings': [ADMIN_TOKEN]}}])), []),
        (clean._replace(tasks=Tasks([{'task': 'read', 'result': {'msg': 'token ********'}}])), []),
        (clean._replace(stdout='"msg": "token ********"'), []),
        (clean, [{'path': '/v1/people', 'tracking_id': ADMIN_TOKEN}]),
    )
    for run, log in leaks:
        with pytest.raises(AssertionError):
            assert_token_never_shown(ADMIN_TOKEN, run, FakeSimulator(log))
