# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's "First playbook" works when pasted: its playbook and its commands, against the simulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import shlex

from conftest import REPO_ROOT, api_writes


def first_playbook_section():
    with open(os.path.join(REPO_ROOT, 'README.md')) as handle:
        text = handle.read()
    return text.split('\n## First playbook\n')[1].split('\n## ')[0]


def code_blocks(section, language):
    return re.findall(r'^```%s\n(.*?)^```$' % language, section, flags=re.M | re.S)


def test_readme_first_playbook_runs_as_documented(ansible, simulator, tmp_path):
    section = first_playbook_section()
    playbook = code_blocks(section, 'yaml')
    assert len(playbook) == 1, 'the section has one playbook'
    path = tmp_path / 'first.yml'
    path.write_text(playbook[0])
    # The simulator command the section gives exists in the checkout (and in the tarball: tests/release).
    assert 'python3 tests/simulator/webex_simulator.py --port 8080' in section
    assert os.path.isfile(os.path.join(REPO_ROOT, 'tests', 'simulator', 'webex_simulator.py'))
    commands = [line for block in code_blocks(section, 'bash') for line in block.splitlines()
                if line.startswith('ansible-playbook first.yml')]
    assert len(commands) == 3, commands
    for line in commands:
        command = line.split('#')[0]
        comment = line[len(command):]
        argv = shlex.split(command)[2:]
        check = '--check' in argv
        simulator.clear_log()
        run = ansible(str(path), check=check, diff='--diff' in argv,
                      args=[arg for arg in argv if arg not in ('--check', '--diff')])
        assert run.rc == 0, run.stdout + run.stderr
        recap = re.search(r'changed=(\d+)', run.stdout.split('PLAY RECAP')[-1]).group(1)
        documented = re.search(r'changed=(\d+)', comment)
        if documented:
            assert recap == documented.group(1), (line, run.stdout)
        if check:
            assert recap == '1', 'the check predicts the change'
            assert api_writes(simulator) == [], 'nothing is written'
        intercept = run.tasks.named('Show it')['result']
        assert 'alice.persons[0].intercept' in intercept
    assert simulator.get_intercept(simulator.person_by_email('alice.anders@example.com')['id'])['enabled'] is True
