# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event source's polling against the simulator (in process): paging, de-duplication, the state, failures
(429/5xx, the API down, token expiry, a missing scope, malformed events) and drift mode."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import time

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _event_poller
from ansible_collections.webex.calling.plugins.module_utils._event_poller import EventPoller, FatalEventError
from ansible_collections.webex.calling.plugins.module_utils._events import EventError

EVENTS = '/adminAudit/events'


@pytest.fixture(autouse=True)
def fresh(sim, clock):  # pylint: disable=unused-argument
    """A reseeded simulator, and the fake clock of the client's retries (waits recorded, not slept)."""
    sim.reset()
    yield


def poller(sim, warnings, **args):
    options = dict(access_token=sim.admin_token, api_url=sim.url, lookback=60, overlap=30)
    options.update(args)
    result = EventPoller(options, warn=warnings.append)
    result.start()
    return result


def change(sim, kind, target_id, settings, **extra):
    """A change in Control Hub; returns once the clock is past its millisecond (a window ends before ``to``)."""
    event = sim.control('POST', '/_sim/audit/change', dict(kind=kind, id=target_id, set=settings, **extra))
    time.sleep(0.002)
    return event


def events_reads(sim):
    return [entry for entry in sim.log() if entry['route'] == EVENTS]


def test_paging_and_de_duplication_across_overlapping_windows(sim, monkeypatch, tmp_path):
    monkeypatch.setattr(_event_poller, 'PAGE_SIZE', 2)
    people = sim.people()[:3]
    for person in people:
        change(sim, 'people', person['id'], {'enabled': True})
    warnings = []
    source = poller(sim, warnings, state_file=str(tmp_path / 'state.json'))
    sim.clear_log()
    events = source.poll()
    assert sorted(event['id'] for event in events) == sorted(person['id'] for person in people)
    assert [event['type'] for event in events] == ['change'] * 3 and all(event['kind'] == 'person' for event in events)
    assert len(events_reads(sim)) == 2  # two pages, following Link rel="next"
    assert events_reads(sim)[0]['query']['orgId'] == sim.org_id
    source.commit()
    # The next window overlaps this one: the same events are read again and not repeated.
    assert source.poll() == []
    source.commit()
    # A restart with the state file neither repeats them.
    restarted = poller(sim, warnings, state_file=str(tmp_path / 'state.json'))
    assert restarted.poll() == []
    assert warnings == ['api_url %s uses plain http; this is only accepted because the host is a loopback address'
                        % sim.url] * 2


def test_an_uncommitted_poll_is_repeated_after_a_restart_not_lost(sim, tmp_path):
    person = sim.people()[0]
    state = str(tmp_path / 'state.json')
    source = poller(sim, [], state_file=state)
    source.poll()
    source.commit()
    change(sim, 'people', person['id'], {'enabled': True})
    assert [event['id'] for event in source.poll()] == [person['id']]
    # stopped before commit (the events may not all have reached the queue): the restart gives them again
    restarted = poller(sim, [], state_file=state)
    assert [event['id'] for event in restarted.poll()] == [person['id']]


def test_a_poll_with_nothing_new_costs_one_request(sim):
    source = poller(sim, [])
    source.poll()
    source.commit()
    sim.clear_log()
    assert source.poll() == []
    assert [entry['route'] for entry in sim.log()] == [EVENTS]


def test_rate_limits_wait_retry_after_and_server_errors_are_retried(sim, clock):
    person = sim.people()[0]
    change(sim, 'people', person['id'], {'enabled': True})
    sim.add_faults([{'path': 'adminAudit', 'status': 429, 'retry_after': 7},
                    {'path': 'adminAudit', 'status': 503}])
    warnings = []
    source = poller(sim, warnings)
    assert [event['id'] for event in source.poll()] == [person['id']]
    assert clock.sleeps[0] == 7 and len(clock.sleeps) == 2  # Retry-After of the 429, then a backoff
    assert len(warnings) == 1  # only the plain-http note


def test_the_api_down_for_a_while_loses_no_event(sim):
    people = sim.people()[:2]
    warnings = []
    source = poller(sim, warnings)
    source.poll()
    source.commit()
    sim.add_faults([{'path': 'adminAudit', 'kind': 'reset', 'times': None}])
    change(sim, 'people', people[0]['id'], {'enabled': True})
    assert source.poll() == [] and source.poll() == []
    source.commit()
    down = [warning for warning in warnings if 'polling the admin audit events failed' in warning]
    assert len(down) == 1 and 'no event is lost' in down[0]  # warned once, not at every poll
    sim.clear_faults()
    change(sim, 'people', people[1]['id'], {'enabled': True})
    assert sorted(event['id'] for event in source.poll()) == sorted(person['id'] for person in people)
    assert warnings[-1] == 'polling the admin audit events works again'


def test_a_missing_scope_stops_the_source_naming_it(sim):
    source = poller(sim, [])
    sim.control('POST', '/_sim/audit/config', {'events_read': False})
    with pytest.raises(FatalEventError, match='audit:events_read'):
        source.poll()
        source.poll()


def test_token_expiry_mid_run_is_refreshed_and_never_shown(sim):
    sim.oauth(config={'access_token_max_uses': 2})
    warnings = []
    source = EventPoller(dict(client_id='sim-client-id', client_secret='sim-client-secret',
                              refresh_token='sim-refresh-token', api_url=sim.url, lookback=60), warn=warnings.append)
    source.start()
    person = sim.people()[0]
    seen = []
    for dummy in range(4):
        change(sim, 'people', person['id'], {'enabled': not seen})
        seen.extend(source.poll())
        source.commit()
    assert len(seen) == 4 and sim.oauth()['grants'] >= 2
    issued = sim.oauth()['issued_access_tokens']
    text = json.dumps(seen) + ' '.join(warnings)
    assert not any(token in text for token in issued + ['sim-client-secret', 'sim-refresh-token'])


def test_malformed_events_are_skipped_with_a_warning_naming_them(sim):
    person = sim.people()[0]
    warnings = []
    source = poller(sim, warnings)
    sim.control('POST', '/_sim/audit/events', {'items': [
        {'id': 'broken-1', 'created': source.clock().strftime('%Y-%m-%dT%H:%M:%S.000Z'), 'data': 'oops'},
        {'id': 'broken-2', 'created': 'not a time', 'data': {'targetId': person['id']}}]})
    change(sim, 'people', person['id'], {'enabled': True})
    assert [event['id'] for event in source.poll()] == [person['id']], warnings
    assert 'audit event broken-1 skipped: it has no data object' in warnings


def test_own_changes_are_left_out(sim):
    person = sim.people()[0]
    source = poller(sim, [])
    client = source.client
    client.put('/people/%s/features/intercept' % person['id'], {'enabled': True})
    change(sim, 'people', person['id'], {'enabled': False})
    assert [event['actor']['email'] for event in source.poll()] == ['hub-admin@example.com']
    assert len(sim.control('GET', '/_sim/audit/events')) == 2
    assert source.own_actor == client.get('/people/me')['id']


def test_drift_mode_reads_only_the_changed_target_and_reports_the_difference(sim):
    people = sim.people()
    drifted, excepted, matching = people[0], people[1], people[2]
    baseline = dict(baseline={'enabled': False, 'incoming': {'type': 'INTERCEPT_ALL'}},
                    exceptions=[dict(email=excepted['emails'][0], enabled=True)])
    sim.clear_log()
    source = poller(sim, [], baseline=baseline)
    # the exception's email is looked up once, at start
    assert [entry['route'] for entry in sim.log()] == ['/people/me', '/people']
    change(sim, 'people', drifted['id'], {'enabled': True, 'incoming': {'type': 'ALLOW_ALL'}})
    change(sim, 'people', excepted['id'], {'enabled': True, 'incoming': {'type': 'INTERCEPT_ALL'}})
    change(sim, 'people', matching['id'], {'enabled': False, 'incoming': {'type': 'INTERCEPT_ALL'}})
    sim.clear_log()
    events = source.poll()
    assert [entry['route'] for entry in sim.log()][0] == EVENTS
    read = [entry['path'] for entry in sim.log()[1:]]
    assert sorted(read) == sorted('/v1/people/%s/features/intercept' % person['id']
                                  for person in (drifted, excepted, matching))
    assert len(events) == 1
    event = events[0]
    assert event['type'] == 'drift' and event['id'] == drifted['id'] and event['kind'] == 'person'
    assert event['settings'] == ['enabled', 'incoming.type']
    assert event['differences'] == {'enabled': False, 'incoming': {'type': 'INTERCEPT_ALL'}}
    assert event['current'] == {'enabled': True, 'incoming': {'type': 'ALLOW_ALL'}}
    assert event['remediation'] == dict(person_id=drifted['id'], display_name=drifted['displayName'], enabled=False,
                                        incoming={'type': 'INTERCEPT_ALL'})
    assert event['actor']['email'] == 'hub-admin@example.com' and event['raw']['data']['targetId'] == drifted['id']


def test_drift_sweep_catches_changes_without_an_event_and_is_off_by_default(sim):
    person = sim.people()[0]
    change(sim, 'people', person['id'], {'enabled': True}, record=False)
    quiet = poller(sim, [], baseline={'baseline': {'enabled': False}}, kinds=['person'])
    assert quiet.poll() == []
    sweeping = poller(sim, [], baseline={'baseline': {'enabled': False}}, kinds=['person'], sweep_interval=3600)
    drift = sweeping.poll()
    assert person['id'] in [event['id'] for event in drift]
    assert set(event['source'] for event in drift) == {'sweep'}
    assert sweeping.poll() == []  # not again before sweep_interval


@pytest.mark.parametrize('args, message', [
    (dict(interval=0), 'interval must be between 1 and 3600'),
    (dict(intervall=5), 'unknown option intervall'),
    (dict(kinds=['room']), "kinds: 'room' is not one of"),
    (dict(baseline={'baseline': {'enabled': 'maybe'}}), 'baseline.baseline.enabled'),
    (dict(baseline={'baseline': {}}), 'baseline has no settings'),
    (dict(baseline={'baseline': {'enabled': False}, 'exceptions': [{'enabled': True}]}), 'baseline.exceptions[0]'),
    (dict(state_file='/nonexistent-dir/state.json'), 'the directory /nonexistent-dir does not exist'),
    (dict(access_token=None), 'no Webex credentials'),
])
def test_bad_options_are_errors_naming_them_before_any_request(sim, monkeypatch, args, message):
    monkeypatch.delenv('WEBEX_ACCESS_TOKEN', raising=False)
    sim.clear_log()
    options = dict(access_token=sim.admin_token, api_url=sim.url)
    options.update(args)
    with pytest.raises(EventError) as info:
        EventPoller(options, warn=lambda text: None)
    assert message in str(info.value)
    assert sim.log() == []


def test_read_changes_is_one_paged_query_and_a_missing_scope_is_a_warning(sim, monkeypatch):
    from ansible_collections.webex.calling.plugins.module_utils._client import WebexClient
    monkeypatch.setattr(_event_poller, 'PAGE_SIZE', 1)
    people = sim.people()[:2]
    for person in people:
        change(sim, 'people', person['id'], {'enabled': True})
    client = WebexClient(sim.admin_token, sim.url)
    sim.clear_log()
    changes, period, warning = _event_poller.read_changes(client, None, 1, ('person',))
    assert warning is None and sorted(item['id'] for item in changes) == sorted(person['id'] for person in people)
    assert [entry['route'] for entry in sim.log()] == ['/people/me', EVENTS, EVENTS]  # one query, two pages
    assert set(period) == {'from', 'to'} and 'raw' not in changes[0]
    sim.control('POST', '/_sim/audit/config', {'events_read': False})
    changes, period, warning = _event_poller.read_changes(client, sim.org_id, 1, ('person',))
    assert changes == [] and 'lacks the scope audit:events_read' in warning


def test_a_refused_read_of_a_target_names_the_read_scope_not_the_events_scope(sim):
    person = sim.people()[0]
    source = poller(sim, [], baseline={'baseline': {'enabled': False}})
    change(sim, 'people', person['id'], {'enabled': True})
    sim.add_faults([{'path': 'features/intercept', 'status': 403}])
    with pytest.raises(FatalEventError) as info:
        source.poll()
    assert 'spark-admin:people_read' in str(info.value) and 'audit:events_read' not in str(info.value)


def test_the_api_down_at_start_is_an_error_to_try_again_not_a_fatal_one(sim):
    sim.add_faults([{'path': 'people/me', 'kind': 'reset', 'times': None}])
    source = EventPoller(dict(access_token=sim.admin_token, api_url=sim.url), warn=lambda text: None)
    with pytest.raises(EventError) as info:
        source.start()
    assert not isinstance(info.value, FatalEventError)
    sim.clear_faults()
    source.start()
    assert source.org_id == sim.org_id
