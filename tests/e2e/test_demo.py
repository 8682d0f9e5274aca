# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The demo behind `make demo` (tests/demo/run_demo.py and playbooks/demo.yml) keeps working."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import sys

import pytest

from conftest import REPO_ROOT

DEMO = os.path.join(REPO_ROOT, 'tests', 'demo', 'run_demo.py')
PLAYBOOK = os.path.join(REPO_ROOT, 'playbooks', 'demo.yml')


def run_demo(**env):
    environment = dict(os.environ)
    for name in ('WEBEX_API_URL', 'WEBEX_ACCESS_TOKEN', 'WEBEX_DEMO_PERSON'):
        environment.pop(name, None)
    environment.update(env)
    return subprocess.run([sys.executable, DEMO], capture_output=True, text=True, env=environment, timeout=300, check=False)


@pytest.mark.matrix
def test_demo_runs_every_step_against_the_simulator():
    process = run_demo(WEBEX_ACCESS_TOKEN='a-real-token-that-must-be-ignored')
    assert process.returncode == 0, process.stdout + process.stderr
    for number in range(1, 6):
        assert '-> step %d as expected' % number in process.stdout
    assert 'Demo finished: every step behaved as expected' in process.stdout
    # Step 1's summary of the seeded organization (56 calling people, intercept on for two of them).
    assert '"Webex Calling people: 56"' in process.stdout
    assert '"Call intercept on: 2 (bob.baker@example.com, erin.evans@example.com)"' in process.stdout
    assert 'a-real-token-that-must-be-ignored' not in process.stdout + process.stderr


def test_demo_refuses_real_webex_without_a_demo_person():
    # An unresolvable host: the demo must stop before any playbook or request.
    process = run_demo(WEBEX_API_URL='https://webexapis.invalid/v1', WEBEX_ACCESS_TOKEN='token')
    assert process.returncode == 2, process.stdout + process.stderr
    assert 'refusing' in process.stdout and 'WEBEX_DEMO_PERSON' in process.stdout
    assert 'Step 1' not in process.stdout


@pytest.mark.matrix
def test_demo_playbook_validates_its_variables(ansible, simulator):
    bad = ansible(PLAYBOOK, extra_vars={'person_email': 'alice.anders@example.com', 'state': 'gone'})
    assert bad.rc != 0
    assert 'state is gone' in bad.tasks.named('Check the variables')['result']['msg']
    assert simulator.log() == []
