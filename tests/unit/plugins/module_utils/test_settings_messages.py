# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every message of the settings engine, word for word, and the small rules mutation testing found untested.

A message is what a user acts on: these tests compare whole messages, so that a changed word (or a lost path, a lost
value) fails them; tests elsewhere only look for the part they are about.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import builtins
import errno

import pytest
from default_settings import default_options

from ansible_collections.webex.calling.plugins.module_utils._settings import (
    REPOSITORY,
    SettingsError,
    check_options,
    check_result,
    merge_all,
    plan,
    read_greeting_file,
    shown,
    to_bool,
    validate,
    with_file_name,
)

HEADER = b'RIFF\x24\x00\x00\x00WAVEfmt '


def message(call, *args, **kwargs):
    with pytest.raises(SettingsError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize('args, kwargs, expected', [
    (('x',), {}, 'the settings must be a dictionary of call intercept settings (keys enabled, incoming, outgoing), not str'),
    ((['x'], 'baseline'), {}, 'baseline must be a dictionary of call intercept settings (keys enabled, incoming, '
                              'outgoing), not list'),
    (({'enable': True}, 'baseline'), {}, 'baseline.enable is not a call intercept setting; did you mean baseline.enabled? '
                                         'the keys allowed here are enabled, incoming, outgoing'),
    (({'incoming': {'tpye': 'X'}},), {}, 'incoming.tpye is not a call intercept setting; did you mean incoming.type? the '
                                         'keys allowed here are type, voicemail_enabled, announcements'),
    (({'zzz': 1, 'email': 'a@example.com'}, 'people[0]'), dict(extra_keys=('email',)),
     'people[0].zzz is not a call intercept setting; the keys allowed here are enabled, incoming, outgoing, email'),
    (({'enabled': 'yes'},), {}, "enabled must be true or false, not 'yes'"),
    (({'enabled': 'maybe'}, 'p'), dict(loose=True), "p.enabled must be true or false, not 'maybe'"),
    (({'incoming': {'type': 3}},), {}, 'incoming.type must be a string, not int 3'),
    (({'incoming': {'type': 'BLOCK'}},), {}, "incoming.type must be one of INTERCEPT_ALL, ALLOW_ALL, not 'BLOCK'"),
    (({'outgoing': {'type': 'ALLOW_ALL'}},), {}, "outgoing.type must be one of INTERCEPT_ALL, ALLOW_LOCAL_ONLY, not "
                                                 "'ALLOW_ALL'"),
    (({'outgoing': {'destination': '41 00'}},), {}, "outgoing.destination '41 00' is not a phone number or extension; use "
                                                    "digits with an optional leading +, without spaces or dashes, for "
                                                    "example +14085550100 or 4100"),
    (({'outgoing': {'destination': 4100}},), {}, 'outgoing.destination must be a string, not int 4100'),
    (({'incoming': 'x'},), {}, "incoming must be a dictionary with keys type, voicemail_enabled, announcements, not str 'x'"),
    (({'outgoing': {'transfer_enabled': True, 'destination': ''}}, 'w'), {},
     'w.outgoing.transfer_enabled is true but w.outgoing.destination is ""; set outgoing.destination to where '
     'intercepted outgoing calls are transferred, or outgoing.transfer_enabled to false'),
    (({'incoming': {'announcements': {'greeting_file': '/x.wav'}}}, 'loc'), dict(greeting_source=REPOSITORY),
     "loc.incoming.announcements.greeting_file cannot be used for a location: the API has no greeting upload for a "
     "location intercept; set loc.incoming.announcements.file_name to the name of a greeting already in the "
     "location's announcement repository instead"),
])
def test_validation_messages_word_for_word(args, kwargs, expected):
    assert message(validate, *args, **kwargs) == expected


def test_loose_numbers_and_strict_booleans():
    assert validate({'enabled': 0, 'outgoing': {'transfer_enabled': 1, 'destination': 4100}}, loose=True) == {
        'enabled': False, 'outgoing': {'transfer_enabled': True, 'destination': '4100'}}
    for value in (2, -1, 0.0, 1.0, '2', None.__class__):
        assert to_bool(value) is None
    assert (to_bool(True), to_bool(False), to_bool(' Yes '), to_bool('OFF'), to_bool(0), to_bool(1)) == (
        True, False, True, False, False, True)
    assert message(validate, {'enabled': 2}, loose=True) == 'enabled must be true or false, not 2'
    assert message(validate, {'enabled': 0.0}, loose=True) == 'enabled must be true or false, not 0.0'
    assert message(validate, {'outgoing': {'destination': True}}, loose=True) == (
        'outgoing.destination must be a string, not bool True')


def test_check_options_validates_with_its_where_and_greeting_source(tmp_path):
    assert message(check_options, {'enabled': 'x'}) == "enabled must be true or false, not 'x'"
    assert message(check_options, {'enabled': 'x'}, 'task') == "task.enabled must be true or false, not 'x'"
    assert message(check_options, {'incoming': {'announcements': {'greeting_file': '/x.wav'}}},
                   greeting_source=REPOSITORY).startswith('incoming.announcements.greeting_file cannot be used for a '
                                                          'location')
    path = tmp_path / 'closed.wav'
    path.write_bytes(HEADER)
    options, greeting = check_options({'incoming': {'announcements': {'greeting_file': str(path)}}})
    assert greeting.name == 'closed.wav'
    assert check_options({'enabled': True}) == ({'enabled': True}, None)


def test_shown_cuts_at_sixty_characters_exactly():
    assert shown('x' * 58) == repr('x' * 58)  # 60 characters with the quotes
    assert shown('x' * 59) == "'%s... (61 characters)" % ('x' * 59)
    assert shown(None) == 'None'


def test_with_file_name_copies():
    settings = default_options()
    state = with_file_name(settings, 'a.wav')
    state['incoming']['announcements']['greeting'] = 'CUSTOM'
    assert settings == default_options()
    assert with_file_name(settings, None)['incoming']['announcements']['file_name'] == ''


def test_merge_all_refuses_what_is_not_a_dictionary():
    assert message(merge_all, {}, None, ['x']) == ('intercept settings to merge must be dictionaries; argument 3 is '
                                                   'list')


@pytest.mark.parametrize('settings, source, expected', [
    (dict(incoming=dict(announcements=dict(new_number=dict(enabled=True, destination='')))), None,
     'incoming.announcements.new_number.enabled is true but incoming.announcements.new_number.destination is empty; '
     'set incoming.announcements.new_number.destination to the number callers are told to dial instead'),
    (dict(incoming=dict(announcements=dict(greeting='CUSTOM', file_name=''))), None,
     'incoming.announcements.greeting is CUSTOM but there is no custom greeting on the server yet; set '
     'incoming.announcements.greeting_file to a .wav file to upload'),
    (dict(incoming=dict(announcements=dict(greeting='CUSTOM', file_name=''))), REPOSITORY,
     "incoming.announcements.greeting is CUSTOM but no greeting is named; set incoming.announcements.file_name to a "
     "greeting of the location's announcement repository"),
])
def test_result_rules_word_for_word(settings, source, expected):
    if source is None:
        assert message(check_result, settings) == expected
    else:
        assert message(check_result, settings, source) == expected


def test_a_location_greeting_name_is_a_setting_compared_as_empty_when_missing():
    current = default_options()  # no file_name: the location has no greeting named
    wanted = {'incoming': {'announcements': {'file_name': ''}}}
    change = plan(current, wanted, greeting_source=REPOSITORY)
    assert change.differences == [] and change.body == {}
    change = plan(current, {'incoming': {'announcements': {'file_name': 'Closed.wav'}}}, greeting_source=REPOSITORY)
    assert [tuple(difference) for difference in change.differences] == [
        ('incoming.announcements.file_name', 'Closed.wav', '')]
    assert change.body == {'incoming': {'announcements': {'fileName': 'Closed.wav'}}}
    not_read = plan(None, {'incoming': {'announcements': {'file_name': ''}}}, greeting_source=REPOSITORY, strict=False)
    assert [tuple(difference) for difference in not_read.differences] == [('incoming.announcements.file_name', '', None)]


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_greeting_file_messages_word_for_word(tmp_path, monkeypatch):
    missing = str(tmp_path / 'missing.wav')
    assert message(read_greeting_file, missing) == (
        'incoming.announcements.greeting_file %s does not exist or is not a file; give the path of a .wav file' % missing)
    big = write(tmp_path, 'big.wav', HEADER + b'\x00' * (5000 * 1024))
    assert message(read_greeting_file, big) == (
        'incoming.announcements.greeting_file %s is %d bytes; Webex takes greetings of at most 5000 KB (5120000 bytes), '
        'so shorten or re-encode it' % (big, 5000 * 1024 + len(HEADER)))
    mp3 = write(tmp_path, 'closed.mp3', HEADER)
    assert message(read_greeting_file, mp3) == (
        'incoming.announcements.greeting_file %s is not a WAV file (a .wav name and a RIFF/WAVE header); convert the '
        'greeting to WAV' % mp3)
    locked = write(tmp_path, 'locked.wav', HEADER)
    real_open = builtins.open

    def refuse(path, *args, **kwargs):
        if path == locked:
            raise OSError(errno.EACCES, 'Permission denied')
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, 'open', refuse)
    assert message(read_greeting_file, locked) == (
        'incoming.announcements.greeting_file %s cannot be read (Permission denied); fix its permissions' % locked)


def test_the_callers_keys_are_allowed_at_the_top_only():
    assert message(validate, {'incoming': {'email': 'a@example.com'}}, 'people[0]', extra_keys=('email',)) == (
        'people[0].incoming.email is not a call intercept setting; the keys allowed here are type, voicemail_enabled, '
        'announcements')


def test_a_file_name_given_back_that_the_run_would_change_is_refused_word_for_word():
    current = default_options(file_name='old.wav')
    wanted = {'incoming': {'announcements': {'file_name': 'other.wav'}}}
    assert message(plan, current, wanted) == (
        "incoming.announcements.file_name is 'other.wav' but the greeting on the server would be 'old.wav'; file_name "
        "is read-only: leave it out, or set incoming.announcements.greeting_file to upload the greeting")
