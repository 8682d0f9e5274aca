# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Both modules run in-process over mocked HTTP: call sequence, check mode, diff, failures."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

import pytest
import responses
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args
from default_settings import DEFAULT_OPTIONS, live_api

from ansible_collections.webex.calling.plugins.modules import webex_person_intercept, webex_person_intercept_info

API_URL = 'https://webex.test/v1'
TOKEN = 'unit-test-secret-token-0123456789'
INTERCEPT_URL = API_URL + '/people/p1/features/intercept'
UPLOAD_URL = INTERCEPT_URL + '/actions/announcementUpload/invoke'
OFF = live_api()
OUT_OF_SERVICE = {
    'enabled': True,
    'incoming': {'announcements': {'new_number': {'enabled': True, 'destination': '+14085550123'},
                                   'zero_transfer': {'enabled': True, 'destination': '4100'}}},
}


def run(module, args, check_mode=False, diff=False):
    """Run a module's main() and return (failed, result)."""
    args = dict(args, access_token=TOKEN, api_url=API_URL, _ansible_check_mode=check_mode, _ansible_diff=diff)
    with patch_module_args(args):
        with pytest.raises(SystemExit) as caught:
            module.main()
    return caught.value.code != 0


@pytest.fixture
def result(capsys):
    def read():
        out = capsys.readouterr().out
        assert TOKEN not in out
        return json.loads(out)
    return read


def is_override_read(call):
    """A read of the location override: the lookup of a person by ID, a location's intercept or name."""
    path, dummy, query = call.request.url[len(API_URL):].partition('?')
    return (path == '/people' and 'id=' in query) or path.startswith(('/telephony/config/locations/', '/locations/'))


def calls():
    """The calls made, without the reads of the location override (see test_location_override_*)."""
    return [(call.request.method, call.request.url.split('?')[0][len(API_URL):]) for call in responses.calls
            if not is_override_read(call)]


def override(person_id='p1', location='loc1', enabled=False, status=200):
    """The reads of the location override: the person by ID, the location's intercept (and name when enabled)."""
    responses.get(API_URL + '/people', json={'items': [{'id': person_id, 'locationId': location}]},
                  match=[responses.matchers.query_param_matcher({'id': person_id, 'callingData': 'true'})])
    responses.get(API_URL + '/telephony/config/locations/%s/intercept' % location, status=status,
                  json=dict(OFF, enabled=enabled) if status == 200 else {'message': 'Forbidden', 'trackingId': 'T9'})
    responses.get(API_URL + '/locations/%s' % location, json={'id': location, 'name': 'Main office'})


@responses.activate
def test_check_mode_predicts_the_change_and_writes_nothing(result):
    override()
    responses.get(INTERCEPT_URL, json=OFF)
    assert not run(webex_person_intercept, dict(person_id='p1', **OUT_OF_SERVICE), check_mode=True, diff=True)
    output = result()
    assert output['changed'] is True
    assert calls() == [('GET', '/people/p1/features/intercept')]
    assert output['diff']['before']['enabled'] is False
    assert output['diff']['after']['enabled'] is True
    assert output['diff']['after']['incoming']['announcements']['new_number'] == {'enabled': True, 'destination': '+14085550123'}
    assert output['intercept'] == output['diff']['after']


@responses.activate
def test_a_change_puts_only_the_leaves_that_differ(result):
    override()
    responses.get(INTERCEPT_URL, json=OFF)
    responses.put(INTERCEPT_URL, status=204)
    assert not run(webex_person_intercept, dict(person_id='p1', **OUT_OF_SERVICE))
    assert result()['changed'] is True
    assert calls() == [('GET', '/people/p1/features/intercept'), ('PUT', '/people/p1/features/intercept')]
    assert json.loads([call for call in responses.calls if call.request.method == 'PUT'][0].request.body) == {
        'enabled': True,
        'incoming': {'announcements': {'newNumber': {'enabled': True, 'destination': '+14085550123'},
                                       'zeroTransfer': {'enabled': True, 'destination': '4100'}}},
    }


@responses.activate
def test_settings_already_in_place_make_no_write(result):
    override()
    responses.get(INTERCEPT_URL, json=OFF)
    assert not run(webex_person_intercept, dict(person_id='p1', enabled=False, outgoing=dict(type='INTERCEPT_ALL')),
                   diff=True)
    output = result()
    assert output['changed'] is False
    assert output['diff']['before'] == output['diff']['after']
    assert calls() == [('GET', '/people/p1/features/intercept')]


@responses.activate
def test_person_email_is_looked_up(result):
    responses.get(API_URL + '/people', json={'items': [{'id': 'p1', 'emails': ['alice@example.com']}]},
                  match=[responses.matchers.query_param_matcher({'email': 'alice@example.com', 'callingData': 'true',
                                                                 'orgId': 'o2'})])
    responses.get(INTERCEPT_URL, json=OFF, match=[responses.matchers.query_param_matcher({'orgId': 'o2'})])
    assert not run(webex_person_intercept, dict(person_email='alice@example.com', org_id='o2', enabled=False))
    assert result()['person_id'] == 'p1'


@pytest.mark.parametrize('items, message', [
    ([], 'person_email nobody@example.com matches no Webex person'),
    ([{'id': 'p1'}, {'id': 'p2'}], 'person_email nobody@example.com matches 2 people .p1, p2.; use person_id'),
])
@responses.activate
def test_unknown_or_ambiguous_email_fails_before_any_write(result, items, message):
    responses.get(API_URL + '/people', json={'items': items})
    assert run(webex_person_intercept, dict(person_email='nobody@example.com', enabled=True))
    assert re.search(message, result()['msg'])
    assert calls() == [('GET', '/people')]


@responses.activate
def test_greeting_is_uploaded_before_the_put(result, tmp_path):
    override()
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(b'RIFF\x24\x00\x00\x00WAVEfmt ')
    responses.get(INTERCEPT_URL, json=OFF)
    responses.post(UPLOAD_URL, status=201)
    responses.put(INTERCEPT_URL, status=204)
    args = dict(person_id='p1', incoming=dict(announcements=dict(greeting='CUSTOM', greeting_file=str(greeting))))
    assert not run(webex_person_intercept, args)
    assert result()['intercept']['incoming']['announcements']['file_name'] == 'closed.wav'
    assert [method for method, dummy in calls()] == ['GET', 'POST', 'PUT']
    own = [call for call in responses.calls if not is_override_read(call)]
    assert b'name="file"; filename="closed.wav"' in own[1].request.body
    assert json.loads(own[2].request.body) == {'incoming': {'announcements': {'greeting': 'CUSTOM'}}}


@pytest.mark.parametrize('args, message', [
    (dict(person_id='p1', person_email='a@example.com'), 'mutually exclusive'),
    (dict(enabled=True), 'one of the following is required: person_id, person_email'),
    (dict(person_id='p1', incoming=dict(type='BLOCK')), 'type must be one of: INTERCEPT_ALL, ALLOW_ALL, got: BLOCK found in incoming'),
    (dict(person_id='p1', enabled='maybe'), 'enabled'),
    (dict(person_id='p1', outgoing=dict(destination='+1 408')), 'outgoing.destination .* is not a phone number'),
    (dict(person_id='p1', incoming=dict(announcements=dict(greeting_file='/nonexistent.wav'))), 'does not exist'),
    (dict(person_id='p1', access_token='  '), 'access_token is empty'),
    (dict(person_id='p1', api_url='http://webex.example.com/v1'), 'api_url must use https'),
    (dict(person_id='p1', timeout=0), 'timeout must be between 1 and 300'),
])
@responses.activate
def test_bad_input_fails_before_any_call(result, args, message):
    with patch_module_args(dict({'access_token': TOKEN, 'api_url': API_URL}, **args)):
        with pytest.raises(SystemExit) as caught:
            webex_person_intercept.main()
    assert caught.value.code != 0
    assert re.search(message, result()['msg'])
    assert calls() == []


@responses.activate
def test_cross_field_rule_on_the_merged_settings_fails_before_any_write(result):
    override()
    responses.get(INTERCEPT_URL, json=OFF)
    assert run(webex_person_intercept, dict(person_id='p1', outgoing=dict(transfer_enabled=True)))
    assert 'outgoing.transfer_enabled is true but outgoing.destination is empty' in result()['msg']
    assert calls() == [('GET', '/people/p1/features/intercept')]


@responses.activate
def test_an_api_failure_reports_status_message_and_tracking_id(result):
    override()
    responses.get(INTERCEPT_URL, json=OFF)
    responses.put(INTERCEPT_URL, status=403, json={'message': 'Forbidden', 'trackingId': 'ROUTER_9'})
    assert run(webex_person_intercept, dict(person_id='p1', enabled=True))
    output = result()
    assert output['msg'] == ('PUT /people/p1/features/intercept failed: HTTP 403: Forbidden '
                             '(trackingId ROUTER_9, 1 attempt)')
    assert output['api_error']['status'] == 403


def directory(locations_status=200):
    """The reads an info run makes besides the people: the locations' names and the organization."""
    responses.get(API_URL + '/locations', status=locations_status,
                  json={'items': [{'id': 'loc1', 'name': 'Main office'}]} if locations_status == 200 else {'message': 'no'})
    responses.get(API_URL + '/people/me', json={'id': 'admin', 'orgId': 'org/1'})
    responses.get(API_URL + '/telephony/config/locations/loc1/intercept', json=OFF)
    responses.get(API_URL + '/organizations/org%2F1', json={'id': 'org/1', 'displayName': 'Example Inc.'})


def person(number, location='loc1'):
    return {'id': 'p%03d' % number, 'emails': ['user%03d@example.com' % number], 'displayName': 'User %d' % number,
            'locationId': location}


@responses.activate
def test_info_reads_every_calling_person_of_every_page_in_a_stable_order(result):
    people = [person(n) for n in range(30, 0, -1)]
    responses.get(API_URL + '/people', json={'items': people[:20] + [{'id': 'nocalling', 'emails': ['x@example.com']}]},
                  headers={'Link': '<%s/people?cursor=2>; rel="next"' % API_URL},
                  match=[responses.matchers.query_param_matcher({'callingData': 'true', 'max': '100'})])
    responses.get(API_URL + '/people', json={'items': people[20:]},
                  match=[responses.matchers.query_param_matcher({'cursor': '2'})])
    for entry in people:
        responses.get(API_URL + '/people/%s/features/intercept' % entry['id'], json=OFF)
    directory()
    assert not run(webex_person_intercept_info, dict(concurrency=4))
    output = result()
    assert output['organization'] == {'id': 'org/1', 'name': 'Example Inc.'}
    persons = output['persons']
    assert [entry['person_id'] for entry in persons] == ['p%03d' % n for n in range(1, 31)]
    assert persons[0] == {'person_id': 'p001', 'email': 'user001@example.com', 'display_name': 'User 1',
                          'location_id': 'loc1', 'location_name': 'Main office', 'greeting_file_name': '', 'error': None,
                          'intercept': DEFAULT_OPTIONS, 'overridden_by_location': False}
    location_reads = [call for call in responses.calls if '/telephony/config/locations/' in call.request.url]
    assert len(location_reads) == 1


@responses.activate
def test_info_reports_a_person_that_cannot_be_read_when_asked(result, monkeypatch):
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda module, text: warnings.append(text))
    responses.get(API_URL + '/people', json={'items': [person(1), person(2)]})
    responses.get(API_URL + '/people/p001/features/intercept', json=OFF)
    responses.get(API_URL + '/people/p002/features/intercept', status=404, json={'message': 'User not found'})
    directory(locations_status=403)
    assert not run(webex_person_intercept_info, dict(on_read_error='report'))
    output = result()
    assert [entry['error'] is None for entry in output['persons']] == [True, False]
    assert 'HTTP 404: User not found' in output['persons'][1]['error']
    assert [entry['location_name'] for entry in output['persons']] == [None, None]
    assert output['organization'] == {'id': 'org/1', 'name': 'Example Inc.'}
    assert warnings[0].startswith('the names of the locations could not be read, so location_name is null: '
                                  'GET /locations failed: HTTP 403')
    assert warnings[1:] == ['1 of 2 people could not be read; their entries have intercept null and an error']


@responses.activate
def test_info_fails_naming_the_person_by_default(result):
    responses.get(API_URL + '/people', json={'items': [person(1), person(2)]})
    responses.get(API_URL + '/people/p001/features/intercept', json=OFF)
    responses.get(API_URL + '/people/p002/features/intercept', status=404, json={'message': 'User not found'})
    assert run(webex_person_intercept_info, dict(concurrency=1))
    output = result()
    assert output['msg'].startswith('reading the intercept settings of user002@example.com (p002) failed: GET')
    assert output['api_error']['status'] == 404


@responses.activate
def test_an_info_entry_fed_back_changes_nothing(result, capsys):
    responses.get(API_URL + '/people', json={'items': [person(1)]})
    responses.get(API_URL + '/people/p001/features/intercept', json=OFF)
    directory()
    run(webex_person_intercept_info, dict(person_id='p001'))
    entry = result()['persons'][0]
    responses.calls.reset()
    override('p001')
    assert not run(webex_person_intercept, dict(entry['intercept'], person_id=entry['person_id']))
    assert result()['changed'] is False
    assert calls() == [('GET', '/people/p001/features/intercept')]


@pytest.mark.parametrize('module, args', [
    (webex_person_intercept, dict(person_id='', enabled=True)),
    (webex_person_intercept, dict(person_id='  ', enabled=True)),
    (webex_person_intercept, dict(person_email='', enabled=True)),
    (webex_person_intercept_info, dict(person_id='')),
    (webex_person_intercept_info, dict(person_email=' ')),
])
@responses.activate
def test_an_empty_id_or_email_is_an_error_never_a_lookup(result, module, args):
    """Issue 11 item 2: person_id "" fell through to the email lookup and changed the only person found."""
    responses.get(API_URL + '/people', json={'items': [person(1)]})
    assert run(module, args)
    option = next(iter(args))
    assert result()['msg'].startswith('%s is empty; give the ' % option)
    assert calls() == []


@responses.activate
def test_ids_are_quoted_in_paths(result):
    """Issue 11 item 3: an ID with / or ? must not reach another path or a query."""
    responses.get(API_URL + '/people/a%2Fb%3Fc/features/intercept', json=OFF)
    responses.put(API_URL + '/people/a%2Fb%3Fc/features/intercept', status=204)
    override('a/b?c', location='l/1?x')
    assert not run(webex_person_intercept, dict(person_id='a/b?c', enabled=True))
    assert result()['person_id'] == 'a/b?c'
    assert sorted(call.request.url for call in responses.calls) == sorted(
        [API_URL + '/people/a%2Fb%3Fc/features/intercept'] * 2
        + [API_URL + '/people?callingData=true&id=a%2Fb%3Fc', API_URL + '/telephony/config/locations/l%2F1%3Fx/intercept'])


@responses.activate
def test_a_put_failing_after_the_upload_reports_the_live_greeting(result, tmp_path):
    override()
    """Issue 11 item 5: the greeting went live, then the PUT failed; the task must say so and report changed."""
    greeting = tmp_path / 'closed.wav'
    greeting.write_bytes(b'RIFF\x24\x00\x00\x00WAVEfmt ')
    responses.get(INTERCEPT_URL, json=OFF)
    responses.post(UPLOAD_URL, status=201)
    responses.put(INTERCEPT_URL, status=400, json={'message': 'Invalid destination', 'trackingId': 'T1'})
    args = dict(person_id='p1', enabled=True, incoming=dict(announcements=dict(greeting='CUSTOM', greeting_file=str(greeting))))
    assert run(webex_person_intercept, args)
    output = result()
    assert output['changed'] is True
    assert output['msg'].startswith('the greeting closed.wav was uploaded and is now live for person_id p1, but changing '
                                    'the settings then failed: PUT /people/p1/features/intercept failed: HTTP 400: '
                                    'Invalid destination (trackingId T1')
    assert output['api_error']['status'] == 400
    assert output['intercept']['incoming']['announcements']['file_name'] == 'closed.wav'
    assert output['intercept']['enabled'] is False


@responses.activate
def test_a_failed_put_without_upload_reports_no_change(result):
    override()
    responses.get(INTERCEPT_URL, json=OFF)
    responses.put(INTERCEPT_URL, status=400, json={'message': 'Invalid'})
    assert run(webex_person_intercept, dict(person_id='p1', enabled=True))
    output = result()
    assert output.get('changed', False) is False
    assert output['msg'].startswith('PUT /people/p1/features/intercept failed: HTTP 400')


@responses.activate
def test_location_override_is_read_once_and_reported(result, monkeypatch):
    """A person whose location intercept is enabled: the result and a warning say so, naming the location."""
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda module, text: warnings.append(text))
    responses.get(INTERCEPT_URL, json=OFF)
    override(enabled=True)
    assert not run(webex_person_intercept, dict(person_id='p1', enabled=False))
    output = result()
    assert output['changed'] is False
    assert output['location_intercept'] == {'enabled': True, 'location_id': 'loc1', 'location_name': 'Main office',
                                            'error': None}
    assert warnings == ['the call intercept of the location Main office (location_id loc1) is enabled: it overrides '
                        'the settings of the person p1, whose calls follow the location\'s intercept, not these '
                        'settings, until it is turned off (webex.calling.webex_location_intercept)']
    assert sorted(call.request.url[len(API_URL):] for call in responses.calls) == [
        '/locations/loc1', '/people/p1/features/intercept', '/people?callingData=true&id=p1',
        '/telephony/config/locations/loc1/intercept']


@responses.activate
def test_location_override_disabled_costs_one_location_read_and_no_warning(result, monkeypatch):
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda module, text: warnings.append(text))
    responses.get(INTERCEPT_URL, json=OFF)
    override(enabled=False)
    assert not run(webex_person_intercept, dict(person_id='p1', enabled=False))
    assert result()['location_intercept'] == {'enabled': False, 'location_id': 'loc1', 'location_name': None,
                                              'error': None}
    assert warnings == []
    assert len([call for call in responses.calls if is_override_read(call)]) == 2


@responses.activate
def test_location_override_that_cannot_be_read_warns_and_does_not_fail(result, monkeypatch):
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda module, text: warnings.append(text))
    responses.get(INTERCEPT_URL, json=OFF)
    responses.put(INTERCEPT_URL, status=204)
    override(status=403)
    assert not run(webex_person_intercept, dict(person_id='p1', enabled=True))
    output = result()
    assert output['changed'] is True
    assert output['location_intercept']['enabled'] is None
    assert 'HTTP 403: Forbidden (trackingId T9' in output['location_intercept']['error']
    assert len(warnings) == 1 and warnings[0].startswith(
        'whether the intercept of the location location_id loc1 overrides the settings of the person p1 is unknown')
