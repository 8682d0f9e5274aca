# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end fixtures: one simulator per session, reset before each test, and real ansible-playbook runs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import subprocess
import sys
import tempfile
from collections import namedtuple

import pytest

E2E_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(E2E_DIR))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'simulator'))

from webex_simulator import SimulatorProcess  # noqa: E402 pylint: disable=wrong-import-position

ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
SIMULATED_PEOPLE = 260

PlaybookRun = namedtuple('PlaybookRun', ['rc', 'stdout', 'stderr', 'tasks'])


class Tasks(list):
    """Task results of a run, in order; ``named(name)`` finds one by its task name."""

    def named(self, name):
        matches = [task for task in self if task['task'] == name]
        assert matches, 'no task named %r ran; ran: %s' % (name, [task['task'] for task in self])
        return matches[-1]


def playbook_environment(simulator, collections_path, workdir, results, token=None):
    """The environment of an ansible-playbook run against the simulator; task results go to ``results``."""
    return dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=collections_path,
        ANSIBLE_CALLBACK_PLUGINS=os.path.join(REPO_ROOT, 'tests', 'demo', 'callback_plugins'),
        ANSIBLE_CALLBACKS_ENABLED='webex_test_results',
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_RETRY_FILES_ENABLED='0',
        ANSIBLE_LOCALHOST_WARNING='0',
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        # Results keep `invocation` (the module's arguments, secrets masked), which the token checks inspect:
        # ansible-core 2.21 leaves it out unless asked.
        ANSIBLE_INJECT_INVOCATION='1',
        ANSIBLE_HOME=str(workdir / 'ansible-home'),
        WEBEX_API_URL=simulator.url,
        WEBEX_ACCESS_TOKEN=token or simulator.admin_token,
        WEBEX_TEST_RESULTS=str(results),
        WEBEX_TEST_COVERAGE=coverage_file(),
    )


# --- parallel runs (pytest-xdist) and the subset run on every ansible-core (marker ``matrix``) ---------------------
# Each worker has its own simulator (session fixtures are per worker) and its own temporary directories. The tests
# that measure time or pacing against the simulator run one after another on one worker (group ``timing``).
TIMING_FILES = ('test_faults.py', 'test_scale.py', 'test_tls.py')
# Files whose tests share a module fixture that is costly or writes fixed paths (the audit report's artifacts in
# tests/output/audit-report, the site simulator): each runs on one worker, so that the fixture runs once.
SHARED_FIXTURE_FILES = ('test_audit_report.py', 'test_site_closure.py', 'test_inventory.py')
# The playbooks, roles and modules of the collection that ran are written to one file per worker in this directory
# (tests/demo/callback_plugins/webex_test_results.py, which the demo uses too); with WEBEX_E2E_COVERAGE=required (make matrix, make check) the run fails
# when one of them never ran.
COVERAGE_DIR = 'WEBEX_E2E_COVERAGE_DIR'


def coverage_file():
    return os.path.join(os.environ[COVERAGE_DIR], os.environ.get('PYTEST_XDIST_WORKER', 'main') + '.txt')


def pytest_configure(config):
    if not hasattr(config, 'workerinput'):  # the controller (or a run without workers): the workers inherit it
        os.environ[COVERAGE_DIR] = tempfile.mkdtemp(prefix='webex-e2e-coverage-')


def pytest_collection_modifyitems(items):
    for item in items:
        name = os.path.basename(str(item.fspath))
        if name in TIMING_FILES:
            item.add_marker(pytest.mark.xdist_group('timing'))
        elif name in SHARED_FIXTURE_FILES:
            item.add_marker(pytest.mark.xdist_group(name))


def collection_parts():
    """Every playbook, role and module of the collection, as the callback names them."""
    names = set('playbook ' + os.path.splitext(os.path.basename(path))[0]
                for path in glob.glob(os.path.join(REPO_ROOT, 'playbooks', '*.yml')))
    names.update('role ' + os.path.basename(os.path.dirname(path))
                 for path in glob.glob(os.path.join(REPO_ROOT, 'roles', '*', 'tasks')))
    names.update('module ' + os.path.splitext(os.path.basename(path))[0]
                 for path in glob.glob(os.path.join(REPO_ROOT, 'plugins', 'modules', '*.py')))
    return names


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, 'workerinput') or os.environ.get('WEBEX_E2E_COVERAGE') != 'required':
        return
    ran = set()
    for path in glob.glob(os.path.join(os.environ[COVERAGE_DIR], '*.txt')):
        with open(path) as handle:
            ran.update(line.strip() for line in handle)
    missing = sorted(collection_parts() - ran)
    if missing:
        reporter = session.config.pluginmanager.get_plugin('terminalreporter')
        reporter.ensure_newline()
        reporter.write_line(
            'e2e coverage: no test of this run ran %s; mark a test that runs each with @pytest.mark.matrix'
            % ', '.join(missing), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# The Ansible commands a test starts (each pays Ansible's start-up, about a second of CPU), its fixtures' included:
# counted from its setup to its teardown and recorded as its property ``ansible_runs`` (in the JUnit XML that
# `make test-times` reads). Commands that a program the test starts runs in turn (the demo's) are not counted.
ANSIBLE_COMMANDS = ('ansible-playbook', 'ansible-inventory', 'ansible-rulebook', 'ansible-doc', 'ansible-galaxy')


class CountingPopen(subprocess.Popen):
    runs = 0

    def __init__(self, args, *rest, **kwargs):
        command = args if isinstance(args, (list, tuple)) else [args]
        if command and os.path.basename(str(command[0])) in ANSIBLE_COMMANDS:
            CountingPopen.runs += 1
        super(CountingPopen, self).__init__(args, *rest, **kwargs)


subprocess.Popen = CountingPopen  # subprocess.run and the tests' own calls create it through this name


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    CountingPopen.runs = 0


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    item.user_properties.append(('ansible_runs', CountingPopen.runs))


@pytest.fixture(scope='session')
def collections_path(tmp_path_factory):
    """An ansible_collections tree whose webex/calling is this checkout."""
    root = tmp_path_factory.mktemp('collections')
    namespace = root / 'ansible_collections' / 'webex'
    namespace.mkdir(parents=True)
    os.symlink(REPO_ROOT, str(namespace / 'calling'))
    return str(root)


@pytest.fixture(scope='session')
def simulator_session():
    with SimulatorProcess(people=SIMULATED_PEOPLE) as simulator:
        yield simulator


@pytest.fixture
def simulator(simulator_session):
    """The session's simulator, reseeded: every test starts from the same organization."""
    simulator_session.reset()
    return simulator_session


def run_playbook(simulator, collections_path, workdir, playbook, extra_vars=None, check=False, diff=False, token=None,
                 env=None, args=()):
    """Run a playbook (a path, or a list of tasks for localhost) against the simulator, in ``workdir``."""
    if not isinstance(playbook, str):
        path = workdir / 'playbook.yml'
        path.write_text(json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': playbook}]))
        playbook = str(path)
    results = workdir / 'results.jsonl'
    if results.exists():
        results.unlink()
    command = [ANSIBLE_PLAYBOOK, '-i', 'localhost,', '-c', 'local', playbook]
    if extra_vars:
        command += ['-e', json.dumps(extra_vars)]
    command += ['--check'] * check + ['--diff'] * diff + list(args)
    environment = playbook_environment(simulator, collections_path, workdir, results, token)
    environment.update(env or {})
    process = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=str(workdir),
                             timeout=600, check=False)
    tasks = Tasks(json.loads(line) for line in results.read_text().splitlines()) if results.exists() else Tasks()
    return PlaybookRun(process.returncode, process.stdout, process.stderr, tasks)


@pytest.fixture
def ansible(simulator, collections_path, tmp_path):
    """Run a playbook (a path, or a list of tasks for localhost) against the simulator."""

    def run(playbook, *args, **kwargs):
        return run_playbook(simulator, collections_path, tmp_path, playbook, *args, **kwargs)

    return run


def api_writes(simulator):
    """The writes (PUT, POST) the simulator has logged."""
    return [entry for entry in simulator.log() if entry['method'] in ('PUT', 'POST')]


# The reads a person, workspace or virtual line module makes to learn whether its target's location intercept
# overrides the target's own: the target's lookup by ID (for its location), the location's intercept and its name.
OVERRIDE_ROUTES = ('/telephony/config/locations/{locationId}/intercept', '/locations/{locationId}')
LOOKUP_ROUTES = ('/people', '/workspaces/{workspaceId}', '/telephony/config/virtualLines')


def is_override_read(entry):
    return entry['method'] == 'GET' and (
        entry['route'] in OVERRIDE_ROUTES
        or (entry['route'] in LOOKUP_ROUTES and 'id' in entry['query'])
        or entry['route'] == '/workspaces/{workspaceId}')


def own_requests(simulator):
    """The simulator's log without the reads of the location override (tests of the override look at those)."""
    return [entry for entry in simulator.log() if not is_override_read(entry)]


def override_reads(simulator):
    return [entry for entry in simulator.log() if is_override_read(entry)]
