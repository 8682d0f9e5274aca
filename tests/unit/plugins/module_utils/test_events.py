# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure part of the event source: polling window, de-duplication, state file, target kinds, normalised events."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import datetime
import json
import os

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _events
from ansible_collections.webex.calling.plugins.module_utils._events import (
    EventError,
    MalformedEvent,
    Seen,
    check_kinds,
    check_state_path,
    format_time,
    kind_of,
    kind_of_id,
    load_state,
    normalize,
    parse_time,
    save_state,
    select,
    window,
)

NOW = datetime.datetime(2026, 12, 4, 9, 5, 0, 123000, tzinfo=datetime.timezone.utc)
ORG = 'org-1'


def webex_id(kind, value='3d9a2f10-5e6b-4c7d-8e9f-000000001001', padded=False):
    text = base64.b64encode(('ciscospark://us/%s/%s' % (kind, value)).encode()).decode()
    return text if padded else text.rstrip('=')


def audit_item(event_id='e1', created='2026-12-04T09:01:12.345Z', target_id=None, target_type='User', actor='a1',
               **data):
    body = dict(targetId=target_id or webex_id('PEOPLE'), targetType=target_type, targetName='Alice',
                targetOrgId=ORG, eventCategory='USERS', eventDescription='Call intercept settings updated',
                actorName='Ana', actorEmail='ana@example.com')
    body.update(data)
    return dict(id=event_id, created=created, actorId=actor, actorOrgId=ORG, data=body)


# --- window arithmetic -------------------------------------------------------------------------------------------

def test_first_window_reaches_back_the_lookback_and_ends_now():
    assert window(NOW, None, overlap=300, lookback=60) == (NOW - datetime.timedelta(seconds=60), NOW)


def test_first_window_without_lookback_is_empty():
    start, end = window(NOW, None, overlap=300, lookback=0)
    assert start == end == NOW


def test_next_window_overlaps_the_last_one():
    watermark = NOW - datetime.timedelta(seconds=5)
    assert window(NOW, watermark, overlap=120, lookback=0) == (watermark - datetime.timedelta(seconds=120), NOW)


def test_window_after_a_long_outage_spans_at_most_a_year():
    start, end = window(NOW, NOW - datetime.timedelta(days=800), overlap=60, lookback=0)
    assert end - start == _events.MAX_SPAN


def test_window_never_starts_after_it_ends():
    # A watermark in the future (a clock set back) gives an empty window, not a reversed one.
    start, end = window(NOW, NOW + datetime.timedelta(seconds=30), overlap=10, lookback=0)
    assert start == end == NOW


def test_window_rejects_negative_periods():
    with pytest.raises(EventError, match='overlap and lookback'):
        window(NOW, None, overlap=-1, lookback=0)


def test_times_round_trip_with_milliseconds_and_z():
    assert format_time(NOW) == '2026-12-04T09:05:00.123Z'
    assert parse_time('2026-12-04T09:05:00.123Z') == NOW
    assert parse_time('2026-12-04T10:05:00.123+01:00') == NOW
    assert parse_time('2026-12-04T09:05:00.123') == NOW
    with pytest.raises(ValueError):
        parse_time('yesterday')


# --- de-duplication ------------------------------------------------------------------------------------------------

def test_events_in_the_overlap_of_two_windows_are_new_once():
    seen = Seen()
    first = [dict(id='e1', time='2026-12-04T09:01:00.000Z'), dict(id='e2', time='2026-12-04T09:02:00.000Z')]
    second = [dict(id='e2', time='2026-12-04T09:02:00.000Z'), dict(id='e3', time='2026-12-04T09:03:00.000Z')]
    assert [event['id'] for event in seen.fresh(first)] == ['e1', 'e2']
    assert [event['id'] for event in seen.fresh(second)] == ['e3']
    assert seen.fresh(first + second) == []


def test_prune_forgets_only_what_no_later_window_reaches():
    seen = Seen({'old': '2026-12-04T08:00:00.000Z', 'new': '2026-12-04T09:04:00.000Z', 'bad': 'not a time'})
    seen.prune(NOW - datetime.timedelta(minutes=5))
    assert seen.ids == {'new': '2026-12-04T09:04:00.000Z'}


# --- state file ----------------------------------------------------------------------------------------------------

def test_missing_state_is_a_first_start(tmp_path):
    assert load_state(str(tmp_path / 'state.json'), ORG)[0] is None
    watermark, seen, warning = load_state(None, ORG)
    assert watermark is None and seen.ids == {} and warning is None


def test_state_round_trips_and_is_written_atomically(tmp_path):
    path = str(tmp_path / 'state.json')
    save_state(path, NOW, Seen({'e1': '2026-12-04T09:01:00.000Z'}), ORG)
    watermark, seen, warning = load_state(path, ORG)
    assert (watermark, seen.ids, warning) == (NOW, {'e1': '2026-12-04T09:01:00.000Z'}, None)
    assert os.listdir(str(tmp_path)) == ['state.json']  # no temporary file left behind
    assert json.loads(open(path).read())['org_id'] == ORG


@pytest.mark.parametrize('content, why', [
    ('{"version": 1, "watermark": "2026-', 'it is not JSON'),
    ('[]', 'no version 1 state'),
    ('{"version": 1, "org_id": "org-1", "watermark": "soon", "seen": {}}', 'watermark is not a date and time'),
    ('{"version": 1, "org_id": "org-1", "watermark": null, "seen": []}', 'seen is not a map'),
    ('{"version": 1, "org_id": "org-2", "watermark": null, "seen": {}}', 'it is the state of organization org-2'),
])
def test_corrupt_state_is_moved_aside_with_a_warning_and_no_crash_loop(tmp_path, content, why):
    path = tmp_path / 'state.json'
    path.write_text(content)
    watermark, seen, warning = load_state(str(path), ORG)
    assert watermark is None and seen.ids == {}
    assert why in warning and str(path) + '.corrupt' in warning and 'lookback' in warning
    assert (tmp_path / 'state.json.corrupt').read_text() == content and not path.exists()
    # The next start (a restart) finds no state and starts cleanly: it does not fail again and again.
    watermark, seen, warning = load_state(str(path), ORG)
    assert (watermark, seen.ids, warning) == (None, {}, None)


def test_unwritable_state_is_a_clear_error(tmp_path):
    blocker = tmp_path / 'a-file'
    blocker.write_text('')
    with pytest.raises(EventError, match='state_file .*a-file/state.json cannot be written .*directory the event '
                                         'source may write'):
        save_state(str(blocker / 'state.json'), NOW, Seen(), ORG)
    with pytest.raises(EventError, match='the directory .*missing does not exist; create it'):
        check_state_path(str(tmp_path / 'missing' / 'state.json'))
    with pytest.raises(EventError, match='is a directory'):
        check_state_path(str(tmp_path))
    check_state_path(str(tmp_path / 'state.json'))
    check_state_path(None)


# --- the kind of a target ------------------------------------------------------------------------------------------

@pytest.mark.parametrize('prefix, kind', [
    ('PEOPLE', 'person'), ('PLACES', 'workspace'), ('PLACE', 'workspace'), ('VIRTUAL_PROFILE', 'virtual_line'),
    ('LOCATION', 'location'), ('ORGANIZATION', None), ('LICENSE', None),
])
def test_kind_comes_from_the_id(prefix, kind):
    assert kind_of_id(webex_id(prefix)) == kind
    assert kind_of_id(webex_id(prefix, padded=True)) == kind


def test_urlsafe_ids_and_things_that_are_not_ids():
    value = 'a?>b'  # base64 of this has + or / in the standard alphabet
    assert kind_of_id(webex_id('PEOPLE', value).replace('+', '-').replace('/', '_')) == 'person'
    for text in ('', None, 'not base64 at all!', base64.b64encode(b'https://example.com/PEOPLE/x').decode(), 42):
        assert kind_of_id(text) is None


def test_kind_falls_back_to_the_target_type_never_the_description():
    assert kind_of({'targetId': 'opaque', 'targetType': 'Virtual Line'}) == 'virtual_line'
    assert kind_of({'targetId': 'opaque', 'targetType': 'PLACE'}) == 'workspace'
    assert kind_of({'targetId': 'opaque', 'targetType': 'Meeting',
                    'eventDescription': 'person call intercept changed'}) is None
    # the ID wins over a type that says otherwise
    assert kind_of({'targetId': webex_id('LOCATION'), 'targetType': 'User'}) == 'location'


# --- the normalised event and the filter ---------------------------------------------------------------------------

def test_normalized_event_has_what_a_rulebook_needs():
    event = normalize(audit_item(created='2026-12-04T10:01:12.345+01:00'))
    assert event['type'] == 'change' and event['kind'] == 'person' and event['id'] == webex_id('PEOPLE')
    assert event['name'] == 'Alice' and event['org_id'] == ORG and event['time'] == '2026-12-04T09:01:12.345Z'
    assert event['actor'] == dict(id='a1', name='Ana', email='ana@example.com', org_id=ORG)
    assert event['event_id'] == 'e1' and event['category'] == 'USERS'
    assert event['raw'] == audit_item(created='2026-12-04T10:01:12.345+01:00')


@pytest.mark.parametrize('item, why', [
    (dict(created='2026-12-04T09:01:12.345Z', data={'targetId': 'x'}), '(no id) skipped: it has no id'),
    (dict(id='e9', created='2026-12-04T09:01:12.345Z'), 'e9 skipped: it has no data object'),
    (dict(id='e9', created='last week', data={'targetId': 'x'}), 'e9 skipped: created is not a date'),
    (dict(id='e9', created='2026-12-04T09:01:12.345Z', data={'targetName': 'x'}), 'e9 skipped: data.targetId'),
    ('not an object', '(no id) skipped'),
])
def test_malformed_events_name_their_id(item, why):
    with pytest.raises(MalformedEvent) as info:
        normalize(item)
    assert why in str(info.value)


def test_select_keeps_the_kinds_wanted_oldest_first_and_warns_about_malformed_ones():
    items = [
        audit_item('e3', '2026-12-04T09:03:00.000Z', target_id=webex_id('PLACES'), target_type='Place'),
        audit_item('e1', '2026-12-04T09:01:00.000Z'),
        audit_item('e2', '2026-12-04T09:02:00.000Z', target_id='opaque', target_type='Group'),
        dict(id='bad', created='2026-12-04T09:02:00.000Z'),
        audit_item('e4', '2026-12-04T09:04:00.000Z', actor='me'),
        audit_item('e5', '2026-12-04T09:00:00.000Z', target_id=webex_id('LOCATION'), target_type='Location'),
    ]
    events, warnings = select(items, ('person', 'workspace'), ignore_actors=('me',))
    assert [event['event_id'] for event in events] == ['e1', 'e3']
    assert warnings == ['audit event bad skipped: it has no data object']


def test_kinds_option_is_checked():
    assert check_kinds('person, workspace') == ('person', 'workspace')
    with pytest.raises(EventError, match="kinds: 'people' is not one of person, workspace, virtual_line, location"):
        check_kinds(['people'])
    with pytest.raises(EventError, match='kinds must be a list'):
        check_kinds([])
