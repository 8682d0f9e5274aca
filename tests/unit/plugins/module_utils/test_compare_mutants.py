# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_compare's edges: an ID of the wrong kind named at the item's own path (strings, dictionaries, each target
kind, URL-safe IDs), what counts as an info entry, labels that name no leaf, and the location overrides' refusals
and pass-through; messages word for word."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

import pytest

from ansible_collections.webex.calling.plugins.module_utils._compare import (
    Index,
    Request,
    compare,
    current_of,
    differences,
    item_key,
    kinds_of,
    owner_key,
    targets,
    with_location_overrides,
)
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS
from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError

WORKSPACE = OWNERS['workspace']
LOCATION = OWNERS['location']


def refused(function, *args, **kwargs):
    with pytest.raises(SettingsError) as caught:
        function(*args, **kwargs)
    return str(caught.value)


def webex_id(kind, rest):
    """A Webex ID as the API gives it (standard base64, no padding) of ``ciscospark://us/<kind>/<rest>``."""
    return base64.b64encode(('ciscospark://us/%s/%s' % (kind, rest)).encode('ascii')).decode('ascii').rstrip('=')


PERSON_ID = webex_id('PEOPLE', 'p1')
PLACE_ID = webex_id('PLACES', 'w1')
LOCATION_ID = webex_id('LOCATION', 'l1')


def wrong(where, value, found, expected):
    """check_id's message for an ID of another kind."""
    return '%s %s is the ID of %s, not of %s; give the ID of the %s' % (
        where, value, found, expected, expected.split(' (')[0].split(' ', 1)[1])


# --- an ID of another kind, named where it was given ---------------------------------------------------------------

def test_a_person_string_with_a_workspace_id_is_refused_at_its_index():
    assert refused(item_key, PLACE_ID, 'people[2]') == wrong(
        'people[2]', PLACE_ID, 'a workspace (PLACES)', 'a person (PEOPLE)')
    assert item_key(' %s ' % PERSON_ID, 'people[2]') == {'person_id': PERSON_ID}


def test_a_person_dictionary_with_a_workspace_id_is_refused_at_its_person_id():
    assert refused(item_key, {'person_id': PLACE_ID, 'email': 'a@x.com'}, 'people[0]') == wrong(
        'people[0].person_id', PLACE_ID, 'a workspace (PLACES)', 'a person (PEOPLE)')
    assert refused(item_key, {'person_id': LOCATION_ID}, 'overrides[4]') == wrong(
        'overrides[4].person_id', LOCATION_ID, 'a location (LOCATION)', 'a person (PEOPLE)')
    assert item_key({'person_id': PERSON_ID}, 'people[0]') == {'person_id': PERSON_ID, 'email': None}


def test_a_url_safe_id_is_read_whatever_bytes_follow_its_kind():
    # The API's IDs are standard base64; one copied from a URL has - and _ for + and /. Bytes after the KIND are
    # opaque: here the byte after "PLACES/" makes a "-" that straddles the slash.
    raw = b'ciscospark://us/PLACES/\x80\xbfw1'
    urlsafe = base64.urlsafe_b64encode(raw).decode('ascii').rstrip('=')
    assert '-' in urlsafe
    assert refused(item_key, {'person_id': urlsafe}, 'people[0]') == wrong(
        'people[0].person_id', urlsafe, 'a workspace (PLACES)', 'a person (PEOPLE)')


def test_a_workspace_item_with_a_person_id_is_refused_at_its_workspace_id():
    kinds = kinds_of('workspace')
    assert refused(item_key, {'workspace_id': ' %s ' % PERSON_ID, 'enabled': True}, 'people[1]', kinds) == wrong(
        'people[1].workspace_id', PERSON_ID, 'a person (PEOPLE)', 'a workspace (PLACES or PLACE)')
    assert item_key({'workspace_id': ' %s ' % PLACE_ID}, 'people[1]', kinds) == {'workspace_id': PLACE_ID}


def test_a_listed_workspace_or_location_with_an_id_of_another_kind_is_refused_where_listed():
    assert refused(owner_key, WORKSPACE, PERSON_ID, 'workspaces[0]') == wrong(
        'workspaces[0]', PERSON_ID, 'a person (PEOPLE)', 'a workspace (PLACES or PLACE)')
    assert refused(owner_key, LOCATION, {'location_id': PLACE_ID}, 'locations[3]') == wrong(
        'locations[3].location_id', PLACE_ID, 'a workspace (PLACES)', 'a location (LOCATION)')
    assert owner_key(LOCATION, LOCATION_ID, 'locations[0]') == {'location_id': LOCATION_ID}
    assert owner_key(LOCATION, {'location_id': LOCATION_ID}, 'locations[0]') == {'location_id': LOCATION_ID}


def test_targets_name_the_listed_item_and_its_label():
    assert refused(targets, None, workspaces=[PLACE_ID, PERSON_ID]) == wrong(
        'workspaces[1]', PERSON_ID, 'a person (PEOPLE)', 'a workspace (PLACES or PLACE)')
    assert refused(targets, [{'person_id': PLACE_ID}], labels={'people': 'intercept_people'}) == wrong(
        'intercept_people[0].person_id', PLACE_ID, 'a workspace (PLACES)', 'a person (PEOPLE)')


# --- what counts as an info entry ----------------------------------------------------------------------------------

def test_an_item_with_a_target_and_settings_at_the_top_is_read_as_settings():
    # A bulk item or backup entry in the options' shape: the target's ID beside the settings, no intercept key.
    item = {'person_id': 'p1', 'enabled': False}
    assert current_of(item)['enabled'] is False
    assert [difference.setting for difference in differences(item, {'enabled': True})] == ['enabled']
    assert differences(dict(item, enabled=True), {'enabled': True}) == []


def test_a_dictionary_naming_no_target_is_not_taken_for_an_info_entry():
    # Only an entry that carries its target's ID has its intercept unwrapped; anything else is the settings as given,
    # where an intercept key is no setting: what is wanted is not there, so it differs.
    assert current_of({'intercept': None}) == {'intercept': None, 'incoming': {'announcements': {'file_name': ''}}}
    assert [difference.setting for difference in differences({'intercept': {'enabled': True}}, {'enabled': True})] == [
        'enabled']
    assert differences({'location_id': 'L1', 'intercept': {'enabled': True}}, {'enabled': True}) == []


# --- labels --------------------------------------------------------------------------------------------------------

def test_a_dotted_label_whose_head_names_no_label_leaves_the_message_as_it_is():
    labels = {'nowhere.enabled': 'my_enabled', 'people': 'my_people'}
    assert refused(targets, [5], labels=labels) == (
        'my_people[0] must be an email address, a person ID or a dictionary, not int')


# --- the location overrides ----------------------------------------------------------------------------------------

def test_location_overrides_refuse_what_is_not_the_locations_read():
    assert refused(with_location_overrides, [], {'L1': True}) == (
        'locations must be the locations returned by webex.calling.webex_location_intercept_info, not dict')
    assert refused(with_location_overrides, [], 'L1') == (
        'locations must be the locations returned by webex.calling.webex_location_intercept_info, not str')
    expected = ('locations must be the locations returned by webex.calling.webex_location_intercept_info; an entry '
                'without location_id was given')
    assert refused(with_location_overrides, [], [dict(location_id='L1'), dict(intercept={'enabled': True})]) == expected
    assert refused(with_location_overrides, [], ['L1']) == expected
    assert refused(with_location_overrides, [], [dict(location_id='', intercept=None)]) == expected


def test_location_overrides_keep_every_field_and_pass_what_is_no_entry_through():
    entry = dict(person_id='p1', email='a@x.com', location_id='L1', intercept={'enabled': False}, error=None)
    result = with_location_overrides([entry, 'junk', None], [dict(location_id='L1', intercept={'enabled': True})])
    assert result == [dict(entry, overridden_by_location=True), 'junk', None]
    # What is no entry is left for the comparison to refuse with its own message.
    assert refused(compare, with_location_overrides(['junk'], []), Request()) == (
        'the input must be the persons returned by the info module; an entry without person_id was given')
    assert refused(Index, with_location_overrides([dict(person_id='p1'), 7], [])) == (
        'the input must be the persons returned by the info module; an entry without person_id was given')
