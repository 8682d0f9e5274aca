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
   lower bound as people, N x latency / concurrency.

Usage: python benchmarks/bench.py [--people 1000 5000] [--latency 0.05] (``make bench``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import platform
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

from webex_simulator import SimulatorProcess  # noqa: E402 pylint: disable=wrong-import-position

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
    parser.add_argument('--rows', choices=('all', 'read', 'write', 'owners'), default='all',
                        help='read rows (1 to 5), write rows (6 to 8) or all (default)')
    parser.add_argument('--write-concurrency', type=int, default=8, help='concurrency of the write rows (default 8)')
    parser.add_argument('--loop-sample', type=int, default=100,
                        help='people the per-person loop changes; extrapolated to N (default 100)')
    parser.add_argument('--ansible-playbook', default=os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
                        help='ansible-playbook to run (default: the one beside this Python)')
    parser.add_argument('--owners', type=int, nargs='+', default=[1000],
                        help='N of each other owner kind (workspaces, virtual lines, locations) for row 9 (default 1000)')
    parser.add_argument('--json', dest='json_path', help='also write the raw measurements to this file')
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

    def run(self, playbook, simulator, extra_vars=None):
        """Run a playbook; return its wall time in seconds. Raise when it fails."""
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
            ANSIBLE_PYTHON_INTERPRETER=sys.executable,
            ANSIBLE_HOME=os.path.join(self.workdir, 'ansible-home'),
            ANSIBLE_NOCOLOR='1',
            ANSIBLE_RETRY_FILES_ENABLED='0',
            ANSIBLE_LOCALHOST_WARNING='0',
            ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
            WEBEX_API_URL=simulator.url,
            WEBEX_ACCESS_TOKEN=simulator.admin_token,
        )
        start = time.monotonic()
        process = subprocess.run(command, env=environment, cwd=self.workdir, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, universal_newlines=True, check=False)
        wall = time.monotonic() - start
        if process.returncode != 0:
            raise RuntimeError('%s failed (rc %d):\n%s' % (playbook, process.returncode, process.stdout[-3000:]))
        return wall


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


def owner_targets(simulator, sim_kind):
    """The paths of the intercept reads the info module of this kind must make (home organization), one per target."""
    if sim_kind == 'locations':
        return sorted('/v1/telephony/config/locations/%s/intercept' % item['id'] for item in simulator.locations())
    if sim_kind == 'workspaces':
        return sorted('/v1/workspaces/%s/features/intercept' % item['id'] for item in simulator.workspaces()
                      if item.get('locationId'))
    return sorted('/v1/telephony/config/virtualLines/%s/intercept' % item['id'] for item in simulator.virtual_lines())


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
            cpu = children_cpu()
            samples[name]['one'].append(runner.run(playbook, simulator, dict(base, bench_repeat=1)))
            samples[name]['cpu'].append(children_cpu() - cpu)
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
    model = 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as handle:
            for line in handle:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except (IOError, OSError):
        pass
    try:
        from ansible.release import __version__ as ansible_version  # pylint: disable=import-outside-toplevel
    except ImportError:
        ansible_version = 'unknown'
    return '%d CPU (%s), %s, Python %s, ansible-core %s' % (
        os.cpu_count() or 0, model, platform.system(), platform.python_version(), ansible_version)


def verdict(ok):
    return 'yes' if ok else '**no**'


def table(args, results):
    """The Markdown table of every measurement."""
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
    lines = ['| # | measurement | N | measured | reference | ratio | target | met |',
             '| --- | --- | ---: | --- | --- | --- | --- | --- |']
    for row in sorted(rows, key=lambda row: row[0]):
        lines.append('| %s |' % ' | '.join(str(cell) for cell in row))
    return '\n'.join(lines)


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
    return '\n'.join(lines)


def main(argv=None):
    args = parse_args(argv)
    results = dict(org=[], machine=machine(), latency=args.latency, load_before=os.getloadavg())
    workdir = tempfile.mkdtemp(prefix='webex-bench-')
    runner = Runner(workdir, args.ansible_playbook)
    started = time.monotonic()
    reads, writes = args.rows in ('all', 'read'), args.rows in ('all', 'write')
    for index, people in enumerate(args.people if args.rows != 'owners' else ()):
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
    results['elapsed'] = time.monotonic() - started
    results['load_after'] = os.getloadavg()
    if args.json_path:
        if os.path.dirname(args.json_path):
            os.makedirs(os.path.dirname(args.json_path), exist_ok=True)
        with open(args.json_path, 'w') as handle:
            json.dump(results, handle, indent=2)
    print('Simulator latency %g ms per API request. Machine: %s; load average %.1f before, %.1f after. The benchmark took %.0f s.'
          % (args.latency * 1000, results['machine'], results['load_before'][0], results['load_after'][0], results['elapsed']))
    print('')
    print(table(args, results))
    print('')
    print(notes(results))
    return 0


if __name__ == '__main__':
    sys.exit(main())
