# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scale guarantees, checked on a small organization: API calls per person, and no person lost or duplicated.

The timings are the benchmark's job (benchmarks/bench.py, ``make bench``); these tests count requests in the
simulator's log and check the task results.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from conftest import SimulatorProcess, is_override_read, override_reads, own_requests

GENERATED_PEOPLE = 50
RETRY_AFTER = 2
INTERCEPT_ROUTE = '/people/{personId}/features/intercept'


@pytest.fixture(scope='module')
def simulator_session():
    """A simulator of its own with a small organization (overrides the session's, for this module only)."""
    with SimulatorProcess(people=GENERATED_PEOPLE) as simulator:
        yield simulator


def calling_people(simulator):
    return sorted((person for person in simulator.people() if person.get('locationId')),
                  key=lambda person: (person['emails'][0].lower(), person['id']))


def intercept_path(person):
    return '/v1/people/%s/features/intercept' % person['id']


def person_path_regex(person):
    return '^%s$' % re.escape(intercept_path(person))


def reads_by_person(log):
    """{person path: [status of each GET of that person's intercept, in order]}."""
    reads = {}
    for entry in log:
        if entry['method'] == 'GET' and entry['route'] == INTERCEPT_ROUTE:
            reads.setdefault(entry['path'], []).append(entry['status'])
    return reads


def info_task(**options):
    return [{'name': 'read the organization', 'webex.calling.webex_person_intercept_info': options}]


def test_whole_organization_info_reads_each_person_with_exactly_one_get(ansible, simulator):
    people = calling_people(simulator)
    assert len(people) >= 50
    run = ansible(info_task(concurrency=8))
    assert run.rc == 0, run.stdout
    persons = run.tasks.named('read the organization')['result']['persons']
    assert [entry['person_id'] for entry in persons] == [person['id'] for person in people]
    assert all(entry['error'] is None and entry['intercept'] is not None for entry in persons)
    log = simulator.log()
    listing = [entry for entry in log if entry['route'] == '/people']
    assert len(listing) == 1 and all(entry['method'] == 'GET' for entry in listing)
    assert reads_by_person(log) == dict((intercept_path(person), [200]) for person in people)
    # Besides: one listing of the locations' names and one read of the organization (the token's: people/me first).
    directory = sorted(entry['route'] for entry in log if entry['route'] in ('/locations', '/people/me', '/organizations/{orgId}'))
    assert directory == ['/locations', '/organizations/{orgId}', '/people/me']
    # And one read of the intercept of each location of theirs (does it override theirs?).
    locations = set(person['locationId'] for person in people)
    assert sorted(entry['path'] for entry in log if is_override_read(entry)) == sorted(
        '/v1/telephony/config/locations/%s/intercept' % location for location in locations)
    assert len(log) == len(people) + 1 + len(directory) + len(locations)


def test_no_person_is_lost_or_duplicated_whatever_faults_occur(ansible, simulator):
    people = calling_people(simulator)
    rate_limited, unavailable, reset, broken = people[0], people[5:8], people[10:13], people[20]
    simulator.add_faults(
        [{'method': 'GET', 'path': person_path_regex(rate_limited), 'status': 429, 'retry_after': RETRY_AFTER}]
        + [{'method': 'GET', 'path': person_path_regex(person), 'status': 503, 'times': 2} for person in unavailable]
        + [{'method': 'GET', 'path': person_path_regex(person), 'kind': 'reset'} for person in reset]
        + [{'method': 'GET', 'path': person_path_regex(broken), 'status': 503, 'times': None}]
    )
    run = ansible(info_task(concurrency=8, on_read_error='report'))
    assert run.rc == 0, run.stdout
    result = run.tasks.named('read the organization')['result']
    persons = result['persons']
    assert [entry['person_id'] for entry in persons] == [person['id'] for person in people]
    failed = [entry for entry in persons if entry['error']]
    assert [entry['person_id'] for entry in failed] == [broken['id']]
    assert failed[0]['intercept'] is None
    assert 'HTTP 503' in failed[0]['error'] and '6 attempts' in failed[0]['error']
    assert any('1 of %d people could not be read' % len(people) in warning for warning in result.get('warnings', []))
    for entry in persons:
        if entry['person_id'] != broken['id']:
            stored = simulator.get_intercept(entry['person_id'])
            assert entry['intercept']['enabled'] == stored['enabled'], entry
            assert entry['intercept']['outgoing']['type'] == stored['outgoing']['type'], entry

    reads = reads_by_person(simulator.log())
    assert set(reads) == set(intercept_path(person) for person in people)
    expected = dict((intercept_path(person), [200]) for person in people)
    expected[intercept_path(rate_limited)] = [429, 200]
    for person in unavailable:
        expected[intercept_path(person)] = [503, 503, 200]
    for person in reset:
        expected[intercept_path(person)] = [0, 200]
    expected[intercept_path(broken)] = [503] * 6
    assert reads == expected


def test_a_rate_limit_holds_every_worker_until_retry_after(ansible, simulator):
    people = calling_people(simulator)
    simulator.configure(latency=0.05)  # so that most reads are still to come when the first person's 429 is back
    simulator.add_faults([{'method': 'GET', 'path': person_path_regex(people[0]), 'status': 429,
                           'retry_after': RETRY_AFTER}])
    run = ansible(info_task(concurrency=8))
    assert run.rc == 0, run.stdout
    assert len(run.tasks.named('read the organization')['result']['persons']) == len(people)
    log = [entry for entry in simulator.log() if entry['route'] == INTERCEPT_ROUTE]
    limited = [entry for entry in log if entry['status'] == 429]
    assert len(limited) == 1
    # Requests already sent when the 429 came back arrive at once; then nothing until Retry-After has passed.
    held_from, held_until = limited[0]['time'] + 0.5, limited[0]['time'] + RETRY_AFTER - 0.2
    assert [entry for entry in log if held_from < entry['time'] < held_until] == []
    assert len([entry for entry in log if entry['time'] >= held_until]) >= len(people) // 2


def test_on_read_error_fail_fails_the_task_naming_the_person(ansible, simulator):
    people = calling_people(simulator)
    gone = people[3]
    simulator.add_faults([{'method': 'GET', 'path': person_path_regex(gone), 'status': 404, 'times': None}])
    run = ansible(info_task(concurrency=8, on_read_error='fail'))
    assert run.rc != 0
    task = run.tasks.named('read the organization')
    assert task['status'] == 'failed'
    result = task['result']
    assert gone['id'] in result['msg'] and gone['emails'][0] in result['msg'] and 'HTTP 404' in result['msg']
    assert result['api_error']['status'] == 404 and gone['id'] in result['api_error']['path']
    assert reads_by_person(simulator.log())[intercept_path(gone)] == [404]


def test_module_calls_per_person_unchanged_by_email_and_changed(ansible, simulator):
    people = calling_people(simulator)
    unchanged, by_email, changed = people[1], people[2], people[3]
    for person in (unchanged, by_email, changed):
        simulator.set_intercept(person['id'], {'enabled': False})
    run = ansible([
        {'name': 'unchanged', 'webex.calling.webex_person_intercept': {'person_id': unchanged['id'], 'enabled': False}},
        {'name': 'by email', 'webex.calling.webex_person_intercept': {'person_email': by_email['emails'][0], 'enabled': False}},
        {'name': 'changed', 'webex.calling.webex_person_intercept': {'person_id': changed['id'], 'enabled': True}},
    ])
    assert run.rc == 0, run.stdout
    assert [run.tasks.named(name)['result']['changed'] for name in ('unchanged', 'by email', 'changed')] == [False, False, True]
    calls = [(entry['method'], entry['path'], entry['query'].get('email')) for entry in own_requests(simulator)]
    assert calls == [
        ('GET', intercept_path(unchanged), None),
        ('GET', '/v1/people', by_email['emails'][0]),
        ('GET', intercept_path(by_email), None),
        ('GET', intercept_path(changed), None),
        ('PUT', intercept_path(changed), None),
    ]
    assert simulator.get_intercept(changed['id'])['enabled'] is True
    # Besides, per task, the intercept of the person's location (its override), after a lookup of a person by ID.
    location_path = '/v1/telephony/config/locations/%s/intercept'
    assert [(entry['method'], entry['path'], entry['query'].get('id')) for entry in override_reads(simulator)] == [
        ('GET', '/v1/people', unchanged['id']), ('GET', location_path % unchanged['locationId'], None),
        ('GET', location_path % by_email['locationId'], None),
        ('GET', '/v1/people', changed['id']), ('GET', location_path % changed['locationId'], None)]
