# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fuzzing the checks of what users hand over with generated junk (hypothesis).

Junk: every type, unicode, control characters, huge strings, nested dictionaries and lists, misspelt keys. Whatever
it is, the answer is a clear error (SettingsError or AuthError, never a TypeError or a crash) that names the option
or key path, shows a bounded excerpt of the bad value and never a secret, and a module sends no request at all.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import copy
import io
import json
import os
import re

import pytest
import responses
from ansible.module_utils.testing import patch_module_args
from default_settings import default_options
from hypothesis import example, given, settings, strategies as st

from ansible_collections.webex.calling.plugins.module_utils._auth import AuthError, resolve_credentials
from ansible_collections.webex.calling.plugins.module_utils._compare import targets
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    DESTINATION_PATTERN,
    SETTINGS,
    WRITABLE,
    SettingsError,
    get_path,
    set_path,
    validate,
)
from ansible_collections.webex.calling.plugins.modules import webex_person_intercept

# HYPOTHESIS_SCALE scales the number of examples (make mutation runs a tenth of them, for each of thousands of mutants).
SCALE = float(os.environ.get('HYPOTHESIS_SCALE', '1'))


def examples(count):
    return max(3, int(count * SCALE))


API_URL = 'https://webex.test/v1'
TOKEN = 'fuzz-test-secret-token-0123456789'
HUGE = '4' * 200000
# A message may quote a bad value, but only an excerpt of it: the longest message the checks write is well below this.
MESSAGE_MAX = 1000

KEYS = sorted(set(key for row in SETTINGS for key in row.option))
NEAR_MISSES = ('enable', 'incomming', 'Enabled', 'greeting_File', 'new-number', 'voicemailEnabled', 'transferEnabled',
               'file_name', 'destination ', '')
TRICKY_STRINGS = ('yes', 'off', 'True', '1', '4100\n', ' 4100', '+', '++4100', '4100\x00', '\u0664\u0661\u0660\u0660',
                  '\u202e4100', '\U0001f4de', 'INTERCEPT_ALL\n', 'intercept_all', 'CUSTOM', HUGE, 'x' * 5000)

# What JSON (and so a module's arguments) can hold; the pure checks also get bytes.
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                         st.text(max_size=30), st.sampled_from(TRICKY_STRINGS))
scalars = st.one_of(json_scalars, st.binary(max_size=8), st.floats())
keys = st.one_of(st.sampled_from(KEYS), st.sampled_from(NEAR_MISSES), st.text(max_size=12), st.integers(-2, 2))
junk = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=3),
                                                        st.dictionaries(keys, children, max_size=4)),
                    max_leaves=12)
wheres = st.sampled_from(('', 'wanted', 'intercept_people[3]', 'profiles.closed'))


@st.composite
def trees(draw):
    """A settings tree: pure junk, or the default settings with junk at some real paths (so checks go deep)."""
    if draw(st.booleans()):
        return draw(junk)
    tree = default_options()
    for row in draw(st.lists(st.sampled_from(SETTINGS), min_size=1, max_size=3)):
        path = row.option[:draw(st.integers(1, len(row.option)))]
        node = tree
        for key in path[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        node[path[-1]] = draw(junk)
    if draw(st.booleans()):
        tree[draw(keys)] = draw(junk)
    return tree


def path_of(where, key):
    """A key's path as messages spell it: dotted, [n] for a number, [repr] for a key that is not a plain name."""
    if isinstance(key, int):
        return '%s[%d]' % (where, key)
    if isinstance(key, str) and key.isprintable() and not re.search(r'^$|[\s.\[\]]', key):
        return '%s.%s' % (where, key) if where else key
    return '%s[%r' % (where or 'the settings', key)


def paths(tree, where):
    """Every key path of a tree, as messages spell them, with ``where`` in front."""
    found = [where]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.extend(paths(value, path_of(where, key)))
    return found


def named_path(message, tree, where):
    """The longest key path of the tree the message starts with (a path, then a space)."""
    named = [path for path in paths(tree, where) if path and message.startswith(path + ('' if '[\'' in path else ' '))]
    if not named and not where:
        named = ['the settings'] if message.startswith('the settings ') else []
    return max(named, key=len) if named else None


def canonical(value, row):
    if value is None:
        return True
    if row.type == 'bool':
        return isinstance(value, bool)
    if row.type == 'choice':
        return value in row.choices
    if row.type == 'destination':
        return isinstance(value, str) and (value == '' or DESTINATION_PATTERN.fullmatch(value) is not None)
    return isinstance(value, str)


@settings(max_examples=examples(150))
@given(trees(), wheres, st.booleans())
@example({'enable': False}, 'baseline', False)
@example({'incoming': {'type': 'BLOCK'}}, 'baseline', False)
@example({'outgoing': {'destination': HUGE + 'x'}}, '', True)
@example({'incoming': {'announcements': {'new_number': {'destination': '4100\n'}}}}, '', False)
def test_any_tree_is_canonical_or_refused_naming_its_path(tree, where, loose):
    try:
        result = validate(copy.deepcopy(tree), where, loose=loose)
    except SettingsError as exc:
        message = str(exc)
        assert named_path(message, tree, where), message
        assert len(message) < MESSAGE_MAX, message[:200]
        return
    assert isinstance(tree, dict) or tree is None
    for row in SETTINGS:
        assert canonical(get_path(result, row.option), row), (row.option, get_path(result, row.option))
    assert validate(result, where) == result


LABELS = ('wanted', 'people', 'profiles', 'overrides', 'profile')
person_item = st.fixed_dictionaries(
    {'email': st.emails()}, optional={'intercept': junk, 'profile': junk, 'incomming': junk, 'incoming': junk})
people_items = st.one_of(junk, st.lists(st.one_of(st.emails(), junk, person_item), max_size=3))


@settings(max_examples=examples(100))
@given(people_items, junk, junk, junk)
def test_role_and_filter_input_is_accepted_or_refused_with_a_settings_error(people, wanted, profiles, overrides):
    try:
        result = targets(people, wanted=wanted, profiles=profiles, overrides=overrides)
    except SettingsError as exc:
        assert len(str(exc)) < MESSAGE_MAX, str(exc)[:200]
        assert str(exc).startswith(LABELS), str(exc)
        return
    assert isinstance(result['people'], list)
    assert isinstance(result['read'], dict)


SECRET_MARK = 'S3CRETMARK'
credentials = st.builds('{0}{1}{2}'.format, st.text(max_size=5), st.just(SECRET_MARK), st.text(max_size=5))


@settings(max_examples=examples(100))
@given(st.fixed_dictionaries({}, optional={'access_token': credentials, 'client_id': credentials,
                                           'client_secret': credentials, 'refresh_token': credentials}))
@example({'access_token': 'ab' + SECRET_MARK + '\ncd'})
@example({'access_token': SECRET_MARK + '\u00e9'})
def test_credentials_are_accepted_or_refused_without_showing_them(params):
    try:
        values = resolve_credentials(params, environ={})
    except AuthError as exc:
        assert SECRET_MARK not in str(exc)
        assert re.match(r'^(access_token|client_id|client_secret|refresh_token|no Webex credentials)\b', str(exc)), str(exc)
        return
    assert all(value is None or re.fullmatch(r'[!-~]+', value) for value in values.values())


# --- the module: junk in one option, no request ---------------------------------------------------------------

def invalid_values(row):
    """Values of a leaf that the module must refuse."""
    wrong_type = st.one_of(st.integers(min_value=2), st.floats(allow_nan=False, allow_infinity=False).filter(
        lambda number: number not in (0, 1)), st.lists(json_scalars, min_size=1, max_size=2),
        st.dictionaries(st.text(min_size=1, max_size=5), json_scalars, min_size=1, max_size=2))
    if row.type == 'bool':
        return st.one_of(wrong_type, st.text(max_size=20).filter(lambda text: text.strip().lower() not in (
            'y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f', '1.0', '0.0')))
    if row.type == 'choice':
        return st.one_of(st.lists(json_scalars, min_size=1, max_size=2), st.text(max_size=20).filter(
            lambda text: text not in row.choices), st.sampled_from(TRICKY_STRINGS))
    return st.one_of(st.lists(json_scalars, min_size=1, max_size=2), st.sampled_from(TRICKY_STRINGS[4:]),
                     st.text(min_size=1, max_size=25).filter(lambda text: not DESTINATION_PATTERN.fullmatch(text)))


@st.composite
def one_bad_option(draw):
    row = draw(st.sampled_from(WRITABLE))
    options = default_options()
    set_path(options, row.option, draw(invalid_values(row)))
    return row, options


def run_module(args):
    args = dict(args, access_token=TOKEN, api_url=API_URL)
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        with pytest.raises(SystemExit) as caught:
            webex_person_intercept.main()
    return caught.value.code != 0, json.loads(out.getvalue())


@settings(max_examples=examples(40))
@given(one_bad_option())
@example((WRITABLE[-1], {'outgoing': {'destination': '4100\n'}}))
@example((WRITABLE[-1], {'outgoing': {'destination': HUGE + '#'}}))
def test_a_bad_option_value_fails_the_module_naming_it_before_any_request(bad):
    row, options = bad
    sent = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ('GET', 'PUT', 'POST'):
            mock.add_callback(method, re.compile('.*'), callback=lambda request: sent.append(request) or (500, {}, ''))
        failed, result = run_module(dict(person_id='p1', **options))
    assert failed
    assert sent == []
    assert row.option[-1] in result['msg']
    assert TOKEN not in json.dumps(result)


# --- what fuzzing found, kept as plain regressions ------------------------------------------------------------------

@pytest.mark.parametrize('call, message', [
    (lambda: targets([{'email': 'a@example.com', 'profile': [None]}]),
     r"^people\[0\]\.profile must be the name of one of the profiles \(a string\), not list \[None\]$"),
    (lambda: targets(['a@example.com'], profile={'closed': True}, profiles={'closed': {}}),
     r"^profile must be the name of one of the profiles \(a string\), not dict \{'closed': True\}$"),
    (lambda: targets([{'person_id': ['p1']}]), r"^people\[0\]\.person_id must be a person ID \(a string\), not list \['p1'\]$"),
    (lambda: targets([{'email': 7}]), r"^people\[0\]\.email must be an email address \(a string\), not int 7$"),
    (lambda: targets(['a@example.com'], profiles={1: {}, 'b': {}}, profile='c'),
     r"^profile c is not one of the profiles 1, b; "),
    (lambda: validate({'': None}, 'wanted'), r"^wanted\[''\] is not a call intercept setting; "),
    (lambda: validate({'incoming': {'a b': 1}}), r"^incoming\['a b'\] is not a call intercept setting; "),
    (lambda: validate({'x\n': 1}), r"^the settings\['x\\n'\] is not a call intercept setting; "),
    (lambda: validate({'outgoing': {'destination': '4' * 10000 + '#'}}),
     r"^outgoing\.destination '4{59}\.\.\. \(10003 characters\) is not a phone number or extension; "),
    (lambda: validate({'enabled': ['yes'] * 5000}, loose=True), r"^enabled must be true or false, not \['yes', .{40,60}\.\.\. \(35000 characters\)$"),
])
def test_junk_found_by_fuzzing_is_refused_clearly(call, message):
    with pytest.raises(SettingsError, match=message):
        call()
