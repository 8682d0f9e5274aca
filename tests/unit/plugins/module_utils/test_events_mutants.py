# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event source's pure part at its edges: the exact messages a user reads, the boundaries of the window, the prune
and the numeric options, the state file's format and where it is written, IDs in every base64 alphabet and length,
and the fields of a normalised event that fall back or are read as they come; a UTF-8 state file in a C locale."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import datetime
import json
import locale
import os
import tempfile
import time

import pytest

from ansible_collections.webex.calling.plugins.module_utils._events import (
    EventError,
    MalformedEvent,
    Seen,
    check_kinds,
    check_state_path,
    format_time,
    kind_of_id,
    load_state,
    normalize,
    number,
    parse_time,
    save_state,
    window,
)

NOW = datetime.datetime(2026, 12, 4, 9, 5, 0, 123000, tzinfo=datetime.timezone.utc)
ORG = 'org-1'
KINDS_TEXT = 'person, workspace, virtual_line, location'


def webex_id(kind, value='3d9a2f10-5e6b-4c7d-8e9f-000000001001'):
    """A Webex ID in the standard base64 alphabet, unpadded."""
    return base64.b64encode(('ciscospark://us/%s/%s' % (kind, value)).encode()).decode().rstrip('=')


def audit_item(event_id='e1', created='2026-12-04T09:01:12.345Z', **data):
    body = dict(targetId=webex_id('PEOPLE'), targetType='User', targetName='Alice', targetOrgId=ORG,
                eventCategory='USERS', eventDescription='Call intercept settings updated', actorName='Ana',
                actorEmail='ana@example.com')
    body.update(data)
    return dict(id=event_id, created=created, actorId='a1', actorOrgId=ORG, data=body)


def raised(kind, function, *args, **kwargs):
    with pytest.raises(kind) as info:
        function(*args, **kwargs)
    return str(info.value)


# --- times ---------------------------------------------------------------------------------------------------------

@pytest.fixture
def local_time_zone(monkeypatch):
    """The process's local time zone set to New York (UTC-5 in December) for the test."""
    monkeypatch.setenv('TZ', 'America/New_York')
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_are_formatted_in_utc_whatever_the_local_time_zone(local_time_zone):
    assert format_time(NOW) == '2026-12-04T09:05:00.123Z'
    assert format_time(parse_time('2026-12-04T10:05:00.123+01:00')) == '2026-12-04T09:05:00.123Z'


def test_milliseconds_are_cut_not_rounded():
    assert format_time(NOW.replace(microsecond=999999)) == '2026-12-04T09:05:00.999Z'
    assert format_time(NOW.replace(microsecond=0)) == '2026-12-04T09:05:00.000Z'


def test_lower_case_z_is_utc():
    assert parse_time('2026-12-04T09:05:00.123z') == NOW
    assert parse_time(' 2026-12-04T09:05:00.123Z ') == NOW


@pytest.mark.parametrize('text, shown', [(None, 'None'), ('', "''"), ('   ', "'   '"), (42, '42')])
def test_what_is_not_a_time_is_named(text, shown):
    assert raised(ValueError, parse_time, text) == 'not a date and time: %s' % shown


# --- window and prune boundaries -----------------------------------------------------------------------------------

def test_zero_overlap_starts_the_window_at_the_watermark():
    watermark = NOW - datetime.timedelta(seconds=5)
    assert window(NOW, watermark, overlap=0, lookback=0) == (watermark, NOW)


@pytest.mark.parametrize('overlap, lookback', [(-1, 0), (0, -1)])
def test_negative_periods_are_refused_with_the_rule(overlap, lookback):
    assert raised(EventError, window, NOW, None, overlap, lookback) == 'overlap and lookback must be >= 0 seconds'


def test_prune_keeps_an_event_created_at_the_start_of_the_next_window():
    seen = Seen({'edge': '2026-12-04T09:00:00.123Z', 'before': '2026-12-04T09:00:00.122Z'})
    seen.prune(NOW - datetime.timedelta(minutes=5))
    assert seen.ids == {'edge': '2026-12-04T09:00:00.123Z'}


# --- the state file: format, where it is written, and every message ------------------------------------------------

def test_state_file_is_one_key_a_line_with_the_seen_ids_sorted(tmp_path):
    path = tmp_path / 'state.json'
    save_state(str(path), NOW, Seen({'e2': '2026-12-04T09:02:00.000Z', 'e1': '2026-12-04T09:01:00.000Z'}), ORG)
    assert path.read_text(encoding='utf-8') == (
        '{\n'
        ' "version": 1,\n'
        ' "org_id": "org-1",\n'
        ' "watermark": "2026-12-04T09:05:00.123Z",\n'
        ' "seen": {\n'
        '  "e1": "2026-12-04T09:01:00.000Z",\n'
        '  "e2": "2026-12-04T09:02:00.000Z"\n'
        ' }\n'
        '}')


def test_state_without_a_watermark_round_trips(tmp_path):
    path = str(tmp_path / 'state.json')
    save_state(path, None, Seen({'e1': '2026-12-04T09:01:00.000Z'}), None)
    assert json.loads(open(path).read()) == dict(version=1, org_id=None, watermark=None,
                                                 seen={'e1': '2026-12-04T09:01:00.000Z'})
    watermark, seen, warning = load_state(path, ORG)
    assert (watermark, seen.ids, warning) == (None, {'e1': '2026-12-04T09:01:00.000Z'}, None)


def test_non_ascii_ids_round_trip(tmp_path):
    path = str(tmp_path / 'state.json')
    save_state(path, NOW, Seen({'événement-1': '2026-12-04T09:01:00.000Z'}), 'org-é')
    assert load_state(path, 'org-é')[1].ids == {'événement-1': '2026-12-04T09:01:00.000Z'}


@pytest.fixture
def ascii_locale():
    """The process's character type locale set to C (ASCII), as under a bare service manager, for the test."""
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, 'C')
    yield
    locale.setlocale(locale.LC_CTYPE, before)


def test_state_file_is_utf_8_whatever_the_locale(tmp_path, ascii_locale):
    path = tmp_path / 'state.json'
    path.write_bytes(json.dumps(dict(version=1, org_id='org-\u00e9', watermark=None,
                                     seen={'\u00e9v\u00e9nement-1': '2026-12-04T09:01:00.000Z'}),
                                ensure_ascii=False).encode('utf-8'))
    watermark, seen, warning = load_state(str(path), 'org-\u00e9')
    assert (watermark, seen.ids, warning) == (None, {'\u00e9v\u00e9nement-1': '2026-12-04T09:01:00.000Z'}, None)
    save_state(str(path), NOW, seen, 'org-\u00e9')
    assert load_state(str(path), 'org-\u00e9')[1].ids == {'\u00e9v\u00e9nement-1': '2026-12-04T09:01:00.000Z'}


class ListingSeen(Seen):
    """A Seen that lists the state file's directory when its IDs are written (during the write)."""

    def __init__(self, directory):
        super(ListingSeen, self).__init__()
        self.directory = directory
        self.listing = None

    @property
    def ids(self):
        self.listing = sorted(os.listdir(self.directory))
        return {}

    @ids.setter
    def ids(self, value):
        pass


def test_state_is_written_to_a_hidden_temporary_file_beside_it_not_in_the_temporary_directory(
        tmp_path, monkeypatch):
    # The system's temporary directory is not used (it may be another file system, or not exist at all).
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path / 'no-such-temporary-directory'))
    directory = tmp_path / 'state'
    directory.mkdir()
    seen = ListingSeen(str(directory))
    save_state(str(directory / 'state.json'), NOW, seen, ORG)
    assert len(seen.listing) == 1 and seen.listing[0].startswith('.state.json.')
    assert sorted(os.listdir(str(directory))) == ['state.json']
    assert not (tmp_path / 'no-such-temporary-directory').exists()


def test_state_that_cannot_be_written_names_the_reason(tmp_path):
    blocker = tmp_path / 'a-file'
    blocker.write_text('')
    path = str(blocker / 'state.json')
    assert raised(EventError, save_state, path, NOW, Seen(), ORG) == (
        'state_file %s cannot be written (Not a directory): give a state_file in a directory the event source may '
        'write, or fix its permissions' % path)


def test_state_that_cannot_be_read_names_the_reason(tmp_path):
    path = tmp_path / 'state.json'
    path.mkdir()
    assert raised(EventError, load_state, str(path), ORG) == (
        'state_file %s cannot be read (Is a directory); fix its permissions or choose another state_file' % path)


@pytest.mark.parametrize('content, problem', [
    ('version 1', 'it is not JSON (Expecting value: line 1 column 1 (char 0))'),
    ('[]', 'no version 1 state'),
    ('{"version": 2, "org_id": "org-1", "watermark": null, "seen": {}}', 'no version 1 state'),
    ('{"version": 1, "org_id": "org-1", "watermark": "soon", "seen": {}}', 'watermark is not a date and time'),
    ('{"version": 1, "org_id": "org-1", "watermark": 5, "seen": {}}', 'watermark is not a date and time'),
    ('{"version": 1, "org_id": "org-1", "watermark": null, "seen": []}', 'seen is not a map of event IDs to times'),
    ('{"version": 1, "org_id": "org-1", "watermark": null, "seen": {"e1": 5}}',
     'seen is not a map of event IDs to times'),
    ('{"version": 1, "org_id": "org-2", "watermark": null, "seen": {}}', 'it is the state of organization org-2'),
])
def test_state_of_something_else_is_moved_aside_with_this_warning(tmp_path, content, problem):
    path = tmp_path / 'state.json'
    path.write_text(content)
    warning = load_state(str(path), ORG)[2]
    assert warning == ('state_file %s was not a state of this event source (%s): it was moved to %s.corrupt, and '
                       'events are read from the lookback period as at a first start' % (path, problem, path))


def test_state_of_another_organization_is_kept_when_no_organization_is_known(tmp_path):
    path = str(tmp_path / 'state.json')
    save_state(path, NOW, Seen(), 'org-2')
    assert load_state(path, None)[0] == NOW and load_state(path, '')[2] is None


def test_state_that_cannot_be_moved_aside_says_delete_it(tmp_path):
    path = tmp_path / 'state.json'
    path.write_text('[]')
    aside = tmp_path / 'state.json.corrupt'
    aside.mkdir()
    (aside / 'keep').write_text('')
    assert raised(EventError, load_state, str(path), ORG) == (
        'state_file %s is not a state of this event source (no version 1 state) and cannot be moved aside '
        '(Is a directory); delete it' % path)
    assert path.read_text() == '[]'


def test_state_path_messages(tmp_path):
    assert raised(EventError, check_state_path, str(tmp_path)) == (
        'state_file %s is a directory; give the path of a file' % tmp_path)
    path = str(tmp_path / 'missing' / 'state.json')
    assert raised(EventError, check_state_path, path) == (
        'state_file %s: the directory %s does not exist; create it or choose another state_file'
        % (path, tmp_path / 'missing'))


@pytest.fixture
def read_only(monkeypatch):
    """Paths added to the returned set are not writable for os.access (the tests may run as root)."""
    denied = set()
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and str(path) in denied:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, 'access', access)
    return denied


def test_state_in_a_read_only_directory_is_refused_before_it_exists(tmp_path, read_only):
    read_only.add(str(tmp_path))
    path = str(tmp_path / 'state.json')
    assert raised(EventError, check_state_path, path) == (
        'state_file %s cannot be written: give a state_file in a directory the event source may write, or fix its '
        'permissions' % path)


def test_read_only_state_file_in_a_writable_directory_is_refused(tmp_path, read_only):
    path = tmp_path / 'state.json'
    path.write_text('')
    check_state_path(str(path))
    read_only.add(str(path))
    assert raised(EventError, check_state_path, str(path)) == (
        'state_file %s cannot be written: give a state_file in a directory the event source may write, or fix its '
        'permissions' % path)


# --- IDs -----------------------------------------------------------------------------------------------------------

def test_ids_in_the_standard_alphabet_with_plus_and_slash():
    target_id = webex_id('PEOPLE', '??>>')
    assert '+' in target_id and '/' in target_id
    assert kind_of_id(target_id) == 'person'


@pytest.mark.parametrize('length', range(1, 21))
def test_unpadded_ids_of_every_length(length):
    assert kind_of_id(webex_id('PLACES', 'u' * length)) == 'workspace'


def test_characters_added_to_an_id_make_it_no_id():
    urlsafe = webex_id('PEOPLE', '??>>').replace('+', '-').replace('/', '_')
    assert kind_of_id(urlsafe) == 'person'
    assert kind_of_id(urlsafe.replace('-', 'XX+XX', 1)) is None
    assert kind_of_id(urlsafe.replace('_', 'XX/XX', 1)) is None


# --- the normalised event ------------------------------------------------------------------------------------------

def test_normalized_event_carries_the_description_and_the_target_organization():
    item = audit_item(targetOrgId='org-target')
    item['actorOrgId'] = 'org-actor'
    event = normalize(item)
    assert event['description'] == 'Call intercept settings updated'
    assert event['org_id'] == 'org-target' and event['actor']['org_id'] == 'org-actor'


def test_target_organization_defaults_to_the_actors():
    item = audit_item()
    del item['data']['targetOrgId']
    item['actorOrgId'] = 'org-actor'
    event = normalize(item)
    assert event['org_id'] == 'org-actor'
    assert event['description'] == 'Call intercept settings updated'


@pytest.mark.parametrize('event_id', ['', 42, ['e1'], None])
def test_an_id_that_is_not_a_string_is_no_id(event_id):
    item = audit_item()
    item['id'] = event_id
    assert raised(MalformedEvent, normalize, item) == 'audit event (no id) skipped: it has no id'


def test_malformed_event_messages():
    assert raised(MalformedEvent, normalize, audit_item(created='last week')) == (
        "audit event e1 skipped: created is not a date and time ('last week')")
    item = audit_item()
    del item['created']
    assert raised(MalformedEvent, normalize, item) == (
        'audit event e1 skipped: created is not a date and time (None)')
    assert raised(MalformedEvent, normalize, audit_item(targetId='')) == (
        'audit event e1 skipped: data.targetId is missing')


# --- options -------------------------------------------------------------------------------------------------------

def test_kinds_messages():
    assert raised(EventError, check_kinds, []) == 'kinds must be a list of %s' % KINDS_TEXT
    assert raised(EventError, check_kinds, ' , ') == 'kinds must be a list of %s' % KINDS_TEXT
    assert raised(EventError, check_kinds, ['person', 'people']) == (
        "kinds: 'people' is not one of %s" % KINDS_TEXT)


def test_number_defaults_when_absent_or_none():
    assert number({}, 'poll_interval', 30, 1) == 30
    assert number({'poll_interval': None}, 'poll_interval', 30, 1) == 30


def test_number_from_text():
    value = number({'poll_interval': '2.5'}, 'poll_interval', 30, 1)
    assert value == 2.5 and isinstance(value, float)
    value = number({'poll_interval': True}, 'poll_interval', 30, 0)
    assert value == 1.0 and isinstance(value, float) and not isinstance(value, bool)


def test_number_bounds_are_inclusive():
    assert number({'overlap': 3600}, 'overlap', 300, 0, 3600) == 3600
    assert number({'overlap': 0}, 'overlap', 300, 0, 3600) == 0


def test_number_messages():
    assert raised(EventError, number, {'overlap': 'soon'}, 'overlap', 300, 0) == (
        "overlap must be a number of seconds, not 'soon'")
    assert raised(EventError, number, {'overlap': [1]}, 'overlap', 300, 0) == (
        'overlap must be a number of seconds, not [1]')
    assert raised(EventError, number, {'overlap': 3601}, 'overlap', 300, 0, 3600) == (
        'overlap must be between 0 and 3600, not 3601')
    assert raised(EventError, number, {'lookback': -1}, 'lookback', 0, 0) == 'lookback must be >= 0, not -1'
