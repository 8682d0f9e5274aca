# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_compare (the items of the roles and filters, and the comparison with what was read): its messages word for
word and its results field by field."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _compare
from ansible_collections.webex.calling.plugins.module_utils._compare import (
    Index,
    Request,
    compare,
    compare_entry,
    current_of,
    item_key,
    kinds_of,
    missing_entry,
    owner_key,
    site_kinds_of,
    split_list,
    summarize,
    targets,
)
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS
from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError

WORKSPACE = OWNERS['workspace']
LOCATION = OWNERS['location']
LINE = OWNERS['virtual_line']
ON = {'enabled': True}


def refused(function, *args, **kwargs):
    with pytest.raises(SettingsError) as caught:
        function(*args, **kwargs)
    return str(caught.value)


def person(person_id, email=None, enabled=False, **extra):
    return dict(dict(person_id=person_id, email=email, display_name=None, location_id='L1', location_name='Main',
                     intercept={'enabled': enabled}, greeting_file_name=None, error=None), **extra)


def test_split_list_accepts_lists_and_separated_strings():
    assert split_list(None, 'people') == []
    assert split_list(' a@x.com, b@x.com;c@x.com\nd@x.com  e@x.com ', 'people') == [
        'a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com']
    assert split_list(('a', 'b'), 'people') == ['a', 'b']
    assert refused(split_list, 5, 'people') == (
        'people must be a list or one string separated by commas, spaces or new lines, not int')


def test_kinds_of_and_site_kinds_of():
    assert kinds_of(None) == (OWNERS['person'],)
    assert kinds_of('workspace, virtual_line workspace') == (OWNERS['person'], WORKSPACE, LINE)
    assert refused(kinds_of, ['location'], 'item_kinds') == (
        "item_kinds: 'location' is not a kind of target; use person, workspace, virtual_line")
    assert site_kinds_of('virtual_lines, People', 'site_kinds') == ['person', 'virtual_line']
    assert site_kinds_of(['workspaces', 'persons'], 'site_kinds') == ['person', 'workspace']
    assert refused(site_kinds_of, 'rooms', 'site_kinds') == (
        "site_kinds: 'rooms' is not a kind of target; use person, workspace, virtual_line")
    assert refused(site_kinds_of, ' ', 'site_kinds') == 'site_kinds is empty; give one or more of person, workspace, ' \
                                                        'virtual_line'


def test_item_key_of_each_shape():
    assert item_key(' a@x.com ', 'people[0]') == {'email': 'a@x.com'}
    assert item_key('abc', 'people[0]') == {'person_id': 'abc'}
    assert item_key('  ', 'people[0]') is None
    assert item_key({'person_id': 'p1', 'person_email': 'a@x.com'}, 'people[0]') == {'person_id': 'p1', 'email': 'a@x.com'}
    assert item_key({'person_id': 'p1'}, 'people[0]') == {'person_id': 'p1', 'email': None}
    assert item_key({'email': 'a@x.com', 'enabled': True}, 'people[0]') == {'email': 'a@x.com'}
    assert item_key({'workspace_name': ' Lobby '}, 'people[1]', kinds_of('workspace')) == {'workspace_name': 'Lobby'}
    assert refused(item_key, {}, 'people[2]') == 'people[2] is an empty dictionary; give email or person_id'
    assert refused(item_key, {'enabled': True}, 'people[2]', kinds_of('workspace')) == (
        'people[2] needs email or person_id, workspace_id or workspace_name; got keys enabled')
    assert refused(item_key, 5, 'people[3]') == (
        'people[3] must be an email address, a person ID or a dictionary, not int')
    assert refused(item_key, {'person_id': 5}, 'people[4]') == 'people[4].person_id must be a person ID (a string), not int 5'
    assert refused(item_key, {'email': ['a']}, 'people[4]') == (
        "people[4].email must be an email address (a string), not list ['a']")
    assert refused(item_key, {'email': 'a@x.com', 'workspace_id': 'w1'}, 'people[5]', kinds_of('workspace')) == (
        'people[5] names targets of several kinds (email, workspace_id); give one target per item')
    assert refused(item_key, {'workspace_name': ' '}, 'people[6]', kinds_of('workspace')) == (
        "people[6].workspace_name must be the name of a workspace, a non-empty string, not ' '")
    assert refused(item_key, {'virtual_line_id': 5}, 'people[6]', kinds_of('virtual_line')) == (
        'people[6].virtual_line_id must be the ID of a virtual line, a non-empty string, not 5')


def test_owner_key_of_each_shape():
    webex_id = 'Y2lzY29zcGFyazovL3VzL1BMQUNFLzEyMw'
    assert owner_key(WORKSPACE, ' Lobby ', 'workspaces[0]') == {'workspace_name': 'Lobby'}
    assert owner_key(WORKSPACE, webex_id, 'workspaces[0]') == {'workspace_id': webex_id}
    assert owner_key(WORKSPACE, ' ', 'workspaces[0]') is None
    assert owner_key(WORKSPACE, {'workspace_id': 'w1', 'workspace_name': 'Lobby'}, 'workspaces[0]') == {'workspace_id': 'w1'}
    assert owner_key(LOCATION, {'location_name': 'Main', 'enabled': True}, 'locations[0]') == {'location_name': 'Main'}
    assert refused(owner_key, WORKSPACE, {'enabled': True}, 'workspaces[1]') == (
        'workspaces[1] needs workspace_name or workspace_id; got keys enabled')
    assert refused(owner_key, WORKSPACE, {}, 'workspaces[1]') == (
        'workspaces[1] needs workspace_name or workspace_id; got keys none')
    assert refused(owner_key, WORKSPACE, {'workspace_id': ''}, 'workspaces[2]') == (
        "workspaces[2].workspace_id must be the ID of a workspace, a non-empty string, not ''")
    assert refused(owner_key, LINE, {'virtual_line_name': 7}, 'virtual_lines[2]') == (
        'virtual_lines[2].virtual_line_name must be the name of a virtual line, a non-empty string, not 7')
    assert refused(owner_key, LOCATION, 5, 'locations[3]') == (
        'locations[3] must be the name or ID of a location, or a dictionary, not int')
    assert refused(owner_key, WORKSPACE, {'workspace_id': 'w1', 'emial': 'x'}, 'workspaces[4]').startswith(
        'workspaces[4].emial is not ')


def test_request_messages():
    assert refused(Request, profiles=['a']) == 'profiles must be a dictionary of named settings, not list'
    assert refused(Request, profiles={'closed': ON, 'open': ON}, profile='late') == (
        'profile late is not one of the profiles closed, open; use one of them or add it to profiles')
    assert refused(Request, profile='late') == (
        'profile late is not one of the profiles (none defined); use one of them or add it to profiles')
    assert refused(Request, people=[{'email': 'a@x.com', 'profile': 'late'}]) == (
        "people[0].profile 'late' is not one of the profiles: none defined")
    assert refused(Request, people=[{'email': 'a@x.com', 'profile': 'late'}], profiles={'b': ON, 'a': ON}) == (
        "people[0].profile 'late' is not one of the profiles: a, b")
    assert refused(Request, owners={'location': ['Main']}, location_greeting=5) == (
        'location_greeting must be the name of a file of the announcement repository, not 5')
    assert refused(Request, labels={'profiles': 'intercept_profiles'}, profiles='x') == (
        'intercept_profiles must be a dictionary of named settings, not str')


def test_request_select_keeps_the_items_named():
    request = Request(ON, people=['a@x.com', 'B@x.com', {'person_id': 'p3'}], select='b@x.com p3',
                      owners={'workspace': ['Lobby', 'Hall'], 'virtual_line': None, 'location': None})
    assert [key for key, dummy, dummy2 in request.people] == [{'email': 'B@x.com'}, {'person_id': 'p3', 'email': None}]
    assert request.owners['workspace'] == []
    request = Request(ON, owners={'workspace': 'Lobby; Hall', 'location': None}, select='hall')
    assert [key for key, dummy, dummy2 in request.owners['workspace']] == [{'workspace_name': 'Hall'}]
    assert request.count() == 1


def test_request_read_one_and_bulk_items():
    assert Request(ON, people=['a@x.com']).read_one() == {'person_email': 'a@x.com'}
    assert Request(ON, people=[{'person_id': 'p1', 'email': 'a@x.com'}]).read_one() == {'person_id': 'p1'}
    assert Request(ON, people=['a@x.com', 'b@x.com']).read_one() == {}
    assert Request(ON, people=[{'workspace_name': 'Lobby'}], kinds='workspace').read_one() == {}
    request = Request(ON, people=['a@x.com', {'person_id': 'p1', 'email': 'b@x.com', 'profile': 'closed'}, 'a@x.com',
                                  {'person_id': 'p2'}, {'workspace_id': 'w1', 'display_name': 'Lobby'}],
                      kinds='workspace', profiles={'closed': {'enabled': False}})
    items, defaults = request.bulk_items()
    assert defaults == {}
    assert items == [{'person_email': 'a@x.com', 'enabled': True},
                     {'person_id': 'p1', 'email': 'b@x.com', 'enabled': False},
                     {'person_id': 'p2', 'enabled': True},
                     {'workspace_id': 'w1', 'display_name': 'Lobby', 'enabled': True}]
    items, defaults = Request(ON, people=['a@x.com', {'email': 'b@x.com', 'intercept': {'enabled': False}}]).bulk_items()
    assert defaults == ON
    assert items == [{'person_email': 'a@x.com'}, {'person_email': 'b@x.com', 'enabled': False}]


def test_request_without_settings_names_whom():
    request = Request(None, people=['a@x.com', {'email': 'b@x.com', 'enabled': True}, {'person_id': 'p3'}],
                      owners={'workspace': ['Lobby'], 'location': None})
    assert request.without_settings() == ['a@x.com', 'p3', 'Lobby']
    assert refused(targets, ['a@x.com', 'p3'], require_settings=True) == (
        "no settings are wanted for a@x.com, p3; set profile, wanted or the person's own settings")
    assert refused(targets, [], required=True) == (
        'people is empty; list the email addresses or person IDs of the people')
    assert targets([], required=True, site=True)['site_kinds'] == ['person', 'workspace', 'virtual_line']


def test_targets_result():
    result = targets(['a@x.com', {'workspace_name': 'Lobby'}], wanted=ON, kinds=['workspace'],
                     locations=[{'location_name': 'Main', 'display_name': 'Main office'}, 'Branch'],
                     location_greeting='closed.wav', site=True, site_kinds='workspace')
    assert result['people'] == ['a@x.com', {'workspace_name': 'Lobby'}]
    assert result['read'] == {}
    assert result['intercepts'] == [{'person_email': 'a@x.com'}, {'workspace_name': 'Lobby'}]
    assert result['defaults'] == ON
    assert result['count'] == 4
    assert result['kinds'] == ['person', 'workspace']
    assert result['site_kinds'] == ['workspace']
    assert [(item['label'], item.get('location_name'), item['enabled'], item['incoming']['announcements'])
            for item in result['locations']] == [
        ('Main office', 'Main', True, {'greeting': 'CUSTOM', 'file_name': 'closed.wav'}),
        ('Branch', 'Branch', True, {'greeting': 'CUSTOM', 'file_name': 'closed.wav'})]


def test_location_settings_drop_an_upload():
    settings = _compare.location_settings({'incoming': {'announcements': {'greeting': 'CUSTOM',
                                                                          'greeting_file': '/tmp/x.wav'}}}, '', 'here')
    assert settings == {'incoming': {'announcements': {'greeting': 'DEFAULT'}}}
    settings = _compare.location_settings({'incoming': {'announcements': {'greeting': 'CUSTOM',
                                                                          'file_name': 'a.wav'}}}, '', 'here')
    assert settings == {'incoming': {'announcements': {'greeting': 'CUSTOM', 'file_name': 'a.wav'}}}


def test_index_messages_and_matches():
    assert refused(Index, {'a': 1}) == 'the input must be the list of persons returned by the info module'
    assert refused(Index, [{'email': 'a@x.com'}], WORKSPACE) == (
        'the input must be the workspaces returned by the info module; an entry without workspace_id was given')
    index = Index([person('p1', 'A@x.com'), person('p2', 'a@x.com'), person('p3', 'c@x.com')])
    assert refused(index.find, {'email': 'a@X.com'}) == (
        'a@X.com matches 2 people (p1, p2); give the person_id of the one meant')
    assert index.find({'email': 'C@x.com'})['person_id'] == 'p3'
    assert index.find({'person_id': 'p2', 'email': 'zzz'})['person_id'] == 'p2'
    assert index.find({'email': 'none@x.com'}) is None


def test_current_of_each_shape():
    assert current_of(None) is None
    assert refused(current_of, ['x']) == ('intercept settings must be a dictionary (the intercept of an entry returned '
                                          'by the info module), not list')
    assert current_of(dict(person_id='p1', intercept=None)) is None
    entry = dict(workspace_id='w1', intercept={'enabled': True}, greeting_file_name='a.wav')
    assert current_of(entry) == {'enabled': True, 'incoming': {'announcements': {'file_name': 'a.wav'}}}
    assert current_of({'enabled': True, 'incoming': {'announcements': {'file_name': 'b.wav'}}}) == {
        'enabled': True, 'incoming': {'announcements': {'file_name': 'b.wav'}}}


def test_compare_entry_and_missing_entry_fields():
    result = compare_entry(person('p1', 'a@x.com', overridden_by_location=True), ON)
    assert result == dict(kind='person', email='a@x.com', display_name=None, location_id='L1', location_name='Main',
                          wanted=ON, current={'enabled': False}, greeting_file_name=None, found=True,
                          drift=['enabled'], details=[dict(field='enabled', expected=True, actual=False)], error=None,
                          overridden_by_location=True, person_id='p1')
    unread = compare_entry(dict(workspace_id='w1', intercept=None), ON, WORKSPACE)
    assert unread['error'] == 'the settings of this workspace were not read' and unread['workspace_id'] == 'w1'
    assert unread['overridden_by_location'] is False and unread['drift'] == []
    failed = compare_entry(dict(workspace_id='w1', intercept=None, error='HTTP 500'), ON, WORKSPACE)
    assert failed['error'] == 'HTTP 500'
    assert missing_entry({'workspace_name': 'Lobby'}, ON, WORKSPACE) == dict(
        kind='workspace', email=None, display_name='Lobby', location_id=None, location_name=None, wanted=ON, current=None,
        greeting_file_name=None, found=False, drift=[], details=[],
        error='matches no Webex Calling workspace among those read', overridden_by_location=None, workspace_id=None)
    assert missing_entry({'person_id': 'p9', 'email': 'z@x.com'}, ON)['display_name'] is None


def test_compare_messages_and_overrides():
    entries = [person('p1', 'a@x.com'), person('p2', 'b@x.com', enabled=True)]
    assert refused(compare, entries, Request(ON), on_missing='skip') == (
        "on_missing must be one of fail, report, not 'skip'")
    request = Request(ON, people=['a@x.com', 'nobody@x.com', 'p8'])
    assert refused(compare, entries, request) == (
        '2 of the people listed match no Webex Calling person among those read: nobody@x.com, p8')
    results = compare(entries, request, on_missing='report')
    assert [(result['person_id'], result['found']) for result in results] == [('p1', True), (None, False), ('p8', False)]
    twice = Request(ON, people=['a@x.com', {'person_id': 'p1', 'enabled': False}])
    assert refused(compare, entries, twice) == 'a@x.com is listed twice with different settings; list each person once'
    same = compare(entries, Request(ON, people=['a@x.com', 'p1']))
    assert [result['person_id'] for result in same] == ['p1']
    overridden = compare(entries, Request(ON, overrides=[{'email': 'b@x.com', 'enabled': False}, {'workspace_id': 'w1'}],
                                          kinds='workspace'))
    assert [(result['person_id'], result['wanted'], result['drift']) for result in overridden] == [
        ('p1', ON, ['enabled']), ('p2', {'enabled': False}, ['enabled'])]
    listed = compare(entries, Request(ON, people=['b@x.com'], overrides=[{'email': 'b@x.com', 'enabled': False}]))
    assert [(result['person_id'], result['wanted']) for result in listed] == [('p2', {'enabled': False})]
    others = compare([dict(workspace_id='w1', display_name='Lobby', intercept={'enabled': False})],
                     Request(ON, people=['a@x.com', {'workspace_name': 'lobby'}], kinds='workspace'), kind=WORKSPACE)
    assert [(result['workspace_id'], result['drift']) for result in others] == [('w1', ['enabled'])]


def test_summarize_groups_and_counts():
    results = [compare_entry(person('p1', 'a@x.com'), ON), compare_entry(person('p2', 'b@x.com', enabled=True), ON),
               compare_entry(dict(person_id='p3', intercept=None), ON), missing_entry({'email': 'z@x.com'}, ON)]
    summary = summarize(results)
    assert summary['counts'] == dict(to_apply=2, compliant=1, drifted=1, unreadable=1, missing=1, people=4)
    assert [result['person_id'] for result in summary['to_apply']] == ['p1', 'p3']
    assert [result['person_id'] for result in summary['compliant']] == ['p2']
    assert [result['person_id'] for result in summary['drifted']] == ['p1']
    assert [result['person_id'] for result in summary['unreadable']] == ['p3']
    assert [result['email'] for result in summary['missing']] == ['z@x.com']
    assert summary['by_setting'] == {'enabled': 1}
    assert summary['people'] is results


def test_extension_and_intercept_keys_where_they_belong():
    lines = kinds_of('virtual_line')
    assert item_key({'virtual_line_name': 'Main Line', 'extension': '1801'}, 'people[0]', lines) == {
        'virtual_line_name': 'Main Line'}
    assert refused(item_key, {'email': 'a@x.com', 'extension': '1801'}, 'people[0]').startswith(
        'people[0].extension is not ')
    assert owner_key(LINE, {'virtual_line_name': 'Main Line', 'extension': '1801'}, 'virtual_lines[0]') == {
        'virtual_line_name': 'Main Line'}
    assert owner_key(WORKSPACE, {'workspace_name': 'Lobby', 'intercept': ON, 'profile': 'p'}, 'workspaces[0]') == {
        'workspace_name': 'Lobby'}
    assert refused(owner_key, WORKSPACE, {'enabled': True, 'outgoing': {'type': 'ALLOW_ALL'}}, 'workspaces[1]') == (
        'workspaces[1] needs workspace_name or workspace_id; got keys enabled, outgoing')
    request = Request(ON, people=[{'virtual_line_id': 'v1', 'extension': '1801', 'enabled': False}], kinds='virtual_line')
    assert request.bulk_items()[0] == [{'virtual_line_id': 'v1', 'enabled': False}]


def test_several_kinds_in_one_item_are_refused():
    both = kinds_of('workspace, virtual_line')
    assert refused(item_key, {'workspace_id': 'w1', 'virtual_line_id': 'v1'}, 'people[0]', both) == (
        'people[0] names targets of several kinds (workspace_id, virtual_line_id); give one target per item')
    assert refused(item_key, {'person_email': 'a@x.com', 'workspace_id': 'w1'}, 'people[1]', both) == (
        'people[1] names targets of several kinds (person_email, workspace_id); give one target per item')
    assert refused(site_kinds_of, 5, 'site_kinds') == (
        'site_kinds must be a list or one string separated by commas, spaces or new lines, not int')


def test_an_item_own_intercept_profile_and_override_merge_in_order():
    request = Request(ON, profiles={'closed': {'enabled': False, 'outgoing': {'type': 'INTERCEPT_ALL'}}}, people=[
        {'email': 'a@x.com', 'profile': 'closed', 'intercept': {'outgoing': {'type': 'ALLOW_LOCAL_ONLY'},
                                                                'incoming': {'type': 'ALLOW_ALL'}},
         'incoming': {'type': 'INTERCEPT_ALL'}},
        {'email': 'b@x.com', 'intercept': {'enabled': 'yes', 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}}])
    items, defaults = request.bulk_items()
    assert items[0] == {'person_email': 'a@x.com', 'enabled': False, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'},
                        'incoming': {'type': 'INTERCEPT_ALL'}}
    assert items[1] == {'person_email': 'b@x.com', 'enabled': True, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}
    entries = [person('p2', 'b@x.com', enabled=True)]
    override = Request(ON, people=[{'email': 'b@x.com', 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}],
                       overrides=[{'email': 'b@x.com', 'enabled': False}])
    assert compare(entries, override)[0]['wanted'] == {'enabled': False, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}


def test_compare_goes_on_after_an_item_listed_twice_and_keeps_the_wanted_of_the_missing():
    entries = [person('p1', 'a@x.com'), person('p2', 'b@x.com', enabled=True, greeting_file_name='a.wav')]
    results = compare(entries, Request(ON, people=['a@x.com', 'p1', 'b@x.com', 'nobody@x.com']), on_missing='report')
    assert [(result['person_id'], result['found'], result['wanted']) for result in results] == [
        ('p1', True, ON), ('p2', True, ON), (None, False, ON)]
    assert results[1]['greeting_file_name'] == 'a.wav'


def test_compare_entry_is_not_strict_about_the_read_only_file_name():
    entry = person('p1', 'a@x.com', greeting_file_name='a.wav')
    result = compare_entry(entry, {'incoming': {'announcements': {'file_name': 'b.wav'}}})
    assert (result['drift'], result['error'], result['greeting_file_name']) == ([], None, 'a.wav')


def test_location_settings_keep_what_is_given():
    assert _compare.location_settings({'enabled': True}, '', 'here') == {'enabled': True}
    assert _compare.location_settings({'incoming': {'announcements': {
        'greeting': 'CUSTOM', 'greeting_file': '/tmp/x.wav', 'file_name': 'a.wav'}}}, '', 'here') == {
        'incoming': {'announcements': {'greeting': 'CUSTOM', 'file_name': 'a.wav'}}}
    new_number = {'incoming': {'announcements': {'new_number': {'enabled': True, 'destination': '+14085550123'}}}}
    assert refused(targets, [], wanted=new_number, locations=[
        {'location_name': 'Main', 'incoming': {'announcements': {'new_number': {'destination': ''}}}}]).startswith(
        'locations[0].incoming.announcements.new_number.enabled is true but '
        'locations[0].incoming.announcements.new_number.destination is ""')


def test_a_location_without_settings_is_named():
    assert Request(None, owners={'location': ['Main office']}).without_settings() == ['Main office']


def test_an_item_listed_twice_in_another_key_order_is_given_once():
    request = Request(None, people=[{'email': 'a@x.com', 'intercept': {'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}},
                                     'enabled': True},
                                    {'email': 'a@x.com', 'enabled': True, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}])
    items, defaults = request.bulk_items()
    assert items == [{'person_email': 'a@x.com', 'enabled': True, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}]


def test_targets_defaults_and_the_checks_of_overrides():
    assert targets([])['count'] == 0
    assert targets(['a@x.com'])['intercepts'] == [{'person_email': 'a@x.com'}]
    assert refused(targets, [], overrides=[5]) == (
        'overrides[0] must be an email address, a person ID or a dictionary, not int')
    assert refused(item_key, {'enabled': True, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}}, 'people[2]') == (
        'people[2] needs email or person_id; got keys enabled, outgoing')
    assert _compare.differences(person('p1', greeting_file_name='a.wav'),
                                {'incoming': {'announcements': {'file_name': 'b.wav'}}}) == []


def test_location_items_carry_their_own_settings_and_label():
    result = targets([], wanted=ON, locations=[{'location_name': 'Main', 'display_name': '', 'enabled': False},
                                               {'location_id': 'L2', 'display_name': 'Branch office'}])
    labels = [(item['label'], item['enabled']) for item in result['locations']]
    assert labels == [('Main', False), ('Branch office', True)]
    assert result['locations'][1]['location_id'] == 'L2'


BULK_KEYS = 'person_id, person_email, workspace_id, workspace_name, virtual_line_id, virtual_line_name'


def test_bulk_item_messages_word_for_word():
    bulk_items = _compare.bulk_items
    assert refused(bulk_items, [{'person_id': 'p1'}, 5]) == (
        'intercepts[1] must be a dictionary with a target (%s) and settings, not int' % BULK_KEYS)
    assert refused(bulk_items, [{'enabled': True}]) == (
        "intercepts[0] names no target; give one of %s (a location's own intercept is set with "
        "webex.calling.webex_location_intercept)" % BULK_KEYS)
    assert refused(bulk_items, [{'person_email': 'a@x.com', 'workspace_id': 'w1'}]) == (
        'intercepts[0] names targets of several kinds (person_email, workspace_id); give one target per item')
    assert refused(bulk_items, [{'person_email': '  '}]) == (
        "intercepts[0].person_email must be the email address of a person, a non-empty string, not '  '")
    assert refused(bulk_items, [{'workspace_name': ''}]) == (
        "intercepts[0].workspace_name must be the name of a workspace, a non-empty string, not ''")
    assert refused(bulk_items, [{'virtual_line_id': 5}]) == (
        'intercepts[0].virtual_line_id must be the ID of a virtual line, a non-empty string, not 5')
    assert refused(bulk_items, [{'person_id': 'p1', 'enabled': True}, {'person_id': 'p1', 'enabled': False}]) == (
        'intercepts[0] (p1) and intercepts[1] (p1) are both for person p1, with different settings; list each target '
        'once')


def test_bulk_item_labels_and_loose_values():
    items = _compare.bulk_items([{'workspace_id': 'W1', 'email': 'a@x.com'}, {'workspace_id': 'W2', 'display_name': 5},
                                 {'person_id': 'p1', 'enabled': 'yes', 'intercept': {'outgoing': {'transfer_enabled': 'no'}}}])
    assert [item.label for item in items] == ['W1', 'W2', 'p1']
    assert items[2].wanted == {'enabled': True, 'outgoing': {'transfer_enabled': False}}


def test_kind_lists_and_owner_lists_name_their_option():
    assert refused(kinds_of, 5, 'item_kinds') == (
        'item_kinds must be a list or one string separated by commas, spaces or new lines, not int')
    assert refused(Request, owners={'workspace': 5}) == (
        'workspaces must be a list or one string separated by commas, spaces or new lines, not int')


def test_owner_items_skip_empty_names_and_take_their_own_settings():
    request = Request(ON, owners={'workspace': ['  ', 'Lobby'], 'virtual_line': [
        {'virtual_line_name': 'Main Line', 'extension': '1801', 'intercept': {'enabled': False}}],
        'location': [{'location_name': 'Main', 'enabled': 'no'}]})
    assert [key for key, dummy, dummy2 in request.owners['workspace']] == [{'workspace_name': 'Lobby'}]
    items, defaults = request.bulk_items()
    assert items == [{'workspace_name': 'Lobby'}, {'virtual_line_name': 'Main Line', 'enabled': False}]
    assert [item['enabled'] for item in request.location_items()] == [False]
    assert refused(Request, owners={'location': [{'location_name': 'Main', 'intercept': {
        'incoming': {'announcements': {'greeting_file': '/tmp/x.wav'}}}}]}).startswith(
        'locations[0].intercept.incoming.announcements.greeting_file cannot be used for a location: ')


def test_loose_values_in_profiles_and_location_intercepts_and_where_owner_items_are_named():
    request = Request(None, profiles={'closed': {'enabled': 'yes'}}, profile='closed',
                      owners={'location': [{'location_name': 'Main', 'intercept': {'enabled': 'no'}}]})
    assert request.wanted == {'enabled': True}
    assert [item['enabled'] for item in request.location_items()] == [False]
    assert refused(Request, owners={'workspace': ['Hall', {'workspace_name': 'Lobby', 'enabled': 'maybe'}]}) == (
        "workspaces[1].enabled must be true or false, not 'maybe'")
    assert refused(Request, people=['a@x.com'], select=5) == (
        'select must be a list or one string separated by commas, spaces or new lines, not int')
    assert [key for key, dummy, dummy2 in Request(ON, people=['', 'a@x.com']).people] == [{'email': 'a@x.com'}]
    assert refused(item_key, {'person_email': 5}, 'people[0]') == (
        'people[0].person_email must be an email address (a string), not int 5')
