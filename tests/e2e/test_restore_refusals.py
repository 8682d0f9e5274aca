# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The restore role refuses a bad backup before its first write (real ansible-playbook runs against the simulator).

A restore is a recovery: a backup it refuses must change nothing, whatever part of it is bad (an entry of any kind,
two entries for one target, a location that no longer exists, another organization's IDs), and "nothing was sent"
must be true when it says so.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os

from conftest import REPO_ROOT, api_writes

ALICE = 'alice.anders@example.com'
BOB = 'bob.baker@example.com'
CAROL = 'carol.chen@example.com'
RESTORE = 'webex.calling.intercept_restore'
GONE_LOCATION = base64.b64encode(b'ciscospark://us/LOCATION/00000000-0000-4000-8000-0000000000ff').decode().rstrip('=')


def restore(ansible, path, check=False, **variables):
    variables['intercept_restore_path'] = str(path)
    return ansible([{'name': 'restore', 'ansible.builtin.include_role': {'name': RESTORE}, 'vars': variables}],
                   check=check)


def failure(run):
    """The message of the task that failed (of its items that failed, for a loop)."""
    failed = [task for task in run.tasks if task['status'] == 'failed']
    assert run.rc != 0 and failed, run.stdout
    result = failed[0]['result']
    return '; '.join([result['msg']] + [item['msg'] for item in result.get('results', []) if item.get('failed')])


def write_backup(tmp_path, document, name='backup.json'):
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def entry(simulator, email, **intercept):
    person = simulator.person_by_email(email)
    return {'person_id': person['id'], 'email': email, 'display_name': person['displayName'],
            'intercept': intercept or {'enabled': True}}


def location_entry(simulator, name, **intercept):
    location = simulator.location_by_name(name)
    return {'location_id': location['id'], 'display_name': name, 'intercept': intercept}


def test_restore_checks_every_location_and_duplicate_before_the_first_write(ansible, simulator, tmp_path):
    """A location that differs is not written when a later part of the backup is refused (it was, first)."""
    headquarters = location_entry(simulator, 'Headquarters', enabled=True)
    before = simulator.get_intercept(headquarters['location_id'], kind='locations')
    assert before['enabled'] is False
    # Two entries for Alice with different settings.
    twice = write_backup(tmp_path, {'organization': None, 'locations': [headquarters], 'persons': [
        entry(simulator, ALICE, enabled=True), entry(simulator, BOB), entry(simulator, ALICE, enabled=False)]},
        'twice.json')
    run = restore(ansible, twice)
    assert ('%s: persons[0] and %s: persons[2] are both for the person with ID %s' % (
        twice, twice, simulator.person_by_email(ALICE)['id'])) in failure(run)
    assert simulator.log() == []
    # A location that no longer exists, after one that differs, with missing: fail.
    gone = write_backup(tmp_path, {'organization': None, 'persons': [entry(simulator, CAROL)], 'locations': [
        headquarters, {'location_id': GONE_LOCATION, 'display_name': 'Closed Site', 'intercept': {'enabled': False}}]},
        'gone.json')
    run = restore(ansible, gone, intercept_restore_missing='fail')
    assert 'HTTP 404' in failure(run) and GONE_LOCATION in failure(run)
    # A person who no longer exists, with missing: fail: the bulk task stops, and no location was written before.
    nobody = write_backup(tmp_path, {'organization': None, 'locations': [headquarters], 'persons': [
        entry(simulator, BOB), {'person_id': 'Z29uZQ', 'email': 'gone@example.com', 'intercept': {'enabled': True}}]},
        'nobody.json')
    run = restore(ansible, nobody, intercept_restore_missing='fail')
    assert 'nothing was written: 1 of the 2 targets does not exist' in failure(run)
    assert api_writes(simulator) == []
    assert simulator.get_intercept(headquarters['location_id'], kind='locations') == before
    # The same location with the default (skip): the gone location is skipped, the rest restored, locations last.
    run = restore(ansible, gone)
    assert run.rc == 0, run.stdout
    routes = [write["route"] for write in api_writes(simulator)]
    assert routes == ['/people/{personId}/features/intercept', '/telephony/config/locations/{locationId}/intercept']
    result = run.tasks.named('Record the result')['result']['ansible_facts']['intercept_restore_result']
    assert result['missing'] == ['Closed Site'] and sorted(result['changed']) == sorted([CAROL, 'Headquarters'])


def test_restore_checks_every_entry_of_every_kind_before_any_request(ansible, simulator, tmp_path):
    """Workspaces', virtual lines' and locations' entries pass the checks people's do, before any request."""
    workspace = simulator.workspace_by_name('Lobby Phone')
    line = simulator.virtual_lines()[0]
    alice = entry(simulator, ALICE)
    cases = [
        ({'workspaces': [{'workspace_id': workspace['id'], 'display_name': 'Lobby Phone'}]},
         'workspaces[0] (workspace Lobby Phone) has no intercept settings (intercept is None)'),
        ({'virtual_lines': ['Main Line']},
         "virtual_lines[0] must be a virtual line's entry (a mapping with virtual_line_id and intercept), not str"),
        ({'virtual_lines': [{'virtual_line_id': line['id'], 'intercept': {'enabled': 'maybe'}}]},
         'virtual_lines[0].intercept.enabled'),
        ({'locations': [{'display_name': 'Headquarters', 'intercept': {'enabled': True}}]},
         'locations[0] needs location_id, the ID of the location'),
        ({'locations': [{'location_id': GONE_LOCATION, 'intercept': {'incoming': {'announcements': {
            'greeting_file': '/tmp/a.wav'}}}}]},
         'locations[0].intercept.incoming.announcements.greeting_file cannot be used for a location'),
        ({'workspaces': [{'workspace_id': workspace['id'], 'intercept': {'enabled': True}},
                         {'workspace_id': workspace['id'], 'intercept': {'enabled': True}}]},
         'workspaces[0] and %s: workspaces[1] are both for the workspace with ID' % (tmp_path / 'case6.json')),
        ({'persons': [alice, 'bob@example.com']}, "persons[1] must be a person's entry"),
        ({'persons': {'person_id': 'x'}}, 'persons must be a list'),
        ({'format': 'someone.else/9'}, "has format 'someone.else/9', which this collection does not read"),
    ]
    for number, (lists, message) in enumerate(cases, 1):
        document = {'organization': None, 'persons': [alice]}
        document.update(lists)
        path = write_backup(tmp_path, document, 'case%d.json' % number)
        run = restore(ansible, path)
        assert message in failure(run), (number, failure(run))
        assert str(path) in failure(run)
    assert simulator.log() == []


def test_restore_checks_its_variables_before_any_request(ansible, simulator, tmp_path):
    """concurrency out of range was refused by the bulk task, after the locations had been written."""
    path = write_backup(tmp_path, {'organization': None, 'persons': [entry(simulator, ALICE)],
                                   'locations': [location_entry(simulator, 'Headquarters', enabled=True)]})
    run = restore(ansible, path, intercept_restore_concurrency=0)
    assert failure(run).endswith('intercept_restore_concurrency must be a whole number from 1 to 64, not 0')
    assert simulator.log() == []


def test_the_intercept_role_checks_its_concurrency_before_any_request(ansible, simulator):
    """The sibling in the intercept role: its locations were written before the bulk task refused concurrency 0."""
    run = ansible([{'name': 'apply', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept'},
                    'vars': {'intercept_people': [ALICE], 'intercept_locations': ['Headquarters'],
                             'intercept_settings': {'enabled': True}, 'intercept_concurrency': 0}}])
    assert failure(run).endswith('intercept_concurrency must be a whole number from 1 to 64, not 0')
    assert simulator.log() == []


def test_restore_refuses_another_organizations_backup_before_any_write(ansible, simulator, tmp_path):
    home, partner = simulator.info['org_id'], simulator.partner_org_id
    backups = tmp_path / 'backups'
    taken = ansible([{'name': 'backup', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept_backup'},
                      'vars': {'intercept_backup_dir': str(backups), 'intercept_backup_org_id': partner}}])
    assert taken.rc == 0, taken.stdout
    path = next(backups.iterdir())
    document = json.loads(path.read_text())
    assert document['organization'] == partner and document['organization_id'] == partner
    assert document['organization_name'] == 'Simulated Customer Org'
    customer = document['persons'][0]
    simulator.patch_intercept(customer['person_id'], {'enabled': True})
    simulator.clear_log()

    # Into the home organization, named with org_id: refused, naming both.
    run = restore(ansible, path, intercept_restore_org_id=home)
    message = failure(run)
    assert 'is a backup of the organization Simulated Customer Org (%s), not of Simulated Home Org (%s)' % (
        partner, home) in message
    assert 'intercept_restore_across_organizations' in message and 'nothing was sent' in message
    # As a backup taken with a token of the customer organization (organization null) restored with a home token.
    document.update(organization=None)
    token_backup = write_backup(tmp_path, document, 'token.json')
    message = failure(restore(ansible, token_backup))
    assert 'Simulated Customer Org (%s), not of Simulated Home Org (%s)' % (partner, home) in message
    assert api_writes(simulator) == []
    # The playbook's message names its own variables.
    run = ansible(os.path.join(REPO_ROOT, 'playbooks', 'restore.yml'),
                  extra_vars={'backup_path': str(path), 'org_id': home})
    assert 'set org_id to its ID), or set across_organizations to true' in failure(run)
    assert api_writes(simulator) == []
    # Its own organization (the one it records) still restores.
    run = restore(ansible, path)
    assert run.rc == 0, run.stdout
    assert [write['path'].split('/')[3] for write in api_writes(simulator)] == [customer['person_id']]


def test_restore_across_organizations_maps_targets_by_name(ansible, simulator, tmp_path):
    """With the option, each target is found by its email or name; a name found nowhere fails before any write."""
    alice = entry(simulator, ALICE, enabled=True)
    alice['person_id'] = 'b3RoZXItb3JnLWFsaWNl'   # the other organization's ID of the same person
    workspace = {'workspace_id': 'b3RoZXItb3JnLWxvYmJ5', 'display_name': 'Lobby Phone', 'intercept': {'enabled': True}}
    headquarters = {'location_id': 'b3RoZXItb3JnLWhx', 'display_name': 'Headquarters', 'intercept': {'enabled': True}}
    other = {'organization': None, 'organization_id': 'T1RIRVItT1JH', 'organization_name': 'Other Org',
             'persons': [alice], 'workspaces': [workspace], 'locations': [headquarters]}
    path = write_backup(tmp_path, other)
    assert 'Other Org (T1RIRVItT1JH), not of Simulated Home Org' in failure(restore(ansible, path))
    assert api_writes(simulator) == []

    strangers = dict(other, persons=[alice, dict(entry(simulator, CAROL), email='nobody@example.com')])
    run = restore(ansible, write_backup(tmp_path, strangers, 'strangers.json'),
                  intercept_restore_across_organizations=True)
    assert 'nothing was written' in failure(run) and 'person_email nobody@example.com matches no' in failure(run)
    assert api_writes(simulator) == []

    run = restore(ansible, path, intercept_restore_across_organizations=True)
    assert run.rc == 0, run.stdout
    ids = dict(person=simulator.person_by_email(ALICE)['id'], workspace=simulator.workspace_by_name('Lobby Phone')['id'],
               location=simulator.location_by_name('Headquarters')['id'])
    assert simulator.get_intercept(ids['person'])['enabled'] is True
    assert simulator.get_intercept(ids['workspace'], kind='workspaces')['enabled'] is True
    assert simulator.get_intercept(ids['location'], kind='locations')['enabled'] is True
    assert not any('b3RoZXItb3Jn' in entry['path'] for entry in simulator.log())
