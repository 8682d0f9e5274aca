# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The I/O of the bulk module webex_intercepts: many targets of any kind, on one client, concurrently.

Each target gets exactly what a configure module does (``_intercept_runner``): one GET, the plan of
``_settings.plan``, then only the leaves that change (the greeting first). The items are checked by
``_compare.bulk_items`` before the first request; names are resolved from one listing per kind (one lookup when a
kind has one name); every target is read before the first write, so that a name matching several targets, two
items for one target, or (with ``missing=stop``) a target that does not exist stops the run with nothing written.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError, client_from_module
from ansible_collections.webex.calling.plugins.module_utils._compare import (
    BULK_KINDS,
    BulkItem,
    bulk_items,
    group_bulk_targets,
    name_token,
)
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import (
    PartialWriteError,
    apply_plan,
    check_scope_ids,
    empty_location_warning,
    list_targets,
    listing_query,
    listing_refused,
    read_api,
    unknown_location,
)
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS, entry_name, item_field
from ansible_collections.webex.calling.plugins.module_utils._owners import entry_of as owner_entry
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    FILE_NAME,
    GREETING_FILE,
    SettingsError,
    copy_tree,
    get_path,
    greeting_name_from_api,
    is_changed,
    plan,
    read_greeting_file,
    set_path,
    settings_from_api,
    validate,
    with_file_name,
)
from ansible_collections.webex.calling.plugins.module_utils._wording import counted, plural

MISSING = ('fail', 'skip', 'stop')
# How many failures the message lists; every one is in the result.
MESSAGE_FAILURES = 25


class Target:
    """One target (person, workspace, virtual line) and what happened to it; the items that name it share it."""

    def __init__(self, kind, owner_id, items, greeting):
        self.kind = kind
        self.owner_id = owner_id
        self.items = items
        self.wanted = items[0].wanted
        self.greeting = greeting
        self.before = None
        self.change = None
        self.after = None
        self.changed = False
        self.missing = False
        self.error = None
        self.api_error = None
        self.written = []

    @property
    def label(self):
        return self.items[0].label

    def fail(self, message, api_error=None):
        self.error = message
        self.api_error = api_error


def read_greetings(items):
    """{path: GreetingFile} of every greeting file wanted, each read and checked once, before any request."""
    greetings = {}
    for item in items:
        path = get_path(item.wanted, GREETING_FILE)
        if path and path not in greetings:
            try:
                greetings[path] = read_greeting_file(path)
            except SettingsError as exc:
                raise SettingsError('%s (%s %s): %s' % (item.where, item.kind.label, item.label, exc))
    return greetings


def names_of(kind, listing_item):
    """The names a listing item answers to, as compared (emails lowercase)."""
    if kind.name == 'person':
        return [email.lower() for email in listing_item.get('emails') or [] if isinstance(email, str)]
    return [value for value in (item_field(listing_item, field) for field in kind.match_fields) if value]


def resolve_kind(client, kind, named, org_id, location_id):
    """{name token: [listing items]} for the names of one kind: one lookup for one name, else the listing's pages."""
    tokens = set(name_token(kind, item.name) for item in named)
    query = listing_query(kind, org_id, max=kind.page_size)
    if location_id and kind.location_param:
        query[kind.location_param] = location_id
    if len(tokens) == 1 and kind.lookup_param:
        query[kind.lookup_param] = named[0].name
    found = {}
    for listing_item in client.iter_items(kind.listing_path, params=query, items_key=kind.items_key):
        for token in set(names_of(kind, listing_item)) & tokens:
            matches = found.setdefault(token, [])
            if all(match.get('id') != listing_item.get('id') for match in matches):
                matches.append(listing_item)
    return found


def resolve(client, pool, items, org_id, location_id):
    """[(BulkItem, ID or None)]: the names looked up, one listing per kind; SettingsError if a name matches several."""
    by_kind = {}
    for item in items:
        if item.name is not None:
            by_kind.setdefault(item.kind.name, []).append(item)
    futures = dict((name, pool.submit(resolve_kind, client, named[0].kind, named, org_id, location_id))
                   for name, named in by_kind.items())
    found = dict((name, future.result()) for name, future in futures.items())
    pairs = []
    for item in items:
        if item.name is None:
            pairs.append((item, item.owner_id))
            continue
        matches = found[item.kind.name].get(name_token(item.kind, item.name), [])
        if len(matches) > 1:
            raise SettingsError('%s: %s %s matches %d %s (%s); use %s to choose one' % (
                item.where, item.kind.name_option, item.name, len(matches), item.kind.plural,
                ', '.join(match.get('id', '?') for match in matches), item.kind.id_option))
        pairs.append((item, matches[0]['id'] if matches else None))
    return pairs


def site_items(client, pool, kinds, location_id, org_id, wanted, start, taken):
    """[(BulkItem, ID)] of every target of these kinds at the location (one listing each), but those in ``taken``.

    Each gets ``wanted`` (the defaults); the items given name the others and keep their own settings. Sorted by
    kind, then name.
    """
    listings = [(kind, pool.submit(lambda kind=kind: list(list_targets(client, kind, dict(location_id=location_id,
                                                                                          org_id=org_id)))))
                for kind in BULK_KINDS if kind.name in kinds]
    found = []
    for kind, listing_future in listings:
        for listing_item in listing_future.result():
            if (kind.name, listing_item.get('id')) not in taken and listing_item.get('id'):
                found.append((kind, listing_item['id'], entry_name(kind, owner_entry(kind, listing_item))))
    found.sort(key=lambda found_item: (BULK_KINDS.index(found_item[0]), str(found_item[2]).lower(), found_item[1]))
    return [(BulkItem(start + offset, 'everyone at location_id %s' % location_id, kind, owner_id, None, label, wanted),
             owner_id) for offset, (kind, owner_id, label) in enumerate(found)]


def read_target(target, client, org_id):
    """Phase 1: the target's settings and the plan (the target is marked missing or failed instead)."""
    try:
        api = read_api(client, target.kind, target.owner_id, org_id)
    except WebexApiError as exc:
        target.missing = exc.status == 404
        target.fail(str(exc), exc.to_result())
        return
    target.before = with_file_name(settings_from_api(api), greeting_name_from_api(api))
    target.after = target.before
    try:
        target.change = plan(target.before, target.wanted, target.greeting)
    except SettingsError as exc:
        target.fail('%s; nothing was written to this %s' % (exc, target.kind.label))
        return
    target.after = target.change.after
    target.changed = is_changed(target.change)


def write_target(target, client, org_id):
    """Phase 2: the greeting, then the settings that change; what was written is recorded, even when a step fails."""
    change = target.change
    try:
        target.written = apply_plan(client, target.kind, target.owner_id, org_id, change)
        if change.body:
            target.written.append('settings')
    except PartialWriteError as exc:
        target.written = list(exc.done)
        target.after = copy_tree(change.before)
        set_path(target.after, FILE_NAME, change.upload.name)
        target.fail('the greeting %s was uploaded and is now live, but changing the settings then failed: %s' % (
            change.upload.name, exc.error), exc.error.to_result())
    except WebexApiError as exc:
        target.changed = False
        target.after = target.before
        target.fail(str(exc), exc.to_result())


def run_all(pool, function, targets, *args):
    for future in [pool.submit(function, target, *args) for target in targets]:
        future.result()


def entry_of(item, target):
    """The result entry of one item: its target, what was read, what is (or would be) there now, what failed.

    ``item``, for a target that failed or was not found, is the item to send again to retry it: its target by ID
    (once resolved) and its settings.
    """
    retry = None
    if target.error is not None:
        retry = {item.kind.id_option: target.owner_id} if target.owner_id else {item.kind.name_option: item.name}
        retry.update(copy_tree(item.wanted))
    return dict(index=item.index, kind=item.kind.name, target=item.label, id=target.owner_id, changed=target.changed,
                failed=target.error is not None and not target.missing, missing=target.missing, before=target.before,
                after=target.after, error=target.error, api_error=target.api_error, written=list(target.written),
                item=retry)


def listing(texts, separator='; '):
    """The first MESSAGE_FAILURES texts joined, and how many more there are (every one is in the result)."""
    text = separator.join(texts[:MESSAGE_FAILURES])
    if len(texts) > MESSAGE_FAILURES:
        text += '%sand %d more (see intercepts)' % (separator, len(texts) - MESSAGE_FAILURES)
    return text


def describe(entry, given=None):
    """How a message names an entry's item: intercepts[3] (person alice@example.com), or the site's target."""
    place = 'intercepts[%d]' % entry['index'] if given is None or entry['index'] < given else 'everyone'
    where = '%s (%s %s)' % (place, entry['kind'].replace('_', ' '), entry['target'])
    return '%s: %s' % (where, entry['error'])


def diff_of(kind, target):
    header = '%s %s' % (kind.label, target.label if target.label == target.owner_id else '%s (%s)' % (
        target.label, target.owner_id))
    return dict(before_header=header, after_header=header, before=target.before, after=target.after)


def targets_of(pairs, greetings, location_id):
    """(the targets to read, {item index: its target}); items for one target share it, names not found are missing."""
    groups = group_bulk_targets((item, owner_id) for item, owner_id in pairs if owner_id is not None)
    targets = [Target(kind, owner_id, group, greetings.get(get_path(group[0].wanted, GREETING_FILE)))
               for kind, owner_id, group in groups]
    by_item = dict((item.index, target) for target in targets for item in target.items)
    for item, owner_id in pairs:
        if owner_id is None:
            target = Target(item.kind, None, [item], None)
            target.missing = True
            target.fail('%s %s matches no Webex %s in this %s' % (
                item.kind.name_option, item.name, item.kind.label, 'location' if location_id else 'organization'))
            by_item[item.index] = target
    return targets, by_item


def run_bulk(module):
    """webex_intercepts: apply settings to many targets; one entry per item in the result."""
    params = module.params
    if not 1 <= params['concurrency'] <= 64:
        module.fail_json(msg='concurrency must be between 1 and 64, not %d' % params['concurrency'])
    org_id = params.get('org_id')
    everyone = params.get('everyone') or []
    given = len(params['intercepts'])
    try:
        if everyone and not params.get('location_id'):
            raise SettingsError('everyone (%s) needs location_id: the location whose targets are meant' % ', '.join(
                everyone))
        if params.get('everyone_settings') is not None and not everyone:
            raise SettingsError('everyone_settings is only for the targets of everyone; set everyone too, or use '
                                'defaults')
        check_scope_ids(params)
        items = bulk_items(params['intercepts'], params.get('defaults'))
        # What the targets found by everyone get: everyone_settings, else the defaults (never both merged).
        source = 'everyone_settings' if params.get('everyone_settings') is not None else 'defaults'
        base = validate(params.get(source), source, loose=True)
        greetings = read_greetings(items + ([BulkItem(given, source, OWNERS['person'], None, None, 'everyone',
                                                      base)] if everyone else []))
    except SettingsError as exc:
        module.fail_json(msg='%s; nothing was sent' % exc)
    client = client_from_module(module, pool_size=params['concurrency'] + 1)
    pool = ThreadPoolExecutor(max_workers=params['concurrency'])
    location_id = params.get('location_id')
    site, taken = [], set()
    try:
        pairs = resolve(client, pool, items, org_id, location_id)
        if everyone:
            taken = set((item.kind.name, owner_id) for item, owner_id in pairs if owner_id)
            site = site_items(client, pool, everyone, location_id, org_id, base, given, taken)
            pairs += site
            items = [item for item, dummy in pairs]
        if location_id and ((everyone and not site and not taken) or any(owner_id is None for dummy, owner_id in pairs)):
            # Nothing (or not every name) found at the location: is it one?
            missing = unknown_location(client, location_id, org_id)
            if missing:
                raise missing
            if everyone and not site and not taken:
                module.warn(empty_location_warning(location_id, [OWNERS[name].plural for name in everyone]))
        targets, by_item = targets_of(pairs, greetings, location_id)
        run_all(pool, read_target, targets, client, org_id)
        stop = params['missing'] == 'stop' and any(target.missing for target in by_item.values())
        if not module.check_mode and not stop:
            run_all(pool, write_target, [target for target in targets if target.changed and target.error is None],
                    client, org_id)
    except SettingsError as exc:
        module.fail_json(msg='%s; nothing was written' % exc)
    except WebexApiError as exc:
        missing = unknown_location(client, location_id, org_id) if listing_refused(exc, params) else None
        module.fail_json(msg='%s; nothing was written' % (missing or exc), api_error=exc.to_result())
    finally:
        pool.shutdown(wait=True)
    report(module, [entry_of(item, by_item[item.index]) for item in items], targets, stop, given, client.outage)


def outage_message(outage, entries):
    """One message for a run the circuit breaker ended: why, then what was written and what was not."""
    written = [entry['target'] for entry in entries if entry['written']]
    unwritten = [entry['target'] for entry in entries if not entry['written'] and (entry['failed'] or entry['missing'])]
    return '%s. %d of the %d targets were written before that%s; %d failed and were not written: %s' % (
        outage, len(written), len(entries), ' (%s)' % listing(written, ', ') if written else '', len(unwritten),
        listing(unwritten, ', '))


# What return_settings=false leaves out of each entry.
SETTINGS_KEYS = ('before', 'after')


def report(module, entries, targets, stop, given=None, outage=None):
    """Exit with one entry per item, the counts and the diffs; fail naming every target that failed (or is missing)."""
    policy = module.params['missing']
    if stop:
        for entry in entries:
            entry.update(changed=False, after=entry['before'])
    missing = [entry for entry in entries if entry['missing']]
    counts = dict(total=len(entries), changed=sum(1 for entry in entries if entry['changed']),
                  unchanged=sum(1 for entry in entries if not (entry['changed'] or entry['error'])),
                  failed=sum(1 for entry in entries if entry['failed']), missing=len(missing))
    result = dict(changed=counts['changed'] > 0, intercepts=entries, counts=counts)
    if not module.params['return_settings']:
        result['intercepts'] = [dict((key, value) for key, value in entry.items() if key not in SETTINGS_KEYS)
                                for entry in entries]
    if module._diff:
        result['diff'] = [diff_of(target.kind, target) for target in targets if target.changed and not stop]
    if stop:
        module.fail_json(msg='nothing was written: %d of the %s %s no Webex Calling: %s; '
                             'remove them, or set missing=skip to apply the others' % (
                                 len(missing), counted(len(entries), 'target'),
                                 plural(len(missing), 'does not exist or has', 'do not exist or have'),
                                 listing([describe(entry, given) for entry in missing])), **result)
    if missing and policy == 'skip':
        module.warn('%d of the %s %s no Webex Calling and %s skipped: %s' % (
            len(missing), counted(len(entries), 'target'), plural(len(missing), 'does not exist or has', 'do not exist or have'),
            plural(len(missing), 'was', 'were'),
            listing([entry['target'] for entry in missing], ', ')))
    failures = [entry for entry in entries if entry['failed'] or (entry['missing'] and policy == 'fail')]
    if failures and outage:
        module.fail_json(msg=outage_message(outage, entries), **result)
    if failures:
        module.fail_json(msg='%d of the %s failed, %d %s, %d unchanged: %s' % (
            len(failures), counted(len(entries), 'target'), counts['changed'], 'would change' if module.check_mode else 'changed',
            counts['unchanged'], listing([describe(entry, given) for entry in failures])), **result)
    module.exit_json(**result)
