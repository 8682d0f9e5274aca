# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The items of the bulk module webex_intercepts, checked before any request (_compare.bulk_items)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from default_settings import DEFAULT_OPTIONS

from ansible_collections.webex.calling.plugins.module_utils._compare import bulk_items, group_bulk_targets
from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError


def test_targets_of_every_kind_and_their_names():
    items = bulk_items([
        {'person_id': 'P1', 'email': 'alice@example.com'},
        {'person_email': ' Bob@Example.com '},
        {'email': 'carol@example.com'},
        {'workspace_id': 'W1', 'display_name': 'Lobby Phone'},
        {'workspace_name': 'Board Room'},
        {'virtual_line_id': 'V1'},
        {'virtual_line_name': '1801'},
    ], {'enabled': False})
    assert [(item.kind.name, item.owner_id, item.name, item.label) for item in items] == [
        ('person', 'P1', None, 'alice@example.com'),
        ('person', None, 'Bob@Example.com', 'Bob@Example.com'),
        ('person', None, 'carol@example.com', 'carol@example.com'),
        ('workspace', 'W1', None, 'Lobby Phone'),
        ('workspace', None, 'Board Room', 'Board Room'),
        ('virtual_line', 'V1', None, 'V1'),
        ('virtual_line', None, '1801', '1801'),
    ]
    assert [item.where for item in items][:2] == ['intercepts[0]', 'intercepts[1]']
    assert all(item.wanted == {'enabled': False} for item in items)


def test_an_info_entry_is_an_item_and_its_own_settings_win_over_defaults_and_intercept():
    entry = {'person_id': 'P1', 'email': 'a@example.com', 'display_name': 'A', 'location_id': 'L', 'location_name': 'HQ',
             'greeting_file_name': '', 'error': None, 'intercept': copy.deepcopy(DEFAULT_OPTIONS)}
    item, = bulk_items([dict(entry, outgoing={'type': 'ALLOW_LOCAL_ONLY'})],
                       {'enabled': True, 'incoming': {'voicemail_enabled': True}})
    wanted = copy.deepcopy(DEFAULT_OPTIONS)
    wanted['outgoing']['type'] = 'ALLOW_LOCAL_ONLY'
    assert item.wanted == wanted
    item, = bulk_items([{'person_id': 'P1', 'intercept': None, 'error': 'HTTP 500'}], {'enabled': 'yes'})
    assert item.wanted == {'enabled': True}


@pytest.mark.parametrize('items, defaults, message', [
    ('P1', None, r'^intercepts must be a list of items, not str$'),
    (['P1'], None, r'^intercepts\[0\] must be a dictionary with a target'),
    ([{'enabled': True}], None, r'^intercepts\[0\] names no target; give one of person_id, person_email, workspace_id, '
                                r'workspace_name, virtual_line_id, virtual_line_name'),
    ([{'location_id': 'L1', 'enabled': True}], None, r'^intercepts\[0\] names no target; .*webex_location_intercept'),
    ([{'person_id': 'P1', 'virtual_line_name': 'x'}], None, r'^intercepts\[0\] names targets of several kinds'),
    ([{'workspace_id': 'W', 'workspace_name': 'x'}], None, r'^intercepts\[0\] gives both workspace_id and workspace_name'),
    ([{'person_id': ''}], None, r'^intercepts\[0\]\.person_id must be the ID of a person, a non-empty string'),
    ([{'workspace_name': 3}], None, r'^intercepts\[0\]\.workspace_name must be the name of a workspace'),
    ([{'person_id': 'P1'}, {'person_id': 'P2', 'enable': True}], None,
     r'^intercepts\[1\] \(person P2\): intercepts\[1\]\.enable is not a call intercept setting; did you mean '
     r'intercepts\[1\]\.enabled\?'),
    ([{'person_id': 'P1', 'intercept': {'outgoing': {'type': 'NONE'}}}], None,
     r'^intercepts\[0\] \(person P1\): intercepts\[0\]\.intercept\.outgoing\.type must be one of'),
    ([{'person_id': 'P1'}], {'incoming': 'off'}, r'^defaults\.incoming must be a dictionary'),
    ([{'person_id': 'P1', 'outgoing': {'destination': ''}}], {'outgoing': {'transfer_enabled': True, 'destination': '41'}},
     r'^intercepts\[0\] \(person P1\): intercepts\[0\]\.outgoing\.transfer_enabled is true but '
     r'intercepts\[0\]\.outgoing\.destination is ""'),
    ([{'person_email': 'a@example.com'}, {'person_id': 'P'}, {'email': 'A@example.com'}], None,
     r'^intercepts\[0\] and intercepts\[2\] both name person A@example.com; list each target once$'),
    ([{'workspace_id': 'W', 'enabled': True}, {'workspace_id': 'W', 'enabled': False}], None,
     r'^intercepts\[0\] \(W\) and intercepts\[1\] \(W\) are both for workspace W, with different settings'),
])
def test_bad_items_are_named_by_index_and_target(items, defaults, message):
    with pytest.raises(SettingsError, match=message):
        bulk_items(items, defaults)


def test_names_differing_in_case_are_different_workspaces_but_the_same_email():
    assert len(bulk_items([{'workspace_name': 'Lobby'}, {'workspace_name': 'lobby'}])) == 2
    with pytest.raises(SettingsError, match='both name person'):
        bulk_items([{'person_email': 'x@example.com'}, {'person_email': 'X@EXAMPLE.COM'}])


def test_items_for_one_target_with_the_same_settings_share_it():
    items = bulk_items([{'person_id': 'P1', 'enabled': True}, {'person_email': 'a@example.com', 'enabled': True},
                        {'workspace_id': 'P1', 'enabled': True}])
    groups = group_bulk_targets([(items[0], 'P1'), (items[1], 'P1'), (items[2], 'P1')])
    assert [(kind.name, owner_id, [item.index for item in group]) for kind, owner_id, group in groups] == [
        ('person', 'P1', [0, 1]), ('workspace', 'P1', [2])]
    other = bulk_items([{'person_email': 'b@example.com', 'enabled': False}])[0]
    with pytest.raises(SettingsError, match=r'^intercepts\[0\] \(P1\) and intercepts\[0\] \(b@example.com\) are both'):
        group_bulk_targets([(items[0], 'P1'), (other, 'P1')])
