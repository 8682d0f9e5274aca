# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory's edges: a single pattern, nameless items, one slice, an empty estate, organization hosts' own
variables, counts added up per organization, when locations are read, and the messages word for word."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._inventory import (
    InventoryError,
    add_counts,
    check_options,
    matches,
    needs_locations,
    plan,
    slices,
    slug,
)


def options(**changes):
    return check_options(changes)


def refused(call, *args):
    with pytest.raises(InventoryError) as caught:
        call(*args)
    return str(caught.value)


# --- options ------------------------------------------------------------------------------------------------------

def test_a_single_pattern_is_a_list_of_one():
    checked = options(include_organizations='Customer *', exclude_locations=' Lab ')
    assert checked['include_organizations'] == ['Customer *']
    assert checked['exclude_locations'] == ['Lab']


def test_a_bad_pattern_list_is_refused_in_full():
    assert refused(check_options, {'exclude_organizations': ['Acme', 7]}) == (
        'exclude_organizations must be a list of name patterns (such as "Customer *") or IDs, not [\'Acme\', 7]')


def test_location_patterns_with_organization_hosts_are_refused_in_full():
    assert refused(check_options, {'hosts': 'organizations', 'exclude_locations': ['Lab']}) == (
        'include_locations and exclude_locations choose location hosts; with hosts: organizations there are none: '
        'set hosts to locations or both, or remove them')


@pytest.mark.parametrize('hosts, needed', [('locations', True), ('both', True), ('organizations', False)])
def test_locations_are_read_unless_only_organizations_are_hosts(hosts, needed):
    assert needs_locations(options(hosts=hosts)) is needed


# --- filters and names --------------------------------------------------------------------------------------------

def test_an_item_without_a_name_is_matched_as_an_empty_name():
    nameless = {'id': 'L9'}
    assert not matches(nameless, ['x*'], [])
    assert matches(nameless, [], ['?*'])
    assert matches(dict(nameless, name=None), ['*'], ['x*'])
    assert matches(nameless, ['L9'], [])


@pytest.mark.parametrize('text', [None, '', '--', '***'])
def test_no_name_is_unnamed(text):
    assert slug(text) == 'unnamed'


# --- counts -------------------------------------------------------------------------------------------------------

def test_counts_of_locations_add_up_to_their_organization():
    total = add_counts({}, {'people': 2, 'workspaces': 1, 'virtual_lines': 0})
    assert total == {'people': 2, 'workspaces': 1, 'virtual_lines': 0}
    assert add_counts(total, {'people': 3}) is total
    assert total == {'people': 5, 'workspaces': 1, 'virtual_lines': 0}
    assert add_counts({'people': 4}, {}) == {'people': 4, 'workspaces': 0, 'virtual_lines': 0}


# --- the plan -----------------------------------------------------------------------------------------------------

def test_an_estate_without_organizations_has_no_hosts():
    assert plan({}, options(hosts='both')) == {'hosts': [], 'groups': []}


def test_an_organization_host_has_its_own_variables():
    estate = {'organizations': [{'id': 'O1', 'name': 'Acme', 'counts': {'people': 4}, 'locations': None}]}
    host, = plan(estate, options(hosts='organizations'))['hosts']
    assert host == {'name': 'acme', 'groups': ['webex_organizations'], 'vars': {
        'webex_kind': 'organization', 'webex_org_id': 'O1', 'webex_org_name': 'Acme', 'webex_people_count': 4,
        'webex_workspaces_count': 0, 'webex_virtual_lines_count': 0, 'ansible_connection': 'local',
        'ansible_python_interpreter': '{{ ansible_playbook_python }}'}}


def test_two_locations_of_one_name_fail_with_the_fix_in_full():
    estate = {'organizations': [{'id': 'O1', 'name': 'Acme', 'locations': [{'id': 'L1', 'name': 'HQ'}]},
                                {'id': 'O2', 'name': 'Beta', 'locations': [{'id': 'L2', 'name': 'hq'}]}]}
    assert refused(plan, estate, options()) == (
        'the location HQ of Acme and the location hq of Beta would both be the host hq: set hostnames to qualified '
        '(or id)')


def test_two_hosts_of_one_qualified_name_fail_naming_id_as_the_fix():
    locations = [{'id': 'L1', 'name': 'HQ'}, {'id': 'L2', 'name': 'hq'}]
    estate = {'organizations': [{'id': 'O1', 'name': 'Acme', 'locations': locations}]}
    assert refused(plan, estate, options(hostnames='qualified')) == (
        'the location HQ of Acme and the location hq of Acme would both be the host acme_hq: set hostnames to id')
    organizations = {'organizations': [{'id': 'O1', 'name': 'Acme'}, {'id': 'O2', 'name': 'ACME'}]}
    assert refused(plan, organizations, options(hosts='organizations', hostnames='qualified')) == (
        'the organization Acme and the organization ACME would both be the host acme: set hostnames to id')


def test_two_organizations_of_one_name_are_told_to_use_ids():
    """Qualified names do not tell two organizations apart: the fix named is id, in every hostnames mode."""
    organizations = {'organizations': [{'id': 'O1', 'name': 'Acme'}, {'id': 'O2', 'name': 'ACME'}]}
    assert refused(plan, organizations, options(hosts='organizations')) == (
        'the organization Acme and the organization ACME would both be the host acme: set hostnames to id')


def test_an_organization_and_a_location_of_one_name_are_told_to_qualify():
    beta = {'id': 'O2', 'name': 'Beta', 'locations': [{'id': 'L1', 'name': 'HQ'}]}
    estate = {'organizations': [{'id': 'O1', 'name': 'HQ'}, beta]}
    assert refused(plan, estate, options(hosts='both')) == (
        'the organization HQ and the location HQ of Beta would both be the host hq: set hostnames to qualified '
        '(or id)')


# --- slices -------------------------------------------------------------------------------------------------------

def test_one_slice_holds_every_host_in_order():
    assert slices(['b', 'c', 'a'], 1) == [['a', 'b', 'c']]
    assert slices([], 2) == [[], []]


@pytest.mark.parametrize('count', [0, -1, 1.0, '2', None])
def test_a_bad_number_of_slices_is_refused_in_full(count):
    assert refused(slices, ['a'], count) == 'the number of slices must be an integer >= 1, not %r' % (count,)
