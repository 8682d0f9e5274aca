# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory's pure part: options, filters, host names, host variables, groups, AWX slices."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._inventory import (
    InventoryError,
    check_options,
    matches,
    plan,
    slices,
    slug,
)

ESTATE = {'organizations': [
    {'id': 'O1', 'name': 'Acme Corp', 'counts': {'people': 3, 'workspaces': 1, 'virtual_lines': 0},
     'locations': [{'id': 'L1', 'name': 'HQ', 'counts': {'people': 2, 'workspaces': 1, 'virtual_lines': 0}},
                   {'id': 'L2', 'name': 'Branch 2', 'counts': {'people': 1}}]},
    {'id': 'O2', 'name': 'Beta & Co.', 'counts': None, 'locations': [{'id': 'L3', 'name': 'HQ', 'counts': None}]},
]}


def options(**changes):
    return check_options(changes)


def test_defaults():
    assert options() == {'hosts': 'locations', 'hostnames': 'name', 'include_organizations': [],
                         'exclude_organizations': [], 'include_locations': [], 'exclude_locations': [],
                         'partner': False, 'counts': False}


@pytest.mark.parametrize('changes, message', [
    ({'hosts': 'planets'}, "hosts must be one of locations, organizations, both, not 'planets'"),
    ({'hostnames': 'fqdn'}, 'hostnames must be one of name, qualified, id'),
    ({'include_organizations': [3]}, 'include_organizations must be a list of name patterns'),
    ({'exclude_locations': ['']}, 'exclude_locations must be a list of name patterns'),
    ({'counts': 'yes'}, 'counts must be true or false'),
    ({'hosts': 'organizations', 'include_locations': ['HQ']}, 'include_locations and exclude_locations choose'),
])
def test_bad_options_are_named(changes, message):
    with pytest.raises(InventoryError, match='^' + message.replace('(', r'\(').replace('?', r'\?')):
        check_options(changes)


def test_patterns_match_names_without_case_or_ids_exactly():
    item = {'id': 'Y2lz', 'name': 'Customer Org 07'}
    assert matches(item, ['customer *'], [])
    assert matches(item, ['Y2lz'], [])
    assert not matches(item, ['Y2L*'], [])
    assert not matches(item, [], ['*07'])
    assert matches(item, [], [])


def test_slug():
    assert slug('Beta & Co.') == 'beta-co'
    assert slug('  ') == 'unnamed'


def test_locations_grouped_under_their_organization():
    planned = plan(ESTATE, options(hostnames='qualified'))
    assert [host['name'] for host in planned['hosts']] == ['acme-corp_hq', 'acme-corp_branch-2', 'beta-co_hq']
    assert planned['groups'] == ['webex_locations', 'webex_org_acme_corp', 'webex_org_beta_co']
    first = planned['hosts'][0]
    assert first['groups'] == ['webex_locations', 'webex_org_acme_corp']
    assert first['vars'] == {
        'webex_kind': 'location', 'webex_org_id': 'O1', 'webex_org_name': 'Acme Corp', 'webex_location_id': 'L1',
        'webex_location_name': 'HQ', 'webex_people_count': 2, 'webex_workspaces_count': 1,
        'webex_virtual_lines_count': 0, 'ansible_connection': 'local',
        'ansible_python_interpreter': '{{ ansible_playbook_python }}'}
    assert planned['hosts'][1]['vars']['webex_virtual_lines_count'] == 0
    assert 'webex_people_count' not in planned['hosts'][2]['vars']


def test_organizations_and_both():
    planned = plan(ESTATE, options(hosts='organizations'))
    assert [(host['name'], host['groups']) for host in planned['hosts']] == [
        ('acme-corp', ['webex_organizations']), ('beta-co', ['webex_organizations'])]
    assert planned['hosts'][0]['vars']['webex_people_count'] == 3
    assert 'webex_location_id' not in planned['hosts'][0]['vars']
    both = plan(ESTATE, options(hosts='both', hostnames='id'))
    assert [host['name'] for host in both['hosts']] == ['O1', 'L1', 'L2', 'O2', 'L3']


def test_two_hosts_with_one_name_fail_with_the_fix():
    with pytest.raises(InventoryError, match='the location HQ of Acme Corp and the location HQ of Beta & Co. would '
                                             'both be the host hq: set hostnames to qualified'):
        plan(ESTATE, options())


def test_slices_are_round_robin_over_sorted_names_and_cover_every_host_once():
    names = ['e', 'a', 'd', 'c', 'b', 'f', 'g']
    assert slices(names, 3) == [['a', 'd', 'g'], ['b', 'e'], ['c', 'f']]
    assert sorted(sum(slices(names, 4), [])) == sorted(names)
    with pytest.raises(InventoryError, match='slices must be an integer >= 1'):
        slices(names, 0)
