# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The I/O of the event source ``webex.calling.intercept_events``: poll the admin audit events, and in drift mode read
the changed target's intercept and compare it with the baseline.

Every request goes through the collection's one client (``_client``); the window, the de-duplication, the state file
and the event filter are ``_events`` (pure); the comparison is ``_compare.compare``, the one the audit role uses.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.webex.calling.plugins.module_utils._auth import with_environment
from ansible_collections.webex.calling.plugins.module_utils._client import (
    WebexApiError,
    client_from_module,
    client_from_options,
)
from ansible_collections.webex.calling.plugins.module_utils._compare import ITEM_KINDS, Request, compare
from ansible_collections.webex.calling.plugins.module_utils._events import (
    UTC,
    EventError,
    Seen,
    check_kinds,
    check_state_path,
    format_time,
    load_state,
    number,
    save_state,
    select,
    window,
)
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import (
    find_by_name,
    list_targets,
    org_params,
    read_api,
    read_entries,
)
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS, id_key
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    SettingsError,
    get_path,
    greeting_name_from_api,
    set_path,
    settings_from_api,
)

EVENTS_PATH = '/adminAudit/events'
EVENTS_SCOPE = 'audit:events_read'
PAGE_SIZE = 100
CONNECTION_OPTIONS = ('access_token', 'client_id', 'client_secret', 'refresh_token', 'api_url', 'validate_certs',
                      'ca_path', 'timeout')
OPTIONS = CONNECTION_OPTIONS + ('org_id', 'interval', 'categories', 'kinds', 'state_file', 'overlap', 'lookback',
                                'baseline', 'sweep_interval', 'ignore_own_changes')


class FatalEventError(EventError):
    """A failure that polling again cannot cure (missing scope, credentials refused): the source stops."""


def missing_scope_message(exc):
    return ('the admin audit events API refused the token (HTTP 403): it needs the scope %s, which only a full '
            'administrator of the organization can grant; authorize the integration or service app with %s (%s)'
            % (EVENTS_SCOPE, EVENTS_SCOPE, exc))


def options_of(args):
    """The source's arguments checked, with the credentials from the environment as the modules take them."""
    unknown = sorted(set(args) - set(OPTIONS))
    if unknown:
        raise EventError('unknown option%s %s; the options are %s' % (
            's' if len(unknown) > 1 else '', ', '.join(unknown), ', '.join(OPTIONS)))
    options = with_environment(dict((name, args.get(name)) for name in OPTIONS))
    options['interval'] = number(args, 'interval', 60, 1, 3600)
    options['overlap'] = number(args, 'overlap', 300, 0, 86400)
    options['lookback'] = number(args, 'lookback', 0, 0, 365 * 86400)
    options['sweep_interval'] = number(args, 'sweep_interval', 0, 0)
    options['kinds'] = check_kinds(args.get('kinds') or ('person', 'workspace', 'virtual_line', 'location'))
    categories = args.get('categories') or []
    if isinstance(categories, str):
        categories = [part.strip() for part in categories.split(',') if part.strip()]
    if not isinstance(categories, list) or not all(isinstance(item, str) and item for item in categories):
        raise EventError('categories must be a list of event category names (GET /adminAudit/eventCategories)')
    options['categories'] = categories
    options['ignore_own_changes'] = args.get('ignore_own_changes') is not False
    check_state_path(options['state_file'])
    return options


def drift_request(baseline):
    """(Request, exceptions) from the audit role's baseline document: ``{baseline: settings, exceptions: [...]}``
    (or its variables ``intercept_audit_baseline`` and ``intercept_audit_exceptions``); checked like the role's."""
    if not isinstance(baseline, dict):
        raise EventError('baseline must be the audit role\'s baseline: a dictionary with baseline (the settings '
                         'everyone should have) and exceptions, or its variables intercept_audit_baseline and '
                         'intercept_audit_exceptions')
    wanted = baseline.get('intercept_audit_baseline', baseline.get('baseline'))
    exceptions = baseline.get('intercept_audit_exceptions', baseline.get('exceptions')) or []
    if not isinstance(wanted, dict) or not wanted:
        raise EventError('baseline has no settings: set baseline.baseline (or intercept_audit_baseline) to the '
                         'settings everyone should have, for example {enabled: false}')
    labels = dict(wanted='baseline.baseline', overrides='baseline.exceptions')
    try:
        return Request(wanted, overrides=exceptions, kinds=ITEM_KINDS[1:], labels=labels), exceptions
    except SettingsError as exc:
        raise EventError(str(exc))


def in_options_shape(details, key):
    """The ``expected`` (or ``actual``) values of the differences as a tree in the options' shape."""
    tree = {}
    for detail in details:
        set_path(tree, tuple(detail['field'].split('.')), detail[key])
    return tree


class EventPoller:
    """Polls the admin audit events of one organization; one instance per running source."""

    def __init__(self, args, warn, client=None, clock=None):
        self.options = options_of(args)
        self.warn = warn
        self.clock = clock or (lambda: datetime.datetime.now(UTC))
        self.request = None
        if self.options['baseline'] is not None:
            self.request, dummy = drift_request(self.options['baseline'])
        try:
            self.client = client or client_from_options(self.options, warn=warn, pool_size=5)
        except ValueError as exc:
            raise EventError(str(exc))
        self.org_id = self.options['org_id']
        self.own_actor = None
        self.watermark = None
        self.seen = Seen()
        self.last_sweep = None
        self.pending = None  # (new watermark, events) of the last poll, until committed
        self.failing = None  # the last polling failure, warned once until a poll succeeds

    # -- start -------------------------------------------------------------------------------------------------------

    def start(self):
        """Who the token is (the organization, and its own changes to leave out), the exceptions' IDs, the state."""
        if not self.org_id or self.options['ignore_own_changes']:
            try:
                me = self.client.get('/people/me') or {}
            except WebexApiError as exc:
                raise self._fatal_or(exc, 'the token\'s organization could not be read: %s' % exc)
            self.org_id = self.org_id or me.get('orgId')
            if self.options['ignore_own_changes']:
                self.own_actor = me.get('id')
            if not self.org_id:
                raise FatalEventError('org_id is not set and GET /people/me gave no orgId: set org_id')
        if self.request is not None:
            self._resolve_exceptions()
        self.watermark, self.seen, warning = load_state(self.options['state_file'], self.org_id)
        if warning:
            self.warn(warning)

    def _resolve_exceptions(self):
        """Exceptions name people by email and other targets by name: their IDs are looked up once, here, so that
        a change costs one read of the target's intercept and nothing else."""
        resolved = []
        for index, item in enumerate(self.request.overrides):
            key, original, wanted = item
            kind = next((OWNERS[name] for name in ITEM_KINDS if OWNERS[name].id_option in key
                         or OWNERS[name].name_option in key), OWNERS['person'])
            id_field, name_field = (('person_id', 'email') if kind.name == 'person'
                                    else (kind.id_option, kind.name_option))
            if not key.get(id_field):
                try:
                    found = find_by_name(self.client, kind, key[name_field], self.org_id)
                except SettingsError as exc:
                    raise FatalEventError('baseline.exceptions[%d]: %s' % (index, exc))
                except WebexApiError as exc:
                    raise self._fatal_or(exc, 'baseline.exceptions[%d] could not be looked up: %s' % (index, exc))
                key = dict(key, **{id_field: found.get('id')})
            resolved.append((key, original, wanted))
        self.request.overrides = resolved

    def _fatal_or(self, exc, text):
        """FatalEventError for what trying again cannot cure (refused, not found), EventError otherwise."""
        if exc.status == 403:
            return FatalEventError(self.refused_message(exc))
        if exc.status in (400, 401, 404):
            return FatalEventError(text)
        return EventError(text)

    def refused_message(self, exc):
        """What a 403 means: the events API's scope, or the read scope of the kinds watched."""
        if (exc.path or '').startswith(EVENTS_PATH):
            return missing_scope_message(exc)
        scopes = sorted(set(OWNERS[name].read_scope for name in self.options['kinds']))
        return ('a read was refused (HTTP 403): the token needs the scope%s %s (and, to fix drift, the write scopes): %s'
                % ('s' if len(scopes) > 1 else '', ', '.join(scopes), exc))

    # -- polling ---------------------------------------------------------------------------------------------------

    def poll(self):
        """The events of the next window, not yet put on the queue, oldest first (drift events in drift mode).

        Nothing is remembered until ``commit``: put the events on the queue, then commit, so that a crash in between
        repeats them at the restart rather than losing them. A poll that fails (the API down, 429/5xx after the
        client's retries) returns [] with one warning, and the next one reads from where the last one that worked
        ended: nothing is lost. A 403 (missing scope) or a refused token raises FatalEventError.
        """
        now = self.clock()
        start, end = window(now, self.watermark, self.options['overlap'], self.options['lookback'])
        if start >= end:
            # The first start without lookback: events are watched from now on, and nothing is read yet.
            self.pending = (end, [])
            return self._sweep(now) if self.request is not None else []
        params = dict(org_params(self.org_id), **{'from': format_time(start), 'to': format_time(end),
                                                  'max': PAGE_SIZE})
        if self.options['categories']:
            params['eventCategories'] = ','.join(self.options['categories'])
        try:
            items = list(self.client.iter_items(EVENTS_PATH, params=params))
            events, warnings = select(items, self.options['kinds'], (self.own_actor,) if self.own_actor else ())
            new = [event for event in events if event['event_id'] not in self.seen.ids]
            result = self._drift(new) if self.request is not None else new
            result.extend(self._sweep(now))
        except WebexApiError as exc:
            if exc.status == 403 or exc.status == 401:
                raise FatalEventError(self.refused_message(exc) if exc.status == 403 else
                                      'the API refused the credentials: %s' % exc)
            text = str(exc)
            if self.failing is None:
                self.warn('polling the admin audit events failed, trying again in %s seconds; the next poll reads '
                          'from where the last one that worked ended, so no event is lost: %s'
                          % (self.options['interval'], text))
            self.failing = text
            self.pending = None
            return []
        for warning in warnings:
            self.warn(warning)
        if self.failing:
            self.warn('polling the admin audit events works again')
            self.failing = None
        self.pending = (end, new)
        return result

    def commit(self):
        """Remember the last poll's events as done and write the state; a state that cannot be written is warned
        about (the source goes on, and tries again after the next poll)."""
        if self.pending is None:
            return
        end, new = self.pending
        self.pending = None
        self.seen.fresh([dict(id=event['event_id'], time=event['time']) for event in new])
        self.watermark = end
        self.seen.prune(end - datetime.timedelta(seconds=self.options['overlap'] + 1))
        try:
            save_state(self.options['state_file'], self.watermark, self.seen, self.org_id)
        except EventError as exc:
            self.warn(str(exc))

    # -- drift -----------------------------------------------------------------------------------------------------

    def _drift(self, events):
        """A drift event for each target changed (once per target and poll) whose intercept differs from the
        baseline; one read of that target's intercept each."""
        latest = {}
        for event in events:
            if event['kind'] in ITEM_KINDS:
                latest[(event['kind'], event['id'])] = event
        result = []
        for (kind_name, target_id), event in sorted(latest.items(), key=lambda pair: pair[1]['time']):
            kind = OWNERS[kind_name]
            try:
                api = read_api(self.client, kind, target_id, self.org_id)
            except WebexApiError as exc:
                if exc.status == 404:
                    self.warn('the %s %s of audit event %s has no call intercept any more: %s'
                              % (kind.label, target_id, event['event_id'], exc))
                    continue
                raise
            entry = {id_key(kind): target_id, 'display_name': event.get('name'), 'intercept': settings_from_api(api),
                     'greeting_file_name': greeting_name_from_api(api)}
            drift = self.drift_event(kind, entry, event)
            if drift is not None:
                result.append(drift)
        return result

    def drift_event(self, kind, entry, event=None):
        """The drift event of one target read, None when it matches the baseline (the one compare function)."""
        compared = compare([entry], self.request, on_missing='report', kind=kind)[0]
        if not compared['drift']:
            return None
        details = [dict(setting=item['field'], expected=item['expected'], actual=item['actual'])
                   for item in compared['details']]
        name = (event or {}).get('name') or entry.get('display_name')
        remediation = dict(compared['wanted'])
        remediation[kind.id_option] = entry[id_key(kind)]
        if name:
            remediation['display_name'] = name  # names the target in the module's messages and diff
        base = dict(event or {}, type='drift', kind=kind.name, id=entry[id_key(kind)], name=name, org_id=self.org_id)
        base.setdefault('actor', None)
        base.setdefault('time', format_time(self.clock()))
        base.update(settings=[item['setting'] for item in details], details=details,
                    differences=in_options_shape(compared['details'], 'expected'),
                    current=in_options_shape(compared['details'], 'actual'), wanted=compared['wanted'],
                    remediation=remediation)
        return base

    def _sweep(self, now):
        """Every target of the kinds, compared, each ``sweep_interval`` seconds (off with 0): catches the changes
        that produce no audit event."""
        interval = self.options['sweep_interval']
        if self.request is None or not interval:
            return []
        if self.last_sweep is not None and (now - self.last_sweep).total_seconds() < interval:
            return []
        self.last_sweep = now
        result = []
        with ThreadPoolExecutor(max_workers=4) as pool:
            for name in ITEM_KINDS:
                if name not in self.options['kinds']:
                    continue
                kind = OWNERS[name]
                targets = list_targets(self.client, kind, {'org_id': self.org_id})
                for entry in read_entries(self.client, kind, targets, self.org_id, True, pool):
                    drift = self.drift_event(kind, entry, dict(type='drift', source='sweep'))
                    if drift is not None:
                        result.append(drift)
        return result


def describe(event):
    """One line about an event for the source's log: no secret, no settings."""
    return '%s %s %s (%s) by %s at %s' % (
        event.get('type'), event.get('kind'), event.get('name') or event.get('id'), event.get('id'),
        get_path(event, ('actor', 'email')) or 'unknown', event.get('time'))


# --- who changed it: one paged query of a period's events (the audit's "changed by") -------------------------------

CHANGE_KEYS = ('kind', 'id', 'name', 'org_id', 'actor', 'time', 'event_id', 'category', 'description')


def read_changes(client, org_id, hours, kinds, now=None):
    """(changes, window, warning): the changes of the last ``hours`` hours to targets of the kinds, oldest first,
    from one paged query of the admin audit events (each a normalised event without ``raw``).

    The events are an addition to what reads the settings: a failure (a missing ``audit:events_read`` scope, the API
    down) gives no changes and a warning that says why, never an error.
    """
    end = now or datetime.datetime.now(UTC)
    start = end - datetime.timedelta(hours=hours)
    period = dict((name, format_time(moment)) for name, moment in (('from', start), ('to', end)))
    try:
        # The events API requires orgId: the token's own organization unless another is given.
        org_id = org_id or (client.get('/people/me') or {}).get('orgId')
        params = dict(org_params(org_id), max=PAGE_SIZE, **period)
        items = list(client.iter_items(EVENTS_PATH, params=params))
    except WebexApiError as exc:
        if exc.status == 403:
            why = ('the token lacks the scope %s (full administrators only), so who changed each drifting target is '
                   'not shown: %s' % (EVENTS_SCOPE, exc))
        else:
            why = 'the admin audit events could not be read, so who changed each drifting target is not shown: %s' % exc
        return [], period, why
    events, warnings = select(items, kinds)
    changes = [dict((key, event[key]) for key in CHANGE_KEYS) for event in events]
    return changes, period, '; '.join(warnings) or None


def run_audit_events_info(module):
    """webex_admin_audit_events_info: who changed which call intercept target in a period."""
    params = module.params
    if not 1 <= params['hours'] <= 365 * 24:
        module.fail_json(msg='hours must be from 1 to %d (the admin audit events API reads at most one year), not %d'
                             % (365 * 24, params['hours']))
    client = client_from_module(module)
    changes, period, warning = read_changes(client, params['org_id'], params['hours'], tuple(params['kinds']))
    if warning:
        module.warn(warning)
    module.exit_json(changed=False, changes=changes, window=period, available=not (warning and not changes),
                     warning=warning)
