# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Attributes every module has.
    DOCUMENTATION = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/webex.calling.webex) in C(module_defaults) to set the common options once.
    support: full
    membership:
      - webex.calling.webex
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - On the controller (a C(local) connection, with the Python that runs Ansible, no C(become), no C(async)) the
        module's code runs in Ansible's worker process, with the same checks and the same result as a module
        process, and without one; the task's C(environment) applies.
      - Set the variable C(webex_calling_in_process=false) to run it as a module process instead.
'''

    # A module that changes settings.
    ACTIONS = r'''
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying the target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
'''

    # A module that only reads.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This action does not modify state.
    description: Can run in C(check_mode) and return changed status prediction without modifying the target.
  diff_mode:
    support: N/A
    details:
      - This action does not modify state.
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
'''
