# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Admin audit events as the event source sees them: the polling window, de-duplication, the state file, the kind of
a target and the normalised event.

Pure Python (standard library only); the requests are ``_event_poller``'s.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import datetime
import json
import os
import re
import tempfile

STATE_VERSION = 1
# The API takes windows of at most one year.
MAX_SPAN = datetime.timedelta(days=365)
UTC = datetime.timezone.utc
ID_PATTERN = re.compile(r'^ciscospark://[^/]+/([A-Z_]+)/[^/]+$')
# The kind of the ID prefix Webex puts in its IDs, and the targetType strings that name a kind. Nothing else decides
# the kind of a target: never the description.
KIND_OF_ID = {
    'PEOPLE': 'person',
    'PLACE': 'workspace',
    'PLACES': 'workspace',
    'WORKSPACE': 'workspace',
    'VIRTUAL_PROFILE': 'virtual_line',
    'VIRTUAL_LINE': 'virtual_line',
    'LOCATION': 'location',
}
KIND_OF_TYPE = {
    'user': 'person',
    'person': 'person',
    'people': 'person',
    'place': 'workspace',
    'workspace': 'workspace',
    'virtualline': 'virtual_line',
    'virtualprofile': 'virtual_line',
    'location': 'location',
}
KINDS = ('person', 'workspace', 'virtual_line', 'location')


class EventError(ValueError):
    """An option or a state that cannot work; the message names it and the fix."""


class MalformedEvent(ValueError):
    """An audit event without what the source needs; the message names the event's id."""


def format_time(moment):
    """ISO 8601 UTC with milliseconds and Z, as the events API takes and gives times."""
    moment = moment.astimezone(UTC)
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (moment.microsecond // 1000)


def parse_time(text):
    """An aware datetime from an ISO 8601 string (Z or an offset; naive means UTC); ValueError otherwise."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError('not a date and time: %r' % (text,))
    moment = datetime.datetime.fromisoformat(text.strip().replace('Z', '+00:00').replace('z', '+00:00'))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def window(now, watermark, overlap, lookback):
    """(from, to) of the next poll.

    ``to`` is ``now``. ``from`` goes back ``overlap`` seconds before the end of the last window (``watermark``), since
    an event may become visible some time after it was created; without a watermark (first start) it is ``now -
    lookback``. A window never spans more than the API's year (after a long outage the oldest part is lost, and
    ``from`` says so), and ``from`` is never after ``to``.
    """
    if overlap < 0 or lookback < 0:
        raise EventError('overlap and lookback must be >= 0 seconds')
    start = now - datetime.timedelta(seconds=lookback) if watermark is None else \
        watermark - datetime.timedelta(seconds=overlap)
    start = max(start, now - MAX_SPAN)
    return min(start, now), now


class Seen:
    """The IDs of the events already put on the queue, with their ``created`` times, for the overlap of two windows.

    An event is new once: ``fresh`` returns the new ones and remembers them. ``prune(before)`` forgets those created
    before ``before`` (the start of any later window), so the memory stays the size of one overlap.
    """

    def __init__(self, seen=None):
        self.ids = dict(seen or {})

    def fresh(self, events):
        result = []
        for event in events:
            if event['id'] in self.ids:
                continue
            self.ids[event['id']] = event['time']
            result.append(event)
        return result

    def prune(self, before):
        for event_id, created in list(self.ids.items()):
            try:
                old = parse_time(created) < before
            except ValueError:
                old = True
            if old:
                del self.ids[event_id]


# --- the state file ------------------------------------------------------------------------------------------------

def state_document(watermark, seen, org_id):
    return dict(version=STATE_VERSION, org_id=org_id, watermark=format_time(watermark) if watermark else None,
                seen=dict(sorted(seen.ids.items())))


def load_state(path, org_id):
    """(watermark or None, Seen, warning or None) from the state file.

    A missing file is a first start. A file that is not a state of this source (not JSON, another shape, another
    organization) is moved aside to ``<path>.corrupt`` with a warning that says so, and the source starts as for the
    first time: it neither stops nor fails again at every restart.
    """
    if not path:
        return None, Seen(), None
    try:
        with open(path, 'r', encoding='utf-8') as handle:
            text = handle.read()
    except FileNotFoundError:
        return None, Seen(), None
    except OSError as exc:
        raise EventError('state_file %s cannot be read (%s); fix its permissions or choose another state_file'
                         % (path, exc.strerror or exc))
    try:
        document = json.loads(text)
        problem = _state_problem(document, org_id)
    except ValueError as exc:
        problem = 'it is not JSON (%s)' % exc
    if problem:
        aside = path + '.corrupt'
        try:
            os.replace(path, aside)
        except OSError as exc:
            raise EventError('state_file %s is not a state of this event source (%s) and cannot be moved aside (%s); '
                             'delete it' % (path, problem, exc.strerror or exc))
        return None, Seen(), ('state_file %s was not a state of this event source (%s): it was moved to %s, and events '
                              'are read from the lookback period as at a first start' % (path, problem, aside))
    watermark = parse_time(document['watermark']) if document['watermark'] else None
    return watermark, Seen(document['seen']), None


def _state_problem(document, org_id):
    if not isinstance(document, dict) or document.get('version') != STATE_VERSION:
        return 'no version %d state' % STATE_VERSION
    if not isinstance(document.get('seen'), dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in document['seen'].items()):
        return 'seen is not a map of event IDs to times'
    if document.get('watermark') is not None:
        try:
            parse_time(document['watermark'])
        except (ValueError, TypeError):
            return 'watermark is not a date and time'
    if org_id and document.get('org_id') not in (None, org_id):
        return 'it is the state of organization %s' % document.get('org_id')
    return None


def save_state(path, watermark, seen, org_id):
    """Write the state atomically (a temporary file in the same directory, then a rename); EventError if it fails."""
    if not path:
        return
    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
        with os.fdopen(handle, 'w', encoding='utf-8') as stream:
            json.dump(state_document(watermark, seen, org_id), stream, indent=1)
        os.replace(temporary, path)
    except OSError as exc:
        raise EventError('state_file %s cannot be written (%s): give a state_file in a directory the event source may '
                         'write, or fix its permissions' % (path, exc.strerror or exc))


def check_state_path(path):
    """EventError naming the fix when the state file's directory does not exist or cannot be written (at start)."""
    if not path:
        return
    if os.path.isdir(path):
        raise EventError('state_file %s is a directory; give the path of a file' % path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise EventError('state_file %s: the directory %s does not exist; create it or choose another state_file'
                         % (path, directory))
    if not os.access(directory, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise EventError('state_file %s cannot be written: give a state_file in a directory the event source may '
                         'write, or fix its permissions' % path)


# --- the kind of a target, and the normalised event -------------------------------------------------------------

def kind_of_id(target_id):
    """The owner kind a Webex ID carries (base64 of ``ciscospark://<region>/<KIND>/<uuid>``), None if it is not one."""
    if not isinstance(target_id, str) or not target_id.strip():
        return None
    text = target_id.strip()
    try:
        raw = base64.urlsafe_b64decode(text.replace('+', '-').replace('/', '_') + '=' * (-len(text) % 4))
        match = ID_PATTERN.match(raw.decode('utf-8'))
    except (binascii.Error, ValueError):
        return None
    return KIND_OF_ID.get(match.group(1)) if match else None


def kind_of_type(target_type):
    if not isinstance(target_type, str):
        return None
    return KIND_OF_TYPE.get(re.sub(r'[\s_-]', '', target_type).lower())


def kind_of(data):
    """The kind of an event's target: from its ID, else from its targetType; None for any other target."""
    return kind_of_id(data.get('targetId')) or kind_of_type(data.get('targetType'))


def normalize(item):
    """The event the source puts on the queue for one audit event: kind, id, name, org, actor, time, description and
    the raw event; MalformedEvent naming the event's id when it lacks what that needs."""
    event_id = item.get('id') if isinstance(item, dict) else None
    label = event_id if isinstance(event_id, str) and event_id else '(no id)'
    if not isinstance(item, dict) or not isinstance(event_id, str) or not event_id:
        raise MalformedEvent('audit event %s skipped: it has no id' % label)
    data = item.get('data')
    if not isinstance(data, dict):
        raise MalformedEvent('audit event %s skipped: it has no data object' % label)
    try:
        created = format_time(parse_time(item.get('created')))
    except (ValueError, TypeError):
        raise MalformedEvent('audit event %s skipped: created is not a date and time (%r)' % (label, item.get('created')))
    if not isinstance(data.get('targetId'), str) or not data['targetId']:
        raise MalformedEvent('audit event %s skipped: data.targetId is missing' % label)
    return dict(
        type='change',
        kind=kind_of(data),
        id=data['targetId'],
        name=data.get('targetName'),
        org_id=data.get('targetOrgId') or item.get('actorOrgId'),
        actor=dict(id=item.get('actorId'), name=data.get('actorName'), email=data.get('actorEmail'),
                   org_id=item.get('actorOrgId')),
        time=created,
        event_id=event_id,
        category=data.get('eventCategory'),
        description=data.get('eventDescription'),
        raw=item,
    )


def select(items, kinds, ignore_actors=()):
    """(events of the kinds wanted, oldest first; warnings for the malformed items skipped).

    ``ignore_actors``: actor IDs whose changes are left out (the source's own, made by the remediation).
    """
    events = []
    warnings = []
    for item in items:
        try:
            event = normalize(item)
        except MalformedEvent as exc:
            warnings.append(str(exc))
            continue
        if event['kind'] in kinds and event['actor']['id'] not in ignore_actors:
            events.append(event)
    events.sort(key=lambda event: (event['time'], event['event_id']))
    return events, warnings


def check_kinds(kinds):
    """The kinds option as a tuple, or EventError naming a wrong one."""
    if isinstance(kinds, str):
        kinds = [part for part in re.split(r'[\s,]+', kinds) if part]
    if not isinstance(kinds, (list, tuple)) or not kinds:
        raise EventError('kinds must be a list of %s' % ', '.join(KINDS))
    for kind in kinds:
        if kind not in KINDS:
            raise EventError('kinds: %r is not one of %s' % (kind, ', '.join(KINDS)))
    return tuple(kinds)


def number(args, name, default, low, high=None):
    """A numeric option, checked: EventError naming it and its range."""
    value = args.get(name, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise EventError('%s must be a number of seconds, not %r' % (name, value))
    if value < low or (high is not None and value > high):
        raise EventError('%s must be between %s and %s, not %s' % (name, low, high, value) if high is not None
                         else '%s must be >= %s, not %s' % (name, low, value))
    return value
