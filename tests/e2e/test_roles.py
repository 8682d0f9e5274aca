# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roles intercept, intercept_audit, intercept_backup and intercept_restore against the simulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import json
import os

import yaml

import pytest

from conftest import REPO_ROOT, api_writes, own_requests

ALICE = 'alice.anders@example.com'
BOB = 'bob.baker@example.com'
CAROL = 'carol.chen@example.com'
ERIN = 'erin.evans@example.com'
APPLY = 'Apply the settings to the people, workspaces and virtual lines whose settings differ'
RESTORE = 'Restore the people, workspaces and virtual lines whose settings differ from the backup'


def role(name, **variables):
    """A task list that runs one role of the collection with these variables."""
    return [{'name': 'run the role', 'ansible.builtin.include_role': {'name': 'webex.calling.' + name}, 'vars': variables}]


def person_id(simulator, email):
    return simulator.person_by_email(email)['id']


def location_of(simulator, email):
    return simulator.person_by_email(email)['locationId']


def writes_by_person(simulator):
    """{person ID: [PUT bodies]} of the intercept writes logged."""
    writes = {}
    for entry in api_writes(simulator):
        assert entry['route'] == '/people/{personId}/features/intercept', entry
        writes.setdefault(entry['path'].split('/')[3], []).append(entry['body'])
    return writes


def snapshot(simulator):
    """Every calling person's stored settings."""
    return dict((person['id'], simulator.get_intercept(person['id'])) for person in simulator.people())


def assert_refused(ansible, attempts):
    """Run each (name, role, variables, message) in a block of its own; each must fail with its message."""
    run = ansible([{'name': name, 'block': role(role_name, **variables),
                    'rescue': [{'name': 'refused', 'ansible.builtin.meta': 'noop'}]}
                   for name, role_name, variables, dummy in attempts])
    failures = [task['result']['msg'] for task in run.tasks if task['status'] == 'failed']
    assert len(failures) == len(attempts), failures
    for failure, (dummy, dummy2, dummy3, message) in zip(failures, attempts):
        assert message in failure


def changed_items(run, task):
    """Who the one webex_intercepts task of a role changed (would change), as listed."""
    result = run.tasks.named(task)['result']
    return sorted(entry['target'] for entry in result['intercepts'] if entry['changed'])


def unchanged_run(run, task):
    """The role's one bulk task ran and changed nothing."""
    result = run.tasks.named(task)
    return result['status'] == 'ok' and result['result']['changed'] is False


@pytest.mark.matrix
def test_intercept_role_check_apply_and_second_run(ansible, simulator):
    alice, bob = person_id(simulator, ALICE), person_id(simulator, BOB)
    variables = dict(
        intercept_people=[ALICE, {'email': BOB, 'incoming': {'announcements': {'new_number': {'destination': '+14085550111'}}}}],
        intercept_profile='out_of_service', intercept_new_number='+14085550123', intercept_zero_transfer='4100',
        intercept_location_id=location_of(simulator, ALICE))
    before = snapshot(simulator)

    check = ansible(role('intercept', **variables), check=True, diff=True)
    assert check.rc == 0, check.stdout
    assert changed_items(check, APPLY) == [ALICE, BOB]
    diffs = check.tasks.named(APPLY)['result']['diff']
    assert [diff['before_header'] for diff in diffs] == ['person %s (%s)' % (ALICE, alice), 'person %s (%s)' % (BOB, bob)]
    assert '+++ after: person %s (%s)' % (ALICE, alice) in check.stdout
    assert diffs[1]['after']['incoming']['announcements']['new_number'] == {'enabled': True, 'destination': '+14085550111'}
    assert api_writes(simulator) == []
    assert snapshot(simulator) == before

    applied = ansible(role('intercept', **variables))
    assert applied.rc == 0, applied.stdout
    assert changed_items(applied, APPLY) == [ALICE, BOB]
    assert sorted(writes_by_person(simulator)) == sorted([alice, bob])
    stored_alice, stored_bob = simulator.get_intercept(alice), simulator.get_intercept(bob)
    assert stored_alice['enabled'] is True
    assert stored_alice['incoming']['announcements']['newNumber'] == {'enabled': True, 'destination': '+14085550123'}
    assert stored_alice['incoming']['announcements']['zeroTransfer'] == {'enabled': True, 'destination': '4100'}
    assert stored_alice['outgoing']['type'] == 'INTERCEPT_ALL'
    assert stored_bob['incoming']['announcements']['newNumber'] == {'enabled': True, 'destination': '+14085550111'}
    assert stored_bob['incoming']['announcements']['greeting'] == 'DEFAULT'
    assert stored_bob['outgoing'] == {'type': 'INTERCEPT_ALL', 'transferEnabled': False, 'destination': '+14085550100'}
    others = dict((key, value) for key, value in snapshot(simulator).items() if key not in (alice, bob))
    assert others == dict((key, value) for key, value in before.items() if key not in (alice, bob))
    assert applied.tasks.named('Record the result')['result']['ansible_facts']['intercept_result']['changed'] == [ALICE, BOB]

    simulator.clear_log()
    again = ansible(role('intercept', **variables))
    assert again.rc == 0, again.stdout
    assert unchanged_run(again, APPLY)
    assert api_writes(simulator) == []
    reads = [entry['route'] for entry in simulator.log()]
    assert reads.count('/people') == 1


def test_intercept_role_in_service_reads_one_person_and_writes_only_enabled(ansible, simulator):
    bob = person_id(simulator, BOB)
    before = simulator.get_intercept(bob)
    run = ansible(role('intercept', intercept_people=[BOB], intercept_profile='in_service'))
    assert run.rc == 0, run.stdout
    assert writes_by_person(simulator) == {bob: [{'enabled': False}]}
    assert simulator.get_intercept(bob) == dict(before, enabled=False)
    people_reads = [entry for entry in own_requests(simulator) if entry['route'] == '/people']
    assert [entry['query'].get('email') for entry in people_reads] == [BOB]


def test_intercept_role_uploads_a_greeting_once(ansible, simulator, tmp_path):
    carol = person_id(simulator, CAROL)
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(b'RIFF\x24\x00\x00\x00WAVEfmt ' + b'\x00' * 32)
    variables = dict(intercept_people=[CAROL], intercept_profile='out_of_service', intercept_greeting_file=str(greeting))
    first = ansible(role('intercept', **variables))
    assert first.rc == 0, first.stdout
    assert [entry['method'] for entry in api_writes(simulator)] == ['POST', 'PUT']
    assert simulator.get_upload(carol)['fileName'] == 'closed.wav'
    announcements = simulator.get_intercept(carol)['incoming']['announcements']
    assert (announcements['greeting'], announcements['fileName']) == ('CUSTOM', 'closed.wav')
    simulator.clear_log()
    again = ansible(role('intercept', **variables))
    assert again.rc == 0, again.stdout
    assert api_writes(simulator) == []


def test_intercept_role_token_from_a_variable_never_shows(ansible, simulator):
    run = ansible(role('intercept', intercept_people=[CAROL], intercept_settings={'enabled': True},
                       intercept_access_token=simulator.admin_token),
                  env={'WEBEX_ACCESS_TOKEN': 'not-the-token'}, args=['-vvv'])
    assert run.rc == 0, run.stdout
    assert list(writes_by_person(simulator).values()) == [[{'enabled': True}]]
    assert all(entry['role'] == 'admin' for entry in simulator.log())
    assert simulator.admin_token not in run.stdout + run.stderr
    assert simulator.admin_token not in json.dumps(run.tasks)


def test_intercept_role_refuses_before_any_write(ansible, simulator):
    attempts = [
        ('shared email', dict(intercept_people=[ALICE, 'shared.desk@example.com'], intercept_profile='in_service')),
        ('unknown profile', dict(intercept_people=[ALICE], intercept_profile='vacation')),
        ('nobody', dict(intercept_people=[], intercept_profile='out_of_service')),
    ]
    run = ansible([{'name': name, 'block': role('intercept', **variables), 'rescue': [{'name': 'refused', 'ansible.builtin.meta': 'noop'}]}
                   for name, variables in attempts])
    failures = [task['result']['msg'] for task in run.tasks if task['status'] == 'failed']
    assert len(failures) == 3, failures
    assert 'shared.desk@example.com matches 2 people' in failures[0]
    assert 'intercept_profile vacation is not one of the profiles' in failures[1]
    assert 'intercept_people is empty' in failures[2]
    assert api_writes(simulator) == []


def test_intercept_role_checks_every_settings_tree_before_any_request(ansible, simulator):
    """Issue 11 item 0: a misspelt override key was dropped and the profile applied instead, for real."""
    attempts = [
        ('misspelt override', dict(intercept_people=[ALICE, 'P2', BOB, {'email': CAROL, 'incomming': {'type': 'ALLOW_ALL'}}],
                                   intercept_profile='in_service'),
         'intercept_people[3].incomming is not a call intercept setting; did you mean intercept_people[3].incoming?'),
        ('bad value', dict(intercept_people=ALICE, intercept_settings={'incoming': {'type': 'BLOCK'}}),
         "intercept_settings.incoming.type must be one of INTERCEPT_ALL, ALLOW_ALL, not 'BLOCK'"),
        ('bad profile', dict(intercept_people='%s, %s' % (ALICE, BOB), intercept_profile='mine',
                             intercept_extra_profiles={'mine': {'outgoing': {'destination': '4100\n'}}}),
         "intercept_extra_profiles.mine.outgoing.destination '4100\\n' is not a phone number"),
        ('nothing to apply', dict(intercept_people=[ALICE]), 'no settings are wanted for ' + ALICE),
    ]
    assert_refused(ansible, [(name, 'intercept', variables, message) for name, variables, message in attempts])
    assert simulator.log() == []


def test_roles_pass_every_connection_option(ansible, simulator, tmp_path):
    """validate_certs, ca_path and timeout reach the modules from role variables, not only from module_defaults."""
    attempts = [
        ('intercept', dict(intercept_people=[ALICE], intercept_settings={'enabled': False}, intercept_timeout=0),
         'timeout must be between 1 and 300 seconds, not 0'),
        ('intercept_backup', dict(intercept_backup_dir=str(tmp_path), intercept_backup_ca_path='/nonexistent/ca.pem'),
         'ca_path /nonexistent/ca.pem does not exist'),
        ('intercept_restore', dict(intercept_restore_path=str(tmp_path / 'backup.json'), intercept_restore_timeout=301),
         'timeout must be between 1 and 300 seconds, not 301'),
    ]
    (tmp_path / 'backup.json').write_text(json.dumps({'organization': None, 'persons': [
        {'person_id': person_id(simulator, ALICE), 'email': ALICE, 'intercept': {'enabled': False}}]}))
    assert_refused(ansible, [(name, name, variables, message) for name, variables, message in attempts])
    assert simulator.log() == []


@pytest.mark.matrix
def test_audit_role_finds_exactly_the_injected_drift(ansible, simulator, tmp_path):
    people = simulator.people()
    victims = [people[10], people[100], people[200]]
    simulator.patch_intercept(victims[0]['id'], {'enabled': True})
    simulator.patch_intercept(victims[1]['id'], {'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}})
    simulator.patch_intercept(victims[2]['id'], {'enabled': True, 'incoming': {'voicemailEnabled': True}})
    baseline = {'enabled': False, 'incoming': {'voicemail_enabled': False}, 'outgoing': {'type': 'INTERCEPT_ALL'}}
    reports = tmp_path / 'audit'
    simulator.clear_log()
    run = ansible(role('intercept_audit', intercept_audit_baseline=baseline, intercept_audit_report_dir=str(reports),
                       intercept_audit_formats=['markdown', 'html', 'json', 'csv'], intercept_audit_fail_on_drift=True,
                       intercept_audit_exceptions=[{'email': ERIN, 'enabled': True}], intercept_audit_kinds=['person']),
                  check=True)
    assert run.rc != 0
    assert run.tasks.named('Fail on drift')['status'] == 'failed'
    assert api_writes(simulator) == []
    assert not any(task['result'].get('changed') for task in run.tasks)
    # People only: the workspaces and virtual lines are not read.
    assert not [entry for entry in simulator.log() if entry['path'].startswith(('/v1/workspaces', '/v1/telephony/config/virtualLines'))]

    expected = {
        BOB: ['enabled', 'incoming.voicemail_enabled', 'outgoing.type'],
        victims[0]['emails'][0]: ['enabled'],
        victims[1]['emails'][0]: ['outgoing.type'],
        victims[2]['emails'][0]: ['enabled', 'incoming.voicemail_enabled'],
    }
    report = json.loads((reports / 'intercept-audit.json').read_text())
    assert dict((person['email'], person['drift']) for person in report['drifted']) == expected
    summary = dict((key, report['summary'][key]) for key in ('people', 'compliant', 'drifted', 'unreadable', 'by_field'))
    assert summary == {'people': len(people), 'compliant': len(people) - 4, 'drifted': 4, 'unreadable': 0,
                       'by_field': {'enabled': 3, 'incoming.voicemail_enabled': 2, 'outgoing.type': 2}}
    bob_details = [person for person in report['drifted'] if person['email'] == BOB][0]['details']
    assert {'field': 'outgoing.type', 'expected': 'INTERCEPT_ALL', 'actual': 'ALLOW_LOCAL_ONLY'} in bob_details

    with open(str(reports / 'intercept-audit.csv')) as handle:
        rows = list(csv.DictReader(handle))
    assert sorted((row['email'], row['field']) for row in rows) == sorted(
        (email, field) for email, fields in expected.items() for field in fields)
    markdown = (reports / 'intercept-audit.md').read_text()
    assert '| %d | %d | 4 | 0 |' % (len(people), len(people) - 4) in markdown
    assert '| Bob Baker | bob.baker@example.com | Call intercept on (`enabled`) | Off | On |' in markdown
    assert 'DRIFT FOUND' in markdown
    assert 'data-status="drift"' in (reports / 'intercept-audit.html').read_text()


def test_audit_role_checks_every_settings_tree_before_any_request(ansible, simulator, tmp_path):
    """Issue 11 item 0: a misspelt baseline key ({enable: false}) audited everyone as compliant, a false all-clear; a bad
    value reported everyone as drifting; a misspelt exception key was dropped. Each now fails before the bulk read."""
    reports = tmp_path / 'audit'
    attempts = [
        ('misspelt baseline key', dict(intercept_audit_baseline={'enable': False}),
         'intercept_audit_baseline.enable is not a call intercept setting; did you mean intercept_audit_baseline.enabled?'),
        ('bad baseline value', dict(intercept_audit_baseline={'incoming': {'type': 'BLOCK'}}),
         "intercept_audit_baseline.incoming.type must be one of INTERCEPT_ALL, ALLOW_ALL, not 'BLOCK'"),
        ('misspelt exception key', dict(intercept_audit_exceptions=[{'email': ERIN, 'enabled': True},
                                                                    {'email': BOB, 'incomming': {'type': 'ALLOW_ALL'}}]),
         'intercept_audit_exceptions[1].incomming is not a call intercept setting; did you mean '
         'intercept_audit_exceptions[1].incoming?'),
        ('bad person item', dict(intercept_audit_people='%s, %s' % (ALICE, BOB),
                                 intercept_audit_exceptions=[{'person_id': '', 'enabled': 'maybe'}]),
         'intercept_audit_exceptions[0] needs email or person_id'),
    ]
    assert_refused(ansible, [(name, 'intercept_audit', dict(variables, intercept_audit_report_dir=str(reports)), message)
                             for name, variables, message in attempts])
    assert simulator.log() == []
    assert not reports.exists()


def test_audit_role_takes_people_as_one_string(ansible, simulator, tmp_path):
    reports = tmp_path / 'audit'
    run = ansible(role('intercept_audit', intercept_audit_people='%s,  %s\n%s' % (ALICE, BOB, 'nobody@example.com'),
                       intercept_audit_report_dir=str(reports), intercept_audit_formats=['json']))
    assert run.rc == 0, run.stdout
    report = json.loads((reports / 'intercept-audit.json').read_text())
    assert report['scope'] == '3 people listed'
    assert sorted((entry['email'], entry['status']) for entry in report['entries']) == [
        (ALICE, 'compliant'), (BOB, 'drift'), ('nobody@example.com', 'unreadable')]
    assert report['summary']['missing'] == 1


def test_audit_role_of_a_compliant_location_passes_until_its_own_intercept_overrides_everyone(ansible, simulator, tmp_path):
    """People, workspaces and virtual lines of one location, compliant; then the location's own call intercept is
    turned on: it applies to everyone there, so the audit reports them as overridden, not compliant, and fails."""
    location_id = location_of(simulator, CAROL)
    variables = dict(intercept_audit_location_id=location_id, intercept_audit_fail_on_drift=True,
                     intercept_audit_exceptions=[{'email': ERIN, 'enabled': True},
                                                 {'virtual_line_name': 'Support Line', 'enabled': True}])
    people = [person for person in simulator.people() if person['locationId'] == location_id]
    workspaces = simulator.workspaces(location_id=location_id)
    lines = simulator.virtual_lines(location_id=location_id)
    assert people and workspaces and lines
    reports = tmp_path / 'audit'
    run = ansible(role('intercept_audit', intercept_audit_report_dir=str(reports), **variables))
    assert run.rc == 0, run.stdout
    report = json.loads((reports / 'intercept-audit.json').read_text())
    assert (report['summary']['people'], report['summary']['audited']) == (len(people), len(people) + len(workspaces) + len(lines))
    assert (report['summary']['drifted'], report['summary']['overridden'], report['status']) == (0, 0, 'compliant')
    assert sorted(os.listdir(str(reports))) == [report['history']['file'], 'intercept-audit.csv', 'intercept-audit.html',
                                                'intercept-audit.json', 'intercept-audit.md']
    assert 'COMPLIANT' in (reports / 'intercept-audit.md').read_text()

    simulator.patch_intercept(location_id, {'enabled': True}, kind='locations')
    assert all(simulator.effective_intercept(person['id'])['source'] == 'location' for person in people)
    reports = tmp_path / 'overridden'
    run = ansible(role('intercept_audit', intercept_audit_report_dir=str(reports), **variables))
    assert run.rc != 0
    assert run.tasks.named('Fail on drift')['status'] == 'failed'
    audited = len(people) + len(workspaces) + len(lines)
    assert ('0 of %d audited drift from the baseline, %d are overridden by their location\'s call intercept and 0 could '
            'not be read' % (audited, audited)) in run.tasks.named('Fail on drift')['result']['msg']
    report = json.loads((reports / 'intercept-audit.json').read_text())
    assert (report['status'], report['compliance_percent'], report['summary']['compliant']) == ('overridden', 0.0, 0)
    assert sorted(entry['id'] for entry in report['entries'] if entry['status'] == 'overridden') == sorted(
        target['id'] for target in people + workspaces + lines)
    assert report['location_overrides'] == [dict(location_id=location_id, location_name='Branch Office',
                                                 label='Branch Office', overridden=audited,
                                                 by_kind={'person': len(people), 'workspace': len(workspaces),
                                                          'virtual_line': len(lines)})]
    assert [row['result'] for row in report['exceptions']] == ['overridden', 'overridden']
    assert 'data-status="overridden"' in (reports / 'intercept-audit.html').read_text()
    assert api_writes(simulator) == []


@pytest.mark.matrix
def test_backup_change_restore_gets_back_every_person(ansible, simulator, tmp_path):
    original = snapshot(simulator)
    backups = tmp_path / 'backups'
    backup = ansible(role('intercept_backup', intercept_backup_dir=str(backups)), check=True)
    assert backup.rc == 0, backup.stdout
    files = sorted(os.listdir(str(backups)))
    assert len(files) == 1 and files[0].startswith('intercept-backup-') and files[0].endswith('.json')
    data = json.loads((backups / files[0]).read_text())
    assert data['organization'] is None  # the token's organization: null, never a marker string
    assert data['organization_name'] == 'Simulated Home Org'
    assert all(entry['location_name'] for entry in data['persons'])
    with open(os.path.join(REPO_ROOT, 'galaxy.yml')) as handle:
        assert data['collection_version'] == yaml.safe_load(handle)['version']
    assert data['created'].endswith('Z')
    assert len(data['persons']) == len(original)
    assert api_writes(simulator) == []

    people = simulator.people()
    changed = [people[0]['id'], people[1]['id'], people[50]['id'], people[265]['id']]
    simulator.patch_intercept(changed[0], {'enabled': True, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}})
    simulator.patch_intercept(changed[1], {'enabled': False, 'incoming': {'voicemailEnabled': False}})
    simulator.patch_intercept(changed[2], {'incoming': {'announcements': {'newNumber': {'enabled': True, 'destination': '+15550001'}}}})
    simulator.patch_intercept(changed[3], {'outgoing': {'transferEnabled': True, 'destination': '4100'}})
    drifted = snapshot(simulator)
    simulator.clear_log()

    check = ansible(role('intercept_restore', intercept_restore_dir=str(backups)), check=True)
    assert check.rc == 0, check.stdout
    emails = dict((person['id'], person['emails'][0]) for person in people)
    assert changed_items(check, RESTORE) == sorted(emails[key] for key in changed)
    assert api_writes(simulator) == []
    assert snapshot(simulator) == drifted

    restore = ansible(role('intercept_restore', intercept_restore_dir=str(backups)))
    assert restore.rc == 0, restore.stdout
    assert sorted(writes_by_person(simulator)) == sorted(changed)
    assert snapshot(simulator) == original

    simulator.clear_log()
    again = ansible(role('intercept_restore', intercept_restore_path=str(backups / files[0])))
    assert again.rc == 0, again.stdout
    assert unchanged_run(again, RESTORE)
    assert api_writes(simulator) == []


def test_restore_role_of_listed_people_skips_the_gone(ansible, simulator, tmp_path):
    alice, carol = person_id(simulator, ALICE), person_id(simulator, CAROL)
    backup = {'organization': None, 'created': '2025-01-01T00:00:00Z', 'collection_version': '1.0.0',
              'persons': [
                  {'person_id': alice, 'email': ALICE, 'intercept': {'enabled': True, 'incoming': {'type': 'ALLOW_ALL'}}},
                  {'person_id': carol, 'email': CAROL, 'intercept': {'enabled': True}},
                  {'person_id': 'Z29uZQ', 'email': 'gone@example.com', 'intercept': {'enabled': True}},
              ]}
    path = tmp_path / 'mine.json'
    path.write_text(json.dumps(backup))
    run = ansible(role('intercept_restore', intercept_restore_path=str(path), intercept_restore_people=[ALICE, 'Z29uZQ']))
    assert run.rc == 0, run.stdout
    assert writes_by_person(simulator) == {alice: [{'enabled': True, 'incoming': {'type': 'ALLOW_ALL'}}]}
    result = run.tasks.named('Record the result')['result']['ansible_facts']['intercept_restore_result']
    assert result['missing'] == ['gone@example.com']
    strict = ansible(role('intercept_restore', intercept_restore_path=str(path), intercept_restore_missing='fail'))
    assert strict.rc != 0
    assert ('nothing was written: 1 of the 3 targets does not exist or has no Webex Calling: intercepts[2] (person '
            'gone@example.com): GET /people/Z29uZQ/features/intercept failed: HTTP 404') in strict.stdout
    assert list(writes_by_person(simulator)) == [alice]
