# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Many targets at once: who is listed, what is wanted for each, and what differs, from one bulk read.

Pure Python (standard library only). The filters and the roles use it; every comparison is ``_settings.plan``.
The people items, profiles and overrides are validated with ``_settings.validate`` before anything is read.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
from collections import namedtuple

from ansible_collections.webex.calling.plugins.module_utils._owners import (
    OWNERS,
    check_owner_id,
    entry_name,
    id_key,
    name_key,
)
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    FILE_NAME,
    GREETING,
    GREETING_FILE,
    REPOSITORY,
    SETTINGS_KEYS,
    SettingsError,
    get_path,
    join,
    merge_all,
    plan,
    set_path,
    shown,
    type_name,
    unknown_key,
    validate,
    with_file_name,
)
from ansible_collections.webex.calling.plugins.module_utils._wording import plural

PERSON = OWNERS['person']
ON_MISSING = ('fail', 'report')
# Keys of a people item besides the settings: who, which profile, and what an info entry or a backup carries.
ITEM_KEYS = ('person_id', 'email', 'person_email', 'profile', 'intercept')
ENTRY_KEYS = ('display_name', 'location_id', 'location_name', 'greeting_file_name', 'overridden_by_location', 'error')
# The owner kinds an item may name when a request allows them (a location's own intercept is nobody's item), and the
# keys of an info entry that hold a target's ID, whatever its kind.
ITEM_KINDS = ('person', 'workspace', 'virtual_line')
ENTRY_ID_KEYS = tuple(id_key(kind) for kind in OWNERS.values())
SEPARATORS = re.compile(r'[\s,;]+')
# Names of workspaces, virtual lines and locations hold spaces: a string lists them separated by commas, semicolons
# or new lines only.
NAME_SEPARATORS = re.compile(r'\s*[,;\n]\s*')
# A Webex ID is the base64 of "ciscospark://...": a string that is one is an ID, any other a name.
WEBEX_ID = re.compile(r'Y2lzY29zcGFyazovL[A-Za-z0-9+/=_-]*')
# The kinds besides people that roles list by name or ID, each in a list of its own.
OTHER_KINDS = ('workspace', 'virtual_line', 'location')
DEFAULT_LABELS = dict(wanted='wanted', people='people', profiles='profiles', overrides='overrides',
                      profile='profile', select='select', workspaces='workspaces', virtual_lines='virtual_lines',
                      locations='locations', location_greeting='location_greeting', site_kinds='site_kinds',
                      concurrency='concurrency', site_location_id='site_location_id',
                      site_location_name='site_location_name')
# How many targets a run reads or writes at the same time.
CONCURRENCY_RANGE = (1, 64)


def labels_of(labels):
    result = dict(DEFAULT_LABELS)
    result.update(labels or {})
    return result


def renamed(error, labels):
    """The error with the label of the leaf it is about, when ``labels`` names that leaf.

    A label's key with dots names one leaf below what another label names: ``profiles.out_of_service.incoming.
    announcements.new_number.destination`` is the variable a role builds that leaf from, which the user set.
    """
    text = str(error)
    labels = labels_of(labels)
    for key, label in sorted(labels.items()):
        if label and '.' in key and key.split('.', 1)[0] in labels:
            first, rest = key.split('.', 1)
            prefix = join(labels[first], rest)
            if text.startswith(prefix + ' '):
                return SettingsError(label + text[len(prefix):])
    return error


def check_site_named_once(location_id, location_name, required, labels):
    """A site is named by its location's ID or by its name, not both (and, when ``required``, by one of them)."""
    if (location_id and location_name) or (required and not (location_id or location_name)):
        raise SettingsError('Set exactly one of %s (the Webex ID of the location) and %s (its exact name)' % (
            labels['site_location_id'], labels['site_location_name']))


def check_concurrency(value, name):
    """A concurrency as a number, checked (1 to 64) before any request; SettingsError naming ``name`` otherwise."""
    low, high = CONCURRENCY_RANGE
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or not low <= number <= high:
        raise SettingsError('%s must be a whole number from %d to %d, not %r' % (name, low, high, value))
    return number


def split_list(value, where, separators=SEPARATORS):
    """A list from a list, or from one string separated by commas, semicolons, spaces or new lines (surveys)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in separators.split(value.strip()) if part]
    if not isinstance(value, (list, tuple)):
        raise SettingsError('%s must be a list or one string separated by commas, spaces or new lines, not %s'
                            % (where, type_name(value)))
    return list(value)


def profile_name(profile, where):
    """A profile's name as given, or SettingsError when it is not a string (a list, a dictionary...)."""
    if profile is not None and not isinstance(profile, str):
        raise SettingsError('%s must be the name of one of the profiles (a string), not %s %s' % (
            where, type_name(profile), shown(profile)))
    return profile


def profile_names(profiles):
    return ', '.join(sorted(str(name) for name in profiles))


def key_fields(kind):
    """(ID key, name key) of an item key of this kind: person_id and email for people, the kind's options else."""
    return ('person_id', 'email') if kind is PERSON else (kind.id_option, kind.name_option)


def target_options(kind):
    """The keys of an item that name a target of this kind."""
    return ('person_id', 'email', 'person_email') if kind is PERSON else (kind.id_option, kind.name_option)


def kinds_of(names, where='kinds'):
    """The OwnerKinds named (people always among them), or SettingsError naming what is not an item kind."""
    result = [PERSON]
    for name in split_list(names, where):
        if name not in ITEM_KINDS:
            raise SettingsError('%s: %s is not a kind of target; use %s' % (where, shown(name), ', '.join(ITEM_KINDS)))
        if OWNERS[name] not in result:
            result.append(OWNERS[name])
    return tuple(result)


def key_kind(key):
    """The OwnerKind an item key names."""
    for name in ITEM_KINDS[1:]:
        if any(key.get(field) for field in key_fields(OWNERS[name])):
            return OWNERS[name]
    return PERSON


def key_label(key):
    """How messages name the target of an item key: its email or name, else its ID."""
    id_field, name_field = key_fields(key_kind(key))
    return key.get(name_field) or key.get(id_field)


def other_target_key(item, where, kinds):
    """The key of an item that names a workspace or virtual line (of the kinds allowed), None if it names none."""
    given = [kind for kind in kinds
             if kind is not PERSON and any(item.get(option) is not None for option in target_options(kind))]
    if not given:
        return None
    people = [option for option in target_options(PERSON) if item.get(option) is not None]
    if len(given) > 1 or people:
        raise SettingsError('%s names targets of several kinds (%s); give one target per item' % (where, ', '.join(
            option for kind in (PERSON,) + tuple(given) for option in target_options(kind) if item.get(option) is not None)))
    kind = given[0]
    for option in target_options(kind):
        if item.get(option) is not None and (not isinstance(item[option], str) or not item[option].strip()):
            raise SettingsError('%s must be the %s of a %s, a non-empty string, not %s' % (
                join(where, option), 'ID' if option == kind.id_option else 'name', kind.label, shown(item[option])))
    if item.get(kind.id_option) is not None:
        check_owner_id(kind, item[kind.id_option].strip(), join(where, kind.id_option))
    return dict((option, item[option].strip()) for option in target_options(kind) if item.get(option) is not None)


def item_key(item, where, kinds=(PERSON,)):
    """The key of an item: {'person_id': ...} and/or {'email': ...} of a person, {'workspace_id': ...} or
    {'workspace_name': ...} (and so on) of another kind allowed in ``kinds``; None for an empty string."""
    if isinstance(item, str):
        text = item.strip()
        if not text:
            return None
        return {'email': text} if '@' in text else {'person_id': check_owner_id(PERSON, text, where)}
    if isinstance(item, dict):
        others = tuple(option for kind in kinds if kind is not PERSON for option in target_options(kind))
        extra = ('extension',) if OWNERS['virtual_line'] in kinds else ()
        for key in item:
            if key not in ITEM_KEYS + others + ENTRY_KEYS + extra + SETTINGS_KEYS:
                raise unknown_key(where, key, ITEM_KEYS + others + SETTINGS_KEYS)
        other = other_target_key(item, where, kinds)
        if other is not None:
            return other
        for key in ('person_id', 'email', 'person_email'):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise SettingsError('%s must be %s (a string), not %s %s' % (
                    join(where, key), 'a person ID' if key == 'person_id' else 'an email address',
                    type_name(item[key]), shown(item[key])))
        person_id = item.get('person_id')
        email = item.get('email') or item.get('person_email')
        if person_id:
            check_owner_id(PERSON, person_id, join(where, 'person_id'))
            return {'person_id': person_id, 'email': email}
        if email:
            return {'email': email}
        needed = 'email or person_id' + ''.join(', %s or %s' % target_options(kind) for kind in kinds if kind is not PERSON)
        raise SettingsError('%s needs %s; got keys %s' % (where, needed, ', '.join(sorted(item)))
                            if item else '%s is an empty dictionary; give %s' % (where, needed))
    raise SettingsError('%s must be an email address, a person ID or a dictionary, not %s' % (
        where, type_name(item)))


def owner_key(kind, item, where):
    """{id_option: ID} or {name_option: name} of a workspace, virtual line or location item; None for ""."""
    if isinstance(item, str):
        text = item.strip()
        if not text:
            return None
        return {kind.id_option: check_owner_id(kind, text, where)} if WEBEX_ID.fullmatch(text) else {kind.name_option: text}
    if isinstance(item, dict):
        own = (kind.id_option, kind.name_option, 'profile', 'intercept')
        for key in item:
            if key not in own + ENTRY_KEYS + ('extension',) + SETTINGS_KEYS:
                raise unknown_key(where, key, own + SETTINGS_KEYS)
        for option in (kind.id_option, kind.name_option):
            if item.get(option) is not None and (not isinstance(item[option], str) or not item[option].strip()):
                raise SettingsError('%s must be the %s of a %s, a non-empty string, not %s' % (
                    join(where, option), 'ID' if option == kind.id_option else 'name', kind.label, shown(item[option])))
        if item.get(kind.id_option):
            return {kind.id_option: check_owner_id(kind, item[kind.id_option], join(where, kind.id_option))}
        if item.get(kind.name_option):
            return {kind.name_option: item[kind.name_option]}
        raise SettingsError('%s needs %s or %s; got keys %s' % (
            where, kind.name_option, kind.id_option, ', '.join(sorted(item)) or 'none'))
    raise SettingsError('%s must be the name or ID of a %s, or a dictionary, not %s' % (
        where, kind.label, type_name(item)))


# The kinds a site closure may take, and the other spellings a survey may give them.
SITE_KINDS = ('person', 'workspace', 'virtual_line')
SITE_KIND_NAMES = dict(people='person', persons='person', workspaces='workspace', virtual_lines='virtual_line')


def site_kinds_of(value, where):
    """The kinds of a site closure from a list or one string (commas, spaces): each checked, in the table's order."""
    kinds = []
    for name in split_list(value, where):
        kind = SITE_KIND_NAMES.get(str(name).strip().lower(), str(name).strip().lower())
        if kind not in SITE_KINDS:
            raise SettingsError('%s: %s is not a kind of target; use %s' % (where, shown(name), ', '.join(SITE_KINDS)))
        kinds.append(kind)
    if not kinds:
        raise SettingsError('%s is empty; give one or more of %s' % (where, ', '.join(SITE_KINDS)))
    return [kind for kind in SITE_KINDS if kind in kinds]


def location_settings(wanted, greeting, where):
    """The settings wanted for a location's own intercept: what everyone gets, its greeting a repository file.

    A location cannot upload a greeting: ``greeting_file`` is dropped, and ``greeting`` is CUSTOM with ``greeting``
    (a file of the location's announcement repository) as ``file_name``, or DEFAULT without one.
    """
    settings = merge_all(wanted)
    announcements = settings.get('incoming', {}).get('announcements', {})
    uploaded = announcements.pop(GREETING_FILE[-1], None)
    if greeting:
        set_path(settings, GREETING, 'CUSTOM')
        set_path(settings, FILE_NAME, greeting)
    elif get_path(settings, GREETING) == 'CUSTOM' and uploaded and not get_path(settings, FILE_NAME):
        set_path(settings, GREETING, 'DEFAULT')
    return validate(settings, where, greeting_source=REPOSITORY)


class Request:
    """What is wanted, checked: the base settings, the profiles, the people items and the overrides."""

    def __init__(self, wanted=None, people=None, profiles=None, overrides=None, profile=None, labels=None,
                 select=None, kinds=None, owners=None, location_greeting=None):
        self.labels = labels_of(labels)
        # The kinds of target the items may name besides people (workspace_id, virtual_line_name...).
        self.kinds = kinds_of(kinds)
        if profiles is not None and not isinstance(profiles, dict):
            raise SettingsError('%s must be a dictionary of named settings, not %s' % (
                self.labels['profiles'], type_name(profiles)))
        self.profiles = dict((name, validate(settings, join(self.labels['profiles'], name), loose=True))
                             for name, settings in (profiles or {}).items())
        base = validate(wanted, self.labels['wanted'], loose=True)
        if profile_name(profile, self.labels['profile']):
            if profile not in self.profiles:
                raise SettingsError('%s %s is not one of the profiles %s; use one of them or add it to %s' % (
                    self.labels['profile'], profile, profile_names(self.profiles) or '(none defined)',
                    self.labels['profiles']))
            base = merge_all(self.profiles[profile], base)
        self.wanted = merge_all(base)
        self.people = self._items(split_list(people, self.labels['people']), self.labels['people'])
        chosen = set(str(key).lower() for key in split_list(select, self.labels['select']))
        if chosen:
            self.people = [(key, item, wanted) for key, item, wanted in self.people
                           if any(str(value).lower() in chosen for value in key.values() if value)]
        self.overrides = self._items(split_list(overrides, self.labels['overrides']), self.labels['overrides'])
        # Workspaces, virtual lines and locations listed by name or ID: {kind name: [(key, item, wanted)]}.
        self.owners = {}
        for name in OTHER_KINDS:
            kind = OWNERS[name]
            label = self.labels[kind.result_name]
            entries = []
            for index, item in enumerate(split_list((owners or {}).get(name), label, NAME_SEPARATORS)):
                where = join(label, index)
                key = owner_key(kind, item, where)
                if key is None:
                    continue
                if chosen and not chosen & set(str(value).lower() for value in key.values()):
                    continue
                extra = (kind.id_option, kind.name_option, 'profile', 'intercept', 'extension') + ENTRY_KEYS
                if kind.greeting_source == REPOSITORY and isinstance(item, dict):
                    # A location's own settings cannot upload a greeting (what everyone gets may: it is dropped).
                    validate(item, where, loose=True, extra_keys=extra, greeting_source=REPOSITORY)
                    validate(item.get('intercept'), join(where, 'intercept'), loose=True, greeting_source=REPOSITORY)
                entries.append((key, item, self._item_wanted(item, where, extra)))
            self.owners[name] = entries
        if location_greeting is not None and not isinstance(location_greeting, str):
            raise SettingsError('%s must be the name of a file of the announcement repository, not %s' % (
                self.labels['location_greeting'], shown(location_greeting)))
        self.location_greeting = (location_greeting or '').strip()

    def _items(self, items, label):
        """[(key, item, wanted)] of the items that name someone, each validated."""
        result = []
        for index, item in enumerate(items):
            where = join(label, index)
            key = item_key(item, where, self.kinds)
            if key is None:
                continue
            result.append((key, item, self._item_wanted(item, where)))
        return result

    def _item_wanted(self, item, where, extra=None):
        """The settings wanted for one item (validated), or None for a bare email or ID (the base applies)."""
        if not isinstance(item, dict):
            return None
        base = None
        profile = profile_name(item.get('profile'), join(where, 'profile'))
        if profile:
            if profile not in self.profiles:
                raise SettingsError('%s.profile %s is not one of the profiles: %s' % (
                    where, shown(profile), profile_names(self.profiles) or 'none defined'))
            base = self.profiles[profile]
        if extra is None:
            extra = ITEM_KEYS + ENTRY_KEYS + ('extension',) + tuple(
                option for kind in self.kinds for option in target_options(kind))
        own = validate(item, where, loose=True, extra_keys=extra)
        intercept = validate(item.get('intercept'), join(where, 'intercept'), loose=True)
        if base is None and not own and not intercept:
            return None
        return merge_all(base, intercept, own) if base is not None else (intercept, own)

    def wanted_for(self, item_wanted, special=None):
        """The settings wanted for an item: its profile or the base (or an override's), then its own."""
        if item_wanted is None:
            return special if special is not None else self.wanted
        if isinstance(item_wanted, tuple):
            return merge_all(special if special is not None else self.wanted, *item_wanted)
        return item_wanted

    def read_one(self):
        """{person_id} or {person_email} when exactly one person is listed (so only that person is read), else {}."""
        if len(self.people) != 1 or key_kind(self.people[0][0]) is not PERSON:
            return {}
        key = self.people[0][0]
        return {'person_id': key['person_id']} if key.get('person_id') else {'person_email': key['email']}

    def bulk_items(self):
        """(items, defaults) for webex_intercepts: each person's target and settings, in order.

        When nobody has a profile of their own, the settings everyone gets are the module's ``defaults`` and each
        item carries only its own (smaller, the same result); otherwise each item carries all its settings. An item
        listed twice with the same settings is given once (the bulk module refuses an email used twice).
        """
        listed = self.people + self.owners['workspace'] + self.owners['virtual_line']
        shared = not any(isinstance(item_wanted, dict) for dummy, dummy2, item_wanted in listed)
        items = []
        seen = set()
        for key, original, item_wanted in listed:
            if key_kind(key) is not PERSON:
                item = dict((option, value) for option, value in key.items() if value)
                if isinstance(original, dict) and isinstance(original.get('display_name'), str):
                    item['display_name'] = original['display_name']   # names the target in messages
            elif key.get('person_id'):
                item = dict(person_id=key['person_id'], email=key['email']) if key.get('email') else dict(
                    person_id=key['person_id'])
            else:
                item = dict(person_email=key['email'])
            if shared:
                item.update(merge_all(*item_wanted) if isinstance(item_wanted, tuple) else {})
            else:
                item.update(self.wanted_for(item_wanted))
            text = json.dumps(item, sort_keys=True)
            if text not in seen:
                seen.add(text)
                items.append(item)
        return items, (self.wanted if shared else {})

    def location_items(self):
        """The options of webex_location_intercept for each location listed: its name or ID, its settings, and
        ``label``, the location as listed (for messages; not an option)."""
        items = []
        for index, (key, original, item_wanted) in enumerate(self.owners['location']):
            where = join(self.labels['locations'], index)
            item = dict(key, **location_settings(self.wanted_for(item_wanted), self.location_greeting, where))
            name = original.get('display_name') if isinstance(original, dict) else None
            item['label'] = name if isinstance(name, str) and name else next(iter(key.values()))
            items.append(item)
        return items

    def without_settings(self):
        """The items for whom nothing is wanted."""
        listed = self.people + [entry for name in OTHER_KINDS for entry in self.owners[name]]
        return [key_label(key) or next(iter(key.values())) for key, dummy, item_wanted in listed
                if not self.wanted_for(item_wanted)]

    def count(self):
        return len(self.people) + sum(len(entries) for entries in self.owners.values())


class Index:
    """The entries read, by ID and by email (case-insensitive)."""

    def __init__(self, entries, kind=PERSON):
        if not isinstance(entries, list):
            raise SettingsError('the input must be the list of %s returned by the info module' % kind.result_name)
        self.kind = kind
        self.by_id = {}
        self.by_name = {}
        for entry in entries:
            if not isinstance(entry, dict) or id_key(kind) not in entry:
                raise SettingsError('the input must be the %s returned by the info module; an entry without %s '
                                    'was given' % (kind.result_name, id_key(kind)))
            self.by_id[entry[id_key(kind)]] = entry
            if entry.get(name_key(kind)):
                self.by_name.setdefault(entry[name_key(kind)].lower(), []).append(entry)

    def find(self, key):
        """The entry an item key (of this index's kind) names, None if none; an error if an email or name names
        several."""
        id_field, name_field = key_fields(self.kind)
        if key.get(id_field):
            return self.by_id.get(key[id_field])
        matches = self.by_name.get(key[name_field].lower(), [])
        if len(matches) > 1:
            raise SettingsError('%s matches %d %s (%s); give the %s of the one meant' % (
                key[name_field], len(matches), self.kind.plural, ', '.join(entry[id_key(self.kind)] for entry in matches),
                self.kind.id_option))
        return matches[0] if matches else None


def current_of(value):
    """Settings with file_name, or None (not read), of an info entry or of bare settings."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SettingsError('intercept settings must be a dictionary (the intercept of an entry returned by the info '
                            'module), not %s' % type_name(value))
    if 'intercept' in value and any(key in value for key in ENTRY_ID_KEYS):
        if value['intercept'] is None:
            return None
        return with_file_name(value['intercept'], value.get('greeting_file_name'))
    return with_file_name(value, get_path(value, FILE_NAME))


def differences(current, wanted, where='wanted'):
    """[Difference] of the wanted settings that differ from an entry or bare settings (None: not read)."""
    return plan(current_of(current), validate(wanted, where, loose=True), strict=False).differences


def compare_entry(entry, wanted, kind=PERSON):
    """The result for one entry read (the shape the roles and the audit use): its ID under the kind's key
    (``person_id``, ``workspace_id``, ``virtual_line_id``)."""
    result = dict(kind=kind.name, email=entry.get('email'), display_name=entry.get('display_name'),
                  location_id=entry.get('location_id'), location_name=entry.get('location_name'), wanted=wanted,
                  current=entry.get('intercept'), greeting_file_name=entry.get('greeting_file_name'), found=True,
                  drift=[], details=[], error=entry.get('error'),
                  overridden_by_location=entry.get('overridden_by_location', False))
    result[id_key(kind)] = entry[id_key(kind)]
    if entry.get('intercept') is None:
        result['error'] = result['error'] or 'the settings of this %s were not read' % kind.label
        return result
    for difference in plan(current_of(entry), wanted, strict=False).differences:
        result['drift'].append(difference.setting)
        result['details'].append(dict(field=difference.setting, expected=difference.expected, actual=difference.actual))
    return result


def missing_entry(key, wanted, kind=PERSON):
    id_field, name_field = key_fields(kind)
    result = dict(kind=kind.name, email=key.get('email'), display_name=None if kind is PERSON else key.get(name_field),
                  location_id=None, location_name=None, wanted=wanted, current=None, greeting_file_name=None,
                  found=False, drift=[], details=[], error='matches no Webex Calling %s among those read' % kind.label,
                  overridden_by_location=None)
    result[id_key(kind)] = key.get(id_field)
    return result


def compare(entries, request, on_missing='fail', kind=PERSON):
    """For each target of the kind selected (those listed, else everyone read), the settings wanted and what differs.

    ``entries`` are the info module's entries of that kind (``persons``, ``workspaces``, ``virtual_lines``); the
    items and overrides of ``request`` that name other kinds are left to their own comparison. When some targets
    are listed, only those of this kind are compared (none, if none is listed).
    """
    if on_missing not in ON_MISSING:
        raise SettingsError('on_missing must be one of %s, not %r' % (', '.join(ON_MISSING), on_missing))
    index = Index(entries, kind)
    special = {}
    for key, dummy, item_wanted in request.overrides:
        entry = index.find(key) if key_kind(key) is kind else None
        if entry is not None:
            special[entry[id_key(kind)]] = request.wanted_for(item_wanted)
    if not request.people:
        return [compare_entry(entry, special.get(entry[id_key(kind)], request.wanted), kind) for entry in entries]
    results = []
    seen = {}
    missing = []
    for key, dummy, item_wanted in request.people:
        if key_kind(key) is not kind:
            continue
        entry = index.find(key)
        wanted = request.wanted_for(item_wanted, special.get(entry[id_key(kind)]) if entry else None)
        if entry is None:
            missing.append(key_label(key))
            results.append(missing_entry(key, wanted, kind))
            continue
        if entry[id_key(kind)] in seen:
            if seen[entry[id_key(kind)]] != wanted:
                raise SettingsError('%s is listed twice with different settings; list each %s once'
                                    % (entry_name(kind, entry), kind.label))
            continue
        seen[entry[id_key(kind)]] = wanted
        results.append(compare_entry(entry, wanted, kind))
    if missing and on_missing == 'fail':
        raise SettingsError('%d of the %s listed %s no Webex Calling %s among those read: %s' % (
            len(missing), kind.plural, plural(len(missing), 'matches', 'match'), kind.label, ', '.join(missing)))
    return results


def with_location_overrides(entries, locations):
    """The info entries with ``overridden_by_location`` set from the locations' own intercepts, read once for every
    kind (the entries of webex_location_intercept_info): true while a target's location intercept is enabled, null
    when it could not be read or the location is not among those read, false for a target without a location."""
    if not isinstance(locations, list):
        raise SettingsError('locations must be the locations returned by webex.calling.webex_location_intercept_info, '
                            'not %s' % type_name(locations))
    states = {}
    for location in locations:
        if not isinstance(location, dict) or not location.get('location_id'):
            raise SettingsError('locations must be the locations returned by webex.calling.webex_location_intercept_'
                                'info; an entry without location_id was given')
        intercept = location.get('intercept')
        states[location['location_id']] = bool(intercept.get('enabled')) if isinstance(intercept, dict) else None
    return [dict(entry, overridden_by_location=states.get(entry.get('location_id')) if entry.get('location_id')
                 else False) if isinstance(entry, dict) else entry for entry in entries]


def summarize(results):
    """The plan with its summary: who to apply to, who is compliant, unreadable or missing, counts by setting."""
    by_setting = {}
    for result in results:
        for setting in result['drift']:
            by_setting[setting] = by_setting.get(setting, 0) + 1
    groups = dict(
        to_apply=[result for result in results if result['found'] and (result['drift'] or result['error'])],
        compliant=[result for result in results if not result['drift'] and not result['error']],
        drifted=[result for result in results if result['drift']],
        unreadable=[result for result in results if result['found'] and result['error']],
        missing=[result for result in results if not result['found']],
    )
    summary = dict(people=results, by_setting=dict(sorted(by_setting.items())),
                   counts=dict(dict((name, len(group)) for name, group in groups.items()), people=len(results)))
    summary.update(groups)
    return summary


def targets(people, wanted=None, profiles=None, overrides=None, profile=None, select=None, labels=None,
            required=False, require_settings=False, kinds=None, workspaces=None, virtual_lines=None, locations=None,
            location_greeting=None, site=False, site_kinds=None, site_location=None, concurrency=None,
            site_location_id=None, site_location_name=None, site_required=False, names=None):
    """Check what is wanted before anything is read; return the people items and what to read.

    ``{'people': the items that name someone (a people string split), 'read': {person_id} or {person_email} when
    exactly one person is listed, else {}, 'intercepts' and 'defaults': the options of the bulk module webex_intercepts,
    'kinds': the kinds of target the items name}``. ``select`` (unless empty) keeps only the items whose email, name
    or ID it lists. ``kinds`` are the kinds of target items may name besides people. ``workspaces``,
    ``virtual_lines`` and ``locations`` list targets of those kinds (names or IDs); 'locations' returns the options of
    webex_location_intercept for each, with ``location_greeting`` as their greeting. ``site``: everyone of a location
    is a target too ('everyone_settings' then holds what everyone gets; 'site_kinds' the kinds checked).
    ``site_location`` (the site's ID or name) is listed after ``locations``: the site's own intercept gets the
    settings too. ``concurrency`` (unless None) is checked too, 1 to 64. ``site_location_id`` and
    ``site_location_name``, as the user gave them: at most one (exactly one with ``site_required``). ``names`` renames
    the labels' values ({a role's variable: the name of the playbook's variable that sets it}).
    """
    if names:
        labels = {key: names.get(label, label) for key, label in (labels or {}).items()}
    check_site_named_once(site_location_id, site_location_name, site_required, labels_of(labels))
    if concurrency is not None:
        check_concurrency(concurrency, labels_of(labels)['concurrency'])
    if site_location:
        locations = split_list(locations, labels_of(labels)['locations'], NAME_SEPARATORS) + [site_location]
    owners = dict(workspace=workspaces, virtual_line=virtual_lines, location=locations)
    try:
        request = Request(wanted, people, profiles, overrides, profile, labels, select, kinds, owners,
                          location_greeting)
    except SettingsError as exc:
        raise renamed(exc, labels)
    if required and not request.count() and not site:
        raise SettingsError('%s is empty; list the email addresses or person IDs of the people' % request.labels['people'])
    if require_settings:
        nothing = request.without_settings()
        if nothing:
            raise SettingsError('no settings are wanted for %s; set %s, %s or the person\'s own settings' % (
                ', '.join(nothing), request.labels['profile'], request.labels['wanted']))
    items, defaults = request.bulk_items()
    result = dict(people=[item for dummy, item, dummy2 in request.people], read=request.read_one(), intercepts=items,
                  defaults=defaults, locations=request.location_items(), count=request.count(),
                  kinds=[kind.name for kind in request.kinds if any(key_kind(key) is kind for key, dummy, dummy2
                                                                    in request.people)])
    if site:
        # Everyone at the site whom no item names gets what everyone gets; the items keep their own settings (with
        # the defaults when nobody has a profile of their own), never the site's under theirs.
        result['site_kinds'] = site_kinds_of(SITE_KINDS if site_kinds is None else site_kinds,
                                             request.labels['site_kinds'])
        result['everyone_settings'] = request.wanted
    result['site'] = bool(site)
    return result


# --- the items of the bulk module (webex_intercepts) -------------------------------------------------------------

# The owner kinds a bulk item may name (a location has one intercept: webex_location_intercept sets it).
BULK_KINDS = tuple(OWNERS[name] for name in ('person', 'workspace', 'virtual_line'))
BULK_TARGET_KEYS = tuple(option for kind in BULK_KINDS for option in (kind.id_option, kind.name_option))
# Keys an info entry (or a backup's entry) carries besides its target and settings: accepted, used only to name the
# target in messages. ``email`` names the person to look up when the item has no other target key.
BULK_ENTRY_KEYS = ('email', 'extension') + ENTRY_KEYS
BulkItem = namedtuple('BulkItem', [
    'index',     # the position in the list
    'where',     # intercepts[3]: how messages name the item
    'kind',      # its OwnerKind
    'owner_id',  # the ID given, or None when a name is to be looked up
    'name',      # the name (email) to look up, or None
    'label',     # how messages name the target: its email or name, else its ID
    'wanted',    # the settings wanted (defaults, then the item's intercept, then its own), validated
])


def name_token(kind, name):
    """A name as compared: emails case-insensitively (as Webex does), other names exactly."""
    return name.lower() if kind.name == 'person' else name


def bulk_target(item, where):
    """(kind, owner ID or None, name or None, label) of a bulk item; SettingsError when it names no or several."""
    given = [(kind, option) for kind in BULK_KINDS for option in (kind.id_option, kind.name_option)
             if item.get(option) is not None]
    if not given and item.get('email') is not None:
        given = [(PERSON, 'email')]
    kinds = []
    for kind, dummy in given:
        if kind not in kinds:
            kinds.append(kind)
    if not kinds:
        raise SettingsError('%s names no target; give one of %s (a location\'s own intercept is set with '
                            'webex.calling.webex_location_intercept)' % (where, ', '.join(BULK_TARGET_KEYS)))
    if len(kinds) > 1:
        raise SettingsError('%s names targets of several kinds (%s); give one target per item' % (
            where, ', '.join(option for dummy, option in given)))
    kind = kinds[0]
    options = [option for dummy, option in given]
    if kind.id_option in options and kind.name_option in options:
        raise SettingsError('%s gives both %s and %s; give one of them' % (where, kind.id_option, kind.name_option))
    for option in options:
        value = item[option]
        if not isinstance(value, str) or not value.strip():
            raise SettingsError('%s must be the %s of a %s, a non-empty string, not %r' % (
                join(where, option), 'ID' if option == kind.id_option else 'email address' if kind.name == 'person'
                else 'name', kind.label, value))
    owner_id = item.get(kind.id_option)
    if owner_id:
        check_owner_id(kind, owner_id, join(where, kind.id_option))
    name = None if owner_id else (item.get(kind.name_option) or item['email']).strip()
    label = name or item.get(kind.name_option) or (item.get('email') if kind.name == 'person' else None)
    label = label or (item.get('display_name') if isinstance(item.get('display_name'), str) else None) or owner_id
    return kind, owner_id, name, label


def bulk_items(intercepts, defaults=None, where='intercepts'):
    """Every item of the bulk module checked, before any request: [BulkItem]; SettingsError naming the first bad one.

    An item is a target (``person_id``/``person_email``/``email``, ``workspace_id``/``workspace_name``,
    ``virtual_line_id``/``virtual_line_name``) and settings in the options' shape, at the top and/or under
    ``intercept`` (an info entry as returned); ``defaults`` are merged under each. A name used by several items, or
    one ID with different settings, is an error.
    """
    if not isinstance(intercepts, (list, tuple)):
        raise SettingsError('%s must be a list of items, not %s' % (where, type_name(intercepts)))
    base = validate(defaults, 'defaults', loose=True)
    result = []
    for index, item in enumerate(intercepts):
        here = join(where, index)
        if not isinstance(item, dict):
            raise SettingsError('%s must be a dictionary with a target (%s) and settings, not %s' % (
                here, ', '.join(BULK_TARGET_KEYS), type_name(item)))
        kind, owner_id, name, label = bulk_target(item, here)
        try:
            own = validate(item, here, loose=True, extra_keys=BULK_TARGET_KEYS + BULK_ENTRY_KEYS + ('intercept',))
            intercept = validate(item.get('intercept'), join(here, 'intercept'), loose=True)
            wanted = validate(merge_all(base, intercept, own), here, loose=True)
        except SettingsError as exc:
            raise SettingsError('%s (%s %s): %s' % (here, kind.label, label, exc))
        result.append(BulkItem(index, here, kind, owner_id, name, label, wanted))
    check_bulk_names(result)
    group_bulk_targets((item, item.owner_id) for item in result if item.owner_id)
    return result


def check_bulk_names(items):
    """A name (email) used by several items is an error: each is meant to name one target once."""
    seen = {}
    for item in items:
        if item.name is None:
            continue
        key = (item.kind.name, name_token(item.kind, item.name))
        if key in seen:
            raise SettingsError('%s and %s both name %s %s; list each target once' % (
                seen[key].where, item.where, item.kind.label, item.name))
        seen[key] = item


def group_bulk_targets(pairs):
    """[(kind, owner ID, [BulkItem])] from (BulkItem, resolved ID) pairs, in order; items for one target share it.

    Two items for the same target with different settings are an error.
    """
    groups = {}
    for item, owner_id in pairs:
        key = (item.kind.name, owner_id)
        if key in groups:
            first = groups[key][2][0]
            if first.wanted != item.wanted:
                raise SettingsError('%s (%s) and %s (%s) are both for %s %s, with different settings; list each '
                                    'target once' % (first.where, first.label, item.where, item.label, item.kind.label,
                                                     owner_id))
            groups[key][2].append(item)
        else:
            groups[key] = (item.kind, owner_id, [item])
    return list(groups.values())
