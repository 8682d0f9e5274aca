# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Who owns a call intercept (people, workspaces, virtual lines, locations), as data.

Pure Python (standard library only). Each kind is one row of ``OWNERS``: its API paths, the options that name a
target, how a name is looked up, the shape of its info entries and its scopes. Code that reads or writes an
intercept (``_intercept_runner``) takes a kind and never branches on which one it is.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import re
from collections import namedtuple
from urllib.parse import quote

from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError

OwnerKind = namedtuple('OwnerKind', [
    'name',             # the kind's key in OWNERS
    'label',            # how messages name one target
    'plural',           # and several
    'intercept_path',   # GET/PUT of the settings, {id} quoted
    'upload_path',      # POST of the custom greeting, None where the API has none
    'id_option',        # the option that gives the target's ID
    'name_option',      # the option that names the target, looked up in the listing
    'listing_path',     # the listing that finds targets
    'lookup_param',     # the listing's query parameter for a name, None to list and match here
    'match_fields',     # the item fields a name must equal (tuples are joined with spaces), None to trust the API
    'items_key',        # the key of the listing's list of items
    'listing_params',   # query parameters every listing request carries
    'location_param',   # the listing's query parameter for one location, None if the kind is the location
    'location_field',   # the item field that holds its location ID (dotted)
    'page_size',        # items per listing page
    'result_name',      # the list an info module returns
    'entry_fields',     # (entry key, item field, default) of each info entry's identity; the first is the ID
    'read_scope',
    'write_scope',
    'detail_path',      # GET of one target by ID ({id} quoted), None to list with the ID query parameter instead
    'greeting_source',  # 'upload': greeting_file is uploaded, file_name read-only; 'repository': file_name names a
                        # file of the location's announcement repository, nothing is uploaded
    'put_always',       # option paths every PUT carries (the API requires them), with the value the run leaves
    'overridable',      # whether the intercept of the target's location, while enabled, overrides the target's own
    'id_kinds',         # the KINDs its Webex IDs carry (base64 of ciscospark://<region>/<KIND>/<uuid>)
])

# The kind of a Webex ID whose target is not an intercept owner: only named in messages. Organizations carry
# ORGANIZATION (org_id).
ORGANIZATION_ID_KINDS = ('ORGANIZATION',)

# The announcement repository of a location: the files a location intercept's file_name may name.
REPOSITORY_PATH = '/telephony/config/announcements'
REPOSITORY_ITEMS_KEY = 'announcements'

OWNERS = dict((kind.name, kind) for kind in (
    OwnerKind(
        name='person', label='person', plural='people',
        intercept_path='/people/{id}/features/intercept',
        upload_path='/people/{id}/features/intercept/actions/announcementUpload/invoke',
        id_option='person_id', name_option='person_email',
        listing_path='/people', lookup_param='email', match_fields=None, items_key='items',
        listing_params=(('callingData', 'true'),), location_param='locationId', location_field='locationId',
        page_size=100, result_name='persons',
        entry_fields=(('person_id', 'id', None), ('email', 'emails', ''), ('display_name', 'displayName', ''),
                      ('location_id', 'locationId', None)),
        read_scope='spark-admin:people_read', write_scope='spark-admin:people_write',
        detail_path=None, greeting_source='upload', put_always=(), overridable=True, id_kinds=('PEOPLE',)),
    OwnerKind(
        name='workspace', label='workspace', plural='workspaces',
        intercept_path='/workspaces/{id}/features/intercept',
        upload_path='/telephony/config/workspaces/{id}/features/intercept/actions/announcementUpload/invoke',
        id_option='workspace_id', name_option='workspace_name',
        listing_path='/workspaces', lookup_param='displayName', match_fields=('displayName',), items_key='items',
        listing_params=(('calling', 'webexCalling'),), location_param='locationId', location_field='locationId',
        page_size=100, result_name='workspaces',
        entry_fields=(('workspace_id', 'id', None), ('display_name', 'displayName', ''),
                      ('location_id', 'locationId', None)),
        read_scope='spark-admin:workspaces_read', write_scope='spark-admin:workspaces_write',
        detail_path='/workspaces/{id}', greeting_source='upload', put_always=(), overridable=True,
        id_kinds=('PLACES', 'PLACE')),
    OwnerKind(
        name='virtual_line', label='virtual line', plural='virtual lines',
        intercept_path='/telephony/config/virtualLines/{id}/intercept',
        upload_path='/telephony/config/virtualLines/{id}/intercept/actions/announcementUpload/invoke',
        id_option='virtual_line_id', name_option='virtual_line_name',
        listing_path='/telephony/config/virtualLines', lookup_param=None,
        match_fields=(('firstName', 'lastName'), 'displayName', 'number.extension'), items_key='virtualLines',
        listing_params=(), location_param='locationId', location_field='location.id',
        page_size=100, result_name='virtual_lines',
        entry_fields=(('virtual_line_id', 'id', None), ('display_name', ('firstName', 'lastName'), ''),
                      ('extension', 'number.extension', None), ('location_id', 'location.id', None)),
        read_scope='spark-admin:telephony_config_read', write_scope='spark-admin:telephony_config_write',
        detail_path=None, greeting_source='upload', put_always=(), overridable=True,
        id_kinds=('VIRTUAL_LINE', 'VIRTUAL_PROFILE')),
    OwnerKind(
        name='location', label='location', plural='locations',
        intercept_path='/telephony/config/locations/{id}/intercept',
        upload_path=None,
        id_option='location_id', name_option='location_name',
        listing_path='/locations', lookup_param='name', match_fields=('name',), items_key='items',
        listing_params=(), location_param=None, location_field='id',
        page_size=100, result_name='locations',
        entry_fields=(('location_id', 'id', None), ('display_name', 'name', '')),
        read_scope='spark-admin:telephony_config_read', write_scope='spark-admin:telephony_config_write',
        detail_path='/locations/{id}', greeting_source='repository', put_always=(('enabled',),), overridable=False,
        id_kinds=('LOCATION',)),
))


# What a Webex ID decodes to: ciscospark://<region>/<KIND>/<rest>; the region may be a URN (urn:TEAM:us-east-1_int13).
WEBEX_ID_TEXT = re.compile(r'ciscospark://[^/]+/([A-Z][A-Z0-9_]*)/')
# "ciscospark://" in base64: every Webex ID starts with it. Anything else (a raw UUID) is taken as it is.
WEBEX_ID_PREFIX = 'Y2lzY29zcGFyazovL'


def id_kind(value):
    """The KIND a Webex ID carries (PEOPLE, PLACES, LOCATION...); None for a value that is not one (a raw UUID)."""
    if not isinstance(value, str) or not value.startswith(WEBEX_ID_PREFIX):
        return None
    text = value.strip().replace('-', '+').replace('_', '/')
    try:
        decoded = base64.b64decode(text + '=' * (-len(text) % 4)).decode('ascii', 'replace')
    except (binascii.Error, ValueError):
        return None
    match = WEBEX_ID_TEXT.match(decoded)
    return match.group(1) if match else None


# The KIND of each owner kind's IDs, to name what an ID of another kind is.
KIND_OF_ID = dict(PEOPLE='a person', PLACES='a workspace', PLACE='a workspace', VIRTUAL_LINE='a virtual line',
                  VIRTUAL_PROFILE='a virtual line', LOCATION='a location', ORGANIZATION='an organization')


def check_id(value, where, kinds, label):
    """``value``, or SettingsError when it is a Webex ID of a KIND not in ``kinds``, naming ``where`` and the fix.

    ``label`` names what is expected (``workspace``). A value that is not a Webex ID (a raw UUID) passes: the API
    decides. No request; nothing is decoded for a value that does not start like a Webex ID.
    """
    found = id_kind(value)
    if found is None or found in kinds:
        return value
    raise SettingsError('%s %s is the ID of %s (%s), not of %s %s (%s); give the ID of the %s' % (
        where, value, KIND_OF_ID.get(found, 'something else'), found, 'an' if label[0] in 'aeiou' else 'a', label,
        ' or '.join(kinds), label))


def check_owner_id(kind, value, where=None):
    """``value`` as the ID of a target of this owner kind (see check_id); ``where`` defaults to its ID option."""
    return check_id(value, where or kind.id_option, kind.id_kinds, kind.label)


def format_path(template, owner_id):
    """A path template with the ID quoted, so that no ID reaches another path or a query (``/``, ``?``, ``#``)."""
    return template.format(id=quote(str(owner_id), safe=''))


def intercept_path(kind, owner_id):
    return format_path(kind.intercept_path, owner_id)


def upload_path(kind, owner_id):
    return format_path(kind.upload_path, owner_id) if kind.upload_path else None


def item_field(item, field):
    """A listing item's field: dotted for nested ones, a tuple joins fields with spaces, a list gives its first."""
    if isinstance(field, tuple):
        return ' '.join(part for part in (item_field(item, name) for name in field) if part) or None
    value = item
    for key in field.split('.'):
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, list):
        return value[0] if value else ''
    return value


def matches_name(kind, item, name):
    """Whether a listing item is the target named ``name`` (always, when the API's own lookup is trusted)."""
    if kind.match_fields is None:
        return True
    return any(item_field(item, field) == name for field in kind.match_fields)


def entry_of(kind, item):
    """The identity part of an info entry, from a listing item."""
    entry = {}
    for key, field, default in kind.entry_fields:
        value = item_field(item, field)
        entry[key] = default if value is None else value
    return entry


def id_key(kind):
    """The key of an info entry that holds the target's ID (person_id, workspace_id...)."""
    return kind.entry_fields[0][0]


def name_key(kind):
    """The key of an info entry that names the target for people (email, display_name)."""
    return kind.entry_fields[1][0]


def entry_name(kind, entry):
    """How messages name the target of an info entry: its email or name, else its ID."""
    return entry.get(name_key(kind)) or entry[id_key(kind)]
