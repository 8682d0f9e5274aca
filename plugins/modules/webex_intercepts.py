#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_intercepts
short_description: Manage the call intercept settings of many Webex Calling people, workspaces and virtual lines at once
version_added: 1.1.0
description:
  - Applies call intercept settings to a whole list of targets (people, workspaces, virtual lines) in one task, the
    bulk counterpart of M(webex.calling.webex_person_intercept), as the C(*_record_sets) modules of the community.dns
    collection are of their C(*_record_set).
  - Per target it does exactly what M(webex.calling.webex_person_intercept) does; it reads the settings once, works
    out what differs with the same code, uploads the greeting only where the server has another file, and changes
    only the settings that differ. Targets are handled O(concurrency) at a time on one connection pool with one
    access token and one rate-limit state, so a whole organization costs about one read per target, one write per
    target that differs and, for targets named by email or name, the pages of one listing.
  - Every item is checked before the first request; a bad item fails the task naming its index and target, and
    nothing is sent. An email or name used by several items, a name that matches several targets, and two items
    for one target with different settings fail the task before any write.
  - Every target is read before the first write. One target's failure does not stop the others; the task then fails
    at the end, saying how many targets changed and failed and, for each failure, the target, the HTTP status,
    Webex's message and the C(trackingId). RV(intercepts) has one entry per item, so that a retry can take exactly
    the failed ones.
  - Use M(webex.calling.webex_person_intercept) for one target, and this module for two or more; a playbook that
    loops over people with the single module pays Ansible's cost of a task (about half a second) for each.
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.attributes
  - webex.calling.attributes.ACTIONS
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is uploaded or written; RV(intercepts) and the diff show what a real run would do and
        leave.
  diff_mode:
    support: full
    details:
      - One diff per target that changes (or would change), headed by the target; unchanged targets are left out.
options:
  intercepts:
    description:
      - The targets and the settings each should have.
      - Each item names exactly one target, by ID or by name, and gives settings in the shape of the options of
        M(webex.calling.webex_person_intercept) (O(intercepts[].enabled), O(intercepts[].incoming),
        O(intercepts[].outgoing)) and/or under O(intercepts[].intercept), so an entry returned by an info module
        (M(webex.calling.webex_person_intercept_info) C(persons)) or by
        RV(webex.calling.webex_person_intercept#module:intercept) can be given as it is.
      - A setting left out (or null) is left as it is on the server, unless O(defaults) sets it.
      - The keys C(email) (a person's, looked up when the item has no other target), C(display_name), C(extension),
        C(location_id), C(location_name), C(greeting_file_name), C(overridden_by_location) and C(error) of info
        entries are accepted and only name the target in messages. Any other key is an error naming its path, for example
        C(intercepts[3].incomming).
      - A location has one intercept of its own, set with C(webex.calling.webex_location_intercept); it is not a
        target here.
      - May be empty when O(everyone) names the targets.
      - An ID of another kind (a workspace's as C(person_id)) is an error naming the item, before any request; a raw
        UUID is sent as it is.
    type: list
    elements: dict
    default: []
    suboptions:
      person_id:
        description:
          - The Webex ID of a person.
        type: str
      person_email:
        description:
          - The email address of a person (case-insensitive). An address that matches no Webex Calling person is
            handled as O(missing) says; one that matches several people is an error before any write.
        type: str
      workspace_id:
        description:
          - The Webex ID of a workspace.
        type: str
      workspace_name:
        description:
          - The display name of a workspace, exactly.
        type: str
      virtual_line_id:
        description:
          - The Webex ID of a virtual line.
        type: str
      virtual_line_name:
        description:
          - The name of a virtual line (first and last name, or display name) or its extension, exactly.
        type: str
      intercept:
        description:
          - Settings in the shape of O(intercepts[].enabled), O(intercepts[].incoming) and O(intercepts[].outgoing),
            as info modules return them; the item's own settings beside it win.
        type: dict
      enabled:
        description:
          - Whether call intercept is on for the target.
        type: bool
      incoming:
        description:
          - What happens to calls to the target.
        type: dict
        suboptions:
          type:
            description:
              - V(INTERCEPT_ALL) intercepts every incoming call, V(ALLOW_ALL) lets them all through.
            type: str
            choices: [INTERCEPT_ALL, ALLOW_ALL]
          voicemail_enabled:
            description:
              - Whether intercepted callers can leave a voicemail.
            type: bool
          announcements:
            description:
              - What intercepted callers hear.
            type: dict
            suboptions:
              greeting:
                description:
                  - V(DEFAULT) plays the system greeting, V(CUSTOM) the uploaded one.
                  - V(CUSTOM) needs O(intercepts[].incoming.announcements.greeting_file), or a greeting uploaded before.
                type: str
                choices: [DEFAULT, CUSTOM]
              greeting_file:
                description:
                  - Path on the managed node of a WAV file (RIFF/WAVE header, at most 5,000 KB) to use as the custom greeting.
                  - Uploaded only when the name of the greeting on the server differs from this file's name.
                  - Uploaded before the settings are changed, so O(intercepts[].incoming.announcements.greeting=CUSTOM) can be set in the
                    same task.
                type: path
              file_name:
                description:
                  - Read-only; the name of the custom greeting on the server, as returned in RV(intercepts[].after).
                  - Accepted so that RV(intercepts[].after) can be passed back to this module. When given, it must equal the name
                    of the greeting on the server after the run, otherwise the task fails before any write.
                  - To change the greeting, use O(intercepts[].incoming.announcements.greeting_file).
                type: str
              new_number:
                description:
                  - Announce a new number to callers.
                type: dict
                suboptions:
                  enabled:
                    description:
                      - Whether the new number is announced.
                      - V(true) needs a O(intercepts[].incoming.announcements.new_number.destination), given or already set.
                    type: bool
                  destination:
                    description:
                      - The number announced, digits with an optional leading V(+), for example V(+14085550100).
                      - V("") removes it.
                    type: str
              zero_transfer:
                description:
                  - Let callers press 0 to be transferred.
                type: dict
                suboptions:
                  enabled:
                    description:
                      - Whether pressing 0 transfers the caller.
                      - V(true) needs a O(intercepts[].incoming.announcements.zero_transfer.destination), given or already set.
                    type: bool
                  destination:
                    description:
                      - The number or extension a caller who presses 0 is transferred to.
                      - V("") removes it.
                    type: str
      outgoing:
        description:
          - What happens to calls the target makes.
        type: dict
        suboptions:
          type:
            description:
              - V(INTERCEPT_ALL) intercepts every outgoing call, V(ALLOW_LOCAL_ONLY) lets local calls through.
            type: str
            choices: [INTERCEPT_ALL, ALLOW_LOCAL_ONLY]
          transfer_enabled:
            description:
              - Whether intercepted outgoing calls are transferred to O(intercepts[].outgoing.destination).
              - V(true) needs an O(intercepts[].outgoing.destination), given or already set.
            type: bool
          destination:
            description:
              - The number or extension intercepted outgoing calls are transferred to.
              - V("") removes it.
            type: str
  defaults:
    description:
      - Settings applied to every item, in the shape of an item's settings (C(enabled), C(incoming), C(outgoing)).
      - An item's own settings override them, leaf by leaf.
    type: dict
  location_id:
    description:
      - Look up the names and emails of O(intercepts) among the targets of this location only, which costs fewer
        listing pages. A name that is not there counts as not found. Items given by ID are not affected.
      - With O(everyone), the location whose targets are all meant.
      - A location that does not exist is an error naming it, before anything is written (checked only when a
        listing there finds nothing, or not every name). A Webex ID of another kind (a person's) is an error before
        any request.
    type: str
  everyone:
    description:
      - Kinds of targets of which every one at O(location_id) (required) is a target too, with the settings of
        O(everyone_settings) if set, else those of O(defaults), for example to close a whole site. They are found with one listing per kind (the Webex Calling
        people, workspaces and virtual lines of the location); an item of O(intercepts) that names one of them gives
        its own settings instead.
      - Their entries in RV(intercepts) follow those of the items, sorted by kind and name; their C(index) counts on
        after the last item, and messages name them C(everyone).
      - A location with none of these kinds is not an error; the run is ok, with a warning that says so.
    type: list
    elements: str
    choices: [person, workspace, virtual_line]
  everyone_settings:
    description:
      - The settings of the targets found by O(everyone) (those no item names), in the shape of an item's settings,
        instead of O(defaults); the items of O(intercepts) then get O(defaults) and their own settings only.
      - For example a site closed with everyone out of service but a few people whose own settings differ, who must
        not get the site's settings under theirs.
      - Needs O(everyone).
    type: dict
  missing:
    description:
      - What to do with a target that does not exist (a name that matches nothing, or an ID that Webex answers
        404 for, which is also what a person without Webex Calling gets).
      - V(fail) fails its item; the others are applied, and the task fails at the end.
      - V(skip) skips it with a warning; it is in RV(intercepts) with C(missing=true), and the task does not fail.
      - V(stop) writes nothing at all when any target does not exist, and fails the task naming them.
    type: str
    choices: [fail, skip, stop]
    default: fail
  return_settings:
    description:
      - Whether each entry of RV(intercepts) carries the target's settings before and after (RV(intercepts[].before),
        RV(intercepts[].after)).
      - V(false) leaves them out (about 1 KB a target), for a large run whose result is only counted or listed (the
        role C(webex.calling.intercept) sets it); each entry keeps its target, what happened and any error, and
        the diff in diff mode is unchanged.
    type: bool
    default: true
    version_added: 1.2.0
  concurrency:
    description:
      - How many targets are read or written at the same time, 1 to 64.
    type: int
    default: 8
  org_id:
    description:
      - The organization of the targets, for a partner administrator acting in a customer organization.
      - The organization of the access token when not set.
    type: str
seealso:
  - module: webex.calling.webex_person_intercept
  - module: webex.calling.webex_person_intercept_info
  - name: Webex API reference, Configure Call Intercept Settings for a Person
    description: The API this module calls for each person.
    link: https://developer.webex.com/docs/api/v1/user-call-settings/configure-call-intercept-settings-for-a-person
'''

EXAMPLES = r'''
- name: Take a whole office out of service in one task
  webex.calling.webex_intercepts:
    defaults:
      enabled: true
      incoming:
        type: INTERCEPT_ALL
        announcements:
          new_number: {enabled: true, destination: "+14085550123"}
          zero_transfer: {enabled: true, destination: "4100"}
      outgoing:
        type: INTERCEPT_ALL
    intercepts:
      - person_email: alice@example.com
      - person_email: bob@example.com
        incoming: {announcements: {new_number: {destination: "+14085550111"}}}   # overrides the default
      - workspace_name: Lobby Phone
      - virtual_line_name: Main Line
  register: closed
  ignore_errors: true   # the next task retries what failed

- name: Put back exactly what an info module read before (its entries feed straight in)
  webex.calling.webex_intercepts:
    intercepts: "{{ saved.persons }}"

- name: Retry only the targets that failed
  webex.calling.webex_intercepts:
    intercepts: "{{ closed.intercepts | selectattr('failed') | map(attribute='item') | list }}"
  when: closed is failed
'''

RETURN = r'''
intercepts:
  description:
    - One entry per item of O(intercepts), in order, also when the task fails; then one per target found by
      O(everyone) (sorted by kind and name).
  returned: when the items passed their checks
  type: list
  elements: dict
  contains:
    index:
      description: The position of the item in O(intercepts).
      type: int
      sample: 0
    kind:
      description: The kind of target.
      type: str
      sample: person
    target:
      description: How the item names the target; its email or name, else its ID.
      type: str
      sample: alice@example.com
    id:
      description: The Webex ID of the target (looked up for names); null when it was not found.
      type: str
    changed:
      description: Whether its settings changed (in check mode, would change).
      type: bool
    failed:
      description: Whether it failed (not counting a target that does not exist; see C(missing)).
      type: bool
    missing:
      description: Whether the target does not exist (or has no Webex Calling).
      type: bool
    before:
      description:
        - Its settings before, in the shape of the options plus C(incoming.announcements.file_name); null when not
          read.
        - Left out with O(return_settings=false).
      type: dict
    after:
      description:
        - Its settings after the run (in check mode, what a real run would leave), in the same shape; after a
          failed write, what the server holds.
        - Left out with O(return_settings=false).
      type: dict
    error:
      description: Why it failed or was not found; null when it did not fail.
      type: str
    api_error:
      description:
        - The failed API call (method, path, status, message, tracking_id, attempts), as
          RV(webex.calling.webex_person_intercept#module:api_error); null when no API call failed.
      type: dict
    written:
      description:
        - What was written to the target; C(upload) (the greeting) and C(settings). C([upload]) with C(failed) means
          that the new greeting is live but the settings change failed.
      type: list
      elements: str
    item:
      description:
        - For a target that failed or was not found, the item to send again to retry it; its ID (or its name, when
          not found) and the settings wanted, O(defaults) merged in. Null for the others.
      type: dict
counts:
  description: How many items there were (C(total)), changed (would change), were unchanged, failed and were not found.
  returned: when the items passed their checks
  type: dict
  sample: {total: 4, changed: 2, unchanged: 1, failed: 1, missing: 0}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webex.calling.plugins.module_utils._bulk import MISSING, run_bulk
from ansible_collections.webex.calling.plugins.module_utils._client import webex_argument_spec


def main(module_class=AnsibleModule):
    """Run as a module, or in Ansible's worker by the action plugin of the same name (module_class)."""
    argument_spec = webex_argument_spec()
    argument_spec.update(
        intercepts=dict(type='list', elements='dict', default=[]),
        everyone=dict(type='list', elements='str', choices=['person', 'workspace', 'virtual_line']),
        everyone_settings=dict(type='dict'),
        defaults=dict(type='dict'),
        location_id=dict(type='str'),
        missing=dict(type='str', choices=list(MISSING), default='fail'),
        concurrency=dict(type='int', default=8),
        org_id=dict(type='str'),
        return_settings=dict(type='bool', default=True),
    )
    module = module_class(argument_spec=argument_spec, supports_check_mode=True)
    run_bulk(module)


if __name__ == '__main__':
    main()
