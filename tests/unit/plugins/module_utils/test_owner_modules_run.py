# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The workspace, virtual line and location modules (module_utils/_intercept_runner) in process against the
simulator: lookups, the location override, the announcement repository check, the info modules' warnings, word for
word (the person modules have theirs in tests/unit/plugins/modules)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


import pytest
from conftest import run_module as run

from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import PartialWriteError
from ansible_collections.webex.calling.plugins.modules import (
    webex_location_intercept,
    webex_location_intercept_info,
    webex_person_intercept,
    webex_virtual_line_intercept,
    webex_virtual_line_intercept_info,
    webex_workspace_intercept,
    webex_workspace_intercept_info,
)

CUSTOM_FILE = {'incoming': {'announcements': {'greeting': 'CUSTOM', 'file_name': 'nope.wav'}}}


def requests_sent(simulator):
    return [(entry['method'], entry['path'][len('/v1'):]) for entry in simulator.log()]


def writes(simulator):
    return [request for request in requests_sent(simulator) if request[0] != 'GET']


def location(simulator, name):
    return simulator.location_by_name(name)['id']


def workspace(simulator, name, index=0):
    return [item['id'] for item in simulator.workspaces(calling=False) if item['displayName'] == name][index]


def enable_location(simulator, name):
    simulator.set_intercept(location(simulator, name), {'enabled': True}, kind='locations')


# --- configure -------------------------------------------------------------------------------------------------

def test_a_location_file_name_must_be_in_its_repository(simulator):
    hq = location(simulator, 'Headquarters')
    failed, result = run(simulator, webex_location_intercept, location_name='Headquarters', **CUSTOM_FILE)
    assert failed
    assert result['msg'] == (
        'incoming.announcements.file_name nope.wav is not in the announcement repository of the location Headquarters '
        '(it has holiday.wav, hq-closed.wav); upload the greeting to that repository first (Control Hub: Calling > '
        'Features > Announcement repository), or name one of its files')
    assert writes(simulator) == []
    failed, result = run(simulator, webex_location_intercept, location_id=hq, enabled=True,
                         incoming={'announcements': {'greeting': 'CUSTOM', 'file_name': 'holiday.wav'}})
    assert not failed, result
    assert result['changed'] is True and result['location_id'] == hq
    assert result['intercept']['incoming']['announcements']['file_name'] == 'holiday.wav'
    assert writes(simulator) == [('PUT', '/telephony/config/locations/%s/intercept' % hq)]
    assert 'location_intercept' not in result


def test_an_empty_repository_is_named_empty(simulator):
    hq = location(simulator, 'Headquarters')
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': 'announcements', 'body': {'announcements': []}}])
    failed, result = run(simulator, webex_location_intercept, location_id=hq, **CUSTOM_FILE)
    assert failed
    assert result['msg'].startswith('incoming.announcements.file_name nope.wav is not in the announcement repository '
                                    'of the location %s (it is empty); ' % hq)


def test_an_unreadable_repository_warns_and_lets_the_put_decide(simulator):
    hq = location(simulator, 'Headquarters')
    simulator.add_faults([{'status': 403, 'method': 'GET', 'path': 'announcements',
                           'body': {'message': 'Forbidden', 'trackingId': 'TRACK-R'}}])
    failed, result = run(simulator, webex_location_intercept, location_id=hq, check_mode=True,
                         incoming={'announcements': {'greeting': 'CUSTOM', 'file_name': 'holiday.wav'}})
    assert not failed, result
    assert len(result['warned']) == 1
    assert result['warned'][0].startswith(
        'the announcement repository of the location %s could not be read to check incoming.announcements.file_name: '
        'GET /telephony/config/announcements failed: HTTP 403: Forbidden (trackingId TRACK-R' % hq)


def test_a_workspace_by_name_ambiguous_or_unknown(simulator):
    receptions = sorted(workspace(simulator, 'Reception', index) for index in (0, 1))
    failed, result = run(simulator, webex_workspace_intercept, workspace_name='Reception', enabled=True)
    assert failed
    assert result['msg'] in ['workspace_name Reception matches 2 workspaces (%s, %s); use workspace_id to choose one'
                             % (first, second) for first, second in (receptions, receptions[::-1])]
    failed, result = run(simulator, webex_workspace_intercept, workspace_name='Nowhere', enabled=True)
    assert failed
    assert result['msg'] == ('workspace_name Nowhere matches no Webex workspace in this organization; check it, or set '
                             'org_id for a customer organization')
    assert writes(simulator) == []


@pytest.mark.parametrize('module, option, message', [
    (webex_workspace_intercept, 'workspace_name', 'workspace_name is empty; give the name of the workspace, or leave '
                                                  'workspace_name out'),
    (webex_workspace_intercept, 'workspace_id', 'workspace_id is empty; give the ID of the workspace, or leave '
                                                'workspace_id out'),
    (webex_person_intercept, 'person_email', 'person_email is empty; give the email address of the person, or leave '
                                             'person_email out'),
])
def test_an_empty_target_option_is_refused_before_any_request(simulator, module, option, message):
    failed, result = run(simulator, module, enabled=True, **{option: ' '})
    assert failed and result['msg'] == message
    assert simulator.log() == []


def test_a_workspace_at_a_location_whose_intercept_is_enabled_is_warned_about(simulator):
    lobby = workspace(simulator, 'Lobby Phone')
    hq = location(simulator, 'Headquarters')
    enable_location(simulator, 'Headquarters')
    failed, result = run(simulator, webex_workspace_intercept, workspace_name='Lobby Phone', enabled=True)
    assert not failed, result
    assert result['warned'] == [
        "the call intercept of the location Headquarters (location_id %s) is enabled: it overrides the settings of the "
        "workspace Lobby Phone, whose calls follow the location's intercept, not these settings, until it is turned off "
        "(webex.calling.webex_location_intercept)" % hq]
    assert result['location_intercept'] == dict(enabled=True, location_id=hq, location_name='Headquarters', error=None)
    assert result['workspace_id'] == lobby and result['changed'] is True


def test_a_workspace_by_id_reads_its_location_without_a_warning_when_disabled(simulator):
    lobby = workspace(simulator, 'Lobby Phone')
    hq = location(simulator, 'Headquarters')
    failed, result = run(simulator, webex_workspace_intercept, workspace_id=lobby, enabled=False, diff=True)
    assert not failed, result
    assert result['warned'] == []
    assert result['location_intercept'] == dict(enabled=False, location_id=hq, location_name=None, error=None)
    assert result['changed'] is False and result['diff']['before'] == result['diff']['after']
    assert ('GET', '/workspaces/%s' % lobby) in requests_sent(simulator)
    assert ('GET', '/locations/%s' % hq) not in requests_sent(simulator)


def test_an_unreadable_location_intercept_is_warned_about(simulator):
    lobby = workspace(simulator, 'Lobby Phone')
    hq = location(simulator, 'Headquarters')
    simulator.add_faults([{'status': 403, 'method': 'GET', 'path': '^/v1/telephony/config/locations/.*/intercept$',
                           'body': {'message': 'Forbidden', 'trackingId': 'TRACK-L'}}])
    failed, result = run(simulator, webex_workspace_intercept, workspace_id=lobby, enabled=False)
    assert not failed, result
    assert result['warned'] == [
        'whether the intercept of the location location_id %s overrides the settings of the workspace %s is unknown: it '
        'could not be read: GET /telephony/config/locations/%s/intercept failed: HTTP 403: Forbidden (trackingId '
        'TRACK-L, 1 attempt)' % (hq, lobby, hq)]
    assert result['location_intercept']['enabled'] is None and result['location_intercept']['location_id'] == hq


def test_a_workspace_id_not_found_leaves_the_location_unknown(simulator):
    failed, result = run(simulator, webex_workspace_intercept, workspace_id='no-such-workspace', enabled=False)
    assert failed
    assert result['msg'].startswith('GET /workspaces/no-such-workspace/features/intercept failed: HTTP 404')


def test_a_virtual_line_by_name_and_by_extension(simulator):
    main = [item['id'] for item in simulator.virtual_lines() if item['displayName'] == 'Main Line'][0]
    for name in ('Main Line', '1801'):
        failed, result = run(simulator, webex_virtual_line_intercept, virtual_line_name=name, enabled=False)
        assert not failed, result
        assert result['virtual_line_id'] == main
    queries = [entry['query'] for entry in simulator.log() if entry['route'] == '/telephony/config/virtualLines']
    assert queries and all(query.get('max') == '100' for query in queries)
    failed, result = run(simulator, webex_virtual_line_intercept, virtual_line_name='Night Line', enabled=False)
    assert failed and result['msg'].startswith('virtual_line_name Night Line matches 2 virtual lines (')
    assert result['msg'].endswith('); use virtual_line_id to choose one')


# --- info --------------------------------------------------------------------------------------------------------

def test_info_of_a_location_lists_its_workspaces_and_names_them(simulator):
    hq = location(simulator, 'Headquarters')
    enable_location(simulator, 'Headquarters')
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=hq)
    assert not failed, result
    names = [entry['display_name'] for entry in result['workspaces']]
    assert names == sorted(names, key=str.lower) and 'Lobby Phone' in names and 'Quiet Room' not in names
    assert all(entry['location_name'] == 'Headquarters' and entry['overridden_by_location'] is True
               for entry in result['workspaces'])
    assert result['warned'] == [
        '%d of the %d workspaces read are at a location whose own call intercept is enabled (Headquarters): their calls '
        'follow the location\'s intercept, not the settings returned; their entries have overridden_by_location true'
        % (len(names), len(names))]
    listing = [entry['query'] for entry in simulator.log() if entry['route'] == '/workspaces']
    assert listing == [{'calling': 'webexCalling', 'max': '50', 'locationId': hq}]
    assert result['organization']['id'] == simulator.org_id and result['organization']['name']


def test_info_warns_when_names_and_organization_cannot_be_read(simulator):
    simulator.add_faults([
        {'status': 403, 'method': 'GET', 'path': '^/v1/locations$', 'body': {'message': 'No', 'trackingId': 'T-1'}},
        {'status': 403, 'method': 'GET', 'path': '^/v1/people/me$', 'body': {'message': 'No', 'trackingId': 'T-2'}}])
    failed, result = run(simulator, webex_virtual_line_intercept_info, virtual_line_name='Main Line')
    assert not failed, result
    assert sorted(result['warned']) == [
        'the names of the locations could not be read, so location_name is null: GET /locations failed: HTTP 403: No '
        '(trackingId T-1, 1 attempt)',
        'the organization could not be read, so organization.id is null: GET /people/me failed: HTTP 403: No '
        '(trackingId T-2, 1 attempt)']
    assert result['organization'] == dict(id=None, name=None)
    assert [entry['location_name'] for entry in result['virtual_lines']] == [None]


def test_info_with_an_org_id_reads_only_its_name(simulator, clock):
    simulator.add_faults([{'status': 500, 'method': 'GET', 'path': '^/v1/organizations/', 'times': None,
                           'body': {'message': 'Down', 'trackingId': 'T-3'}}])
    failed, result = run(simulator, webex_location_intercept_info, location_name='Headquarters', org_id=simulator.org_id)
    assert not failed, result
    assert result['organization'] == dict(id=simulator.org_id, name=None)
    assert result['warned'][0].startswith('the organization could not be read, so organization.name is null: ')
    assert ('GET', '/people/me') not in requests_sent(simulator)
    assert [entry['display_name'] for entry in result['locations']] == ['Headquarters']
    assert [entry['location_name'] for entry in result['locations']] == ['Headquarters']


def test_info_of_every_location_uses_its_own_listing_for_the_names(simulator):
    failed, result = run(simulator, webex_location_intercept_info)
    assert not failed, result
    names = [entry['display_name'] for entry in result['locations']]
    assert names == sorted(names, key=str.lower) and {'Headquarters', 'Branch Office'} <= set(names)
    assert all(entry['location_name'] == entry['display_name'] for entry in result['locations'])
    assert 'overridden_by_location' not in result['locations'][0]
    assert [entry['query'] for entry in simulator.log() if entry['route'] == '/locations'] == [{'max': '100'}]


def test_info_read_errors_fail_or_are_reported(simulator):
    lobby = workspace(simulator, 'Lobby Phone')
    hq = location(simulator, 'Headquarters')
    fault = {'status': 403, 'method': 'GET', 'path': '^/v1/workspaces/%s/features/intercept$' % lobby,
             'body': {'message': 'Forbidden', 'trackingId': 'T-4'}}
    simulator.add_faults([fault])
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=hq)
    assert failed
    assert result['msg'] == ('reading the intercept settings of Lobby Phone (%s) failed: GET /workspaces/%s/features/'
                             'intercept failed: HTTP 403: Forbidden (trackingId T-4, 1 attempt)' % (lobby, lobby))
    assert result['api_error']['tracking_id'] == 'T-4'
    simulator.add_faults([fault])
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=hq, on_read_error='report')
    assert not failed, result
    entries = result['workspaces']
    broken = [entry for entry in entries if entry['workspace_id'] == lobby][0]
    assert broken['intercept'] is None and broken['greeting_file_name'] is None
    assert broken['error'].startswith('GET /workspaces/%s/features/intercept failed: HTTP 403' % lobby)
    assert all(entry['error'] is None and entry['intercept'] for entry in entries if entry is not broken)
    assert result['warned'] == ['1 of %d workspaces could not be read; their entries have intercept null and an error'
                                % len(entries)]


@pytest.mark.parametrize('concurrency', [0, 65])
def test_info_concurrency_out_of_range(simulator, concurrency):
    failed, result = run(simulator, webex_workspace_intercept_info, concurrency=concurrency)
    assert failed and result['msg'] == 'concurrency must be between 1 and 64, not %d' % concurrency
    assert simulator.log() == []


@pytest.mark.parametrize('module, option, label', [
    (webex_workspace_intercept_info, 'workspace_id', 'workspace'),
    (webex_virtual_line_intercept_info, 'virtual_line_id', 'virtual line'),
    (webex_location_intercept_info, 'location_id', 'location'),
])
def test_info_of_an_unknown_id_names_the_option(simulator, module, option, label):
    failed, result = run(simulator, module, **{option: 'no-such-id'})
    assert failed
    assert result['msg'] == ('%s no-such-id matches no Webex %s in this organization; check the ID, or set org_id for a '
                             'customer organization' % (option, label))
    assert writes(simulator) == []


def test_info_by_id_of_each_kind_in_a_customer_organization(simulator):
    org_id = simulator.partner_org_id
    lobby = simulator.workspace_by_name('Customer Lobby', org_id=org_id)['id']
    line = [item['id'] for item in simulator.virtual_lines(org_id=org_id)][0]
    site = simulator.location_by_name('Customer Main Site', org_id=org_id)
    enable_location(simulator, 'Headquarters')
    simulator.set_intercept(site['id'], {'enabled': True}, kind='locations')
    for module, option, owner, result_name in ((webex_workspace_intercept_info, 'workspace_id', lobby, 'workspaces'),
                                               (webex_virtual_line_intercept_info, 'virtual_line_id', line,
                                                'virtual_lines')):
        simulator.clear_log()
        failed, result = run(simulator, module, org_id=org_id, **{option: owner})
        assert not failed, result
        entry = result[result_name][0]
        assert entry[option] == owner and entry['location_name'] == 'Customer Main Site'
        assert entry['overridden_by_location'] is True
        assert result['organization']['id'] == org_id
        assert [(request['route'], request['query']) for request in simulator.log()
                if request['query'].get('orgId') != org_id] == [('/organizations/{orgId}', {})]
        assert [request['query'] for request in simulator.log() if request['route'] == '/locations'] == [
            {'orgId': org_id, 'max': '100'}]


def test_a_detail_that_names_another_target_is_no_target(simulator):
    lobby = workspace(simulator, 'Lobby Phone')
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/workspaces/%s$' % lobby,
                           'body': {'id': 'another', 'displayName': 'Lobby Phone'}}])
    failed, result = run(simulator, webex_workspace_intercept_info, workspace_id=lobby)
    assert failed
    assert result['msg'].startswith('workspace_id %s matches no Webex workspace in this organization' % lobby)


def test_a_detail_refused_is_the_api_error_not_a_missing_target(simulator):
    lobby = workspace(simulator, 'Lobby Phone')
    simulator.add_faults([{'status': 403, 'method': 'GET', 'path': '^/v1/workspaces/%s$' % lobby,
                           'body': {'message': 'Forbidden', 'trackingId': 'T-5'}}])
    failed, result = run(simulator, webex_workspace_intercept_info, workspace_id=lobby)
    assert failed
    assert result['msg'] == 'GET /workspaces/%s failed: HTTP 403: Forbidden (trackingId T-5, 1 attempt)' % lobby
    assert result['api_error']['status'] == 403


def test_an_ambiguous_name_whose_match_has_no_id_shows_a_question_mark(simulator):
    lobby = workspace(simulator, 'Lobby Phone')
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/workspaces$', 'body': {'items': [
        {'id': lobby, 'displayName': 'Lobby Phone'}, {'displayName': 'Lobby Phone'}]}}])
    failed, result = run(simulator, webex_workspace_intercept, workspace_name='Lobby Phone', enabled=True)
    assert failed
    assert result['msg'] == ('workspace_name Lobby Phone matches 2 workspaces (%s, ?); use workspace_id to choose one'
                             % lobby)


def test_info_warns_when_a_location_intercept_cannot_be_read(simulator):
    hq = location(simulator, 'Headquarters')
    simulator.add_faults([{'status': 403, 'method': 'GET', 'path': '^/v1/telephony/config/locations/.*/intercept$',
                           'body': {'message': 'Forbidden', 'trackingId': 'T-6'}}])
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=hq)
    assert not failed, result
    count = len(result['workspaces'])
    assert result['warned'] == [
        'for %d of the %d workspaces read it is unknown whether the intercept of their location overrides theirs '
        '(Headquarters: GET /telephony/config/locations/%s/intercept failed: HTTP 403: Forbidden (trackingId T-6, 1 '
        'attempt)); their entries have overridden_by_location null' % (count, count, hq)]
    assert all(entry['overridden_by_location'] is None for entry in result['workspaces'])


def test_info_names_a_location_without_a_name_by_its_id(simulator):
    hq = location(simulator, 'Headquarters')
    branch = location(simulator, 'Branch Office')
    enable_location(simulator, 'Headquarters')
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/locations$', 'body': {'items': [
        {'id': branch, 'name': 'Branch Office'}]}}])
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=hq)
    assert not failed, result
    count = len(result['workspaces'])
    assert result['warned'] == [
        '%d of the %d workspaces read are at a location whose own call intercept is enabled (%s): their calls follow the '
        'location\'s intercept, not the settings returned; their entries have overridden_by_location true'
        % (count, count, hq)]
    assert all(entry['location_name'] is None for entry in result['workspaces'])


def test_a_partial_write_error_reads_as_the_error_that_stopped_the_write():
    error = WebexApiError('PUT', '/people/p1/features/intercept', status=400, message='Invalid', tracking_id='T-7')
    partial = PartialWriteError(error, ['upload'])
    assert str(partial) == str(error) and str(error).startswith('PUT /people/p1/features/intercept failed: HTTP 400')
    assert partial.error is error and partial.done == ['upload']


def test_a_workspace_of_a_customer_organization_and_its_location(simulator):
    org_id = simulator.partner_org_id
    lobby = simulator.workspace_by_name('Customer Lobby', org_id=org_id)['id']
    site = simulator.location_by_name('Customer Main Site', org_id=org_id)['id']
    simulator.set_intercept(site, {'enabled': True}, kind='locations')
    failed, result = run(simulator, webex_workspace_intercept, workspace_id=lobby, org_id=org_id, enabled=True)
    assert not failed, result
    assert result['location_intercept'] == dict(enabled=True, location_id=site, location_name='Customer Main Site',
                                                error=None)
    assert [(request['route'], request['query']) for request in simulator.log()
            if request['query'].get('orgId') != org_id] == []


def test_a_target_whose_details_cannot_be_read_has_an_unknown_location(simulator):
    lobby = workspace(simulator, 'Lobby Phone')
    simulator.add_faults([{'status': 403, 'method': 'GET', 'path': '^/v1/workspaces/%s$' % lobby,
                           'body': {'message': 'Forbidden', 'trackingId': 'T-8'}}])
    failed, result = run(simulator, webex_workspace_intercept, workspace_id=lobby, enabled=True)
    assert not failed, result
    error = 'GET /workspaces/%s failed: HTTP 403: Forbidden (trackingId T-8, 1 attempt)' % lobby
    assert result['location_intercept'] == dict(enabled=None, location_id=None, location_name=None, error=error)
    assert result['warned'] == [
        'whether the intercept of the location location_id None overrides the settings of the workspace %s is unknown: '
        'it could not be read: %s' % (lobby, error)]


def test_info_entries_carry_the_greeting_file_name(simulator):
    hq = location(simulator, 'Headquarters')
    simulator.set_intercept(hq, {'enabled': False, 'incoming': {'announcements': {'greeting': 'CUSTOM',
                                                                                  'fileName': 'holiday.wav'}}},
                            kind='locations')
    failed, result = run(simulator, webex_location_intercept_info, location_id=hq)
    assert not failed, result
    entry = result['locations'][0]
    assert entry['greeting_file_name'] == 'holiday.wav'
    assert entry['intercept']['incoming']['announcements']['file_name'] == 'holiday.wav'
    failed, result = run(simulator, webex_workspace_intercept_info, workspace_name='Board Room', concurrency=64)
    assert not failed, result
    entry = result['workspaces'][0]
    assert entry['greeting_file_name'] == 'boardroom-closed.wav'
    assert 'file_name' not in entry['intercept']['incoming']['announcements']


def test_info_entries_sorted_by_name_without_case_then_id(simulator):
    hq = location(simulator, 'Headquarters')
    ids = sorted(item['id'] for item in simulator.workspaces(calling=False))[:5]
    listed = [dict(id=ids[4], displayName='Same', locationId=hq), dict(id=ids[3], displayName='Same', locationId=hq),
              dict(id=ids[2], displayName='LobbyPhone', locationId=hq),
              dict(id=ids[1], displayName='Lobby_Phone', locationId=hq), dict(id=ids[0], locationId=hq)]
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/workspaces$', 'body': {'items': listed}}])
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=hq, on_read_error='report')
    assert not failed, result
    assert [(entry['display_name'], entry['workspace_id']) for entry in result['workspaces']] == [
        ('', ids[0]), ('Lobby_Phone', ids[1]), ('LobbyPhone', ids[2]), ('Same', ids[3]), ('Same', ids[4])]


def test_a_location_of_a_customer_organization(simulator):
    org_id = simulator.partner_org_id
    site = simulator.location_by_name('Customer Main Site', org_id=org_id)['id']
    failed, result = run(simulator, webex_location_intercept, location_id=site, org_id=org_id, enabled=True,
                         incoming={'announcements': {'greeting': 'CUSTOM', 'file_name': 'customer-closed.wav'}})
    assert not failed, result
    assert result['changed'] is True and result['warned'] == []
    assert [(request['method'], request['route']) for request in simulator.log()
            if request['query'].get('orgId') != org_id] == []
    assert ('PUT', '/telephony/config/locations/%s/intercept' % site) in writes(simulator)


def test_a_location_change_without_a_greeting_reads_no_repository_and_carries_enabled(simulator):
    hq = location(simulator, 'Headquarters')
    enable_location(simulator, 'Headquarters')
    failed, result = run(simulator, webex_location_intercept, location_id=hq, enabled=True,
                         outgoing={'type': 'ALLOW_LOCAL_ONLY'})
    assert not failed, result
    assert result['warned'] == []
    assert requests_sent(simulator) == [('GET', '/telephony/config/locations/%s/intercept' % hq),
                                        ('PUT', '/telephony/config/locations/%s/intercept' % hq)]
    put = [entry['body'] for entry in simulator.log() if entry['method'] == 'PUT'][0]
    assert put == {'enabled': True, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}


def test_a_location_cannot_upload_a_greeting(simulator, tmp_path):
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(b'RIFF\x24\x00\x00\x00WAVEfmt ' + b'\x00' * 32)
    failed, result = run(simulator, webex_location_intercept, location_name='Headquarters',
                         incoming={'announcements': {'greeting_file': str(greeting)}})
    assert failed
    assert result['msg'] == (
        "incoming.announcements.greeting_file cannot be used for a location: the API has no greeting upload for a "
        "location intercept; set incoming.announcements.file_name to the name of a greeting already in the "
        "location's announcement repository instead")
    assert simulator.log() == []


def test_repository_entries_without_a_file_name_are_left_out(simulator):
    hq = location(simulator, 'Headquarters')
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': 'announcements', 'body': {'announcements': [
        {'fileName': 'b.wav'}, {'id': 'no-name'}, 'junk', {'fileName': 'a.wav'}]}}])
    failed, result = run(simulator, webex_location_intercept, location_id=hq, **CUSTOM_FILE)
    assert failed
    assert '(it has a.wav, b.wav); ' in result['msg']


def test_info_whose_listing_is_refused_fails_with_the_api_error(simulator):
    simulator.add_faults([{'status': 403, 'method': 'GET', 'path': '^/v1/workspaces$',
                           'body': {'message': 'Forbidden', 'trackingId': 'T-9'}}])
    failed, result = run(simulator, webex_workspace_intercept_info)
    assert failed
    assert result['msg'] == 'GET /workspaces failed: HTTP 403: Forbidden (trackingId T-9, 1 attempt)'
    assert result['api_error']['tracking_id'] == 'T-9'


def test_a_greeting_upload_in_a_customer_organization_is_audio_wav(simulator, tmp_path):
    org_id = simulator.partner_org_id
    lobby = simulator.workspace_by_name('Customer Lobby', org_id=org_id)['id']
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(b'RIFF\x24\x00\x00\x00WAVEfmt ' + b'\x00' * 32)
    failed, result = run(simulator, webex_workspace_intercept, workspace_id=lobby, org_id=org_id, enabled=True,
                         incoming={'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting)}})
    assert not failed, result
    upload = simulator.get_upload(lobby, kind='workspaces')
    assert (upload['fileName'], upload['contentType'], upload['size']) == ('closed.wav', 'audio/wav', 48)
    assert [(request['method'], request['route']) for request in simulator.log()
            if request['query'].get('orgId') != org_id] == []


def test_info_never_reports_a_change(simulator):
    failed, result = run(simulator, webex_workspace_intercept_info, workspace_name='Lobby Phone')
    assert not failed, result
    assert result['changed'] is False


def test_info_by_name_in_a_customer_organization(simulator):
    org_id = simulator.partner_org_id
    failed, result = run(simulator, webex_workspace_intercept_info, workspace_name='Customer Lobby', org_id=org_id)
    assert not failed, result
    assert [entry['display_name'] for entry in result['workspaces']] == ['Customer Lobby']


def test_info_names_every_location_whose_intercept_cannot_be_read(simulator):
    hq, branch = location(simulator, 'Headquarters'), location(simulator, 'Branch Office')
    simulator.add_faults([{'status': 403, 'method': 'GET', 'path': '^/v1/telephony/config/locations/.*/intercept$',
                           'times': None, 'body': {'message': 'Forbidden', 'trackingId': 'T-10'}}])
    failed, result = run(simulator, webex_workspace_intercept_info)
    assert not failed, result
    names = dict((item['id'], item['name']) for item in simulator.locations())
    read = dict((location_id, '%s: GET /telephony/config/locations/%s/intercept failed: HTTP 403: Forbidden (trackingId '
                              'T-10, 1 attempt)' % (names[location_id], location_id))
                for location_id in set(entry['location_id'] for entry in result['workspaces']))
    assert {hq, branch} <= set(read)
    unknown = [entry for entry in result['workspaces'] if entry['overridden_by_location'] is None]
    assert len(unknown) == len(result['workspaces'])
    details = ', '.join(read[location_id] for location_id in sorted(read))
    assert result['warned'] == [
        'for %d of the %d workspaces read it is unknown whether the intercept of their location overrides theirs (%s); '
        'their entries have overridden_by_location null' % (len(unknown), len(unknown), details)]


def test_a_partial_write_names_the_target_by_its_id_option(simulator, tmp_path):
    lobby = workspace(simulator, 'Lobby Phone')
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(b'RIFF\x24\x00\x00\x00WAVEfmt ' + b'\x00' * 32)
    simulator.add_faults([{'status': 400, 'method': 'PUT', 'body': {'message': 'Invalid', 'trackingId': 'T-11'}}])
    failed, result = run(simulator, webex_workspace_intercept, workspace_id=lobby, enabled=True,
                         incoming={'announcements': {'greeting': 'CUSTOM', 'greeting_file': str(greeting)}})
    assert failed and result['changed'] is True
    assert result['workspace_id'] == lobby
    assert result['msg'].startswith('the greeting closed.wav was uploaded and is now live for workspace_id %s, but '
                                    'changing the settings then failed: PUT /workspaces/%s/features/intercept failed'
                                    % (lobby, lobby))
    assert result['intercept']['incoming']['announcements']['file_name'] == 'closed.wav'
