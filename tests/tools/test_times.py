# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The time table of the test suite (make test-times): each stage, each leg's test counts, the slowest tests.

    python tests/tools/test_times.py .build/test-times [--guide docs/docsite/rst/development_guide.rst] [--slowest 25]

Reads what `make test-times` recorded in the directory: stages.txt (one line per stage: name, wall seconds, CPU
seconds, exit status; written by tests/tools/timed.sh) and the JUnit XML of every units and e2e run (each test's
time, and for e2e the property ``ansible_runs``: the Ansible commands it started). Prints the tables as
reStructuredText and, with --guide, writes them into the guide's section ``test-times``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import datetime
import glob
import os
import platform
import sys
from xml.etree import ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generated_section import cpu_model, write_generated  # noqa: E402 pylint: disable=wrong-import-position


def stages(directory):
    rows = []
    with open(os.path.join(directory, 'stages.txt')) as handle:
        for line in handle:
            name, wall, cpu, status = line.split()
            rows.append((name, float(wall), float(cpu), int(status)))
    return rows


def test_cases(path):
    """(name, seconds, outcome, ansible runs) of every test case of one JUnit XML file."""
    cases = []
    for case in ElementTree.parse(path).getroot().iter('testcase'):
        outcome = 'passed'
        for child, word in (('failure', 'failed'), ('error', 'error'), ('skipped', 'skipped')):
            if case.find(child) is not None:
                outcome = word
        runs = [prop.get('value') for prop in case.iter('property') if prop.get('name') == 'ansible_runs']
        name = '%s::%s' % (case.get('classname', '').replace('.', '/') + '.py', case.get('name'))
        cases.append((name, float(case.get('time') or 0), outcome, int(runs[0]) if runs else 0))
    return cases


def table(header, rows):
    """A reStructuredText list-table."""
    lines = ['.. list-table::', '   :header-rows: 1', '']
    for row in [header] + rows:
        lines.append('   * - %s' % row[0])
        lines.extend('     - %s' % cell for cell in row[1:])
    return '\n'.join(lines)


def render(directory, slowest):
    machine = '%s, %d cores, Python %s' % (cpu_model(), os.cpu_count() or 0, platform.python_version())
    parts = ['Recorded by ``make test-times`` on %s (%s).' % (datetime.date.today().isoformat(), machine), '']
    parts += ['Stages (wall and CPU seconds; ``total-*`` is a whole ``make`` target, its stages partly side by side):', '']
    parts.append(table(['stage', 'wall (s)', 'CPU (s)', 'status'],
                       [[name, '%.0f' % wall, '%.0f' % cpu, 'ok' if status == 0 else 'exit %d' % status]
                        for name, wall, cpu, status in stages(directory)]))
    counts, e2e = [], []
    for path in sorted(glob.glob(os.path.join(directory, '*.xml'))):
        cases = test_cases(path)
        leg = os.path.splitext(os.path.basename(path))[0]
        counts.append([leg] + [str(sum(1 for case in cases if case[2] == word)) for word in
                               ('passed', 'failed', 'error', 'skipped')] + [str(sum(case[3] for case in cases))])
        if leg == 'e2e-default':
            e2e = cases
    parts += ['', 'Test cases per run (Ansible commands: ``ansible-playbook`` and the like, each paying Ansible\'s start-up):', '']
    parts.append(table(['run', 'passed', 'failed', 'errors', 'skipped', 'Ansible commands'], counts))
    if e2e:
        parts += ['', 'The %d slowest end-to-end tests of the default leg (seconds on their worker):' % slowest, '']
        parts.append(table(['test', 'time (s)', 'Ansible commands'],
                           [['``%s``' % name, '%.1f' % seconds, str(runs)]
                            for name, seconds, dummy, runs in sorted(e2e, key=lambda case: -case[1])[:slowest]]))
    return '\n'.join(parts)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('directory')
    parser.add_argument('--guide', help='write the tables into this guide\'s GENERATED section "test-times"')
    parser.add_argument('--slowest', type=int, default=25)
    args = parser.parse_args(argv)
    text = render(args.directory, args.slowest)
    print(text)
    if args.guide:
        write_generated(args.guide, 'test-times', text)


if __name__ == '__main__':
    main()
