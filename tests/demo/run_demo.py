# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make demo``: run the playbook webex.calling.demo against the Webex API simulator, step by step.

Starts the simulator with a seeded organization, then runs ansible-playbook five times and checks each run:

1. read the organization (``--tags report``), changes nothing;
2. ``--check --diff`` of taking one person out of service: predicts one change, writes nothing;
3. the same for real: one change;
4. the same again: nothing changes (idempotent), no write;
5. put the person back in service: one change.

Then stops the simulator. Exits 0 when every step behaved, 1 otherwise.

Environment:

- ``ANSIBLE_COLLECTIONS_PATH``: where webex.calling is installed (the Makefile points it at .build/collections);
  when it does not hold this checkout, a temporary symlink tree is used.
- ``WEBEX_API_URL`` unset (the default): the simulator is started, and its own tokens are used (a
  ``WEBEX_ACCESS_TOKEN`` in the environment is ignored).
- ``WEBEX_API_URL`` set to a loopback URL: a simulator already running there is used (token
  ``WEBEX_ACCESS_TOKEN``, default ``sim-admin-token``).
- ``WEBEX_API_URL`` set to any other URL (real Webex, e.g. https://webexapis.com/v1): the simulator is not started,
  ``WEBEX_ACCESS_TOKEN`` is used, and the demo refuses to run unless ``WEBEX_DEMO_PERSON`` names the person (an
  email address) whose call intercept it may change. Step 5 turns that person's call intercept off.
- ``WEBEX_DEMO_PERSON``: the person to take out of service (simulator default alice.anders@example.com).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import shutil
import subprocess
import sys
import tempfile

from shlex import quote as shlex_quote
from urllib.parse import urlsplit

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'simulator'))

from webex_simulator import SimulatorProcess, is_loopback_host  # noqa: E402 pylint: disable=wrong-import-position

PLAYBOOK = 'webex.calling.demo'
SIMULATED_PEOPLE = 50
SIMULATOR_PERSON = 'alice.anders@example.com'
NEW_NUMBER = '+14085550123'
ZERO_TRANSFER = '4100'
RECAP = re.compile(r'^\S+\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)')


class DemoError(Exception):
    """A step that did not behave as it should."""


def heading(text):
    line = '=' * 78
    print('\n%s\n%s\n%s' % (line, text, line))
    sys.stdout.flush()


def ansible_playbook():
    """ansible-playbook of this Python's environment, else the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    found = beside if os.access(beside, os.X_OK) else shutil.which('ansible-playbook')
    if not found:
        raise DemoError('ansible-playbook not found; run `make demo` (it creates .venv) or install ansible-core')
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


def run_step(command, environment):
    """Run ansible-playbook, echoing its output; return (rc, changed count from the play recap)."""
    print('$ ansible-playbook %s\n' % ' '.join(shlex_quote(arg) for arg in command[1:]))
    sys.stdout.flush()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment,
                               universal_newlines=True, cwd=REPO_ROOT)
    recaps = []
    for line in process.stdout:
        sys.stdout.write(line)
        match = RECAP.match(line)
        if match:
            recaps.append(int(match.group(2)))
    sys.stdout.flush()
    process.stdout.close()
    return process.wait(), (recaps[0] if len(recaps) == 1 else None)


class Demo:
    """The five steps, against one API."""

    def __init__(self, api_url, token, person, collections, simulator=None):
        self.simulator = simulator
        self.person = person
        self.command = [ansible_playbook(), PLAYBOOK]
        self.environment = dict(
            os.environ,
            ANSIBLE_COLLECTIONS_PATH=collections,
            WEBEX_API_URL=api_url,
            WEBEX_ACCESS_TOKEN=token,
            ANSIBLE_LOCALHOST_WARNING='False',
            ANSIBLE_INVENTORY_UNPARSED_WARNING='False',
            ANSIBLE_RETRY_FILES_ENABLED='False',
        )

    def writes(self):
        """The writes the simulator logged since the last call (None against real Webex)."""
        if self.simulator is None:
            return None
        log = self.simulator.log()
        self.simulator.clear_log()
        return [entry for entry in log if entry['method'] in ('PUT', 'POST')]

    def step(self, number, title, args, changed, writes):
        """Run one step; check its rc, its recap's changed count and (simulator) how many writes it made."""
        heading('Step %d of 5: %s' % (number, title))
        self.writes()
        rc, count = run_step(self.command + args, self.environment)
        if rc != 0:
            raise DemoError('step %d (%s): ansible-playbook exited %d' % (number, title, rc))
        if count is None:
            raise DemoError('step %d (%s): no play recap in the output' % (number, title))
        if changed is not None and count != changed:
            raise DemoError('step %d (%s): changed=%s in the play recap, expected changed=%s' % (number, title, count, changed))
        made = self.writes()
        if made is not None and len(made) != writes:
            raise DemoError('step %d (%s): %d writes reached the API, expected %d' % (number, title, len(made), writes))
        print('\n-> step %d as expected: rc=0, changed=%s%s' % (number, count, '' if made is None else ', %d API writes' % len(made)))
        return count

    def run(self):
        person = ['-e', 'person_email=%s' % self.person]
        take_out = person + ['-e', 'state=out_of_service', '-e', 'new_number=%s' % NEW_NUMBER, '-e', 'zero_transfer=%s' % ZERO_TRANSFER]
        on_simulator = self.simulator is not None
        self.step(1, 'read the organization (ansible-playbook %s --tags report)' % PLAYBOOK, ['--tags', 'report'], 0, 0)
        predicted = self.step(2, 'preview taking %s out of service (--check --diff)' % self.person, take_out + ['--check', '--diff'],
                              1 if on_simulator else None, 0)
        self.step(3, 'take %s out of service' % self.person, take_out + ['--diff'], predicted, 1)
        self.step(4, 'run it again: nothing to change (idempotent)', take_out, 0, 0)
        self.step(5, 'put %s back in service' % self.person, person + ['-e', 'state=in_service', '--diff'], 1 if on_simulator else None, 1)
        if on_simulator:
            settings = self.simulator.get_intercept(self.simulator.person_by_email(self.person)['id'])
            if settings['enabled'] or settings['incoming']['announcements']['newNumber']['destination'] != NEW_NUMBER:
                raise DemoError('the simulator holds unexpected settings at the end: %s' % settings)


def main():
    api_url = os.environ.get('WEBEX_API_URL', '').strip()
    scratch = tempfile.mkdtemp(prefix='webex-demo-')
    try:
        collections = collections_path(scratch)
        if not api_url:
            heading('Starting the Webex API simulator (%d generated people plus a seeded organization)' % SIMULATED_PEOPLE)
            with SimulatorProcess(people=SIMULATED_PEOPLE) as simulator:
                print('Simulator at %s' % simulator.url)
                person = os.environ.get('WEBEX_DEMO_PERSON') or SIMULATOR_PERSON
                Demo(simulator.url, simulator.admin_token, person, collections, simulator).run()
                heading('Stopping the simulator')
        elif is_loopback_host(urlsplit(api_url).hostname or ''):
            person = os.environ.get('WEBEX_DEMO_PERSON') or SIMULATOR_PERSON
            Demo(api_url, os.environ.get('WEBEX_ACCESS_TOKEN') or 'sim-admin-token', person, collections).run()
        else:
            person = os.environ.get('WEBEX_DEMO_PERSON', '').strip()
            if not person or not os.environ.get('WEBEX_ACCESS_TOKEN'):
                print('WEBEX_API_URL is %s, not the simulator: refusing to change anyone\'s settings.\n'
                      'Set WEBEX_ACCESS_TOKEN and WEBEX_DEMO_PERSON (the email of a test person whose call intercept\n'
                      'the demo may turn on, then off) to run the demo there, or unset WEBEX_API_URL to use the simulator.'
                      % api_url)
                return 2
            Demo(api_url, os.environ['WEBEX_ACCESS_TOKEN'], person, collections).run()
    except DemoError as exc:
        print('\nDEMO FAILED: %s' % exc)
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    heading('Demo finished: every step behaved as expected')
    return 0


if __name__ == '__main__':
    sys.exit(main())
