# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit never gives a false all-clear, and refuses bad input before its first request (real ansible-playbook
runs against the simulator).

Nothing audited (an empty organization, a location with nobody) is not
compliant: the gate fails whatever its options, and every report says so without a percentage. A baseline that
asserts nothing, a report name that is a path, a minimum compliance out of range... are refused before any read.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import json
import os
import re
from xml.etree import ElementTree

from conftest import REPO_ROOT

AUDIT = 'webex.calling.intercept_audit'


def audit_blocks(attempts):
    """A play of one block per (name, role variables), each rescued, so that one run tries them all."""
    return [{'name': name, 'block': [{'name': 'audit', 'ansible.builtin.include_role': {'name': AUDIT},
                                      'vars': variables}],
             'rescue': [{'name': 'refused', 'ansible.builtin.meta': 'noop'}]} for name, variables in attempts]


def failures(run):
    return [task['result']['msg'] for task in run.tasks if task['status'] == 'failed']


def test_an_audit_of_nothing_fails_and_every_report_says_nothing_was_audited(ansible, simulator, tmp_path):
    empty = simulator.add_organization('Empty Org')
    nobody = simulator.add_location('Empty Annex')
    attempts = [
        ('empty organization', dict(intercept_audit_org_id=empty['id'], intercept_audit_report_dir=str(tmp_path / 'org'),
                                    intercept_audit_formats=['html', 'markdown', 'json', 'csv', 'junit'])),
        ('location with nobody', dict(intercept_audit_location_id=nobody['id'], intercept_audit_min_compliance=90,
                                      intercept_audit_fail_on_drift=True,
                                      intercept_audit_report_dir=str(tmp_path / 'location'),
                                      intercept_audit_formats=['json'])),
    ]
    run = ansible(audit_blocks(attempts), check=True)
    messages = failures(run)
    assert len(messages) == 2, messages
    assert messages[0].startswith('nothing was audited (scope: every Webex Calling person, workspace and virtual '
                                  'line): no Webex Calling target matched, so the audit cannot say it is compliant; '
                                  'check intercept_audit_org_id and intercept_audit_kinds')
    assert messages[1].startswith('nothing was audited (scope: location %s): no Webex Calling target matched'
                                  % nobody['id'])
    assert 'check intercept_audit_location_id' in messages[1]
    assert [task['task'] for task in run.tasks if task['status'] == 'failed'] == ['Fail when nothing was audited'] * 2

    reports = tmp_path / 'org'
    document = json.loads((reports / 'intercept-audit.json').read_text())
    assert (document['status'], document['status_label'], document['compliance_percent']) == (
        'nothing_audited', 'Nothing audited', None)
    assert document['summary']['audited'] == 0 and document['summary']['compliance_percent'] is None
    assert document['gate']['failed'] and document['gate']['nothing_audited']
    assert document['organization'] == {'id': empty['id'], 'name': 'Empty Org'}
    assert document['trend'] == []
    for name in ('intercept-audit.md', 'intercept-audit.html'):
        text = (reports / name).read_text()
        assert 'Nothing was audited (scope: every Webex Calling person, workspace and virtual line)' in text, name
        assert not re.search(r'[>\s(*]100(\.0)?%', text), name   # no percentage shown (CSS widths aside)
    assert '<div id="compliance">n/a</div>' in (reports / 'intercept-audit.html').read_text()
    assert '**NOTHING AUDITED** (no target matched; no compliance percentage)' in (reports / 'intercept-audit.md').read_text()
    rows = list(csv.reader((reports / 'intercept-audit.csv').read_text().splitlines()))
    assert len(rows) == 2 and rows[1][6] == 'nothing_audited' and rows[1][-1].startswith('Nothing was audited')
    junit = ElementTree.parse(str(reports / 'intercept-audit.xml')).getroot()
    assert (junit.get('tests'), junit.get('failures')) == ('1', '1')
    assert junit.find('testsuite/testcase/failure').get('type') == 'nothing_audited'
    location = json.loads((tmp_path / 'location' / 'intercept-audit.json').read_text())
    assert location['status'] == 'nothing_audited' and location['compliance_percent'] is None


def test_the_audit_checks_every_input_before_any_request(ansible, simulator, tmp_path):
    reports = str(tmp_path / 'reports')
    attempts = [
        ('empty baseline', dict(intercept_audit_baseline={}),
         "intercept_audit_baseline asserts nothing ({}): every target would be compliant whatever its settings"),
        ('null baseline', dict(intercept_audit_baseline={'enabled': None, 'incoming': {'type': None}}),
         'intercept_audit_baseline asserts nothing'),
        ('report name up', dict(intercept_audit_report_name='../escape'),
         "intercept_audit_report_name must be a plain file name without extension (no directory, no / or \\, not "
         "starting with a dot), like intercept-audit, not '../escape'"),
        ('report name path', dict(intercept_audit_report_name='sub/report'), "not 'sub/report'"),
        ('report name absolute', dict(intercept_audit_report_name='/tmp/report'), "not '/tmp/report'"),
        ('report name empty', dict(intercept_audit_report_name=''),
         "intercept_audit_report_name must be a file name without extension, like intercept-audit, not ''"),
        ('report name dots', dict(intercept_audit_report_name='..'), "not '..'"),
        ('min compliance high', dict(intercept_audit_min_compliance=101),
         'intercept_audit_min_compliance must be from 0 to 100, not 101'),
        ('min compliance low', dict(intercept_audit_min_compliance=-1),
         'intercept_audit_min_compliance must be from 0 to 100, not -1'),
        ('history', dict(intercept_audit_history_keep=-1), 'intercept_audit_history_keep must be from 0 to 10000'),
        ('no kinds', dict(intercept_audit_kinds=[]), 'intercept_audit_kinds is empty; give one or more of person'),
        ('concurrency', dict(intercept_audit_concurrency=0),
         'intercept_audit_concurrency must be a whole number from 1 to 64, not 0'),
    ]
    run = ansible(audit_blocks([(name, dict(variables, intercept_audit_report_dir=reports))
                                for name, variables, dummy in attempts]), check=True)
    messages = failures(run)
    assert len(messages) == len(attempts), messages
    for message, (name, dummy, expected) in zip(messages, attempts):
        assert expected in message, (name, message)
    assert simulator.log() == []
    assert not os.path.exists(reports) and not (tmp_path / 'escape.html').exists()


def test_the_audit_playbook_refuses_a_report_name_outside_the_report_dir(ansible, simulator, tmp_path):
    """report_name is an AWX survey variable: '../x' would write beside the report directory."""
    reports = tmp_path / 'reports'
    run = ansible(os.path.join(REPO_ROOT, 'playbooks', 'audit.yml'),
                  extra_vars={'report_dir': str(reports), 'report_name': '../outside', 'kinds': 'person  workspace'},
                  check=True)
    assert run.rc != 0
    assert "intercept_audit_report_name must be a plain file name" in failures(run)[0]
    assert simulator.log() == [] and not list(tmp_path.glob('outside*'))
    # The survey's strings are split by the collection: kinds and formats given as one string each.
    run = ansible(os.path.join(REPO_ROOT, 'playbooks', 'audit.yml'),
                  extra_vars={'report_dir': str(reports), 'kinds': 'person,\nworkspace', 'report_formats': 'json junit'},
                  check=True)
    assert run.rc == 0, run.stdout
    assert {'intercept-audit.json', 'intercept-audit.xml'} <= set(os.listdir(str(reports)))
    assert not list(reports.glob('intercept-audit.html'))
    assert json.loads((reports / 'intercept-audit.json').read_text())['summary']['kinds'] == ['person', 'workspace']


def test_the_audit_reads_each_location_intercept_once(ansible, simulator, tmp_path):
    """Each kind's info module read the intercept of its targets' locations: up to three reads of each location.
    Now the role reads each location's own intercept once, and the override is still reported."""
    branch = simulator.location_by_name('Branch Office')
    simulator.patch_intercept(branch['id'], {'enabled': True}, kind='locations')
    simulator.clear_log()
    run = ansible([{'name': 'audit', 'ansible.builtin.include_role': {'name': AUDIT},
                    'vars': {'intercept_audit_report_dir': str(tmp_path), 'intercept_audit_formats': ['json']}}],
                  check=True)
    assert run.rc == 0, run.stdout
    reads = [entry['path'] for entry in simulator.log()
             if entry['route'] == '/telephony/config/locations/{locationId}/intercept']
    assert reads and len(reads) == len(set(reads)), reads
    report = json.loads((tmp_path / 'intercept-audit.json').read_text())
    at_branch = [entry for entry in report['entries'] if entry['location_id'] == branch['id']]
    assert at_branch and all(entry['status'] == 'overridden' for entry in at_branch)
    assert {entry['kind'] for entry in at_branch} == {'person', 'workspace', 'virtual_line'}
    assert all(entry['status'] != 'overridden' for entry in report['entries'] if entry['location_id'] != branch['id'])
