# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The I/O of the intercept modules, for any owner kind: find the target, read, plan, write; read in bulk.

Every decision about settings is made by ``_settings`` (pure); every fact about an owner kind comes from its row
in ``_owners``; every request goes through the shared client of ``_client``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError, client_from_module
from ansible_collections.webex.calling.plugins.module_utils._owners import (
    ORGANIZATION_ID_KINDS,
    OWNERS,
    REPOSITORY_ITEMS_KEY,
    REPOSITORY_PATH,
    check_id,
    check_owner_id,
    entry_name,
    entry_of,
    format_path,
    id_key,
    intercept_path,
    item_field,
    matches_name,
    name_key,
    upload_path,
)
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    FILE_NAME,
    REPOSITORY,
    SETTINGS,
    SETTINGS_KEYS,
    SettingsError,
    check_options,
    copy_tree,
    dotted,
    get_path,
    greeting_name_from_api,
    is_changed,
    plan,
    set_path,
    settings_from_api,
    with_file_name,
)
from ansible_collections.webex.calling.plugins.module_utils._wording import counted, plural

LOCATION_PAGE_SIZE = 50
LOCATIONS_PAGE_SIZE = 100


class PartialWriteError(Exception):
    """A write that failed after an earlier write of the same target went through (the greeting upload)."""

    def __init__(self, error, done):
        self.error = error
        self.done = done
        super(PartialWriteError, self).__init__(str(error))


def org_params(org_id):
    return {'orgId': org_id} if org_id else {}


def check_scope_ids(params):
    """location_id and org_id, where given, must be IDs of a location and of an organization (see check_id)."""
    if params.get('location_id'):
        check_owner_id(OWNERS['location'], params['location_id'])
    if params.get('org_id'):
        check_id(params['org_id'], 'org_id', ORGANIZATION_ID_KINDS, 'organization')


def check_target_options(kind, params):
    """An ID or name option given but empty is an error naming it, never a fall-through to another lookup.

    An ID of another kind (a workspace's as person_id) is an error naming the option, before any request.
    """
    for option, what in ((kind.id_option, 'ID'), (kind.name_option, 'name')):
        value = params.get(option)
        if value is not None and not value.strip():
            raise SettingsError('%s is empty; give the %s of the %s, or leave %s out' % (
                option, 'email address' if option.endswith('email') else what, kind.label, option))
    if params.get(kind.id_option):
        check_owner_id(kind, params[kind.id_option])
    check_scope_ids(params)


def listing_query(kind, org_id, **extra):
    query = dict(kind.listing_params)
    query.update(org_params(org_id))
    query.update(extra)
    return query


def find_by_name(client, kind, name, org_id):
    """The one target with this name (email for people); SettingsError when there is none or several."""
    option = kind.name_option
    extra = {kind.lookup_param: name} if kind.lookup_param else {'max': kind.page_size}
    items = [item for item in client.iter_items(kind.listing_path, params=listing_query(kind, org_id, **extra),
                                                items_key=kind.items_key)
             if matches_name(kind, item, name)]
    if not items:
        raise SettingsError('%s %s matches no Webex %s in this organization; check it, or set org_id for a customer '
                            'organization' % (option, name, kind.label))
    if len(items) > 1:
        raise SettingsError('%s %s matches %d %s (%s); use %s to choose one' % (
            option, name, len(items), kind.plural, ', '.join(item.get('id', '?') for item in items), kind.id_option))
    return items[0]


def find_by_id(client, kind, owner_id, org_id):
    """The listing item (or the details) of the target with this ID; SettingsError when there is none."""
    missing = SettingsError('%s %s matches no Webex %s in this organization; check the ID, or set org_id for a '
                            'customer organization' % (kind.id_option, owner_id, kind.label))
    if kind.detail_path:
        try:
            item = client.get(format_path(kind.detail_path, owner_id), params=org_params(org_id))
        except WebexApiError as exc:
            if exc.status == 404:
                raise missing
            raise
        if not isinstance(item, dict) or item.get('id') != owner_id:
            raise missing
        return item
    items = client.get_items(kind.listing_path, params=listing_query(kind, org_id, id=owner_id),
                             items_key=kind.items_key)
    items = [item for item in items if item.get('id') == owner_id]
    if not items:
        raise missing
    return items[0]


def unknown_location(client, location_id, org_id):
    """SettingsError naming location_id when the organization has no such location, else None (one request).

    Called only when a listing at the location came back empty or refused, so that a run whose listing finds targets
    spends no request on it.
    """
    try:
        find_by_id(client, OWNERS['location'], location_id, org_id)
    except SettingsError as exc:
        return exc
    except WebexApiError:
        return None  # the caller reports what it has
    return None


def listing_refused(exc, params):
    """Whether a WebexApiError may be a listing's answer to an unknown location_id (then unknown_location tells)."""
    return bool(params.get('location_id')) and exc.status in (400, 404)


def empty_location_warning(location_id, plurals):
    return 'location_id %s has no %s with Webex Calling: there is nothing to do there' % (
        location_id, ' and no '.join(plurals))


def read_api(client, kind, owner_id, org_id):
    return client.get(intercept_path(kind, owner_id), params=org_params(org_id)) or {}


def apply_plan(client, kind, owner_id, org_id, change):
    """Upload the greeting first (the PUT may need it), then PUT only the leaves that change.

    A PUT that fails after the upload raises PartialWriteError: the greeting is live and must be reported.
    """
    done = []
    if change.upload:
        client.post_file(upload_path(kind, owner_id), 'file', change.upload.name, change.upload.content,
                         'audio/wav', params=org_params(org_id))
        done.append('upload')
    if change.body:
        try:
            client.put(intercept_path(kind, owner_id), change.body, params=org_params(org_id))
        except WebexApiError as exc:
            if done:
                raise PartialWriteError(exc, done)
            raise
    return done


# --- the location intercept: a location's own settings, and whether they override its people's ------------------

def location_enabled(client, location_id, org_id):
    """Whether a location's intercept is enabled: (True or False, None), or (None, why it could not be read)."""
    try:
        return bool(read_api(client, OWNERS['location'], location_id, org_id).get('enabled')), None
    except WebexApiError as exc:
        return None, str(exc)


def location_intercept(client, kind, item, owner_id, org_id):
    """{enabled, location_id, location_name, error} of the target's location; None when it has none.

    ``item`` is the target's listing item, or None to look it up by ID. One read of the location's intercept, and
    of its name only when the intercept is enabled (to name it in the warning). Never raises: what cannot be read is
    in ``error`` (the target's own read decides whether the task fails).
    """
    state = dict(enabled=None, location_id=None, location_name=None, error=None)
    try:
        if item is None:
            item = find_by_id(client, kind, owner_id, org_id)
        state['location_id'] = item_field(item, kind.location_field)
        if not state['location_id']:
            return None
        state['enabled'], state['error'] = location_enabled(client, state['location_id'], org_id)
        if state['enabled']:
            state['location_name'] = find_by_id(client, OWNERS['location'], state['location_id'], org_id).get('name')
    except (WebexApiError, SettingsError) as exc:
        state['error'] = state['error'] or str(exc)
    return state


def override_warning(kind, target, state):
    """The warning for a target whose location intercept is enabled or could not be read; None otherwise."""
    if state is None or state['enabled'] is False:
        return None
    location = '%s (location_id %s)' % (state['location_name'], state['location_id']) if state['location_name'] \
        else 'location_id %s' % state['location_id']
    if state['enabled']:
        return ('the call intercept of the location %s is enabled: it overrides the settings of the %s %s, whose calls '
                'follow the location\'s intercept, not these settings, until it is turned off '
                '(webex.calling.webex_location_intercept)' % (location, kind.label, target))
    return ('whether the intercept of the location %s overrides the settings of the %s %s is unknown: it could not be '
            'read: %s' % (location, kind.label, target, state['error']))


def check_repository(client, kind, owner_id, org_id, change, target):
    """A greeting file name a location's PUT sets must be in its announcement repository: SettingsError if not.

    Returns a warning when the repository cannot be read (the PUT then decides).
    """
    api_name = next(row.api for row in SETTINGS if row.option == FILE_NAME)
    name = get_path(change.body, api_name)
    if kind.greeting_source != REPOSITORY or not name:
        return None
    try:
        items = client.get_items(REPOSITORY_PATH, params=dict(org_params(org_id), locationId=owner_id),
                                 items_key=REPOSITORY_ITEMS_KEY)
    except WebexApiError as exc:
        return 'the announcement repository of the location %s could not be read to check %s: %s' % (
            target, dotted(FILE_NAME), exc)
    names = sorted(set(item.get('fileName') for item in items if isinstance(item, dict) and item.get('fileName')))
    if name not in names:
        raise SettingsError('%s %s is not in the announcement repository of the location %s (%s); upload the greeting '
                            'to that repository first (Control Hub: Calling > Features > Announcement repository), '
                            'or name one of its files' % (dotted(FILE_NAME), name, target,
                                                          'it has ' + ', '.join(names) if names else 'it is empty'))
    return None


def run_configure(module, kind):
    """A configure module: make one target's settings match the options given."""
    params = module.params
    owner_id = params.get(kind.id_option)
    org_id = params['org_id']
    change = None
    state = None
    warnings = []
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        check_target_options(kind, params)
        options, greeting = check_options(dict((name, params[name]) for name in SETTINGS_KEYS),
                                          greeting_source=kind.greeting_source)
        client = client_from_module(module, pool_size=2)
        item = None
        if not owner_id:
            item = find_by_name(client, kind, params[kind.name_option], org_id)
            owner_id = item['id']
        target = params.get(kind.name_option) or owner_id
        state = pool.submit(location_intercept, client, kind, item, owner_id, org_id) if kind.overridable else None
        api = read_api(client, kind, owner_id, org_id)
        current = with_file_name(settings_from_api(api), greeting_name_from_api(api))
        change = plan(current, options, greeting, greeting_source=kind.greeting_source, always=kind.put_always)
        warnings.append(check_repository(client, kind, owner_id, org_id, change, target))
        if is_changed(change) and not module.check_mode:
            apply_plan(client, kind, owner_id, org_id, change)
        state = state.result() if state else None
        warnings.append(override_warning(kind, target, state))
    except SettingsError as exc:
        module.fail_json(msg=str(exc))
    except PartialWriteError as exc:
        # The greeting is live with the old settings: report the write, the error and what the server now holds.
        now = copy_tree(change.before)
        set_path(now, FILE_NAME, change.upload.name)
        module.fail_json(msg='the greeting %s was uploaded and is now live for %s %s, but changing the settings '
                             'then failed: %s' % (change.upload.name, kind.id_option, owner_id, exc.error),
                         changed=True, api_error=exc.error.to_result(), intercept=now, **{kind.id_option: owner_id})
    except WebexApiError as exc:
        module.fail_json(msg=str(exc), api_error=exc.to_result())
    finally:
        pool.shutdown(wait=True)
    for warning in warnings:
        if warning:
            module.warn(warning)
    result = dict(changed=is_changed(change), intercept=change.after, **{kind.id_option: owner_id})
    if kind.overridable:
        result['location_intercept'] = state
    if module._diff:
        result['diff'] = dict(before=change.before, after=change.after)
    module.exit_json(**result)


# --- info: read one target, a location's or the organization's ------------------------------------------------

def list_targets(client, kind, params):
    """The targets the info options select: a list for one, an iterator that yields while it lists pages otherwise."""
    org_id = params.get('org_id')
    if params.get(kind.name_option):
        return [find_by_name(client, kind, params[kind.name_option], org_id)]
    if params.get(kind.id_option):
        return [find_by_id(client, kind, params[kind.id_option], org_id)]
    query = listing_query(kind, org_id, max=kind.page_size)
    if params.get('location_id') and kind.location_param:
        query.update({kind.location_param: params['location_id'], 'max': LOCATION_PAGE_SIZE})
    return (item for item in client.iter_items(kind.listing_path, params=query, items_key=kind.items_key)
            if item_field(item, kind.location_field))


def read_entries(client, kind, targets, org_id, stop_on_error, pool):
    """Each target's entry with its settings, sorted by name then ID.

    Reads run concurrently on ``pool`` and start while ``targets`` (an iterable that may still be listing pages)
    goes on. A read that fails for good gives an entry with the error, or, with ``stop_on_error``, raises the
    WebexApiError with the entry as its ``entry`` (reads not yet started are skipped).
    """
    stop = threading.Event()

    def read(item):
        entry = entry_of(kind, item)
        if stop.is_set():
            return None
        try:
            api = read_api(client, kind, entry[id_key(kind)], org_id)
        except WebexApiError as exc:
            if stop_on_error:
                stop.set()
                exc.entry = entry
                raise
            entry.update(intercept=None, greeting_file_name=None, error=str(exc))
            return entry
        settings = settings_from_api(api)
        if kind.greeting_source == REPOSITORY:
            # A location's greeting is a setting: its entry can be fed back to the module as it is.
            settings = with_file_name(settings, greeting_name_from_api(api))
        entry.update(greeting_file_name=greeting_name_from_api(api), intercept=settings, error=None)
        return entry

    try:
        futures = []
        for item in targets:
            if stop.is_set():
                break
            futures.append(pool.submit(read, item))
        entries = [future.result() for future in futures]
    except Exception:
        stop.set()
        raise
    return sorted(entries, key=lambda entry: ((entry.get(name_key(kind)) or '').lower(), entry[id_key(kind)] or ''))


def location_names(client, org_id):
    """{location ID: name} from one listing of the locations (every page); (None, warning) when it cannot be read."""
    try:
        items = client.get_items('/locations', params=dict(org_params(org_id), max=LOCATIONS_PAGE_SIZE))
    except WebexApiError as exc:
        return None, 'the names of the locations could not be read, so location_name is null: %s' % exc
    return dict((item.get('id'), item.get('name')) for item in items), None


def read_organization(client, org_id, org=None):
    """{id, name}: the org_id given or the token's (GET /people/me), its displayName; WebexApiError if unread."""
    org = org if org is not None else {}
    org.update(id=org_id or None, name=None)
    if not org_id:
        org['id'] = (client.get('/people/me') or {}).get('orgId')
    if org['id']:
        org['name'] = (client.get(format_path('/organizations/{id}', org['id'])) or {}).get('displayName')
    return org


def organization(client, org_id):
    """({id, name}, warning or None): as read_organization, what could not be read null, with a warning."""
    org = {}
    try:
        read_organization(client, org_id, org)
    except WebexApiError as exc:
        return org, 'the organization could not be read, so organization.%s is null: %s' % (
            'name' if org['id'] else 'id', exc)
    return org, None


def run_organization_info(module):
    """webex_organization_info: the organization of org_id, else of the access token; fails when it cannot be read."""
    try:
        client = client_from_module(module, pool_size=1)
        org = read_organization(client, (module.params.get('org_id') or '').strip() or None)
    except WebexApiError as exc:
        module.fail_json(msg='the organization could not be read: %s' % exc, api_error=exc.to_result())
    if not org['id']:
        module.fail_json(msg='the access token\'s organization could not be read: GET /people/me answered no orgId')
    module.exit_json(changed=False, organization=org)


def reading_locations(client, kind, targets, org_id, pool, states):
    """The targets, unchanged; the intercept of each new location among them is read meanwhile, once, into states."""
    for item in targets:
        location_id = item_field(item, kind.location_field)
        if location_id and location_id not in states:
            states[location_id] = pool.submit(location_enabled, client, location_id, org_id)
        yield item


def override_warnings(kind, entries, states, names):
    """Warnings for the entries whose location intercept is enabled (it overrides theirs) or could not be read."""
    warnings = []
    if not kind.overridable:
        return ()
    for enabled, what in ((True, '%(hit)d of the %(read)s read %(are)s at %(locations)s whose own call intercept is '
                                 'enabled (%(details)s): their calls follow the location\'s intercept, not the settings '
                                 'returned; their %(entries)s overridden_by_location true'),
                          (None, 'for %(hit)d of the %(read)s read it is unknown whether the intercept of their location '
                                 'overrides theirs (%(details)s); their %(entries)s overridden_by_location null')):
        hit = [entry for entry in entries if entry.get('overridden_by_location') is enabled]
        if hit:
            locations = sorted(set(entry.get('location_id') for entry in hit))
            details = ', '.join('%s: %s' % (names.get(location_id) or location_id, states[location_id][1])
                                if enabled is None else (names.get(location_id) or location_id)
                                for location_id in locations)
            warnings.append(what % dict(hit=len(hit), read=counted(len(entries), kind.label, kind.plural),
                                        are=plural(len(hit), 'is', 'are'), locations=plural(len(locations), 'a location', 'locations'),
                                        details=details, entries=plural(len(hit), 'entry has', 'entries have')))
    return tuple(warnings)


def run_info(module, kind):
    """An info module: read the settings of one target, of a location's or of the organization's."""
    params = module.params
    if not 1 <= params['concurrency'] <= 64:
        module.fail_json(msg='concurrency must be between 1 and 64, not %d' % params['concurrency'])
    fail_on_error = params['on_read_error'] == 'fail'
    org_id = params.get('org_id')
    pool = None
    empty_warning = None
    try:
        check_target_options(kind, params)
        client = client_from_module(module, pool_size=params['concurrency'] + 1)
        pool = ThreadPoolExecutor(max_workers=params['concurrency'])
        # A location's own listing item names it: the locations are not listed a second time for their names.
        names = None if kind.location_field == 'id' else pool.submit(location_names, client, org_id)
        org = pool.submit(organization, client, org_id)
        states = {}
        targets = list_targets(client, kind, params)
        # The intercept of each target's location, read once per location, unless the caller reads them itself.
        overrides = kind.overridable and params.get('read_location_intercepts', True)
        if overrides:
            targets = reading_locations(client, kind, targets, org_id, pool, states)
        entries = read_entries(client, kind, targets, org_id, fail_on_error, pool)
        names, names_warning = names.result() if names is not None else (
            dict((entry[id_key(kind)], entry[name_key(kind)]) for entry in entries), None)
        org, org_warning = org.result()
        states = dict((location_id, future.result()) for location_id, future in states.items())
        if not entries and params.get('location_id') and kind.location_param:
            missing = unknown_location(client, params['location_id'], org_id)
            if missing:
                raise missing
            empty_warning = empty_location_warning(params['location_id'], (kind.plural,))
    except SettingsError as exc:
        module.fail_json(msg=str(exc))
    except WebexApiError as exc:
        missing = unknown_location(client, params['location_id'], org_id) if listing_refused(exc, params) else None
        if missing:
            module.fail_json(msg=str(missing))
        entry = getattr(exc, 'entry', None)
        msg = str(exc) if entry is None else 'reading the intercept settings of %s (%s) failed: %s' % (
            entry_name(kind, entry), entry[id_key(kind)], exc)
        module.fail_json(msg=msg, api_error=exc.to_result())
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    for entry in entries:
        entry['location_name'] = names.get(entry.get('location_id')) if names is not None else None
        if kind.overridable:
            entry['overridden_by_location'] = states.get(entry.get('location_id'), (False, None))[0] if overrides \
                else None
    overridden = override_warnings(kind, entries, states, names or {}) if overrides else ()
    for warning in (names_warning, org_warning, empty_warning) + overridden:
        if warning:
            module.warn(warning)
    failed = [entry for entry in entries if entry['error']]
    if failed:
        module.warn('%d of %d %s could not be read; their entries have intercept null and an error'
                    % (len(failed), len(entries), kind.plural))
    module.exit_json(changed=False, organization=org, **{kind.result_name: entries})
