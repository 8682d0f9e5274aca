# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end tests of webex.calling.webex_person_intercept_info: real ansible-playbook runs against the simulator.

Entries are compared with the simulator's stored settings, translated here independently of the collection's code.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import requests

import pytest

from conftest import SIMULATED_PEOPLE, api_writes, is_override_read, override_reads

BOB = 'bob.baker@example.com'
INTERCEPT_ROUTE = '/people/{personId}/features/intercept'


def options_shape(stored):
    """The simulator's stored settings (API camelCase) in the shape of the module's options."""
    incoming = stored['incoming']
    announcements = incoming['announcements']
    outgoing = stored['outgoing']
    return {
        'enabled': stored['enabled'],
        'incoming': {
            'type': incoming['type'],
            'voicemail_enabled': incoming['voicemailEnabled'],
            'announcements': {
                'greeting': announcements['greeting'],
                'new_number': {'enabled': announcements['newNumber']['enabled'],
                               'destination': announcements['newNumber']['destination']},
                'zero_transfer': {'enabled': announcements['zeroTransfer']['enabled'],
                                  'destination': announcements['zeroTransfer']['destination']},
            },
        },
        'outgoing': {'type': outgoing['type'], 'transfer_enabled': outgoing['transferEnabled'],
                     'destination': outgoing['destination']},
    }


DIRECTORY_ROUTES = ['/locations', '/organizations/{orgId}', '/people/me']


def location_names(simulator, org_id=None):
    """{location ID: name}, read from the simulator's own GET /locations."""
    response = requests.get(simulator.url + '/locations', params={'orgId': org_id} if org_id else None,
                            headers={'Authorization': 'Bearer %s' % simulator.admin_token}, timeout=30)
    response.raise_for_status()
    return dict((item['id'], item['name']) for item in response.json()['items'])


def expected_entry(simulator, person, names=None):
    """The info entry the module must return for a person of simulator.people()."""
    stored = simulator.get_intercept(person['id'])
    names = location_names(simulator) if names is None else names
    return {
        'person_id': person['id'],
        'email': person['emails'][0],
        'display_name': person['displayName'],
        'location_id': person['locationId'],
        'location_name': names[person['locationId']],
        'greeting_file_name': stored['incoming']['announcements']['fileName'],
        'intercept': options_shape(stored),
        'overridden_by_location': simulator.effective_intercept(person['id'])['source'] == 'location',
        'error': None,
    }


def info_task(name, **options):
    return {'name': name, 'webex.calling.webex_person_intercept_info': options}


def result_of(run, name):
    return run.tasks.named(name)['result']


BOB_INTERCEPT = {
    'enabled': True,
    'incoming': {
        'type': 'INTERCEPT_ALL',
        'voicemail_enabled': True,
        'announcements': {
            'greeting': 'CUSTOM',
            'new_number': {'enabled': True, 'destination': '+14085550199'},
            'zero_transfer': {'enabled': True, 'destination': '1000'},
        },
    },
    'outgoing': {'type': 'ALLOW_LOCAL_ONLY', 'transfer_enabled': True, 'destination': '+14085550100'},
}


def test_one_person_by_email_with_a_read_only_token(ansible, simulator):
    bob = simulator.person_by_email(BOB)
    run = ansible([info_task('read bob', person_email=BOB)], token=simulator.readonly_token)
    assert run.rc == 0, run.stdout + run.stderr
    log = simulator.log()
    result = result_of(run, 'read bob')
    assert result['changed'] is False
    assert result['organization'] == {'id': simulator.org_id, 'name': 'Simulated Home Org'}
    assert result['persons'] == [{
        'person_id': bob['id'],
        'email': BOB,
        'display_name': 'Bob Baker',
        'location_id': bob['locationId'],
        'location_name': 'Headquarters',
        'greeting_file_name': 'bob-away.wav',
        'intercept': BOB_INTERCEPT,
        'overridden_by_location': False,
        'error': None,
    }]
    # The unknown field the simulator always adds is ignored, not returned.
    assert 'mediaFileType' not in run.stdout and 'media_file_type' not in str(result)
    assert [(entry['method'], entry['route'], entry['status']) for entry in log
            if entry['route'] not in DIRECTORY_ROUTES and not is_override_read(entry)] == [
        ('GET', '/people', 200), ('GET', INTERCEPT_ROUTE, 200)]
    # The intercept of Bob's location is read once, to tell whether it overrides his.
    assert [(entry['path'], entry['role']) for entry in override_reads(simulator)] == [
        ('/v1/telephony/config/locations/%s/intercept' % bob['locationId'], 'readonly')]
    assert [entry['query'] for entry in log if entry['route'] == '/people'] == [{'email': BOB, 'callingData': 'true'}]
    # One read each of the locations' names and of the organization, whatever is read besides.
    assert sorted(entry['route'] for entry in log if entry['route'] in DIRECTORY_ROUTES) == DIRECTORY_ROUTES


@pytest.mark.matrix
def test_one_person_by_id(ansible, simulator):
    bob = simulator.person_by_email(BOB)
    run = ansible([info_task('read bob', person_id=bob['id'])])
    assert run.rc == 0, run.stdout + run.stderr
    assert result_of(run, 'read bob')['persons'] == [expected_entry(simulator, bob)]
    assert result_of(run, 'read bob')['persons'][0]['intercept'] == BOB_INTERCEPT
    reads = [entry for entry in simulator.log() if entry['route'] == INTERCEPT_ROUTE]
    assert [entry['path'] for entry in reads] == ['/v1/people/%s/features/intercept' % bob['id']]


def test_whole_organization_of_more_than_250_people_is_paged(ansible, simulator):
    people = simulator.people()
    assert len(people) > 250 and len(people) >= SIMULATED_PEOPLE
    by_email = dict((person['emails'][0], person) for person in people)
    # Distinct settings on the first, a middle and the last page, to prove each entry is its own person's.
    for email, patch in (('user0001@example.com', {'enabled': True}),
                         ('user0150@example.com', {'outgoing': {'type': 'ALLOW_LOCAL_ONLY', 'destination': '4150'}}),
                         ('user%04d@example.com' % SIMULATED_PEOPLE,
                          {'incoming': {'type': 'ALLOW_ALL', 'announcements': {'newNumber': {'enabled': True, 'destination': '+14085550260'}}}})):
        simulator.patch_intercept(by_email[email]['id'], patch)

    run = ansible([dict(info_task('read the organization', concurrency=16), register='org')], check=True)
    assert run.rc == 0, run.stdout + run.stderr
    log = simulator.log()
    result = result_of(run, 'read the organization')
    assert result['changed'] is False
    persons = result['persons']
    assert len(persons) == len(people)
    assert [entry['email'] for entry in persons] == sorted(entry['email'] for entry in persons)
    names = location_names(simulator)
    expected = sorted((expected_entry(simulator, person, names) for person in people),
                      key=lambda entry: (entry['email'], entry['person_id']))
    assert persons == expected
    assert all(entry['location_name'] for entry in persons)
    assert 'dan.nocalling@example.com' not in [entry['email'] for entry in persons]

    pages = [entry for entry in log if entry['route'] == '/people']
    assert len(pages) == -(-len(people) // 100) >= 3
    assert all(entry['query'].get('callingData') == 'true' and entry['status'] == 200 for entry in pages)
    assert 'cursor' not in pages[0]['query'] and all('cursor' in entry['query'] for entry in pages[1:])
    reads = [entry['path'] for entry in log if entry['route'] == INTERCEPT_ROUTE]
    assert sorted(reads) == sorted('/v1/people/%s/features/intercept' % person['id'] for person in people)
    assert api_writes(simulator) == []


def test_customer_organization_and_location(ansible, simulator):
    partner = simulator.partner_org_id
    branch = simulator.person_by_email('carol.chen@example.com')['locationId']
    run = ansible([info_task('customer organization', org_id=partner), info_task('branch location', location_id=branch)])
    assert run.rc == 0, run.stdout + run.stderr
    log = simulator.log()

    customers = simulator.people(org_id=partner)
    names = location_names(simulator, partner)
    assert result_of(run, 'customer organization')['persons'] == sorted(
        (expected_entry(simulator, person, names) for person in customers), key=lambda entry: (entry['email'], entry['person_id']))
    assert result_of(run, 'customer organization')['organization'] == {'id': partner, 'name': 'Simulated Customer Org'}
    assert len(customers) >= 2
    assert all(entry['email'].endswith('@customer.example.net') for entry in result_of(run, 'customer organization')['persons'])

    at_branch = [person for person in simulator.people() if person['locationId'] == branch]
    persons = result_of(run, 'branch location')['persons']
    assert sorted(entry['person_id'] for entry in persons) == sorted(person['id'] for person in at_branch)
    assert 'carol.chen@example.com' in [entry['email'] for entry in persons]

    customer_requests = [entry for entry in log if entry['query'].get('orgId')]
    # The listing of the people and of the locations, one read per person, one read of the intercept of each of
    # their locations; the organization is in its path.
    customer_locations = set(person['locationId'] for person in customers)
    assert len(customer_requests) == 2 + len(customers) + len(customer_locations)
    assert len([entry for entry in customer_requests if is_override_read(entry)]) == len(customer_locations)
    assert [entry['path'] for entry in log if entry['route'] == '/organizations/{orgId}'][0] == '/v1/organizations/' + partner
    assert all(entry['org_id'] == partner and entry['status'] == 200 for entry in customer_requests)
    assert [entry['query'].get('locationId') for entry in log if entry['route'] == '/people'] == [None, branch]
