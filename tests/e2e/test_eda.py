# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event-Driven Ansible: the real ansible-rulebook runs the rulebooks of extensions/eda with the event source
webex.calling.intercept_events against the simulator, and changes made "in Control Hub" are put back."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse

import pytest

from conftest import playbook_environment

BIN = os.path.dirname(sys.executable)
ANSIBLE_RULEBOOK = os.path.join(BIN, 'ansible-rulebook')
POLL_INTERVAL = 1
EVENTS_ROUTE = '/adminAudit/events'
INTERCEPT_ROUTES = ('/people/{personId}/features/intercept', '/workspaces/{workspaceId}/features/intercept')
# Waiting for something that happens after a few polls and a playbook run (seconds): a bound for a stuck run, not a
# measure of speed (the benchmark measures that).
PATIENCE = 120


@pytest.fixture(scope='module')
def rulebook_command():
    """ansible-rulebook and the Java runtime it needs; a failure that says what to install when one is missing."""
    if not os.path.exists(ANSIBLE_RULEBOOK):
        if not pinned_here('ansible-rulebook'):
            pytest.skip('ansible-rulebook is not in the requirements of this environment (a leg of the support matrix); '
                        'tests/requirements-dev.txt installs it')
        pytest.fail('ansible-rulebook is not installed in %s: run `make venv` (tests/requirements-dev.txt installs it)'
                    % BIN)
    if not shutil.which('java') and not os.environ.get('JAVA_HOME'):
        pytest.fail('ansible-rulebook needs a Java 17 runtime (its rule engine, Drools, runs on the JVM) and none is '
                    'on PATH or in JAVA_HOME: install one, for example `apt-get install openjdk-17-jre-headless`')
    return ANSIBLE_RULEBOOK


def pinned_here(package):
    """Whether the requirements this environment was built from (tests/tools/make_venv.sh keeps them in its stamp
    file) pin the package; True when that cannot be told."""
    try:
        with open(os.path.join(sys.prefix, '.complete')) as handle:
            return any(line.strip().lower().startswith(package + '==') for line in handle)
    except OSError:
        return True


def control_hub_change(simulator, kind, target_id, settings):
    """A change by another administrator in Control Hub (recorded as an admin audit event)."""
    return simulator.control('POST', '/_sim/audit/change', {'kind': kind, 'id': target_id, 'set': settings})


def target_of(entry):
    return urllib.parse.unquote(entry['path'].split('/')[3])


class Rulebook:
    """One ansible-rulebook process running a rulebook of the collection against the simulator."""

    def __init__(self, command, simulator, collections_path, workdir, rulebook, state_file, baseline):
        self.simulator = simulator
        self.workdir = workdir
        baseline_file = workdir / 'baseline.yml'
        baseline_file.write_text(json.dumps(baseline))
        variables = workdir / 'vars.yml'
        variables.write_text(json.dumps({'baseline_file': str(baseline_file), 'poll_interval': POLL_INTERVAL,
                                         'state_file': str(state_file)}))
        inventory = workdir / 'inventory.yml'
        inventory.write_text(json.dumps({'all': {'hosts': {'localhost': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}}))
        self.environment = playbook_environment(simulator, collections_path, workdir, workdir / 'results.jsonl')
        # ansible-rulebook finds the collection with ansible-galaxy, and runs ansible-playbook: both from this venv.
        self.environment['PATH'] = BIN + os.pathsep + os.environ.get('PATH', '')
        self.command = [command, '--rulebook', rulebook, '--inventory', str(inventory), '--vars', str(variables),
                        '--verbose']
        self.output_path = workdir / 'rulebook.log'
        self.process = None

    def start(self):
        """Start it, and wait until its event source has started: who the token is (GET /people/me), the exceptions
        looked up, then its first poll of the admin audit events."""
        started = len(self.simulator.log())
        self.output = open(str(self.output_path), 'a')  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(self.command, stdout=self.output, stderr=subprocess.STDOUT,  # pylint: disable=consider-using-with
                                        env=self.environment, cwd=str(self.workdir))
        self.wait_for(lambda: any(entry['route'] == EVENTS_ROUTE for entry in self.simulator.log()[started:]),
                      'the event source to start')
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.output.close()

    def text(self):
        return self.output_path.read_text()

    def wait_for(self, condition, what):
        deadline = time.monotonic() + PATIENCE
        while not condition():
            if self.process.poll() is not None:
                raise AssertionError('ansible-rulebook ended (rc %s) while waiting for %s:\n%s'
                                     % (self.process.returncode, what, self.text()[-4000:]))
            if time.monotonic() > deadline:
                raise AssertionError('waited %d s for %s:\n%s' % (PATIENCE, what, self.text()[-4000:]))
            time.sleep(0.1)

    def wait_polls(self, count):
        """Wait until the source has polled ``count`` more times."""
        def polls():
            return sum(entry['route'] == EVENTS_ROUTE for entry in self.simulator.log())
        target = polls() + count
        self.wait_for(lambda: polls() >= target, '%d more polls' % count)


def at_baseline(simulator, person_id, workspace_id):
    return (simulator.get_intercept(person_id)['enabled'] is False
            and simulator.get_intercept(workspace_id, kind='workspaces')['enabled'] is False)


def test_changes_in_control_hub_are_put_back_once_even_across_a_restart(
        rulebook_command, simulator, collections_path, tmp_path):
    people = simulator.people()
    drifted_person, excepted_person = people[0], people[1]
    workspace = simulator.workspaces()[0]
    assert not simulator.get_intercept(drifted_person['id'])['enabled']
    baseline = {'intercept_audit_baseline': {'enabled': False},
                'intercept_audit_exceptions': [{'email': excepted_person['emails'][0], 'enabled': True}]}
    state_file = tmp_path / 'state' / 'intercept-events.json'
    state_file.parent.mkdir()
    rulebook = Rulebook(rulebook_command, simulator, collections_path, tmp_path,
                        'webex.calling.intercept_compliance', state_file, baseline)
    simulator.clear_log()
    rulebook.start()
    try:
        before = len(simulator.log())
        control_hub_change(simulator, 'people', drifted_person['id'], {'enabled': True, 'incoming': {'type': 'ALLOW_ALL'}})
        control_hub_change(simulator, 'workspaces', workspace['id'], {'enabled': True})
        # What its exception wants: an event, a read, no run.
        control_hub_change(simulator, 'people', excepted_person['id'], {'enabled': True})
        rulebook.wait_for(lambda: at_baseline(simulator, drifted_person['id'], workspace['id']),
                          'the person and the workspace back at the baseline')
        rulebook.wait_polls(3)
    finally:
        rulebook.stop()
    log = simulator.log()[before:]
    reads = [target_of(entry) for entry in log if entry['method'] == 'GET' and entry['route'] in INTERCEPT_ROUTES]
    writes = [(entry['method'], entry['route'], target_of(entry)) for entry in log if entry['method'] != 'GET']
    assert sorted(writes) == sorted([('PUT', INTERCEPT_ROUTES[0], drifted_person['id']),
                                     ('PUT', INTERCEPT_ROUTES[1], workspace['id'])]), writes
    # One read by the source for each target changed, one by each remediation run; nobody else is read.
    assert sorted(reads) == sorted([drifted_person['id']] * 2 + [workspace['id']] * 2 + [excepted_person['id']]), reads
    assert set(entry['route'] for entry in log) == {EVENTS_ROUTE} | set(INTERCEPT_ROUTES), log
    # Detected within two poll intervals: the source read each drifted target at the first or second poll after the
    # change.
    first_read = next(index for index, entry in enumerate(log) if entry['route'] in INTERCEPT_ROUTES)
    assert sum(entry['route'] == EVENTS_ROUTE for entry in log[:first_read]) <= 2, log[:first_read + 1]
    assert rulebook.text().count('PLAY [Put one drifted call intercept target back to the baseline]') == 2
    assert simulator.get_intercept(drifted_person['id'])['incoming']['type'] == 'ALLOW_ALL'  # not in the baseline
    assert simulator.get_intercept(excepted_person['id'])['enabled'] is True
    state = json.loads(state_file.read_text())
    assert state['org_id'] == simulator.org_id and len(state['seen']) >= 3

    # Stopped, the workspace is changed again; restarted with the same state file, the source catches that change
    # (not missed) and neither reads nor fixes the person again (not repeated).
    control_hub_change(simulator, 'workspaces', workspace['id'], {'enabled': True})
    simulator.clear_log()
    rulebook.start()
    try:
        rulebook.wait_for(lambda: at_baseline(simulator, drifted_person['id'], workspace['id']),
                          'the workspace back at the baseline after the restart')
        rulebook.wait_polls(3)
    finally:
        rulebook.stop()
    log = simulator.log()
    writes = [(entry['method'], target_of(entry)) for entry in log if entry['method'] != 'GET']
    assert writes == [('PUT', workspace['id'])], writes
    reads = [target_of(entry) for entry in log if entry['route'] in INTERCEPT_ROUTES and entry['method'] == 'GET']
    assert reads == [workspace['id']] * 2, reads
    assert rulebook.text().count('PLAY [Put one drifted call intercept target back to the baseline]') == 3
    for secret in (simulator.admin_token,):
        assert secret not in rulebook.text() and secret not in state_file.read_text()


def test_report_rulebook_reports_drift_and_changes_nothing(rulebook_command, simulator, collections_path, tmp_path):
    person = simulator.people()[2]
    rulebook = Rulebook(rulebook_command, simulator, collections_path, tmp_path, 'webex.calling.intercept_report',
                        tmp_path / 'state.json', {'baseline': {'enabled': False}, 'exceptions': []})
    rulebook.start()
    try:
        simulator.clear_log()
        control_hub_change(simulator, 'people', person['id'], {'enabled': True})
        rulebook.wait_for(lambda: 'Call intercept drift: person %s' % person['displayName'] in rulebook.text(),
                          'the drift report')
    finally:
        rulebook.stop()
    assert 'changed by hub-admin@example.com' in rulebook.text()
    assert "differs in ['enabled']" in rulebook.text()
    assert [entry for entry in simulator.log() if entry['method'] != 'GET'] == []
    assert simulator.get_intercept(person['id'])['enabled'] is True


@pytest.mark.matrix
def test_remediate_playbook_check_mode_and_diff(ansible, simulator):
    """The playbook the rulebook runs, by hand: --check --diff shows the fix and writes nothing; then it fixes."""
    workspace = simulator.workspaces()[1]
    simulator.patch_intercept(workspace['id'], {'enabled': True}, kind='workspaces')
    event = {'ansible_eda': {'event': {'type': 'drift', 'kind': 'workspace', 'id': workspace['id'], 'org_id': None,
                                       'remediation': {'workspace_id': workspace['id'], 'enabled': False,
                                                       'display_name': workspace['displayName']}}}}
    playbook = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                            'playbooks', 'remediate.yml')
    simulator.clear_log()
    checked = ansible(playbook, extra_vars=event, check=True, diff=True)
    assert checked.rc == 0, checked.stdout + checked.stderr
    result = checked.tasks.named('Apply the baseline to the drifted target')['result']
    assert result['changed'] is True and result['counts']['changed'] == 1, result
    assert '+++ after: workspace %s' % workspace['displayName'] in checked.stdout, checked.stdout
    assert '-    "enabled": true,' in checked.stdout and '+    "enabled": false,' in checked.stdout, checked.stdout
    assert [entry for entry in simulator.log() if entry['method'] != 'GET'] == []
    fixed = ansible(playbook, extra_vars=event)
    assert fixed.rc == 0, fixed.stdout + fixed.stderr
    assert simulator.get_intercept(workspace['id'], kind='workspaces')['enabled'] is False
    assert [(entry['method'], target_of(entry)) for entry in simulator.log() if entry['method'] != 'GET'] == [
        ('PUT', workspace['id'])]
