# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters intercept_drift, intercept_merge and intercept_compare."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible.errors import AnsibleFilterError
from default_settings import DEFAULT_OPTIONS

from ansible_collections.webex.calling.plugins.filter.intercept_compare import FilterModule as CompareFilters
from ansible_collections.webex.calling.plugins.filter.intercept_compare import intercept_compare
from ansible_collections.webex.calling.plugins.filter.intercept_drift import FilterModule as DriftFilters
from ansible_collections.webex.calling.plugins.filter.intercept_drift import intercept_drift
from ansible_collections.webex.calling.plugins.filter.intercept_merge import FilterModule as MergeFilters
from ansible_collections.webex.calling.plugins.filter.intercept_merge import intercept_merge
from ansible_collections.webex.calling.plugins.filter.intercept_plan import FilterModule as PlanFilters
from ansible_collections.webex.calling.plugins.filter.intercept_plan import intercept_plan
from ansible_collections.webex.calling.plugins.filter.intercept_targets import FilterModule as TargetsFilters
from ansible_collections.webex.calling.plugins.filter.intercept_targets import intercept_targets

OFF = DEFAULT_OPTIONS

OUT_OF_SERVICE = {
    'enabled': True,
    'incoming': {
        'type': 'INTERCEPT_ALL',
        'announcements': {'new_number': {'enabled': True, 'destination': '+14085550123'}},
    },
}


def entry(person_id, email, intercept=None, greeting_file_name='', error=None):
    return dict(person_id=person_id, email=email, display_name=email.split('@')[0].title(), location_id='LOC',
                greeting_file_name=greeting_file_name if intercept is not None else None,
                intercept=copy.deepcopy(OFF) if intercept is None and error is None else intercept, error=error)


PERSONS = [
    entry('P1', 'alice@example.com'),
    entry('P2', 'bob@example.com', intercept=dict(copy.deepcopy(OFF), enabled=True), greeting_file_name='bob.wav'),
    entry('P3', 'shared@example.com'),
    entry('P4', 'shared@example.com'),
    entry('P5', 'gone@example.com', error='GET /people/P5/features/intercept: 500'),
]


def test_filter_modules_name_their_filters():
    assert list(DriftFilters().filters()) == ['intercept_drift']
    assert list(MergeFilters().filters()) == ['intercept_merge']
    assert list(CompareFilters().filters()) == ['intercept_compare']
    assert list(PlanFilters().filters()) == ['intercept_plan']
    assert list(TargetsFilters().filters()) == ['intercept_targets']


def test_drift_is_empty_when_every_wanted_setting_matches():
    assert intercept_drift(OFF, {'enabled': False, 'incoming': {'type': 'INTERCEPT_ALL'}}) == []
    assert intercept_drift(OFF, {}) == []
    assert intercept_drift(OFF, None) == []


def test_drift_lists_differing_leaves_in_option_order():
    assert intercept_drift(OFF, OUT_OF_SERVICE) == [
        'enabled', 'incoming.announcements.new_number.enabled', 'incoming.announcements.new_number.destination']


def test_drift_ignores_null_leaves():
    assert intercept_drift(OFF, {'enabled': None, 'incoming': {'type': None, 'announcements': None}}) == []


@pytest.mark.parametrize('wanted, message', [
    ({'enable': False}, r'^wanted\.enable is not a call intercept setting; did you mean wanted\.enabled\?'),
    ({'incoming': {'type': 'BLOCK'}}, r"^wanted\.incoming\.type must be one of INTERCEPT_ALL, ALLOW_ALL, not 'BLOCK'$"),
    ({'incoming': {'future_option': 'x'}}, r'^wanted\.incoming\.future_option is not a call intercept setting; the keys'),
    ({'outgoing': {'destination': '4100\n'}}, r"^wanted\.outgoing\.destination '4100\\n' is not a phone number"),
    ({'outgoing': {'transfer_enabled': True, 'destination': ''}}, r'wanted\.outgoing\.transfer_enabled is true but'),
    ({'incoming': 'x'}, r"^wanted\.incoming must be a dictionary with keys type, voicemail_enabled, announcements"),
])
def test_drift_checks_the_wanted_settings_naming_the_key_path(wanted, message):
    """A misspelt key or a bad value is an error, never a false all-clear (issue 11 item 0)."""
    with pytest.raises(AnsibleFilterError, match=message):
        intercept_drift(OFF, wanted)


def test_drift_treats_missing_destination_as_empty():
    current = copy.deepcopy(OFF)
    del current['outgoing']['destination']
    assert intercept_drift(current, {'outgoing': {'destination': ''}}) == []
    assert intercept_drift(current, {'outgoing': {'destination': '4100'}}) == ['outgoing.destination']


def test_drift_takes_booleans_given_as_strings():
    assert intercept_drift(OFF, {'enabled': 'false', 'outgoing': {'transfer_enabled': 'no'}}) == []
    assert intercept_drift(OFF, {'enabled': 'true'}) == ['enabled']
    with pytest.raises(AnsibleFilterError, match="wanted.enabled must be true or false, not 'perhaps'"):
        intercept_drift(OFF, {'enabled': 'perhaps'})


def test_drift_of_a_person_not_read_is_every_wanted_setting():
    assert intercept_drift(None, {'enabled': False, 'outgoing': {'type': 'INTERCEPT_ALL'}}) == ['enabled', 'outgoing.type']


def test_drift_compares_greeting_file_names_of_an_entry():
    bob = PERSONS[1]
    wanted = {'incoming': {'announcements': {'greeting': 'DEFAULT', 'greeting_file': '/files/bob.wav'}}}
    assert intercept_drift(bob, wanted) == []
    wanted['incoming']['announcements']['greeting_file'] = 'files/closed.wav'
    assert intercept_drift(bob, wanted) == ['incoming.announcements.greeting_file']
    wanted['incoming']['announcements']['greeting'] = 'CUSTOM'
    assert intercept_drift(bob, wanted) == ['incoming.announcements.greeting', 'incoming.announcements.greeting_file']


def test_drift_of_bare_settings_uses_their_file_name():
    current = copy.deepcopy(OFF)
    current['incoming']['announcements']['file_name'] = 'a.wav'
    assert intercept_drift(current, {'incoming': {'announcements': {'greeting_file': 'a.wav'}}}) == []


def test_drift_rejects_what_is_not_settings():
    with pytest.raises(AnsibleFilterError, match='must be a dictionary'):
        intercept_drift('enabled', {'enabled': True})
    with pytest.raises(AnsibleFilterError, match='wanted must be a dictionary of call intercept settings'):
        intercept_drift(OFF, ['enabled'])


def test_merge_layers_left_to_right_and_ignores_null():
    merged = intercept_merge(OUT_OF_SERVICE, {'incoming': {'voicemail_enabled': True, 'type': None}}, None,
                             {'incoming': {'announcements': {'new_number': {'destination': '+14085550111'}}}})
    assert merged == {
        'enabled': True,
        'incoming': {'type': 'INTERCEPT_ALL', 'voicemail_enabled': True,
                     'announcements': {'new_number': {'enabled': True, 'destination': '+14085550111'}}},
    }
    assert OUT_OF_SERVICE['incoming']['announcements']['new_number']['destination'] == '+14085550123'


def test_merge_drops_null_values_of_the_first_layer():
    assert intercept_merge({'enabled': None, 'incoming': {'type': None}}) == {'incoming': {}}
    assert intercept_merge(None) == {}


def test_merge_rejects_what_is_not_a_dictionary():
    with pytest.raises(AnsibleFilterError, match='argument 2'):
        intercept_merge({}, 'enabled')


def test_compare_everyone_with_a_baseline():
    results = intercept_compare(PERSONS, {'enabled': False})
    assert [result['person_id'] for result in results] == ['P1', 'P2', 'P3', 'P4', 'P5']
    assert [result['drift'] for result in results] == [[], ['enabled'], [], [], []]
    assert results[1]['details'] == [{'field': 'enabled', 'expected': False, 'actual': True}]
    assert results[4]['error'].startswith('GET /people/P5')
    assert all(result['found'] for result in results)


def test_compare_listed_people_in_list_order_with_per_person_settings():
    people = [
        'bob@example.com',
        {'person_id': 'P3', 'incoming': {'announcements': {'new_number': {'destination': '+14085550111'}}}},
        {'email': 'ALICE@example.com', 'profile': 'in_service'},
        '  ',
    ]
    results = intercept_compare(PERSONS, OUT_OF_SERVICE, people=people, profiles={'in_service': {'enabled': False}})
    assert [result['person_id'] for result in results] == ['P2', 'P3', 'P1']
    assert results[0]['drift'] == ['incoming.announcements.new_number.enabled', 'incoming.announcements.new_number.destination']
    assert results[1]['wanted']['incoming']['announcements']['new_number'] == {'enabled': True, 'destination': '+14085550111'}
    assert results[2]['wanted'] == {'enabled': False}
    assert results[2]['drift'] == []


def test_compare_takes_settings_under_intercept_as_in_a_backup():
    backup = [{'person_id': 'P2', 'email': 'bob@example.com', 'intercept': OFF, 'greeting_file_name': 'bob.wav'}]
    results = intercept_compare(PERSONS, {}, people=backup)
    assert results[0]['drift'] == ['enabled']
    assert results[0]['wanted'] == OFF


def test_compare_overrides_change_what_is_expected_without_selecting():
    overrides = [{'email': 'bob@example.com', 'enabled': True}, {'email': 'nobody@example.com', 'enabled': True}]
    results = intercept_compare(PERSONS, {'enabled': False}, overrides=overrides)
    assert len(results) == 5
    assert all(result['drift'] == [] for result in results)
    assert results[1]['wanted'] == {'enabled': True}


def test_compare_fails_on_a_shared_email():
    with pytest.raises(AnsibleFilterError, match='shared@example.com matches 2 people .P3, P4.; give the person_id'):
        intercept_compare(PERSONS, {'enabled': False}, people=['shared@example.com'])


def test_compare_fails_on_people_not_found_unless_reporting():
    with pytest.raises(AnsibleFilterError, match='2 of the people listed match no .*: nobody@example.com, P9'):
        intercept_compare(PERSONS, {'enabled': False}, people=['nobody@example.com', 'alice@example.com', 'P9'])
    results = intercept_compare(PERSONS, {'enabled': False}, people=['nobody@example.com', 'P1'], on_missing='report')
    assert [result['found'] for result in results] == [False, True]
    assert results[0]['email'] == 'nobody@example.com'
    assert results[0]['error'] == 'matches no Webex Calling person among those read'


def test_compare_lists_a_person_once_and_rejects_contradictions():
    results = intercept_compare(PERSONS, {'enabled': False}, people=['alice@example.com', 'P1'])
    assert [result['person_id'] for result in results] == ['P1']
    with pytest.raises(AnsibleFilterError, match='listed twice'):
        intercept_compare(PERSONS, {}, people=[{'person_id': 'P1', 'enabled': True}, {'person_id': 'P1', 'enabled': False}])


@pytest.mark.parametrize('people, message', [
    ([{'profile': 'x'}], 'needs email or person_id'),
    ([{}], 'an empty dictionary'),
    ([42], 'not int'),
    ([{'person_id': 'P1', 'profile': 'vacation'}], r"people\[0\]\.profile 'vacation' is not one of the profiles: none defined"),
    (['P1', {'email': 'bob@example.com', 'incomming': {}}],
     r'people\[1\]\.incomming is not a call intercept setting; did you mean people\[1\]\.incoming\?'),
    ([{'person_id': 'P1', 'incoming': {'type': 'BLOCK'}}], r'people\[0\]\.incoming\.type must be one of'),
    ([{'person_id': 'P1', 'intercept': {'enabled': 'maybe'}}], r'people\[0\]\.intercept\.enabled must be true or false'),
])
def test_compare_rejects_bad_people_items(people, message):
    with pytest.raises(AnsibleFilterError, match=message):
        intercept_compare(PERSONS, {}, people=people)


def test_compare_rejects_bad_input():
    with pytest.raises(AnsibleFilterError, match='on_missing'):
        intercept_compare(PERSONS, {}, on_missing='ignore')
    with pytest.raises(AnsibleFilterError, match='list of persons'):
        intercept_compare({'persons': []}, {})
    with pytest.raises(AnsibleFilterError, match='without person_id'):
        intercept_compare([{'email': 'x@example.com'}], {})


def test_plan_groups_and_counts_so_roles_do_not():
    plan = intercept_plan(PERSONS, {'enabled': False}, people='alice@example.com, bob@example.com\nP5 nobody@example.com',
                          on_missing='report')
    assert [entry['person_id'] for entry in plan['people']] == ['P1', 'P2', 'P5', None]
    assert [entry['person_id'] for entry in plan['to_apply']] == ['P2', 'P5']
    assert [entry['person_id'] for entry in plan['compliant']] == ['P1']
    assert [entry['person_id'] for entry in plan['drifted']] == ['P2']
    assert [entry['person_id'] for entry in plan['unreadable']] == ['P5']
    assert [entry['email'] for entry in plan['missing']] == ['nobody@example.com']
    assert plan['counts'] == {'people': 4, 'to_apply': 2, 'compliant': 1, 'drifted': 1, 'unreadable': 1, 'missing': 1}
    assert plan['by_setting'] == {'enabled': 1}


def test_plan_counts_each_setting_over_everyone():
    plan = intercept_plan(PERSONS[:2], {'enabled': True, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}})
    assert plan['by_setting'] == {'enabled': 1, 'outgoing.type': 2}
    assert plan['counts']['drifted'] == 2 and plan['counts']['compliant'] == 0


def test_plan_with_a_default_profile_and_labels():
    profiles = {'off': {'enabled': False}, 'on': {'enabled': True}}
    plan = intercept_plan(PERSONS, {'outgoing': {'type': 'INTERCEPT_ALL'}}, people=['P1', {'person_id': 'P2', 'profile': 'on'}],
                          profiles=profiles, profile='off')
    assert [entry['wanted'] for entry in plan['people']] == [
        {'enabled': False, 'outgoing': {'type': 'INTERCEPT_ALL'}}, {'enabled': True}]
    assert plan['counts']['compliant'] == 2
    message = r'^intercept_profile vacation is not one of the profiles off, on; use one of them or add it to intercept_extra_profiles$'
    with pytest.raises(AnsibleFilterError, match=message):
        intercept_plan(PERSONS, {}, profiles=profiles, profile='vacation',
                       labels={'profile': 'intercept_profile', 'profiles': 'intercept_extra_profiles'})
    with pytest.raises(AnsibleFilterError, match=r"^intercept_extra_profiles\.on\.enabled must be true or false"):
        intercept_plan(PERSONS, {}, profiles={'on': {'enabled': 'sometimes'}}, labels={'profiles': 'intercept_extra_profiles'})


def test_targets_check_everything_before_any_read():
    """Issue 11 item 0: a misspelt override key was dropped silently and the profile applied instead."""
    people = ['alice@example.com', 'P2', {'email': 'bob@example.com', 'incoming': {'type': 'ALLOW_ALL'}},
              {'email': 'carol@example.com', 'incomming': {'type': 'ALLOW_ALL'}}]
    message = r'^intercept_people\[3\]\.incomming is not a call intercept setting; did you mean intercept_people\[3\]\.incoming\?'
    with pytest.raises(AnsibleFilterError, match=message):
        intercept_targets(people, {'enabled': True}, labels={'people': 'intercept_people'})
    with pytest.raises(AnsibleFilterError, match=r"^intercept_settings\.incoming\.type must be one of"):
        intercept_targets('alice@example.com', {'incoming': {'type': 'BLOCK'}}, labels={'wanted': 'intercept_settings'})


def test_targets_split_a_survey_string_and_say_what_to_read():
    assert intercept_targets(' alice@example.com ,\n') == {'people': ['alice@example.com'],
                                                           'read': {'person_email': 'alice@example.com'},
                                                           'intercepts': [{'person_email': 'alice@example.com'}],
                                                           'defaults': {}, 'locations': [], 'count': 1,
                                                           'kinds': ['person'], 'site': False}
    assert intercept_targets(['P1'])['read'] == {'person_id': 'P1'}
    split = intercept_targets('a@example.com;P2 P3')
    assert (split['people'], split['read']) == (['a@example.com', 'P2', 'P3'], {})
    assert intercept_targets([{'person_id': 'P1', 'email': 'x@example.com'}])['read'] == {'person_id': 'P1'}


def test_targets_select_required_and_settings():
    backup = [{'person_id': 'P1', 'email': 'alice@example.com', 'intercept': OFF, 'display_name': 'A',
               'location_id': 'L', 'location_name': 'HQ', 'greeting_file_name': '', 'error': None},
              {'person_id': 'P2', 'email': 'bob@example.com', 'intercept': OFF}]
    assert intercept_targets(backup, select='BOB@example.com')['people'] == [backup[1]]
    assert intercept_targets(backup, select='P1')['people'] == [backup[0]]
    assert intercept_targets(backup, select=[])['people'] == backup
    assert intercept_targets(backup, select=' ')['people'] == backup
    assert intercept_targets(backup, select='nobody@example.com')['people'] == []
    with pytest.raises(AnsibleFilterError, match=r'^intercept_people is empty; list the email addresses or person IDs of the people$'):
        intercept_targets(' ', required=True, labels={'people': 'intercept_people'})
    with pytest.raises(AnsibleFilterError, match=r'^no settings are wanted for alice@example.com; set profile, wanted'):
        intercept_targets(['alice@example.com', {'person_id': 'P2', 'enabled': True}], require_settings=True)
    with pytest.raises(AnsibleFilterError, match=r'^persons\[1\]\.intercept\.enabled must be true or false'):
        intercept_targets([backup[0], {'person_id': 'P2', 'intercept': {'enabled': 'x'}}], labels={'people': 'persons'})


def test_targets_give_the_bulk_module_one_item_per_person_with_all_its_settings():
    people = ['alice@example.com', 'alice@example.com', {'person_id': 'P2', 'email': 'bob@example.com', 'enabled': False},
              {'email': 'carol@example.com', 'profile': 'off'},
              {'person_id': 'P4', 'incoming': {'announcements': {'new_number': {'destination': '+15550100'}}}}]
    profiles = {'out': OUT_OF_SERVICE, 'off': {'enabled': False}}
    result = intercept_targets(people, {'outgoing': {'type': 'INTERCEPT_ALL'}}, profile='out', profiles=profiles)
    base = dict(copy.deepcopy(OUT_OF_SERVICE), outgoing={'type': 'INTERCEPT_ALL'})
    bob = dict(copy.deepcopy(base), person_id='P2', email='bob@example.com', enabled=False)
    p4 = dict(copy.deepcopy(base), person_id='P4')
    p4['incoming']['announcements']['new_number']['destination'] = '+15550100'
    assert result['intercepts'] == [dict(base, person_email='alice@example.com'), bob,
                                    {'person_email': 'carol@example.com', 'enabled': False}, p4]
    assert result['defaults'] == {}


def test_targets_without_own_profiles_give_the_shared_settings_as_defaults():
    people = ['alice@example.com', {'person_id': 'P2', 'email': 'bob@example.com', 'enabled': False},
              {'email': 'carol@example.com', 'intercept': {'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}, 'enabled': True}]
    result = intercept_targets(people, {'outgoing': {'type': 'INTERCEPT_ALL'}}, profile='out',
                               profiles={'out': OUT_OF_SERVICE})
    assert result['defaults'] == dict(copy.deepcopy(OUT_OF_SERVICE), outgoing={'type': 'INTERCEPT_ALL'})
    assert result['intercepts'] == [{'person_email': 'alice@example.com'},
                                    {'person_id': 'P2', 'email': 'bob@example.com', 'enabled': False},
                                    {'person_email': 'carol@example.com', 'enabled': True,
                                     'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}]
    backup = [{'person_id': 'P1', 'email': 'alice@example.com', 'intercept': OUT_OF_SERVICE, 'display_name': 'A'}]
    assert intercept_targets(backup) == dict(people=backup, read={'person_id': 'P1'}, defaults={}, kinds=['person'],
                                             intercepts=[dict(copy.deepcopy(OUT_OF_SERVICE), person_id='P1',
                                                              email='alice@example.com')], locations=[], count=1,
                                             site=False)


def test_people_must_be_a_list_or_a_string():
    with pytest.raises(AnsibleFilterError, match=r'^people must be a list or one string'):
        intercept_compare(PERSONS, {}, people={'email': 'x'})


# --- other kinds of target: workspaces and virtual lines, and the location override -------------------------------

def workspace(workspace_id, name, intercept=None, overridden=False, error=None):
    return dict(workspace_id=workspace_id, display_name=name, location_id='L1', location_name='HQ',
                greeting_file_name='', intercept=copy.deepcopy(DEFAULT_OPTIONS) if intercept is None and not error
                else intercept, overridden_by_location=overridden, error=error)


WORKSPACES = [workspace('W1', 'Lobby Phone'), workspace('W2', 'Board Room', dict(DEFAULT_OPTIONS, enabled=True)),
              workspace('W3', 'Reception'), workspace('W4', 'Reception', overridden=True)]


def test_targets_take_other_kinds_only_when_asked():
    items = ['alice@example.com', {'workspace_name': 'Lobby Phone', 'enabled': True}, {'virtual_line_id': 'V1'}]
    checked = intercept_targets(items, kinds=['workspace', 'virtual_line'])
    assert checked['kinds'] == ['person', 'workspace', 'virtual_line']
    assert checked['read'] == {}
    assert checked['intercepts'][1:] == [{'workspace_name': 'Lobby Phone', 'enabled': True}, {'virtual_line_id': 'V1'}]
    with pytest.raises(AnsibleFilterError, match=r'^people\[1\]\.workspace_name is not a call intercept setting'):
        intercept_targets(items)
    with pytest.raises(AnsibleFilterError, match=r"^kinds: 'location' is not a kind of target; use person, workspace"):
        intercept_targets(items, kinds=['location'])
    with pytest.raises(AnsibleFilterError, match=r'^people\[0\] names targets of several kinds \(person_id, '
                                                 r'workspace_id\); give one target per item$'):
        intercept_targets([{'person_id': 'P1', 'workspace_id': 'W1'}], kinds=['workspace'])


def test_plan_of_workspaces_with_overrides_naming_them_and_people_left_to_their_own_plan():
    overrides = [{'workspace_name': 'Board Room', 'enabled': True}, {'email': 'alice@example.com', 'enabled': True}]
    plan = intercept_plan(WORKSPACES, {'enabled': False}, overrides=overrides, kind='workspace',
                          kinds=['workspace', 'virtual_line'])
    assert [(entry['kind'], entry['workspace_id'], entry['drift'], entry['overridden_by_location'])
            for entry in plan['people']] == [('workspace', 'W1', [], False), ('workspace', 'W2', [], False),
                                             ('workspace', 'W3', [], False), ('workspace', 'W4', [], True)]
    assert plan['counts']['compliant'] == 4
    people = intercept_plan(PERSONS, {'enabled': False}, overrides=overrides, kinds=['workspace'])
    assert [entry['kind'] for entry in people['people']] == ['person'] * len(PERSONS)
    assert [entry['wanted'] for entry in people['people'] if entry['email'] == 'alice@example.com'] == [{'enabled': True}]


def test_plan_of_listed_targets_plans_only_those_of_its_kind():
    listed = ['alice@example.com', {'workspace_name': 'Lobby Phone'}, {'workspace_id': 'W9'}]
    plan = intercept_plan(WORKSPACES, {'enabled': False}, people=listed, kind='workspace', kinds=['workspace'],
                          on_missing='report')
    assert [(entry['workspace_id'], entry['display_name'], entry['found'], entry['error']) for entry in plan['people']] == [
        ('W1', 'Lobby Phone', True, None), ('W9', None, False, 'matches no Webex Calling workspace among those read')]
    assert intercept_plan(WORKSPACES, {'enabled': False}, people=['alice@example.com'], kind='workspace')['people'] == []
    with pytest.raises(AnsibleFilterError, match=r'^reception matches 2 workspaces \(W3, W4\); give the workspace_id of '
                                                 r'the one meant$'):
        intercept_plan(WORKSPACES, {'enabled': False}, people=[{'workspace_name': 'reception'}], kind='workspace',
                       kinds=['workspace'])
    with pytest.raises(AnsibleFilterError, match=r'^1 of the workspaces listed matches no Webex Calling workspace among '
                                                 r'those read: W9$'):
        intercept_plan(WORKSPACES, {}, people=[{'workspace_id': 'W9'}], kind='workspace', kinds=['workspace'])
    with pytest.raises(AnsibleFilterError, match=r'^the input must be the workspaces returned by the info module'):
        intercept_plan(PERSONS, {}, kind='workspace')


# --- workspaces, virtual lines, locations and sites, in lists of their own ------------------------------------------

WORKSPACE_ID = 'Y2lzY29zcGFyazovL3VzL1BMQUNFUy8x'


def test_targets_take_workspaces_and_virtual_lines_by_name_or_id_in_the_bulk_items():
    result = intercept_targets([], {'enabled': True}, workspaces='Lobby Phone, %s\nBoard Room' % WORKSPACE_ID,
                               virtual_lines=[{'virtual_line_name': '1801', 'enabled': False}], required=True)
    assert [dict((key, value) for key, value in item.items() if key.startswith(('workspace', 'virtual')))
            for item in result['intercepts']] == [{'workspace_name': 'Lobby Phone'}, {'workspace_id': WORKSPACE_ID},
                                                  {'workspace_name': 'Board Room'}, {'virtual_line_name': '1801'}]
    # Nobody has a profile of their own: what everyone gets is the module's defaults, the line carries its own.
    assert result['defaults'] == {'enabled': True}
    assert [item.get('enabled') for item in result['intercepts']] == [None, None, None, False]
    # With a profile of its own, each item carries all of its settings.
    profiled = intercept_targets([], {'enabled': True}, profiles={'off': {'enabled': False}},
                                 workspaces=['Lobby Phone', {'workspace_name': 'Board Room', 'profile': 'off'}])
    assert profiled['defaults'] == {}
    assert [item['enabled'] for item in profiled['intercepts']] == [True, False]
    assert result['count'] == 4 and result['people'] == [] and result['locations'] == []


def test_targets_give_locations_their_settings_with_a_repository_greeting():
    wanted = {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': 'closed.wav'}}}
    result = intercept_targets([], wanted, locations='Branch Office', location_greeting='branch-closed.wav')
    assert result['locations'] == [{'location_name': 'Branch Office', 'label': 'Branch Office', 'enabled': True,
                                    'incoming': {'announcements': {'greeting': 'CUSTOM',
                                                                   'file_name': 'branch-closed.wav'}}}]
    # Without a repository greeting, a location gets the default one: it cannot upload the others' file.
    plain = intercept_targets([], wanted, locations=['Branch Office'])
    assert plain['locations'][0]['incoming'] == {'announcements': {'greeting': 'DEFAULT'}}
    with pytest.raises(AnsibleFilterError, match=r'^locations\[0\]\.incoming\.announcements\.greeting_file cannot be '
                                                 r'used for a location'):
        intercept_targets([], {}, locations=[{'location_name': 'X', 'incoming': {'announcements': {
            'greeting_file': 'x.wav'}}}])


def test_targets_of_a_site_give_the_defaults_and_check_the_kinds():
    result = intercept_targets('', {'enabled': False}, site=True, site_kinds='people, workspaces')
    assert result['everyone_settings'] == {'enabled': False} and result['intercepts'] == []
    assert result['site_kinds'] == ['person', 'workspace']
    assert intercept_targets([], {}, site=True)['site_kinds'] == ['person', 'workspace', 'virtual_line']
    with pytest.raises(AnsibleFilterError, match=r"^kinds: 'rooms' is not a kind of target; use person, workspace, "
                                                 r"virtual_line$"):
        intercept_targets([], {}, site=True, site_kinds='person,rooms', labels={'site_kinds': 'kinds'})
    with pytest.raises(AnsibleFilterError, match=r'^intercept_people is empty'):
        intercept_targets([], {}, required=True, labels={'people': 'intercept_people'})


def test_targets_reject_an_unknown_key_of_a_workspace_item():
    with pytest.raises(AnsibleFilterError, match=r'^workspaces\[0\]\.workspace is not a call intercept setting; did you '
                                                 r'mean workspaces\[0\]\.workspace_id\?'):
        intercept_targets([], {}, workspaces=[{'workspace': 'Lobby'}])


def test_targets_of_a_site_keep_the_own_settings_of_a_listed_target_with_a_profile():
    """A person listed with a profile of their own at a site being closed gets that profile only: the site's
    settings are everyone_settings (for the others), never merged under the item's as defaults."""
    closed = {'enabled': True, 'outgoing': {'type': 'INTERCEPT_ALL'}}
    result = intercept_targets([{'email': 'carol@example.com', 'profile': 'open'}], closed, site=True,
                               profiles={'open': {'enabled': False}})
    assert result['everyone_settings'] == closed
    assert result['defaults'] == {}
    assert result['intercepts'] == [{'person_email': 'carol@example.com', 'enabled': False}]
    # Without a profile of anyone's own, the items carry only their own settings and the defaults are the site's.
    shared = intercept_targets(['dave@example.com'], closed, site=True)
    assert shared['defaults'] == closed and shared['everyone_settings'] == closed
    assert shared['intercepts'] == [{'person_email': 'dave@example.com'}]


def test_a_leaf_a_role_builds_from_a_variable_is_named_by_that_variable():
    profiles = {'out_of_service': {'enabled': True, 'incoming': {'announcements': {
        'new_number': {'enabled': True, 'destination': 'call-me'}}}}}
    labels = {'profiles': 'intercept_extra_profiles',
              'profiles.out_of_service.incoming.announcements.new_number.destination': 'new_number',
              'profiles.out_of_service.incoming.announcements.zero_transfer.destination': ''}
    with pytest.raises(AnsibleFilterError, match=r"^new_number 'call-me' is not a phone number or extension; use "
                                                 r"digits"):
        intercept_targets('alice@example.com', {}, profiles=profiles, profile='out_of_service', labels=labels)
    # A leaf without a label of its own, or a label left empty, keeps its path.
    profiles['out_of_service']['incoming']['announcements'] = {'zero_transfer': {'destination': '41 00'}}
    with pytest.raises(AnsibleFilterError, match=r"^intercept_extra_profiles\.out_of_service\.incoming\.announcements\."
                                                 r"zero_transfer\.destination '41 00' is not a phone number"):
        intercept_targets('alice@example.com', {}, profiles=profiles, profile='out_of_service', labels=labels)


def test_names_rename_the_labels_of_a_role_a_playbook_sets():
    """The role's labels are its own variables; names gives those of the playbook that sets them (the leaves too)."""
    profiles = {'out_of_service': {'enabled': True, 'incoming': {'announcements': {
        'new_number': {'enabled': True, 'destination': 'call-me'}}}}}
    labels = {'people': 'intercept_people', 'profiles': 'intercept_extra_profiles',
              'profiles.out_of_service.incoming.announcements.new_number.destination': 'intercept_new_number'}
    names = {'intercept_people': 'people', 'intercept_new_number': 'new_number'}
    with pytest.raises(AnsibleFilterError, match=r"^new_number 'call-me' is not a phone number"):
        intercept_targets('alice@example.com', {}, profiles=profiles, profile='out_of_service', labels=labels,
                          names=names)
    with pytest.raises(AnsibleFilterError, match=r"^people is empty"):
        intercept_targets(' ', {'enabled': True}, required=True, labels=labels, names=names)
    # A label names does not rename keeps the role's name.
    with pytest.raises(AnsibleFilterError, match=r"^intercept_people is empty"):
        intercept_targets(' ', {'enabled': True}, required=True, labels=labels, names={'other': 'x'})


def test_a_site_location_is_listed_after_the_locations_with_the_settings():
    result = intercept_targets([], {'enabled': True}, site=True, locations='Branch Office; North',
                               site_location='Headquarters')
    assert [item['label'] for item in result['locations']] == ['Branch Office', 'North', 'Headquarters']
    assert result['locations'][2] == {'location_name': 'Headquarters', 'label': 'Headquarters', 'enabled': True}
    by_id = intercept_targets([], {'enabled': False}, site=True, site_location='Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzE')
    assert by_id['locations'] == [{'location_id': 'Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzE', 'enabled': False,
                                   'label': 'Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzE'}]
    assert intercept_targets([], {'enabled': False}, site=True, site_location='')['locations'] == []
    with pytest.raises(AnsibleFilterError, match=r'^sites must be a list or one string'):
        intercept_targets([], {}, site=True, locations=3, site_location='X', labels={'locations': 'sites'})
