# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The site closure: playbooks close_site and reopen_site on a simulated site of 200 people, 20 workspaces and 5
virtual lines (real ansible-playbook runs), and the roles' coverage of every owner kind (backup and restore).

Every assertion is on the play recap, the simulator's request log and its stored settings.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

import pytest

from conftest import SimulatorProcess, api_writes, run_playbook

SITE = 'Generated Site 01'
OTHER_SITE = 'Generated Site 02'
KINDS = ('people', 'workspaces', 'virtual_lines')
NEW_NUMBER = '+14085550123'


@pytest.fixture(scope='module')
def site_session():
    """Two sites of 200 people, 20 workspaces and 5 virtual lines each (besides the seeded organization)."""
    with SimulatorProcess(locations=2, people=400, workspaces=40, virtual_lines=10) as simulator:
        yield simulator


@pytest.fixture
def sim(site_session):
    site_session.reset()
    return site_session


@pytest.fixture
def play(sim, collections_path, tmp_path):
    def run(playbook, extra_vars=None, **kwargs):
        return run_playbook(sim, collections_path, tmp_path, playbook, extra_vars, **kwargs)
    return run


def recap(run):
    line = [line for line in run.stdout.splitlines() if line.startswith('localhost') and 'changed=' in line][-1]
    return dict((key, int(value)) for key, value in re.findall(r'(\w+)=(\d+)', line))


def owners_at(sim, location_id):
    """{kind: [ID]} of the Webex Calling people, workspaces and virtual lines of a location."""
    return dict(people=[person['id'] for person in sim.people() if person.get('locationId') == location_id],
                workspaces=[item['id'] for item in sim.workspaces(location_id=location_id)],
                virtual_lines=[item['id'] for item in sim.virtual_lines(location_id=location_id)])


def stored(sim, owners):
    return dict((kind, dict((owner, sim.get_intercept(owner, kind=kind)) for owner in ids)) for kind, ids in owners.items())


@pytest.mark.matrix
def test_close_and_reopen_a_site_of_200_people_20_workspaces_and_5_virtual_lines(sim, play):
    site = sim.location_by_name(SITE)
    owners = owners_at(sim, site['id'])
    assert [len(owners[kind]) for kind in KINDS] == [200, 20, 5]
    other = owners_at(sim, sim.location_by_name(OTHER_SITE)['id'])
    other_before = stored(sim, other)
    close_vars = {'location_name': SITE, 'new_number': NEW_NUMBER, 'zero_transfer': '4100',
                  'location_intercept': 'true', 'location_greeting': 'site-closed.wav',
                  'kinds': 'people, workspaces virtual_lines'}   # as a survey gives them: strings

    check = play('webex.calling.close_site', close_vars, check=True, diff=True)
    assert check.rc == 0, check.stdout + check.stderr
    assert recap(check)['changed'] == 2 and api_writes(sim) == []
    bulk = check.tasks.named('Apply the settings to the people, workspaces and virtual lines whose settings differ')
    assert bulk['result']['counts'] == {'total': 225, 'changed': 225, 'unchanged': 0, 'failed': 0, 'missing': 0}
    assert len(bulk['result']['diff']) == 225

    sim.clear_log()
    first = play('webex.calling.close_site', close_vars)
    assert first.rc == 0, first.stdout + first.stderr
    writes = api_writes(sim)
    # One PUT per target at the site, one for the location; nothing else written, nothing at the other site.
    assert len(writes) == 226 and all(entry['method'] == 'PUT' for entry in writes)
    assert sum(1 for entry in writes if entry['route'] == '/telephony/config/locations/{locationId}/intercept') == 1
    for kind in KINDS:
        for owner, settings in stored(sim, {kind: owners[kind]})[kind].items():
            assert settings['enabled'] is True, (kind, owner)
            assert settings['incoming']['announcements']['newNumber'] == {'enabled': True, 'destination': NEW_NUMBER}
            assert settings['outgoing']['type'] == 'INTERCEPT_ALL'
    location = sim.get_intercept(site['id'], kind='locations')
    assert location['enabled'] is True and location['incoming']['announcements']['fileName'] == 'site-closed.wav'
    assert stored(sim, other) == other_before
    # Each target read once by the bulk task, the site's listings once per kind.
    reads = [entry for entry in sim.log() if entry['method'] == 'GET' and re.search(r'/intercept$', entry['path'])]
    assert len(reads) == 225 + 2  # and the location's intercept: looked up, then read by its module

    sim.clear_log()
    second = play('webex.calling.close_site', close_vars)
    assert second.rc == 0, second.stdout + second.stderr
    assert recap(second)['changed'] == 0 and api_writes(sim) == []

    sim.clear_log()
    check_again = play('webex.calling.close_site', close_vars, check=True, diff=True)
    assert recap(check_again)['changed'] == 0 and api_writes(sim) == []

    reopen = play('webex.calling.reopen_site', {'location_id': site['id']})
    assert reopen.rc == 0, reopen.stdout + reopen.stderr
    after = stored(sim, owners)
    for kind in KINDS:
        for owner, settings in after[kind].items():
            # Intercept off; the announcements stay for the next closure.
            assert settings['enabled'] is False, (kind, owner)
            assert settings['incoming']['announcements']['newNumber']['destination'] == NEW_NUMBER
    assert sim.get_intercept(site['id'], kind='locations')['enabled'] is False
    assert stored(sim, other) == other_before

    sim.clear_log()
    reopen_again = play('webex.calling.reopen_site', {'location_name': SITE, 'location_intercept': 'yes'})
    assert reopen_again.rc == 0 and recap(reopen_again)['changed'] == 0 and api_writes(sim) == []


@pytest.mark.parametrize('extra_vars, message', [
    ({}, 'Set exactly one of location_id (the Webex ID of the location) and location_name'),
    ({'location_name': SITE, 'location_id': 'x'}, 'Set exactly one of location_id'),
    ({'location_name': 'Atlantis'}, 'location_name Atlantis matches no Webex location'),
    ({'location_name': SITE, 'kinds': 'people,rooms'}, "kinds: 'rooms' is not a kind of target; use person, workspace, virtual_line"),
    ({'location_name': SITE, 'location_intercept': 'true', 'location_greeting': 'nope.wav'},
     'incoming.announcements.file_name nope.wav is not in the announcement repository of the location'),
    ({'location_name': SITE, 'new_number': '+1 408'}, "new_number '+1 408' is not a phone number or extension"),
    ({'location_name': SITE, 'zero_transfer': 'desk'}, "zero_transfer 'desk' is not a phone number or extension"),
])
def test_bad_input_fails_before_any_write(sim, play, extra_vars, message):
    run = play('webex.calling.close_site', extra_vars)
    assert run.rc != 0
    assert message in run.stdout + run.stderr
    assert api_writes(sim) == []


def test_backup_and_restore_cover_every_owner_kind(sim, play, tmp_path):
    site = sim.location_by_name(SITE)
    owners = owners_at(sim, site['id'])
    before = stored(sim, owners)
    location_before = sim.get_intercept(site['id'], kind='locations')
    backup = tmp_path / 'site-backup.json'
    run = play([{'name': 'back up', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept_backup'},
                 'vars': {'intercept_backup_path': str(backup), 'intercept_backup_location_id': site['id']}}])
    assert run.rc == 0, run.stdout + run.stderr
    saved = json.loads(backup.read_text())
    assert [len(saved[key]) for key in ('persons', 'workspaces', 'virtual_lines', 'locations')] == [200, 20, 5, 1]
    assert saved['kinds'] == ['person', 'workspace', 'virtual_line', 'location']

    closed = play('webex.calling.close_site', {'location_id': site['id'], 'location_intercept': True,
                                               'location_greeting': 'site-closed.wav'})
    assert closed.rc == 0, closed.stdout + closed.stderr
    assert stored(sim, owners) != before

    sim.clear_log()
    restore = play([{'name': 'restore', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept_restore'},
                     'vars': {'intercept_restore_path': str(backup)}}])
    assert restore.rc == 0, restore.stdout + restore.stderr
    assert stored(sim, owners) == before
    assert sim.get_intercept(site['id'], kind='locations') == location_before
    assert len(api_writes(sim)) == 226

    sim.clear_log()
    again = play([{'name': 'restore', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept_restore'},
                   'vars': {'intercept_restore_path': str(backup)}}])
    assert again.rc == 0 and recap(again)['changed'] == 0 and api_writes(sim) == []


@pytest.mark.matrix
def test_reopen_refuses_to_leave_the_location_intercept_on(sim, play):
    """Reopening the people while the location's own intercept stays on would report the site reopened while every
    call there is still intercepted: the playbook fails before any write instead, and says how to reopen it."""
    site = sim.location_by_name(SITE)
    sim.patch_intercept(site['id'], {'enabled': True}, kind='locations')
    sim.clear_log()
    run = play('webex.calling.reopen_site', {'location_name': SITE, 'location_intercept': 'false'})
    assert run.rc != 0
    assert 'The call intercept of the location %s is on' % SITE in run.stdout
    assert 'Set location_intercept=true to turn it off too; nothing was changed.' in ' '.join(run.stdout.split())
    assert api_writes(sim) == []
