# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make demo``: a guided tour of webex.calling against the Webex API simulator, one line per step.

Starts the simulator with a seeded organization, then runs the collection's playbooks with ansible-playbook, one run
per step, and checks each (its exit code, its play recap, what it wrote to the simulator):

1. back up the whole organization (``webex.calling.backup``);
2. read one person (``webex.calling.demo --tags read``);
3. preview taking them out of service (``--check --diff``): one change predicted, nothing written;
4. the same for real: one change, one write;
5. the same again: nothing changes, nothing written (idempotent);
6. a team out of service in one bulk task (``webex.calling.out_of_service``);
7. a location's own call intercept on (``webex.calling.demo --tags location``): the info module marks everyone
   there ``overridden_by_location``;
8. a whole-organization audit (``webex.calling.audit``): HTML, Markdown, JSON and JUnit reports in the output folder,
   the overridden people reported as such;
9. restore the backup of step 1 (``webex.calling.restore``): the organization is as it was at the start.

The full output of every run is in ``demo.log`` of the output folder (``--output``; ``make demo`` gives ``.build/demo``
of the checkout, the default is ``webex-calling-demo`` in the current directory). Exits 0 when every step behaved,
1 otherwise. The tour runs only against its own simulator: a ``WEBEX_API_URL`` or ``WEBEX_ACCESS_TOKEN`` in the
environment is ignored (the playbooks' header comments show how to run them against real Webex).

``ANSIBLE_COLLECTIONS_PATH``: where webex.calling is installed (the Makefile points it at .build/collections); when
it does not hold this checkout, a temporary symlink tree is used.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from shlex import quote as shlex_quote

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'simulator'))
sys.path.insert(0, os.path.join(REPO_ROOT, 'plugins', 'module_utils'))

from webex_simulator import SimulatorProcess  # noqa: E402 pylint: disable=wrong-import-position
from _wording import counted  # noqa: E402 pylint: disable=wrong-import-position,import-error

SIMULATED_PEOPLE = 50
PERSON = 'alice.anders@example.com'
TEAM_SIZE = 5
LOCATION = 'Branch Office'
NEW_NUMBER = '+14085550123'
ZERO_TRANSFER = '4100'
# The task results of each run, one JSON line each (the callback the end-to-end tests use too).
CALLBACKS = os.path.join(REPO_ROOT, 'tests', 'demo', 'callback_plugins')
RECAP = re.compile(r'^\S+\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)
REPORTS = ('intercept-audit.html', 'intercept-audit.md', 'intercept-audit.json', 'intercept-audit.xml')


class DemoError(Exception):
    """A step that did not behave as it should."""


def ansible_playbook():
    """ansible-playbook of this Python's environment, else the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    found = beside if os.access(beside, os.X_OK) else shutil.which('ansible-playbook')
    if not found:
        raise DemoError('ansible-playbook not found; run `make demo` (it creates .venv-demo) or install ansible-core')
    return found


def holds_this_checkout(collections_path):
    """Whether one entry of an ANSIBLE_COLLECTIONS_PATH value has webex.calling from this checkout."""
    for entry in (collections_path or '').split(os.pathsep):
        if not entry:
            continue
        for candidate in (os.path.join(entry, 'ansible_collections', 'webex', 'calling'), os.path.join(entry, 'webex', 'calling')):
            if os.path.isdir(candidate) and os.path.realpath(candidate) == os.path.realpath(REPO_ROOT):
                return True
    return False


def collections_path(scratch):
    """ANSIBLE_COLLECTIONS_PATH from the environment if it holds this checkout, else a symlink tree in scratch."""
    given = os.environ.get('ANSIBLE_COLLECTIONS_PATH', '')
    if holds_this_checkout(given):
        return given
    namespace = os.path.join(scratch, 'collections', 'ansible_collections', 'webex')
    os.makedirs(namespace)
    os.symlink(REPO_ROOT, os.path.join(namespace, 'calling'))
    return os.path.join(scratch, 'collections')


def settings_changed(before, after, prefix=''):
    """The dotted settings that differ between two settings trees."""
    changed = []
    for key in sorted(set(before or {}) | set(after or {})):
        old, new = (before or {}).get(key), (after or {}).get(key)
        if isinstance(old, dict) or isinstance(new, dict):
            changed += settings_changed(old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {},
                                        prefix + key + '.')
        elif old != new:
            changed.append('%s%s' % (prefix, key))
    return changed


class Run:
    """One ansible-playbook run: its exit code, changed count, task results and the API writes it made."""

    def __init__(self, rc, changed, tasks, writes):
        self.rc, self.changed, self.tasks, self.writes = rc, changed, tasks, writes

    def task(self, name):
        matches = [task for task in self.tasks if task['task'] == name and task['status'] == 'ok']
        if not matches:
            raise DemoError('no task "%s" ran' % name)
        return matches[-1]['result']


class Tour:
    """The steps, against one simulator; the full output goes to the log."""

    STEPS = 9

    def __init__(self, simulator, collections, output, log):
        self.simulator = simulator
        self.output = output
        self.log = log
        self.number = 0
        self.scratch = tempfile.mkdtemp(prefix='webex-demo-results-')
        self.environment = dict(
            os.environ,
            ANSIBLE_COLLECTIONS_PATH=collections,
            ANSIBLE_CALLBACK_PLUGINS=CALLBACKS,
            ANSIBLE_CALLBACKS_ENABLED='webex_test_results',
            ANSIBLE_NOCOLOR='1',
            ANSIBLE_RETRY_FILES_ENABLED='False',
            WEBEX_API_URL=simulator.url,
            WEBEX_ACCESS_TOKEN=simulator.admin_token,
        )
        for name in ('WEBEX_CLIENT_ID', 'WEBEX_CLIENT_SECRET', 'WEBEX_REFRESH_TOKEN', 'WEBEX_TEST_COVERAGE'):
            self.environment.pop(name, None)

    def close(self):
        shutil.rmtree(self.scratch, ignore_errors=True)

    def playbook(self, name, *args):
        """Run ansible-playbook; its output goes to the log."""
        results = os.path.join(self.scratch, 'results.jsonl')
        if os.path.exists(results):
            os.remove(results)
        command = [ansible_playbook(), name] + list(args)
        self.simulator.clear_log()
        self.log.write('\n$ ansible-playbook %s\n' % ' '.join(shlex_quote(arg) for arg in command[1:]))
        self.log.flush()
        process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                                 env=dict(self.environment, WEBEX_TEST_RESULTS=results), cwd=self.output, check=False)
        self.log.write(process.stdout)
        self.log.flush()
        recaps = RECAP.findall(process.stdout)
        tasks = []
        if os.path.exists(results):
            with open(results) as handle:
                tasks = [json.loads(line) for line in handle]
        writes = [entry for entry in self.simulator.log() if entry['method'] in ('PUT', 'POST', 'PATCH', 'DELETE')]
        return Run(process.returncode, int(recaps[0][1]) if len(recaps) == 1 else None, tasks, writes)

    def step(self, title, name, args, changed=None, writes=None, describe=None):
        """One step: run it, check it, print one line of what it shows and its result."""
        self.number += 1
        started = time.monotonic()
        run = self.playbook(name, *args)
        where = 'step %d (%s)' % (self.number, title)
        if run.rc != 0:
            raise DemoError('%s: ansible-playbook %s exited %d; its output is in %s' % (where, name, run.rc, self.log.name))
        if run.changed is None:
            raise DemoError('%s: no play recap in the output' % where)
        if changed is not None and run.changed != changed:
            raise DemoError('%s: changed=%d in the play recap, expected changed=%d' % (where, run.changed, changed))
        if writes is not None and len(run.writes) != writes:
            raise DemoError('%s: %s reached the API, expected %d' % (where, counted(len(run.writes), 'write'), writes))
        shown = (describe(run) if describe else '').rstrip('.')
        print('%d/%d %s: %s (changed=%d, %s; %.1f s) ok' % (
            self.number, self.STEPS, title, shown, run.changed, counted(len(run.writes), 'API write'),
            time.monotonic() - started))
        sys.stdout.flush()
        return run

    def run(self):
        simulator = self.simulator
        backups = os.path.join(self.output, 'backups')
        reports = os.path.join(self.output, 'reports')
        shutil.rmtree(backups, ignore_errors=True)
        start = simulator.intercepts()
        person = ['-e', 'person_email=%s' % PERSON]
        take_out = person + ['-e', 'new_number=%s' % NEW_NUMBER, '-e', 'zero_transfer=%s' % ZERO_TRANSFER]

        self.step('back up every intercept of the organization (webex.calling.backup)', 'webex.calling.backup',
                  ['-e', 'backup_dir=%s' % backups], 0, 0, lambda run: run.task('Report the backup')['msg'])

        def intercept_of(run):
            intercept = run.task('Read the person\'s call intercept')['persons'][0]['intercept']
            return '%s has call intercept %s' % (PERSON, 'on' if intercept['enabled'] else 'off')
        self.step('read one person (webex.calling.demo --tags read)', 'webex.calling.demo', ['--tags', 'read'] + person,
                  0, 0, intercept_of)

        def diff_of(run):
            diff = run.task('Take the person out of service')['diff']
            settings = settings_changed(diff['before'], diff['after'])
            return 'would change %s (%s)' % (counted(len(settings), 'setting'), ', '.join(settings))
        self.step('preview taking them out of service (--check --diff)', 'webex.calling.demo',
                  take_out + ['--check', '--diff'], 1, 0, diff_of)
        self.step('take them out of service', 'webex.calling.demo', take_out, 1, 1,
                  lambda run: 'only the settings that differ are sent')
        self.step('run it again', 'webex.calling.demo', take_out, 0, 0, lambda run: 'nothing left to change (idempotent)')

        team = [entry['emails'][0] for entry in simulator.people() if entry['emails'][0].startswith('user')][:TEAM_SIZE]
        if len(team) != TEAM_SIZE:
            raise DemoError('the simulator has no generated team of %d people' % TEAM_SIZE)
        self.step('a team out of service in one bulk task (webex.calling.out_of_service)', 'webex.calling.out_of_service',
                  ['-e', 'people=%s' % ','.join(team), '-e', 'new_number=%s' % NEW_NUMBER], 1, TEAM_SIZE,
                  lambda run: run.task('Report what changed')['msg'])

        def overridden(run):
            emails = run.task('Show whom the location\'s intercept overrides')['msg']
            if not emails:
                raise DemoError('step %d: the info module marks nobody as overridden by the location' % self.number)
            return 'the info module marks %s at %s overridden_by_location' % (
                counted(len(emails), 'person', 'people'), LOCATION)
        self.step('a location\'s own intercept overrides everyone there (webex.calling.demo --tags location)',
                  'webex.calling.demo', ['--tags', 'location', '-e', json.dumps({'location_name': LOCATION})], 1, 1, overridden)

        def audited(run):
            for name in REPORTS:
                if not os.path.isfile(os.path.join(reports, name)):
                    raise DemoError('step %d: the audit wrote no %s in %s' % (self.number, name, reports))
            return run.task('Report the audit')['msg'].split(' Reports: ')[0]
        self.step('audit the whole organization (webex.calling.audit)', 'webex.calling.audit',
                  ['-e', 'report_dir=%s' % reports, '-e', 'report_formats=html,markdown,json,junit'], 0, 0, audited)

        self.step('restore the backup of step 1 (webex.calling.restore)', 'webex.calling.restore',
                  ['-e', 'backup_dir=%s' % backups], None, None, lambda run: run.task('Report the restore')['msg'].split(':')[0])
        if simulator.intercepts() != start:
            raise DemoError('after the restore the organization differs from the backup of step 1')
        return reports


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--output', default='webex-calling-demo',
                        help='where the reports, the backup and demo.log go (default webex-calling-demo in the current '
                             'directory; make demo: .build/demo of the checkout)')
    args = parser.parse_args(argv)
    output = os.path.abspath(args.output)
    os.makedirs(output, exist_ok=True)
    started = time.monotonic()
    scratch = tempfile.mkdtemp(prefix='webex-demo-')
    print('webex.calling demo: the collection against the Webex API simulator (no Webex account needed).')
    if os.environ.get('WEBEX_API_URL'):
        print('WEBEX_API_URL is set: the demo ignores it and uses its own simulator.')
    print('The full output of every step goes to %s' % os.path.join(output, 'demo.log'))
    tour = None
    try:
        with open(os.path.join(output, 'demo.log'), 'w') as log, SimulatorProcess(people=SIMULATED_PEOPLE) as simulator:
            log.write('Simulator at %s\n' % simulator.url)
            tour = Tour(simulator, collections_path(scratch), output, log)
            reports = tour.run()
    except DemoError as exc:
        print('\nDEMO FAILED: %s' % exc)
        return 1
    finally:
        if tour is not None:
            tour.close()
        shutil.rmtree(scratch, ignore_errors=True)
    print('\nDemo finished in %.0f s: every step behaved as expected.' % (time.monotonic() - started))
    print('The audit reports are in %s:' % reports)
    for name in REPORTS:
        print('  %s' % os.path.join(reports, name))
    print('Open the HTML one in a browser: file://%s' % os.path.join(reports, REPORTS[0]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
