# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The intercept role's result and the sentence it prints, from what its tasks returned (_outcome and the filter
intercept_result); the check that a site is named once (intercept_targets)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.webex.calling.plugins.filter.intercept_result import intercept_result as result_filter
from ansible_collections.webex.calling.plugins.filter.intercept_targets import intercept_targets
from ansible_collections.webex.calling.plugins.module_utils._outcome import intercept_result

ALICE, BOB, DESK = 'alice@example.com', 'bob@example.com', 'Front desk'


def test_people_changed_and_compliant_in_their_order():
    result = intercept_result([(ALICE, True), (BOB, False), ('carol@example.com', True)], [], people=3)
    assert result == {'people': 3, 'changed': [ALICE, 'carol@example.com'], 'compliant': [BOB], 'locations': 0,
                      'message': '3 people, 1 already compliant, 2 changed: alice@example.com, carol@example.com'}


def test_one_person_and_check_mode():
    assert intercept_result([(ALICE, True)], [], check_mode=True)['message'] == (
        '1 person, 0 already compliant, 1 would change: alice@example.com')
    assert intercept_result([(ALICE, True)], [], check_mode=False)['message'] == (
        '1 person, 0 already compliant, 1 changed: alice@example.com')


def test_nobody_changed_says_no_names():
    result = intercept_result([(ALICE, False), (BOB, False)], [])
    assert result['message'] == '2 people, 2 already compliant, 0 changed'
    assert result['people'] == 2 and result['changed'] == [] and result['compliant'] == [ALICE, BOB]


def test_the_total_is_the_bulk_modules_count_when_given():
    assert intercept_result([(ALICE, False)], [], people=5)['people'] == 5
    assert intercept_result([(ALICE, False)], [], people=0)['message'].startswith('0 people, ')


def test_other_kinds_and_locations():
    result = intercept_result([(DESK, True)], [('Berlin', True), ('Paris', False)], people_only=False)
    assert result['message'] == ('1 person, workspace or virtual line, 2 locations, 0 already compliant, 2 changed: '
                                 'Front desk, Berlin')
    assert result['changed'] == [DESK, 'Berlin'] and result['compliant'] == [] and result['locations'] == 2
    many = intercept_result([(DESK, False), (BOB, False)], [('Berlin', False)], people_only=False)['message']
    assert many == '2 people, workspaces and virtual lines, 1 location, 2 already compliant, 0 changed'


def registered(entries, total=None):
    result = {'changed': any(changed for dummy, changed in entries),
              'intercepts': [{'target': target, 'changed': changed, 'before': {}, 'after': {}}
                             for target, changed in entries]}
    if total is not None:
        result['counts'] = {'total': total}
    return result


TARGETS = {'count': 2, 'people': [ALICE, BOB], 'locations': []}


def test_the_filter_reads_the_registered_results():
    located = {'results': [{'changed': True, 'ansible_loop_var': 'intercept__location',
                            'intercept__location': {'label': 'Berlin'}},
                           {'changed': False, 'item': {'label': 'Paris'}}]}
    targets = {'count': 4, 'people': [ALICE, BOB], 'locations': ['Berlin', 'Paris']}
    result = result_filter(registered([(ALICE, True), (BOB, False)], 2), located, targets, check_mode=True)
    assert result['message'] == '2 people, 2 locations, 1 already compliant, 2 would change: alice@example.com, Berlin'


def test_the_filter_with_a_skipped_bulk_task_and_no_locations():
    assert result_filter({'skipped': True, 'changed': False}, {}, TARGETS)['message'] == (
        '0 people, 0 already compliant, 0 changed')


def test_the_filter_counts_entries_without_a_total():
    assert result_filter(registered([(ALICE, False)]), {}, TARGETS)['people'] == 1


@pytest.mark.parametrize('site, targets, words', [
    (False, TARGETS, '2 people,'),
    (True, TARGETS, '2 people, workspaces and virtual lines,'),
    (False, {'count': 3, 'people': [ALICE, BOB], 'locations': []}, '2 people, workspaces and virtual lines,'),
])
def test_the_filter_says_people_only_when_only_people_are_targets(site, targets, words):
    assert result_filter(registered([(ALICE, False), (BOB, False)], 2), {}, targets, site=site)['message'].startswith(
        words)


def test_the_filter_names_what_it_needs():
    with pytest.raises(AnsibleFilterError, match='registered results of webex_intercepts'):
        result_filter(registered([(ALICE, False)]), {}, {'people': []})


@pytest.mark.parametrize('options', [
    dict(site_location_id='L1', site_location_name='Berlin'),
    dict(site_required=True),
    dict(site_required=True, site_location_id='', site_location_name=''),
])
def test_a_site_is_named_once(options):
    with pytest.raises(AnsibleFilterError, match=r'^Set exactly one of the_id \(the Webex ID of the location\) and '
                                                 r'the_name \(its exact name\)$'):
        intercept_targets([], {'enabled': True}, site=True, labels={'site_location_id': 'the_id',
                                                                    'site_location_name': 'the_name'}, **options)


@pytest.mark.parametrize('options', [dict(site_location_id='L1'), dict(site_location_name='Berlin'),
                                     dict(site_location_id='L1', site_required=True),
                                     dict(site_location_name='Berlin', site_required=True)])
def test_a_site_named_once_passes(options):
    assert intercept_targets([], {'enabled': True}, site=True, **options)['everyone_settings'] == {'enabled': True}


def test_without_labels_the_options_are_named():
    with pytest.raises(AnsibleFilterError, match='^Set exactly one of site_location_id .* and site_location_name '):
        intercept_targets([ALICE], {'enabled': True}, site_required=True)
