# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs webex_access_token only in a task with ``no_log: true``: its result holds an access token.

The module checks the same (its ``_ansible_no_log`` argument), but that argument is also true when the
``no_target_syslog`` setting is on, for a task whose result Ansible would still show. Only the controller knows the
task's own ``no_log``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase

NO_LOG_REQUIRED = ('webex_access_token returns an access token: set no_log: true on the task, so that Ansible shows '
                   'neither it nor the registered result')


class ActionModule(ActionBase):

    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        if not self._task.no_log:
            result.update(failed=True, msg=NO_LOG_REQUIRED)
            return result
        result.update(self._execute_module(task_vars=task_vars))
        return result
