# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The intercept modules' I/O (module_utils/_intercept_runner) where the survivors were: IDs of another kind refused
before any request, an info run at an unknown or empty location (in the token's organization and a customer's), a
listing refused with 400 or 404 with and without location_id, the override warning of one target and of several
locations, the token without an organization, and the pools and connections a run uses."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
from conftest import run_module as run

from ansible_collections.webex.calling.plugins.module_utils import _intercept_runner
from ansible_collections.webex.calling.plugins.modules import (
    webex_organization_info,
    webex_person_intercept_info,
    webex_workspace_intercept,
    webex_workspace_intercept_info,
)

from test_bulk_mutants import ALICE, BOGUS, Pool, location_requests
from test_owner_modules_run import enable_location

UNKNOWN = ('location_id %s matches no Webex location in this organization; check the ID, or set org_id for a customer '
           'organization' % BOGUS)


def person_id(simulator):
    return simulator.person_by_email(ALICE)['id']


@pytest.mark.parametrize('option, label, kinds', [
    ('location_id', 'a location', 'LOCATION'), ('org_id', 'an organization', 'ORGANIZATION'),
])
def test_a_scope_id_of_another_kind_is_refused_before_any_request(simulator, option, label, kinds):
    alice = person_id(simulator)
    failed, result = run(simulator, webex_workspace_intercept_info, **{option: alice})
    assert failed
    assert result['msg'] == '%s %s is the ID of a person (PEOPLE), not of %s (%s); give the ID of the %s' % (
        option, alice, label, kinds, label.split(' ')[1])
    assert simulator.log() == []


def test_a_target_id_of_another_kind_is_refused_before_any_request(simulator):
    alice = person_id(simulator)
    failed, result = run(simulator, webex_workspace_intercept, workspace_id=alice, enabled=True)
    assert failed
    assert result['msg'] == ('workspace_id %s is the ID of a person (PEOPLE), not of a workspace (PLACES or PLACE); '
                             'give the ID of the workspace' % alice)
    assert simulator.log() == []


def test_info_at_an_unknown_location_fails_naming_it(simulator):
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=BOGUS)
    assert failed
    assert result['msg'] == UNKNOWN
    assert len(location_requests(simulator)) == 1


def empty_listing(simulator):
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/workspaces$', 'body': {'items': []}}])


def test_info_at_a_customer_location_without_targets_warns_that_there_is_nothing(simulator):
    org_id = simulator.partner_org_id
    site = simulator.location_by_name('Customer Main Site', org_id=org_id)['id']
    empty_listing(simulator)
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=site, org_id=org_id)
    assert not failed, result
    assert result['workspaces'] == []
    assert result['warned'] == ['location_id %s has no workspaces with Webex Calling: there is nothing to do there' % site]
    assert [entry['query'].get('orgId') for entry in location_requests(simulator)] == [org_id]


@pytest.mark.parametrize('status', [400, 404])
def test_a_listing_refused_at_an_unknown_location_names_the_location(simulator, status):
    simulator.add_faults([{'status': status, 'method': 'GET', 'path': '^/v1/workspaces$',
                           'body': {'message': 'Bad location', 'trackingId': 'T-20'}}])
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=BOGUS)
    assert failed
    assert result['msg'] == UNKNOWN


def test_a_listing_refused_at_a_customer_location_is_the_api_error(simulator):
    org_id = simulator.partner_org_id
    site = simulator.location_by_name('Customer Main Site', org_id=org_id)['id']
    simulator.add_faults([{'status': 404, 'method': 'GET', 'path': '^/v1/workspaces$',
                           'body': {'message': 'Not here', 'trackingId': 'T-21'}}])
    failed, result = run(simulator, webex_workspace_intercept_info, location_id=site, org_id=org_id)
    assert failed
    assert result['msg'] == 'GET /workspaces failed: HTTP 404: Not here (trackingId T-21, 1 attempt)'
    assert [entry['query'].get('orgId') for entry in location_requests(simulator)] == [org_id]


def test_a_listing_refused_with_404_without_a_location_is_the_api_error(simulator):
    simulator.add_faults([{'status': 404, 'method': 'GET', 'path': '^/v1/workspaces$',
                           'body': {'message': 'Not here', 'trackingId': 'T-22'}}])
    failed, result = run(simulator, webex_workspace_intercept_info)
    assert failed
    assert result['msg'] == 'GET /workspaces failed: HTTP 404: Not here (trackingId T-22, 1 attempt)'
    assert location_requests(simulator) == []


def test_one_target_at_an_enabled_location_is_warned_about_in_the_singular(simulator):
    enable_location(simulator, 'Headquarters')
    failed, result = run(simulator, webex_workspace_intercept_info, workspace_name='Lobby Phone')
    assert not failed, result
    assert result['warned'] == [
        '1 of the 1 workspace read is at a location whose own call intercept is enabled (Headquarters): their calls '
        'follow the location\'s intercept, not the settings returned; their entry has overridden_by_location true']


def test_targets_at_two_enabled_locations_are_warned_about_naming_both(simulator):
    enable_location(simulator, 'Headquarters')
    enable_location(simulator, 'Branch Office')
    failed, result = run(simulator, webex_person_intercept_info)
    assert not failed, result
    count = len(result['persons'])
    hit = [entry for entry in result['persons'] if entry['overridden_by_location']]
    names = sorted(set((entry['location_id'], entry['location_name']) for entry in hit))
    assert len(names) == 2
    assert result['warned'] == [
        '%d of the %d people read are at locations whose own call intercept is enabled (%s): their calls follow the '
        'location\'s intercept, not the settings returned; their entries have overridden_by_location true'
        % (len(hit), count, ', '.join(name for dummy, name in names))]


def test_a_token_without_an_organization_fails_saying_so(simulator):
    simulator.add_faults([{'status': 200, 'method': 'GET', 'path': '^/v1/people/me$', 'body': {'id': 'me'}}])
    failed, result = run(simulator, webex_organization_info)
    assert failed
    assert result['msg'] == 'the access token\'s organization could not be read: GET /people/me answered no orgId'


def recording(monkeypatch):
    """The pool sizes asked of client_from_module and the pools made, as the run makes them."""
    sizes = []
    real = _intercept_runner.client_from_module

    def client_from_module(module, **kwargs):
        sizes.append(kwargs.get('pool_size'))
        return real(module, **kwargs)

    monkeypatch.setattr(_intercept_runner, 'client_from_module', client_from_module)
    monkeypatch.setattr(_intercept_runner, 'ThreadPoolExecutor', Pool)
    del Pool.made[:]
    return sizes


def test_info_uses_concurrency_workers_one_more_connection_and_waits_for_them(simulator, monkeypatch):
    sizes = recording(monkeypatch)
    failed, result = run(simulator, webex_workspace_intercept_info, concurrency=3)
    assert not failed, result
    assert sizes == [4]
    assert [(pool.workers, pool.waited) for pool in Pool.made] == [(3, True)]


def test_configure_uses_one_worker_two_connections_and_waits(simulator, monkeypatch):
    sizes = recording(monkeypatch)
    failed, result = run(simulator, webex_workspace_intercept, workspace_name='Lobby Phone', enabled=True)
    assert not failed, result
    assert sizes == [2]
    assert [(pool.workers, pool.waited) for pool in Pool.made] == [(1, True)]


def test_the_organization_is_read_on_one_connection(simulator, monkeypatch):
    sizes = recording(monkeypatch)
    failed, result = run(simulator, webex_organization_info)
    assert not failed, result
    assert sizes == [1]
