# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Row 12 of the benchmark (benchmarks/bench.py --rows eda): Event-Driven Ansible against the simulator.

The real ansible-rulebook runs the rulebook webex.calling.intercept_compliance (event source
webex.calling.intercept_events, drift mode, baseline ``enabled: false``) at a poll interval; people's intercepts are
then changed "in Control Hub" (the simulator's control API, which records an admin audit event) one after the other,
each once the previous one is back at the baseline. Measured from the simulator's request log and clock:

- change to fix: from the change to the moment its fix (the remediation playbook's PUT) is in (median and worst);
- detection to fix: from the event source's read of the changed target to that PUT (a playbook run);
- API requests per poll when nothing changed (goal: 1, the one events page);
- the event source's reads per change (goal: 1 events page and 1 read of the target's intercept);
- remediation writes per change (goal: 1).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import statistics
import subprocess
import sys
import time

from webex_simulator import SimulatorProcess

EVENTS_ROUTE = '/adminAudit/events'
READ_ROUTE = '/people/{personId}/features/intercept'
PATIENCE = 300


def skipped(ansible_playbook):
    """Why the row cannot run here, or None."""
    if not os.path.exists(os.path.join(os.path.dirname(ansible_playbook), 'ansible-rulebook')):
        return 'ansible-rulebook is not installed beside %s (tests/requirements-dev.txt installs it)' % ansible_playbook
    if not shutil.which('java') and not os.environ.get('JAVA_HOME'):
        return 'no Java runtime (ansible-rulebook needs Java 17)'
    return None


def wait_for(condition, process, what):
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if process.poll() is not None:
            raise RuntimeError('ansible-rulebook ended (rc %s) while waiting for %s' % (process.returncode, what))
        if time.monotonic() > deadline:
            raise RuntimeError('waited %d s for %s' % (PATIENCE, what))
        time.sleep(0.02)


def polls(simulator):
    return sum(entry['route'] == EVENTS_ROUTE for entry in simulator.log())


def measure_eda(ansible_playbook, collections, workdir, latency, interval, changes, people):
    """The measurements of row 12 (a dict), or {'skipped': why}."""
    why = skipped(ansible_playbook)
    if why:
        return dict(skipped=why, interval=interval)
    bin_dir = os.path.dirname(ansible_playbook)
    eda_dir = os.path.join(workdir, 'eda')
    os.makedirs(eda_dir)
    files = dict((name, os.path.join(eda_dir, name)) for name in ('baseline.yml', 'vars.yml', 'inventory.yml', 'log'))
    with open(files['baseline.yml'], 'w') as handle:
        json.dump({'intercept_audit_baseline': {'enabled': False}}, handle)
    with open(files['vars.yml'], 'w') as handle:
        json.dump({'baseline_file': files['baseline.yml'], 'poll_interval': interval,
                   'state_file': os.path.join(eda_dir, 'state.json')}, handle)
    python = os.path.join(bin_dir, 'python')
    with open(files['inventory.yml'], 'w') as handle:
        json.dump({'all': {'hosts': {'localhost': {'ansible_connection': 'local', 'ansible_python_interpreter':
                                                   python if os.path.exists(python) else sys.executable}}}}, handle)
    with SimulatorProcess(people=people, latency=latency) as simulator:
        environment = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get('PATH', ''),
                           ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_HOME=os.path.join(eda_dir, 'ansible-home'),
                           ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0',
                           WEBEX_API_URL=simulator.url, WEBEX_ACCESS_TOKEN=simulator.admin_token)
        command = [os.path.join(bin_dir, 'ansible-rulebook'), '--rulebook', 'webex.calling.intercept_compliance',
                   '--inventory', files['inventory.yml'], '--vars', files['vars.yml']]
        with open(files['log'], 'w') as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environment, cwd=eda_dir)
            try:
                return dict(measure_running(simulator, process, interval, changes), interval=interval, people=people)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def measure_running(simulator, process, interval, changes):
    wait_for(lambda: polls(simulator) >= 2, process, 'the event source to poll')
    simulator.clear_log()
    wait_for(lambda: polls(simulator) >= 3, process, 'three polls')
    idle = simulator.log()
    idle_polls = sum(entry['route'] == EVENTS_ROUTE for entry in idle)
    targets = [person['id'] for person in simulator.people() if not simulator.get_intercept(person['id'])['enabled']]
    targets = targets[:changes]
    simulator.clear_log()
    started = []
    fixed = []
    for person_id in targets:
        started.append(time.time())
        simulator.control('POST', '/_sim/audit/change', {'kind': 'people', 'id': person_id, 'set': {'enabled': True}})
        wait_for(lambda: simulator.get_intercept(person_id)['enabled'] is False, process, 'the fix of %s' % person_id)
        fixed.append(time.time())
    log = simulator.log()
    change_to_fix, detection_to_fix, source_reads, writes = [], [], [], []
    for person_id, start in zip(targets, started):
        path = '/v1/people/%s/features/intercept' % person_id
        mine = [entry for entry in log if entry['path'] == path]
        puts = [entry for entry in mine if entry['method'] == 'PUT']
        reads = [entry for entry in mine if entry['method'] == 'GET']
        writes.append(len(puts))
        # The remediation playbook reads the target once before its PUT; every other read is the event source's.
        source_reads.append(len(reads) - 1)
        change_to_fix.append(puts[0]['time'] - start)
        detection_to_fix.append(puts[0]['time'] - reads[0]['time'])
    pages = [entry for entry in log if entry['route'] == EVENTS_ROUTE]
    return dict(
        changes=len(targets), change_to_fix=change_to_fix, detection_to_fix=detection_to_fix,
        median_change_to_fix=statistics.median(change_to_fix), worst_change_to_fix=max(change_to_fix),
        median_detection_to_fix=statistics.median(detection_to_fix), worst_detection_to_fix=max(detection_to_fix),
        idle_polls=idle_polls, idle_requests=len(idle), idle_requests_per_poll=len(idle) / float(idle_polls),
        source_reads_per_change=sum(source_reads) / float(len(targets)), max_source_reads=max(source_reads),
        writes_per_change=sum(writes) / float(len(targets)), max_writes=max(writes),
        other_requests=sorted(set('%s %s' % (entry['method'], entry['route']) for entry in log
                                  if entry['route'] not in (EVENTS_ROUTE, READ_ROUTE))),
        events_pages=len(pages))


def table_rows(eda, verdict):
    """Row 12 of the table: (#, measurement, N, measured, reference, ratio, target, met)."""
    if not eda:
        return []
    interval = eda['interval']
    if eda.get('skipped'):
        return [('12', 'EDA `webex.calling.intercept_compliance`: skipped, %s' % eda['skipped'], '-', '-', '', '', '', '-')]
    worst_polls = eda['worst_change_to_fix'] / interval
    return [
        ('12', 'EDA `webex.calling.intercept_compliance` (real ansible-rulebook), poll interval %g s: from a change in '
               'Control Hub to its fix (median, worst)' % interval, eda['changes'],
         '%.1f s, %.1f s' % (eda['median_change_to_fix'], eda['worst_change_to_fix']),
         'detection to fix (one playbook run): %.1f s, %.1f s' % (eda['median_detection_to_fix'],
                                                                  eda['worst_detection_to_fix']),
         'worst %.1f poll intervals' % worst_polls, 'worst <= 60 s', verdict(eda['worst_change_to_fix'] <= 60)),
        ('12', 'API requests per poll when nothing changed', eda['idle_polls'],
         '%d in %d polls' % (eda['idle_requests'], eda['idle_polls']), '', '%.2f per poll' % eda['idle_requests_per_poll'],
         '1', verdict(eda['idle_requests_per_poll'] == 1)),
        ('12', 'event source reads per change (besides the poll\'s one events page)', eda['changes'],
         '%.2f intercept reads (at most %d)' % (eda['source_reads_per_change'], eda['max_source_reads']),
         'remediation: %.2f PUT per change' % eda['writes_per_change'], '', '1 page + 1 read; 1 PUT',
         verdict(eda['max_source_reads'] == 1 and eda['max_writes'] == 1)),
    ]


def notes(eda):
    if not eda or eda.get('skipped'):
        return []
    return ['- Row 12: ansible-rulebook runs `webex.calling.intercept_compliance` (baseline `enabled: false`, poll '
            'interval %g s) against a simulator of %d people; %d people are changed one after the other, each once the '
            'previous one is fixed. Times come from the simulator\'s request log: change to fix ends at the '
            'remediation playbook\'s PUT, detection to fix starts at the event source\'s read of the target. Other '
            'requests during the changes: %s.' % (
                eda['interval'], eda['people'], eda['changes'], ', '.join(eda['other_requests']) or 'none')]
