# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Callback of the end-to-end tests and of `make demo`: writes every task result as a JSON line to the file in
WEBEX_TEST_RESULTS.

With WEBEX_TEST_COVERAGE set, it also appends to that file a line for each of the collection's playbooks, roles and
modules that ran ("playbook audit", "role intercept_audit", "module webex_person_intercept"): the end-to-end tests
check that the subset run on every ansible-core (marker ``matrix``) runs each of them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

from ansible.plugins.callback import CallbackBase

# The collection's playbooks: tests/demo/callback_plugins/ is three levels below the repository root.
PLAYBOOKS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))),
                         'playbooks')


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'webex_test_results'
    CALLBACK_NEEDS_ENABLED = True

    def _covered(self, kind, name):
        path = os.environ.get('WEBEX_TEST_COVERAGE')
        if path and name:
            with open(path, 'a') as handle:
                handle.write('%s %s\n' % (kind, name))

    def v2_playbook_on_start(self, playbook):
        name = os.path.realpath(playbook._file_name)
        if os.path.dirname(name) == PLAYBOOKS:
            self._covered('playbook', os.path.splitext(os.path.basename(name))[0])

    def v2_playbook_on_task_start(self, task, is_conditional):
        role = getattr(task, '_role', None)
        if role is not None and getattr(role, '_role_collection', None) == 'webex.calling':
            self._covered('role', role.get_name(include_role_fqcn=False))
        action = getattr(task, 'resolved_action', None) or task.action
        if action and action.startswith('webex.calling.'):
            self._covered('module', action[len('webex.calling.'):])

    def _record(self, result, status):
        path = os.environ.get('WEBEX_TEST_RESULTS')
        if not path:
            return
        # The task's own name: ansible-core 2.21's task_name puts the role in front ("role : name").
        task = getattr(result, 'task', None) or result._task
        line = dict(task=task.name or result.task_name, status=status, result=result._result)
        with open(path, 'a') as handle:
            handle.write(json.dumps(line, default=str) + '\n')

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._record(result, 'skipped')
