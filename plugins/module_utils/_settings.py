# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The call intercept settings model: the one table of settings, translation, validation and the planner.

Pure Python (standard library only, no Ansible, no HTTP), so modules, filters, roles and tests share it.

- ``SETTINGS`` is the one table: one row per leaf of the options (option path, API path, type, choices).
  Adding a setting is one row here plus its documentation in the modules.
- ``validate`` checks any settings tree a user hands over (module options, role baselines, per-person
  overrides, profiles, bulk items) and names the path of a bad key and the fix.
- ``plan`` is the one function that decides what differs: before/after in the options' shape, the minimal
  PUT body, the greeting to upload and the differing dotted settings.

Owner kinds differ in one way here, given as ``greeting_source``: people, workspaces and virtual lines upload their
custom greeting (``greeting_file``; ``file_name`` is read-only), a location names a file already in its announcement
repository (``file_name`` is a setting; nothing is uploaded). And a kind's PUT may have to carry some settings
every time (``always``: a location's ``enabled``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import difflib
import os
import re
from collections import namedtuple

# One row per leaf of the options. type: bool, choice, destination (a number, "" for none), path (a local
# file to upload, never sent in a PUT), read_only (read from the API, never sent).
Setting = namedtuple('Setting', ['option', 'api', 'type', 'choices'])
SETTINGS = (
    Setting(('enabled',), ('enabled',), 'bool', None),
    Setting(('incoming', 'type'), ('incoming', 'type'), 'choice', ('INTERCEPT_ALL', 'ALLOW_ALL')),
    Setting(('incoming', 'voicemail_enabled'), ('incoming', 'voicemailEnabled'), 'bool', None),
    Setting(('incoming', 'announcements', 'greeting'), ('incoming', 'announcements', 'greeting'), 'choice',
            ('DEFAULT', 'CUSTOM')),
    Setting(('incoming', 'announcements', 'greeting_file'), None, 'path', None),
    Setting(('incoming', 'announcements', 'file_name'), ('incoming', 'announcements', 'fileName'), 'read_only', None),
    Setting(('incoming', 'announcements', 'new_number', 'enabled'), ('incoming', 'announcements', 'newNumber', 'enabled'),
            'bool', None),
    Setting(('incoming', 'announcements', 'new_number', 'destination'),
            ('incoming', 'announcements', 'newNumber', 'destination'), 'destination', None),
    Setting(('incoming', 'announcements', 'zero_transfer', 'enabled'),
            ('incoming', 'announcements', 'zeroTransfer', 'enabled'), 'bool', None),
    Setting(('incoming', 'announcements', 'zero_transfer', 'destination'),
            ('incoming', 'announcements', 'zeroTransfer', 'destination'), 'destination', None),
    Setting(('outgoing', 'type'), ('outgoing', 'type'), 'choice', ('INTERCEPT_ALL', 'ALLOW_LOCAL_ONLY')),
    Setting(('outgoing', 'transfer_enabled'), ('outgoing', 'transferEnabled'), 'bool', None),
    Setting(('outgoing', 'destination'), ('outgoing', 'destination'), 'destination', None),
)
WRITABLE = tuple(row for row in SETTINGS if row.type in ('bool', 'choice', 'destination'))
SETTINGS_KEYS = tuple(sorted(set(row.option[0] for row in SETTINGS), key=[row.option[0] for row in SETTINGS].index))
GREETING_FILE = ('incoming', 'announcements', 'greeting_file')
FILE_NAME = ('incoming', 'announcements', 'file_name')
GREETING = ('incoming', 'announcements', 'greeting')
# The greeting's name is spelled fileName in live answers and filename in the API's schema: both are read.
API_FILE_NAMES = (('incoming', 'announcements', 'fileName'), ('incoming', 'announcements', 'filename'))

DESTINATION_PATTERN = re.compile(r'\+?[0-9]{2,20}')
GREETING_MAX_BYTES = 5000 * 1024
# Boolean spellings accepted from templates and surveys (as Ansible's own boolean conversion does).
TRUE_STRINGS = ('y', 'yes', 'on', '1', 'true', 't')
FALSE_STRINGS = ('n', 'no', 'off', '0', 'false', 'f')

# Cross-field rules: (switch, the setting it needs, what that setting holds).
REQUIREMENTS = (
    (('incoming', 'announcements', 'new_number', 'enabled'), ('incoming', 'announcements', 'new_number', 'destination'),
     'the number callers are told to dial instead'),
    (('incoming', 'announcements', 'zero_transfer', 'enabled'), ('incoming', 'announcements', 'zero_transfer', 'destination'),
     'where a caller who presses 0 is transferred'),
    (('outgoing', 'transfer_enabled'), ('outgoing', 'destination'), 'where intercepted outgoing calls are transferred'),
)

GreetingFile = namedtuple('GreetingFile', ['path', 'name', 'content'])
Difference = namedtuple('Difference', ['setting', 'expected', 'actual'])
Plan = namedtuple('Plan', ['before', 'after', 'body', 'upload', 'differences'])
UPLOAD = 'upload'
REPOSITORY = 'repository'
GREETING_SOURCES = (UPLOAD, REPOSITORY)


class SettingsError(ValueError):
    """Settings or options that cannot be applied; the text names the option (or key path) and the fix."""


def dotted(path):
    return '.'.join(path)


def get_path(tree, path):
    for key in path:
        if not isinstance(tree, dict):
            return None
        tree = tree.get(key)
    return tree


def set_path(tree, path, value):
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def option_tree():
    """The options as nested dictionaries: {key: subtree or Setting}."""
    tree = {}
    for row in SETTINGS:
        set_path(tree, row.option, row)
    return tree


ANSIBLE_TYPES = {'bool': 'bool', 'choice': 'str', 'destination': 'str', 'path': 'path', 'read_only': 'str'}


def argument_spec():
    """The settings part of a module's argument spec (enabled, incoming, outgoing), built from the table."""
    def spec(tree):
        options = {}
        for key, value in tree.items():
            if isinstance(value, Setting):
                options[key] = dict(type=ANSIBLE_TYPES[value.type])
                if value.choices:
                    options[key]['choices'] = list(value.choices)
            else:
                options[key] = dict(type='dict', options=spec(value))
        return options
    return spec(option_tree())


# --- translation ---------------------------------------------------------------------------------------------

def is_empty_destination(row, value):
    """The one empty-destination rule: a missing destination and "" are the same."""
    return row.type == 'destination' and value is None


def current_value(row, settings):
    value = get_path(settings, row.option)
    return '' if is_empty_destination(row, value) else value


def settings_from_api(api):
    """API settings (camelCase) as options (snake_case), without the greeting's name; unknown fields are dropped."""
    settings = {}
    for row in WRITABLE:
        value = get_path(api, row.api)
        set_path(settings, row.option, '' if is_empty_destination(row, value) else value)
    return settings


def greeting_name_from_api(api):
    """The name of the custom greeting on the server ("" if none), from either spelling."""
    return next((name for name in (get_path(api, path) for path in API_FILE_NAMES) if name), '')


def copy_tree(tree):
    """A copy of a settings tree of plain data: new dicts and lists, the same leaves (cheaper than a deep copy)."""
    if isinstance(tree, dict):
        return dict((key, copy_tree(value)) for key, value in tree.items())
    if isinstance(tree, list):
        return [copy_tree(value) for value in tree]
    return tree


def with_file_name(settings, file_name):
    """Settings in the module's output shape: with incoming.announcements.file_name."""
    state = copy_tree(settings)
    set_path(state, FILE_NAME, file_name or '')
    return state


def settings_to_api(settings, greeting_source=UPLOAD):
    """The API body (camelCase) for the settings given; leaves that are None or absent are left out.

    ``file_name`` is sent only where it is a setting (``greeting_source`` ``repository``: a location).
    """
    body = {}
    rows = WRITABLE + ((next(row for row in SETTINGS if row.option == FILE_NAME),) if greeting_source == REPOSITORY
                       else ())
    for row in rows:
        value = get_path(settings, row.option)
        if value is not None:
            set_path(body, row.api, value)
    return body


# --- general helpers -------------------------------------------------------------------------------------------

def to_bool(value):
    """A boolean from a boolean or one of the strings templates and surveys give; None if it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in TRUE_STRINGS:
            return True
        if text in FALSE_STRINGS:
            return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def clean(value):
    """A deep copy without null values (null means "not set")."""
    if isinstance(value, dict):
        return dict((key, clean(item)) for key, item in value.items() if item is not None)
    if isinstance(value, (list, tuple)):
        return [clean(item) for item in value]
    return value


def merge(base, override):
    """Merge override into base in place: dictionaries recursively, other values replaced; null is ignored."""
    for key, value in override.items():
        if value is None:
            continue
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = clean(value)
    return base


def merge_all(*layers):
    """Settings layered left to right; each layer must be a dictionary or null."""
    result = {}
    for index, layer in enumerate(layers):
        if layer is None:
            continue
        if not isinstance(layer, dict):
            raise SettingsError('intercept settings to merge must be dictionaries; argument %d is %s'
                                % (index + 1, type_name(layer)))
        merge(result, layer)
    return result


# --- validation ------------------------------------------------------------------------------------------------

def join(where, key):
    if isinstance(key, int):
        return '%s[%d]' % (where, key)
    return '%s.%s' % (where, key) if where else key


SHOWN_MAX = 60


# The types messages name a value by: the builtin type, not a subclass Ansible tags it with (ansible-core 2.16 marks
# strings AnsibleUnsafeText, for example).
PLAIN_TYPES = (bool, int, float, str, bytes, dict, list, tuple, set)


def type_name(value):
    """The name messages give a value's type: its builtin type's (str, not ansible-core 2.16's AnsibleUnsafeText)."""
    return next((kind.__name__ for kind in PLAIN_TYPES if isinstance(value, kind)), type(value).__name__)


def shown(value):
    """A value as messages quote it: its repr, cut to SHOWN_MAX characters (a whole file templated in by mistake would
    bury the message)."""
    text = repr(value)
    return text if len(text) <= SHOWN_MAX else '%s... (%d characters)' % (text[:SHOWN_MAX], len(text))


def is_plain_key(key):
    """Whether a key reads unambiguously in a dotted path: a name without spaces, dots, brackets or control characters."""
    return isinstance(key, str) and key.isprintable() and not re.search(r'^$|[\s.\[\]]', key)


def key_path(where, key):
    """The path of a key in messages; a key that is not a plain name is quoted in brackets: ``wanted['']``."""
    if isinstance(key, int) or is_plain_key(key):
        return join(where, key)
    return '%s[%s]' % (where or 'the settings', shown(key))


def unknown_key(where, key, valid):
    close = difflib.get_close_matches(str(key), list(valid), n=1, cutoff=0.6)
    hint = 'did you mean %s? ' % join(where, close[0]) if close else ''
    return SettingsError('%s is not a call intercept setting; %sthe keys allowed here are %s' % (
        key_path(where, key), hint, ', '.join(valid)))


def check_leaf(row, value, where, loose):
    """A leaf's value made canonical, or SettingsError naming it and the fix."""
    if row.type == 'bool':
        result = to_bool(value) if loose else (value if isinstance(value, bool) else None)
        if result is None:
            raise SettingsError('%s must be true or false, not %s' % (where, shown(value)))
        return result
    if row.type == 'destination' and loose and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise SettingsError('%s must be a string, not %s %s' % (where, type_name(value), shown(value)))
    if row.type == 'choice' and value not in row.choices:
        raise SettingsError('%s must be one of %s, not %s' % (where, ', '.join(row.choices), shown(value)))
    if row.type == 'destination' and value and not DESTINATION_PATTERN.fullmatch(value):
        raise SettingsError('%s %s is not a phone number or extension; use digits with an optional leading +, without '
                            'spaces or dashes, for example +14085550100 or 4100' % (where, shown(value)))
    return value


def validate(tree, where='', loose=False, extra_keys=(), greeting_source=UPLOAD):
    """Check a settings tree; return a canonical copy (null leaves kept: null means "leave as it is").

    ``where`` prefixes every key path in messages (``intercept_people[3]``, ``baseline``). ``loose`` accepts the
    values templates and surveys give: booleans as strings, destinations as numbers. Top-level keys in
    ``extra_keys`` are the caller's (a person's ``email``...) and are left out of the result. With
    ``greeting_source`` ``repository`` (locations) a ``greeting_file`` is an error: nothing can be uploaded.
    """
    if tree is None:
        return {}
    if not isinstance(tree, dict):
        raise SettingsError('%s must be a dictionary of call intercept settings (keys %s), not %s' % (
            where or 'the settings', ', '.join(SETTINGS_KEYS), type_name(tree)))

    def walk(node, spec, path):
        result = {}
        for key, value in node.items():
            if path == () and key in extra_keys:
                continue
            if key not in spec:
                raise unknown_key(join(where, dotted(path)) if path else where, key,
                                  list(spec) + (list(extra_keys) if path == () else []))
            here = join(where, dotted(path + (key,)))
            if value is None:
                result[key] = None
            elif isinstance(spec[key], Setting):
                result[key] = check_leaf(spec[key], value, here, loose)
            elif isinstance(value, dict):
                result[key] = walk(value, spec[key], path + (key,))
            else:
                raise SettingsError('%s must be a dictionary with keys %s, not %s %s' % (
                    here, ', '.join(spec[key]), type_name(value), shown(value)))
        return result

    result = walk(tree, option_tree(), ())
    if greeting_source == REPOSITORY and get_path(result, GREETING_FILE) is not None:
        raise SettingsError('%s cannot be used for a location: the API has no greeting upload for a location '
                            'intercept; set %s to the name of a greeting already in the location\'s announcement '
                            'repository instead' % (join(where, dotted(GREETING_FILE)), join(where, dotted(FILE_NAME))))
    for switch, needed, meaning in REQUIREMENTS:
        if get_path(result, switch) is True and get_path(result, needed) == '':
            raise SettingsError('%s is true but %s is ""; set %s to %s, or %s to false' % (
                join(where, dotted(switch)), join(where, dotted(needed)), dotted(needed), meaning, dotted(switch)))
    return result


def read_greeting_file(path):
    """Check a local greeting file (exists, WAV, size) and return it, before any API call."""
    option = dotted(GREETING_FILE)
    if not os.path.isfile(path):
        raise SettingsError('%s %s does not exist or is not a file; give the path of a .wav file' % (option, path))
    size = os.path.getsize(path)
    if size > GREETING_MAX_BYTES:
        raise SettingsError('%s %s is %d bytes; Webex takes greetings of at most %d KB (%d bytes), so shorten or '
                            're-encode it' % (option, path, size, GREETING_MAX_BYTES // 1024, GREETING_MAX_BYTES))
    try:
        with open(path, 'rb') as handle:
            content = handle.read()
    except (IOError, OSError) as exc:
        raise SettingsError('%s %s cannot be read (%s); fix its permissions' % (option, path, exc.strerror))
    name = os.path.basename(path)
    if not name.lower().endswith('.wav') or content[0:4] != b'RIFF' or content[8:12] != b'WAVE':
        raise SettingsError('%s %s is not a WAV file (a .wav name and a RIFF/WAVE header); convert the greeting '
                            'to WAV' % (option, path))
    return GreetingFile(path, name, content)


def check_options(options, where='', greeting_source=UPLOAD):
    """Validate a module's settings options; return (the canonical options, the greeting file to upload or None)."""
    options = validate(options, where, greeting_source=greeting_source)
    path = get_path(options, GREETING_FILE)
    return options, (read_greeting_file(path) if path else None)


# --- the planner -----------------------------------------------------------------------------------------------

def check_result(settings, greeting_source=UPLOAD):
    """The cross-field rules on the settings a run would end with (with file_name)."""
    for switch, needed, meaning in REQUIREMENTS:
        if get_path(settings, switch) and not get_path(settings, needed):
            raise SettingsError('%s is true but %s is empty; set %s to %s' % (
                dotted(switch), dotted(needed), dotted(needed), meaning))
    if get_path(settings, GREETING) == 'CUSTOM' and not get_path(settings, FILE_NAME):
        if greeting_source == REPOSITORY:
            raise SettingsError('incoming.announcements.greeting is CUSTOM but no greeting is named; set '
                                'incoming.announcements.file_name to a greeting of the location\'s announcement '
                                'repository')
        raise SettingsError('incoming.announcements.greeting is CUSTOM but there is no custom greeting on the server '
                            'yet; set incoming.announcements.greeting_file to a .wav file to upload')


def plan(current, wanted, greeting=None, strict=True, greeting_source=UPLOAD, always=()):
    """Decide what differs between the current settings and the wanted ones.

    ``current``: settings in the options' shape with ``incoming.announcements.file_name`` (the greeting on the
    server), or None when they could not be read (then every wanted setting differs). ``wanted``: a validated
    tree; a null or absent leaf means "leave as it is". ``greeting``: the GreetingFile of a wanted
    ``greeting_file``; without one, the file's name is compared. ``strict`` (modules) also enforces the cross-field
    rules on the result and that a wanted ``file_name`` matches it. With ``greeting_source`` ``repository``
    (locations) ``file_name`` is a setting like the others. ``always``: option paths that a PUT, when there is one,
    carries with the value the run leaves (a location's ``enabled``).
    """
    differences = []
    after = copy_tree(current)
    changed = {}
    current_name = get_path(current, FILE_NAME) or '' if current is not None else None
    upload = None
    for row in SETTINGS:
        value = get_path(wanted, row.option)
        if value is None:
            continue
        if row.type == 'path':
            name = greeting.name if greeting else os.path.basename(value)
            if name and name != current_name:
                differences.append(Difference(dotted(row.option), name, current_name))
                upload = greeting
                if current is not None:
                    set_path(after, FILE_NAME, name)
        elif row.type != 'read_only' or greeting_source == REPOSITORY:
            actual = current_value(row, current) if current is not None else None
            if row.type == 'read_only' and current is not None:
                actual = actual or ''
            if current is None or actual != value:
                differences.append(Difference(dotted(row.option), value, actual))
                set_path(changed, row.option, value)
                if current is not None:
                    set_path(after, row.option, value)
    body = settings_to_api(changed, greeting_source)
    if body and current is not None:
        for option in always:
            row = next(row for row in WRITABLE if row.option == tuple(option))
            set_path(body, row.api, get_path(after, row.option))
    if strict and current is not None and greeting_source == UPLOAD:
        expected_name = get_path(wanted, FILE_NAME)
        if expected_name is not None and expected_name != get_path(after, FILE_NAME):
            raise SettingsError(
                '%s is %r but the greeting on the server would be %r; file_name is read-only: leave it out, or set %s '
                'to upload the greeting' % (dotted(FILE_NAME), expected_name, get_path(after, FILE_NAME),
                                            dotted(GREETING_FILE)))
    if strict and current is not None:
        check_result(after, greeting_source)
    return Plan(current, after, body, upload, differences)


def is_changed(change):
    return bool(change.body or change.upload)
