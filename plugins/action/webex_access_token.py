# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs webex_access_token only in a task with ``no_log: true``: its result holds an access token.

The module checks the same (its ``_ansible_no_log`` argument), but that argument is also true when the
``no_target_syslog`` setting is on, for a task whose result Ansible would still show. Only the controller knows the
task's own ``no_log``. It runs in Ansible's worker process where it can, as every module of the collection
(plugin_utils._in_process).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webex.calling.plugins.plugin_utils._in_process import InProcessAction

NO_LOG_REQUIRED = ('webex_access_token returns an access token: set no_log: true on the task, so that Ansible shows '
                   'neither it nor the registered result')


class ActionModule(InProcessAction):

    MODULE = 'webex_access_token'

    def run(self, tmp=None, task_vars=None):
        if not self._task.no_log:
            return dict(failed=True, msg=NO_LOG_REQUIRED)
        return super(ActionModule, self).run(tmp, task_vars)
