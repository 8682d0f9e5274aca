# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX definitions of awx/, run the way AWX runs them, against the simulator.

AWX runs a job template by copying the project, rendering the credential type's
injectors with the credential's inputs into the job's environment, and running
ansible-playbook with the template's job type (check: --check), diff mode and
extra variables. These tests do the same with awx/credential_type.yml,
awx/job_templates.yml and awx/project/, so a definition that AWX would run
wrongly fails here.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil

import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from conftest import REPO_ROOT, api_writes

AWX_DIR = os.path.join(REPO_ROOT, 'awx')
AUDIT_TEMPLATE = 'Webex Calling intercept audit'


def load(name):
    """Load a YAML file of awx/."""
    with open(os.path.join(AWX_DIR, name)) as handle:
        return yaml.safe_load(handle)


def injected_env(inputs):
    """The environment AWX gives a job with a credential of awx/credential_type.yml storing these inputs.

    As AWX does it: only the inputs the credential stores are defined (field defaults are the UI's, never filled
    in at injection), booleans not stored are False, and a template of an input not stored renders as an empty
    string in AWX's immutable sandbox.
    """
    credential_type = load('credential_type.yml')
    namespace = dict((key, value) for key, value in inputs.items() if value not in ('', None))
    for field in credential_type['inputs']['fields']:
        if field['type'] == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    jinja = ImmutableSandboxedEnvironment()
    return dict((name, jinja.from_string(template).render(**namespace))
                for name, template in credential_type['injectors']['env'].items())


def run_job_template(ansible, tmp_path, name, inputs, extra_vars=None):
    """Run the job template like AWX: project copy, injected credential, job type, diff mode, extra vars."""
    template = [jt for jt in load('job_templates.yml')['job_templates'] if jt['name'] == name][0]
    project = tmp_path / 'project'
    shutil.copytree(os.path.join(AWX_DIR, 'project'), str(project))
    variables = dict(template.get('extra_vars') or {}, **(extra_vars or {}))
    run = ansible(str(project / template['playbook']), extra_vars=variables,
                  check=template['job_type'] == 'check', diff=template.get('diff_mode', False),
                  env=injected_env(inputs))
    return run, project / 'reports'


def intercept_on(simulator, count):
    """Turn call intercept on for the first `count` people of the organization; return their emails."""
    people = sorted(simulator.people(), key=lambda person: person['emails'][0])[:count]
    for person in people:
        simulator.patch_intercept(person['id'], {'enabled': True})
    return [person['emails'][0] for person in people]


def test_credential_type_injects_only_what_the_credential_stores():
    assert injected_env({'access_token': 'a-token'}) == {
        'WEBEX_ACCESS_TOKEN': 'a-token', 'WEBEX_CLIENT_ID': '', 'WEBEX_CLIENT_SECRET': '', 'WEBEX_REFRESH_TOKEN': '',
        'WEBEX_API_URL': ''}
    assert injected_env({'client_id': 'c', 'client_secret': 's', 'refresh_token': 'r', 'api_url': 'https://x/v1'}) == {
        'WEBEX_ACCESS_TOKEN': '', 'WEBEX_CLIENT_ID': 'c', 'WEBEX_CLIENT_SECRET': 's', 'WEBEX_REFRESH_TOKEN': 'r',
        'WEBEX_API_URL': 'https://x/v1'}


def test_audit_job_template_reports_drift_with_the_injected_read_only_token(ansible, simulator, tmp_path):
    drifting = intercept_on(simulator, 2)
    simulator.clear_log()
    # A read-only token is enough for the audit; the fixture's admin token is replaced by the injected one.
    run, reports = run_job_template(ansible, tmp_path, AUDIT_TEMPLATE,
                                    {'access_token': simulator.readonly_token, 'api_url': simulator.url})
    # The template fails the job on drift (intercept_audit_fail_on_drift), after writing the reports.
    assert run.rc != 0, run.stdout
    assert [task['task'] for task in run.tasks if task['status'] == 'failed'] == ['Fail on drift']
    log = simulator.log()
    assert log, 'the audit made no API call'
    assert set(entry['role'] for entry in log) == set(['readonly'])
    assert api_writes(simulator) == []
    report = json.loads((reports / 'intercept-audit.json').read_text())
    report_text = json.dumps(report)
    for email in drifting:
        assert email in report_text
    assert (reports / 'intercept-audit.md').exists()


def test_audit_job_template_passes_on_a_compliant_location_chosen_at_launch(ansible, simulator, tmp_path):
    # ask_variables_on_launch: the launch narrows the audit to one location, whose people all comply.
    location_id = simulator.people()[0]['locationId']
    for person in simulator.people():
        if person['locationId'] == location_id:
            simulator.patch_intercept(person['id'], {'enabled': False})
    simulator.clear_log()
    run, reports = run_job_template(ansible, tmp_path, AUDIT_TEMPLATE,
                                    {'access_token': simulator.readonly_token, 'api_url': simulator.url},
                                    extra_vars={'intercept_audit_location_id': location_id})
    assert run.rc == 0, run.stdout + run.stderr
    assert api_writes(simulator) == []
    report = json.loads((reports / 'intercept-audit.json').read_text())
    assert report['summary']['drifted'] == 0
    assert report['summary']['people'] > 0


def test_audit_job_template_fails_with_a_wrong_credential(ansible, simulator, tmp_path):
    run, reports = run_job_template(ansible, tmp_path, AUDIT_TEMPLATE,
                                    {'access_token': 'not-a-webex-token', 'api_url': simulator.url})
    assert run.rc != 0
    assert 'not-a-webex-token' not in run.stdout + run.stderr
    assert not (reports / 'intercept-audit.json').exists()
