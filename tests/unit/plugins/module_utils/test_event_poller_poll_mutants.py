# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event source's polling held exactly, against the simulator (in process) with an injected clock: who the
token is at start, the window of each poll and the state written at commit, the failure warnings, the drift events'
fields and order, the exceptions' look-up and the sweep."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json
import os
import re
import time

import pytest

from ansible_collections.webex.calling.plugins.module_utils._event_poller import EventPoller, FatalEventError
from ansible_collections.webex.calling.plugins.module_utils._events import UTC, EventError, format_time, parse_time
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS

EVENTS = '/adminAudit/events'
INTERCEPT = '/features/intercept'
DRIFT_KEYS = {'type', 'kind', 'id', 'name', 'org_id', 'actor', 'time', 'settings', 'details', 'differences',
              'current', 'wanted', 'remediation'}


@pytest.fixture(autouse=True)
def fresh(sim, clock):  # pylint: disable=unused-argument
    """A reseeded simulator, and the fake clock of the client's retries (waits recorded, not slept)."""
    sim.reset()
    yield


class Clock:
    """The poller's clock: the time a test sets."""

    def __init__(self, moment=None):
        self.moment = moment or datetime.datetime.now(UTC).replace(microsecond=0)

    def __call__(self):
        return self.moment

    def advance(self, seconds):
        self.moment += datetime.timedelta(seconds=seconds)


def poller(sim, warnings, clock=None, start=True, **args):
    options = dict(access_token=sim.admin_token, api_url=sim.url, lookback=60, overlap=30)
    options.update(args)
    result = EventPoller(options, warn=warnings.append, clock=clock)
    if start:
        result.start()
    return result


def change(sim, kind, target_id, settings, **extra):
    """A change in Control Hub; the raw audit event it produced (None with record=False)."""
    return sim.control('POST', '/_sim/audit/change', dict(kind=kind, id=target_id, set=settings, **extra))


def after(raw, seconds):
    """A moment ``seconds`` after an event was created (a poll's clock that sees it)."""
    return parse_time(raw['created']) + datetime.timedelta(seconds=seconds)


def routes(sim):
    return [entry['route'] for entry in sim.log()]


def requests_to(sim, part):
    return [entry for entry in sim.log() if part in entry['path']]


def api_warnings(warnings):
    return [warning for warning in warnings if 'plain http' not in warning]


def read_state(path):
    with open(path, encoding='utf-8') as handle:
        return json.load(handle)


# -- start -----------------------------------------------------------------------------------------------------------

def test_org_id_given_still_reads_people_me_to_leave_own_changes_out(sim):
    sim.clear_log()
    source = poller(sim, [], org_id=sim.org_id)
    assert routes(sim) == ['/people/me']
    assert source.own_actor == source.client.get('/people/me')['id'] and source.org_id == sim.org_id


def test_org_id_given_and_own_changes_kept_makes_no_request_at_start(sim):
    sim.clear_log()
    source = poller(sim, [], org_id=sim.org_id, ignore_own_changes=False)
    assert sim.log() == [] and source.own_actor is None and source.org_id == sim.org_id


def test_without_org_id_the_token_organization_is_read_and_events_without_actor_are_kept(sim):
    person = sim.people()[0]
    sim.clear_log()
    clock = Clock()
    source = poller(sim, [], clock=clock, ignore_own_changes=False)
    assert routes(sim) == ['/people/me'] and source.org_id == sim.org_id and source.own_actor is None
    raw = change(sim, 'people', person['id'], {'enabled': True})
    anonymous = dict((key, value) for key, value in raw.items() if key != 'actorId')
    anonymous['id'] = 'no-actor-1'
    sim.control('POST', '/_sim/audit/events', {'items': [anonymous]})
    clock.moment = after(raw, 1)
    events = source.poll()
    assert sorted(event['event_id'] for event in events) == sorted([raw['id'], 'no-actor-1'])
    assert [event['actor']['id'] for event in events if event['event_id'] == 'no-actor-1'] == [None]


class NoOrgClient:
    """A client whose GET /people/me answers no orgId."""

    def __init__(self):
        self.paths = []

    def get(self, path, params=None):
        self.paths.append(path)
        return {'id': 'me-without-org'}


def test_people_me_without_an_org_id_stops_the_source_naming_the_option(sim):
    client = NoOrgClient()
    source = EventPoller(dict(access_token='token'), warn=lambda text: None, client=client)
    with pytest.raises(FatalEventError) as info:
        source.start()
    assert str(info.value) == 'org_id is not set and GET /people/me gave no orgId: set org_id'
    assert client.paths == ['/people/me']


def test_people_me_not_found_stops_the_source_saying_the_organization_was_not_read(sim):
    sim.add_faults([{'path': 'people/me', 'status': 404}])
    source = poller(sim, [], start=False)
    with pytest.raises(FatalEventError) as info:
        source.start()
    assert str(info.value).startswith("the token's organization could not be read: ") and '404' in str(info.value)


def test_a_state_of_another_organization_is_moved_aside_with_a_warning(sim, tmp_path):
    path = str(tmp_path / 'state.json')
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(dict(version=1, org_id='another-org', watermark='2024-01-01T00:00:00.000Z', seen={}), handle)
    warnings = []
    source = poller(sim, warnings, state_file=path)
    assert source.watermark is None and os.path.exists(path + '.corrupt') and not os.path.exists(path)
    assert api_warnings(warnings) == [
        'state_file %s was not a state of this event source (it is the state of organization another-org): it was '
        'moved to %s.corrupt, and events are read from the lookback period as at a first start' % (path, path)]


# -- the window and commit -------------------------------------------------------------------------------------------

def test_first_start_without_lookback_reads_nothing_and_commit_writes_the_window_end(sim, tmp_path):
    path = str(tmp_path / 'state.json')
    clock = Clock()
    warnings = []
    source = poller(sim, warnings, clock=clock, lookback=0, state_file=path)
    sim.clear_log()
    assert source.poll() == [] and sim.log() == []
    source.commit()
    assert source.watermark == clock.moment
    assert read_state(path) == dict(version=1, org_id=sim.org_id, watermark=format_time(clock.moment), seen={})
    source.commit()  # nothing pending: no-op
    assert read_state(path)['watermark'] == format_time(clock.moment)
    first = clock.moment
    clock.advance(10)
    assert source.poll() == []
    assert [(entry['query']['from'], entry['query']['to']) for entry in requests_to(sim, EVENTS)] == [
        (format_time(first - datetime.timedelta(seconds=30)), format_time(clock.moment))]
    assert api_warnings(warnings) == []


def test_commit_forgets_seen_events_exactly_one_second_past_the_overlap(sim, tmp_path):
    person = sim.people()[0]
    path = str(tmp_path / 'state.json')
    clock = Clock()
    source = poller(sim, [], clock=clock, state_file=path, overlap=30)
    raw = change(sim, 'people', person['id'], {'enabled': True})
    created = parse_time(raw['created'])
    clock.moment = after(raw, 0.1)
    assert [event['event_id'] for event in source.poll()] == [raw['id']]
    source.commit()
    assert read_state(path)['seen'] == {raw['id']: format_time(created)}
    clock.moment = after(raw, 30.5)  # created 30.5 s before the end: still in the next window's overlap
    assert source.poll() == []
    source.commit()
    assert read_state(path)['seen'] == {raw['id']: format_time(created)}
    clock.moment = after(raw, 31.5)  # more than overlap + 1 s before the end: forgotten
    assert source.poll() == []
    source.commit()
    assert read_state(path) == dict(version=1, org_id=sim.org_id, watermark=format_time(clock.moment), seen={})


def test_a_state_that_cannot_be_written_is_warned_about(sim, tmp_path):
    path = str(tmp_path / 'state.json')
    warnings = []
    source = poller(sim, warnings, state_file=path)
    source.poll()
    os.mkdir(path)
    source.commit()
    assert len(api_warnings(warnings)) == 1
    assert api_warnings(warnings)[0].startswith('state_file %s cannot be written (' % path)


# -- polling ---------------------------------------------------------------------------------------------------------

def test_categories_are_sent_comma_separated(sim):
    source = poller(sim, [], categories=['USERS', 'SETTINGS'])
    sim.clear_log()
    source.poll()
    assert [entry['query']['eventCategories'] for entry in requests_to(sim, EVENTS)] == ['USERS,SETTINGS']


def test_refused_credentials_stop_the_source(sim):
    source = poller(sim, [])
    sim.add_faults([{'path': 'adminAudit', 'status': 401}])
    with pytest.raises(FatalEventError) as info:
        source.poll()
    assert str(info.value).startswith('the API refused the credentials: ') and '401' in str(info.value)


def test_each_outage_is_warned_once_with_the_error_and_its_end_once(sim):
    warnings = []
    source = poller(sim, warnings, interval=45)
    sim.add_faults([{'path': 'adminAudit', 'status': 400, 'times': None}])
    assert source.poll() == []
    down = api_warnings(warnings)
    prefix = ('polling the admin audit events failed, trying again in 45 seconds; the next poll reads from where the '
              'last one that worked ended, so no event is lost: ')
    assert len(down) == 1 and down[0].startswith(prefix) and 'HTTP 400: Bad Request' in down[0][len(prefix):]
    assert source.poll() == [] and len(api_warnings(warnings)) == 1
    sim.clear_faults()
    assert source.poll() == []
    assert api_warnings(warnings)[1:] == ['polling the admin audit events works again']
    sim.add_faults([{'path': 'adminAudit', 'status': 400, 'times': None}])
    assert source.poll() == []
    again = api_warnings(warnings)[2:]
    assert len(again) == 1 and again[0].startswith(prefix) and 'HTTP 400: Bad Request' in again[0][len(prefix):]


# -- drift -----------------------------------------------------------------------------------------------------------

BASELINE = {'baseline': {'enabled': False}}


def test_drift_events_come_oldest_first_whatever_their_ids(sim):
    people = sorted(sim.people()[:2], key=lambda person: person['id'], reverse=True)
    clock = Clock()
    source = poller(sim, [], clock=clock, baseline=BASELINE)
    raws = []
    for person in people:
        time.sleep(0.002)  # each change in its own millisecond: events created in the same one have no order
        raws.append(change(sim, 'people', person['id'], {'enabled': True}))
    assert raws[0]['created'] < raws[1]['created']
    clock.moment = after(raws[-1], 1)
    sim.clear_log()
    events = source.poll()
    assert [event['id'] for event in events] == [person['id'] for person in people]
    assert [event['event_id'] for event in events] == [raw['id'] for raw in raws]
    reads = requests_to(sim, INTERCEPT)
    assert len(reads) == 2 and all(entry['query'].get('orgId') == sim.org_id for entry in reads)


def test_a_target_without_intercept_any_more_is_warned_about_and_the_others_reported(sim):
    people = sim.people()[:2]
    clock = Clock()
    warnings = []
    source = poller(sim, warnings, clock=clock, baseline=BASELINE)
    raws = [change(sim, 'people', person['id'], {'enabled': True}) for person in people]
    clock.moment = after(raws[-1], 1)
    sim.add_faults([{'path': re.escape(people[0]['id']) + INTERCEPT, 'status': 404}])
    events = source.poll()
    assert [event['id'] for event in events] == [people[1]['id']]
    gone = api_warnings(warnings)
    prefix = 'the person %s of audit event %s has no call intercept any more: ' % (people[0]['id'], raws[0]['id'])
    assert len(gone) == 1 and gone[0].startswith(prefix) and '404' in gone[0][len(prefix):]


def test_the_greeting_on_the_server_is_compared_by_its_file_name(sim):
    person = sim.people()[0]
    clock = Clock()
    source = poller(sim, [], clock=clock, baseline={'baseline': {'enabled': True, 'incoming': {
        'announcements': {'greeting': 'CUSTOM', 'greeting_file': 'greetings/closed.wav'}}}})
    raw = change(sim, 'people', person['id'], {'enabled': True, 'incoming': {'announcements': {
        'greeting': 'CUSTOM', 'fileName': 'closed.wav'}}})
    clock.moment = after(raw, 1)
    assert source.poll() == []
    source.commit()
    raw = change(sim, 'people', person['id'], {'incoming': {'announcements': {'fileName': 'open.wav'}}})
    clock.moment = after(raw, 1)
    assert [event['details'] for event in source.poll()] == [[dict(
        setting='incoming.announcements.greeting_file', expected='closed.wav', actual='open.wav')]]


def test_a_workspace_exception_by_name_is_looked_up_once_and_applied(sim):
    workspaces = sim.workspaces()[:2]
    excepted, drifted = workspaces
    baseline = dict(baseline={'enabled': False},
                    exceptions=[dict(workspace_name=excepted['displayName'], enabled=True)])
    clock = Clock()
    sim.clear_log()
    source = poller(sim, [], clock=clock, baseline=baseline, kinds=['workspace'])
    lookups = [entry for entry in sim.log() if entry['route'] != '/people/me']
    assert len(lookups) >= 1 and all('/workspaces' in entry['path'] for entry in lookups)
    assert all(entry['query'].get('orgId') == sim.org_id for entry in lookups)
    raws = [change(sim, 'workspaces', workspace['id'], {'enabled': True}) for workspace in workspaces]
    clock.moment = after(raws[-1], 1)
    sim.clear_log()
    events = source.poll()
    assert [(event['kind'], event['id'], event['name']) for event in events] == [
        ('workspace', drifted['id'], drifted['displayName'])]
    assert events[0]['remediation'] == dict(workspace_id=drifted['id'], display_name=drifted['displayName'],
                                            enabled=False)
    assert len(requests_to(sim, INTERCEPT)) == 2


def test_an_exception_by_id_needs_no_look_up(sim):
    person = sim.people()[0]
    sim.clear_log()
    exceptions = [dict(person_id=person['id'], enabled=True)]
    poller(sim, [], baseline=dict(baseline={'enabled': False}, exceptions=exceptions))
    assert routes(sim) == ['/people/me']


def test_an_exception_matching_nobody_stops_the_source_naming_its_index(sim):
    person = sim.people()[0]
    baseline = dict(baseline={'enabled': False}, exceptions=[dict(email=person['emails'][0], enabled=True),
                                                             dict(email='nobody@example.com', enabled=True)])
    source = poller(sim, [], start=False, baseline=baseline)
    with pytest.raises(FatalEventError) as info:
        source.start()
    assert str(info.value).startswith(
        'baseline.exceptions[1]: person_email nobody@example.com matches no Webex person ')


@pytest.mark.parametrize('fault, fatal', [
    ({'status': 404}, True),
    ({'status': 400}, True),
    ({'status': 500, 'times': None}, False),
])
def test_an_exception_that_cannot_be_looked_up_is_an_error_naming_it(sim, fault, fatal):
    person = sim.people()[0]
    baseline = dict(baseline={'enabled': False}, exceptions=[dict(email=person['emails'][0], enabled=True)])
    source = poller(sim, [], start=False, baseline=baseline)
    sim.add_faults([dict(fault, path='/v1/people$')])
    with pytest.raises(EventError) as info:
        source.start()
    assert isinstance(info.value, FatalEventError) is fatal
    text = str(info.value)
    prefix = 'baseline.exceptions[0] could not be looked up: '
    assert text.startswith(prefix) and str(fault['status']) in text[len(prefix):]


# -- drift_event -----------------------------------------------------------------------------------------------------

def direct(sim):
    clock = Clock()
    wanted = {'enabled': False, 'incoming': {'type': 'INTERCEPT_ALL'}}
    source = poller(sim, [], clock=clock, baseline={'baseline': wanted})
    return source, clock


def entry_of(person, name, enabled=True):
    return dict(person_id=person['id'], display_name=name,
                intercept={'enabled': enabled, 'incoming': {'type': 'INTERCEPT_ALL'}}, greeting_file_name='')


def test_drift_event_of_a_target_read_without_audit_event(sim):
    person = sim.people()[0]
    source, clock = direct(sim)
    event = source.drift_event(OWNERS['person'], entry_of(person, 'Read Name'))
    assert event == dict(
        type='drift', kind='person', id=person['id'], name='Read Name', org_id=sim.org_id, actor=None,
        time=format_time(clock.moment), settings=['enabled'],
        details=[dict(setting='enabled', expected=False, actual=True)],
        differences={'enabled': False}, current={'enabled': True},
        wanted={'enabled': False, 'incoming': {'type': 'INTERCEPT_ALL'}},
        remediation=dict(person_id=person['id'], display_name='Read Name', enabled=False,
                         incoming={'type': 'INTERCEPT_ALL'}))
    assert source.drift_event(OWNERS['person'], entry_of(person, 'Read Name', enabled=False)) is None


@pytest.mark.parametrize('event_name, read_name, name', [
    ('Event Name', 'Read Name', 'Event Name'),
    ('Event Name', None, 'Event Name'),
    (None, 'Read Name', 'Read Name'),
])
def test_drift_event_names_the_target_from_the_event_else_from_the_read(sim, event_name, read_name, name):
    person = sim.people()[0]
    source, dummy = direct(sim)
    audit = dict(type='change', name=event_name, actor={'id': 'a'}, time='2024-01-01T00:00:00.000Z', event_id='e1')
    event = source.drift_event(OWNERS['person'], entry_of(person, read_name), audit)
    assert (event['name'], event['remediation']['display_name']) == (name, name)
    assert (event['type'], event['actor'], event['time'], event['event_id']) == (
        'drift', {'id': 'a'}, '2024-01-01T00:00:00.000Z', 'e1')


# -- the sweep -------------------------------------------------------------------------------------------------------

def sweeper(sim, clock, **args):
    return poller(sim, [], clock=clock, baseline=BASELINE, sweep_interval=100, **args)


def test_a_first_start_sweeps_at_once_and_not_again_within_the_interval(sim):
    person = sim.people()[0]
    change(sim, 'people', person['id'], {'enabled': True}, record=False)
    clock = Clock()
    source = sweeper(sim, clock, lookback=0, kinds=['person'])
    sim.clear_log()
    events = source.poll()
    swept = sorted(event['id'] for event in events)
    assert person['id'] in swept and set(event['source'] for event in events) == {'sweep'}
    assert EVENTS not in routes(sim)
    source.commit()
    clock.advance(99)
    sim.clear_log()
    assert source.poll() == [] and routes(sim) == [EVENTS]
    clock.advance(1)  # sweep_interval seconds after the last sweep: again
    sim.clear_log()
    assert sorted(event['id'] for event in source.poll()) == swept
    assert routes(sim)[0] == EVENTS and len(requests_to(sim, INTERCEPT)) >= 1


def test_the_sweep_reads_only_the_kinds_watched_with_the_organization(sim):
    workspace = sim.workspaces()[0]
    change(sim, 'workspaces', workspace['id'], {'enabled': True}, record=False)
    clock = Clock()
    source = sweeper(sim, clock, kinds=['workspace'])
    sim.clear_log()
    events = [event for event in source.poll() if event['id'] == workspace['id']]
    assert len(events) == 1
    assert set(events[0]) == DRIFT_KEYS | {'source'}
    assert (events[0]['type'], events[0]['source'], events[0]['kind'], events[0]['id'], events[0]['name']) == (
        'drift', 'sweep', 'workspace', workspace['id'], workspace['displayName'])
    expected = (None, format_time(clock.moment), sim.org_id)
    assert (events[0]['actor'], events[0]['time'], events[0]['org_id']) == expected
    others = [entry for entry in sim.log() if entry['route'] != EVENTS]
    assert others and all('/workspaces' in entry['path'] for entry in others)
    assert all(entry['query'].get('orgId') == sim.org_id for entry in others)


def test_a_refused_read_in_the_sweep_stops_the_source(sim):
    person = sim.people()[0]
    source = sweeper(sim, Clock(), kinds=['person'])
    sim.add_faults([{'path': re.escape(person['id']) + INTERCEPT, 'status': 403}])
    with pytest.raises(FatalEventError) as info:
        source.poll()
    assert 'spark-admin:people_read' in str(info.value)
