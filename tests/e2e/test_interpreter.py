# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module run by a Python without requests fails with Ansible's missing_required_lib message, naming that Python,
before any request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import sys


def test_a_python_without_requests_gets_the_missing_required_lib_message(ansible, simulator, tmp_path):
    # A real interpreter without requests: a bare virtual environment of the Python that runs these tests.
    bare = tmp_path / 'bare'
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(bare)], check=True)
    python = str(bare / 'bin' / 'python')
    probe = subprocess.run([python, '-c', 'import requests'], capture_output=True, text=True, check=False)
    assert probe.returncode != 0 and 'requests' in probe.stderr, 'the bare environment must not have requests'
    run = ansible([{'name': 'Read Alice', 'webex.calling.webex_person_intercept_info': {
        'person_email': 'alice.anders@example.com'}}], extra_vars={'ansible_python_interpreter': python})
    assert run.rc != 0
    result = run.tasks.named('Read Alice')['result']
    assert result['msg'].startswith('Failed to import the required Python library (requests) on '), result['msg']
    assert "Python %s" % python in result['msg'] or python in result['msg'], result['msg']
    assert 'install' in result['msg'].lower()
    assert os.path.basename(python) in result['msg']
    assert simulator.log() == [], 'no request is made'
