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
import socket
import threading
from xml.etree import ElementTree

import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

import pytest

from conftest import REPO_ROOT, api_writes
from leaks import assert_token_never_shown
from test_site_closure import owners_at

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


def run_job_template(ansible, tmp_path, name, inputs, extra_vars=None, job_type=None):
    """Run the job template like AWX: project copy, injected credential, job type, diff mode, extra vars.

    ``job_type`` is the one chosen at launch, which the template must prompt for.
    """
    template = [jt for jt in load('job_templates.yml')['job_templates'] if jt['name'] == name][0]
    if job_type is not None:
        assert template.get('ask_job_type_on_launch') is True, 'the template does not prompt for the job type'
    project = tmp_path / 'project'
    shutil.copytree(os.path.join(AWX_DIR, 'project'), str(project))
    variables = dict(template.get('extra_vars') or {}, **(extra_vars or {}))
    run = ansible(str(project / template['playbook']), extra_vars=variables,
                  check=(job_type or template['job_type']) == 'check', diff=template.get('diff_mode', False),
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
        'WEBEX_API_URL': '', 'WEBEX_RATE_LIMIT': ''}
    assert injected_env({'client_id': 'c', 'client_secret': 's', 'refresh_token': 'r', 'api_url': 'https://x/v1'}) == {
        'WEBEX_ACCESS_TOKEN': '', 'WEBEX_CLIENT_ID': 'c', 'WEBEX_CLIENT_SECRET': 's', 'WEBEX_REFRESH_TOKEN': 'r',
        'WEBEX_API_URL': 'https://x/v1', 'WEBEX_RATE_LIMIT': ''}


@pytest.mark.matrix
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
    # The template's formats: the page for people, the JUnit file for the job's test results, Markdown and JSON.
    assert sorted(name for name in os.listdir(str(reports)) if name.startswith('intercept-audit.')) == [
        'intercept-audit.html', 'intercept-audit.json', 'intercept-audit.md', 'intercept-audit.xml']
    assert 'data-status="drift"' in (reports / 'intercept-audit.html').read_text()
    suites = ElementTree.parse(str(reports / 'intercept-audit.xml')).getroot()
    assert (suites.tag, suites.get('failures'), suites.get('tests')) == (
        'testsuites', str(report['summary']['drifted']), str(report['summary']['audited']))


def test_audit_job_template_passes_on_a_compliant_location_chosen_at_launch(ansible, simulator, tmp_path):
    # ask_variables_on_launch: the launch narrows the audit to one location, whose people all comply.
    location_id = simulator.people()[0]['locationId']
    for person in simulator.people():
        if person['locationId'] == location_id:
            simulator.patch_intercept(person['id'], {'enabled': False})
    for kind, targets in (('workspaces', simulator.workspaces(location_id=location_id)),
                          ('virtual_lines', simulator.virtual_lines(location_id=location_id))):
        for target in targets:
            simulator.patch_intercept(target['id'], {'enabled': False}, kind=kind)
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


REFRESH_INPUTS = {'client_id': 'sim-client-id', 'client_secret': 'sim-client-secret',
                  'refresh_token': 'sim-refresh-token'}


def test_scheduled_audit_with_refresh_credentials_outlives_its_access_tokens(ansible, simulator, tmp_path):
    """The nightly schedule: a credential storing only the refresh fields (and the API URL), access tokens that
    expire during a run and between runs; every run completes, and no secret is in the output or the reports."""
    schedule = load('job_templates.yml')['schedules'][0]
    assert schedule['unified_job_template'] == AUDIT_TEMPLATE
    for person in simulator.people():
        simulator.patch_intercept(person['id'], {'enabled': False})
    for kind, targets in (('workspaces', simulator.workspaces()), ('virtual_lines', simulator.virtual_lines())):
        for target in targets:
            simulator.patch_intercept(target['id'], {'enabled': False}, kind=kind)
    simulator.oauth(config={'access_token_max_uses': 120})
    inputs = dict(REFRESH_INPUTS, api_url=simulator.url)
    assert injected_env(inputs)['WEBEX_ACCESS_TOKEN'] == ''
    for night in (1, 2):
        simulator.clear_log()
        simulator.clear_counters()
        run, reports = run_job_template(ansible, tmp_path / ('night-%d' % night), AUDIT_TEMPLATE, inputs)
        assert run.rc == 0, run.stdout + run.stderr
        report = json.loads((reports / 'intercept-audit.json').read_text())
        assert report['summary']['people'] == 266 and report['summary']['drifted'] == 0
        # Each module run gets its own first token. The people's read (about 275 calls at 120 per access token) takes 3
        # tokens, each fetched once for all the workers; the locations', the workspaces' and the virtual lines' reads
        # one each.
        assert simulator.counters()['requests']['POST /access_token'] == 6
        assert [entry for entry in simulator.log() if entry['status'] == 401], 'no token expired during the run'
        oauth = simulator.oauth()
        files = dict((str(path), path.read_text()) for path in reports.iterdir())
        for secret in ['sim-client-secret', 'sim-refresh-token'] + oauth['issued_access_tokens']:
            assert_token_never_shown(secret, run, simulator, files)
        # The next night, the access tokens of this one are long expired.
        simulator.oauth(expire_access_tokens=True)


class ConnectRecorder:
    """An HTTPS proxy on loopback that records the CONNECT target and refuses it: where a module would go."""

    def __init__(self):
        self.targets = []
        self.server = socket.socket()
        self.server.bind(('127.0.0.1', 0))
        self.server.listen(8)
        self.url = 'http://127.0.0.1:%d' % self.server.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, dummy = self.server.accept()
            except OSError:
                return
            with connection:
                first_line = connection.makefile('rb').readline().decode('latin-1')
                self.targets.append(first_line.split(' ')[1] if ' ' in first_line else first_line)
                connection.sendall(b'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')

    def close(self):
        self.server.close()


def test_a_token_only_credential_reaches_the_default_api_url(ansible, simulator, tmp_path):
    """AWX injects WEBEX_API_URL="" for a credential without an API URL: the modules go to https://webexapis.com/v1
    (seen here through a recording proxy on loopback, so nothing leaves the machine) instead of failing on ''."""
    env = injected_env({'access_token': 'token-only-credential-5e1f'})
    assert env['WEBEX_API_URL'] == ''
    proxy = ConnectRecorder()
    try:
        env.update(HTTPS_PROXY=proxy.url, https_proxy=proxy.url, NO_PROXY='', no_proxy='')
        run = ansible([{'name': 'read', 'webex.calling.webex_person_intercept_info': {'person_email': 'a@example.com'},
                        'ignore_errors': True}], env=env)
    finally:
        proxy.close()
    task = run.tasks.named('read')
    assert task['status'] == 'failed'
    assert 'api_url' not in task['result']['msg']
    assert 'connection failed' in task['result']['msg']
    assert proxy.targets and set(proxy.targets) == {'webexapis.com:443'}
    assert simulator.log() == []
    assert 'token-only-credential-5e1f' not in run.stdout + run.stderr + json.dumps(run.tasks)


CLOSE_TEMPLATE = 'Webex Calling close a site'
REOPEN_TEMPLATE = 'Webex Calling reopen a site'


def survey_answers(name, answers):
    """The extra vars AWX gives a job of this template for these survey answers, checked the way AWX checks them.

    An answer not given takes the question's default (a multiselect's default is one string with a choice a line,
    its answer a list); an optional question without answer or default is left out. A required question must end up
    answered; a choice must be one of the question's choices.
    """
    template = [jt for jt in load('job_templates.yml')['job_templates'] if jt['name'] == name][0]
    assert template['survey_enabled'] is True
    extra_vars = {}
    for question in template['survey_spec']['spec']:
        variable, kind = question['variable'], question['type']
        default = question.get('default')
        if kind == 'multiselect' and isinstance(default, str):
            default = [choice for choice in default.split('\n') if choice]
        answer = answers.get(variable, default)
        if answer in ('', None, []):
            assert not question['required'], 'the required question %r has no answer' % question['question_name']
            if variable not in answers:
                continue
        elif kind == 'multiplechoice':
            assert answer in question['choices'], (variable, answer)
        elif kind == 'multiselect':
            assert set(answer) <= set(question['choices']), (variable, answer)
        elif kind == 'text':
            assert question['min'] <= len(answer) <= question['max'], (variable, answer)
        extra_vars[variable] = answer
    unknown = set(answers) - set(extra_vars)
    assert not unknown, 'the survey does not ask for %s' % sorted(unknown)
    return extra_vars


def test_close_and_reopen_site_job_templates_run_from_their_surveys(ansible, simulator, tmp_path):
    """A site closed and reopened the AWX way: the project's playbooks, the survey's answers (strings, a list for
    the multiselect, a field cleared to blank), the job type chosen at launch (check first), "Show changes" on."""
    location = [entry for entry in simulator.locations() if owners_at(simulator, entry['id'])['workspaces']][0]
    targets = owners_at(simulator, location['id'])
    others = [person['id'] for person in simulator.people() if person.get('locationId') != location['id']]
    others_before = [simulator.get_intercept(person_id) for person_id in others]
    for kind, ids in targets.items():
        for target_id in ids:
            simulator.patch_intercept(target_id, {'enabled': False}, kind=kind)
    count = sum(len(ids) for ids in targets.values())
    inputs = {'access_token': simulator.admin_token, 'api_url': simulator.url}
    close_vars = survey_answers(CLOSE_TEMPLATE, {'intercept_site_location_name': location['name'],
                                                 'intercept_site_location_id': '',
                                                 'intercept_site_kinds': ['person', 'workspace', 'virtual_line'],
                                                 'intercept_new_number': '+14085550123', 'intercept_zero_transfer': ''})
    assert close_vars['intercept_site_location_intercept'] == 'false'
    assert 'intercept_location_greeting' not in close_vars

    simulator.clear_log()
    check, dummy = run_job_template(ansible, tmp_path / 'check', CLOSE_TEMPLATE, inputs, extra_vars=close_vars,
                                    job_type='check')
    assert check.rc == 0, check.stdout + check.stderr
    assert api_writes(simulator) == []
    bulk = 'Apply the settings to the people, workspaces and virtual lines whose settings differ'
    assert check.tasks.named(bulk)['result']['counts']['changed'] == count
    # "Show changes": one diff per target that would change, in the job output.
    assert len(check.tasks.named(bulk)['result']['diff']) == count

    run, dummy = run_job_template(ansible, tmp_path / 'run', CLOSE_TEMPLATE, inputs, extra_vars=close_vars)
    assert run.rc == 0, run.stdout + run.stderr
    assert len(api_writes(simulator)) == count
    for kind, ids in targets.items():
        for target_id in ids:
            settings = simulator.get_intercept(target_id, kind=kind)
            assert settings['enabled'] is True and settings['outgoing']['type'] == 'INTERCEPT_ALL', (kind, target_id)
            new_number = settings['incoming']['announcements']['newNumber']
            assert new_number == {'enabled': True, 'destination': '+14085550123'}, (kind, target_id)
    assert simulator.get_intercept(location['id'], kind='locations')['enabled'] is False
    assert [simulator.get_intercept(person_id) for person_id in others] == others_before

    simulator.clear_log()
    again, dummy = run_job_template(ansible, tmp_path / 'again', CLOSE_TEMPLATE, inputs, extra_vars=close_vars)
    assert again.rc == 0 and api_writes(simulator) == []
    assert again.tasks.named(bulk)['result']['changed'] is False

    reopen_vars = survey_answers(REOPEN_TEMPLATE, {'intercept_site_location_id': location['id']})
    assert reopen_vars == {'intercept_site_location_id': location['id'],
                           'intercept_site_kinds': ['person', 'workspace', 'virtual_line'],
                           'intercept_site_location_intercept': 'true'}
    reopen, dummy = run_job_template(ansible, tmp_path / 'reopen', REOPEN_TEMPLATE, inputs, extra_vars=reopen_vars)
    assert reopen.rc == 0, reopen.stdout + reopen.stderr
    for kind, ids in targets.items():
        for target_id in ids:
            assert simulator.get_intercept(target_id, kind=kind)['enabled'] is False, (kind, target_id)
    assert [simulator.get_intercept(person_id) for person_id in others] == others_before


def test_site_job_template_with_no_location_answered_fails_before_any_request(ansible, simulator, tmp_path):
    simulator.clear_log()
    run, dummy = run_job_template(ansible, tmp_path, CLOSE_TEMPLATE,
                                  {'access_token': simulator.admin_token, 'api_url': simulator.url},
                                  extra_vars=survey_answers(CLOSE_TEMPLATE, {}))
    assert run.rc != 0
    assert ('Set exactly one of intercept_site_location_id (the Webex ID of the location) and '
            'intercept_site_location_name' in ' '.join(run.stdout.split()))
    assert simulator.log() == []
