# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's playbooks report bad input with the playbook's own variable names, before any request that writes.

A user of ``webex.calling.restore`` sets ``backup_path``, ``people``, ``missing``; a message naming the role's
``intercept_restore_path`` would send them looking for a variable they never set.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re

import pytest
import yaml

from conftest import REPO_ROOT, api_writes

ALICE = 'alice.anders@example.com'


def failure(run):
    """The message of the one failed task, and the whole output."""
    failed = [task for task in run.tasks if task['status'] == 'failed']
    assert run.rc != 0 and len(failed) == 1, run.stdout + run.stderr
    return failed[0]['result']['msg']


def role_variables():
    """Every variable the collection's roles document."""
    names = set()
    for role in os.listdir(os.path.join(REPO_ROOT, 'roles')):
        with open(os.path.join(REPO_ROOT, 'roles', role, 'meta', 'argument_specs.yml')) as handle:
            names.update(yaml.safe_load(handle)['argument_specs']['main']['options'])
    return names


def assert_only_playbook_names(message, *names):
    for name in names:
        assert re.search(r'\b%s\b' % re.escape(name), message), 'the message names %s: %s' % (name, message)
    named = sorted(name for name in role_variables() if re.search(r'\b%s\b' % re.escape(name), message))
    assert not named, 'the message names role variables %s: %s' % (named, message)


@pytest.mark.parametrize('playbook', ['webex.calling.out_of_service', 'webex.calling.back_in_service'])
def test_people_empty_names_people(ansible, simulator, playbook):
    run = ansible(playbook, extra_vars={'people': ' , '})
    assert_only_playbook_names(failure(run), 'people')
    assert simulator.log() == [], 'nothing was read'


def test_misspelt_key_of_a_person_names_its_path_in_people(ansible, simulator):
    run = ansible('webex.calling.out_of_service', extra_vars={'people': [{'email': ALICE, 'incomming': {}}]})
    message = failure(run)
    assert 'people[0].incomming' in message, message
    assert_only_playbook_names(message, 'people')
    assert simulator.log() == []


def test_restore_names_backup_path_and_backup_dir(ansible, simulator, tmp_path):
    missing_file = ansible('webex.calling.restore', extra_vars={'backup_path': str(tmp_path / 'nope.json')})
    assert_only_playbook_names(failure(missing_file), 'backup_path')
    empty = tmp_path / 'empty'
    empty.mkdir()
    no_backup = ansible('webex.calling.restore', extra_vars={'backup_dir': str(empty)})
    assert_only_playbook_names(failure(no_backup), 'backup_dir', 'backup_path')
    assert simulator.log() == []


def test_restore_names_missing_and_people(ansible, simulator, tmp_path):
    bad_choice = ansible('webex.calling.restore', extra_vars={'backup_dir': str(tmp_path), 'missing': 'bogus'})
    message = failure(bad_choice)
    assert_only_playbook_names(message, 'missing')
    assert 'skip' in message and 'fail' in message, message

    backup = ansible('webex.calling.backup', extra_vars={'backup_dir': str(tmp_path)})
    assert backup.rc == 0, backup.stdout
    simulator.clear_log()
    nobody = ansible('webex.calling.restore', extra_vars={'backup_dir': str(tmp_path), 'people': 'nobody@example.com'})
    assert_only_playbook_names(failure(nobody), 'people')
    assert simulator.log() == []

    alice = simulator.person_by_email(ALICE)['id']
    simulator.set_intercept(alice, dict(simulator.get_intercept(alice), enabled=True))
    simulator.clear_log()
    gone = dict(json.loads(next(tmp_path.glob('intercept-backup-*.json')).read_text()))
    gone['persons'] = [dict(gone['persons'][0], person_id='Z29uZQ', email='gone@example.com')]
    (tmp_path / 'gone.json').write_text(json.dumps(gone))
    fails = ansible('webex.calling.restore', extra_vars={'backup_path': str(tmp_path / 'gone.json'), 'missing': 'fail'})
    assert_only_playbook_names(failure(fails), 'missing')
    assert api_writes(simulator) == []


def test_role_results_keep_their_types(ansible, simulator, tmp_path):
    """What the argument specs promise: integers stay integers (ansible-core 2.16 turned templated leaves into strings)."""
    run = ansible([
        {'name': 'back up', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept_backup'},
         'vars': {'intercept_backup_dir': str(tmp_path)}},
        {'name': 'apply', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept'},
         'vars': {'intercept_people': ALICE, 'intercept_settings': {'enabled': True}}},
        {'name': 'restore', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept_restore'},
         'vars': {'intercept_restore_dir': str(tmp_path), 'intercept_restore_people': ALICE}},
        {'name': 'results', 'ansible.builtin.debug': {
            'msg': '{{ [intercept_backup_result, intercept_result, intercept_restore_result] }}'}},
    ])
    assert run.rc == 0, run.stdout
    backup, applied, restored = run.tasks.named('results')['result']['msg']
    assert isinstance(backup['people'], int) and backup['people'] == len(simulator.people())
    assert backup['path'].startswith(str(tmp_path))
    assert applied == {'people': 1, 'changed': [ALICE], 'compliant': [], 'locations': 0,
                       'message': '1 person, 0 already compliant, 1 changed: %s' % ALICE}
    assert restored['people'] == 1 and restored['changed'] == [ALICE] and restored['missing'] == []
