# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's modules run in Ansible's worker process when the task runs on the controller.

Every module of the collection talks to the Webex API over HTTPS; it has nothing to do on the host it is run "on".
A task whose connection is ``local``, with the Python that runs Ansible, would otherwise start a new Python for the
module, which compiles the module's code from its zip payload (a zip import caches no bytecode), parses its
arguments from JSON and writes its result as JSON for the worker to parse again: about a second of CPU per task
that does nothing for the user. The action plugin of each module runs the same ``main`` here instead, with
``InProcessModule`` in place of ``AnsibleModule``: the same argument checks (``ArgumentSpecValidator``, which
``AnsibleModule`` uses), the same secrets removed from the result (``remove_values``), the same result.

Anything else runs the module as Ansible does: another connection, ``become``, ``async``, an
``ansible_python_interpreter`` other than the Python that runs Ansible, a controller without requests, or the
variable ``webex_calling_in_process: false``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import importlib.util
import os
import sys

from ansible import constants as C
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.webex.calling.plugins.plugin_utils._boundary import plain

display = Display()

OPT_OUT = 'webex_calling_in_process'
MODULES = 'ansible_collections.webex.calling.plugins.modules.'


class ModuleDone(Exception):
    """Raised by exit_json and fail_json: the module's result, which ends its run as sys.exit ends a module."""

    def __init__(self, result):
        super(ModuleDone, self).__init__('module done')
        self.result = result


class InProcessModule:
    """What the engine uses of AnsibleModule (params, check_mode, _diff, no_log, warn, exit_json, fail_json)."""

    def __init__(self, name, args, check_mode, diff, no_log, invocation, argument_spec, supports_check_mode=True,
                 mutually_exclusive=None, required_together=None, required_one_of=None, required_if=None,
                 required_by=None):
        self.check_mode, self._diff, self.no_log, self._invocation = check_mode, diff, no_log, invocation
        self._warnings = []
        validator = ArgumentSpecValidator(argument_spec, mutually_exclusive=mutually_exclusive,
                                          required_together=required_together, required_one_of=required_one_of,
                                          required_if=required_if, required_by=required_by)
        validated = validator.validate(args)
        self.no_log_values = validated._no_log_values
        self.params = validated.validated_parameters
        for warning in validated._warnings:
            self.warn('Both option %s and its alias %s are set.' % (warning['option'], warning['alias']))
        if validated.error_messages:
            message = validated.errors.msg
            if isinstance(validated.errors[0], UnsupportedError):
                message = 'Unsupported parameters for (%s) module: %s' % (name, message)
            self.fail_json(msg=message)

    def warn(self, warning):
        self._warnings.append(warning)

    def exit_json(self, **result):
        if self._warnings:
            result['warnings'] = list(self._warnings)
        if self._invocation and 'invocation' not in result:
            result['invocation'] = dict(module_args=self.params)
        raise ModuleDone(remove_values(result, self.no_log_values))

    def fail_json(self, msg, **result):
        result.update(failed=True, msg=msg)
        self.exit_json(**result)


class InProcessAction(ActionBase):
    """The action plugin of a module of the collection (``MODULE``, its name): runs it here when it can."""

    MODULE = None
    _supports_check_mode = True
    _supports_async = True

    def __init_subclass__(cls, **kwargs):
        """Import the module's code as Ansible loads its action plugin: the strategy does so in the main process
        before it starts the task's worker processes, which then find the code compiled. In each process that imports
        it, Ansible's collection loader compiles a collection's Python code from its source (it keeps no bytecode)."""
        super(InProcessAction, cls).__init_subclass__(**kwargs)
        try:
            importlib.import_module(MODULES + cls.MODULE)
        except ImportError:  # reported where it matters: when the task runs
            pass

    def run(self, tmp=None, task_vars=None):
        result = super(InProcessAction, self).run(tmp, task_vars)
        if not self.runs_in_process(task_vars or {}):
            # As Ansible's own action for a module without one (ansible.builtin.normal) does.
            wrap_async = self._task.async_val and not getattr(self._connection, 'has_native_async', False)
            result.update(self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
            return result
        display.vvv('%s runs in the worker process (no module process; %s=false for one)' % (self.MODULE, OPT_OUT),
                    host=self._play_context.remote_addr)
        environment = {}
        self._compute_environment_string(environment)
        module = importlib.import_module(MODULES + self.MODULE)
        args = plain(self._task.args)

        def module_class(**spec):
            return InProcessModule(self.MODULE, args, bool(self._task.check_mode), bool(self._task.diff),
                                   bool(self._task.no_log), self.injects_invocation(task_vars), **spec)

        saved = dict(os.environ)
        os.environ.update((str(key), str(value)) for key, value in plain(environment).items())
        try:
            module.main(module_class)
            outcome = dict(failed=True, msg='%s ended without a result' % self.MODULE)
        except ModuleDone as done:
            outcome = done.result
        finally:
            os.environ.clear()
            os.environ.update(saved)
        result.update(outcome)
        return result

    @staticmethod
    def injects_invocation(task_vars):
        """Whether a module's result carries its ``invocation``: always before ansible-core 2.21, then if configured."""
        if 'INJECT_INVOCATION' not in C.config.get_configuration_definitions():
            return True
        return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))

    def runs_in_process(self, task_vars):
        """Whether the module can run here: a local connection, the Python that runs Ansible, nothing else asked."""
        if not boolean(self._templar.template(task_vars.get(OPT_OUT, True)), strict=False):
            return False
        if self._connection.transport != 'local' or self._play_context.become or self._task.async_val:
            return False
        interpreter = task_vars.get('ansible_python_interpreter')
        if interpreter is not None:
            interpreter = self._templar.template(interpreter)
            if not isinstance(interpreter, str) or os.path.abspath(interpreter) != os.path.abspath(sys.executable):
                return False
        return importlib.util.find_spec('requests') is not None
