# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit role's "changed by": who last changed each drifting target, from one paged query of the admin audit
events, in every report format; a token without audit:events_read gives a warning, not a failed audit."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import json
import re
from xml.etree import ElementTree

import pytest

from conftest import api_writes

EVENTS = '/adminAudit/events'


def audit(ansible, reports, **variables):
    settings = dict(intercept_audit_baseline={'enabled': False}, intercept_audit_report_dir=str(reports),
                    intercept_audit_formats=['html', 'markdown', 'json', 'csv', 'junit'], intercept_audit_kinds=['person'],
                    intercept_audit_history_keep=0, intercept_audit_changed_by=True)
    settings.update(variables)
    return ansible([{'name': 'run the role', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept_audit'},
                     'vars': settings}])


@pytest.mark.matrix
def test_audit_shows_who_changed_each_drifting_target_in_every_format(ansible, simulator, tmp_path):
    people = simulator.people()
    changed, unexplained = people[20], people[21]
    simulator.control('POST', '/_sim/audit/change', {
        'kind': 'people', 'id': changed['id'], 'set': {'enabled': True},
        'actor': {'name': 'Ana Admin', 'email': 'ana@example.com'}})
    event = simulator.control('GET', '/_sim/audit/events')[-1]
    simulator.patch_intercept(unexplained['id'], {'enabled': True})  # drifts, no audit event
    simulator.clear_log()
    run = audit(ansible, tmp_path / 'reports')
    assert run.rc == 0, run.stdout + run.stderr
    assert api_writes(simulator) == []
    assert [entry['route'] for entry in simulator.log()].count(EVENTS) == 1  # one paged query for the period

    when = '%s %s UTC' % (event['created'][:10], event['created'][11:16])
    label = 'changed by ana@example.com at %s' % when
    reports = tmp_path / 'reports'
    report = json.loads((reports / 'intercept-audit.json').read_text())
    by_id = dict((entry['id'], entry) for entry in report['entries'])
    assert by_id[changed['id']]['changed_by'] == dict(email='ana@example.com', name='Ana Admin', time=event['created'],
                                                      label=label)
    assert by_id[unexplained['id']]['status'] == 'drift' and by_id[unexplained['id']]['changed_by'] is None
    assert report['changed_by']['warning'] is None and report['changed_by']['drifted_explained'] == 1
    markdown = (reports / 'intercept-audit.md').read_text()
    assert re.search(r'\| %s \| .* \| Off \| On \| %s \|' % (re.escape(changed['displayName']), re.escape(label)),
                     markdown), markdown
    html = (reports / 'intercept-audit.html').read_text()
    assert '<td rowspan="1" class="changed-by">%s</td>' % label in html
    with open(str(reports / 'intercept-audit.csv')) as handle:
        rows = dict((row['id'], row) for row in csv.DictReader(handle))
    assert rows[changed['id']]['changed_by'] == label and rows[unexplained['id']]['changed_by'] == ''
    junit = ElementTree.parse(str(reports / 'intercept-audit.xml'))
    messages = [failure.get('message') for failure in junit.iter('failure')]
    assert 'drifts in 1 setting: Call intercept on; %s' % label in messages


@pytest.mark.matrix
def test_a_token_without_the_audit_scope_warns_and_the_audit_goes_on(ansible, simulator, tmp_path):
    person = simulator.people()[22]
    simulator.control('POST', '/_sim/audit/change', {'kind': 'people', 'id': person['id'], 'set': {'enabled': True}})
    simulator.control('POST', '/_sim/audit/config', {'events_read': False})
    run = audit(ansible, tmp_path / 'reports')
    assert run.rc == 0, run.stdout + run.stderr
    warnings = run.tasks.named('Read who changed what (the admin audit events of the period, one paged query)')[
        'result']['warnings']
    assert any('audit:events_read' in warning for warning in warnings), warnings
    report = json.loads((tmp_path / 'reports' / 'intercept-audit.json').read_text())
    assert 'audit:events_read' in report['changed_by']['warning']
    assert [entry['changed_by'] for entry in report['entries'] if entry['id'] == person['id']] == [None]
    assert 'Who changed each target is not shown' in (tmp_path / 'reports' / 'intercept-audit.md').read_text()
    assert report['summary']['drifted'] >= 1  # the audit itself is complete


def test_changed_by_is_off_by_default(ansible, simulator, tmp_path):
    simulator.clear_log()
    run = audit(ansible, tmp_path / 'reports', intercept_audit_changed_by=False, intercept_audit_formats=['json'])
    assert run.rc == 0, run.stdout + run.stderr
    assert EVENTS not in [entry['route'] for entry in simulator.log()]
    assert 'changed_by' not in json.loads((tmp_path / 'reports' / 'intercept-audit.json').read_text())
