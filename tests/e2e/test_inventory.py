# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The webex.calling.webex inventory against a simulated partner estate, and the playbooks run per host of it:
ansible-inventory's graph and list, the cache, errors, no secret in the output; the AWX slices of a job as concurrent
ansible-playbook processes; the audit of the inventory merged against one audit per organization."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import REPO_ROOT, SimulatorProcess, Tasks, playbook_environment
from test_awx import injected_env, load

sys.path.insert(0, os.path.join(REPO_ROOT, 'plugins', 'module_utils'))
from _inventory import slices  # noqa: E402 pylint: disable=wrong-import-position,import-error

ORGS = 5
PEOPLE = 4
BIN = os.path.dirname(sys.executable)
INTERCEPT_ROUTE = '/people/{personId}/features/intercept'
PARTNER_INVENTORY = {'plugin': 'webex.calling.webex', 'partner': True, 'hosts': 'organizations',
                     'include_organizations': ['Customer Org *']}


@pytest.fixture(scope='module')
def simulator_session():
    """A partner estate of its own: five customer organizations of four people at one location each."""
    with SimulatorProcess(people=4, customer_orgs=ORGS, customer_org_people=PEOPLE, customer_org_locations=1,
                          workspaces=0, virtual_lines=0) as simulator:
        yield simulator


def customer_orgs(simulator):
    return simulator.info['customer_orgs']


def write_inventory(directory, document, name='estate.webex.yml'):
    path = directory / name
    path.write_text(json.dumps(document))
    return str(path)


def run(simulator, collections_path, workdir, command, env=None, token=None, background=False):
    """An Ansible command (ansible-inventory, ansible-playbook) against the simulator, in ``workdir``."""
    results = workdir / ('results-%d.jsonl' % len(list(workdir.glob('results-*.jsonl'))))
    environment = playbook_environment(simulator, collections_path, workdir, results, token)
    environment.pop('ANSIBLE_PYTHON_INTERPRETER')  # the inventory sets it per host
    environment['ANSIBLE_INVENTORY_UNPARSED_FAILED'] = '1'
    environment.update(env or {})
    process = subprocess.Popen([os.path.join(BIN, command[0])] + command[1:], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=environment, cwd=str(workdir))
    if background:
        return process, results
    return finish(process, results)


def finish(process, results):
    stdout, stderr = process.communicate(timeout=600)
    tasks = Tasks(json.loads(line) for line in results.read_text().splitlines()) if results.exists() else Tasks()
    return process.returncode, stdout, stderr, tasks


def all_secrets(simulator):
    return [simulator.admin_token] + [org['token'] for org in customer_orgs(simulator)]


def assert_no_secret(simulator, *texts):
    for text in texts:
        for secret in all_secrets(simulator):
            assert secret not in text


def unmarked(value):
    """A host variable without the marker of a value that is never templated (``{"__ansible_unsafe": ...}``)."""
    if isinstance(value, dict) and list(value) == ['__ansible_unsafe']:
        return value['__ansible_unsafe']
    return value


def host_vars(inventory, host):
    return dict((key, unmarked(value)) for key, value in inventory['_meta']['hostvars'][host].items())


def api_requests(simulator):
    return list(simulator.log())


# -- ansible-inventory ---------------------------------------------------------------------------------------------


@pytest.mark.matrix
def test_graph_and_list_show_hosts_groups_keyed_groups_and_composed_variables(simulator, collections_path, tmp_path):
    path = write_inventory(tmp_path, dict(
        PARTNER_INVENTORY, hosts='both', counts=True, exclude_organizations=['customer org 05'],
        access_token=simulator.admin_token,  # in the file itself: it must not reach the output
        compose={'site_size': "'large' if webex_people_count > 3 else 'small'"},
        groups={'first_two': "webex_org_name in ['Customer Org 01', 'Customer Org 02']"},
        keyed_groups=[{'key': 'webex_kind', 'prefix': 'kind'}]))
    rc, graph, stderr, dummy = run(simulator, collections_path, tmp_path, ['ansible-inventory', '-i', path, '--graph'],
                                   token='not-used')
    assert rc == 0, stderr
    assert '@webex_org_customer_org_01:\n  |  |--customer-01-site-01' in graph
    assert 'customer-org-05' not in graph and 'customer-05-site-01' not in graph
    rc, listed, stderr, dummy = run(simulator, collections_path, tmp_path, ['ansible-inventory', '-i', path, '--list'],
                                    token='not-used')
    assert rc == 0, stderr
    inventory = json.loads(listed)
    orgs = customer_orgs(simulator)
    assert sorted(inventory['webex_organizations']['hosts']) == ['customer-org-%02d' % n for n in range(1, 5)]
    assert sorted(inventory['webex_locations']['hosts']) == ['customer-%02d-site-01' % n for n in range(1, 5)]
    assert sorted(inventory['kind_organization']['hosts']) == inventory['webex_organizations']['hosts']
    assert sorted(inventory['kind_location']['hosts']) == sorted(inventory['webex_locations']['hosts'])
    assert sorted(inventory['first_two']['hosts']) == [
        'customer-01-site-01', 'customer-02-site-01', 'customer-org-01', 'customer-org-02']
    site = host_vars(inventory, 'customer-02-site-01')
    assert site == {
        'ansible_connection': 'local', 'ansible_python_interpreter': '{{ ansible_playbook_python }}',
        'webex_kind': 'location', 'webex_org_id': orgs[1]['id'], 'webex_org_name': 'Customer Org 02',
        'webex_location_id': orgs[1]['locations'][0]['id'], 'webex_location_name': 'Customer 02 Site 01',
        'webex_people_count': PEOPLE, 'webex_workspaces_count': 0, 'webex_virtual_lines_count': 0,
        'site_size': 'large'}
    assert host_vars(inventory, 'customer-org-03')['webex_people_count'] == PEOPLE
    assert_no_secret(simulator, graph, listed, stderr)


def test_default_is_the_locations_of_the_tokens_own_organization(simulator, collections_path, tmp_path):
    org = customer_orgs(simulator)[2]
    path = write_inventory(tmp_path, {'plugin': 'webex.calling.webex'})
    rc, listed, stderr, dummy = run(simulator, collections_path, tmp_path, ['ansible-inventory', '-i', path, '--list'],
                                    token=org['token'])
    assert rc == 0, stderr
    inventory = json.loads(listed)
    assert inventory['webex_locations']['hosts'] == ['customer-03-site-01']
    assert host_vars(inventory, 'customer-03-site-01')['webex_org_id'] == org['id']
    assert 'webex_organizations' not in inventory
    assert_no_secret(simulator, listed, stderr)


def test_cache_on_sends_no_request_the_second_time_and_off_sends_them_again(simulator, collections_path, tmp_path):
    cache = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache'),
             'cache_timeout': 3600}
    counts = {}
    for name, extra in (('cached', cache), ('uncached', {})):
        path = write_inventory(tmp_path, dict(PARTNER_INVENTORY, hosts='locations', counts=True, **extra),
                               name + '.webex.yml')
        sent = []
        for dummy in range(2):
            simulator.clear_log()
            rc, listed, stderr, dummy = run(simulator, collections_path, tmp_path,
                                            ['ansible-inventory', '-i', path, '--list'])
            assert rc == 0, stderr
            assert len(json.loads(listed)['webex_locations']['hosts']) == ORGS
            sent.append(len(api_requests(simulator)))
        counts[name] = sent
    # 1 organization listing, then per organization its locations and a listing of each kind of owner
    assert counts['cached'] == [1 + ORGS * 4, 0]
    assert counts['uncached'] == [1 + ORGS * 4, 1 + ORGS * 4]
    cached = ''.join(path.read_text() for path in (tmp_path / 'cache').iterdir())
    assert 'Customer Org 01' in cached
    assert_no_secret(simulator, cached)


@pytest.mark.parametrize('document, fault, expected', [
    (dict(PARTNER_INVENTORY, hosts='planets'), None, 'hosts'),
    (dict(PARTNER_INVENTORY, include_locatons=['HQ']), None,
     'unknown option include_locatons of the webex.calling.webex inventory'),
    (dict(PARTNER_INVENTORY, hosts='organizations', include_locations=['HQ']), None,
     'include_locations and exclude_locations choose location hosts; with hosts: organizations there are none'),
    (dict(PARTNER_INVENTORY, rate_limit=0), None, 'rate_limit (WEBEX_RATE_LIMIT) must be a number'),
    (dict(PARTNER_INVENTORY, access_token='sim-wrong-token'), None,
     'GET /organizations failed: HTTP 401'),
    (PARTNER_INVENTORY, {'method': 'GET', 'path': '^/v1/organizations$', 'status': 403},
     'GET /organizations failed: HTTP 403'),
], ids=['bad-choice', 'unknown-option', 'locations-without-location-hosts', 'bad-rate-limit', '401', '403'])
def test_a_bad_option_or_a_refusal_fails_naming_it(simulator, collections_path, tmp_path, document, fault, expected):
    if fault:
        simulator.add_faults([fault])
    path = write_inventory(tmp_path, document)
    simulator.clear_log()
    rc, stdout, stderr, dummy = run(simulator, collections_path, tmp_path, ['ansible-inventory', '-i', path, '--list'])
    assert rc != 0
    text = ' '.join(stderr.split())
    assert expected in text, text
    if expected.startswith('GET'):
        assert ('set access_token (WEBEX_ACCESS_TOKEN)' if '401' in expected else 'partner administrator') in text
    else:
        assert not api_requests(simulator)  # refused before any request
    assert_no_secret(simulator, stdout, stderr)
    assert 'sim-wrong-token' not in stdout + stderr


# -- playbooks per host, sliced as AWX slices a job ----------------------------------------------------------------


def partner_estate(simulator, tmp_path, per_org_tokens):
    """The inventory of the five customer organizations, each host with its people (and its own token)."""
    path = write_inventory(tmp_path, PARTNER_INVENTORY, 'partner.webex.yml')
    (tmp_path / 'host_vars').mkdir(exist_ok=True)
    for number, org in enumerate(customer_orgs(simulator), 1):
        host_vars = {'people': ['user%04d@customer%02d.example.org' % (index, number) for index in range(1, PEOPLE + 1)]}
        if per_org_tokens:
            host_vars['webex_access_token'] = org['token']
        (tmp_path / 'host_vars' / ('customer-org-%02d.yml' % number)).write_text(json.dumps(host_vars))
    return path


def sliced_run(simulator, collections_path, tmp_path, inventory, playbook, env=None):
    """The playbook as the 3 slices of an AWX job: 3 concurrent ansible-playbook processes with their --limit."""
    hosts = ['customer-org-%02d' % number for number in range(1, ORGS + 1)]
    started = []
    for part in slices(hosts, 3):
        workdir = tmp_path / ('slice-%d' % len(started))
        workdir.mkdir(exist_ok=True)
        started.append(run(simulator, collections_path, workdir, [
            'ansible-playbook', '-i', inventory, os.path.join(REPO_ROOT, 'playbooks', playbook),
            '-e', 'webex_hosts=webex_organizations', '--limit', ','.join(part), '--forks', '5'], env=env,
            background=True))
    return [finish(*process) for process in started]


def people_writes(simulator):
    """How many times each person's intercept was written (a write answered 429 and repeated counts once)."""
    return collections.Counter(entry['path'].split('/')[3] for entry in simulator.log()
                               if entry['method'] == 'PUT' and entry['route'] == INTERCEPT_ROUTE and entry['status'] < 400)


def customer_people(simulator):
    return [person['id'] for org in customer_orgs(simulator) for person in simulator.people(org_id=org['id'])]


@pytest.mark.matrix
def test_slices_change_every_target_of_five_organizations_exactly_once(simulator, collections_path, tmp_path):
    assert [len(part) for part in slices(['h%d' % n for n in range(ORGS)], 3)] == [2, 2, 1]
    everyone = customer_people(simulator)
    assert len(everyone) == ORGS * PEOPLE
    # Out of service with each organization's own token (host vars), back in service with the partner's one token
    # shared by the three processes through rate_limit, the simulator limiting each token.
    simulator.configure(rate_limit=8, rate_limit_scope='token', retry_after=1)
    for playbook, per_org, env, enabled in (('out_of_service.yml', True, None, True),
                                            ('back_in_service.yml', False, {'WEBEX_RATE_LIMIT': '7'}, False)):
        (tmp_path / playbook).mkdir()
        inventory = partner_estate(simulator, tmp_path / playbook, per_org)
        simulator.clear_log()
        simulator.clear_counters()
        runs = sliced_run(simulator, collections_path, tmp_path / playbook, inventory, playbook, env)
        for rc, stdout, stderr, tasks in runs:
            assert rc == 0, stdout + stderr
            assert_no_secret(simulator, stdout, stderr)
        writes = people_writes(simulator)
        assert sorted(writes) == sorted(everyone) and set(writes.values()) == {1}
        assert all(simulator.get_intercept(person)['enabled'] is enabled for person in everyone)
        if not per_org:
            assert simulator.counters()['rate_limited'] == 0
        else:  # each host used its organization's own token: the simulator binds it to that organization
            assert {entry['org_id'] for entry in simulator.log()
                    if entry['route'] != '/organizations' and entry['status'] != 429} == \
                {org['id'] for org in customer_orgs(simulator)}
        simulator.clear_log()
        rerun = sliced_run(simulator, collections_path, tmp_path / playbook, inventory, playbook, env)
        assert all(rc == 0 for rc, dummy, dummy2, dummy3 in rerun)
        assert not people_writes(simulator)
        changed = [task for dummy, dummy2, dummy3, tasks in rerun for task in tasks if task.get('changed')]
        assert not changed


def test_audit_of_the_inventory_totals_one_audit_per_organization(simulator, collections_path, tmp_path):
    orgs = customer_orgs(simulator)
    for org_index, count in ((0, 2), (3, 1)):  # some drift in two organizations
        for person in simulator.people(org_id=orgs[org_index]['id'])[:count]:
            simulator.patch_intercept(person['id'], {'enabled': True})
    inventory = partner_estate(simulator, tmp_path, per_org_tokens=False)
    for number in range(1, ORGS + 1):  # the whole organization, not a list of people
        (tmp_path / 'host_vars' / ('customer-org-%02d.yml' % number)).write_text('{}')
    reports = tmp_path / 'reports'
    rc, stdout, stderr, dummy = run(simulator, collections_path, tmp_path, [
        'ansible-playbook', '-i', inventory, os.path.join(REPO_ROOT, 'playbooks', 'audit.yml'),
        '-e', json.dumps({'webex_hosts': 'webex_organizations', 'merge_reports': True, 'report_dir': str(reports),
                          'report_formats': ['json'], 'kinds': ['person']})])
    assert rc == 0, stdout + stderr
    merged = json.loads((reports / 'intercept-audit-merged.json').read_text())
    # One audit per organization, the usual way: localhost, org_id, at the same time
    started = []
    for org in orgs:
        workdir = tmp_path / org['key']
        workdir.mkdir()
        variables = {'org_id': org['id'], 'report_dir': str(workdir), 'report_formats': ['json'], 'kinds': ['person']}
        command = ['ansible-playbook', '-i', 'localhost,', '-c', 'local',
                   os.path.join(REPO_ROOT, 'playbooks', 'audit.yml'), '-e', json.dumps(variables)]
        started.append(run(simulator, collections_path, workdir, command,
                           env={'ANSIBLE_PYTHON_INTERPRETER': sys.executable}, background=True))
    totals = collections.Counter()
    for (rc, stdout, stderr, dummy), org in zip([finish(*process) for process in started], orgs):
        assert rc == 0, stdout + stderr
        summary = json.loads((tmp_path / org['key'] / 'intercept-audit.json').read_text())['summary']
        totals.update(dict((key, summary[key]) for key in ('audited', 'compliant', 'drifted', 'unreadable')))
    assert totals == {'audited': ORGS * PEOPLE, 'compliant': ORGS * PEOPLE - 3, 'drifted': 3, 'unreadable': 0}
    assert dict((key, merged['summary'][key]) for key in totals) == dict(totals)
    assert [part['audited'] for part in merged['parts']] == [PEOPLE] * ORGS
    assert merged['compliance_percent'] == pytest.approx(100.0 * (ORGS * PEOPLE - 3) / (ORGS * PEOPLE), abs=0.1)


# -- the AWX objects: the inventory source and the sliced job template, run as AWX runs them -----------------------


def test_sliced_estate_audit_template_runs_each_slice_on_its_share(simulator, collections_path, tmp_path):
    sources = load('inventories.yml')['inventory_sources']
    template = [item for item in load('job_templates.yml')['job_templates'] if item['name'] == 'Webex Calling estate audit'][0]
    assert template['job_slice_count'] == 3 and template['inventory'] == sources[0]['inventory']
    project = tmp_path / 'project'
    shutil.copytree(os.path.join(REPO_ROOT, 'awx', 'project'), str(project))
    source = yaml.safe_load((project / sources[0]['source_path']).read_text())
    source['include_organizations'] = ['Customer Org *']  # the simulator's partner also lists its own and a seeded one
    inventory = write_inventory(project, source)
    env = injected_env({'access_token': simulator.admin_token, 'api_url': simulator.url, 'rate_limit': '50'})
    hosts = ['customer-org-%02d' % number for number in range(1, ORGS + 1)]
    started = []
    for part in slices(hosts, template['job_slice_count']):
        workdir = tmp_path / ('slice-%d' % len(started))
        workdir.mkdir()
        variables = dict(template['extra_vars'], intercept_audit_report_dir=str(tmp_path / 'reports'))
        started.append(run(simulator, collections_path, workdir, [
            'ansible-playbook', '-i', inventory, str(project / template['playbook']), '--check',
            '--limit', ','.join(part), '--forks', str(template['forks']), '-e', json.dumps(variables)],
            env=env, background=True))
    for rc, stdout, stderr, dummy in [finish(*process) for process in started]:
        assert rc == 0, stdout + stderr
        assert_no_secret(simulator, stdout, stderr)
    written = sorted(path.name for path in (tmp_path / 'reports').glob('intercept-audit-customer-org-0?.json'))
    assert written == ['intercept-audit-%s.json' % host for host in hosts]
    assert not [entry for entry in simulator.log() if entry['method'] != 'GET']
