# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the person intercept modules do: find the person, read, plan, write (unless in check mode)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError, client_from_module
from ansible_collections.webex.calling.plugins.module_utils._intercept import (
    InterceptSettingsError,
    check_options,
    is_changed,
    plan_change,
    settings_from_api,
)

SETTINGS_OPTIONS = ('enabled', 'incoming', 'outgoing')
PEOPLE_PAGE_SIZE = 100
LOCATION_PAGE_SIZE = 50


def intercept_path(person_id):
    return '/people/%s/features/intercept' % person_id


def org_params(org_id):
    return {'orgId': org_id} if org_id else {}


def find_people_by_email(client, email, org_id):
    """The one person with this email; InterceptSettingsError when there is none or several."""
    people = client.get_items('/people', params=dict(org_params(org_id), email=email, callingData='true'))
    if not people:
        raise InterceptSettingsError('person_email %s matches no Webex person in this organization; check the '
                                     'address, or set org_id for a customer organization' % email)
    if len(people) > 1:
        raise InterceptSettingsError('person_email %s matches %d people (%s); use person_id to choose one' % (
            email, len(people), ', '.join(person.get('id', '?') for person in people)))
    return people[0]


def read_intercept(client, person_id, org_id):
    return client.get(intercept_path(person_id), params=org_params(org_id)) or {}


def apply_change(client, person_id, org_id, change):
    """Upload the greeting first (a PUT may need it), then PUT only the leaves that change."""
    if change.upload:
        client.post_file(intercept_path(person_id) + '/actions/announcementUpload/invoke', 'file',
                         change.upload.name, change.upload.content, 'audio/wav', params=org_params(org_id))
    if change.body:
        client.put(intercept_path(person_id), change.body, params=org_params(org_id))


def run_intercept_module(module):
    """webex_person_intercept: make one person's settings match the options given."""
    params = module.params
    options = dict((name, params[name]) for name in SETTINGS_OPTIONS)
    try:
        greeting = check_options(options)
        client = client_from_module(module)
        person_id = params['person_id']
        if not person_id:
            person_id = find_people_by_email(client, params['person_email'], params['org_id'])['id']
        current = settings_from_api(read_intercept(client, person_id, params['org_id']))
        change = plan_change(current, options, greeting)
        if is_changed(change) and not module.check_mode:
            apply_change(client, person_id, params['org_id'], change)
    except InterceptSettingsError as exc:
        module.fail_json(msg=str(exc))
    except WebexApiError as exc:
        module.fail_json(msg=str(exc), api_error=exc.to_result())
    result = dict(changed=is_changed(change), person_id=person_id, intercept=change.after)
    if module._diff:
        result['diff'] = dict(before=change.before, after=change.after)
    module.exit_json(**result)


def person_entry(person):
    """The identity part of an info entry, from a /people item."""
    emails = person.get('emails') or ['']
    return dict(person_id=person['id'], email=emails[0], display_name=person.get('displayName', ''),
                location_id=person.get('locationId'))


def read_entries(client, people, org_id, concurrency, stop_on_error):
    """Each person's entry with intercept settings, sorted by email then ID.

    Reads run concurrently and start while ``people`` (an iterable that may still be listing pages) goes on.
    A read that fails for good gives an entry with the error, or, with ``stop_on_error``, raises the
    WebexApiError with the entry as its ``person`` (reads not yet started are skipped).
    """
    stop = threading.Event()

    def read(person):
        entry = person_entry(person)
        if stop.is_set():
            return None
        try:
            api = read_intercept(client, entry['person_id'], org_id)
        except WebexApiError as exc:
            if stop_on_error:
                stop.set()
                exc.person = entry
                raise
            entry.update(intercept=None, greeting_file_name=None, error=str(exc))
            return entry
        settings = settings_from_api(api)
        entry.update(greeting_file_name=settings['incoming']['announcements'].pop('file_name'),
                     intercept=settings, error=None)
        return entry

    pool = ThreadPoolExecutor(max_workers=concurrency)
    try:
        futures = []
        for person in people:
            if stop.is_set():
                break
            futures.append(pool.submit(read, person))
        entries = [future.result() for future in futures]
    except Exception:
        stop.set()
        raise
    finally:
        pool.shutdown(wait=True)
    return sorted(entries, key=lambda entry: (entry['email'].lower(), entry['person_id']))


def list_calling_people(client, params):
    """The Webex Calling people the info options select (a person, a location or the organization).

    For a location or the organization, an iterator that yields people while it lists the pages.
    """
    query = dict(org_params(params['org_id']), callingData='true')
    if params['person_email']:
        return [find_people_by_email(client, params['person_email'], params['org_id'])]
    if params['person_id']:
        people = client.get_items('/people', params=dict(query, id=params['person_id']))
        if not people:
            raise InterceptSettingsError('person_id %s matches no Webex person in this organization; check the ID, '
                                         'or set org_id for a customer organization' % params['person_id'])
        return people
    query['max'] = PEOPLE_PAGE_SIZE
    if params['location_id']:
        query.update(locationId=params['location_id'], max=LOCATION_PAGE_SIZE)
    return (person for person in client.iter_items('/people', params=query) if person.get('locationId'))


def run_info_module(module):
    """webex_person_intercept_info: read the intercept settings of one person or many."""
    params = module.params
    if not 1 <= params['concurrency'] <= 64:
        module.fail_json(msg='concurrency must be between 1 and 64, not %d' % params['concurrency'])
    fail_on_error = params['on_read_error'] == 'fail'
    try:
        client = client_from_module(module, pool_size=params['concurrency'] + 1)
        people = list_calling_people(client, params)
        entries = read_entries(client, people, params['org_id'], params['concurrency'], fail_on_error)
    except InterceptSettingsError as exc:
        module.fail_json(msg=str(exc))
    except WebexApiError as exc:
        person = getattr(exc, 'person', None)
        msg = str(exc) if person is None else 'reading the intercept settings of %s (%s) failed: %s' % (
            person['email'] or person['person_id'], person['person_id'], exc)
        module.fail_json(msg=msg, api_error=exc.to_result())
    failed = [entry for entry in entries if entry['error']]
    if failed:
        module.warn('%d of %d people could not be read; their entries have intercept null and an error'
                    % (len(failed), len(entries)))
    module.exit_json(changed=False, persons=entries)
