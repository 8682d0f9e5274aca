# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit report's vocabulary (module_utils/_audit/labels.py): the exact labels of settings, values, percentages,
locations and targets, and the short form of Webex IDs of every length."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit import labels


def webex_id(resource):
    """A Webex ID as the API gives it: the URL-safe base64 of ciscospark://us/..., without its padding."""
    return base64.urlsafe_b64encode(('ciscospark://us/' + resource).encode('ascii')).decode('ascii').rstrip('=')


def test_the_constants_a_report_reader_sees():
    """The schema, the formats and their file extensions, the statuses and their labels and colours."""
    assert (labels.SCHEMA, labels.SCHEMA_VERSION) == ('webex.calling.intercept_audit', 1)
    assert labels.FORMATS == ('markdown', 'html', 'json', 'csv', 'junit')
    assert labels.EXTENSIONS == {'markdown': 'md', 'html': 'html', 'json': 'json', 'csv': 'csv', 'junit': 'xml'}
    assert labels.STATUSES == ('compliant', 'drift', 'overridden', 'unreadable')
    assert labels.KIND_LABELS == {'person': 'Person', 'workspace': 'Workspace', 'virtual_line': 'Virtual line'}
    assert labels.KIND_PLURALS == {'person': 'people', 'workspace': 'workspaces', 'virtual_line': 'virtual lines'}
    assert labels.NOTHING_AUDITED == 'nothing_audited'
    assert labels.STATUS_LABELS == {'compliant': 'Compliant', 'drift': 'Drift found', 'overridden': 'Overridden by a location',
                                    'unreadable': 'Not all could be read', 'nothing_audited': 'Nothing audited'}
    assert labels.STATUS_COLOURS == {'compliant': '#1e7b34', 'drift': '#b42318', 'overridden': '#6941c6',
                                     'unreadable': '#b54708', 'nothing_audited': '#b42318'}
    assert labels.OVERRIDE_UNKNOWN == ('whether the call intercept of its location overrides its own settings is '
                                       "unknown: the location's intercept could not be read")
    assert labels.HISTORY_KEEP_DEFAULT == 30


def test_every_setting_label_in_the_order_of_the_options():
    """The readable name of each setting, and its place in the report's order."""
    assert labels.SETTING_LABELS == (
        ('enabled', 'Call intercept on'),
        ('incoming.type', 'Incoming calls'),
        ('incoming.voicemail_enabled', 'Incoming: callers may leave a voicemail'),
        ('incoming.announcements.greeting', 'Incoming: greeting'),
        ('incoming.announcements.greeting_file', 'Incoming: custom greeting file'),
        ('incoming.announcements.new_number.enabled', 'Incoming: announce a new number'),
        ('incoming.announcements.new_number.destination', 'Incoming: new number announced'),
        ('incoming.announcements.zero_transfer.enabled', 'Incoming: press 0 to transfer'),
        ('incoming.announcements.zero_transfer.destination', 'Incoming: press 0 transfers to'),
        ('outgoing.type', 'Outgoing calls'),
        ('outgoing.transfer_enabled', 'Outgoing: transfer intercepted calls'),
        ('outgoing.destination', 'Outgoing: transfer to'),
    )
    assert labels.SETTING_ORDER['enabled'] == 0 and labels.SETTING_ORDER['outgoing.destination'] == 11
    assert labels.VALUE_LABELS == {'INTERCEPT_ALL': 'Intercept all', 'ALLOW_ALL': 'Allow all',
                                   'ALLOW_LOCAL_ONLY': 'Allow local calls only', 'DEFAULT': 'Default greeting',
                                   'CUSTOM': 'Custom greeting'}
    assert labels.EXCEPTION_RESULTS == {'met': 'Met', 'not_met': 'Not met', 'unreadable': 'Could not be read',
                                        'stale': 'Stale: no such target',
                                        'out_of_scope': 'Not audited (outside the scope)',
                                        'overridden': 'Overridden by the location'}


def test_an_unknown_setting_is_named_as_it_is():
    """A setting without a label or API name is shown by its own dotted name."""
    assert labels.setting_label('incoming.unknown') == 'incoming.unknown'
    assert labels.api_name('incoming.unknown') == 'incoming.unknown'
    assert labels.api_name('incoming.announcements.zero_transfer.enabled') == 'incoming.announcements.zeroTransfer.enabled'


@pytest.mark.parametrize('value, label', [
    (0, '0'), (7, '7'), (1.5, '1.5'), ({'b': 1, 'a': [True, None]}, '{"a": [true, null], "b": 1}'), ([], '[]'),
    ('ALLOW_ALL', 'Allow all'), ('DEFAULT', 'Default greeting'), ('intercept_all', 'intercept_all'),
])
def test_a_value_that_is_no_choice_is_shown_as_json_or_as_it_is(value, label):
    """Numbers, lists and dictionaries are shown as sorted JSON; strings that are no choice as they are."""
    assert labels.value_label(value) == label


@pytest.mark.parametrize('value, text', [
    (None, ''), ('', ''), ('INTERCEPT_ALL', 'INTERCEPT_ALL'), (True, 'true'), (False, 'false'), (0, '0'),
    ({'b': 1, 'a': 2}, '{"a": 2, "b": 1}'),
])
def test_raw_values_for_machines(value, text):
    """The CSV's raw value: strings as they are, None empty, anything else sorted JSON."""
    assert labels.raw_value(value) == text


@pytest.mark.parametrize('part, whole, expected', [
    (1, 1000, 0.1), (1, 1001, 0.0), (1, 7, 14.2), (6, 7, 85.7), (1999, 2000, 99.9), (5, 4, 125.0), (0, None, None),
])
def test_percent_is_rounded_down_to_a_tenth(part, whole, expected):
    """part of whole in percent, rounded down to 0.1, None of nothing."""
    assert labels.percent(part, whole) == expected


@pytest.mark.parametrize('value, text', [
    (None, 'n/a'), (0.0, '0%'), (0, '0%'), (100.0, '100%'), (50.0, '50%'), (66.6, '66.6%'), (10.0, '10%'),
    (99.9, '99.9%'), (0.1, '0.1%'), (42.85, '42.9%'),
])
def test_format_percent(value, text):
    """A percentage with one decimal at most and no trailing zero; n/a for nothing audited."""
    assert labels.format_percent(value) == text


@pytest.mark.parametrize('uuid', [
    '0b7e4a52-9c1d-4e8f-a6b3-000000000123',  # encoded length 3 (mod 4): one = of padding missing
    '0b7e4a52-9c1d-4e8f-a6b3-00000000012',  # length 2: two missing
    '0b7e4a52-9c1d-4e8f-a6b3-0000000001',  # length 0: none missing
])
def test_short_id_is_the_last_group_of_the_uuid_whatever_the_padding(uuid):
    """A Webex ID of any length is shortened to the last group of the UUID it encodes."""
    assert labels.short_id(webex_id('PEOPLE/' + uuid)) == uuid.rsplit('-', 1)[-1]


def test_short_id_of_a_uuid_without_dashes_is_the_last_path_part():
    assert labels.short_id(webex_id('LOCATION/abcdef')) == 'abcdef'


@pytest.mark.parametrize('value', [
    'not-base64-at-all!!', 'plainid-123456789012', base64.urlsafe_b64encode(b'\xff\xfe\xfd' * 8).decode('ascii'),
    base64.urlsafe_b64encode(b'https://example.com/PEOPLE/abc-def').decode('ascii'),
])
def test_short_id_of_anything_else_is_its_last_12_characters(value):
    """What does not decode, does not decode to ASCII, or is no ciscospark URL keeps its last 12 characters."""
    assert labels.short_id(value) == value[-12:]


def test_location_labels():
    """A location's name; without one, "Location" and its short ID; without an ID, "No location"."""
    assert labels.location_label(webex_id('LOCATION/aaaa-bbbb'), 'HQ') == 'HQ'
    assert labels.location_label(webex_id('LOCATION/aaaa-bbbb'), '') == 'Location bbbb'
    assert labels.location_label(webex_id('LOCATION/aaaa-bbbb'), None) == 'Location bbbb'
    assert labels.location_label('', None) == 'No location'
    assert labels.location_label(None, None) == 'No location'


@pytest.mark.parametrize('entry, label', [
    (dict(email='a@example.com', name='A', id='P1'), 'a@example.com'),
    (dict(email='', name='A', id='P1'), 'A'),
    (dict(email=None, name=None, id='P1'), 'P1'),
    (dict(email='', name='', id=''), '?'),
    ({}, '?'),
])
def test_target_labels(entry, label):
    """A target is named by its email, else its name, else its ID, else ?."""
    assert labels.target_label(entry) == label
