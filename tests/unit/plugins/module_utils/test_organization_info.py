# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""webex_organization_info in process against the simulator, and the info modules' read_location_intercepts."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from conftest import run_module as run

from ansible_collections.webex.calling.plugins.modules import webex_organization_info, webex_workspace_intercept_info


def paths(simulator):
    return [entry['path'][len('/v1'):] for entry in simulator.log()]


def test_the_tokens_organization_then_a_named_one(simulator):
    home, partner = simulator.org_id, simulator.partner_org_id
    failed, result = run(simulator, webex_organization_info)
    assert not failed and result['organization'] == {'id': home, 'name': 'Simulated Home Org'}
    assert result['changed'] is False
    assert paths(simulator) == ['/people/me', '/organizations/' + home]
    simulator.clear_log()
    failed, result = run(simulator, webex_organization_info, org_id=' %s ' % partner)
    assert not failed and result['organization'] == {'id': partner, 'name': 'Simulated Customer Org'}
    assert paths(simulator) == ['/organizations/' + partner]


def test_an_organization_that_cannot_be_read_fails_naming_the_request(simulator):
    failed, result = run(simulator, webex_organization_info, org_id='Tm9uZQ')
    assert failed and result['msg'].startswith('the organization could not be read: GET /organizations/Tm9uZQ failed')
    assert result['api_error']['status'] == 404


def test_info_without_location_intercepts_reads_none_and_says_null(simulator):
    failed, result = run(simulator, webex_workspace_intercept_info, read_location_intercepts=False)
    assert not failed and result['workspaces']
    assert all(entry['overridden_by_location'] is None for entry in result['workspaces'])
    assert not [path for path in paths(simulator) if path.startswith('/telephony/config/locations/')]
    assert result['warned'] == []
    simulator.clear_log()
    failed, result = run(simulator, webex_workspace_intercept_info)
    assert not failed and all(entry['overridden_by_location'] is not None for entry in result['workspaces'])
    assert [path for path in paths(simulator) if path.startswith('/telephony/config/locations/')]
