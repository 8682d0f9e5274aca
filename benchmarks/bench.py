# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of webex.calling against the simulator, compared with what users do today (``ansible.builtin.uri``).

Every timing is the wall time of a whole ``ansible-playbook`` run (Ansible start-up included) against
tests/simulator/webex_simulator.py with a set latency per API request. Prints one Markdown table:

1. whole-organization ``webex_person_intercept_info``: wall time and its ratio to the lower bound
   N x latency / concurrency (the intercept reads only; the people listing pages are not in the bound);
2. the same audit with an ``ansible.builtin.uri`` loop (the baseline), extrapolated from two sample runs;
3. one ``webex_person_intercept`` task on an unchanged person against one ``ansible.builtin.uri`` GET task;
4. API calls per person (unchanged, changed, by email), from the simulator's request log;
5. with the simulator's rate limit on: throughput as a share of the limit, and the number of 429s;
6. the write side, as users run it (``playbooks/out_of_service.yml``, the ``intercept`` role, one
   ``webex_intercepts`` task): every person differs, against the bound N x 2 x latency / concurrency plus the
   people listing pages; then the same run again (compliant: no write);
7. the per-person loop of 1.0 (one ``webex_person_intercept`` task run per person), extrapolated from two samples;
8. the write side under the simulator's rate limit: throughput as a share of the limit, and the 429s;
9. whole-organization info of the other owner kinds (workspaces, virtual lines, locations), each against the same
   lower bound as people, N x latency / concurrency;
10. the collection's playbooks as users run them (``ansible-playbook webex.calling.audit``, ``backup``, ``restore``,
    ``out_of_service``, ``back_in_service``, ``close_site``, ``reopen_site``) at each N, with each ansible-core of
    ``--cores``: wall time against the API bound (the distinct intercept reads and writes at the concurrency, plus the
    other requests, listing pages and lookups, one after the other), the CPU time of the process tree, and the
    playbook's start-up (the same run on the seed organization alone); every target read exactly once, and written
    exactly once where it differs, or the benchmark stops;
11. their CPU seconds per 1,000 targets (beyond the start-up's), from the smallest N to the largest;
12. Event-Driven Ansible (benchmarks/bench_eda.py): the real ansible-rulebook puts people changed in Control Hub back
    to the baseline; change to fix and detection to fix (median, worst), API requests per idle poll, reads per change.
13. with ``--rows estate`` only (benchmarks/bench_estate.py): a partner estate (``--estate-orgs`` organizations x
    ``--estate-people`` people, every person changed by out_of_service on the hosts of the webex.calling.webex
    inventory): (a) one organization at a time, (b) forks 5 with a token per organization, (c) the same with one
    shared token limited by the simulator per token and the shared ``rate_limit`` gate.

Usage: python benchmarks/bench.py [--people 1000 5000] [--latency 0.05] [--rows playbooks] [--cores default 2.16 2.21]
[--guide docs/docsite/rst/performance_guide.rst] (``make bench``: every row, written between the guide's markers).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import collections
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
PLAYBOOKS = os.path.join(BENCH_DIR, 'playbooks')
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'simulator'))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'tools'))

from generated_section import cpu_model, write_generated  # noqa: E402 pylint: disable=wrong-import-position
from webex_simulator import SimulatorProcess  # noqa: E402 pylint: disable=wrong-import-position
import bench_eda  # noqa: E402 pylint: disable=wrong-import-position
import bench_estate  # noqa: E402 pylint: disable=wrong-import-position

LIST_ROUTE = 'GET /people'
READ_ROUTE = 'GET /people/{personId}/features/intercept'
WRITE_ROUTE = 'PUT /people/{personId}/features/intercept'
# The read of the intercept of the person's location, which overrides the person's own while it is enabled.
LOCATION_ROUTE = 'GET /telephony/config/locations/{locationId}/intercept'
OUT_OF_SERVICE = 'webex.calling.out_of_service'


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--people', type=int, nargs='+', default=[1000, 5000], help='organization sizes N (default 1000 5000)')
    parser.add_argument('--latency', type=float, default=0.05, help='simulated seconds per API request (default 0.05)')
    parser.add_argument('--concurrency', type=int, nargs='+', default=[8, 32],
                        help='concurrency of the info module (default 8, its default, and 32)')
    parser.add_argument('--uri-sample', type=int, default=100, help='people the uri loop reads; extrapolated to N (default 100)')
    parser.add_argument('--repeat', type=int, default=5, help='runs of each single-task playbook; the median is kept (default 5)')
    parser.add_argument('--rate-limit', type=float, default=50.0, help='simulator rate limit for row 5, requests/s (default 50)')
    parser.add_argument('--rate-people', type=int, default=1000, help='N for row 5 (default 1000)')
    parser.add_argument('--rate-concurrency', type=int, default=16, help='concurrency for row 5 (default 16)')
    parser.add_argument('--rows', choices=('all', 'read', 'write', 'owners', 'playbooks', 'eda', 'estate'), default='all',
                        help='read rows (1 to 5), write rows (6 to 8), owners (row 9), playbooks (rows 10 and 11), eda '
                             '(row 12) or all (default); estate (row 13, a partner estate through the inventory; not in all)')
    parser.add_argument('--eda-interval', type=float, default=5.0, help='poll interval of row 12, seconds (default 5)')
    parser.add_argument('--eda-changes', type=int, default=20, help='changes made in Control Hub in row 12 (default 20)')
    parser.add_argument('--write-concurrency', type=int, default=8, help='concurrency of the write rows (default 8)')
    parser.add_argument('--loop-sample', type=int, default=100,
                        help='people the per-person loop changes; extrapolated to N (default 100)')
    parser.add_argument('--ansible-playbook', default=os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
                        help='ansible-playbook to run (default: the one beside this Python)')
    parser.add_argument('--owners', type=int, nargs='+', default=[1000],
                        help='N of each other owner kind (workspaces, virtual lines, locations) for row 9 (default 1000)')
    parser.add_argument('--cores', nargs='+', default=['default'],
                        help='ansible-cores of the playbook rows: default (--ansible-playbook) and versions X.Y, each '
                             'from .venv-core-X.Y (skipped when missing); default: default')
    parser.add_argument('--playbook-concurrency', type=int, default=8,
                        help='concurrency of the playbook rows, set with the role\'s variable (default 8, the roles\')')
    bench_estate.add_arguments(parser)
    parser.add_argument('--json', dest='json_path', help='also write the raw measurements to this file')
    parser.add_argument('--guide', help='write the results between the markers of this reStructuredText file '
                                        '(docs/docsite/rst/performance_guide.rst)')
    return parser.parse_args(argv)


class Runner:
    """Runs playbooks of benchmarks/playbooks against a simulator and times them."""

    def __init__(self, workdir, ansible_playbook):
        self.workdir = workdir
        self.ansible_playbook = ansible_playbook
        namespace = os.path.join(workdir, 'collections', 'ansible_collections', 'webex')
        os.makedirs(namespace)
        os.symlink(REPO_ROOT, os.path.join(namespace, 'calling'))
        self.collections = os.path.join(workdir, 'collections')
        # Modules run with the Python of the ansible-playbook's own virtual environment, as they do for its users.
        beside = os.path.join(os.path.dirname(ansible_playbook), 'python')
        self.python = beside if os.path.exists(beside) else sys.executable

    def run(self, playbook, simulator, extra_vars=None):
        """Run a playbook; return its wall time in seconds. Raise when it fails."""
        return self.measure(playbook, simulator, extra_vars)['wall']

    def measure(self, playbook, simulator, extra_vars=None):
        """Run a playbook; return {wall, cpu}: its wall time and the CPU seconds of its process tree. Raise when it fails."""
        path = os.path.join(PLAYBOOKS, playbook) if playbook.endswith('.yml') else playbook  # or a collection's
        command = [self.ansible_playbook, '-i', 'localhost,', '-c', 'local', path]
        if extra_vars:
            vars_path = os.path.join(self.workdir, 'extra_vars.json')
            with open(vars_path, 'w') as handle:
                json.dump(extra_vars, handle)
            command += ['-e', '@' + vars_path]
        environment = dict(
            os.environ,
            ANSIBLE_COLLECTIONS_PATH=self.collections,
            ANSIBLE_PYTHON_INTERPRETER=self.python,
            ANSIBLE_HOME=os.path.join(self.workdir, 'ansible-home'),
            ANSIBLE_NOCOLOR='1',
            ANSIBLE_RETRY_FILES_ENABLED='0',
            ANSIBLE_LOCALHOST_WARNING='0',
            ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
            WEBEX_API_URL=simulator.url,
            WEBEX_ACCESS_TOKEN=simulator.admin_token,
        )
        cpu = children_cpu()
        start = time.monotonic()
        process = subprocess.run(command, env=environment, cwd=self.workdir, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, universal_newlines=True, check=False)
        wall = time.monotonic() - start
        cpu = children_cpu() - cpu
        if process.returncode != 0:
            raise RuntimeError('%s failed (rc %d, %s):\n%s' % (playbook, process.returncode, self.ansible_playbook,
                                                               process.stdout[-3000:]))
        return dict(wall=wall, cpu=cpu)


def calling_people(simulator):
    """The home organization's Webex Calling people, sorted the way the info module sorts them."""
    people = [person for person in simulator.people() if person.get('locationId')]
    return sorted(people, key=lambda person: ((person.get('emails') or [''])[0].lower(), person['id']))


def requests_by_route(simulator):
    """{"GET /people": n, ...} from the simulator's request log, with the statuses."""
    counts = {}
    for entry in simulator.log():
        key = '%s %s %s' % (entry['method'], entry['route'], entry['status'])
        counts[key] = counts.get(key, 0) + 1
    return counts


def measure_org(runner, simulator, concurrency, latency):
    """Row 1: whole-organization info; checks in the simulator's log that each person was read exactly once."""
    people = calling_people(simulator)
    simulator.clear_counters()
    simulator.clear_log()
    wall = runner.run('org_info.yml', simulator, dict(bench_concurrency=concurrency, bench_expected=len(people)))
    counters = simulator.counters()
    log = simulator.log()
    # The intercept reads; besides them the listing pages, the locations' names, the organization and the intercept
    # of each location (does it override its people's?).
    intercept_reads = [entry for entry in log if '%s %s' % (entry['method'], entry['route']) == READ_ROUTE]
    read_paths = sorted(entry['path'] for entry in intercept_reads if entry['status'] == 200)
    if read_paths != sorted('/v1/people/%s/features/intercept' % person['id'] for person in people) or len(log) != len(set(
            entry['seq'] for entry in log)) or any(entry['status'] != 200 for entry in log):
        raise RuntimeError('the whole-organization read did not read each person exactly once')
    reads = [entry['time'] for entry in intercept_reads]
    read_rate = (len(reads) - 1) / (max(reads) - min(reads))
    bound = len(people) * latency / concurrency
    return dict(people=len(people), concurrency=concurrency, wall=wall, bound=bound, ratio=wall / bound,
                list_pages=counters['requests'].get(LIST_ROUTE, 0), reads=counters['requests'].get(READ_ROUTE, 0),
                max_in_flight=counters['max_in_flight'], read_rate=read_rate, ideal_rate=concurrency / latency)


# Row 9: the other owner kinds. Per kind: its name, how the simulator generates N of them, the route of its intercept
# read and its listing.
OWNER_KINDS = (
    ('workspace', 'workspaces', '/workspaces/{workspaceId}/features/intercept', 'GET /workspaces'),
    ('virtual_line', 'virtual_lines', '/telephony/config/virtualLines/{virtualLineId}/intercept',
     'GET /telephony/config/virtualLines'),
    ('location', 'locations', '/telephony/config/locations/{locationId}/intercept', 'GET /locations'),
)
OWNER_SITES = 10  # the locations the generated workspaces and virtual lines are spread over
LOCATION_READ = '/telephony/config/locations/{locationId}/intercept'


# The API path of the intercept of each kind of target (as the simulator's log has it) and its route.
INTERCEPT_PATHS = {
    'people': '/v1/people/%s/features/intercept',
    'workspaces': '/v1/workspaces/%s/features/intercept',
    'virtual_lines': '/v1/telephony/config/virtualLines/%s/intercept',
    'locations': '/v1/telephony/config/locations/%s/intercept',
}
INTERCEPT_ROUTES = ('/people/{personId}/features/intercept', '/workspaces/{workspaceId}/features/intercept',
                    '/telephony/config/virtualLines/{virtualLineId}/intercept', LOCATION_READ)


def owner_ids(simulator, sim_kind, location_id=None):
    """The home organization's Webex Calling targets of this kind (of one location if given): [(kind, id)]."""
    if sim_kind == 'people':
        items = [item for item in calling_people(simulator) if location_id in (None, item['locationId'])]
    elif sim_kind == 'workspaces':
        items = [item for item in simulator.workspaces(location_id=location_id) if item.get('locationId')]
    elif sim_kind == 'virtual_lines':
        items = simulator.virtual_lines(location_id=location_id)
    else:
        items = [item for item in simulator.locations() if location_id in (None, item['id'])]
    return [(sim_kind, item['id']) for item in items]


def owner_targets(simulator, sim_kind):
    """The paths of the intercept reads the info module of this kind must make (home organization), one per target."""
    return sorted(INTERCEPT_PATHS[kind] % owner_id for kind, owner_id in owner_ids(simulator, sim_kind))


def measure_owner_org(runner, args, name, sim_kind, read_route, list_route, owners, concurrency):
    """Row 9: a whole-organization info run of one other kind; each target read exactly once, else RuntimeError."""
    options = dict(people=0, latency=args.latency, locations=owners if name == 'location' else OWNER_SITES)
    if name != 'location':
        options[sim_kind] = owners
    with SimulatorProcess(**options) as simulator:
        targets = owner_targets(simulator, sim_kind)
        simulator.clear_counters()
        simulator.clear_log()
        extra_vars = dict(bench_kind=name, bench_concurrency=concurrency, bench_expected=len(targets))
        wall = runner.run('owner_info.yml', simulator, extra_vars)
        counters = simulator.counters()
        log = simulator.log()
    reads = sorted(entry['path'] for entry in log if entry['route'] == read_route)
    # Workspaces and virtual lines: besides, the intercept of each of their locations (does it override theirs?).
    location_reads = 0 if name == 'location' else sum(1 for entry in log if entry['route'] == LOCATION_READ)
    if reads != targets or any(entry['status'] != 200 for entry in log):
        raise RuntimeError('the whole-organization read of the %s did not read each exactly once' % sim_kind)
    bound = len(targets) * args.latency / concurrency
    return dict(kind=name, targets=len(targets), concurrency=concurrency, wall=wall, bound=bound, ratio=wall / bound,
                list_pages=counters['requests'].get(list_route, 0), location_reads=location_reads,
                max_in_flight=counters['max_in_flight'])


def measure_uri_loop(runner, simulator, sample):
    """Row 2: the uri loop, timed on a small and a larger sample; fixed cost + cost per person."""
    people = calling_people(simulator)
    small = max(1, sample // 10)
    walls = {}
    for size in (small, sample):
        ids = [person['id'] for person in people[:size]]
        walls[size] = runner.run('uri_loop.yml', simulator, dict(bench_person_ids=ids))
    per_person = (walls[sample] - walls[small]) / (sample - small)
    return dict(small=small, sample=sample, walls=walls, per_person=per_person, fixed=walls[small] - small * per_person)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_single_task(runner, simulator, repeat, loop_items=21):
    """Row 3: one module task on an unchanged person against one uri GET task.

    The whole playbook (one task, start-up included; median wall time and CPU time of ``repeat`` runs, the two
    playbooks taking turns) and the task alone: the difference between a playbook whose task loops ``loop_items``
    times and one whose task runs once, divided by ``loop_items - 1``.
    """
    person = calling_people(simulator)[0]
    simulator.set_intercept(person['id'], {'enabled': False})
    kinds = (('module', 'intercept_task.yml'), ('uri', 'uri_task.yml'))
    samples = dict((name, dict(one=[], cpu=[], many=[])) for name, dummy in kinds)
    for index in range(repeat):
        for name, playbook in kinds:
            base = dict(bench_person_id=person['id'], bench_enabled=False)
            one = runner.measure(playbook, simulator, dict(base, bench_repeat=1))
            samples[name]['one'].append(one['wall'])
            samples[name]['cpu'].append(one['cpu'])
            if index < max(1, repeat // 2):
                samples[name]['many'].append(runner.run(playbook, simulator, dict(base, bench_repeat=loop_items)))
    result = {}
    for name, dummy in kinds:
        one, many = statistics.median(samples[name]['one']), statistics.median(samples[name]['many'])
        result[name] = dict(playbook=one, cpu=statistics.median(samples[name]['cpu']), task=(many - one) / (loop_items - 1))
    result['playbook_ratio'] = result['module']['playbook'] / result['uri']['playbook']
    result['cpu_ratio'] = result['module']['cpu'] / result['uri']['cpu']
    result['task_ratio'] = result['module']['task'] / result['uri']['task']
    return result


def measure_calls(runner, simulator):
    """Row 4: API calls of one module task: unchanged by person_id, changed, unchanged by email."""
    people = calling_people(simulator)
    first, second = people[0], people[1]
    simulator.set_intercept(first['id'], {'enabled': False})
    simulator.set_intercept(second['id'], {'enabled': False})
    calls = {}
    cases = (
        ('unchanged', dict(bench_person_id=first['id'], bench_enabled=False)),
        ('changed', dict(bench_person_id=second['id'], bench_enabled=True)),
        ('by email', dict(bench_person_email=first['emails'][0], bench_enabled=False)),
    )
    for name, extra_vars in cases:
        simulator.clear_log()
        runner.run('intercept_task.yml', simulator, extra_vars)
        calls[name] = requests_by_route(simulator)
    return calls


def measure_rate_limited(runner, args):
    """Row 5: whole-organization info against a rate-limited simulator."""
    with SimulatorProcess(people=args.rate_people, latency=args.latency, rate_limit=args.rate_limit, retry_after=1) as simulator:
        people = calling_people(simulator)
        time.sleep(1.5)  # the token bucket starts full; let it be full, as after any idle time
        simulator.clear_log()
        simulator.clear_counters()
        wall = runner.run('org_info.yml', simulator, dict(bench_concurrency=args.rate_concurrency, bench_expected=len(people)))
        counters = simulator.counters()
        log = simulator.log()
    ok = sum(1 for entry in log if entry['status'] != 429)
    window = max(entry['time'] for entry in log) - min(entry['time'] for entry in log)
    return dict(people=len(people), limit=args.rate_limit, concurrency=args.rate_concurrency, wall=wall,
                total=counters['total'], ok=ok, rate_limited=counters['rate_limited'], window=window,
                share_wall=ok / wall / args.rate_limit, share_window=ok / window / args.rate_limit)


def unique_emails(people):
    """The emails of these people that name one person each (the seed has two accounts sharing one)."""
    emails = [person['emails'][0] for person in people]
    return [email for email in emails if emails.count(email) == 1]


def out_of_service_vars(emails, concurrency):
    """The survey of out_of_service.yml; the role's concurrency as an extra var (the default is 8)."""
    return dict(people=emails, new_number='+14085550123', zero_transfer='4100', intercept_concurrency=concurrency)


def write_counts(simulator):
    counters = simulator.counters()
    requests = counters['requests']
    return dict(pages=requests.get(LIST_ROUTE, 0), reads=requests.get(READ_ROUTE, 0), writes=requests.get(WRITE_ROUTE, 0),
                total=counters['total'], rate_limited=counters['rate_limited'], max_in_flight=counters['max_in_flight'])


def measure_write(runner, simulator, concurrency, latency):
    """Row 6: out_of_service.yml over everyone (every person differs), then again (compliant: no write)."""
    emails = sorted(unique_emails(calling_people(simulator)))
    simulator.clear_counters()
    simulator.clear_log()
    load = os.getloadavg()[0]
    wall = runner.run(OUT_OF_SERVICE, simulator, out_of_service_vars(emails, concurrency))
    first = write_counts(simulator)
    times = [entry['time'] for entry in simulator.log() if entry['route'] != '/people']
    first['rate'] = (len(times) - 1) / (max(times) - min(times))
    if first['reads'] != len(emails) or first['writes'] != len(emails):
        raise RuntimeError('the whole change made %d reads and %d writes for %d people; expected one of each per person'
                           % (first['reads'], first['writes'], len(emails)))
    bound = len(emails) * 2 * latency / concurrency + first['pages'] * latency
    simulator.clear_counters()
    again = runner.run(OUT_OF_SERVICE, simulator, out_of_service_vars(emails, concurrency))
    second = write_counts(simulator)
    return dict(people=len(emails), concurrency=concurrency, wall=wall, bound=bound, ratio=wall / bound, first=first,
                again=again, second=second, load=load, ideal_rate=concurrency / latency)


def measure_loop(runner, simulator, sample):
    """Row 7: the per-person loop of 1.0 on two disjoint samples of people who differ; fixed cost + cost per person."""
    people = [person for person in calling_people(simulator) if person['emails'][0].startswith('user')]
    small = max(1, sample // 10)
    walls = {}
    for size, chosen in ((small, people[:small]), (sample, people[small:small + sample])):
        simulator.clear_counters()
        walls[size] = runner.run('intercept_loop.yml', simulator, dict(bench_person_ids=[person['id'] for person in chosen]))
        if write_counts(simulator)['writes'] != size:
            raise RuntimeError('the per-person loop did not write each of its %d people once' % size)
    simulator.reset()
    per_person = (walls[sample] - walls[small]) / (sample - small)
    return dict(small=small, sample=sample, walls=walls, per_person=per_person, fixed=walls[small] - small * per_person)


def measure_rate_limited_write(runner, args):
    """Row 8: the whole change against a rate-limited simulator."""
    with SimulatorProcess(people=args.rate_people, latency=args.latency, rate_limit=args.rate_limit, retry_after=1) as simulator:
        emails = sorted(unique_emails(calling_people(simulator)))
        time.sleep(1.5)  # the token bucket starts full; let it be full, as after any idle time
        simulator.clear_log()
        simulator.clear_counters()
        wall = runner.run(OUT_OF_SERVICE, simulator, out_of_service_vars(emails, args.write_concurrency))
        counts = write_counts(simulator)
        log = simulator.log()
    ok = sum(1 for entry in log if entry['status'] != 429)
    window = max(entry['time'] for entry in log) - min(entry['time'] for entry in log)
    return dict(people=len(emails), limit=args.rate_limit, concurrency=args.write_concurrency, wall=wall,
                total=counts['total'], ok=ok, rate_limited=counts['rate_limited'], window=window, writes=counts['writes'],
                share_wall=ok / wall / args.rate_limit, share_window=ok / window / args.rate_limit)


# --- rows 10 and 11: the collection's playbooks as users run them -----------------------------------------------------

WHOLE_ORG = ('people', 'workspaces', 'virtual_lines')
SITE_NAME = 'Generated Site 01'  # the simulator is generated with one location: it holds the N generated people
LOCATION_PATH = '/v1/telephony/config/locations/'
NEW_NUMBER, ZERO_TRANSFER = '+14085550123', '4100'
DRIFT_EVERY = 10  # restore: one target in 10 (not the locations) is changed after the backup
STARTUP_PEOPLE = 0  # the start-up run: the seed organization alone (about 20 targets)

# name: the playbook (webex.calling.<name>); kinds: what it reads; scope: the whole organization, the site or the people
# listed by email; writes: nothing, every target or the drifted ones; fresh: starts from a freshly seeded simulator, else
# from where the row before left it; concurrency: the role variable of its concurrency.
PlaybookRow = collections.namedtuple('PlaybookRow', 'name kinds scope writes fresh concurrency')
PLAYBOOK_ROWS = (
    PlaybookRow('audit', WHOLE_ORG, 'org', 'none', True, 'intercept_audit_concurrency'),
    PlaybookRow('backup', WHOLE_ORG + ('locations',), 'org', 'none', True, 'intercept_backup_concurrency'),
    PlaybookRow('restore', WHOLE_ORG + ('locations',), 'org', 'drift', False, 'intercept_restore_concurrency'),
    PlaybookRow('out_of_service', ('people',), 'listed', 'all', True, 'intercept_concurrency'),
    PlaybookRow('back_in_service', ('people',), 'listed', 'all', False, 'intercept_concurrency'),
    PlaybookRow('close_site', WHOLE_ORG, 'site', 'all', True, 'intercept_concurrency'),
    PlaybookRow('reopen_site', WHOLE_ORG, 'site', 'all', False, 'intercept_concurrency'),
)
PLAYBOOK_LABELS = {'audit': ' (report_formats html,json)', 'restore': ' (10 % of the targets changed since the backup)',
                   'out_of_service': ' (every person by email)', 'back_in_service': ' (every person by email)',
                   'close_site': ' (the site of N people)', 'reopen_site': ' (the site of N people)'}


def resolve_cores(args):
    """The ansible-cores of --cores that are installed: [{name, ansible_playbook, python, ansible_core}]; each missing
    one is skipped with a line saying so (also returned: [{name, reason}])."""
    cores, skipped = [], []
    for name in args.cores:
        path = args.ansible_playbook if name == 'default' else os.path.join(
            REPO_ROOT, '.venv-core-%s' % name, 'bin', 'ansible-playbook')
        if not os.path.exists(path):
            reason = '%s not found (make venv CORE=%s creates it)' % (os.path.relpath(path, REPO_ROOT), name)
            sys.stderr.write('ansible-core %s: skipped, %s\n' % (name, reason))
            skipped.append(dict(name=name, reason=reason))
            continue
        python = os.path.join(os.path.dirname(path), 'python')
        versions = subprocess.check_output([python if os.path.exists(python) else sys.executable, '-c', (
            'import platform; from ansible.release import __version__; print(platform.python_version(), __version__)')],
            universal_newlines=True).split()
        cores.append(dict(name=name, ansible_playbook=path, python=versions[0], ansible_core=versions[1]))
    return cores, skipped


def playbook_vars(name, workdir, emails):
    """The extra vars a user gives each playbook (see the header of playbooks/<name>.yml)."""
    out_of_service = dict(new_number=NEW_NUMBER, zero_transfer=ZERO_TRANSFER)
    return {
        'audit': dict(report_dir=os.path.join(workdir, 'reports'), report_formats='html,json'),
        'backup': dict(backup_dir=os.path.join(workdir, 'backups')),
        'restore': dict(backup_dir=os.path.join(workdir, 'backups')),
        'out_of_service': dict(out_of_service, people=emails),
        'back_in_service': dict(people=emails),
        'close_site': dict(out_of_service, location_name=SITE_NAME),
        'reopen_site': dict(location_name=SITE_NAME),
    }[name]


def playbook_targets(simulator, row, emails):
    """The intercept paths of the targets this playbook row reads, sorted."""
    location_id = simulator.location_by_name(SITE_NAME)['id'] if row.scope == 'site' else None
    targets = [target for kind in row.kinds for target in owner_ids(simulator, kind, location_id)]
    if row.scope == 'listed':
        listed = set(person['id'] for person in calling_people(simulator) if person['emails'][0] in emails)
        targets = [target for target in targets if target[1] in listed]
    return sorted(INTERCEPT_PATHS[kind] % owner_id for kind, owner_id in targets)


def drift(simulator, paths):
    """Change one target in DRIFT_EVERY (not the locations) through the simulator's control API, turning its intercept
    on or off; return their paths."""
    by_path = dict((INTERCEPT_PATHS[kind] % owner_id, (kind, owner_id)) for kind in WHOLE_ORG
                   for dummy, owner_id in owner_ids(simulator, kind))
    changed = [path for path in paths if not path.startswith(LOCATION_PATH)][::DRIFT_EVERY]
    for path in changed:
        kind, owner_id = by_path[path]
        enabled = simulator.get_intercept(owner_id, kind=kind).get('enabled')
        simulator.patch_intercept(owner_id, {'enabled': not enabled}, kind=kind)
    return changed


def check_requests(name, log, targets, written):
    """Raise unless the run read each target exactly once (a location's own intercept at least once), wrote each path of
    ``written`` exactly once and nothing else, and got no error answer."""
    reads = [entry['path'] for entry in log if entry['method'] == 'GET' and entry['route'] in INTERCEPT_ROUTES]
    once = sorted(path for path in reads if not path.startswith(LOCATION_PATH))
    wanted = sorted(path for path in targets if not path.startswith(LOCATION_PATH))
    writes = sorted(entry['path'] for entry in log if entry['method'] != 'GET')
    problems = []
    errors = [entry for entry in log if entry['status'] >= 400]
    if errors:
        problems.append('%d error answers, the first %s %s %d' % (
            len(errors), errors[0]['method'], errors[0]['path'], errors[0]['status']))
    if once != wanted:
        problems.append('%d reads of %d distinct owners, for %d targets to read once each' % (
            len(once), len(set(once)), len(wanted)))
    if not set(targets) <= set(reads):
        problems.append('%d targets not read' % len(set(targets) - set(reads)))
    if writes != sorted(written):
        problems.append('%d writes (%d distinct), for %d targets to write once each' % (
            len(writes), len(set(writes)), len(written)))
    if problems:
        raise RuntimeError('webex.calling.%s: %s' % (name, '; '.join(problems)))


def api_bound(log, latency, concurrency):
    """What the API alone needs for this run: each distinct intercept read or write (latency / concurrency), and each
    other distinct request (listing pages and lookups, latency each: one after the other). Repeated requests are not in
    it; they are counted."""
    seen = set()
    counts = dict(parallel=0, serial=0, repeated=0)
    for entry in log:
        key = (entry['method'], entry['path'], json.dumps(entry['query'], sort_keys=True))
        if key in seen:
            counts['repeated'] += 1
            continue
        seen.add(key)
        counts['parallel' if entry['route'] in INTERCEPT_ROUTES else 'serial'] += 1
    return dict(counts, bound=counts['parallel'] * latency / concurrency + counts['serial'] * latency)


def measure_playbook(runner, simulator, row, args, workdir, emails):
    """Row 10: one playbook run as users run it, timed, checked against the simulator's log, with its API bound."""
    targets = playbook_targets(simulator, row, emails)
    written = []
    if row.writes == 'drift':
        written = drift(simulator, targets)
    elif row.writes == 'all':
        written = targets
    simulator.clear_log()
    load = os.getloadavg()[0]
    extra_vars = dict(playbook_vars(row.name, workdir, emails), **{row.concurrency: args.playbook_concurrency})
    measured = runner.measure('webex.calling.' + row.name, simulator, extra_vars)
    log = simulator.log()
    check_requests(row.name, log, targets, written)
    bound = api_bound(log, args.latency, args.playbook_concurrency)
    reads = sum(1 for entry in log if entry['method'] == 'GET' and entry['route'] in INTERCEPT_ROUTES)
    return dict(measured, **dict(bound, playbook=row.name, targets=len(targets), reads=reads, writes=len(written), load=load,
                concurrency=args.playbook_concurrency, ratio=measured['wall'] / bound['bound']))


def measure_playbooks(runner, simulator, args, core, generated):
    """Rows 10: every playbook of PLAYBOOK_ROWS in turn on this simulator, with one ansible-core."""
    workdir = tempfile.mkdtemp(prefix='playbooks-%d-' % generated, dir=runner.workdir)
    results = []
    for row in PLAYBOOK_ROWS:
        if row.fresh:
            simulator.reset()
        emails = sorted(unique_emails(calling_people(simulator)))
        sys.stderr.write('N = %d, ansible-core %s: webex.calling.%s\n' % (generated, core['ansible_core'], row.name))
        results.append(dict(measure_playbook(runner, simulator, row, args, workdir, emails), generated=generated,
                            core=core['name'], ansible_core=core['ansible_core'], python=core['python']))
    return results


def add_startup(rows):
    """Give each playbook row the start-up of its playbook and core (its run on the seed organization alone), and its
    CPU seconds per 1,000 targets beyond that run's."""
    startup = dict(((row['core'], row['playbook']), row) for row in rows if row['generated'] == STARTUP_PEOPLE)
    for row in rows:
        base = startup[(row['core'], row['playbook'])]
        row['startup'], row['startup_cpu'] = base['wall'], base['cpu']
        extra = row['targets'] - base['targets']
        row['cpu_per_1000'] = (row['cpu'] - base['cpu']) / extra * 1000 if extra > 0 else None


def measure_playbook_rows(args, workdir):
    """Rows 10 and 11 on each ansible-core of --cores: the start-up run, then one per N of --people."""
    cores, skipped = resolve_cores(args)
    runners = dict((core['name'], Runner(os.path.join(workdir, 'core-' + core['name']), core['ansible_playbook']))
                   for core in cores)
    rows = []
    # The first runs of an ansible-core are slower (Python compiles and caches its bytecode): a warm-up pass, not kept.
    for generated, keep in [(STARTUP_PEOPLE, False), (STARTUP_PEOPLE, True)] + [(people, True) for people in args.people]:
        with SimulatorProcess(people=generated, locations=1, latency=args.latency) as simulator:
            for core in cores:
                measured = measure_playbooks(runners[core['name']], simulator, args, core, generated)
                rows.extend(measured if keep else ())
    add_startup(rows)
    return dict(cores=cores, skipped_cores=skipped, playbooks=rows)


def describe_calls(counts):
    parts = []
    for route, label in ((LIST_ROUTE, 'GET /people'), (READ_ROUTE, 'GET'), (WRITE_ROUTE, 'PUT'),
                         (LOCATION_ROUTE, 'GET location intercept')):
        number = sum(value for key, value in counts.items() if key.startswith(route + ' '))
        if number:
            parts.append('%d %s' % (number, label))
    others = sum(value for key, value in counts.items()
                 if not key.startswith((LIST_ROUTE + ' ', READ_ROUTE + ' ', WRITE_ROUTE + ' ', LOCATION_ROUTE + ' ')))
    if others:
        parts.append('%d other' % others)
    return ' + '.join(parts) or 'none'


def machine():
    try:
        from ansible.release import __version__ as ansible_version  # pylint: disable=import-outside-toplevel
    except ImportError:
        ansible_version = 'unknown'
    return '%d CPU (%s), %s, Python %s, ansible-core %s' % (
        os.cpu_count() or 0, cpu_model(), platform.system(), platform.python_version(), ansible_version)


def verdict(ok):
    return 'yes' if ok else '**no**'


def table_rows(args, results):
    """The rows of the table of every measurement, in order: (#, measurement, N, measured, reference, ratio, target,
    met), in Markdown (``code``: backquotes)."""
    ms = args.latency * 1000
    rows = []
    if results.get('org'):
        uri = results['uri']
        for org in results['org']:
            people = org['people']
            rows.append(('1', 'whole-org `webex_person_intercept_info`, concurrency %d' % org['concurrency'], people,
                         '%.1f s' % org['wall'],
                         'bound %.2f s = %d x %g ms / %d' % (org['bound'], people, ms, org['concurrency']),
                         '%.2f x bound' % org['ratio'], '<= 1.5', verdict(org['ratio'] <= 1.5)))
            if org['concurrency'] != args.concurrency[0]:
                continue
            estimate = uri['fixed'] + people * uri['per_person']
            speedup = estimate / org['wall']
            judged = org['generated'] == 1000
            rows.append(('2', '`ansible.builtin.uri` loop, one task run per person, **extrapolated** (%.2f s + N x %.0f ms, '
                              'fitted on runs over %d and %d people)' % (uri['fixed'], uri['per_person'] * 1000, uri['small'], uri['sample']),
                         people, '%.0f s (estimate)' % estimate, 'info module, concurrency %d: %.1f s' % (org['concurrency'], org['wall']),
                         'info %.0f x faster' % speedup, '>= 20 x at N = 1,000' if judged else '-', verdict(speedup >= 20) if judged else '-'))
        single = results['single']
        rows.append(('3', 'one `webex_person_intercept` task (unchanged person, person_id) vs one `uri` GET task: whole playbook, '
                          'median of %d runs' % args.repeat, 1,
                     '%.2f s (CPU %.2f s)' % (single['module']['playbook'], single['module']['cpu']),
                     'uri %.2f s (CPU %.2f s)' % (single['uri']['playbook'], single['uri']['cpu']),
                     '%.2f x (CPU %.2f x)' % (single['playbook_ratio'], single['cpu_ratio']), '<= 1.3', verdict(single['playbook_ratio'] <= 1.3)))
        rows.append(('3', 'the same, the task alone (loop of 21 runs minus loop of 1, / 20)', 1,
                     '%.0f ms' % (single['module']['task'] * 1000), 'uri %.0f ms' % (single['uri']['task'] * 1000),
                     '%.2f x' % single['task_ratio'], '<= 1.3', verdict(single['task_ratio'] <= 1.3)))
        # By person_id, the person is looked up (GET /people?id=) for the location whose intercept may override theirs.
        expected = {'unchanged': '1 GET /people + 1 GET + 1 GET location intercept',
                    'changed': '1 GET /people + 1 GET + 1 PUT + 1 GET location intercept',
                    'by email': '1 GET /people + 1 GET + 1 GET location intercept'}
        for name, counts in results['calls'].items():
            text = describe_calls(counts)
            rows.append(('4', 'API calls of one `webex_person_intercept` task, %s' % name, 1, text, '', '', expected[name],
                         verdict(text == expected[name])))
        rate = results['rate']
        rows.append(('5', 'rate limit %g req/s, concurrency %d: successful requests / time, from the first to the last request '
                          '(and over the whole playbook)' % (rate['limit'], rate['concurrency']),
                     rate['people'], '%d in %.1f s (%.1f s)' % (rate['ok'], rate['window'], rate['wall']),
                     'limit %g req/s' % rate['limit'], '%.0f%% (%.0f%%) of the limit' % (rate['share_window'] * 100, rate['share_wall'] * 100),
                     '>= 85%', verdict(rate['share_window'] >= 0.85)))
        share = rate['rate_limited'] / float(rate['total'])
        rows.append(('5', '429 answers in that run', rate['people'], '%d of %d requests' % (rate['rate_limited'], rate['total']), '',
                     '%.2f%%' % (share * 100), '< 2%', verdict(share < 0.02)))
    for write in results.get('write', []):
        people = write['people']
        rows.append(('6', 'whole change through `webex.calling.out_of_service` (the `intercept` role, one `webex_intercepts` '
                          'task), every person differs, concurrency %d' % write['concurrency'], people,
                     '%.1f s (%d GET, %d PUT, %d listing pages)' % (
                         write['wall'], write['first']['reads'], write['first']['writes'], write['first']['pages']),
                     'bound %.2f s = %d x 2 x %g ms / %d + %d pages x %g ms' % (
                         write['bound'], people, ms, write['concurrency'], write['first']['pages'], ms),
                     '%.2f x bound' % write['ratio'], '<= 1.5', verdict(write['ratio'] <= 1.5)))
        rows.append(('6', 'the same run again (compliant)', people, '%.1f s, %d PUT' % (write['again'], write['second']['writes']),
                     '%d GET, %d listing pages' % (write['second']['reads'], write['second']['pages']), '',
                     'no write', verdict(write['second']['writes'] == 0)))
        loop = results.get('loop')
        if loop:
            estimate = loop['fixed'] + people * loop['per_person']
            speedup = estimate / write['wall']
            judged = write['generated'] == 1000
            rows.append(('7', 'per-person loop of 1.0 (one `webex_person_intercept` task run per person, IDs given), '
                              '**extrapolated** (%.2f s + N x %.0f ms, fitted on runs over %d and %d people)' % (
                                  loop['fixed'], loop['per_person'] * 1000, loop['small'], loop['sample']),
                         people, '%.0f s (estimate)' % estimate, 'bulk: %.1f s' % write['wall'],
                         'bulk %.0f x faster' % speedup, '>= 20 x at N = 1,000' if judged else '-',
                         verdict(speedup >= 20) if judged else '-'))
    rate = results.get('write_rate')
    if rate:
        rows.append(('8', 'rate limit %g req/s, whole change at concurrency %d: successful requests / time, from the first '
                          'to the last request (and over the whole playbook)' % (rate['limit'], rate['concurrency']),
                     rate['people'], '%d in %.1f s (%.1f s)' % (rate['ok'], rate['window'], rate['wall']),
                     'limit %g req/s' % rate['limit'],
                     '%.0f%% (%.0f%%) of the limit' % (rate['share_window'] * 100, rate['share_wall'] * 100), '>= 85%',
                     verdict(rate['share_window'] >= 0.85)))
        share = rate['rate_limited'] / float(rate['total'])
        rows.append(('8', '429 answers in that run', rate['people'], '%d of %d requests' % (rate['rate_limited'], rate['total']),
                     '', '%.2f%%' % (share * 100), '< 2%', verdict(share < 0.02)))
    for owner in results.get('owners', []):
        extra = ', %d location intercept reads' % owner['location_reads'] if owner['location_reads'] else ''
        what = 'whole-org `webex_%s_intercept_info`, concurrency %d (%d listing pages%s)' % (
            owner['kind'], owner['concurrency'], owner['list_pages'], extra)
        rows.append(('9', what, owner['targets'], '%.1f s' % owner['wall'],
                     'bound %.2f s = %d x %g ms / %d' % (owner['bound'], owner['targets'], ms, owner['concurrency']),
                     '%.2f x bound' % owner['ratio'], '<= 1.5', verdict(owner['ratio'] <= 1.5)))
    rows.extend(playbook_table_rows(results, ms))
    rows.extend(bench_eda.table_rows(results.get('eda'), verdict))
    rows.extend(bench_estate.table_rows(results.get('estate')))
    return sorted(rows, key=lambda row: int(row[0]))


TABLE_HEADER = ('#', 'measurement', 'N', 'measured', 'reference', 'ratio', 'target', 'met')


def markdown_table(rows):
    lines = ['| %s |' % ' | '.join(TABLE_HEADER), '| --- | --- | ---: | --- | --- | --- | --- | --- |']
    for row in rows:
        lines.append('| %s |' % ' | '.join(str(cell) for cell in row))
    return '\n'.join(lines)


def rst_inline(text):
    """Markdown's inline code (`x`) as reStructuredText's (``x``); a lone "-" escaped."""
    text = re.sub(r'(?<!`)`([^`]+)`(?!`)', r'``\1``', str(text))
    return '\\-' if text == '-' else text


def rst_table(rows):
    """The rows as a reStructuredText list-table."""
    lines = ['.. list-table::', '   :header-rows: 1', '']
    for row in [TABLE_HEADER] + list(rows):
        lines.extend(('   * - ' if index == 0 else '     - ') + rst_inline(cell) for index, cell in enumerate(row))
    return '\n'.join(line.rstrip() for line in lines)


def playbook_goal(row):
    """(allowed wall time, the target's text) of a playbook row: at most 2 x its bound below N = 5,000 and 1.5 x from
    there; the audit below N = 5,000: 1.5 x its bound plus its start-up."""
    if row['generated'] >= 5000:
        return 1.5 * row['bound'], '<= 1.5 x bound'
    if row['playbook'] == 'audit':
        allowed = 1.5 * row['bound'] + row['startup']
        return allowed, '<= 1.5 x bound + start-up = %.1f s' % allowed
    return 2 * row['bound'], '<= 2 x bound'


def playbook_table_rows(results, ms):
    """Row 10, each playbook run against its bound; row 11, its CPU per 1,000 targets from the smallest N to the largest."""
    rows = []
    measured = [row for row in results.get('playbooks', []) if row['generated'] != STARTUP_PEOPLE]
    for row in measured:
        allowed, target = playbook_goal(row)
        repeated = ', %d repeated requests' % row['repeated'] if row['repeated'] else ''
        rows.append(('10', '`ansible-playbook webex.calling.%s`%s, ansible-core %s, concurrency %d' % (
            row['playbook'], PLAYBOOK_LABELS.get(row['playbook'], ''), row['ansible_core'], row['concurrency']),
            row['targets'], '%.1f s (%d GET, %d PUT%s), CPU %.1f s (%s s per 1,000 targets beyond start-up)' % (
                row['wall'], row['reads'], row['writes'], repeated, row['cpu'], cpu_text(row['cpu_per_1000'])),
            'bound %.2f s = %d x %g ms / %d + %d x %g ms; start-up %.1f s (CPU %.1f s)' % (
                row['bound'], row['parallel'], ms, row['concurrency'], row['serial'], ms, row['startup'],
                row['startup_cpu']),
            '%.2f x bound' % row['ratio'], target, verdict(row['wall'] <= allowed)))
    series = collections.OrderedDict()
    for row in measured:
        series.setdefault((row['playbook'], row['ansible_core']), []).append(row)
    for (playbook, core), runs in series.items():
        first, last = min(runs, key=lambda run: run['targets']), max(runs, key=lambda run: run['targets'])
        if first is last or first['cpu_per_1000'] is None or last['cpu_per_1000'] is None:
            continue
        # Not judged when the smaller run's CPU time does not exceed its start-up's: the noise is larger than it.
        change = last['cpu_per_1000'] / first['cpu_per_1000'] - 1 if first['cpu_per_1000'] > 0 else None
        rows.append(('11', 'CPU seconds per 1,000 targets beyond start-up, `webex.calling.%s`, ansible-core %s' % (
            playbook, core), '%d to %d' % (first['targets'], last['targets']), '%.2f s to %.2f s' % (
                first['cpu_per_1000'], last['cpu_per_1000']), '', '-' if change is None else '%+.0f %%' % (change * 100),
            'within 20 %', '-' if change is None else verdict(abs(change) <= 0.2)))
    return rows


def cpu_text(value):
    return '-' if value is None else '%.2f' % value


def notes(results):
    """What the table's numbers include, and whether the simulator kept up."""
    lines = []
    if results.get('org'):
        pages = {}
        for org in results['org']:
            pages.setdefault(org['people'], org['list_pages'])
        lines.append('- Every time is a whole `ansible-playbook` run, Ansible start-up included. The lower bound (row 1) '
                     'counts the intercept reads only; the people listing pages (GET /people, one after the other: %s) are '
                     'not in it.' % ', '.join('%d for N = %d' % (count, people) for people, count in sorted(pages.items())))
        lines.append('- The `uri` baseline is given the person IDs (no listing), which favours it; its time per person is '
                     'extrapolated from two sample runs, not measured on the whole organization.')
        lines.append('- Simulator check (is it the bottleneck?): reads served per second during the read phase, against '
                     'concurrency / latency: %s.' % '; '.join(
                         'N = %d, concurrency %d: %.0f of %.0f/s, at most %d in flight'
                         % (org['people'], org['concurrency'], org['read_rate'], org['ideal_rate'], org['max_in_flight'])
                         for org in results['org']))
    if results.get('write'):
        lines.append('- Write rows: `ansible-playbook webex.calling.out_of_service -e people=<every email>` as a user runs it '
                     '(check of the list, then one `webex_intercepts` task); the bound counts one GET and one PUT per '
                     'person at the concurrency, plus the people listing pages one after the other. The simulator checks '
                     'that the first run read and wrote each person exactly once.')
    if results.get('write'):
        lines.append('- Simulator and client check (is the machine the bottleneck?): GET and PUT served per second during the '
                     'first run, against concurrency / latency: %s.' % '; '.join(
                         'N = %d: %.0f of %.0f/s, at most %d in flight, load average %.1f when it started'
                         % (write['people'], write['first']['rate'], write['ideal_rate'], write['first']['max_in_flight'],
                            write['load']) for write in results['write']))
    if results.get('loop'):
        lines.append('- The per-person loop of 1.0 is given the person IDs (no bulk read first, which 1.0\'s roles did), '
                     'which favours it; extrapolated from two sample runs on people who differ.')
    lines.extend(playbook_notes(results))
    return '\n'.join(lines)


def playbook_notes(results):
    """What rows 10 and 11 measure, and the ansible-cores skipped."""
    lines = []
    if results.get('playbooks'):
        lines.append('- Rows 10 and 11: the collection\'s playbooks as users run them, `ansible-playbook webex.calling.<name>` '
                     'with the extra vars of its header (and the role\'s concurrency), on a simulator with N generated people '
                     'at one location, "%s" (the site of close_site and reopen_site, with 4 workspaces and 2 virtual lines), '
                     'besides the seed organization. audit, backup, out_of_service and close_site start from a freshly '
                     'seeded simulator; restore follows backup, after one target in %d was changed through the simulator\'s '
                     'control API; back_in_service and reopen_site follow their twins, so that every target differs. N is '
                     'the number of targets the playbook reads.' % (SITE_NAME, DRIFT_EVERY))
        lines.append('- Their bound: each distinct intercept read and write at the concurrency, plus each other distinct '
                     'request (listing pages, lookups of the organization and the locations) one after the other, at the '
                     'simulator\'s latency; repeated requests are not in it. The script checks in the simulator\'s log '
                     'that each target was read exactly once (a location\'s own intercept at least once), that exactly the '
                     'targets that differ were written, once each, and that no request failed.')
        lines.append('- Start-up: the same playbook with the same ansible-core on the seed organization alone (about 20 '
                     'targets). CPU time is that of the whole `ansible-playbook` process tree; per 1,000 targets, it counts '
                     'the CPU time and the targets beyond the start-up run\'s.')
    for core in results.get('skipped_cores', []):
        lines.append('- ansible-core %s: skipped, %s.' % (core['name'], core['reason']))
    lines.extend(bench_eda.notes(results.get('eda')))
    return lines


def summary(results):
    """One paragraph: when, how, on what machine, with which Pythons and ansible-cores, how long."""
    text = ('Run on %s with `%s`. Machine: %s; load average %.1f at the start, %.1f at the end. Simulator latency %g ms '
            'per API request. The benchmark took %.0f s.' % (
                results['date'], results['command'], results['machine'], results['load_before'][0],
                results['load_after'][0], results['latency'] * 1000, results['elapsed']))
    if results.get('cores'):
        text += ' Rows 10 and 11 ran with %s.' % ', '.join(
            'ansible-core %s (Python %s, %s)' % (core['ansible_core'], core['python'], core['name'])
            for core in results['cores'])
    return text


# The guide's generated section of a run (lines .. BEGIN GENERATED: <name> and .. END GENERATED: <name>): rows 12
# and 13 run alone keep a section of their own, so that measuring one of them leaves the other rows' figures.
GUIDE_SECTION = 'bench'
GUIDE_SECTIONS = {'eda': 'bench-eda', 'estate': 'bench-estate'}


def write_guide(path, args, results):
    """Write the results (summary, table, notes) into the generated section of ``--rows`` in the guide at ``path``."""
    content = '\n\n'.join((rst_inline(summary(results)), rst_table(table_rows(args, results)),
                           '\n'.join(rst_inline(line) for line in notes(results).split('\n'))))
    write_generated(path, GUIDE_SECTIONS.get(args.rows, GUIDE_SECTION), content)


def main(argv=None):
    args = parse_args(argv)
    results = dict(org=[], machine=machine(), latency=args.latency, load_before=os.getloadavg(),
                   date=time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
                   command=' '.join(['python benchmarks/bench.py'] + list(sys.argv[1:] if argv is None else argv)))
    workdir = tempfile.mkdtemp(prefix='webex-bench-')
    runner = Runner(workdir, args.ansible_playbook)
    started = time.monotonic()
    reads, writes = args.rows in ('all', 'read'), args.rows in ('all', 'write')
    for index, people in enumerate(args.people if reads or writes else ()):
        with SimulatorProcess(people=people, latency=args.latency) as simulator:
            for concurrency in args.concurrency if reads else ():
                sys.stderr.write('N = %d: whole-organization info, concurrency %d\n' % (people, concurrency))
                results['org'].append(dict(measure_org(runner, simulator, concurrency, args.latency), generated=people))
            if index == 0 and reads:
                sys.stderr.write('uri loop on samples\n')
                results['uri'] = measure_uri_loop(runner, simulator, args.uri_sample)
                sys.stderr.write('single tasks\n')
                results['single'] = measure_single_task(runner, simulator, args.repeat)
                sys.stderr.write('API calls per person\n')
                results['calls'] = measure_calls(runner, simulator)
            if index == 0 and writes:
                simulator.reset()
                sys.stderr.write('per-person loop of 1.0 on samples\n')
                results['loop'] = measure_loop(runner, simulator, args.loop_sample)
            if writes:
                simulator.reset()
                sys.stderr.write('N = %d: whole change through out_of_service.yml, then again\n' % people)
                results.setdefault('write', []).append(dict(
                    measure_write(runner, simulator, args.write_concurrency, args.latency), generated=people))
    if reads:
        sys.stderr.write('rate limit\n')
        results['rate'] = measure_rate_limited(runner, args)
    if writes:
        sys.stderr.write('rate limit, write side\n')
        results['write_rate'] = measure_rate_limited_write(runner, args)
    if args.rows in ('all', 'owners'):
        for owners in args.owners:
            for name, sim_kind, read_route, list_route in OWNER_KINDS:
                sys.stderr.write('N = %d %s: whole-organization info, concurrency %d\n' % (
                    owners, sim_kind, args.concurrency[0]))
                results.setdefault('owners', []).append(measure_owner_org(
                    runner, args, name, sim_kind, read_route, list_route, owners, args.concurrency[0]))
    if args.rows in ('all', 'playbooks'):
        results.update(measure_playbook_rows(args, workdir))
    if args.rows in ('all', 'eda'):
        sys.stderr.write('EDA: %d changes in Control Hub, poll interval %g s\n' % (args.eda_changes, args.eda_interval))
        results['eda'] = bench_eda.measure_eda(args.ansible_playbook, runner.collections, workdir, args.latency,
                                               args.eda_interval, args.eda_changes, args.people[0])
    if args.rows == 'estate':
        sys.stderr.write('estate: %d organizations x %d people, out_of_service (a), (b), (c)\n' % (
            args.estate_orgs, args.estate_people))
        results['estate'] = bench_estate.measure_estate(runner, args, SimulatorProcess)
    results['elapsed'] = time.monotonic() - started
    results['load_after'] = os.getloadavg()
    if args.json_path:
        if os.path.dirname(args.json_path):
            os.makedirs(os.path.dirname(args.json_path), exist_ok=True)
        with open(args.json_path, 'w') as handle:
            json.dump(results, handle, indent=2)
    print(summary(results))
    print('')
    print(markdown_table(table_rows(args, results)))
    print('')
    print(notes(results))
    if args.guide:
        write_guide(args.guide, args, results)
        sys.stderr.write('results written into %s\n' % args.guide)
    return 0


if __name__ == '__main__':
    sys.exit(main())
