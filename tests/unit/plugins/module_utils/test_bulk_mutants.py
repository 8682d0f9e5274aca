# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""webex_intercepts (module_utils/_bulk) edge cases: the message of a run the circuit breaker ended, the location
check (one request, only when a listing at the location found nothing or not every name), the warning of an empty
location, a listing refused for an unknown location, and the pool the run uses."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from conftest import run_module

from ansible_collections.webex.calling.plugins.module_utils import _bulk, _client
from ansible_collections.webex.calling.plugins.modules import webex_intercepts

ALICE = 'alice.anders@example.com'
NOBODY = 'nobody@example.com'
BOGUS = 'Ym9ndXMtbG9jYXRpb24'
UNKNOWN = ('location_id %s matches no Webex location in this organization; check the ID, or set org_id for '
           'a customer organization; nothing was written' % BOGUS)
OUTAGE = 'the API at http://127.0.0.1 stopped answering'


def run(simulator, intercepts, check_mode=False, **options):
    return run_module(simulator, webex_intercepts, check_mode, False, intercepts=intercepts, **options)


def location_requests(simulator):
    return [entry for entry in simulator.log() if entry['route'] == '/locations/{locationId}']


def entry(target, written=(), failed=False, missing=False):
    return dict(target=target, written=list(written), failed=failed, missing=missing)


def test_outage_message_names_what_was_written_and_what_failed_unwritten():
    entries = [entry('a', ['settings']), entry('b', ['upload'], failed=True), entry('c'), entry('d', failed=True),
               entry('e', missing=True), entry('f', ['settings'])]
    assert _bulk.outage_message('API gone', entries) == (
        'API gone. 3 of the 6 targets were written before that (a, b, f); 2 failed and were not written: d, e')


def test_outage_message_with_nothing_written():
    assert _bulk.outage_message('API gone', [entry('a', failed=True), entry('b')]) == (
        'API gone. 0 of the 2 targets were written before that; 1 failed and were not written: a')


def test_outage_message_cuts_long_lists():
    entries = [entry('w%02d' % index, ['settings']) for index in range(26)] + [
        entry('f%02d' % index, failed=True) for index in range(27)]
    message = _bulk.outage_message('API gone', entries)
    assert message.startswith('API gone. 26 of the 53 targets were written before that (w00, w01, ')
    assert 'w24, and 1 more (see intercepts)); 27 failed and were not written: f00, f01, ' in message
    assert message.endswith('f24, and 2 more (see intercepts)')


def test_a_run_the_breaker_ended_fails_with_the_outage_message(simulator, monkeypatch):
    monkeypatch.setattr(_client.WebexClient, 'outage', property(lambda client: OUTAGE))
    alice = simulator.person_by_email(ALICE)['id']
    failed, result = run(simulator, [{'person_id': alice, 'enabled': True}, {'person_email': NOBODY}])
    assert failed
    assert result['msg'] == ('%s. 1 of the 2 targets were written before that (%s); 1 failed and were not written: %s'
                             % (OUTAGE, alice, NOBODY))
    assert result['counts'] == dict(total=2, changed=1, unchanged=0, failed=0, missing=1)
    assert [item['written'] for item in result['intercepts']] == [['settings'], []]
    assert result['changed'] is True


def test_an_outage_without_failures_exits(simulator, monkeypatch):
    monkeypatch.setattr(_client.WebexClient, 'outage', property(lambda client: OUTAGE))
    alice = simulator.person_by_email(ALICE)['id']
    failed, result = run(simulator, [{'person_id': alice, 'enabled': True}])
    assert not failed and result['changed'] is True


def test_names_all_found_at_a_location_spend_no_request_on_it(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True}], location_id=hq)
    assert not failed, result
    assert location_requests(simulator) == []
    assert result['warned'] == []


def test_everyone_finding_targets_spends_no_request_on_the_location(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    failed, result = run(simulator, [], everyone=['workspace'], location_id=hq, defaults={'enabled': True},
                         check_mode=True)
    assert not failed, result
    assert result['intercepts'] and location_requests(simulator) == []
    assert result['warned'] == []


def test_a_name_not_found_at_an_unknown_location_names_the_location(simulator):
    failed, result = run(simulator, [{'person_email': NOBODY, 'enabled': True}], location_id=BOGUS)
    assert failed
    assert result['msg'] == UNKNOWN


def test_a_name_not_found_at_a_customer_location_is_checked_in_that_organization(simulator):
    org_id = simulator.partner_org_id
    site = simulator.location_by_name('Customer Main Site', org_id=org_id)['id']
    failed, result = run(simulator, [{'person_email': NOBODY, 'enabled': True}], location_id=site, org_id=org_id)
    assert failed
    assert result['msg'] == ('1 of the 1 target failed, 0 changed, 0 unchanged: intercepts[0] (person %s): '
                             'person_email %s matches no Webex person in this location' % (NOBODY, NOBODY))
    assert len(location_requests(simulator)) == 1


def test_everyone_at_a_location_with_no_targets_warns_naming_each_kind(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/workspaces$', 'body': {'items': []}},
                          {'status': 200, 'method': 'GET', 'path': '^/v1/telephony/config/virtualLines$',
                           'body': {'virtualLines': []}}])
    failed, result = run(simulator, [], everyone=['workspace', 'virtual_line'], location_id=hq,
                         defaults={'enabled': True})
    assert not failed, result
    assert result['warned'] == ['location_id %s has no workspaces and no virtual lines with Webex Calling: there is '
                                'nothing to do there' % hq]
    assert result['intercepts'] == [] and len(location_requests(simulator)) == 1


def test_everyone_at_an_unknown_location_fails_naming_it(simulator):
    failed, result = run(simulator, [], everyone=['workspace'], location_id=BOGUS, defaults={'enabled': True})
    assert failed
    assert result['msg'] == UNKNOWN


def test_a_name_missing_beside_everyone_found_warns_only_of_the_skip(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    failed, result = run(simulator, [{'person_email': NOBODY}], everyone=['workspace'], location_id=hq,
                         missing='skip', defaults={'enabled': True}, check_mode=True)
    assert not failed, result
    assert len(result['warned']) == 1 and result['warned'][0].endswith('was skipped: %s' % NOBODY)


def test_a_name_missing_beside_a_name_found_and_no_one_else_at_the_location_warns_only_of_the_skip(simulator):
    hq = simulator.location_by_name('Headquarters')['id']
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/workspaces$', 'body': {'items': []}}])
    failed, result = run(simulator, [{'person_email': ALICE}, {'person_email': NOBODY}], everyone=['workspace'],
                         location_id=hq, missing='skip', defaults={'enabled': True}, check_mode=True)
    assert not failed, result
    assert len(result['warned']) == 1 and result['warned'][0].endswith('was skipped: %s' % NOBODY)


def test_a_listing_refused_at_an_unknown_location_names_the_location(simulator):
    simulator.add_faults([{'status': 404, 'method': 'GET', 'path': '^/v1/people$',
                           'body': {'message': 'Not found', 'trackingId': 'TRACK-7'}}])
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True}], location_id=BOGUS)
    assert failed
    assert result['msg'] == UNKNOWN
    assert result['api_error']['status'] == 404


def test_a_listing_refused_at_a_customer_location_is_the_api_error(simulator):
    org_id = simulator.partner_org_id
    site = simulator.location_by_name('Customer Main Site', org_id=org_id)['id']
    simulator.add_faults([{'status': 400, 'method': 'GET', 'path': '^/v1/people$',
                           'body': {'message': 'Bad request', 'trackingId': 'TRACK-8'}}])
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True}], location_id=site, org_id=org_id)
    assert failed
    assert result['msg'] == ('GET /people failed: HTTP 400: Bad request (trackingId TRACK-8, 1 attempt); nothing was '
                             'written')


class Pool(_bulk.ThreadPoolExecutor):
    made = []

    def __init__(self, max_workers=None):
        super(Pool, self).__init__(max_workers=max_workers)
        self.workers = max_workers
        self.waited = 'not shut down'
        Pool.made.append(self)

    def shutdown(self, wait=True, **kwargs):
        self.waited = wait
        super(Pool, self).shutdown(wait=wait, **kwargs)


def test_the_run_uses_concurrency_workers_one_more_connection_and_waits_for_them(simulator, monkeypatch):
    sizes = []
    real = _bulk.client_from_module

    def client_from_module(module, **kwargs):
        sizes.append(kwargs.get('pool_size'))
        return real(module, **kwargs)

    monkeypatch.setattr(_bulk, 'client_from_module', client_from_module)
    monkeypatch.setattr(_bulk, 'ThreadPoolExecutor', Pool)
    del Pool.made[:]
    failed, result = run(simulator, [{'person_email': ALICE, 'enabled': True}], concurrency=1)
    assert not failed, result
    assert sizes == [2]
    assert [(pool.workers, pool.waited) for pool in Pool.made] == [(1, True)]
