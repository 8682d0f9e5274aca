# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module run in Ansible's worker (plugin_utils._in_process) gives what the module run as a module gives.

Each module's main() runs twice on the same options against the simulator: with AnsibleModule, as a module process
runs it, and with InProcessModule, as the action plugin of the same name runs it; the results (as JSON) are equal:
the same refusals of bad options, word for word, the same reads and writes, the same warnings, the same secrets
removed. The end-to-end suite runs every playbook the second way.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import functools
import importlib
import io
import json
from unittest import mock

import pytest
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.parameters import PASS_VARS
from ansible.module_utils.testing import patch_module_args
from default_settings import DEFAULT_OPTIONS

from ansible_collections.webex.calling.plugins.plugin_utils._in_process import InProcessModule, ModuleDone

NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
OUT_OF_SERVICE = {'enabled': True, 'incoming': {'announcements': {'new_number': {
    'enabled': True, 'destination': '+14085550123'}}}}


def as_module(name, args, check_mode, diff):
    """main() run by AnsibleModule, as in a module process: the result it printed."""
    module_args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff, _ansible_module_name=name)
    if 'inject_invocation' in PASS_VARS:  # ansible-core 2.21 adds invocation only when asked
        module_args['_ansible_inject_invocation'] = True
    out, warned = io.StringIO(), []
    with patch_module_args(module_args), contextlib.redirect_stdout(out):
        # The warnings as given: how AnsibleModule passes them on differs with ansible-core and its context.
        with mock.patch.object(AnsibleModule, 'warn', lambda module, text: warned.append(text)):
            with pytest.raises(SystemExit):
                importlib.import_module('ansible_collections.webex.calling.plugins.modules.' + name).main()
    result = json.loads(out.getvalue())
    result['warnings'] = warned
    return result


def in_process(name, args, check_mode, diff):
    """main() run by InProcessModule, as the action plugin runs it: the result it ended with."""
    module = importlib.import_module('ansible_collections.webex.calling.plugins.modules.' + name)
    with pytest.raises(ModuleDone) as done:
        module.main(functools.partial(InProcessModule, name, args, check_mode, diff, False, True))
    result = json.loads(json.dumps(done.value.result))
    result.setdefault('warnings', [])
    return result


def both(simulator, name, check_mode=False, diff=False, **options):
    """main() run both ways on the same options, each from the simulator's seed: [(result, requests sent)] for
    AnsibleModule, then for InProcessModule."""
    args = dict(options, access_token=simulator.admin_token, api_url=simulator.url)
    runs = []
    for runner in (as_module, in_process):
        simulator.control('POST', '/_sim/reset')
        result = runner(name, args, check_mode, diff)
        runs.append((result, [(entry['method'], entry['path']) for entry in simulator.log()]))
    assert simulator.admin_token not in json.dumps(runs)
    return runs


CASES = [
    ('webex_person_intercept', dict(bogus=1)),
    ('webex_person_intercept', dict(person_email='alice.anders@example.com', person_id='x')),
    ('webex_person_intercept', dict()),
    ('webex_person_intercept', dict(person_email='alice.anders@example.com', timeout='soon')),
    ('webex_person_intercept', dict(person_email='alice.anders@example.com', enabled='maybe')),
    ('webex_person_intercept', dict(person_email='nobody@example.com', enabled=True)),
    ('webex_intercepts', dict(intercepts='not a list')),
    ('webex_intercepts', dict(intercepts=[dict(person_email='x@example.com', intercept=dict(enabled='perhaps'))])),
    ('webex_intercepts', dict(missing='ignore-them')),
    ('webex_location_intercept_info', dict(location_id='a', location_name='b')),
    ('webex_workspace_intercept_info', dict(concurrency=0)),
    ('webex_access_token', dict()),
    ('webex_admin_audit_events_info', dict(bogus=True)),
]


@pytest.mark.parametrize('name, options', CASES, ids=['%s-%d' % (case[0], index) for index, case in enumerate(CASES)])
def test_a_refusal_is_the_same_word_for_word(simulator, name, options):
    (module_result, dummy), (in_process_result, in_process_requests) = both(simulator, name, **options)
    assert module_result['failed'] is True, module_result
    assert in_process_result == module_result
    assert in_process_requests == [] or name == 'webex_person_intercept', 'a refusal comes before any request'


def first_email(simulator):
    return simulator.people()[0]['emails'][0]


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_change_reads_writes_and_reports_the_same(simulator, check_mode):
    (module_result, module_log), (in_process_result, in_process_log) = both(
        simulator, 'webex_intercepts', check_mode, True, defaults=DEFAULT_OPTIONS,
        intercepts=[dict(person_email=first_email(simulator), intercept=OUT_OF_SERVICE)])
    assert module_result['changed'] is True and module_result['counts']['changed'] == 1, module_result
    assert in_process_result == module_result
    assert in_process_log == module_log and any(method == 'PUT' for method, path in module_log) is not check_mode
    assert module_result['invocation']['module_args']['access_token'] == NO_LOG_PLACEHOLDER


def test_info_with_warnings_is_the_same(simulator):
    (module_result, dummy), (in_process_result, dummy2) = both(simulator, 'webex_person_intercept_info', concurrency=2)
    assert module_result['persons'] and any('http' in warning for warning in module_result['warnings'])
    assert in_process_result == module_result


def test_loading_the_action_plugin_imports_the_module_for_the_workers(modules_loaded_by):
    """Ansible's strategy loads a task's action plugin in the main process before it starts the workers: the module's
    code (compiled from source by Ansible's collection loader in each process that imports it) comes with it."""
    loaded = modules_loaded_by('action_loader', 'webex.calling.webex_intercepts')
    engine = 'ansible_collections.webex.calling.plugins.'
    assert engine + 'modules.webex_intercepts' in loaded
    assert engine + 'module_utils._bulk' in loaded and engine + 'module_utils._client' in loaded
