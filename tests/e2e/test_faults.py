# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fault table of docs/docsite/rst/reliability_guide.rst: every row proved with the simulator's faults.

Each row's fault is aimed at one request of each of four people: the GET of webex_person_intercept, its PUT, its
greeting upload (POST), and the GET of webex_person_intercept_info. Every place is checked for the outcome the guide
promises (retried and succeeded, or failed with status, Webex message, trackingId and attempts), for the server
ending with exactly the old or exactly the new settings, and for the token appearing nowhere. All rows run in one
playbook, one inventory host per row, in parallel. The 401, 403 and 404 rows, which need no fault injection, and the
no-lost-update test run their own playbooks.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json
import os
import re
import subprocess
import wave
from collections import namedtuple

import pytest

from conftest import ANSIBLE_PLAYBOOK, REPO_ROOT, PlaybookRun, Tasks, api_writes, playbook_environment
from leaks import assert_token_never_shown, wait_until_idle

ADMIN_TOKEN = 'sim-admin-token'
READONLY_TOKEN = 'sim-readonly-token'
# One person per place, so that each fault hits exactly one request.
GET_PERSON, PUT_PERSON, UPLOAD_PERSON, INFO_PERSON = ('user0101@example.com', 'user0102@example.com',
                                                      'user0103@example.com', 'user0104@example.com')
NEW_NUMBER = '+14085550123'
# What the GET and PUT tasks ask for, as options and as the API settings they end with.
CHANGE = {'enabled': True, 'incoming': {'announcements': {'new_number': {'enabled': True, 'destination': NEW_NUMBER}}}}
CHANGE_API = {'enabled': True, 'incoming': {'announcements': {'newNumber': {'enabled': True, 'destination': NEW_NUMBER}}}}
GREETING = 'closed.wav'
GREETING_API = {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'fileName': GREETING}}}

INTERCEPT = '/people/%s/features/intercept'
UPLOAD = INTERCEPT + '/actions/announcementUpload/invoke'

# A row of the fault table of the reliability guide. get_put / upload: 'retried' (and succeeded) or 'fails'. For a failure: the
# api_error status (None: no HTTP answer) and a piece of the message. upload_may_land: the server may have
# processed the upload although the client saw no answer (the settings stay the old ones in every case).
Row = namedtuple('Row', ['name', 'fault', 'get_put', 'upload', 'status', 'message', 'upload_may_land'])
ROWS = (
    Row('429, valid `Retry-After`', {'status': 429, 'retry_after': '1'}, 'retried', 'retried', None, None, False),
    Row('429, no `Retry-After`', {'status': 429}, 'retried', 'retried', None, None, False),
    Row('429, malformed `Retry-After`', {'status': 429, 'retry_after': 'rand(30),add(30)'}, 'retried', 'retried',
        None, None, False),
    Row('423', {'status': 423}, 'retried', 'retried', None, None, False),
    Row('500', {'status': 500}, 'retried', 'fails', 500, 'Internal Server Error', False),
    Row('502', {'status': 502}, 'retried', 'fails', 502, 'Bad Gateway', False),
    Row('503', {'status': 503}, 'retried', 'fails', 503, 'Service Unavailable', False),
    Row('503, valid `Retry-After`', {'status': 503, 'retry_after': '2'}, 'retried', 'fails', 503,
        'Service Unavailable', False),
    Row('504', {'status': 504}, 'retried', 'fails', 504, 'Gateway Timeout', False),
    Row('connection reset', {'kind': 'reset'}, 'retried', 'fails', None, 'connection failed', False),
    Row('connection reset after the server processed the request', {'kind': 'reset_after'}, 'retried', 'fails', None,
        'connection failed', True),
    Row('read timeout', {'kind': 'slow', 'delay': 5}, 'retried', 'fails', None, 'no answer within the timeout', True),
    Row('non-JSON body on a 200', {'kind': 'non_json'}, 'fails', 'fails', 200, 'not JSON', False),
)


def person_id(simulator, email):
    return simulator.person_by_email(email)['id']


def aimed(fault, method, path):
    """The fault, for exactly this method and API path."""
    return dict(fault, method=method, path='^/v1%s$' % re.escape(path))


def merged(settings, patch):
    result = copy.deepcopy(settings)
    for key, value in patch.items():
        if isinstance(value, dict):
            result[key] = merged(result.get(key, {}), value)
        else:
            result[key] = value
    return result


def without_file_name(settings):
    result = copy.deepcopy(settings)
    del result['incoming']['announcements']['fileName']
    return result


def write_wav(path):
    handle = wave.open(str(path), 'wb')
    try:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(8000)
        handle.writeframes(b'\0\0' * 800)
    finally:
        handle.close()
    return str(path)


def intercept_task(name, ids, email, extra=None, **options):
    args = dict(person_id=ids[email], **options)
    args.update(extra or {})
    return {'name': name, 'webex.calling.webex_person_intercept': args, 'ignore_errors': True}


def info_task(name, email, extra=None):
    args = dict(person_email=email)
    args.update(extra or {})
    return {'name': name, 'webex.calling.webex_person_intercept_info': args, 'ignore_errors': True}


def places_playbook(ids, greeting_path, extra=None):
    """The four places of a fault: GET and PUT of the module, its greeting upload, the info module's GET."""
    greeting = {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': greeting_path}}}
    return [
        intercept_task('GET', ids, GET_PERSON, extra, **CHANGE),
        intercept_task('PUT', ids, PUT_PERSON, extra, **CHANGE),
        intercept_task('upload', ids, UPLOAD_PERSON, extra, **greeting),
        info_task('info GET', INFO_PERSON, extra),
    ]


def requests_to(simulator, method, path):
    return [entry for entry in simulator.log() if entry['method'] == method and entry['path'] == '/v1' + path]


def assert_failed(task, status, message, attempts, log_entries):
    """Failed with the HTTP status, Webex's message, the trackingId of a request sent, and the attempts."""
    assert task['status'] == 'failed', task
    error = task['result']['api_error']
    assert error['status'] == status, error
    assert message in error['message'], error
    assert error['attempts'] == attempts, error
    assert error['tracking_id'] in [entry['tracking_id'] for entry in log_entries], error
    msg = task['result']['msg']
    assert 'trackingId %s' % error['tracking_id'] in msg and '%d attempt' % attempts in msg, msg
    if status:
        assert 'HTTP %d' % status in msg, msg


def assert_info_failed(task, email, status, message, attempts):
    """The info module names the person and gives the same facts in its message."""
    assert task['status'] == 'failed', task
    msg = task['result']['msg']
    assert email in msg and message in msg and '%d attempt' % attempts in msg and 'trackingId ' in msg, msg
    if status:
        assert 'HTTP %d' % status in msg, msg


def assert_retried(entries, fault=None):
    """The request was sent again after the fault, and one of the copies got through.

    A fault that announced a Retry-After in seconds: the copy came no earlier than that.
    """
    assert len([entry for entry in entries if entry['fault']]) == 1, entries
    assert len(entries) == 2, entries
    retry_after = (fault or {}).get('retry_after', '')
    if retry_after.isdigit():
        waited = entries[1]['time'] - entries[0]['time']
        assert waited >= int(retry_after) - 0.05, 'Retry-After %s s not honoured: %.2f s' % (retry_after, waited)


@pytest.fixture
def greeting_path(tmp_path):
    return write_wav(tmp_path / GREETING)


@pytest.fixture
def ids(simulator):
    return dict((email, person_id(simulator, email)) for email in (GET_PERSON, PUT_PERSON, UPLOAD_PERSON, INFO_PERSON))


# --- the fault matrix: every row at once --------------------------------------------------------------------------
# One playbook, one inventory host per row (run in parallel), four people per host. Results are told apart by the
# person in each task's invocation; the simulator's state is captured before any other test resets it.

EXHAUSTED = 'any retried fault, 6 times'
MATRIX_ROWS = ROWS + (Row(EXHAUSTED, None, 'fails', None, None, None, False),)
PLACES = ('GET', 'PUT', 'upload', 'info GET')


class Snapshot:
    """What the fault matrix run left: results per (row, place), and the simulator's state right after it."""

    def __init__(self, run, log, people, info_emails, stored, uploads):
        self.run = run
        self._log = log
        self.people = people
        self.info_emails = info_emails
        self.stored = stored
        self.uploads = uploads

    def log(self):
        return self._log

    def task(self, row, place):
        person = self.info_emails[row] if place == 'info GET' else self.people[row][place]
        for task in self.run.tasks:
            args = task['result'].get('invocation', {}).get('module_args', {})
            if task['task'] == place and person in (args.get('person_id'), args.get('person_email')):
                return task
        raise AssertionError('no %s task for row %r: %s' % (place, row, self.run.stdout))

    def requests_to(self, method, path):
        return [entry for entry in self._log if entry['method'] == method and entry['path'] == '/v1' + path]


def matrix_playbook(greeting_path):
    row = '{{ matrix[inventory_hostname] }}'
    greeting = {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': greeting_path}}}
    common = {'timeout': row.replace('}}', '.timeout }}')}
    tasks = [
        {'name': 'GET', 'webex.calling.webex_person_intercept': dict(
            common, person_id=row.replace('}}', '.GET }}'), **CHANGE), 'ignore_errors': True},
        {'name': 'PUT', 'webex.calling.webex_person_intercept': dict(
            common, person_id=row.replace('}}', '.PUT }}'), **CHANGE), 'ignore_errors': True},
        {'name': 'upload', 'webex.calling.webex_person_intercept': dict(
            common, person_id=row.replace('}}', '.upload }}'), **greeting), 'ignore_errors': True},
        {'name': 'info GET', 'webex.calling.webex_person_intercept_info': dict(
            common, person_email=row.replace('}}', '.info_email }}')), 'ignore_errors': True},
    ]
    return tasks


def matrix_faults(row, people):
    if row.name == EXHAUSTED:
        return [aimed({'status': 503, 'times': 6}, 'PUT', INTERCEPT % people['PUT']),
                aimed({'status': 429, 'retry_after': '0', 'times': 6}, 'GET', INTERCEPT % people['info GET'])]
    return [aimed(row.fault, 'GET', INTERCEPT % people['GET']), aimed(row.fault, 'PUT', INTERCEPT % people['PUT']),
            aimed(row.fault, 'POST', UPLOAD % people['upload']), aimed(row.fault, 'GET', INTERCEPT % people['info GET'])]


def run_playbook(simulator, collections_path, workdir, tasks, play_vars, hosts):
    """ansible-playbook -vvv --diff on several hosts at once (all local), as the ``ansible`` fixture runs it."""
    playbook = workdir / 'playbook.yml'
    playbook.write_text(json.dumps([{'hosts': 'all', 'gather_facts': False, 'vars': play_vars, 'tasks': tasks}]))
    results = workdir / 'results.jsonl'
    command = [ANSIBLE_PLAYBOOK, '-i', ','.join(hosts) + ',', '-c', 'local', '-f', str(len(hosts)), str(playbook),
               '--diff', '-vvv']
    environment = playbook_environment(simulator, collections_path, workdir, results)
    process = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=str(workdir), timeout=600,
                             check=False)
    tasks = Tasks(json.loads(line) for line in results.read_text().splitlines()) if results.exists() else Tasks()
    return PlaybookRun(process.returncode, process.stdout, process.stderr, tasks)


@pytest.fixture(scope='module')
def matrix(simulator_session, collections_path, tmp_path_factory):
    simulator = simulator_session
    simulator.reset()
    workdir = tmp_path_factory.mktemp('fault-matrix')
    greeting_path = write_wav(workdir / GREETING)
    people, info_emails, play_vars, faults = {}, {}, {}, []
    for index, row in enumerate(MATRIX_ROWS):
        emails = ['user%04d@example.com' % (201 + 4 * index + place) for place in range(len(PLACES))]
        people[row.name] = dict((place, person_id(simulator, email)) for place, email in zip(PLACES, emails))
        info_emails[row.name] = emails[-1]
        faults.extend(matrix_faults(row, people[row.name]))
        # The read timeout row waits 2 s for answers the simulator sends after 5 s.
        play_vars['row%02d' % index] = dict(people[row.name], info_email=emails[-1],
                                            timeout=2 if row.fault and row.fault.get('kind') == 'slow' else 30)
    before = dict((person, simulator.get_intercept(person)) for places in people.values() for person in places.values())
    simulator.add_faults(faults)
    run = run_playbook(simulator, collections_path, workdir, matrix_playbook(greeting_path), {'matrix': play_vars},
                       sorted(play_vars))
    wait_until_idle(simulator)
    assert run.rc == 0, run.stdout + run.stderr
    assert simulator.control('GET', '/_sim/faults') == [], 'every fault was used'
    stored = dict((person, (before[person], simulator.get_intercept(person))) for person in before)
    uploads = dict((person, simulator.get_upload(person)) for person in before)
    return Snapshot(run, simulator.log(), people, info_emails, stored, uploads)


@pytest.mark.parametrize('row', ROWS, ids=[row.name for row in ROWS])
def test_fault_row(row, matrix):
    people = matrix.people[row.name]
    for place in ('GET', 'PUT'):
        task = matrix.task(row.name, place)
        before, stored = matrix.stored[people[place]]
        log = matrix.requests_to(place, INTERCEPT % people[place])
        if row.get_put == 'retried':
            assert task['status'] == 'ok' and task['result']['changed'] is True, task
            assert_retried(log, row.fault)
            assert stored == merged(before, CHANGE_API), 'the server has a mix of old and new settings'
        else:
            assert_failed(task, row.status, row.message, 1, log)
            assert stored == before, 'the server has a mix of old and new settings'

    task = matrix.task(row.name, 'upload')
    before, stored = matrix.stored[people['upload']]
    assert matrix.stored[people['info GET']][1] == matrix.stored[people['info GET']][0], 'a read changed settings'
    upload = matrix.uploads[people['upload']]
    posts = matrix.requests_to('POST', UPLOAD % people['upload'])
    if row.upload == 'retried':
        assert task['status'] == 'ok' and task['result']['changed'] is True, task
        assert_retried(posts, row.fault)
        assert upload['count'] == 1 and upload['fileName'] == GREETING, upload
        assert stored == merged(before, GREETING_API), 'the server has a mix of old and new settings'
    else:
        assert_failed(task, row.status, row.message, 1, posts)
        assert matrix.requests_to('PUT', INTERCEPT % people['upload']) == [], 'no PUT after a failed upload'
        assert len(posts) == 1, 'a POST is never retried'
        # The settings are the old ones; only a greeting that reached the server before the connection broke
        # may be there (not in use: the greeting is still the old one, and the next run does not upload it again).
        assert without_file_name(stored) == without_file_name(before), 'the server has a mix of old and new settings'
        if not row.upload_may_land:
            assert stored == before and upload is None, (stored, upload)

    task = matrix.task(row.name, 'info GET')
    if row.get_put == 'retried':
        assert task['status'] == 'ok', task
        assert_retried(matrix.requests_to('GET', INTERCEPT % people['info GET']), row.fault)
        entry = task['result']['persons'][0]
        assert entry['error'] is None and entry['intercept']['enabled'] is False, entry
    else:
        assert_info_failed(task, matrix.info_emails[row.name], row.status, row.message, 1)


def test_retries_are_bounded(matrix):
    """A fault that does not go away fails after 6 attempts, with the last status and the old settings."""
    person = matrix.people[EXHAUSTED]['PUT']
    log = matrix.requests_to('PUT', INTERCEPT % person)
    assert len(log) == 6
    assert_failed(matrix.task(EXHAUSTED, 'PUT'), 503, 'Service Unavailable', 6, log)
    before, stored = matrix.stored[person]
    assert stored == before
    assert len(matrix.requests_to('GET', INTERCEPT % matrix.people[EXHAUSTED]['info GET'])) == 6
    assert_info_failed(matrix.task(EXHAUSTED, 'info GET'), matrix.info_emails[EXHAUSTED], 429, 'Too Many Requests', 6)


def test_fault_matrix_shows_no_token(matrix):
    assert_token_never_shown(ADMIN_TOKEN, matrix.run, matrix)


def test_unauthorized(ansible, simulator, ids, greeting_path):
    """401: a token Webex does not accept fails at the first request, once, and the token is not shown."""
    token = 'not-a-webex-token-5b0f1d8e-61c4-4a39-9e0c-2b7f4c8a9d31'
    run = ansible(places_playbook(ids, greeting_path) + [
        {'name': 'by email', 'webex.calling.webex_person_intercept': dict(person_email=GET_PERSON, **CHANGE),
         'ignore_errors': True},
    ], token=token, diff=True, args=['-vvv'])
    assert run.rc == 0, run.stdout
    message = 'requires a valid access token'
    for place, email in (('GET', GET_PERSON), ('PUT', PUT_PERSON), ('upload', UPLOAD_PERSON)):
        assert_failed(run.tasks.named(place), 401, message, 1, requests_to(simulator, 'GET', INTERCEPT % ids[email]))
    assert_failed(run.tasks.named('by email'), 401, message, 1,
                  [entry for entry in simulator.log() if entry['path'] == '/v1/people'])
    assert run.tasks.named('info GET')['status'] == 'failed'
    assert 'HTTP 401' in run.tasks.named('info GET')['result']['msg']
    assert run.tasks.named('info GET')['result']['api_error']['status'] == 401
    assert api_writes(simulator) == []
    assert_token_never_shown(token, run, simulator)


def test_forbidden(ansible, simulator, ids, greeting_path):
    """403: a read-only token reads, but its first write fails once, and nothing is changed."""
    before = dict((email, simulator.get_intercept(ids[email])) for email in ids)
    simulator.add_faults([aimed({'status': 403}, 'GET', INTERCEPT % ids[INFO_PERSON])])
    run = ansible(places_playbook(ids, greeting_path), token=READONLY_TOKEN, diff=True, args=['-vvv'])
    assert run.rc == 0, run.stdout
    message = 'missing required scopes'
    for place, email, method, path in (('GET', GET_PERSON, 'PUT', INTERCEPT), ('PUT', PUT_PERSON, 'PUT', INTERCEPT),
                                       ('upload', UPLOAD_PERSON, 'POST', UPLOAD)):
        assert_failed(run.tasks.named(place), 403, message, 1, requests_to(simulator, method, path % ids[email]))
    assert_info_failed(run.tasks.named('info GET'), INFO_PERSON, 403, message, 1)
    for email in ids:
        assert simulator.get_intercept(ids[email]) == before[email]
    assert simulator.get_upload(ids[UPLOAD_PERSON]) is None
    assert_token_never_shown(READONLY_TOKEN, run, simulator)


def test_person_not_found(ansible, simulator, ids):
    """404 person: no such person, or one without Webex Calling; the info module names the person it could not read."""
    no_calling = person_id(simulator, 'dan.nocalling@example.com')
    unknown = 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk'
    simulator.add_faults([aimed({'status': 404}, 'GET', INTERCEPT % ids[INFO_PERSON])])
    run = ansible([
        {'name': 'unknown person', 'webex.calling.webex_person_intercept': dict(person_id=unknown, **CHANGE),
         'ignore_errors': True},
        {'name': 'no calling', 'webex.calling.webex_person_intercept': dict(person_id=no_calling, **CHANGE),
         'ignore_errors': True},
        info_task('info GET', INFO_PERSON),
    ], diff=True, args=['-vvv'])
    assert run.rc == 0, run.stdout
    assert_failed(run.tasks.named('unknown person'), 404, 'User not found', 1,
                  requests_to(simulator, 'GET', INTERCEPT % unknown))
    assert_failed(run.tasks.named('no calling'), 404, 'not a Webex Calling user', 1,
                  requests_to(simulator, 'GET', INTERCEPT % no_calling))
    assert_info_failed(run.tasks.named('info GET'), INFO_PERSON, 404, 'could not be found', 1)
    assert api_writes(simulator) == []
    assert_token_never_shown(ADMIN_TOKEN, run, simulator)


def test_organization_not_found(ansible, simulator, ids):
    """404 organization: an org_id the token cannot reach fails at the first request."""
    org_id = 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub25l'
    run = ansible([
        intercept_task('GET', ids, GET_PERSON, {'org_id': org_id}, **CHANGE),
        info_task('info GET', INFO_PERSON, {'org_id': org_id}),
    ], diff=True, args=['-vvv'])
    assert run.rc == 0, run.stdout
    assert_failed(run.tasks.named('GET'), 404, 'Organization not found', 1,
                  requests_to(simulator, 'GET', INTERCEPT % ids[GET_PERSON]))
    task = run.tasks.named('info GET')
    assert task['status'] == 'failed' and task['result']['api_error']['status'] == 404, task
    assert 'Organization not found' in task['result']['msg'], task
    assert api_writes(simulator) == []
    assert_token_never_shown(ADMIN_TOKEN, run, simulator)


def test_no_lost_update(ansible, simulator, ids):
    """A setting changed on the server between the module's read and its write survives the write."""
    person = ids[PUT_PERSON]
    concurrent = {'outgoing': {'transferEnabled': True, 'destination': '+14085550111'}}
    simulator.add_hook(person, concurrent)
    run = ansible([intercept_task('PUT', ids, PUT_PERSON, **CHANGE)], diff=True, args=['-vvv'])
    assert run.rc == 0, run.stdout
    assert simulator.hooks() == [], 'the hook fired after the module read the settings'
    stored = simulator.get_intercept(person)
    assert stored['outgoing'] == {'type': 'INTERCEPT_ALL', 'transferEnabled': True, 'destination': '+14085550111'}
    assert stored['enabled'] is True and stored['incoming']['announcements']['newNumber'] == CHANGE_API[
        'incoming']['announcements']['newNumber']
    (put,) = api_writes(simulator)
    assert put['body'] == CHANGE_API, 'the PUT carries only what the task changes'
    assert_token_never_shown(ADMIN_TOKEN, run, simulator)


def test_rerun_after_a_lost_upload_answer_completes_without_a_second_upload(ansible, simulator, ids, greeting_path):
    """The upload reached the server but its answer was lost: the task fails; the rerun only sends the PUT."""
    person = ids[UPLOAD_PERSON]
    before = simulator.get_intercept(person)
    simulator.add_faults([aimed({'kind': 'reset_after'}, 'POST', UPLOAD % person)])
    tasks = places_playbook(ids, greeting_path)[2:3]
    first = ansible(tasks)
    assert first.tasks.named('upload')['status'] == 'failed'
    assert without_file_name(simulator.get_intercept(person)) == without_file_name(before), 'settings unchanged'
    assert_token_never_shown(ADMIN_TOKEN, first, simulator)
    simulator.clear_log()
    second = ansible(tasks, diff=True, args=['-vvv'])
    assert second.tasks.named('upload')['status'] == 'ok' and second.tasks.named('upload')['result']['changed'] is True
    assert [entry['method'] for entry in api_writes(simulator)] == ['PUT'], 'the greeting is not uploaded again'
    assert simulator.get_upload(person)['count'] == 1
    assert simulator.get_intercept(person) == merged(before, GREETING_API)
    assert_token_never_shown(ADMIN_TOKEN, second, simulator)


def guide_fault_table():
    """{fault: (GET and PUT outcome, upload outcome)} from the fault table of the reliability guide."""
    with open(os.path.join(REPO_ROOT, 'docs', 'docsite', 'rst', 'reliability_guide.rst')) as handle:
        text = handle.read()
    section = text.split('\nFault table\n-----------\n')[1].split('\nGuarantees\n')[0]
    # A list-table: "   * - <fault>" starts a row, "     - <cell>" continues it.
    rows = []
    for line in section.splitlines():
        if line.startswith('   * - '):
            rows.append([line[len('   * - '):]])
        elif line.startswith('     - ') and rows:
            rows[-1].append(line[len('     - '):])
    table = {}
    for cells in rows:
        cells = [cell.strip().replace('``', '`') for cell in cells]
        if len(cells) == 4:
            table[cells[0]] = tuple(cell.split(' ')[0].rstrip(',:;') for cell in cells[1:3])
    return table


def test_guide_fault_table_is_what_is_tested():
    table = guide_fault_table()
    for row in ROWS:
        assert table.get(row.name) == (row.get_put, row.upload), 'reliability guide row %r' % row.name
    for name in ('any retried fault, 6 times', '401', '403', '404 person', '404 organization'):
        assert table.get(name, ('missing',))[0] == 'fails', 'reliability guide row %r' % name
