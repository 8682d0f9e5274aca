# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A backup checked whole before anything is restored: every entry of every kind, and the organization it is from.

Pure Python (standard library only). The restore role calls it (through a filter) before its first request, and
once more when it has read the organization it restores into: a backup with one bad entry, two entries for one
target, or of another organization is refused before anything is written.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii

from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS, id_key
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    SettingsError,
    join,
    shown,
    type_name,
    validate,
)

# The lists of a backup, the kind of each and the key of a target's name in its entries (what a restore across
# organizations finds it by) and the option of the bulk or location module that looks it up.
BACKUP_LISTS = (('persons', 'person', 'email', 'email'),
                ('workspaces', 'workspace', 'display_name', 'workspace_name'),
                ('virtual_lines', 'virtual_line', 'display_name', 'virtual_line_name'),
                ('locations', 'location', 'display_name', 'location_name'))
BACKUP_FORMAT = 'webex.calling.intercept_backup/1'


def entry_id(kind, entry):
    value = entry.get(id_key(kind))
    return value.strip() if isinstance(value, str) and value.strip() else None


def entry_name(entry, name_key, option):
    """The name an entry is found by in another organization: its own option (once mapped), else its name key."""
    for key in (option, name_key):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def check_entry(kind, entry, where, name_key, option, across):
    """The entry checked as the options of a module are: a mapping with its target and its settings."""
    if not isinstance(entry, dict):
        raise SettingsError('%s must be a %s\'s entry (a mapping with %s and intercept), not %s %s' % (
            where, kind.label, id_key(kind), type_name(entry), shown(entry)))
    if across:
        if entry_name(entry, name_key, option) is None:
            raise SettingsError('%s (%s %s) has no %s to find the %s by in another organization; restore it in its '
                                'own organization, or remove it from the backup' % (
                                    where, kind.label, entry_id(kind, entry) or '?', name_key, kind.label))
    elif entry_id(kind, entry) is None:
        raise SettingsError('%s needs %s, the ID of the %s (a non-empty string), not %s' % (
            where, id_key(kind), kind.label, shown(entry.get(id_key(kind)))))
    if not isinstance(entry.get('intercept'), dict):
        raise SettingsError('%s (%s %s) has no intercept settings (intercept is %s): a backup holds each target\'s '
                            'settings under intercept; take a new backup, or remove the entry' % (
                                where, kind.label, entry_name(entry, name_key, option) or entry_id(kind, entry),
                                shown(entry.get('intercept'))))
    validate(entry['intercept'], join(where, 'intercept'), loose=True, greeting_source=kind.greeting_source)


def check_duplicates(kind, entries, label, key_of, what):
    """Two entries for one target (the same ID, or the same name across organizations) are refused."""
    seen = {}
    for index, entry in enumerate(entries):
        key = key_of(entry)
        token = key.lower() if kind.name == 'person' else key
        if token in seen:
            raise SettingsError('%s and %s are both for the %s %s %s; a backup lists each target once: remove one' % (
                join(label, seen[token]), join(label, index), kind.label, what, key))
        seen[token] = index


def by_name(entry, name_key, option):
    """The entry without its ID, named by the option that looks it up (its ID is another organization's)."""
    mapped = dict((key, value) for key, value in entry.items() if not key.endswith('_id') and key != name_key)
    mapped[option] = entry_name(entry, name_key, option)
    if name_key == 'display_name':
        mapped['display_name'] = mapped[option]
    return mapped


def organization_uuid(org_id):
    """The UUID of a Webex organization ID (base64 of ciscospark://<region>/ORGANIZATION/<uuid>), else the ID."""
    text = str(org_id).strip()
    try:
        decoded = base64.b64decode(text + '=' * (-len(text) % 4), altchars=b'-_').decode('utf-8')
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return text
    return decoded.rsplit('/', 1)[-1] if decoded.startswith('ciscospark://') else text


def backup_organization(backup):
    """{id, name} of the organization a backup was taken in, as far as it records it."""
    org_id = backup.get('organization') or backup.get('organization_id')
    name = backup.get('organization_name')
    return dict(id=org_id if isinstance(org_id, str) and org_id else None,
                name=name if isinstance(name, str) and name else None)


def organization_text(org):
    if org['name'] and org['id']:
        return '%s (%s)' % (org['name'], org['id'])
    return org['name'] or org['id']


def same_organization(source, destination):
    """True, False, or None when the backup records nothing to compare with."""
    if source['id'] and destination.get('id'):
        return organization_uuid(source['id']) == organization_uuid(destination['id'])
    if source['name'] and destination.get('name'):
        return source['name'] == destination['name']
    return None


def check_organization(backup, destination, path, labels, across):
    """The backup is of the organization restored into, or the restore is across organizations on purpose."""
    source = backup_organization(backup)
    if same_organization(source, destination or {}) is False and not across:
        raise SettingsError(
            '%s is a backup of the organization %s, not of %s, the organization this restore writes to; its IDs are '
            'that organization\'s, so nothing was sent. Restore it with a token of %s (or set %s to its ID), or set '
            '%s to true to restore it into %s, each target found by its name (email, workspace, virtual line or '
            'location name)' % (path, organization_text(source), organization_text(destination),
                                organization_text(source), labels['org_id'], labels['across_organizations'],
                                organization_text(destination)))


def check_backup(backup, path, organization=None, across_organizations=False, labels=None):
    """The backup checked whole, every entry of every kind, before any request; the same document back.

    With ``across_organizations`` each entry is named by its email or name instead of its ID (another organization's
    IDs mean nothing here), and an entry without one, or two for one name, is refused. With ``organization`` (the
    organization restored into, {id, name}), a backup of another organization is refused unless
    ``across_organizations`` is true.
    """
    names = dict(org_id='org_id', across_organizations='across_organizations')
    names.update(labels or {})
    if not isinstance(backup, dict):
        raise SettingsError('%s is not a backup written by webex.calling.intercept_backup: it holds %s, not a JSON '
                            'object' % (path, type_name(backup)))
    if backup.get('format') not in (None, BACKUP_FORMAT):
        raise SettingsError('%s has format %s, which this collection does not read; it reads %s' % (
            path, shown(backup.get('format')), BACKUP_FORMAT))
    if not isinstance(backup.get('persons'), list):
        raise SettingsError('%s is not a backup written by webex.calling.intercept_backup: persons must be a list, '
                            'not %s' % (path, shown(backup.get('persons'))))
    result = dict(backup)
    for list_name, kind_name, name_key, option in BACKUP_LISTS:
        kind = OWNERS[kind_name]
        label = '%s: %s' % (path, list_name)
        entries = backup.get(list_name)
        if entries is None:
            entries = []
        if not isinstance(entries, list):
            raise SettingsError('%s must be a list of %s\'s entries, not %s' % (label, kind.label, shown(entries)))
        for index, entry in enumerate(entries):
            check_entry(kind, entry, join(label, index), name_key, option, across_organizations)
        if across_organizations:
            check_duplicates(kind, entries, label, lambda entry: entry_name(entry, name_key, option), 'named')
            entries = [by_name(entry, name_key, option) for entry in entries]
        else:
            check_duplicates(kind, entries, label, lambda entry: entry_id(kind, entry), 'with ID')
        result[list_name] = entries
    if organization is not None:
        check_organization(backup, organization, path, names, across_organizations)
    return result
