# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Call intercept settings: translation between the API and the options, checks, change plans.

Settings use the modules' option shape (snake_case, nested like the API). Every
function here is plain Python, so it is unit-tested without Ansible running.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import os
import re
from collections import namedtuple

# (option path, API path) of every writable setting.
LEAVES = (
    (('enabled',), ('enabled',)),
    (('incoming', 'type'), ('incoming', 'type')),
    (('incoming', 'voicemail_enabled'), ('incoming', 'voicemailEnabled')),
    (('incoming', 'announcements', 'greeting'), ('incoming', 'announcements', 'greeting')),
    (('incoming', 'announcements', 'new_number', 'enabled'), ('incoming', 'announcements', 'newNumber', 'enabled')),
    (('incoming', 'announcements', 'new_number', 'destination'), ('incoming', 'announcements', 'newNumber', 'destination')),
    (('incoming', 'announcements', 'zero_transfer', 'enabled'), ('incoming', 'announcements', 'zeroTransfer', 'enabled')),
    (('incoming', 'announcements', 'zero_transfer', 'destination'),
     ('incoming', 'announcements', 'zeroTransfer', 'destination')),
    (('outgoing', 'type'), ('outgoing', 'type')),
    (('outgoing', 'transfer_enabled'), ('outgoing', 'transferEnabled')),
    (('outgoing', 'destination'), ('outgoing', 'destination')),
)
DESTINATIONS = tuple(option for option, dummy in LEAVES if option[-1] == 'destination')
FILE_NAME = ('incoming', 'announcements', 'file_name')
API_FILE_NAMES = (('incoming', 'announcements', 'fileName'), ('incoming', 'announcements', 'filename'))
GREETING_FILE = ('incoming', 'announcements', 'greeting_file')

DESTINATION_PATTERN = re.compile(r'^\+?[0-9]{2,20}$')
GREETING_MAX_BYTES = 5000 * 1024

# Cross-field rules on the settings a run ends with: (switch, the setting it needs, what that setting holds).
REQUIREMENTS = (
    (('incoming', 'announcements', 'new_number', 'enabled'), ('incoming', 'announcements', 'new_number', 'destination'),
     'the number callers are told to dial instead'),
    (('incoming', 'announcements', 'zero_transfer', 'enabled'), ('incoming', 'announcements', 'zero_transfer', 'destination'),
     'where a caller who presses 0 is transferred'),
    (('outgoing', 'transfer_enabled'), ('outgoing', 'destination'), 'where intercepted outgoing calls are transferred'),
)

GreetingFile = namedtuple('GreetingFile', ['path', 'name', 'content'])
Change = namedtuple('Change', ['before', 'after', 'body', 'upload'])


class InterceptSettingsError(ValueError):
    """Settings or options that cannot be applied; the text names the option and the fix."""


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


def settings_from_api(api, with_file_name=True):
    """API settings (camelCase) as options (snake_case); a missing destination is ``""``, unknown fields are dropped."""
    settings = {}
    for option, api_path in LEAVES:
        value = get_path(api, api_path)
        if value is None and option in DESTINATIONS:
            value = ''
        set_path(settings, option, value)
    if with_file_name:
        names = [get_path(api, path) for path in API_FILE_NAMES]
        set_path(settings, FILE_NAME, next((name for name in names if name), ''))
    return settings


def settings_to_api(settings):
    """The API body (camelCase) for the settings given; leaves that are None or absent are left out."""
    body = {}
    for option, api_path in LEAVES:
        value = get_path(settings, option)
        if value is not None:
            set_path(body, api_path, value)
    return body


def wanted_leaves(options):
    """The settings the options ask for, as {option path: value}; None means 'leave as it is'."""
    wanted = {}
    for option, dummy in LEAVES:
        value = get_path(options, option)
        if value is not None:
            wanted[option] = value
    return wanted


def read_greeting_file(path):
    """Check a greeting file (exists, WAV, size) and return it, before any API call."""
    option = dotted(GREETING_FILE)
    if not os.path.isfile(path):
        raise InterceptSettingsError('%s %s does not exist or is not a file; give the path of a .wav file' % (option, path))
    size = os.path.getsize(path)
    if size > GREETING_MAX_BYTES:
        raise InterceptSettingsError('%s %s is %d bytes; Webex takes greetings of at most %d KB (%d bytes), so '
                                     'shorten or re-encode it' % (option, path, size, GREETING_MAX_BYTES // 1024, GREETING_MAX_BYTES))
    try:
        with open(path, 'rb') as handle:
            content = handle.read()
    except (IOError, OSError) as exc:
        raise InterceptSettingsError('%s %s cannot be read (%s); fix its permissions' % (option, path, exc.strerror))
    name = os.path.basename(path)
    if not name.lower().endswith('.wav') or content[0:4] != b'RIFF' or content[8:12] != b'WAVE':
        raise InterceptSettingsError('%s %s is not a WAV file (a .wav name and a RIFF/WAVE header); convert the '
                                     'greeting to WAV' % (option, path))
    return GreetingFile(path, name, content)


def check_options(options):
    """Check what can be checked before any call; return the greeting file to upload, if any."""
    for option in DESTINATIONS:
        value = get_path(options, option)
        if value and not DESTINATION_PATTERN.match(value):
            raise InterceptSettingsError(
                '%s %r is not a phone number or extension; use digits with an optional leading +, without spaces '
                'or dashes, for example +14085550100 or 4100' % (dotted(option), value))
    path = get_path(options, GREETING_FILE)
    return read_greeting_file(path) if path else None


def check_settings(settings):
    """Check the cross-field rules on the settings a run would end with."""
    for switch, needed, meaning in REQUIREMENTS:
        if get_path(settings, switch) and not get_path(settings, needed):
            raise InterceptSettingsError('%s is true but %s is empty; set %s to %s' % (
                dotted(switch), dotted(needed), dotted(needed), meaning))
    if get_path(settings, ('incoming', 'announcements', 'greeting')) == 'CUSTOM' and not get_path(settings, FILE_NAME):
        raise InterceptSettingsError('incoming.announcements.greeting is CUSTOM but this person has no custom greeting '
                                     'yet; set incoming.announcements.greeting_file to a .wav file to upload')


def plan_change(current, options, greeting=None):
    """Compare the current settings with the options; return what to upload and the minimal PUT body.

    ``current`` and the returned ``before``/``after`` are in the option shape, with ``file_name``.
    """
    after = copy.deepcopy(current)
    changed = {}
    for option, value in wanted_leaves(options).items():
        if get_path(current, option) != value:
            set_path(changed, option, value)
            set_path(after, option, value)
    upload = greeting if greeting and greeting.name != get_path(current, FILE_NAME) else None
    if upload:
        set_path(after, FILE_NAME, upload.name)
    expected_file_name = get_path(options, FILE_NAME)
    if expected_file_name is not None and expected_file_name != get_path(after, FILE_NAME):
        raise InterceptSettingsError(
            '%s is %r but the greeting on the server would be %r; file_name is read-only: leave it out, or set %s '
            'to upload the greeting' % (dotted(FILE_NAME), expected_file_name, get_path(after, FILE_NAME), dotted(GREETING_FILE)))
    check_settings(after)
    return Change(current, after, settings_to_api(changed), upload)


def is_changed(change):
    return bool(change.body or change.upload)
