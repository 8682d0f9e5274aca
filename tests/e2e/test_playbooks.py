# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The playbooks for AWX job templates, run by their collection names with survey-style extra vars."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from conftest import api_writes

ALICE = 'alice.anders@example.com'
BOB = 'bob.baker@example.com'
ERIN = 'erin.evans@example.com'


def person(simulator, email):
    return simulator.person_by_email(email)


def written_people(simulator):
    return sorted(set(entry['path'].split('/')[3] for entry in api_writes(simulator)))


def snapshot(simulator):
    return dict((entry['id'], simulator.get_intercept(entry['id'])) for entry in simulator.people())


@pytest.mark.matrix
def test_out_of_service_then_back_in_service(ansible, simulator):
    alice, bob = person(simulator, ALICE), person(simulator, BOB)
    survey = {'people': '%s,\n %s' % (ALICE, BOB), 'new_number': '+14085550123', 'zero_transfer': '4100',
              'location_id': alice['locationId']}

    check = ansible('webex.calling.out_of_service', extra_vars=survey, check=True)
    assert check.rc == 0, check.stdout
    assert 'changed=1' in check.stdout
    assert api_writes(simulator) == []

    first = ansible('webex.calling.out_of_service', extra_vars=survey)
    assert first.rc == 0, first.stdout
    assert written_people(simulator) == sorted([alice['id'], bob['id']])
    for who in (alice, bob):
        stored = simulator.get_intercept(who['id'])
        assert stored['enabled'] is True
        assert stored['incoming']['type'] == 'INTERCEPT_ALL'
        assert stored['incoming']['announcements']['newNumber'] == {'enabled': True, 'destination': '+14085550123'}
        assert stored['incoming']['announcements']['zeroTransfer'] == {'enabled': True, 'destination': '4100'}
        assert stored['outgoing']['type'] == 'INTERCEPT_ALL'

    simulator.clear_log()
    second = ansible('webex.calling.out_of_service', extra_vars=survey)
    assert second.rc == 0, second.stdout
    assert 'changed=0' in second.stdout
    assert api_writes(simulator) == []

    back_check = ansible('webex.calling.back_in_service', extra_vars={'people': [ALICE]}, check=True)
    assert back_check.rc == 0, back_check.stdout
    assert 'changed=1' in back_check.stdout
    assert api_writes(simulator) == []

    back = ansible('webex.calling.back_in_service', extra_vars={'people': [ALICE]})
    assert back.rc == 0, back.stdout
    assert [entry['body'] for entry in api_writes(simulator)] == [{'enabled': False}]
    assert simulator.get_intercept(alice['id'])['enabled'] is False
    assert simulator.get_intercept(alice['id'])['incoming']['announcements']['newNumber']['destination'] == '+14085550123'
    assert simulator.get_intercept(bob['id'])['enabled'] is True


def test_out_of_service_needs_people(ansible, simulator):
    run = ansible('webex.calling.out_of_service', extra_vars={'people': ' , '})
    assert run.rc != 0
    # The message names the playbook's variable (people), not the role's.
    assert 'people is empty; list the email addresses or person IDs of the people' in run.stdout
    assert api_writes(simulator) == []


@pytest.mark.matrix
def test_audit_playbook_fails_on_the_seeded_drift_in_check_mode(ansible, simulator, tmp_path):
    reports = tmp_path / 'reports'
    run = ansible('webex.calling.audit', check=True, extra_vars={
        'report_dir': str(reports), 'report_formats': 'html, json', 'fail_on_drift': 'true'})
    assert run.rc != 0
    report = json.loads((reports / 'intercept-audit.json').read_text())
    assert sorted(os.listdir(str(reports))) == [report['history']['file'], 'intercept-audit.html', 'intercept-audit.json']
    # The seed intercepts Bob's, Erin's, the Board Room workspace's and the Support Line virtual line's calls.
    assert dict((entry['email'] or entry['display_name'], (entry['kind'], entry['drift'])) for entry in report['drifted']) == {
        BOB: ('person', ['enabled']), ERIN: ('person', ['enabled']), 'Board Room': ('workspace', ['enabled']),
        'Support Line': ('virtual_line', ['enabled'])}
    assert report['summary']['people'] == len(simulator.people())
    assert report['summary']['audited'] == len(simulator.people()) + len(simulator.workspaces()) + len(
        simulator.virtual_lines())
    assert api_writes(simulator) == []


def test_audit_playbook_of_a_compliant_location_passes(ansible, simulator, tmp_path):
    reports = tmp_path / 'reports'
    run = ansible('webex.calling.audit', extra_vars={
        'report_dir': str(reports), 'location_id': person(simulator, ERIN)['locationId'], 'fail_on_drift': True,
        'exceptions': [{'email': ERIN, 'enabled': True}, {'virtual_line_name': 'Support Line', 'enabled': True}],
        'report_name': 'branch'})
    assert run.rc == 0, run.stdout
    assert 'changed=0' in run.stdout
    report = json.loads((reports / 'branch.json').read_text())
    assert report['summary']['people'] == 3
    assert report['summary']['compliant'] == report['summary']['audited'] > 3
    assert sorted(os.listdir(str(reports))) == [report['history']['file'], 'branch.csv', 'branch.html', 'branch.json',
                                                'branch.md']


def test_backup_playbook_in_check_mode_still_writes_the_file(ansible, simulator, tmp_path):
    path = tmp_path / 'org.json'
    run = ansible('webex.calling.backup', extra_vars={'backup_path': str(path)}, check=True)
    assert run.rc == 0, run.stdout
    assert len(json.loads(path.read_text())['persons']) == len(simulator.people())
    assert api_writes(simulator) == []


@pytest.mark.matrix
def test_backup_change_restore_playbooks(ansible, simulator, tmp_path):
    alice = person(simulator, ALICE)
    location = {'location_id': alice['locationId']}
    original = snapshot(simulator)
    backups = tmp_path / 'backups'
    backup = ansible('webex.calling.backup', extra_vars=dict(location, backup_dir=str(backups)))
    assert backup.rc == 0, backup.stdout
    assert 'changed=0' in backup.stdout
    files = os.listdir(str(backups))
    data = json.loads((backups / files[0]).read_text())
    assert data['location_id'] == alice['locationId']
    assert sorted(entry['email'] for entry in data['persons']) == [ALICE, BOB, 'shared.desk@example.com']

    changed = ansible('webex.calling.out_of_service', extra_vars=dict(location, people=[ALICE, BOB], new_number='+15550100'))
    assert changed.rc == 0, changed.stdout
    assert snapshot(simulator) != original
    simulator.clear_log()

    check = ansible('webex.calling.restore', extra_vars={'backup_dir': str(backups)}, check=True, diff=True)
    assert check.rc == 0, check.stdout
    assert '2 would change: %s, %s' % (ALICE, BOB) in check.stdout
    assert api_writes(simulator) == []

    restore = ansible('webex.calling.restore', extra_vars={'backup_path': str(backups / files[0])})
    assert restore.rc == 0, restore.stdout
    assert written_people(simulator) == sorted([alice['id'], person(simulator, BOB)['id']])
    assert snapshot(simulator) == original

    simulator.clear_log()
    again = ansible('webex.calling.restore', extra_vars={'backup_dir': str(backups)})
    assert again.rc == 0, again.stdout
    assert 'changed=0' in again.stdout
    assert api_writes(simulator) == []
