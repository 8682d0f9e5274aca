# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The identity and client fault tables of docs/docsite/rst/reliability_guide.rst, proved with ansible-playbook runs.

- An ID of one kind given as another (a workspace's as person_id...) is refused before any request, in the single
  modules, the info modules, the bulk module and the roles; a raw UUID is sent as it is.
- A location_id that does not exist is an error naming it (whether Webex answers its listings 404 or empty); a
  location with nobody in it is ok with a warning.
- The token endpoint answering 5xx or 429 is retried like a read; an access token is replaced ahead of expires_in.
- The API going down in the middle of a bulk run: the circuit breaker stops the run after a few requests, with one
  message that says what was written and what was not.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import uuid

from webex_simulator import webex_id


def calling_people(simulator, count):
    """Generated people (user0001@...), whose intercept is the default one: off."""
    return [person for person in simulator.people() if person['emails'][0].startswith('user')][:count]


# --- IDs of another kind ---------------------------------------------------------------------------------------

def test_an_id_of_another_kind_is_refused_before_any_request(simulator, ansible):
    person = simulator.person_by_email('alice.anders@example.com')['id']
    workspace = simulator.workspace_by_name('Lobby Phone')['id']
    line = simulator.virtual_lines()[0]['id']
    location = simulator.locations()[0]['id']
    raw = str(uuid.uuid4())
    cases = [
        # (task name, module, arguments, what the message must say)
        ('person_id of a workspace', 'webex.calling.webex_person_intercept', dict(person_id=workspace, enabled=True),
         'person_id %s is the ID of a workspace (PLACES), not of a person (PEOPLE)' % workspace),
        ('workspace_id of a person', 'webex.calling.webex_workspace_intercept', dict(workspace_id=person, enabled=True),
         'workspace_id %s is the ID of a person (PEOPLE), not of a workspace' % person),
        ('virtual_line_id of a location', 'webex.calling.webex_virtual_line_intercept',
         dict(virtual_line_id=location, enabled=True),
         'virtual_line_id %s is the ID of a location (LOCATION), not of a virtual line' % location),
        ('location_id of a virtual line', 'webex.calling.webex_location_intercept', dict(location_id=line, enabled=True),
         'location_id %s is the ID of a virtual line (VIRTUAL_PROFILE), not of a location (LOCATION)' % line),
        ('info person_id of a virtual line', 'webex.calling.webex_person_intercept_info', dict(person_id=line),
         'person_id %s is the ID of a virtual line' % line),
        ('info location filter of a person', 'webex.calling.webex_workspace_intercept_info', dict(location_id=person),
         'location_id %s is the ID of a person (PEOPLE), not of a location' % person),
        ('info org_id of a location', 'webex.calling.webex_person_intercept_info', dict(org_id=location),
         'org_id %s is the ID of a location (LOCATION), not of an organization' % location),
        ('bulk workspace_id of a person', 'webex.calling.webex_intercepts',
         dict(intercepts=[{'person_id': person, 'enabled': True}, {'workspace_id': person, 'enabled': True}]),
         'intercepts[1].workspace_id %s is the ID of a person (PEOPLE), not of a workspace' % person),
        ('bulk everyone at a workspace', 'webex.calling.webex_intercepts',
         dict(intercepts=[], everyone=['person'], location_id=workspace, defaults={'enabled': True}),
         'location_id %s is the ID of a workspace (PLACES), not of a location' % workspace),
    ]
    tasks = [dict(name=name, ignore_errors=True, **{module: arguments}) for name, module, arguments, dummy in cases]
    # The roles: a person's entry holding a workspace's ID, and a site named by a person's ID.
    tasks.append({'name': 'role people', 'block': [{'ansible.builtin.include_role': {'name': 'webex.calling.intercept'},
                                                    'vars': {'intercept_people': [{'person_id': workspace}],
                                                             'intercept_settings': {'enabled': True}}}],
                  'rescue': [{'name': 'role people rescued', 'ansible.builtin.debug': {'msg': 'rescued'}}]})
    tasks.append({'name': 'role site', 'block': [{'ansible.builtin.include_role': {'name': 'webex.calling.intercept'},
                                                  'vars': {'intercept_site_location_id': person,
                                                           'intercept_settings': {'enabled': True}}}],
                  'rescue': [{'name': 'role site rescued', 'ansible.builtin.debug': {'msg': 'rescued'}}]})
    # A raw UUID is not a Webex ID: it is sent as it is (and the API says it is no one).
    tasks.append(dict(name='raw uuid', ignore_errors=True,
                      **{'webex.calling.webex_person_intercept_info': dict(person_id=raw)}))
    run = ansible(tasks)
    for name, dummy, dummy, message in cases:
        task = run.tasks.named(name)
        assert task['status'] == 'failed', (name, task['result'])
        assert message in task['result']['msg'], (name, task['result']['msg'])
    role_failures = [task for task in run.tasks if task['status'] == 'failed' and task['task'] not in
                     [case[0] for case in cases] + ['raw uuid']]
    assert len(role_failures) == 2, [(task['task'], task['result'].get('msg')) for task in role_failures]
    assert 'is the ID of a workspace (PLACES), not of a person' in str(role_failures[0]['result'])
    assert 'is the ID of a person (PEOPLE), not of a location' in str(role_failures[1]['result'])
    # Nothing was sent for the IDs of another kind (nothing at all but the info module of the raw UUID's reads: its
    # lookup, and the organization and location names it reads beside); the raw UUID was sent as it is.
    sent = [(entry['method'], entry['path'], str(entry['query'])) for entry in simulator.log()]
    assert all(method == 'GET' for method, dummy, dummy in sent), sent
    assert not [request for request in sent if any(owner in ' '.join(request) for owner in
                                                   (person, workspace, line, location))], sent
    assert [request for request in sent if raw in request[2]], sent
    assert 'matches no Webex person' in run.tasks.named('raw uuid')['result']['msg']


# --- location_id that does not exist, and an empty location ----------------------------------------------------

def test_an_unknown_location_is_an_error_and_an_empty_one_a_warning(simulator, ansible):
    # Webex listings may answer an unknown locationId with an empty list: the run must not take that for "nobody".
    simulator.control('POST', '/_sim/listing', {'unknown_location': 'empty'})
    empty = simulator.control('POST', '/_sim/locations', {'name': 'Empty Site'})['id']
    unknown = webex_id('LOCATION', str(uuid.uuid4()))
    everyone = dict(intercepts=[], everyone=['person', 'workspace', 'virtual_line'], everyone_settings={'enabled': True})
    run = ansible([
        dict(name='everyone unknown', ignore_errors=True,
             **{'webex.calling.webex_intercepts': dict(everyone, location_id=unknown)}),
        dict(name='everyone empty', **{'webex.calling.webex_intercepts': dict(everyone, location_id=empty)}),
        dict(name='named at unknown', ignore_errors=True, **{'webex.calling.webex_intercepts': dict(
            intercepts=[{'person_email': 'alice.anders@example.com', 'enabled': True}], location_id=unknown)}),
        dict(name='info unknown', ignore_errors=True,
             **{'webex.calling.webex_person_intercept_info': dict(location_id=unknown)}),
        dict(name='info empty', **{'webex.calling.webex_workspace_intercept_info': dict(location_id=empty)}),
        {'name': 'listings answer 404', 'ansible.builtin.uri': {
            'url': simulator.base_url + '/_sim/listing', 'method': 'POST', 'body_format': 'json',
            'body': {'unknown_location': 'not_found'}}},
        dict(name='everyone unknown 404', ignore_errors=True,
             **{'webex.calling.webex_intercepts': dict(everyone, location_id=unknown)}),
        dict(name='info unknown 404', ignore_errors=True,
             **{'webex.calling.webex_virtual_line_intercept_info': dict(location_id=unknown)}),
    ])
    unknown_message = 'location_id %s matches no Webex location in this organization' % unknown
    for name in ('everyone unknown', 'named at unknown', 'info unknown', 'everyone unknown 404', 'info unknown 404'):
        task = run.tasks.named(name)
        assert task['status'] == 'failed', (name, task['result'])
        assert unknown_message in task['result']['msg'], (name, task['result']['msg'])
    for name in ('everyone unknown', 'named at unknown', 'everyone unknown 404'):
        assert 'nothing was written' in run.tasks.named(name)['result']['msg']
    task = run.tasks.named('everyone empty')
    assert task['status'] == 'ok' and task['result']['changed'] is False
    assert task['result']['counts']['total'] == 0
    assert ('location_id %s has no people and no workspaces and no virtual lines with Webex Calling' % empty
            in ' '.join(task['result'].get('warnings', [])))
    task = run.tasks.named('info empty')
    assert task['status'] == 'ok' and task['result']['workspaces'] == []
    assert 'location_id %s has no workspaces' % empty in ' '.join(task['result'].get('warnings', []))
    assert not [entry for entry in simulator.log() if entry['method'] != 'GET']


# --- the token endpoint and the access token's expiry -----------------------------------------------------------

def refresh_credentials(simulator):
    info = simulator.control('GET', '/_sim/info')
    return dict(client_id=info['client_id'], client_secret=info['client_secret'], refresh_token=info['refresh_token'])


def test_a_transient_failure_of_the_token_endpoint_is_retried(simulator, ansible):
    simulator.add_faults([{'method': 'POST', 'path': 'access_token$', 'status': 503, 'times': 1},
                          {'method': 'POST', 'path': 'access_token$', 'status': 502, 'times': 1},
                          {'method': 'POST', 'path': 'access_token$', 'status': 429, 'retry_after': '1', 'times': 1}])
    run = ansible([{'name': 'read', 'webex.calling.webex_person_intercept_info': dict(
        person_email='alice.anders@example.com', **refresh_credentials(simulator))}],
        env={'WEBEX_ACCESS_TOKEN': ''})
    task = run.tasks.named('read')
    assert task['status'] == 'ok', task['result'].get('msg')
    grants = [entry['status'] for entry in simulator.log() if entry['path'].endswith('/access_token')]
    assert grants == [503, 502, 429, 200]
    assert simulator.oauth()['grants'] == 1


def test_the_access_token_is_replaced_ahead_of_its_expiry(simulator, ansible):
    # Tokens last 6 s; each request takes at least 0.25 s, one at a time (32 requests): the run outlasts the first
    # token. Each is replaced at half its life (a 14-day token 5 minutes before it expires), 3 s before the server
    # refuses it, so no request is ever refused; without the early refresh a request gets 401 first.
    simulator.oauth(config={'access_token_lifetime': 6})
    simulator.configure(latency=0.25)
    people = calling_people(simulator, 16)
    run = ansible([{'name': 'bulk', 'webex.calling.webex_intercepts': dict(
        intercepts=[{'person_id': person['id']} for person in people], defaults={'enabled': True}, concurrency=1,
        **refresh_credentials(simulator))}], env={'WEBEX_ACCESS_TOKEN': ''})
    task = run.tasks.named('bulk')
    assert task['status'] == 'ok', task['result'].get('msg')
    assert task['result']['counts']['changed'] == len(people)
    log = simulator.log()
    assert not [entry for entry in log if entry['status'] == 401], [(e['method'], e['path']) for e in log]
    grants = [entry for entry in log if entry['path'].endswith('/access_token')]
    assert len(grants) >= 2 and all(entry['status'] == 200 for entry in grants)


# --- the API going down in the middle of a run ------------------------------------------------------------------

TARGETS = 30
CONCURRENCY = 4
WRITTEN = 5
BREAKER_THRESHOLD = 3  # _retry.BREAKER_THRESHOLD
MAX_ATTEMPTS = 6  # _retry.MAX_ATTEMPTS


def test_the_api_going_down_mid_run_stops_the_run_with_one_account(simulator, ansible):
    people = calling_people(simulator, TARGETS)
    # The 30 reads and 5 writes are answered, then every connection is reset.
    simulator.control('POST', '/_sim/outage', {'after': TARGETS + WRITTEN})
    run = ansible([{'name': 'bulk', 'ignore_errors': True, 'webex.calling.webex_intercepts': dict(
        intercepts=[{'person_id': person['id']} for person in people], defaults={'enabled': True},
        concurrency=CONCURRENCY)}])
    result = run.tasks.named('bulk')['result']
    assert run.tasks.named('bulk')['status'] == 'failed'
    log = simulator.log()
    dropped = [entry for entry in log if entry['fault'] == 'down']
    # Without the breaker, each of the 25 targets left is tried 6 times (150 requests, about 80 s of backoff). With
    # it, only the requests in flight and those of the workers' next targets until it opens are tried.
    assert len(dropped) <= (BREAKER_THRESHOLD + CONCURRENCY - 1) * MAX_ATTEMPTS, len(dropped)
    assert len([entry for entry in log if entry['method'] == 'PUT' and entry['status'] == 204]) == WRITTEN
    # One message: why the run stopped, what was written and what was not.
    assert result['msg'].startswith('the API at %s stopped answering: %d requests in a row failed' % (
        simulator.url.rsplit('/v1', 1)[0], BREAKER_THRESHOLD)), result['msg']
    assert '%d of the %d targets were written before that' % (WRITTEN, TARGETS) in result['msg']
    assert '%d failed and were not written' % (TARGETS - WRITTEN) in result['msg']
    assert result['counts']['changed'] == WRITTEN and result['counts']['failed'] == TARGETS - WRITTEN
    # The account matches the server: written targets hold the new settings, the others the old ones.
    for entry in result['intercepts']:
        stored = simulator.get_intercept(entry['id'])
        if entry['written']:
            assert entry['written'] == ['settings'] and entry['changed'] and stored['enabled'] is True
        else:
            assert entry['failed'] and not entry['changed'] and stored['enabled'] is False
            assert entry['after'] == entry['before']
            assert 'connection failed' in entry['error'] or 'not sent: the API at' in entry['error'], entry['error']
    assert len([entry for entry in result['intercepts'] if 'not sent' in (entry['error'] or '')]) >= \
        TARGETS - WRITTEN - (BREAKER_THRESHOLD + CONCURRENCY - 1)
