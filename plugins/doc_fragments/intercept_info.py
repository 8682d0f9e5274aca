# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The options every info module takes: how many targets are read at once, and what a failed read does.
    DOCUMENTATION = r'''
options:
  org_id:
    description:
      - The organization to read, for a partner administrator acting in a customer organization.
      - The organization of the access token when not set.
    type: str
  concurrency:
    description:
      - How many targets are read at the same time, from 1 to 64.
    type: int
    default: 8
  on_read_error:
    description:
      - What to do when the settings of a target cannot be read, even after retries.
      - V(fail) fails the task, naming the target and the error.
      - V(report) returns the target with C(intercept) null and the reason in C(error), and warns.
    type: str
    choices: [fail, report]
    default: fail
notes:
  - Targets are read concurrently through one shared client; when Webex answers 429, every worker waits out
    C(Retry-After) before going on.
'''

    # The option of the info modules whose targets a location's own intercept can override (people, workspaces,
    # virtual lines).
    OVERRIDABLE = r'''
options:
  read_location_intercepts:
    description:
      - Whether to read the call intercept of each target's location (once per location) to set each entry's
        C(overridden_by_location) and warn about the targets it overrides.
      - V(false) reads none, for a caller that reads the locations once itself (as the role
        C(webex.calling.intercept_audit) does, with M(webex.calling.webex_location_intercept_info)); every entry's
        C(overridden_by_location) is then null (not read), without a warning.
    type: bool
    default: true
    version_added: 1.2.0
'''
