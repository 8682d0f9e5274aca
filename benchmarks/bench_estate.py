# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark rows of a partner estate (bench.py --rows estate): every person of every customer organization changed
through webex.calling.out_of_service on the hosts of the webex.calling.webex inventory.

(a) one organization at a time in one process (forks 1, the partner's token);
(b) hosts = organizations, forks 5, each organization with its own token (host variables);
(c) the same with the partner's one token, the simulator limiting each token, the processes' shared gate set to it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import math
import os
import subprocess
import time

OUT_OF_SERVICE = 'webex.calling.out_of_service'
INTERCEPT_ROUTE = '/people/{personId}/features/intercept'
PAGE = 100  # people per listing page the bulk module asks for


def add_arguments(parser):
    parser.add_argument('--estate-orgs', type=int, default=20, help='customer organizations of the estate rows (default 20)')
    parser.add_argument('--estate-people', type=int, default=250, help='people per organization (default 250)')
    parser.add_argument('--estate-forks', type=int, default=5, help='forks of rows (b) and (c) (default 5)')
    parser.add_argument('--estate-rate-limit', type=float, default=40.0,
                        help='requests/s the simulator allows each token in row (c) (default 40)')


def write_estate(workdir, simulator, people, per_org_tokens):
    """The inventory file and host_vars: each organization host with its people (and its own token)."""
    os.makedirs(os.path.join(workdir, 'host_vars'), exist_ok=True)
    path = os.path.join(workdir, 'estate.webex.yml')
    with open(path, 'w') as handle:
        json.dump({'plugin': 'webex.calling.webex', 'partner': True, 'hosts': 'organizations',
                   'include_organizations': ['Customer Org *']}, handle)
    for number, org in enumerate(simulator.info['customer_orgs'], 1):
        host_vars = {'people': ['user%04d@%s.example.org' % (index, org['key']) for index in range(1, people + 1)]}
        if per_org_tokens:
            host_vars['webex_access_token'] = org['token']
        with open(os.path.join(workdir, 'host_vars', 'customer-org-%02d.yml' % number), 'w') as handle:
            json.dump(host_vars, handle)
    return path


def run_estate(runner, simulator, workdir, inventory, forks, env=None):
    """out_of_service on every organization host; {wall, cpu}. Raise when it fails."""
    command = [runner.ansible_playbook, '-i', inventory, OUT_OF_SERVICE, '-e', 'webex_hosts=webex_organizations',
               '--forks', str(forks)]
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=runner.collections,
                       ANSIBLE_HOME=os.path.join(workdir, 'ansible-home'), ANSIBLE_NOCOLOR='1',
                       ANSIBLE_INVENTORY_UNPARSED_FAILED='1', WEBEX_API_URL=simulator.url,
                       WEBEX_ACCESS_TOKEN=simulator.admin_token, **(env or {}))
    start = time.monotonic()
    process = subprocess.run(command, env=environment, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, check=False)
    wall = time.monotonic() - start
    if process.returncode != 0:
        raise RuntimeError('estate out_of_service failed (rc %d):\n%s' % (process.returncode, process.stdout[-3000:]))
    return wall


def check_and_count(simulator, expected):
    """Every person written exactly once with success; the counts of the simulator's log."""
    log = simulator.log()
    written = {}
    for entry in log:
        if entry['method'] == 'PUT' and entry['route'] == INTERCEPT_ROUTE and entry['status'] < 400:
            written[entry['path']] = written.get(entry['path'], 0) + 1
    if len(written) != expected or set(written.values()) != {1}:
        raise RuntimeError('estate: %d people written (%s times each), expected %d once each' % (
            len(written), sorted(set(written.values())), expected))
    answered = [entry for entry in log if entry['status'] != 429]
    times = [entry['time'] for entry in answered]
    return dict(requests=len(answered), rate_limited=len(log) - len(answered),
                failed=sum(1 for entry in answered if entry['status'] >= 400),
                span=(max(times) - min(times)) if times else 0.0)


def api_bound(orgs, people, forks, concurrency, latency):
    """Seconds the requests need at the simulator's latency: per organization the listing pages one after the other
    and each person's read and write at the concurrency; organizations ``forks`` at a time."""
    per_org = (math.ceil(people / float(PAGE)) + 2 * math.ceil(people / float(concurrency))) * latency
    return math.ceil(orgs / float(forks)) * per_org


def measure_estate(runner, args, simulator_class):
    """Rows 13 (a), (b), (c)."""
    orgs, people, forks = args.estate_orgs, args.estate_people, args.estate_forks
    rows = {}
    with simulator_class(people=0, locations=1, workspaces=0, virtual_lines=0, customer_orgs=orgs,
                         customer_org_people=people, latency=args.latency) as simulator:
        for name, per_org, row_forks, limited in (('a', False, 1, False), ('b', True, forks, False),
                                                  ('c', False, forks, True)):
            simulator.reset()
            workdir = os.path.join(runner.workdir, 'estate-%s' % name)
            os.makedirs(workdir, exist_ok=True)
            inventory = write_estate(workdir, simulator, people, per_org)
            env = None
            if limited:
                simulator.configure(rate_limit=args.estate_rate_limit, rate_limit_scope='token', retry_after=1)
                env = {'WEBEX_RATE_LIMIT': '%g' % args.estate_rate_limit}
            simulator.clear_log()
            wall = run_estate(runner, simulator, workdir, inventory, row_forks, env)
            counts = check_and_count(simulator, orgs * people)
            rows[name] = dict(counts, wall=wall, forks=row_forks,
                              bound=api_bound(orgs, people, row_forks, 8, args.latency))
            if limited:
                rows[name]['limit'] = args.estate_rate_limit
                rows[name]['used'] = counts['requests'] / counts['span'] / args.estate_rate_limit if counts['span'] else 0
    return dict(orgs=orgs, people=people, rows=rows)


def table_rows(estate):
    """Rows of the benchmark table (#, measurement, N, measured, reference, ratio, target, verdict)."""
    if not estate:
        return []
    orgs, people, rows = estate['orgs'], estate['people'], estate['rows']
    total = orgs * people
    a, b, c = rows['a'], rows['b'], rows['c']
    result = [
        ('13', 'estate (a): `out_of_service` on %d organization hosts, one at a time (forks 1, partner token)' % orgs,
         total, '%.1f s' % a['wall'], 'API bound %.1f s' % a['bound'], '%.2f' % (a['wall'] / a['bound']), '', ''),
        ('13', 'estate (b): hosts = organizations, forks %d, a token per organization' % b['forks'], total,
         '%.1f s' % b['wall'], 'API bound %.1f s; (a) %.1f s' % (b['bound'], a['wall']),
         '%.2f x bound, %.1f x faster than (a)' % (b['wall'] / b['bound'], a['wall'] / b['wall']),
         '<= 1.5 x bound, >= 4 x faster than (a)',
         'met' if b['wall'] <= 1.5 * b['bound'] and a['wall'] >= 4 * b['wall'] else 'not met'),
        ('13', 'estate (c): the same, one shared token, %g req/s allowed per token, rate_limit %g' % (c['limit'], c['limit']),
         total, '%.0f%% of the limit used, %d 429, %d failed' % (100 * c['used'], c['rate_limited'], c['failed']),
         '%g req/s' % c['limit'], '%.2f' % c['used'], '>= 90 %, no failed write',
         'met' if c['used'] >= 0.9 and not c['failed'] else 'not met'),
    ]
    return result
