# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""On the controller the modules run in Ansible's worker process, with the same results as module processes.

A task with a local connection and the Python that runs Ansible runs the module's code in the worker (the action
plugin of the same name, plugin_utils._in_process): no module process, no payload, nothing executed (``-vvv`` shows
no ``EXEC``). ``webex_calling_in_process: false``, another interpreter (test_interpreter.py) or another connection
runs it as a module. The task's ``environment`` reaches it either way.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from conftest import api_writes

NO_LOG_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
OUT_OF_SERVICE = {'enabled': True, 'incoming': {'announcements': {'new_number': {
    'enabled': True, 'destination': '+14085550123'}}}}


def tasks(people):
    return [
        {'name': 'read', 'webex.calling.webex_person_intercept_info': {'person_email': people[0]}},
        {'name': 'change', 'webex.calling.webex_intercepts': {
            'intercepts': [{'person_email': email, 'intercept': OUT_OF_SERVICE} for email in people]}},
        {'name': 'refused', 'ignore_errors': True, 'webex.calling.webex_intercepts': {
            'intercepts': [{'person_email': people[0]}], 'missing': 'sometimes'}},
    ]


def without_tracking(value):
    if isinstance(value, dict):
        return dict((key, without_tracking(item)) for key, item in value.items() if key != 'tracking_id')
    if isinstance(value, list):
        return [without_tracking(item) for item in value]
    return value


@pytest.mark.matrix
def test_a_module_runs_in_the_worker_and_gives_what_a_module_process_gives(ansible, simulator):
    people = [person['emails'][0] for person in simulator.people()[:3]]
    runs, writes = [], []
    for in_process in (True, False):
        simulator.reset()
        runs.append(ansible(tasks(people), diff=True, args=['-vvv'],
                            extra_vars={'webex_calling_in_process': in_process}))
        writes.append([(entry['method'], entry['path']) for entry in api_writes(simulator)])
    worker, module = runs
    assert worker.rc == 0 and module.rc == 0, worker.stdout + module.stdout
    assert '> EXEC ' not in worker.stdout, 'in the worker: no module process'
    assert 'webex_intercepts runs in the worker process (no module process; webex_calling_in_process=false' in (
        worker.stdout) and 'runs in the worker process' not in module.stdout
    assert module.stdout.count('> EXEC ') >= 3, 'webex_calling_in_process=false: a module process per task'
    assert sorted(writes[0]) == sorted(writes[1]) and len(writes[0]) == 3
    results = [without_tracking([[task['task'], task['status'], task['result']] for task in run.tasks])
               for run in runs]
    assert results[0] == results[1]
    change = worker.tasks.named('change')['result']
    assert change['changed'] is True and change['counts']['changed'] == 3
    assert change['invocation']['module_args']['access_token'] == NO_LOG_PLACEHOLDER
    assert 'missing' in worker.tasks.named('refused')['result']['msg']
    assert any('plain http' in warning for warning in worker.tasks.named('read')['result']['warnings'])
    for run in runs:
        assert simulator.admin_token not in run.stdout + run.stderr + json.dumps(run.tasks)


def test_the_task_environment_reaches_a_module_run_in_the_worker(ansible, simulator):
    email = simulator.people()[0]['emails'][0]
    read = {'webex.calling.webex_person_intercept_info': {'person_email': email}}
    run = ansible([
        dict(read, name='token from the task environment', environment={'WEBEX_ACCESS_TOKEN': simulator.admin_token}),
        dict(read, name='no token', ignore_errors=True),
    ], env={'WEBEX_ACCESS_TOKEN': ''}, args=['-vvv'])
    assert run.tasks.named('token from the task environment')['status'] == 'ok', run.stdout
    assert '> EXEC ' not in run.stdout
    refused = run.tasks.named('no token')
    assert refused['status'] == 'failed' and 'access_token' in refused['result']['msg'], refused
