# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The call intercept settings every configure module takes (one row each of the settings table in
    # module_utils/_settings.py): org_id, enabled and outgoing here, incoming in UPLOADED or LOCATION.
    DOCUMENTATION = r'''
options:
  org_id:
    description:
      - The organization of the target, for a partner administrator acting in a customer organization.
      - The organization of the access token when not set.
    type: str
  enabled:
    description:
      - Whether call intercept is on.
    type: bool
  outgoing:
    description:
      - What happens to outgoing calls.
    type: dict
    suboptions:
      type:
        description:
          - V(INTERCEPT_ALL) intercepts every outgoing call, V(ALLOW_LOCAL_ONLY) lets local calls through.
        type: str
        choices: [INTERCEPT_ALL, ALLOW_LOCAL_ONLY]
      transfer_enabled:
        description:
          - Whether intercepted outgoing calls are transferred to O(outgoing.destination).
          - V(true) needs an O(outgoing.destination), given or already set.
        type: bool
      destination:
        description:
          - The number or extension intercepted outgoing calls are transferred to.
          - V("") removes it.
        type: str
'''

    # incoming for people, workspaces and virtual lines: the custom greeting is uploaded.
    UPLOADED = r'''
options:
  incoming:
    description:
      - What happens to incoming calls.
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
              - V(DEFAULT) plays the system greeting, V(CUSTOM) the custom one.
              - V(CUSTOM) needs O(incoming.announcements.greeting_file), or a greeting uploaded before.
            type: str
            choices: [DEFAULT, CUSTOM]
          greeting_file:
            description:
              - Path on the managed node of a WAV file (RIFF/WAVE header, at most 5,000 KB) to use as the custom
                greeting.
              - Uploaded only when the name of the greeting on the server differs from this file's name.
              - Uploaded before the settings are changed, so O(incoming.announcements.greeting=CUSTOM) can be set in the
                same task.
            type: path
          file_name:
            description:
              - Read-only; the name of the custom greeting on the server, as returned in RV(intercept).
              - Accepted so that RV(intercept) can be passed back to this module. When given, it must equal the name
                of the greeting on the server after the run, otherwise the task fails before any write.
              - To change the greeting, use O(incoming.announcements.greeting_file).
            type: str
          new_number:
            description:
              - Announce a new number to callers.
            type: dict
            suboptions:
              enabled:
                description:
                  - Whether the new number is announced.
                  - V(true) needs a O(incoming.announcements.new_number.destination), given or already set.
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
                  - V(true) needs a O(incoming.announcements.zero_transfer.destination), given or already set.
                type: bool
              destination:
                description:
                  - The number or extension a caller who presses 0 is transferred to.
                  - V("") removes it.
                type: str
'''

    # incoming for a location: the custom greeting is a file of the location's announcement repository.
    LOCATION = r'''
options:
  incoming:
    description:
      - What happens to incoming calls.
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
              - V(DEFAULT) plays the system greeting, V(CUSTOM) the custom one.
              - V(CUSTOM) needs O(incoming.announcements.file_name), given or already set.
            type: str
            choices: [DEFAULT, CUSTOM]
          greeting_file:
            description:
              - Not available for a location; the API has no greeting upload for a location intercept, so the task
                fails before any request, naming O(incoming.announcements.file_name) instead.
              - Accepted only so that every intercept module takes the same settings.
            type: path
          file_name:
            description:
              - The name of the custom greeting, a file already in the location's announcement repository (uploaded
                there beforehand, for example in Control Hub), such as V(site-closed.wav).
              - Checked against the repository (C(GET /telephony/config/announcements?locationId=)) before the
                settings are changed; a name that is not there fails the task, listing the files that are.
            type: str
          new_number:
            description:
              - Announce a new number to callers.
            type: dict
            suboptions:
              enabled:
                description:
                  - Whether the new number is announced.
                  - V(true) needs a O(incoming.announcements.new_number.destination), given or already set.
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
                  - V(true) needs a O(incoming.announcements.zero_transfer.destination), given or already set.
                type: bool
              destination:
                description:
                  - The number or extension a caller who presses 0 is transferred to.
                  - V("") removes it.
                type: str
'''
