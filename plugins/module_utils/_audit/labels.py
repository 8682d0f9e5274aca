# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit report's vocabulary: its schema, statuses, readable names of settings, values, kinds and targets, and
its error. Pure Python (standard library only).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import re

from ansible_collections.webex.calling.plugins.module_utils._compare import ITEM_KINDS
from ansible_collections.webex.calling.plugins.module_utils._settings import WRITABLE, SettingsError, dotted


SCHEMA = 'webex.calling.intercept_audit'
SCHEMA_VERSION = 1
FORMATS = ('markdown', 'html', 'json', 'csv', 'junit')
EXTENSIONS = {'markdown': 'md', 'html': 'html', 'json': 'json', 'csv': 'csv', 'junit': 'xml'}
STATUSES = ('compliant', 'drift', 'overridden', 'unreadable')
KIND_LABELS = {'person': 'Person', 'workspace': 'Workspace', 'virtual_line': 'Virtual line'}
# A report's own status may also be NOTHING_AUDITED: no target matched, so there is no compliance to report.
NOTHING_AUDITED = 'nothing_audited'
STATUS_LABELS = {'compliant': 'Compliant', 'drift': 'Drift found', 'overridden': 'Overridden by a location',
                 'unreadable': 'Not all could be read', NOTHING_AUDITED: 'Nothing audited'}
STATUS_COLOURS = {'compliant': '#1e7b34', 'drift': '#b42318', 'overridden': '#6941c6', 'unreadable': '#b54708',
                  NOTHING_AUDITED: '#b42318'}
# The kinds the audit reads (a location's own intercept is not audited against the baseline: while it is enabled it
# overrides the targets at the location, which the report says).
KINDS = ITEM_KINDS
KIND_PLURALS = {'person': 'people', 'workspace': 'workspaces', 'virtual_line': 'virtual lines'}
OVERRIDE_UNKNOWN = ('whether the call intercept of its location overrides its own settings is unknown: the '
                    'location\'s intercept could not be read')
TIME_PATTERN = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$')
HISTORY_KEEP_DEFAULT = 30

GREETING_FILE = 'incoming.announcements.greeting_file'
# Readable names of the settings (dotted option path), in the order of the module's options.
SETTING_LABELS = (
    ('enabled', 'Call intercept on'),
    ('incoming.type', 'Incoming calls'),
    ('incoming.voicemail_enabled', 'Incoming: callers may leave a voicemail'),
    ('incoming.announcements.greeting', 'Incoming: greeting'),
    (GREETING_FILE, 'Incoming: custom greeting file'),
    ('incoming.announcements.new_number.enabled', 'Incoming: announce a new number'),
    ('incoming.announcements.new_number.destination', 'Incoming: new number announced'),
    ('incoming.announcements.zero_transfer.enabled', 'Incoming: press 0 to transfer'),
    ('incoming.announcements.zero_transfer.destination', 'Incoming: press 0 transfers to'),
    ('outgoing.type', 'Outgoing calls'),
    ('outgoing.transfer_enabled', 'Outgoing: transfer intercepted calls'),
    ('outgoing.destination', 'Outgoing: transfer to'),
)
SETTING_ORDER = dict((setting, index) for index, (setting, dummy) in enumerate(SETTING_LABELS))
LABELS = dict(SETTING_LABELS)
API_NAMES = dict((dotted(row.option), dotted(row.api)) for row in WRITABLE)
API_NAMES[GREETING_FILE] = 'incoming.announcements.fileName'
# Readable names of the values of the settings with choices (every choice of the settings table has one).
VALUE_LABELS = {
    'INTERCEPT_ALL': 'Intercept all', 'ALLOW_ALL': 'Allow all', 'ALLOW_LOCAL_ONLY': 'Allow local calls only',
    'DEFAULT': 'Default greeting', 'CUSTOM': 'Custom greeting',
}
# Keys of an exception that name its target: (key, kind, what it matches).
TARGET_KEYS = (
    ('person_id', 'person', 'id'), ('email', 'person', 'email'), ('person_email', 'person', 'email'),
    ('workspace_id', 'workspace', 'id'), ('workspace_name', 'workspace', 'name'),
    ('virtual_line_id', 'virtual_line', 'id'), ('virtual_line_name', 'virtual_line', 'name'),
)
EXCEPTION_RESULTS = {
    'met': 'Met',
    'not_met': 'Not met',
    'unreadable': 'Could not be read',
    'stale': 'Stale: no such target',
    'out_of_scope': 'Not audited (outside the scope)',
    'overridden': 'Overridden by the location',
}


class AuditReportError(SettingsError):
    """Input the report cannot be built from; the text names the variable (or key path) and the fix."""


# --- labels -------------------------------------------------------------------------------------------------------

def setting_label(setting):
    return LABELS.get(setting, setting)


def api_name(setting):
    return API_NAMES.get(setting, setting)


def value_label(value):
    """A setting's value as a person reads it: On/Off, "Intercept all", "none" for an empty destination."""
    if value is None:
        return 'not read'
    if isinstance(value, bool):
        return 'On' if value else 'Off'
    if value == '':
        return 'none'
    if isinstance(value, str):
        return VALUE_LABELS.get(value, value)
    return json.dumps(value, sort_keys=True)


def raw_value(value):
    """A value as text for machines (CSV): JSON for non-strings, the string itself otherwise."""
    if value is None:
        return ''
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def percent(part, whole):
    """part / whole in percent, rounded down to 0.1 (never 100.0 unless all are); None when whole is 0: of nothing
    there is no percentage (never 100 %)."""
    if not whole:
        return None
    return (part * 1000 // whole) / 10.0


def format_percent(value):
    """A percentage as text; "n/a" for None (nothing audited)."""
    if value is None:
        return 'n/a'
    return ('%.1f' % value).rstrip('0').rstrip('.') + '%'


# --- policy check: the settings engine's validation -----------------------------------------------------------

# The names error messages give to what the audit is given (the role's variables).


def short_id(webex_id):
    """A Webex ID made short enough to read: the last group of the UUID it encodes, else its last 12 characters."""
    try:
        decoded = base64.urlsafe_b64decode(webex_id + '=' * (-len(webex_id) % 4)).decode('ascii')
    except (ValueError, UnicodeDecodeError):
        decoded = ''
    if decoded.startswith('ciscospark://'):
        return decoded.rsplit('/', 1)[-1].rsplit('-', 1)[-1]
    return webex_id[-12:]


def location_label(location_id, location_name):
    """A location's name; without one (the info module does not return it), "Location" and a short ID."""
    if location_name:
        return location_name
    return 'Location %s' % short_id(location_id) if location_id else 'No location'


def target_label(entry):
    """How a target is named in the reports: its email (people) or name, else its ID."""
    return entry.get('email') or entry.get('name') or entry.get('id') or '?'


# --- the model -----------------------------------------------------------------------------------------------------
