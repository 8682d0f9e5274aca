# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guards and boundaries that mutation testing found untested (issue 11): each test fails when its guard is
weakened by one character (>= made >, a prefix check loosened, a constant changed, an anchor dropped)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random
import time
from concurrent.futures import Future
import re

import pytest
import responses

from ansible_collections.webex.calling.plugins.module_utils import _client, _retry
from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError, WebexClient, check_api_url
from ansible_collections.webex.calling.plugins.module_utils._intercept_runner import read_entries
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS
from ansible_collections.webex.calling.plugins.module_utils._retry import PACING_MIN_PASSED, WebexRetry, parse_retry_after
from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError, read_greeting_file

API_URL = 'https://webex.test/v1'
TOKEN = 'guard-test-secret-token-0123456789'
HEADER = b'RIFF\x24\x00\x00\x00WAVEfmt '
# The limits as the documentation states them, written out (never the module's constants).
GREETING_MAX_BYTES = 5000 * 1024
RETRY_AFTER_MAX = 60.0
BACKOFF_MAX = 8.0


# --- HTTP status and links ------------------------------------------------------------------------------------------

@responses.activate
@pytest.mark.parametrize('status', [400, 404, 409])
def test_every_4xx_answer_is_an_error_400_included(status):
    responses.get(API_URL + '/people/p1/features/intercept', status=status, json={'message': 'Bad', 'trackingId': 'T'})
    with pytest.raises(WebexApiError) as caught:
        WebexClient(TOKEN, API_URL, timeout=5).get('/people/p1/features/intercept')
    assert caught.value.status == status


@responses.activate
def test_a_2xx_answer_is_not_an_error():
    responses.put(API_URL + '/people/p1/features/intercept', status=204)
    assert WebexClient(TOKEN, API_URL, timeout=5).put('/people/p1/features/intercept', {'enabled': True}) is None


@responses.activate
@pytest.mark.parametrize('link', [API_URL + '.evil.example/people?cursor=2', 'https://webex.test/v1evil/people',
                                  'https://evil.example/v1/people?cursor=2'])
def test_a_next_link_that_only_starts_like_the_api_url_is_not_followed(link):
    responses.get(API_URL + '/people', json={'items': [{'id': 'a'}]}, headers={'Link': '<%s>; rel="next"' % link})
    with pytest.raises(WebexApiError, match='refusing to follow a link outside https://webex.test/v1'):
        WebexClient(TOKEN, API_URL, timeout=5).get_items('/people')
    assert len(responses.calls) == 1


@responses.activate
@pytest.mark.parametrize('link', [API_URL + '/people?cursor=2', API_URL + '?cursor=2'])
def test_a_next_link_within_the_api_url_is_followed(link):
    responses.get(API_URL + '/people', json={'items': [{'id': 'a'}]}, headers={'Link': '<%s>; rel="next"' % link},
                  match=[responses.matchers.query_param_matcher({})])
    responses.get(link.split('?')[0], json={'items': [{'id': 'b'}]},
                  match=[responses.matchers.query_param_matcher({'cursor': '2'})])
    assert [item['id'] for item in WebexClient(TOKEN, API_URL, timeout=5).get_items('/people')] == ['a', 'b']


# --- plain http only for loopback -------------------------------------------------------------------------------------

@pytest.mark.parametrize('host', ['10.0.0.5', '172.16.3.4', '192.168.1.10', '169.254.1.1', '[fd00::1]', '[fe80::1]',
                                  '0.0.0.0', 'localhost.example.com', '127.0.0.1.example.com'])
def test_plain_http_to_a_private_or_other_address_is_refused(host):
    with pytest.raises(ValueError, match='api_url must use https'):
        check_api_url('http://%s:8080/v1' % host)


@pytest.mark.parametrize('host', ['127.0.0.1', '127.0.0.2', '127.255.255.254', 'localhost', '[::1]'])
def test_plain_http_to_a_loopback_address_is_accepted_with_a_warning(host):
    assert 'loopback' in check_api_url('http://%s:8080/v1' % host)


# --- TLS and timeouts reach every request -----------------------------------------------------------------------------

@pytest.mark.parametrize('options, verify', [
    (dict(), True),
    (dict(validate_certs=True, ca_path='/etc/webex/ca.pem'), '/etc/webex/ca.pem'),
    (dict(validate_certs=False), False),
    (dict(validate_certs=False, ca_path='/etc/webex/ca.pem'), False),
])
def test_tls_verification_and_the_timeout_are_passed_with_every_request(monkeypatch, options, verify):
    # requests lets these override a Session's verify setting: the client uses no Session, so they change nothing.
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/elsewhere/ca.pem')
    monkeypatch.setenv('CURL_CA_BUNDLE', '/elsewhere/ca.pem')
    client = WebexClient(TOKEN, API_URL, timeout=17, **options)
    sent = []

    class Answer:
        status_code = 204
        content = b''
        headers = {}
        url = API_URL + '/x'
        raw = None

    monkeypatch.setattr(client.adapter, 'send', lambda request, **kwargs: sent.append(kwargs) or Answer())
    client.get('/people/p1/features/intercept')
    client.put('/people/p1/features/intercept', {'enabled': True})
    assert [(kwargs['verify'], kwargs['timeout']) for kwargs in sent] == [(verify, 17)] * 2


class Module:
    """Just enough of AnsibleModule for client_from_module."""

    def __init__(self, **params):
        self.params = dict(access_token=TOKEN, client_id=None, client_secret=None, refresh_token=None, api_url=API_URL,
                           validate_certs=True, ca_path=None, timeout=30)
        self.params.update(params)
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def fail_json(self, **result):
        raise SettingsError(result['msg'])


@pytest.mark.parametrize('timeout', [1, 300])
def test_the_timeout_bounds_are_accepted(timeout):
    assert _client.client_from_module(Module(timeout=timeout)).timeout == timeout


@pytest.mark.parametrize('timeout', [0, 301, -1])
def test_a_timeout_out_of_bounds_is_refused(timeout):
    with pytest.raises(SettingsError, match='^timeout must be between 1 and 300 seconds, not %d$' % timeout):
        _client.client_from_module(Module(timeout=timeout))


def test_a_missing_ca_path_is_refused_and_an_existing_one_is_used(tmp_path):
    with pytest.raises(SettingsError, match='^ca_path %s does not exist; ' % re.escape(str(tmp_path / 'none.pem'))):
        _client.client_from_module(Module(ca_path=str(tmp_path / 'none.pem')))
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    assert _client.client_from_module(Module(ca_path=str(bundle))).verify == str(bundle)
    assert _client.client_from_module(Module(ca_path=str(bundle), validate_certs=False)).verify is False


# --- the greeting file ------------------------------------------------------------------------------------------------

def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize('name', ['closed.wav', 'CLOSED.WAV', 'x.Wav'])
def test_a_wav_name_in_any_case_with_a_riff_wave_header_is_a_greeting(tmp_path, name):
    greeting = read_greeting_file(write(tmp_path, name, HEADER + b'data'))
    assert (greeting.name, greeting.content) == (name, HEADER + b'data')


@pytest.mark.parametrize('name, content', [
    ('closed.wav.mp3', HEADER),
    ('closedwav', HEADER),
    ('closed.wav', b'RIFX' + HEADER[4:]),
    ('closed.wav', b'riff' + HEADER[4:]),
    ('closed.wav', HEADER[:8] + b'WAVX' + HEADER[12:]),
    ('closed.wav', HEADER[:8] + b'AVI ' + HEADER[12:]),
    ('closed.wav', b'RIFF'),
    ('closed.wav', b''),
])
def test_anything_but_a_wav_name_with_riff_and_wave_is_refused(tmp_path, name, content):
    with pytest.raises(SettingsError, match='is not a WAV file'):
        read_greeting_file(write(tmp_path, name, content))


def test_the_greeting_size_limit_is_5000_kb_exactly(tmp_path):
    largest = HEADER + b'\x00' * (GREETING_MAX_BYTES - len(HEADER))
    assert len(read_greeting_file(write(tmp_path, 'largest.wav', largest)).content) == GREETING_MAX_BYTES
    with pytest.raises(SettingsError, match=r'is 5120001 bytes; Webex takes greetings of at most 5000 KB \(5120000 bytes\)'):
        read_greeting_file(write(tmp_path, 'too-long.wav', largest + b'\x00'))


# --- Retry-After and backoff, against the numbers the docs give -------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    ('5abc', None), ('5 6', None), ('abc5', None), ('5.', None), ('.5', None), ('5\n', 5.0), ('\t5', 5.0),
    ('59.5', 59.5), ('60.5', RETRY_AFTER_MAX), ('3600', RETRY_AFTER_MAX),
])
def test_retry_after_is_a_whole_value_in_seconds_capped_at_a_minute(value, expected):
    assert parse_retry_after(value) == expected


def test_backoff_doubles_from_half_a_second_up_to_eight_seconds_with_jitter(monkeypatch):
    monkeypatch.setattr(random, 'random', lambda: 1.0)
    retry = WebexRetry.for_webex()
    waits = []
    for attempt in range(1, 8):
        retry = retry.new(history=retry.history + (None,)) if attempt > 1 else retry
        waits.append(retry.get_backoff_time())
    assert waits == [0.5, 0.5, 1.0, 2.0, 4.0, BACKOFF_MAX, BACKOFF_MAX]
    monkeypatch.setattr(random, 'random', lambda: 0.0)
    assert retry.get_backoff_time() == BACKOFF_MAX / 2


def test_the_retry_policy_numbers():
    retry = WebexRetry.for_webex()
    assert retry.total == 5 and retry.attempts == 1
    assert retry.backoff_factor == 0.5
    assert sorted(retry.status_forcelist) == [423, 429, 500, 502, 503, 504]
    assert sorted(retry.allowed_methods) == ['GET', 'PUT']
    assert _retry.MAX_ATTEMPTS == 6 and _retry.RETRY_AFTER_MAX == RETRY_AFTER_MAX and _retry.BACKOFF_MAX == BACKOFF_MAX


# --- reads that stop at the first failure -----------------------------------------------------------------------------

class FailingFirst:
    """A client whose first intercept read fails (unless told otherwise); records every read."""

    def __init__(self, fail=True):
        self.reads = []
        self.fail = fail

    def get(self, path, params=None):
        self.reads.append(path)
        if self.fail and len(self.reads) == 1:
            raise WebexApiError('GET', path, status=404, message='User not found')
        return {'enabled': False}


def people(count):
    return [{'id': 'p%d' % number, 'emails': ['user%d@example.com' % number]} for number in range(count)]


class InlinePool:
    """A pool that runs each read as it is submitted: the order of events is fixed, no thread races the test."""

    def __init__(self):
        self.submitted = 0

    def submit(self, function, *args):
        self.submitted += 1
        future = Future()
        try:
            future.set_result(function(*args))
        except Exception as exc:  # pylint: disable=broad-except
            future.set_exception(exc)
        return future


def test_on_read_error_fail_stops_the_reads_not_yet_started():
    client = FailingFirst()
    pool = InlinePool()
    with pytest.raises(WebexApiError) as caught:
        read_entries(client, OWNERS['person'], people(5), None, True, pool)
    assert client.reads == ['/people/p0/features/intercept']
    assert pool.submitted == 1
    assert caught.value.entry['person_id'] == 'p0'


class LatePool:
    """A busy pool: every read is submitted before any runs; they run, in order, when a result is first asked for."""

    def __init__(self):
        self.pending = []

    def submit(self, function, *args):
        future = Future()
        self.pending.append((future, function, args))
        return Deferred(self, future)

    def run(self):
        while self.pending:
            future, function, args = self.pending.pop(0)
            try:
                future.set_result(function(*args))
            except Exception as exc:  # pylint: disable=broad-except
                future.set_exception(exc)


class Deferred:
    def __init__(self, pool, future):
        self.pool = pool
        self.future = future

    def result(self):
        self.pool.run()
        return self.future.result()


def test_on_read_error_fail_skips_the_reads_already_submitted_but_not_started():
    client = FailingFirst()
    with pytest.raises(WebexApiError):
        read_entries(client, OWNERS['person'], people(5), None, True, LatePool())
    assert client.reads == ['/people/p0/features/intercept']


def test_on_read_error_report_reads_everyone():
    client = FailingFirst()
    entries = read_entries(client, OWNERS['person'], people(5), None, False, InlinePool())
    assert len(client.reads) == 5
    assert [entry['error'] is None for entry in entries] == [False, True, True, True, True]


def test_a_person_with_several_emails_is_named_by_the_first():
    client = FailingFirst(fail=False)
    item = {'id': 'p1', 'emails': ['first@example.com', 'second@example.com'], 'displayName': 'P One'}
    entry, = read_entries(client, OWNERS['person'], [item], None, True, InlinePool())
    assert entry['email'] == 'first@example.com'


# --- the options every module takes ---------------------------------------------------------------------------------

def test_the_connection_options_their_types_defaults_secrets_and_variables(monkeypatch):
    spec = _client.webex_argument_spec()
    described = dict((name, (option['type'], option.get('default'), option.get('no_log', False),
                             option['fallback'][1] if 'fallback' in option else None))
                     for name, option in spec.items())
    assert described == {
        'access_token': ('str', None, True, ['WEBEX_ACCESS_TOKEN']),
        'client_id': ('str', None, False, ['WEBEX_CLIENT_ID']),
        'client_secret': ('str', None, True, ['WEBEX_CLIENT_SECRET']),
        'refresh_token': ('str', None, True, ['WEBEX_REFRESH_TOKEN']),
        'api_url': ('str', 'https://webexapis.com/v1', False, ['WEBEX_API_URL']),
        'validate_certs': ('bool', True, False, None),
        'ca_path': ('path', None, False, None),
        'timeout': ('int', 30, False, None),
        'rate_limit': ('float', None, False, ['WEBEX_RATE_LIMIT']),
    }
    fallback = spec['access_token']['fallback'][0]
    monkeypatch.setenv('WEBEX_ACCESS_TOKEN', ' from-the-environment ')
    assert fallback('WEBEX_ACCESS_TOKEN') == ' from-the-environment '
    for blank in ('', '  '):
        monkeypatch.setenv('WEBEX_ACCESS_TOKEN', blank)
        with pytest.raises(_client.AnsibleFallbackNotFound):
            fallback('WEBEX_ACCESS_TOKEN')
    monkeypatch.delenv('WEBEX_ACCESS_TOKEN')
    monkeypatch.setenv('WEBEX_API_URL', 'https://other.example/v1')
    assert fallback('WEBEX_ACCESS_TOKEN', 'WEBEX_API_URL') == 'https://other.example/v1'


def test_an_empty_list_field_reads_as_an_empty_string():
    from ansible_collections.webex.calling.plugins.module_utils._owners import item_field
    assert item_field({'emails': []}, 'emails') == ''
    assert item_field({'emails': ['a@example.com', 'b@example.com']}, 'emails') == 'a@example.com'
    assert item_field({}, 'emails') is None


def test_the_urllib3_side_of_the_retry_policy():
    """Redirects and other errors are never retried by urllib3, statuses are left to the client (which reports them)."""
    retry = WebexRetry.for_webex()
    assert (retry.other, retry.redirect, retry.raise_on_status, retry.raise_on_redirect) == (0, 0, False, False)
    assert retry.respect_retry_after_header is True
    own = WebexRetry(3)
    assert own.total == 3 and isinstance(own.gate, _retry.RateLimitGate)
    assert WebexRetry(total=1).gate is not WebexRetry(total=1).gate


def test_an_asctime_retry_after_is_gmt_whatever_the_local_zone(monkeypatch):
    monkeypatch.setenv('TZ', 'America/New_York')
    time.tzset()
    try:
        assert parse_retry_after('Tue Nov 14 22:13:50 2023', now=1700000000.0) == 30.0
    finally:
        monkeypatch.delenv('TZ')
        time.tzset()


def test_ten_requests_through_set_a_pace(clock):
    for through, paced in ((PACING_MIN_PASSED, True), (PACING_MIN_PASSED - 1, False)):
        gate = _retry.RateLimitGate()
        for dummy in range(through + 1):  # the last one is answered 429
            gate.wait()
            clock.now += 0.01
        gate.hold(1.0)
        assert bool(gate.interval) is paced, through


def test_a_429_right_when_the_gate_opens_starts_a_new_window(clock):
    gate = _retry.RateLimitGate()
    for dummy in range(21):
        gate.wait()
        clock.now += 0.01
    gate.hold(1.0)
    first = gate.interval
    assert first == pytest.approx((0.21 + 1.0) / 20)
    clock.now += 1.0  # exactly when the gate opens again, another 429: a new window with nothing through yet keeps
    gate.hold(1.0)    # the pace; counted in the old window it would be one request fewer through (1.21 s / 19)
    assert gate.interval == pytest.approx(first)


class Failed(Exception):
    pass


class RecordingModule(Module):
    def fail_json(self, **result):
        self.result = result
        raise Failed()


def test_client_from_module_passes_every_option_to_the_client():
    module = RecordingModule(access_token='given-0123', client_id='cid', client_secret='csecret-0123',
                             refresh_token='rtoken-0123', timeout=9)
    client = _client.client_from_module(module, pool_size=5)
    assert client.tokens.can_refresh and client.tokens.token() == 'given-0123'
    assert client.tokens.secrets() == ['given-0123', 'csecret-0123', 'rtoken-0123']
    assert client.adapter._pool_maxsize == 5
    assert client.timeout == 9 and client.verify is True and client.base_url == API_URL
    client.tokens._warn('a warning')  # pylint: disable=protected-access
    assert module.warnings == ['a warning']
    fresh = _client.client_from_module(module, fresh_token=True)
    assert fresh.tokens.secrets() == ['csecret-0123', 'rtoken-0123']  # the given access token is not used
    assert _client.client_from_module(RecordingModule(api_url='  ')).base_url == 'https://webexapis.com/v1'


def test_client_from_module_without_requests_says_so(monkeypatch):
    monkeypatch.setattr(_client, 'REQUESTS_IMPORT_ERROR', 'Traceback: no requests')
    module = RecordingModule()
    with pytest.raises(Failed):
        _client.client_from_module(module)
    assert module.result['exception'] == 'Traceback: no requests'
    assert module.result['msg'].startswith('Failed to import the required Python library (requests)')


def test_an_origin_that_cannot_be_told_is_quoted():
    assert _client._origin_text('https://webex.test/v1') == 'https://webex.test:443'  # pylint: disable=protected-access
    assert _client._origin_text('nowhere') == "'nowhere'"  # pylint: disable=protected-access
