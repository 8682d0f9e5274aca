# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""webex.calling.intercept_events: an Event-Driven Ansible source of call intercept changes made in Control Hub."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
short_description: Changes of Webex Calling call intercept settings, from the admin audit events
description:
  - Polls the Webex admin audit events (C(GET /v1/adminAudit/events)) of one organization and puts one event on the
    queue for each change of a person, workspace, virtual line or location (the owner kinds of the collection). The
    kind of a target comes from its Webex ID (or the event's C(targetType)), never from the description.
  - "Each event: C(type) (C(change)), C(kind), C(id), C(name), C(org_id), C(actor) (C(id), C(name), C(email)), C(time),
    C(event_id), C(category), C(description), and C(raw), the audit event as Webex gave it."
  - Windows overlap by O(overlap) seconds, since Webex shows an event some time after the change; events are
    de-duplicated by ID. With O(state_file) a restart neither misses nor repeats an event.
  - "Drift mode (O(baseline)): for each target changed, the source reads that target's call intercept (one read, not
    the whole organization), compares it with the baseline the way the audit role does, and puts a C(drift) event on
    the queue only when it differs: C(settings) (the options that differ), C(differences) (the values wanted, in the
    shape of the modules' options), C(current), C(wanted) (every setting wanted for the target) and C(remediation)
    (an item of M(webex.calling.webex_intercepts) that puts the target back)."
  - Polling failures (HTTP 429 and 5xx after the client's retries, the API unreachable) are warned about once, and the
    next poll reads from where the last one that worked ended. A missing C(audit:events_read) scope (HTTP 403) or
    refused credentials stop the source with an error that says so. Malformed events are skipped with a warning that
    names their ID. No token, secret or refresh token is ever in an event or a log line.
  - Needs the C(requests) Python library and ansible-core (the collection's API client) where ansible-rulebook runs.
options:
  access_token:
    description:
      - A Webex access token of a full administrator with the scope C(audit:events_read) (and, in drift mode, the
        read scopes of the kinds watched).
      - Falls back to the E(WEBEX_ACCESS_TOKEN) environment variable.
    type: str
  client_id:
    description:
      - With O(client_secret) and O(refresh_token), the source gets access tokens itself and renews them before they
        expire. Falls back to E(WEBEX_CLIENT_ID).
    type: str
  client_secret:
    description: The integration's or service app's client secret. Falls back to E(WEBEX_CLIENT_SECRET).
    type: str
  refresh_token:
    description: The refresh token. Falls back to E(WEBEX_REFRESH_TOKEN).
    type: str
  api_url:
    description: The Webex API. Falls back to E(WEBEX_API_URL).
    type: str
    default: https://webexapis.com/v1
  validate_certs:
    description: Whether to verify the API's TLS certificate.
    type: bool
    default: true
  ca_path:
    description: A PEM file (or directory) of CA certificates that sign the API's certificate.
    type: path
  timeout:
    description: Seconds to wait for each answer.
    type: int
    default: 30
  org_id:
    description:
      - The organization watched; by default the token's own (one C(GET /people/me) at start).
    type: str
  interval:
    description: Seconds between two polls (1 to 3600). A poll that finds nothing costs one request.
    type: float
    default: 60
  overlap:
    description:
      - Seconds each window reaches back before the end of the previous one, for events that Webex shows late.
    type: float
    default: 300
  lookback:
    description:
      - At the very first start (no state yet), how many seconds before now to read events from.
    type: float
    default: 0
  categories:
    description: Only events of these categories (C(GET /adminAudit/eventCategories)); all by default.
    type: list
    elements: str
  kinds:
    description: The kinds of target whose changes are events.
    type: list
    elements: str
    choices: [person, workspace, virtual_line, location]
    default: [person, workspace, virtual_line, location]
  state_file:
    description:
      - A JSON file where the source keeps the end of the last window and the IDs of the events of the overlap, so
        that a restart neither misses nor repeats an event. Written atomically after the events of each poll are on
        the queue.
      - A file that is not such a state is moved aside to C(<state_file>.corrupt) with a warning, and the source
        starts as for the first time. A directory that does not exist or cannot be written is an error at start.
    type: path
  baseline:
    description:
      - Drift mode. The audit role's baseline, as a dictionary with C(baseline) (the settings everyone should have,
        in the shape of the modules' options) and C(exceptions) (the role's O(webex.calling.intercept_audit#role:main:intercept_audit_exceptions)),
        or with the role's variables C(intercept_audit_baseline) and C(intercept_audit_exceptions); or the path of a
        YAML or JSON file that holds one (the file the audit role takes with C(-e @file)).
      - Checked before the first request; exceptions named by email or name are looked up once at start.
      - Location events are not compared (a location's own intercept is not in the baseline).
    type: raw
  sweep_interval:
    description:
      - Drift mode. Every so many seconds, read every target of the kinds and compare it too, which catches changes
        that produce no audit event. 0 (the default) never does.
    type: float
    default: 0
  ignore_own_changes:
    description:
      - Leave out the changes made with the source's own credentials (a remediation run's), which would otherwise
        cost one more read each. One C(GET /people/me) at start.
    type: bool
    default: true
'''

EXAMPLES = r'''
- name: Put intercept changes made in Control Hub back to the baseline
  hosts: localhost
  sources:
    - webex.calling.intercept_events:
        interval: 30
        state_file: /var/lib/eda/webex-intercept-events.json
        baseline: /etc/webex/intercept-baseline.yml
  rules:
    - name: Remediate a drifted target
      condition: event.type == "drift"
      action:
        run_playbook:
          name: webex.calling.remediate

- name: Report every change of a person's intercept
  hosts: localhost
  sources:
    - webex.calling.intercept_events:
        kinds: [person]
  rules:
    - name: Log it
      condition: event.type == "change"
      action:
        debug:
          msg: "{{ event.name }} changed by {{ event.actor.email }} at {{ event.time }}"
'''

import asyncio
import json
import logging
import os
import sys


def _import_collection():
    """ansible-rulebook runs a source as a file: make ``ansible_collections`` importable from where it is installed."""
    try:
        import ansible_collections.webex.calling.plugins.module_utils._event_poller  # noqa: F401 pylint: disable=unused-import
    except ImportError:
        here = os.path.abspath(__file__)
        collections_dir = here
        for dummy in range(8):  # .../ansible_collections/webex/calling/extensions/eda/plugins/event_source/<file>
            collections_dir = os.path.dirname(collections_dir)
        if collections_dir not in sys.path:
            sys.path.insert(0, collections_dir)


_import_collection()

from ansible_collections.webex.calling.plugins.module_utils._event_poller import (  # noqa: E402 pylint: disable=wrong-import-position
    EventError,
    EventPoller,
    FatalEventError,
    describe,
)

LOGGER = logging.getLogger('webex.calling.intercept_events')


def _load_baseline(value):
    """The baseline option: a dictionary, or the path of a YAML or JSON file holding one."""
    if value is None or isinstance(value, dict):
        return value
    if not isinstance(value, str):
        raise EventError('baseline must be a dictionary or the path of a YAML or JSON file')
    try:
        with open(value, 'r', encoding='utf-8') as handle:
            text = handle.read()
    except OSError as exc:
        raise EventError('baseline %s cannot be read (%s): give the path of the audit baseline file' % (
            value, exc.strerror or exc))
    try:
        import yaml  # ansible-rulebook depends on PyYAML
    except ImportError:
        yaml = None
    try:
        return yaml.safe_load(text) if yaml is not None else json.loads(text)
    except (ValueError, getattr(yaml, 'YAMLError', ValueError)) as exc:
        raise EventError('baseline %s is neither YAML nor JSON: %s' % (value, exc))


async def main(queue, args):
    """Poll the admin audit events and put each change (or drift) on the queue."""
    args = dict(args or {})
    try:
        args['baseline'] = _load_baseline(args.get('baseline'))
        poller = EventPoller(args, warn=LOGGER.warning)
    except EventError as exc:
        LOGGER.error('webex.calling.intercept_events cannot start: %s', exc)
        raise
    waiting = False
    while True:
        try:
            await asyncio.to_thread(poller.start)
            break
        except FatalEventError as exc:
            LOGGER.error('webex.calling.intercept_events cannot start: %s', exc)
            raise
        except EventError as exc:  # the API is not reachable yet: no crash loop, try again each interval
            if not waiting:
                LOGGER.warning('webex.calling.intercept_events: the API cannot be reached yet, trying again every %s '
                               'seconds: %s', poller.options['interval'], exc)
            waiting = True
            await asyncio.sleep(poller.options['interval'])
    LOGGER.info('webex.calling.intercept_events: watching organization %s every %s seconds%s', poller.org_id,
                poller.options['interval'], ' for drift from the baseline' if poller.request is not None else '')
    while True:
        try:
            events = await asyncio.to_thread(poller.poll)
        except FatalEventError as exc:
            LOGGER.error('webex.calling.intercept_events stops: %s', exc)
            raise
        for event in events:
            LOGGER.info('webex.calling.intercept_events: %s', describe(event))
            await queue.put(event)
        await asyncio.to_thread(poller.commit)
        await asyncio.sleep(poller.options['interval'])


if __name__ == '__main__':
    class _PrintQueue:
        async def put(self, event):
            print(json.dumps(event, indent=1, sort_keys=True))

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(_PrintQueue(), {'interval': 10}))
