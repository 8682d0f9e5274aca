# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Translation between API and options, checks, and change plans."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import builtins
import copy
import errno

import pytest
from default_settings import default_options

from ansible_collections.webex.calling.plugins.module_utils._restore import check_backup
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    GREETING_MAX_BYTES,
    SettingsError as InterceptSettingsError,
    copy_tree,
    greeting_name_from_api,
    is_changed,
    plan,
    read_greeting_file,
    settings_from_api,
    settings_to_api,
    type_name,
    validate,
    with_file_name,
)


def plan_change(current, options, greeting=None):
    return plan(current, validate(options), greeting)


def check_options(options):
    validate(options)


# As live Webex answers: empty destinations left out, fileName spelled so, a field this client does not know.
LIVE_API = {
    'enabled': False,
    'incoming': {
        'type': 'INTERCEPT_ALL',
        'voicemailEnabled': False,
        'announcements': {
            'greeting': 'DEFAULT',
            'newNumber': {'enabled': False},
            'zeroTransfer': {'enabled': True, 'destination': '4100'},
            'someFutureField': 'x',
        },
    },
    'outgoing': {'type': 'INTERCEPT_ALL', 'transferEnabled': False},
    'interceptVersion': 2,
}

# The default settings in the module's output shape, with a press-0 transfer as LIVE_API has.
CURRENT = default_options(file_name='')
CURRENT['incoming']['announcements']['zero_transfer'] = {'enabled': True, 'destination': '4100'}

WAV_HEADER = b'RIFF\x24\x00\x00\x00WAVEfmt '


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_api_to_options_fills_missing_destinations_and_drops_unknown_fields():
    assert with_file_name(settings_from_api(LIVE_API), greeting_name_from_api(LIVE_API)) == CURRENT


def test_info_shape_has_no_file_name():
    settings = settings_from_api(LIVE_API)
    assert 'file_name' not in settings['incoming']['announcements']


@pytest.mark.parametrize('spelling', ['fileName', 'filename'])
def test_both_spellings_of_the_greeting_name_are_read(spelling):
    api = copy.deepcopy(LIVE_API)
    api['incoming']['announcements'][spelling] = 'closed.wav'
    assert greeting_name_from_api(api) == 'closed.wav'
    assert greeting_name_from_api(LIVE_API) == ''


def test_round_trip_api_options_api():
    full_api = copy.deepcopy(LIVE_API)
    full_api['incoming']['announcements'].pop('someFutureField')
    full_api.pop('interceptVersion')
    full_api['incoming']['announcements']['newNumber']['destination'] = '+14085550123'
    full_api['outgoing']['destination'] = '4200'
    assert settings_to_api(settings_from_api(full_api)) == full_api
    assert settings_to_api(CURRENT) == settings_to_api(settings_from_api(LIVE_API))


def test_to_api_never_sends_the_file_name_and_leaves_out_none():
    settings = copy.deepcopy(CURRENT)
    settings['incoming']['announcements']['file_name'] = 'x.wav'
    settings['outgoing']['type'] = None
    body = settings_to_api(settings)
    assert 'fileName' not in body['incoming']['announcements']
    assert 'filename' not in body['incoming']['announcements']
    assert 'type' not in body['outgoing']


def test_nothing_asked_means_no_change():
    change = plan_change(CURRENT, {'enabled': None, 'incoming': None, 'outgoing': None})
    assert not is_changed(change)
    assert change.body == {}
    assert change.after == CURRENT


def test_settings_equal_to_the_server_make_no_change():
    options = {'enabled': False, 'incoming': {'announcements': {'zero_transfer': {'enabled': True, 'destination': '4100'}}}}
    assert not is_changed(plan_change(CURRENT, options))


def test_put_body_holds_only_the_leaves_that_change():
    options = {
        'enabled': True,
        'incoming': {'type': 'INTERCEPT_ALL', 'voicemail_enabled': None, 'announcements': {
            'greeting': None, 'greeting_file': None,
            'new_number': {'enabled': True, 'destination': '+14085550123'},
            'zero_transfer': {'enabled': True, 'destination': '4100'},
        }},
        'outgoing': None,
    }
    change = plan_change(CURRENT, options)
    assert change.body == {
        'enabled': True,
        'incoming': {'announcements': {'newNumber': {'enabled': True, 'destination': '+14085550123'}}},
    }
    assert change.before == CURRENT
    assert change.after['enabled'] is True
    assert change.after['incoming']['announcements']['new_number'] == {'enabled': True, 'destination': '+14085550123'}
    assert change.after['outgoing'] == CURRENT['outgoing']


def test_plan_does_not_modify_current():
    snapshot = copy.deepcopy(CURRENT)
    plan_change(CURRENT, {'enabled': True})
    assert CURRENT == snapshot


@pytest.mark.parametrize('options, message', [
    ({'incoming': {'announcements': {'new_number': {'enabled': True}}}}, 'new_number.destination'),
    ({'incoming': {'announcements': {'zero_transfer': {'destination': ''}}}}, 'zero_transfer.destination'),
    ({'outgoing': {'transfer_enabled': True}}, 'outgoing.destination'),
    ({'incoming': {'announcements': {'greeting': 'CUSTOM'}}}, 'greeting_file'),
])
def test_cross_field_rules_are_checked_on_the_merged_result(options, message):
    with pytest.raises(InterceptSettingsError, match=message):
        plan_change(CURRENT, options)


def test_destination_already_on_the_server_satisfies_the_rule():
    current = copy.deepcopy(CURRENT)
    current['outgoing']['destination'] = '4200'
    change = plan_change(current, {'outgoing': {'transfer_enabled': True}})
    assert change.body == {'outgoing': {'transferEnabled': True}}


def test_custom_greeting_already_on_the_server_needs_no_file():
    current = copy.deepcopy(CURRENT)
    current['incoming']['announcements']['file_name'] = 'closed.wav'
    change = plan_change(current, {'incoming': {'announcements': {'greeting': 'CUSTOM'}}})
    assert change.body == {'incoming': {'announcements': {'greeting': 'CUSTOM'}}}
    assert change.upload is None


def test_greeting_is_uploaded_only_when_its_name_differs(tmp_path):
    greeting = read_greeting_file(write(tmp_path, 'closed.wav', WAV_HEADER))
    options = {'incoming': {'announcements': {'greeting': 'CUSTOM', 'greeting_file': greeting.path}}}
    change = plan_change(CURRENT, options, greeting)
    assert change.upload == greeting
    assert change.after['incoming']['announcements']['file_name'] == 'closed.wav'
    assert change.body == {'incoming': {'announcements': {'greeting': 'CUSTOM'}}}
    again = plan_change(change.after, options, greeting)
    assert again.upload is None and not is_changed(again)


@pytest.mark.parametrize('value', ['+14085550100', '4100', '12', ''])
def test_good_destinations(value):
    assert validate({'outgoing': {'destination': value}}) == {'outgoing': {'destination': value}}


@pytest.mark.parametrize('value', ['+1 408 555 0100', '408-555-0100', 'reception', '1', '+', '12ab', '4100\n', '\n4100',
                                   '+14085550100\n', '4100 ', '1' * 21])
def test_bad_destinations_name_the_option(value):
    with pytest.raises(InterceptSettingsError, match=r'outgoing\.destination .* is not a phone number'):
        check_options({'outgoing': {'destination': value}})


def test_greeting_file_missing(tmp_path):
    with pytest.raises(InterceptSettingsError, match='greeting_file .* does not exist'):
        read_greeting_file(str(tmp_path / 'nope.wav'))


@pytest.mark.parametrize('name, content', [
    ('greeting.wav', b'ID3\x03\x00 this is an mp3'),
    ('greeting.mp3', WAV_HEADER),
])
def test_greeting_file_not_wave(tmp_path, name, content):
    with pytest.raises(InterceptSettingsError, match='is not a WAV file'):
        read_greeting_file(write(tmp_path, name, content))


def test_greeting_file_too_large(tmp_path):
    path = write(tmp_path, 'long.wav', WAV_HEADER + b'\x00' * (GREETING_MAX_BYTES - len(WAV_HEADER) + 1))
    with pytest.raises(InterceptSettingsError, match=r'is 5120001 bytes; Webex takes greetings of at most 5000 KB \(5120000 bytes\)'):
        read_greeting_file(path)


def test_greeting_file_unreadable(tmp_path, monkeypatch):
    path = write(tmp_path, 'locked.wav', WAV_HEADER)
    real_open = open

    def refuse(name, *args, **kwargs):
        if name == path:
            raise IOError(errno.EACCES, 'Permission denied', name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(builtins, 'open', refuse)
    with pytest.raises(InterceptSettingsError, match='cannot be read .Permission denied.; fix its permissions'):
        read_greeting_file(path)


def test_file_name_given_back_must_match_the_server(tmp_path):
    current = copy.deepcopy(CURRENT)
    current['incoming']['announcements']['file_name'] = 'closed.wav'
    assert not is_changed(plan_change(current, {'incoming': {'announcements': {'file_name': 'closed.wav'}}}))
    with pytest.raises(InterceptSettingsError, match='file_name is read-only'):
        plan_change(current, {'incoming': {'announcements': {'file_name': 'other.wav'}}})
    greeting = read_greeting_file(write(tmp_path, 'other.wav', WAV_HEADER))
    options = {'incoming': {'announcements': {'file_name': 'other.wav', 'greeting_file': greeting.path}}}
    change = plan_change(current, options, greeting)
    assert change.upload == greeting


# --- validation: one function for every settings tree ----------------------------------------------------------

@pytest.mark.parametrize('tree, where, loose, message', [
    ({'enable': False}, 'baseline', True, r"^baseline\.enable is not a call intercept setting; did you mean baseline\.enabled\? "
                                          r"the keys allowed here are enabled, incoming, outgoing$"),
    ({'incoming': {'voicemail': True}}, '', False,
     r'^incoming\.voicemail is not a call intercept setting; did you mean incoming\.voicemail_enabled\?'),
    ({'incoming': {'type': 'BLOCK'}}, 'baseline', True, r"^baseline\.incoming\.type must be one of INTERCEPT_ALL, ALLOW_ALL, "
                                                        r"not 'BLOCK'$"),
    ({'incoming': {'announcements': {'new_number': {'destination': '4100\n'}}}}, 'x[2]', False,
     r"^x\[2\]\.incoming\.announcements\.new_number\.destination '4100\\n' is not a phone number"),
    ({'outgoing': {'destination': 4100.5}}, '', True, r'^outgoing\.destination must be a string, not float'),
    ({'enabled': 'yes'}, '', False, r"^enabled must be true or false, not 'yes'$"),
    ({'enabled': 'perhaps'}, 'p', True, r"^p\.enabled must be true or false, not 'perhaps'$"),
    ({'incoming': ['type']}, '', True, r'^incoming must be a dictionary with keys type, voicemail_enabled, announcements'),
    (['enabled'], 'baseline', True, r'^baseline must be a dictionary of call intercept settings'),
    ({'incoming': {'announcements': {'zero_transfer': {'enabled': True, 'destination': ''}}}}, 'b', True,
     r'^b\.incoming\.announcements\.zero_transfer\.enabled is true but b\.incoming\.announcements\.zero_transfer\.'
     r'destination is ""'),
])
def test_validation_names_the_key_path_and_the_fix(tree, where, loose, message):
    with pytest.raises(InterceptSettingsError, match=message):
        validate(tree, where, loose=loose)


def test_loose_validation_takes_what_templates_and_surveys_give():
    tree = {'enabled': 'True', 'incoming': {'voicemail_enabled': 'no', 'announcements': {
        'new_number': {'enabled': 1, 'destination': 4100}, 'greeting_file': ''}}, 'outgoing': None}
    assert validate(tree, loose=True) == {'enabled': True, 'incoming': {'voicemail_enabled': False, 'announcements': {
        'new_number': {'enabled': True, 'destination': '4100'}, 'greeting_file': ''}}, 'outgoing': None}
    with pytest.raises(InterceptSettingsError, match='must be true or false'):
        validate({'enabled': 'True'})
    with pytest.raises(InterceptSettingsError, match='must be a string'):
        validate({'outgoing': {'destination': 4100}})


def test_validation_leaves_the_callers_keys_alone_and_copies():
    tree = {'email': 'a@example.com', 'enabled': False}
    assert validate(tree, 'people[0]', extra_keys=('email',)) == {'enabled': False}
    assert validate(None) == {}
    with pytest.raises(InterceptSettingsError, match=r'people\[0\]\.emial is not .* did you mean people\[0\]\.email\?'):
        validate({'emial': 'x'}, 'people[0]', extra_keys=('email',))


@pytest.mark.parametrize('value', ['4100\n', '+14085550100\n', '\n4100', '41\x0000'])
def test_a_destination_with_a_newline_is_never_planned(value):
    """Issue 11 item 1: re.match with $ let "4100\\n" through."""
    with pytest.raises(InterceptSettingsError, match='is not a phone number'):
        plan_change(CURRENT, {'outgoing': {'destination': value}})


def test_argument_spec_is_built_from_the_table():
    from ansible_collections.webex.calling.plugins.module_utils._settings import argument_spec
    spec = argument_spec()
    assert spec['incoming']['options']['type'] == {'type': 'str', 'choices': ['INTERCEPT_ALL', 'ALLOW_ALL']}
    assert spec['incoming']['options']['announcements']['options']['greeting_file'] == {'type': 'path'}
    assert spec['outgoing']['options']['transfer_enabled'] == {'type': 'bool'}


def test_plan_of_settings_not_read_differs_in_every_wanted_setting():
    change = plan(None, validate({'enabled': False, 'incoming': {'announcements': {'greeting_file': 'x/a.wav'}}}),
                  strict=False)
    assert [tuple(difference) for difference in change.differences] == [
        ('enabled', False, None), ('incoming.announcements.greeting_file', 'a.wav', None)]
    assert change.after is None


def test_merge_and_clean():
    from ansible_collections.webex.calling.plugins.module_utils._settings import merge_all
    assert merge_all({'a': {'b': 1, 'c': None}}, None, {'a': {'b': None, 'd': [{'e': None}]}}) == {'a': {'b': 1, 'd': [{}]}}
    with pytest.raises(InterceptSettingsError, match='argument 2 is str'):
        merge_all({}, 'x')


# --- a location: its greeting is a file of its announcement repository, and every PUT carries enabled -------------

def plan_location(current, options):
    return plan(current, validate(options, greeting_source='repository'), greeting_source='repository',
                always=(('enabled',),))


def test_a_location_sets_its_greeting_by_file_name_and_every_put_carries_enabled():
    options = {'incoming': {'announcements': {'greeting': 'CUSTOM', 'file_name': 'site-closed.wav'}}}
    change = plan_location(CURRENT, options)
    assert change.body == {'enabled': False,
                           'incoming': {'announcements': {'greeting': 'CUSTOM', 'fileName': 'site-closed.wav'}}}
    assert [difference.setting for difference in change.differences] == [
        'incoming.announcements.greeting', 'incoming.announcements.file_name']
    assert change.after['incoming']['announcements']['file_name'] == 'site-closed.wav'
    assert change.upload is None


def test_a_location_with_nothing_to_change_sends_nothing_not_even_enabled():
    current = with_file_name(CURRENT, 'site-closed.wav')
    change = plan_location(current, {'enabled': False, 'incoming': {'announcements': {'file_name': 'site-closed.wav'}}})
    assert not is_changed(change)
    assert change.body == {}


def test_a_location_custom_greeting_needs_a_file_name():
    with pytest.raises(InterceptSettingsError, match="set incoming.announcements.file_name to a greeting of the "
                                                     "location's announcement repository"):
        plan_location(CURRENT, {'enabled': True, 'incoming': {'announcements': {'greeting': 'CUSTOM'}}})


def test_a_location_greeting_cannot_be_uploaded():
    with pytest.raises(InterceptSettingsError) as caught:
        validate({'incoming': {'announcements': {'greeting_file': 'x.wav'}}}, 'settings', greeting_source='repository')
    assert str(caught.value) == (
        "settings.incoming.announcements.greeting_file cannot be used for a location: the API has no greeting upload "
        "for a location intercept; set settings.incoming.announcements.file_name to the name of a greeting already "
        "in the location's announcement repository instead")


def test_file_name_is_still_read_only_for_the_other_owners():
    change = plan(CURRENT, validate({'incoming': {'announcements': {'file_name': ''}}}))
    assert change.body == {}
    with pytest.raises(InterceptSettingsError, match='file_name is read-only'):
        plan(CURRENT, validate({'incoming': {'announcements': {'file_name': 'other.wav'}}}))


def test_a_location_compared_without_strict_rules_reports_a_different_file_name():
    current = with_file_name(CURRENT, 'holiday.wav')
    change = plan(current, validate({'incoming': {'announcements': {'file_name': 'site-closed.wav'}}}), strict=False,
                  greeting_source='repository')
    assert [(d.setting, d.expected, d.actual) for d in change.differences] == [
        ('incoming.announcements.file_name', 'site-closed.wav', 'holiday.wav')]


def test_copy_tree_copies_every_dict_and_list_and_keeps_the_leaves():
    tree = {'enabled': True, 'incoming': {'announcements': {'new_number': {'destination': '+1'}}},
            'items': [{'id': 'A'}, ['x', None], 3]}
    copied = copy_tree(tree)
    assert copied == tree
    copied['incoming']['announcements']['new_number']['destination'] = '+2'
    copied['items'][0]['id'] = 'B'
    copied['items'][1].append('y')
    assert tree == {'enabled': True, 'incoming': {'announcements': {'new_number': {'destination': '+1'}}},
                    'items': [{'id': 'A'}, ['x', None], 3]}
    assert copy_tree('leaf') == 'leaf' and copy_tree(None) is None


def test_messages_name_the_builtin_type_not_the_subclass_ansible_tags_a_value_with():
    class AnsibleUnsafeText(str):
        """As ansible-core 2.16 hands filters the strings of its variables (plain keeps them so)."""
        __UNSAFE__ = True

    class Tagged(dict):
        pass

    assert [type_name(value) for value in (AnsibleUnsafeText('Main Line'), Tagged(), True, 3, 2.5, None, [])] == [
        'str', 'dict', 'bool', 'int', 'float', 'NoneType', 'list']
    with pytest.raises(InterceptSettingsError, match=r"persons\[0\] must be a person's entry \(.*\), not str 'Main Line'$"):
        check_backup({'persons': [AnsibleUnsafeText('Main Line')]}, 'b.json')
