# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Owner kinds as data: paths (IDs quoted), lookups, entries."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._owners import (
    OWNERS,
    entry_name,
    entry_of,
    intercept_path,
    item_field,
    matches_name,
    upload_path,
)

HOSTILE = 'a/b?c=d#e f%2F'
QUOTED = 'a%2Fb%3Fc%3Dd%23e%20f%252F'


@pytest.mark.parametrize('kind, intercept, upload', [
    ('person', '/people/%s/features/intercept', '/people/%s/features/intercept/actions/announcementUpload/invoke'),
    ('workspace', '/workspaces/%s/features/intercept',
     '/telephony/config/workspaces/%s/features/intercept/actions/announcementUpload/invoke'),
    ('virtual_line', '/telephony/config/virtualLines/%s/intercept',
     '/telephony/config/virtualLines/%s/intercept/actions/announcementUpload/invoke'),
    ('location', '/telephony/config/locations/%s/intercept', None),
])
def test_paths_of_every_kind_quote_the_id(kind, intercept, upload):
    assert intercept_path(OWNERS[kind], HOSTILE) == intercept % QUOTED
    assert upload_path(OWNERS[kind], HOSTILE) == (upload % QUOTED if upload else None)
    assert intercept_path(OWNERS[kind], 'Y2lz') == intercept % 'Y2lz'


def test_every_kind_has_its_options_scopes_and_result():
    assert [(kind.id_option, kind.name_option, kind.result_name, kind.items_key) for kind in OWNERS.values()] == [
        ('person_id', 'person_email', 'persons', 'items'),
        ('workspace_id', 'workspace_name', 'workspaces', 'items'),
        ('virtual_line_id', 'virtual_line_name', 'virtual_lines', 'virtualLines'),
        ('location_id', 'location_name', 'locations', 'items'),
    ]
    assert [(kind.listing_path, kind.lookup_param) for kind in OWNERS.values()] == [
        ('/people', 'email'), ('/workspaces', 'displayName'), ('/telephony/config/virtualLines', None),
        ('/locations', 'name')]
    for kind in OWNERS.values():
        assert kind.read_scope.startswith('spark-admin:') and kind.read_scope.endswith('_read')
        assert kind.write_scope == kind.read_scope[:-len('read')] + 'write'


VIRTUAL_LINE = {'id': 'VL1', 'firstName': 'Front', 'lastName': 'Desk', 'number': {'extension': '6101'},
                'location': {'id': 'L1', 'name': 'Denver'}}


def test_virtual_lines_match_by_name_or_extension_and_entries_are_shaped():
    kind = OWNERS['virtual_line']
    assert matches_name(kind, VIRTUAL_LINE, 'Front Desk')
    assert matches_name(kind, VIRTUAL_LINE, '6101')
    assert not matches_name(kind, VIRTUAL_LINE, 'Front')
    assert entry_of(kind, VIRTUAL_LINE) == {'virtual_line_id': 'VL1', 'display_name': 'Front Desk', 'extension': '6101',
                                            'location_id': 'L1'}


def test_workspace_and_location_names_must_match_exactly():
    assert matches_name(OWNERS['workspace'], {'displayName': 'Lobby'}, 'Lobby')
    assert not matches_name(OWNERS['workspace'], {'displayName': 'Lobby 2'}, 'Lobby')
    assert matches_name(OWNERS['location'], {'name': 'Denver'}, 'Denver')
    assert matches_name(OWNERS['person'], {'emails': ['x@example.com']}, 'anything')  # the API's email lookup is exact


def test_person_entries_keep_their_shape():
    kind = OWNERS['person']
    assert entry_of(kind, {'id': 'P1'}) == {'person_id': 'P1', 'email': '', 'display_name': '', 'location_id': None}
    entry = entry_of(kind, {'id': 'P1', 'emails': ['a@example.com', 'b@example.com'], 'displayName': 'A',
                            'locationId': 'L'})
    assert entry == {'person_id': 'P1', 'email': 'a@example.com', 'display_name': 'A', 'location_id': 'L'}
    assert entry_name(kind, entry) == 'a@example.com'
    assert entry_name(kind, dict(entry, email='')) == 'P1'
    assert item_field({'a': {'b': 'c'}}, 'a.b') == 'c'
    assert item_field({'a': None}, 'a.b') is None


def test_only_the_location_names_its_greeting_and_carries_enabled_and_it_overrides_the_others():
    assert [(kind.name, kind.greeting_source, kind.put_always, kind.overridable) for kind in OWNERS.values()] == [
        ('person', 'upload', (), True),
        ('workspace', 'upload', (), True),
        ('virtual_line', 'upload', (), True),
        ('location', 'repository', (('enabled',),), False),
    ]
    # Workspaces without Webex Calling have no intercept: the listings and lookups ask for calling ones only.
    assert dict(OWNERS['workspace'].listing_params) == {'calling': 'webexCalling'}
    assert [kind.detail_path for kind in OWNERS.values()] == [None, '/workspaces/{id}', None, '/locations/{id}']
