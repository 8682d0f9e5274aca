# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guided tour behind `make demo` (tests/demo/run_demo.py and playbooks/demo.yml) shows every step and leaves
its reports in the folder it prints."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from conftest import REPO_ROOT

DEMO = os.path.join(REPO_ROOT, 'tests', 'demo', 'run_demo.py')
PLAYBOOK = os.path.join(REPO_ROOT, 'playbooks', 'demo.yml')
# What each step's line shows (its number, then these, then its result).
STEPS = {
    1: ['webex.calling.backup', 'Saved the call intercept settings of 56 people, 8 workspaces, 6 virtual lines and 4 locations',
        '(changed=0, 0 API writes;'],
    2: ['webex.calling.demo --tags read', 'alice.anders@example.com has call intercept off', '(changed=0, 0 API writes;'],
    3: ['--check --diff', 'would change 5 settings (enabled, incoming.announcements.new_number.destination',
        '(changed=1, 0 API writes;'],
    4: ['take them out of service', '(changed=1, 1 API write;'],
    5: ['run it again', 'idempotent', '(changed=0, 0 API writes;'],
    6: ['one bulk task (webex.calling.out_of_service)', '5 people, 0 already compliant, 5 changed: user0001@example.com',
        '(changed=1, 5 API writes;'],
    7: ['webex.calling.demo --tags location', 'the info module marks 3 people at Branch Office overridden_by_location',
        '(changed=1, 1 API write;'],
    8: ['webex.calling.audit', '70 audited', '6 overridden by their location', '(changed=0, 0 API writes;'],
    9: ['webex.calling.restore', '7 restored', '7 API writes;'],
}
REPORTS = ('intercept-audit.html', 'intercept-audit.md', 'intercept-audit.json', 'intercept-audit.xml')


def on_the_default_leg():
    """Whether this Python is the one of .venv (the default ansible-core), where `make demo` runs as users run it."""
    return os.path.realpath(sys.prefix) == os.path.realpath(os.path.join(REPO_ROOT, '.venv'))


@pytest.mark.matrix
def test_demo_shows_every_step_and_leaves_the_reports_in_the_folder_it_prints(tmp_path):
    output = tmp_path / 'demo'
    environment = dict(os.environ, WEBEX_API_URL='https://webexapis.invalid/v1',
                       WEBEX_ACCESS_TOKEN='a-real-token-that-must-be-ignored')
    environment.pop('WEBEX_TEST_COVERAGE', None)
    if on_the_default_leg():
        # As a user runs it: make builds the runtime-only environment (.venv-demo) and runs the tour in it.
        command = ['make', '-C', REPO_ROOT, 'demo', 'DEMO_DIR=%s' % output]
        environment.pop('ANSIBLE_COLLECTIONS_PATH', None)
    else:  # another ansible-core of the support matrix: the tour with this leg's ansible-playbook
        command = [sys.executable, DEMO, '--output', str(output)]
    process = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600, check=False)
    out = process.stdout
    assert process.returncode == 0, out + process.stderr
    assert 'WEBEX_API_URL is set: the demo ignores it and uses its own simulator.' in out
    lines = [line for line in out.splitlines() if re.match(r'^\d+/9 ', line)]
    assert [int(line.split('/')[0]) for line in lines] == list(range(1, 10)), out
    for line in lines:
        number = int(line.split('/')[0])
        assert line.endswith(') ok'), line
        for shown in STEPS[number]:
            assert shown in line, (shown, line)
    assert 'Demo finished in ' in out and 'every step behaved as expected' in out
    printed = re.search(r'^The audit reports are in (\S+):$', out, re.M).group(1)
    assert printed == str(output / 'reports')
    for name in REPORTS:
        path = os.path.join(printed, name)
        assert '  %s' % path in out.splitlines()
        assert os.path.getsize(path) > 0, name
    assert 'file://%s' % os.path.join(printed, 'intercept-audit.html') in out
    assert '<svg' in (output / 'reports' / 'intercept-audit.html').read_text()
    junit = ElementTree.parse(str(output / 'reports' / 'intercept-audit.xml')).getroot()
    assert len(list(junit.iter('testcase'))) == 70
    assert 'overridden' in (output / 'reports' / 'intercept-audit.md').read_text().lower()
    log = (output / 'demo.log').read_text()
    assert log.count('PLAY RECAP') == 9
    assert 'a-real-token-that-must-be-ignored' not in out + process.stderr + log


@pytest.mark.matrix
def test_demo_playbook_validates_its_variables(ansible, simulator):
    bad = ansible(PLAYBOOK, extra_vars={'person_email': 'alice.anders@example.com', 'state': 'gone'})
    assert bad.rc != 0
    assert 'state is gone' in bad.tasks.named('Check the variables')['result']['msg']
    bad = ansible(PLAYBOOK, extra_vars={'state': 'out_of_service'}, args=['--tags', 'location'])
    assert bad.rc != 0
    assert 'Set location_name' in bad.tasks.named('Check the location variables')['result']['msg']
    assert simulator.log() == []
