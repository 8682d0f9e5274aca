# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Properties of the settings engine over generated settings (hypothesis).

For any current settings and any valid options:
- the planned PUT, merged into the current settings as the API merges a partial PUT, gives the planned "after";
- the PUT holds exactly the leaves that differ, and planning again from "after" plans nothing;
- the planner refuses exactly the plans whose result breaks a cross-field rule;
- check mode's "after" is the real run's, against the simulator (tests/simulator/webex_simulator.py, in process);
- every ID reaches its own URL path segment, quoted, whatever characters it holds.

The examples are deterministic (the ``ci`` profile of tests/unit/conftest.py) and few, so the suite stays fast.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import copy
import io
import json
import os
import re
import threading
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
import responses
from ansible.module_utils.testing import patch_module_args
from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

import webex_simulator
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS, intercept_path, upload_path
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    FILE_NAME,
    GREETING_FILE,
    WRITABLE,
    GreetingFile,
    SettingsError,
    check_result,
    dotted,
    get_path,
    greeting_name_from_api,
    is_changed,
    plan,
    set_path,
    settings_from_api,
    settings_to_api,
    validate,
    with_file_name,
)
from ansible_collections.webex.calling.plugins.modules import webex_person_intercept, webex_person_intercept_info

# HYPOTHESIS_SCALE scales the number of examples (make mutation runs a tenth of them, for each of thousands of mutants).
SCALE = float(os.environ.get('HYPOTHESIS_SCALE', '1'))


def examples(count):
    return max(3, int(count * SCALE))


API_URL = 'https://webex.test/v1'
TOKEN = 'property-test-secret-token-0123456789'
WAV = b'RIFF\x24\x00\x00\x00WAVEfmt '
GREETING_NAMES = ('closed.wav', 'holiday.wav', 'moved.wav')

# --- strategies -------------------------------------------------------------------------------------------------

# Destinations: a few that collide often (so that wanted and current are often equal) and any valid one.
destinations = st.one_of(st.sampled_from(('', '4100', '4200', '+14085550100')),
                         st.builds('{0}{1}'.format, st.sampled_from(('', '+')), st.text('0123456789', min_size=2, max_size=20)))


def leaf_values(row):
    if row.type == 'bool':
        return st.booleans()
    if row.type == 'choice':
        return st.sampled_from(row.choices)
    return destinations


@st.composite
def current_settings(draw):
    """Settings as read from the server, in the options' shape with file_name (any values, even rule-breaking)."""
    current = {}
    for row in WRITABLE:
        set_path(current, row.option, draw(leaf_values(row)))
    set_path(current, FILE_NAME, draw(st.sampled_from(('',) + GREETING_NAMES)))
    return current


def is_valid(wanted_and_greeting):
    try:
        validate(wanted_and_greeting[0])
    except SettingsError:
        return False
    return True


def wanted_options(greeting=True, like=None):
    """(valid options, the GreetingFile of their greeting_file or None): each leaf absent, null or a valid value.

    ``like``: settings whose values the options often repeat (so that many options change little or nothing).
    """
    return any_options(greeting, like).filter(is_valid)


@st.composite
def any_options(draw, greeting=True, like=None):
    """Options of valid values, which may break a cross-field rule among themselves (a switch without its number)."""
    wanted = {}
    for row in WRITABLE:
        what = draw(st.sampled_from(('absent', 'null', 'value', 'value') + (('same', 'same') if like else ())))
        if what == 'null':
            set_path(wanted, row.option, None)
        elif what == 'value':
            set_path(wanted, row.option, draw(leaf_values(row)))
        elif what == 'same':
            set_path(wanted, row.option, get_path(like, row.option))
    for key in ('incoming', 'outgoing'):
        if draw(st.integers(0, 9)) == 0:
            wanted[key] = None
    upload = None
    if greeting and isinstance(wanted.get('incoming'), dict) and draw(st.booleans()):
        name = draw(st.sampled_from(GREETING_NAMES))
        upload = GreetingFile('/greetings/' + name, name, WAV)
        set_path(wanted, GREETING_FILE, upload.path)
    return wanted, upload


@st.composite
def scenarios(draw, greeting=True):
    """(current settings, (options, greeting)): options drawn partly from the current values."""
    current = draw(current_settings())
    return current, draw(wanted_options(greeting, like=current))


# --- an independent model of the API and of what a run should end with -------------------------------------------

def api_of(settings):
    """What the server stores for these settings (camelCase, with the greeting's fileName)."""
    api = settings_to_api(settings)
    set_path(api, ('incoming', 'announcements', 'fileName'), get_path(settings, FILE_NAME) or '')
    return api


def partial_merge(stored, body):
    """A PUT as the API applies it: the leaves sent replace the stored ones, the rest is left as it is."""
    for key, value in body.items():
        if isinstance(value, dict):
            partial_merge(stored.setdefault(key, {}), value)
        else:
            stored[key] = value
    return stored


def settings_of(api):
    return with_file_name(settings_from_api(api), greeting_name_from_api(api))


def leaves(tree, path=()):
    """{path: value} of every leaf of a nested dictionary."""
    found = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            found.update(leaves(value, path + (key,)))
        else:
            found[path + (key,)] = value
    return found


def expected_after(current, wanted, upload):
    """Every wanted leaf that is not null replaces the current one; an upload replaces the greeting's name."""
    after = copy.deepcopy(current)
    for row in WRITABLE:
        value = get_path(wanted, row.option)
        if value is not None:
            set_path(after, row.option, value)
    if upload is not None:
        set_path(after, FILE_NAME, upload.name)
    return after


def breaks_a_rule(settings):
    try:
        check_result(settings)
    except SettingsError:
        return True
    return False


# --- the planner --------------------------------------------------------------------------------------------------

@settings(max_examples=examples(100))
@given(scenarios())
def test_the_planned_put_merged_by_the_api_gives_the_planned_after(scenario):
    current, (wanted, upload) = scenario
    options = validate(wanted)
    untouched = copy.deepcopy(current)
    expected = expected_after(current, options, upload)
    if breaks_a_rule(expected):
        with pytest.raises(SettingsError):
            plan(current, options, upload)
        return
    change = plan(current, options, upload)
    assert current == untouched
    assert change.before == current
    assert change.after == expected
    stored = partial_merge(api_of(current), copy.deepcopy(change.body))
    if change.upload is not None:
        set_path(stored, ('incoming', 'announcements', 'fileName'), change.upload.name)
    assert settings_of(stored) == change.after


@settings(max_examples=examples(100))
@given(scenarios())
def test_the_put_holds_exactly_the_leaves_that_differ_and_a_second_plan_plans_nothing(scenario):
    current, (wanted, upload) = scenario
    change = plan(current, validate(wanted), upload, strict=False)
    before = dict((path, value) for path, value in leaves(settings_to_api(current)).items())
    sent = leaves(change.body)
    assert all(before[path] != value for path, value in sent.items())
    wanted_api = leaves(settings_to_api(validate(wanted)))
    assert set(sent) == set(path for path, value in wanted_api.items() if before[path] != value)
    differing = [difference.setting for difference in change.differences]
    assert len(differing) == len(set(differing))
    uploads = upload is not None and upload.name != get_path(current, FILE_NAME)
    assert (change.upload is not None) == uploads
    assert len(differing) == len(sent) + (1 if uploads else 0)
    assert is_changed(change) == bool(differing)
    again = plan(change.after, validate(wanted), upload, strict=False)
    assert (again.body, again.upload, again.differences) == ({}, None, [])
    assert not is_changed(again)


@settings(max_examples=examples(40))
@given(wanted_options(greeting=False))
def test_settings_not_read_differ_in_every_wanted_setting(wanted_and_greeting):
    wanted = validate(wanted_and_greeting[0])
    change = plan(None, wanted)
    assert change.after is None
    assert change.body == settings_to_api(wanted)
    assert sorted(difference.setting for difference in change.differences) == sorted(
        dotted(row.option) for row in WRITABLE if get_path(wanted, row.option) is not None)
    assert all(difference.actual is None for difference in change.differences)


@settings(max_examples=examples(40))
@given(current_settings().filter(lambda current: not breaks_a_rule(current)))
def test_what_is_read_fed_back_as_options_plans_nothing(current):
    """An info entry's settings given back to the module change nothing (file_name included, as the module returns it)."""
    change = plan(current, validate(current))
    assert not is_changed(change)
    assert change.after == current


@settings(max_examples=examples(40))
@given(current_settings().filter(lambda current: not breaks_a_rule(current)), st.sampled_from(GREETING_NAMES))
def test_a_new_greeting_alone_is_a_change_with_an_upload_and_no_put(current, name):
    options = copy.deepcopy(current)
    del options['incoming']['announcements']['file_name']
    set_path(options, GREETING_FILE, '/greetings/' + name)
    upload = GreetingFile('/greetings/' + name, name, WAV)
    change = plan(current, validate(options), upload)
    assert change.body == {}
    if name == get_path(current, FILE_NAME):
        assert change.upload is None and not is_changed(change)
    else:
        assert change.upload is upload and is_changed(change)
        assert change.differences == [('incoming.announcements.greeting_file', name, get_path(current, FILE_NAME))]
        assert get_path(change.after, FILE_NAME) == name


# --- IDs in URL paths ---------------------------------------------------------------------------------------------

# No NUL: ansible-core logs every module's arguments to syslog first, which fails on a NUL character before the
# module runs (2.16 with a ValueError, 2.21 with a failed task); Webex IDs never hold one.
ids = st.text(alphabet=st.characters(exclude_characters='\x00'), min_size=1, max_size=40).filter(lambda text: text.strip())
HOSTILE_IDS = ('a/b', 'a?b=c', 'a#frag', '100%', '../../organizations', 'é/ü?', '\u2603#\u00e9', ' x ', 'a%2Fb')


@settings(max_examples=examples(200))
@given(st.sampled_from(sorted(OWNERS)), ids)
@example('person', 'a/b?c#d%e')
def test_every_id_is_one_quoted_path_segment_of_every_kind(kind_name, owner_id):
    kind = OWNERS[kind_name]
    for template, path in ((kind.intercept_path, intercept_path(kind, owner_id)),
                           (kind.upload_path, upload_path(kind, owner_id))):
        if template is None:
            assert path is None
            continue
        prefix, suffix = template.split('{id}')
        assert path.startswith(prefix) and path.endswith(suffix)
        segment = path[len(prefix):len(path) - len(suffix)]
        assert re.fullmatch(r'(?:[A-Za-z0-9_.~-]|%[0-9A-F]{2})+', segment)
        assert unquote(segment) == owner_id


class Recorder:
    """Every request a module sends, answered as a Webex API would for one person with default settings."""

    def __init__(self, mock):
        self.urls = []
        answer = json.dumps(webex_simulator.render_intercept(webex_simulator.default_intercept(), unknown_field=False))
        for method in ('GET', 'PUT', 'POST'):
            mock.add_callback(method, re.compile(re.escape(API_URL) + '.*'), callback=self.callback(answer))

    def callback(self, answer):
        def reply(request):
            self.urls.append((request.method, request.url))
            path = urlsplit(request.url).path
            if path.endswith('/people'):
                return 200, {}, json.dumps({'items': [{'id': self.owner_id, 'emails': ['someone@example.com']}]})
            if path.endswith(('/locations',)):
                return 200, {}, json.dumps({'items': []})
            if path.endswith('/people/me'):
                return 200, {}, json.dumps({'orgId': 'org'})
            return (200, {}, answer) if request.method == 'GET' else (204, {}, '')
        return reply


def run_module(module, args, check_mode=False, diff=False, api_url=API_URL, token=TOKEN):
    """Run a module's main() in process; (failed, result)."""
    args = dict(args, access_token=token, api_url=api_url, _ansible_check_mode=check_mode, _ansible_diff=diff)
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        with pytest.raises(SystemExit) as caught:
            module.main()
    return caught.value.code != 0, json.loads(out.getvalue())


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow])
@given(ids)
@example('a/b?c#d%e')
@example('\u00e9\u2603/..')
def test_a_person_id_reaches_its_own_quoted_path_in_both_modules(owner_id):
    quoted = API_URL + '/people/%s/features/intercept' % quote(owner_id, safe='')

    def where_it_went():
        """(method, URL of the intercept) of every request, the listing's (ID in the query) checked and left out."""
        seen = []
        for method, url in recorder.urls:
            parts = urlsplit(url)
            if parts.path == '/v1/people' and 'id' in parse_qs(parts.query):
                assert parse_qs(parts.query)['id'] == [owner_id]
                continue
            seen.append((method, url))
        return seen

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        recorder = Recorder(mock)
        recorder.owner_id = owner_id
        failed, result = run_module(webex_person_intercept, dict(person_id=owner_id, enabled=True))
        assert not failed, result
        assert result['person_id'] == owner_id
        assert where_it_went() == [('GET', quoted), ('PUT', quoted)]
        del recorder.urls[:]
        failed, result = run_module(webex_person_intercept_info, dict(person_id=owner_id))
        assert not failed, result
        assert [entry['person_id'] for entry in result['persons']] == [owner_id]
        assert [url for method, url in where_it_went() if urlsplit(url).path.startswith('/v1/people/')
                and urlsplit(url).path != '/v1/people/me'] == [quoted]
        assert all(urlsplit(url).path in ('/v1/people/me', '/v1/locations', '/v1/organizations/org') or url == quoted
                   for method, url in where_it_went())


# --- check mode against the simulator -----------------------------------------------------------------------------

@pytest.fixture(scope='module')
def simulator(tmp_path_factory):
    """The simulator in this process, with one calling person to change, and greeting files to upload."""
    server = webex_simulator.build_server(people=0, locations=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05})
    thread.start()
    state = server.state
    person_id = state.email_index['alice.anders@example.com'][0]
    greetings = tmp_path_factory.mktemp('greetings')
    for name in GREETING_NAMES:
        (greetings / name).write_bytes(WAV + b'\x00' * 64)
    yield server, person_id, str(greetings)
    server.shutdown()
    server.server_close()
    thread.join()


def store(state, person_id, settings):
    """Make the simulator hold these settings for the person, and forget its log."""
    with state.lock:
        stored = webex_simulator.default_intercept()
        webex_simulator.deep_merge(stored, api_of(settings))
        state.intercepts[person_id] = webex_simulator.normalize_stored(stored)
        state.log = []


def writes(state):
    with state.lock:
        return [(entry['method'], entry['route']) for entry in state.log if entry['method'] != 'GET']


@settings(max_examples=examples(12), suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(scenarios())
def test_check_mode_predicts_the_real_run_against_the_simulator(simulator, scenario):
    server, person_id, greetings = simulator
    current, (wanted, upload) = scenario
    if upload is not None:
        set_path(wanted, GREETING_FILE, '%s/%s' % (greetings, upload.name))
    # A current state the API itself would refuse to store cannot be on the server.
    assume(not webex_simulator.cross_field_problems(api_of(current)))
    args = dict(person_id=person_id, **wanted)
    run = dict(api_url=server.url(), token=webex_simulator.ADMIN_TOKEN)
    store(server.state, person_id, current)
    predicted_failure, predicted = run_module(webex_person_intercept, args, check_mode=True, diff=True, **run)
    assert writes(server.state) == []
    failed, result = run_module(webex_person_intercept, args, diff=True, **run)
    assert (predicted_failure, predicted.get('msg')) == (failed, result.get('msg'))
    if failed:
        assert writes(server.state) == []
        return
    assert predicted['changed'] == result['changed']
    assert predicted['intercept'] == result['intercept'] == predicted['diff']['after'] == result['diff']['after']
    assert predicted['diff']['before'] == result['diff']['before'] == current
    with server.state.lock:
        held = webex_simulator.render_intercept(server.state.intercepts[person_id], unknown_field=False)
    assert settings_of(held) == result['intercept']
    assert bool(writes(server.state)) == result['changed']
    failed, again = run_module(webex_person_intercept, args, **run)
    assert not failed and again['changed'] is False
