# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's "First playbook" works when pasted, as Ansible users run it (no inventory, and `-i localhost,` with
`connection: local`), with no interpreter set by hand and no unexplained warning; the README's links lead somewhere
and every guide is linked."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import shlex
import subprocess

import yaml

from conftest import ANSIBLE_PLAYBOOK, REPO_ROOT, api_writes, playbook_environment

README = os.path.join(REPO_ROOT, 'README.md')
# Today's front door is at most half the size of the README it replaced (47,743 bytes).
README_MAX_BYTES = 23800
# The warnings a first run may print, each with the words the section explains it with.
EXPLAINED_WARNINGS = {
    'No inventory was parsed': 'no inventory was parsed',
    'provided hosts list is empty': 'the provided hosts list is empty',
    'uses plain http': 'plain http',
}


def readme():
    with open(README) as handle:
        return handle.read()


def first_playbook_section():
    return readme().split('\n## First playbook\n')[1].split('\n## ')[0]


def code_blocks(section, language):
    return re.findall(r'^```%s\n(.*?)^```$' % language, section, flags=re.M | re.S)


def first_playbook_commands(section):
    """(argv after ansible-playbook, comment) of each `ansible-playbook ... first.yml` line of the section."""
    commands = []
    for block in code_blocks(section, 'bash'):
        for line in block.splitlines():
            if line.startswith('ansible-playbook ') and 'first.yml' in line:
                command = line.split('#')[0]
                commands.append((shlex.split(command)[1:], line[len(command):]))
    return commands


def run_verbatim(simulator, collections_path, workdir, argv):
    """ansible-playbook as a user runs it: no interpreter and no warning setting of the tests' environment."""
    results = workdir / 'results.jsonl'
    if results.exists():
        results.unlink()
    environment = playbook_environment(simulator, collections_path, workdir, results)
    for name in ('ANSIBLE_PYTHON_INTERPRETER', 'ANSIBLE_LOCALHOST_WARNING'):
        environment.pop(name)
    return subprocess.run([ANSIBLE_PLAYBOOK] + argv, capture_output=True, text=True, env=environment,
                          cwd=str(workdir), timeout=300, check=False)


def test_readme_first_playbook_runs_verbatim_without_and_with_an_inventory(simulator, collections_path, tmp_path):
    section = first_playbook_section()
    playbook = code_blocks(section, 'yaml')
    assert len(playbook) == 1, 'the section has one playbook'
    play = yaml.safe_load(playbook[0])[0]
    assert play['connection'] == 'local'
    assert play['vars']['ansible_python_interpreter'] == '{{ ansible_playbook_python }}'
    assert len(playbook[0].strip().splitlines()) <= 16, 'a short first playbook'
    (tmp_path / 'first.yml').write_text(playbook[0])
    assert 'eval "$(make simulator)"' in section and 'make simulator-stop' in section
    commands = first_playbook_commands(section)
    assert len(commands) == 3, commands
    inventories = [argv[argv.index('-i') + 1] if '-i' in argv else None for argv, dummy in commands]
    assert None in inventories and 'localhost,' in inventories, 'the section runs it without and with -i localhost,'
    # Each way on its own: every command of the section, with the inventory as written and then with the other one.
    for inventory in (None, 'localhost,'):
        simulator.reset()
        for argv, comment in commands:
            if '-i' in argv:
                argv = argv[:argv.index('-i')] + argv[argv.index('-i') + 2:]
            argv = (['-i', inventory] if inventory else []) + argv
            simulator.clear_log()
            run = run_verbatim(simulator, collections_path, tmp_path, argv)
            output = run.stdout + run.stderr
            assert run.returncode == 0, (argv, output)
            recap = re.search(r'changed=(\d+)', run.stdout.split('PLAY RECAP')[-1]).group(1)
            documented = re.search(r'changed=(\d+)', comment)
            if documented:
                assert recap == documented.group(1), (argv, run.stdout)
            if '--check' in argv:
                assert recap == '1', 'the check predicts the change'
                assert api_writes(simulator) == [], 'nothing is written'
            assert 'interpreter' not in output.lower(), output
            for warning in re.findall(r'\[WARNING\]: (.*)', output):
                explained = [words for known, words in EXPLAINED_WARNINGS.items() if known in warning]
                assert explained, 'the README does not explain the warning: %s' % warning
                assert explained[0] in section, explained[0]
        enabled = simulator.get_intercept(simulator.person_by_email('alice.anders@example.com')['id'])['enabled']
        assert enabled is True, inventory


def test_readme_shows_the_inventory_line_for_awx_and_own_inventories():
    section = first_playbook_section()
    (ini,) = code_blocks(section, 'ini')
    assert ini.strip() == 'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"'
    assert 'AWX' in section


def test_readme_is_short_and_links_every_guide():
    text = readme()
    assert len(text.encode('utf-8')) <= README_MAX_BYTES, 'the README is the front door: move details to a guide'
    with open(os.path.join(REPO_ROOT, 'docs', 'docsite', 'extra-docs.yml')) as handle:
        listed = [name for section in yaml.safe_load(handle)['sections'] for name in section['toctree']]
    linked = re.findall(r'\]\(docs/docsite/rst/(\w+)\.rst\)', text)
    assert sorted(set(linked)) == sorted(listed), 'every guide of extra-docs.yml is linked from the README, no other'
    headings = set(re.sub(r'[^a-z0-9 _-]', '', heading.lower()).replace(' ', '-')
                   for heading in re.findall(r'^#+ (.*)$', text, flags=re.M))
    for target in re.findall(r'\]\(([^)\s]+)\)', text):
        if target.startswith('#'):
            assert target[1:] in headings, 'no heading for the link %s' % target
        elif '://' not in target:
            assert os.path.exists(os.path.join(REPO_ROOT, target.split('#')[0])), 'the README links to a missing %s' % target
