# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end tests of the workspace, virtual line and location intercept modules and their info modules.

Real ansible-playbook runs against the simulator; every assertion is on the task results, the simulator's request
log (what was sent) and its stored settings (what Webex would now hold).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import wave
from collections import namedtuple

import pytest
from default_settings import DEFAULT_API

from conftest import api_writes, override_reads, own_requests
from test_person_intercept_info import location_names, options_shape

Kind = namedtuple('Kind', ['name', 'module', 'sim_kind', 'id_option', 'name_option', 'target', 'target_id',
                           'ambiguous', 'intercept_route', 'upload_route', 'result', 'label', 'plural', 'listing_route'])

WORKSPACE = Kind('workspace', 'webex.calling.webex_workspace_intercept', 'workspaces', 'workspace_id', 'workspace_name',
                 'Lobby Phone', lambda sim, name: sim.workspace_by_name(name)['id'], 'Reception',
                 '/workspaces/{workspaceId}/features/intercept',
                 '/telephony/config/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke',
                 'workspaces', 'workspace', 'workspaces', '/workspaces')
VIRTUAL_LINE = Kind('virtual_line', 'webex.calling.webex_virtual_line_intercept', 'virtual_lines', 'virtual_line_id',
                    'virtual_line_name', 'Main Line', lambda sim, name: sim.virtual_line_by_name(name)['id'],
                    'Night Line', '/telephony/config/virtualLines/{virtualLineId}/intercept',
                    '/telephony/config/virtualLines/{virtualLineId}/intercept/actions/announcementUpload/invoke',
                    'virtual_lines', 'virtual line', 'virtual lines', '/telephony/config/virtualLines')
KINDS = [WORKSPACE, VIRTUAL_LINE]
LOCATION_MODULE = 'webex.calling.webex_location_intercept'
LOCATION_ROUTE = '/telephony/config/locations/{locationId}/intercept'
REPOSITORY_ROUTE = '/telephony/config/announcements'

CLOSE = {
    'enabled': True,
    'incoming': {'type': 'INTERCEPT_ALL', 'voicemail_enabled': False,
                 'announcements': {'new_number': {'enabled': True, 'destination': '+14085550123'},
                                   'zero_transfer': {'enabled': True, 'destination': '4100'}}},
    'outgoing': {'type': 'ALLOW_LOCAL_ONLY'},
}
CLOSED_BODY = {
    'enabled': True,
    'incoming': {'announcements': {'newNumber': {'enabled': True, 'destination': '+14085550123'},
                                   'zeroTransfer': {'enabled': True, 'destination': '4100'}}},
    'outgoing': {'type': 'ALLOW_LOCAL_ONLY'},
}
CLOSED_RESULT = {
    'enabled': True,
    'incoming': {'type': 'INTERCEPT_ALL', 'voicemail_enabled': False,
                 'announcements': {'greeting': 'DEFAULT', 'file_name': '',
                                   'new_number': {'enabled': True, 'destination': '+14085550123'},
                                   'zero_transfer': {'enabled': True, 'destination': '4100'}}},
    'outgoing': {'type': 'ALLOW_LOCAL_ONLY', 'transfer_enabled': False, 'destination': ''},
}


def task(name, module, **options):
    return {'name': name, module: options, 'ignore_errors': True}


def result_of(run, name):
    return run.tasks.named(name)['result']


def failed(run, name):
    found = run.tasks.named(name)
    assert found['status'] == 'failed', found
    return found['result']


def routes(entries):
    return [(entry['method'], entry['route']) for entry in entries]


def merged(base, patch):
    result = dict(base)
    for key, value in patch.items():
        result[key] = merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return result


def write_wav(path):
    with wave.open(str(path), 'wb') as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(8000)
        handle.writeframes(b'\x00\x01' * 800)
    return str(path)


# --- workspaces and virtual lines ---------------------------------------------------------------------------------

@pytest.mark.matrix
@pytest.mark.parametrize('kind', KINDS, ids=lambda kind: kind.name)
def test_check_apply_rerun_and_diff(ansible, simulator, kind):
    owner = kind.target_id(simulator, kind.target)
    close = task('close', kind.module, **dict(CLOSE, **{kind.name_option: kind.target}))

    check = ansible([close], check=True, diff=True)
    predicted = result_of(check, 'close')
    assert predicted['changed'] is True and predicted[kind.id_option] == owner
    assert predicted['intercept'] == CLOSED_RESULT
    assert predicted['diff']['before']['enabled'] is False and predicted['diff']['after'] == CLOSED_RESULT
    assert api_writes(simulator) == []
    assert simulator.get_intercept(owner, kind=kind.sim_kind) == DEFAULT_API

    simulator.clear_log()
    applied = ansible([close], diff=True)
    result = result_of(applied, 'close')
    assert result['changed'] is True and result['intercept'] == predicted['intercept']
    assert routes(own_requests(simulator)) == [('GET', kind.listing_route), ('GET', kind.intercept_route),
                                               ('PUT', kind.intercept_route)]
    assert [entry['body'] for entry in api_writes(simulator)] == [CLOSED_BODY]
    assert simulator.get_intercept(owner, kind=kind.sim_kind) == merged(DEFAULT_API, {
        'enabled': True,
        'incoming': {'announcements': {'newNumber': {'enabled': True, 'destination': '+14085550123'},
                                       'zeroTransfer': {'enabled': True, 'destination': '4100'}}},
        'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}})
    # Its location's intercept was read once, and is off.
    assert [entry['route'] for entry in override_reads(simulator)] == [LOCATION_ROUTE]
    assert result['location_intercept']['enabled'] is False

    simulator.clear_log()
    again = ansible([close], diff=True)
    assert result_of(again, 'close')['changed'] is False
    assert result_of(again, 'close')['diff']['before'] == result_of(again, 'close')['diff']['after'] == CLOSED_RESULT
    assert api_writes(simulator) == []

    # By ID: the same settings, no change, and the intercept path of that ID.
    simulator.clear_log()
    by_id = ansible([task('by id', kind.module, **dict(CLOSE, **{kind.id_option: owner}))])
    assert result_of(by_id, 'by id')['changed'] is False
    assert [entry['path'] for entry in own_requests(simulator)] == ['/v1' + re.sub(r'\{\w+\}', owner, kind.intercept_route)]


@pytest.mark.parametrize('kind', KINDS, ids=lambda kind: kind.name)
def test_not_found_several_matches_and_bad_input_fail_before_any_write(ansible, simulator, kind):
    ambiguous = [item['id'] for item in getattr(simulator, kind.sim_kind)()
                 if item.get('displayName') == kind.ambiguous]
    assert len(ambiguous) == 2
    run = ansible([
        task('unknown', kind.module, enabled=True, **{kind.name_option: 'No Such Thing'}),
        task('ambiguous', kind.module, enabled=True, **{kind.name_option: kind.ambiguous}),
        task('empty', kind.module, enabled=True, **{kind.name_option: ' '}),
        task('both', kind.module, enabled=True, **{kind.name_option: kind.target, kind.id_option: 'x'}),
        task('bad destination', kind.module, outgoing={'destination': '+1 408 555'}, **{kind.name_option: kind.target}),
        task('rule on the result', kind.module, outgoing={'transfer_enabled': True}, **{kind.name_option: kind.target}),
        task('unknown id', kind.module, enabled=True, **{kind.id_option: 'Y2lzY29zcGFyazovL3VzL05PTkU'}),
    ])
    assert 'No Such Thing matches no Webex %s in this organization' % kind.label in failed(run, 'unknown')['msg']
    message = failed(run, 'ambiguous')['msg']
    assert '%s %s matches 2 %s' % (kind.name_option, kind.ambiguous, kind.plural) in message
    assert all(owner in message for owner in ambiguous) and 'use %s' % kind.id_option in message
    assert failed(run, 'empty')['msg'].startswith('%s is empty' % kind.name_option)
    assert 'mutually exclusive' in failed(run, 'both')['msg']
    assert 'outgoing.destination' in failed(run, 'bad destination')['msg']
    assert 'outgoing.transfer_enabled is true but outgoing.destination is empty' in failed(run, 'rule on the result')['msg']
    assert 'HTTP 404' in failed(run, 'unknown id')['msg']
    assert api_writes(simulator) == []


@pytest.mark.parametrize('kind', KINDS, ids=lambda kind: kind.name)
def test_greeting_is_uploaded_to_the_official_path_once(ansible, simulator, kind, tmp_path):
    owner = kind.target_id(simulator, kind.target)
    greeting = write_wav(tmp_path / 'closed.wav')
    custom = task('custom', kind.module, enabled=True,
                  incoming={'announcements': {'greeting': 'CUSTOM', 'greeting_file': greeting}},
                  **{kind.name_option: kind.target})
    run = ansible([custom])
    assert result_of(run, 'custom')['changed'] is True
    assert result_of(run, 'custom')['intercept']['incoming']['announcements']['file_name'] == 'closed.wav'
    assert routes(api_writes(simulator)) == [('POST', kind.upload_route), ('PUT', kind.intercept_route)]
    assert simulator.get_upload(owner, kind=kind.sim_kind)['fileName'] == 'closed.wav'
    stored = simulator.get_intercept(owner, kind=kind.sim_kind)['incoming']['announcements']
    assert (stored['greeting'], stored['fileName']) == ('CUSTOM', 'closed.wav')

    simulator.clear_log()
    again = ansible([custom])
    assert result_of(again, 'custom')['changed'] is False
    assert api_writes(simulator) == []


def test_a_virtual_line_is_found_by_its_extension(ansible, simulator):
    main = simulator.virtual_line_by_name('Main Line')
    run = ansible([task('by extension', VIRTUAL_LINE.module, virtual_line_name='1801', enabled=True)])
    assert result_of(run, 'by extension')['virtual_line_id'] == main['id']
    assert simulator.get_intercept(main['id'], kind='virtual_lines')['enabled'] is True


def test_a_workspace_without_webex_calling_is_not_found(ansible, simulator):
    run = ansible([task('quiet', WORKSPACE.module, workspace_name='Quiet Room', enabled=True)])
    assert 'workspace_name Quiet Room matches no Webex workspace' in failed(run, 'quiet')['msg']
    lookups = [entry for entry in simulator.log() if entry['route'] == '/workspaces']
    assert [entry['query'] for entry in lookups] == [{'displayName': 'Quiet Room', 'calling': 'webexCalling'}]


# --- locations ------------------------------------------------------------------------------------------------------

def test_location_put_always_carries_enabled_and_names_a_repository_greeting(ansible, simulator):
    hq = simulator.location_by_name('Headquarters')
    assert 'hq-closed.wav' in simulator.location_announcements(hq['id'])
    only_outgoing = task('outgoing only', LOCATION_MODULE, location_name='Headquarters',
                         outgoing={'type': 'ALLOW_LOCAL_ONLY'})
    close = task('close', LOCATION_MODULE, location_name='Headquarters', enabled=True,
                 incoming={'announcements': {'greeting': 'CUSTOM', 'file_name': 'hq-closed.wav'}})

    check = ansible([only_outgoing, close], check=True, diff=True)
    assert result_of(check, 'outgoing only')['changed'] is True
    assert result_of(check, 'close')['diff']['after']['incoming']['announcements']['file_name'] == 'hq-closed.wav'
    assert api_writes(simulator) == []

    simulator.clear_log()
    run = ansible([only_outgoing, close], diff=True)
    assert [result_of(run, name)['changed'] for name in ('outgoing only', 'close')] == [True, True]
    # The API requires enabled in every PUT: the first carries the value read (false), the second the new one.
    assert [entry['body'] for entry in api_writes(simulator)] == [
        {'enabled': False, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}},
        {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'fileName': 'hq-closed.wav'}}}]
    # The greeting's name was checked against the location's repository before the PUT.
    assert routes(simulator.log())[-2:] == [('GET', REPOSITORY_ROUTE), ('PUT', LOCATION_ROUTE)]
    stored = simulator.get_intercept(hq['id'], kind='locations')
    assert stored['enabled'] is True and stored['incoming']['announcements']['fileName'] == 'hq-closed.wav'
    closed = result_of(run, 'close')['intercept']
    assert result_of(run, 'close')['location_id'] == hq['id']
    assert 'location_intercept' not in result_of(run, 'close')

    simulator.clear_log()
    again = ansible([only_outgoing, close])
    assert [result_of(again, name)['changed'] for name in ('outgoing only', 'close')] == [False, False]
    assert api_writes(simulator) == [] and REPOSITORY_ROUTE not in [entry['route'] for entry in simulator.log()]

    # The info entry's intercept (with file_name) fed back changes nothing.
    info = ansible([task('read', 'webex.calling.webex_location_intercept_info', location_id=hq['id'])])
    entry = result_of(info, 'read')['locations'][0]
    assert entry['intercept'] == closed
    back = ansible([task('fed back', LOCATION_MODULE, location_id=hq['id'], **entry['intercept'])])
    assert result_of(back, 'fed back')['changed'] is False


def test_location_greeting_not_in_the_repository_or_uploaded_fails_before_any_write(ansible, simulator, tmp_path):
    greeting = write_wav(tmp_path / 'closed.wav')
    run = ansible([
        task('not in repository', LOCATION_MODULE, location_name='Branch Office', enabled=True,
             incoming={'announcements': {'greeting': 'CUSTOM', 'file_name': 'hq-closed.wav'}}),
        task('upload', LOCATION_MODULE, location_name='Branch Office',
             incoming={'announcements': {'greeting_file': greeting}}),
        task('custom without a file', LOCATION_MODULE, location_name='Headquarters', enabled=True,
             incoming={'announcements': {'greeting': 'CUSTOM'}}),
        task('unknown', LOCATION_MODULE, location_name='Atlantis', enabled=True),
        task('both', LOCATION_MODULE, location_name='Atlantis', location_id='x', enabled=True),
    ], check=False)
    assert failed(run, 'not in repository')['msg'] == (
        'incoming.announcements.file_name hq-closed.wav is not in the announcement repository of the location Branch '
        'Office (it has branch-closed.wav); upload the greeting to that repository first (Control Hub: Calling > '
        'Features > Announcement repository), or name one of its files')
    assert failed(run, 'upload')['msg'].startswith(
        'incoming.announcements.greeting_file cannot be used for a location: the API has no greeting upload')
    assert "set incoming.announcements.file_name to a greeting of the location's announcement repository" in failed(
        run, 'custom without a file')['msg']
    assert 'location_name Atlantis matches no Webex location' in failed(run, 'unknown')['msg']
    assert 'mutually exclusive' in failed(run, 'both')['msg']
    assert api_writes(simulator) == []
    # The upload was refused before any request; the others read, never wrote.
    assert set(entry['method'] for entry in simulator.log()) == {'GET'}


def test_location_check_mode_fails_the_same_way(ansible, simulator):
    run = ansible([task('not in repository', LOCATION_MODULE, location_name='Branch Office', enabled=True,
                        incoming={'announcements': {'file_name': 'nope.wav'}})], check=True)
    assert 'nope.wav is not in the announcement repository' in failed(run, 'not in repository')['msg']


# --- info: one, a location's, the whole organization's -------------------------------------------------------------

def expected_entries(simulator, kind, names, location_id=None):
    entries = []
    for item in getattr(simulator, kind.sim_kind)(location_id=location_id):
        stored = simulator.get_intercept(item['id'], kind=kind.sim_kind)
        entry = {kind.id_option: item['id'], 'display_name': item['displayName'],
                 'location_id': item['locationId'] if 'locationId' in item else item['location']['id']}
        if kind is VIRTUAL_LINE:
            entry['extension'] = item['number'].get('extension')
        entry.update(location_name=names[entry['location_id']], greeting_file_name=stored['incoming']['announcements']['fileName'],
                     intercept=options_shape(stored), error=None,
                     overridden_by_location=simulator.effective_intercept(item['id'], kind=kind.sim_kind)['source'] == 'location')
        entries.append(entry)
    return sorted(entries, key=lambda entry: (entry['display_name'].lower(), entry[kind.id_option]))


@pytest.mark.matrix
@pytest.mark.parametrize('kind', KINDS, ids=lambda kind: kind.name)
def test_info_of_the_whole_organization_and_of_a_location(ansible, simulator, kind):
    names = location_names(simulator)
    hq = simulator.location_by_name('Headquarters')
    module = kind.module + '_info'
    run = ansible([task('org', module, concurrency=4), task('hq', module, location_id=hq['id']),
                   task('one', module, **{kind.name_option: kind.target}),
                   task('ambiguous', module, **{kind.name_option: kind.ambiguous})])
    org = result_of(run, 'org')
    assert org[kind.result] == expected_entries(simulator, kind, names)
    assert len(org[kind.result]) == len(getattr(simulator, kind.sim_kind)())
    assert org['organization'] == {'id': simulator.org_id, 'name': 'Simulated Home Org'}
    assert result_of(run, 'hq')[kind.result] == expected_entries(simulator, kind, names, location_id=hq['id'])
    one = result_of(run, 'one')[kind.result]
    assert [entry[kind.id_option] for entry in one] == [kind.target_id(simulator, kind.target)]
    assert 'matches 2' in failed(run, 'ambiguous')['msg']
    # Each owner read once per run that lists it; each location's intercept once per run.
    reads = [entry for entry in simulator.log() if entry['route'] == kind.intercept_route]
    assert len(reads) == len(org[kind.result]) + len(result_of(run, 'hq')[kind.result]) + 1


@pytest.mark.matrix
def test_info_of_every_location(ansible, simulator):
    branch = simulator.location_by_name('Branch Office')
    run = ansible([task('org', 'webex.calling.webex_location_intercept_info'),
                   task('branch', 'webex.calling.webex_location_intercept_info', location_name='Branch Office')])
    entries = result_of(run, 'org')['locations']
    assert [entry['display_name'] for entry in entries] == sorted(
        (location['name'] for location in simulator.locations()), key=str.lower)
    [entry] = result_of(run, 'branch')['locations']
    stored = simulator.get_intercept(branch['id'], kind='locations')
    expected = options_shape(stored)
    expected['incoming']['announcements']['file_name'] = 'branch-closed.wav'
    assert entry == {'location_id': branch['id'], 'display_name': 'Branch Office', 'location_name': 'Branch Office',
                     'greeting_file_name': 'branch-closed.wav', 'intercept': expected, 'error': None}
    assert entry in entries


# --- the location override -------------------------------------------------------------------------------------------

def test_an_enabled_location_intercept_is_reported_by_the_modules_it_overrides(ansible, simulator):
    hq = simulator.location_by_name('Headquarters')
    simulator.patch_intercept(hq['id'], {'enabled': True}, kind='locations')
    person = 'alice.anders@example.com'
    run = ansible([
        task('workspace', WORKSPACE.module, workspace_name='Lobby Phone', enabled=False),
        task('virtual line', VIRTUAL_LINE.module, virtual_line_name='Main Line', enabled=False),
        task('person', 'webex.calling.webex_person_intercept', person_email=person, enabled=False),
        task('workspaces', 'webex.calling.webex_workspace_intercept_info'),
        task('people at hq', 'webex.calling.webex_person_intercept_info', location_id=hq['id']),
    ])
    expected = {'enabled': True, 'location_id': hq['id'], 'location_name': 'Headquarters', 'error': None}
    for name, label, target in (('workspace', 'workspace', 'Lobby Phone'), ('virtual line', 'virtual line', 'Main Line'),
                                ('person', 'person', person)):
        result = result_of(run, name)
        assert result['changed'] is False and result['location_intercept'] == expected, name
        assert [warning for warning in result['warnings'] if 'plain http' not in warning] == [
            "the call intercept of the location Headquarters (location_id %s) is enabled: it overrides the settings of "
            "the %s %s, whose calls follow the location's intercept, not these settings, until it is turned off "
            "(webex.calling.webex_location_intercept)" % (hq['id'], label, target)], name
    workspaces = result_of(run, 'workspaces')['workspaces']
    assert sorted(entry['display_name'] for entry in workspaces if entry['overridden_by_location']) == sorted(
        item['displayName'] for item in simulator.workspaces(location_id=hq['id']))
    assert [entry for entry in workspaces if not entry['overridden_by_location']]
    at_hq = len(simulator.workspaces(location_id=hq['id']))
    assert [warning for warning in result_of(run, 'workspaces')['warnings'] if 'plain http' not in warning] == [
        "%d of the %d workspaces read are at a location whose own call intercept is enabled (Headquarters): their calls "
        "follow the location's intercept, not the settings returned; their entries have overridden_by_location true"
        % (at_hq, len(workspaces))]
    people = result_of(run, 'people at hq')['persons']
    assert people and all(entry['overridden_by_location'] for entry in people)
    # One read of the location intercept per location and per run, not per target.
    location_reads = [entry for entry in simulator.log() if entry['route'] == LOCATION_ROUTE]
    assert len(location_reads) == 3 + len(set(item['locationId'] for item in simulator.workspaces())) + 1
    assert api_writes(simulator) == []
