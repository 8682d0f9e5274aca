# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Identity and client faults, piece by piece: the kind of a Webex ID, the circuit breaker, the retried token grant,
the access token replaced ahead of its expiry; and the engine facts a mutation run found untested (capitals in a
listing's emails, "on" and "off", a missing leaf in an API answer)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import threading

import pytest
import requests
from ansible.module_utils.parsing.convert_bool import BOOLEANS_FALSE, BOOLEANS_TRUE
from conftest import FakeClock, run_module
from test_client import ScriptedServer
from urllib3.exceptions import ProtocolError

from ansible_collections.webex.calling.plugins.module_utils import _auth
from ansible_collections.webex.calling.plugins.module_utils._auth import TokenSource
from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError, WebexClient
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS, check_id, check_owner_id, id_kind
from ansible_collections.webex.calling.plugins.module_utils._retry import (
    BREAKER_THRESHOLD,
    MAX_ATTEMPTS,
    CircuitBreaker,
    WebexRetry,
    is_connection_failure,
)
from ansible_collections.webex.calling.plugins.module_utils._settings import (
    SettingsError,
    settings_from_api,
    validate,
)
from ansible_collections.webex.calling.plugins.modules import webex_intercepts, webex_person_intercept_info

ACCESS = 'unit-access-token-0123456789'
OK = (200, {}, {'enabled': False})


def webex_id(text):
    return base64.b64encode(text.encode('ascii')).decode('ascii').rstrip('=')


# --- the kind of a Webex ID -------------------------------------------------------------------------------------

@pytest.mark.parametrize('text, kind', [
    ('ciscospark://us/PEOPLE/11a3f990-a689-477d-be6b-7120025d8abb', 'PEOPLE'),
    ('ciscospark://urn:TEAM:us-east-1_int13/PLACE/177f53ed-a766-4da0-8d78-721428c2ace4', 'PLACE'),
    ('ciscospark://us/PLACES/5101B07B-4F8F-4EF7-B565-DB19C7B723F7', 'PLACES'),
    ('ciscospark://us/VIRTUAL_LINE/9cbfb61f-4dc4-455b-bc3a-46b8bf9b4379', 'VIRTUAL_LINE'),
    ('ciscospark://us/LOCATION/31161', 'LOCATION'),
])
def test_the_kind_of_a_webex_id_as_the_reference_spells_them(text, kind):
    assert id_kind(webex_id(text)) == kind
    assert id_kind(webex_id(text) + '==') == kind  # padded
    assert id_kind(webex_id(text).replace('+', '-').replace('/', '_')) == kind  # URL-safe


@pytest.mark.parametrize('value', ['11a3f990-a689-477d-be6b-7120025d8abb', 'Y2lzY29zcGFyazovL', 'Y2lzY29zcGFyazovL!!',
                                   webex_id('ciscospark://us'), webex_id('ciscospark://us/people/x'), '', None, 42])
def test_what_is_not_a_webex_id_has_no_kind_and_passes(value):
    assert id_kind(value) is None
    assert check_owner_id(OWNERS['person'], value) == value


def test_url_safe_unpadded_and_non_ascii_ids_keep_their_kind():
    """IDs whose base64 has + and / (sent URL-safe as - and _), whose length needs padding, and whose bytes after the
    kind are not ASCII: the kind is still read."""
    raw = b'ciscospark://us/PEOPLE/' + bytes([0xfb, 0xff, 0xbf, 0xfe, 0x3e, 0x3f])
    encoded = base64.b64encode(raw).decode('ascii')
    assert '+' in encoded and '/' in encoded and encoded.endswith('=')
    url_safe = encoded.rstrip('=').replace('+', '-').replace('/', '_')
    assert len(url_safe) % 4
    assert id_kind(url_safe) == 'PEOPLE'
    assert id_kind(encoded.rstrip('=')) == 'PEOPLE'


def test_an_id_of_a_kind_no_owner_has_is_named_something_else():
    room = webex_id('ciscospark://us/ROOM/r1')
    with pytest.raises(SettingsError) as caught:
        check_owner_id(OWNERS['person'], room)
    assert str(caught.value) == ('person_id %s is the ID of something else (ROOM), not of a person (PEOPLE); give the '
                                 'ID of the person' % room)


def test_an_id_refused_for_an_organization_says_an_organization():
    person = webex_id('ciscospark://us/PEOPLE/p')
    with pytest.raises(SettingsError) as caught:
        check_id(person, 'org_id', ('ORGANIZATION',), 'organization')
    assert str(caught.value) == ('org_id %s is the ID of a person (PEOPLE), not of an organization (ORGANIZATION); '
                                 'give the ID of the organization' % person)


def test_every_owner_kind_accepts_its_own_ids_and_refuses_the_others_naming_the_option():
    ids = dict(person=webex_id('ciscospark://us/PEOPLE/p'), workspace=webex_id('ciscospark://us/PLACES/w'),
               virtual_line=webex_id('ciscospark://us/VIRTUAL_PROFILE/v'), location=webex_id('ciscospark://us/LOCATION/l'))
    for kind in OWNERS.values():
        for name, value in ids.items():
            if name == kind.name:
                assert check_owner_id(kind, value) == value
                continue
            with pytest.raises(SettingsError) as caught:
                check_owner_id(kind, value, 'intercepts[2].%s' % kind.id_option)
            assert str(caught.value).startswith('intercepts[2].%s %s is the ID of a %s (%s), not of a %s (%s); give '
                                                'the ID of the %s' % (kind.id_option, value, name.replace('_', ' '),
                                                                      id_kind(value), kind.label,
                                                                      ' or '.join(kind.id_kinds), kind.label))


def test_an_id_of_another_kind_in_a_bulk_run_sends_nothing(simulator):
    lobby = simulator.workspace_by_name('Lobby Phone')['id']
    failed, result = run_module(simulator, webex_intercepts, intercepts=[{'person_id': lobby, 'enabled': True}])
    assert failed and result['msg'].startswith('intercepts[0].person_id %s is the ID of a workspace (PLACES)' % lobby)
    assert result['msg'].endswith('; nothing was sent')
    assert simulator.log() == []


# --- the circuit breaker ----------------------------------------------------------------------------------------

def test_the_breaker_opens_after_requests_in_a_row_fail_and_an_answer_starts_the_count_again():
    breaker = CircuitBreaker()
    for dummy in range(BREAKER_THRESHOLD - 1):
        assert breaker.failed('reset') is False
    breaker.answered()
    for dummy in range(BREAKER_THRESHOLD - 1):
        assert breaker.failed('reset') is False
    assert breaker.failed('refused') is True and breaker.is_open and breaker.cause == 'refused'
    breaker.answered()
    assert breaker.is_open  # a run's breaker never closes again


def test_what_counts_as_a_connection_failure():
    assert is_connection_failure(ConnectionResetError(104, 'reset'))
    assert is_connection_failure(requests.exceptions.ConnectionError(OSError(ConnectionRefusedError(111, 'refused'))))
    wrapped = requests.exceptions.ConnectionError('wrapped')
    wrapped.__cause__ = ConnectionAbortedError()
    assert is_connection_failure(wrapped)
    assert not is_connection_failure(requests.exceptions.ReadTimeout('slow'))
    assert not is_connection_failure(requests.exceptions.SSLError('bad certificate'))
    # urllib3 gives some errors a reason that is text, not an exception (a failed TLS handshake).
    text_reason = requests.exceptions.SSLError('handshake')
    text_reason.reason = 'certificate verify failed'
    assert not is_connection_failure(text_reason)


def test_an_open_breaker_stops_retries_in_progress():
    breaker = CircuitBreaker(threshold=1)
    retry = WebexRetry.for_webex(breaker=breaker)
    reset = ProtocolError('Connection aborted.', ConnectionResetError(104, 'reset'))
    retry = retry.increment('GET', '/x', error=reset)  # closed: one more attempt
    breaker.failed('reset')
    with pytest.raises(Exception) as caught:
        retry.increment('GET', '/x', error=reset)
    assert type(caught.value).__name__ == 'MaxRetryError' and caught.value.attempts == 2
    assert retry.new().breaker is breaker


def test_the_client_stops_sending_once_requests_in_a_row_fail_on_resets(clock):
    server = ScriptedServer(['reset'] * (BREAKER_THRESHOLD * MAX_ATTEMPTS))
    try:
        client = WebexClient(ACCESS, server.url, timeout=5)
        for dummy in range(BREAKER_THRESHOLD):
            with pytest.raises(WebexApiError) as caught:
                client.get('/people/p/features/intercept')
            assert caught.value.attempts == MAX_ATTEMPTS and 'connection failed' in str(caught.value)
        assert len(server.requests) == BREAKER_THRESHOLD * MAX_ATTEMPTS
        assert client.outage.startswith('the API at %s stopped answering: %d requests in a row failed, after their '
                                        'retries, because connections were reset or refused (last: connection failed'
                                        % (server.url[:-len('/v1')], BREAKER_THRESHOLD))
        with pytest.raises(WebexApiError) as caught:
            client.put('/people/q/features/intercept', {'enabled': True})
        assert not caught.value.sent and caught.value.attempts == 0 and caught.value.status is None
        assert str(caught.value) == 'PUT /people/q/features/intercept not sent: %s' % client.outage
        assert len(server.requests) == BREAKER_THRESHOLD * MAX_ATTEMPTS  # nothing more reached the server
    finally:
        server.close()


def test_an_answer_between_failures_keeps_the_breaker_closed(clock):
    server = ScriptedServer((['reset'] * MAX_ATTEMPTS + [OK]) * BREAKER_THRESHOLD)
    try:
        client = WebexClient(ACCESS, server.url, timeout=5)
        for dummy in range(BREAKER_THRESHOLD):
            with pytest.raises(WebexApiError):
                client.get('/people/p/features/intercept')
            assert client.get('/people/p/features/intercept') == {'enabled': False}
        assert client.outage is None
    finally:
        server.close()


# --- the token grant, retried like a read -----------------------------------------------------------------------

GRANTED = (200, {}, {'access_token': 'granted-1', 'expires_in': 1209599, 'refresh_token': 'unit-refresh-0123',
                     'token_type': 'Bearer'})


def refreshing(server):
    return WebexClient(None, server.url, timeout=5, client_id='unit-client', client_secret='unit-secret-0123',
                       refresh_token='unit-refresh-0123')


def test_the_token_grant_is_retried_after_5xx_and_429_like_a_read(clock):
    server = ScriptedServer([(503, {}, {'message': 'busy'}), (502, {}, None), (429, {'Retry-After': '2'}, None),
                             (504, {}, None), GRANTED, OK])
    try:
        assert refreshing(server).get('/people/p/features/intercept') == {'enabled': False}
        assert [request[:2] for request in server.requests] == [('POST', '/v1/access_token')] * 5 + [
            ('GET', '/v1/people/p/features/intercept')]
        assert 2.0 in clock.sleeps  # the 429's Retry-After
    finally:
        server.close()


def test_the_token_grant_gives_up_after_as_many_attempts_as_a_read(clock):
    server = ScriptedServer([(503, {}, {'message': 'busy'})] * (MAX_ATTEMPTS + 1))
    try:
        with pytest.raises(WebexApiError) as caught:
            refreshing(server).get('/people/p/features/intercept')
        assert caught.value.status == 503 and caught.value.attempts == MAX_ATTEMPTS
        assert len(server.requests) == MAX_ATTEMPTS
    finally:
        server.close()


def test_other_posts_are_still_not_retried_after_a_5xx(clock):
    server = ScriptedServer([(503, {}, {'message': 'busy'}), OK])
    try:
        with pytest.raises(WebexApiError) as caught:
            WebexClient(ACCESS, server.url, timeout=5).post_file(
                '/people/p/features/intercept/actions/announcementUpload/invoke', 'file', 'a.wav', b'RIFF', 'audio/wav')
        assert caught.value.status == 503 and caught.value.attempts == 1 and len(server.requests) == 1
    finally:
        server.close()


# --- the access token replaced ahead of its expiry ---------------------------------------------------------------

class Grants:
    def __init__(self, expires_in, fail_on=()):
        self.calls = 0
        self.expires_in = expires_in
        self.fail_on = fail_on
        self.lock = threading.Lock()

    def __call__(self, client_id, client_secret, refresh_token):
        with self.lock:
            self.calls += 1
            number = self.calls
        if number in self.fail_on:
            raise WebexApiError('POST', '/access_token', status=503, message='busy')
        return dict(access_token='access-%d' % number, expires_in=self.expires_in)


@pytest.fixture
def auth_clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(_auth, 'time', fake)
    return fake


def tokens_of(grants, warnings=None):
    return TokenSource(None, 'cid', 'csecret', 'rtoken', fetch=grants,
                       warn=None if warnings is None else warnings.append)


def test_a_fetched_token_is_replaced_ahead_of_its_expiry_once_for_all_workers(auth_clock):
    grants = Grants(1209599)
    tokens = tokens_of(grants)
    assert tokens.token() == 'access-1'
    auth_clock.now += 1209599 - _auth.REFRESH_AHEAD - 1
    assert tokens.token() == 'access-1' and grants.calls == 1
    auth_clock.now += 2
    seen = []
    workers = [threading.Thread(target=lambda: seen.append(tokens.token())) for dummy in range(16)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert seen == ['access-2'] * 16 and grants.calls == 2


def test_a_short_lived_token_is_replaced_half_way():
    clock = FakeClock()
    grants = Grants(4)
    original, _auth.time = _auth.time, clock
    try:
        tokens = tokens_of(grants)
        assert tokens.token() == 'access-1'
        clock.now += 1.9
        assert tokens.token() == 'access-1'
        clock.now += 0.2
        assert tokens.token() == 'access-2'
    finally:
        _auth.time = original


def test_a_failed_early_refresh_keeps_the_token_and_warns_once(auth_clock):
    grants = Grants(600, fail_on=(2,))
    warnings = []
    tokens = tokens_of(grants, warnings)
    assert tokens.token() == 'access-1'
    auth_clock.now += 400
    assert tokens.token() == 'access-1' and tokens.token() == 'access-1'
    assert grants.calls == 2
    assert warnings == ['the access token could not be refreshed ahead of its expiry (POST /access_token failed: '
                        'HTTP 503: busy (1 attempt)); the run goes on with the current one']
    tokens.served('access-1')
    assert tokens.refresh('access-1') == 'access-3'  # a 401 still refreshes it


def test_a_token_is_replaced_at_its_due_time_exactly(auth_clock):
    tokens = tokens_of(Grants(1000))
    assert tokens.token() == 'access-1'
    auth_clock.now += 1000 - _auth.REFRESH_AHEAD
    assert tokens.token() == 'access-2'


@pytest.mark.parametrize('expires_in', [None, 0, -5])
def test_a_token_without_a_lifetime_is_kept_until_a_401(auth_clock, expires_in):
    grants = Grants(expires_in)
    tokens = tokens_of(grants)
    assert tokens.token() == 'access-1'
    auth_clock.now += 10 ** 7
    assert tokens.token() == 'access-1' and grants.calls == 1


def test_a_token_of_one_second_is_replaced_half_way(auth_clock):
    grants = Grants(1)
    tokens = tokens_of(grants)
    assert tokens.token() == 'access-1'
    auth_clock.now += 0.6
    assert tokens.token() == 'access-2'


def test_a_token_given_by_the_user_is_never_replaced_ahead(auth_clock):
    grants = Grants(60)
    tokens = TokenSource('given', 'cid', 'csecret', 'rtoken', fetch=grants)
    auth_clock.now += 10 ** 7
    assert tokens.token() == 'given' and grants.calls == 0


# --- engine facts a mutation run found untested ------------------------------------------------------------------

def test_an_email_with_capitals_in_the_listing_resolves_in_a_bulk_run(simulator):
    mixed = simulator.control('POST', '/_sim/people', {'email': 'Dana.Mixed@Example.com'})
    # Two names: resolved from the listing's pages (one lookup each would let the API compare).
    failed, result = run_module(simulator, webex_intercepts, intercepts=[
        {'person_email': 'dana.mixed@example.com', 'enabled': True},
        {'person_email': 'ALICE.ANDERS@example.com', 'enabled': True}])
    assert not failed, result['msg']
    assert [entry['id'] for entry in result['intercepts']][0] == mixed['id']
    assert [entry['missing'] for entry in result['intercepts']] == [False, False]
    assert [request['query'].get('email') for request in simulator.log() if request['route'] == '/people'] == [None]


@pytest.mark.parametrize('value', sorted(item for item in BOOLEANS_TRUE | BOOLEANS_FALSE if isinstance(item, str)))
def test_a_settings_tree_takes_the_boolean_strings_a_module_option_takes(value):
    expected = value in BOOLEANS_TRUE
    for text in (value, value.upper(), ' %s ' % value):
        assert validate({'enabled': text}, 'defaults', loose=True) == {'enabled': expected}
    assert validate({'incoming': {'voicemail_enabled': value}}, 'defaults', loose=True) == {
        'incoming': {'voicemail_enabled': expected}}


def test_on_and_off_in_a_bulk_run(simulator):
    alice = simulator.person_by_email('alice.anders@example.com')['id']
    bob = simulator.person_by_email('bob.baker@example.com')['id']
    failed, result = run_module(simulator, webex_intercepts, intercepts=[
        {'person_id': alice, 'enabled': 'on'}, {'person_id': bob, 'enabled': 'off', 'incoming': {
            'voicemail_enabled': 'on'}}])
    assert not failed, result['msg']
    assert simulator.get_intercept(alice)['enabled'] is True
    assert simulator.get_intercept(bob)['enabled'] is False
    assert simulator.get_intercept(bob)['incoming']['voicemailEnabled'] is True


def test_a_missing_leaf_of_an_api_answer_is_null_but_a_missing_destination_is_empty():
    settings = settings_from_api({'enabled': True, 'incoming': {'announcements': {'newNumber': {'enabled': False}}}})
    assert settings['enabled'] is True
    assert settings['incoming']['type'] is None and settings['incoming']['voicemail_enabled'] is None
    assert settings['incoming']['announcements']['greeting'] is None
    assert settings['incoming']['announcements']['new_number'] == {'enabled': False, 'destination': ''}
    assert settings['incoming']['announcements']['zero_transfer'] == {'enabled': None, 'destination': ''}
    assert settings['outgoing'] == {'type': None, 'transfer_enabled': None, 'destination': ''}


def test_an_info_module_reads_a_missing_leaf_as_null(simulator):
    alice = simulator.person_by_email('alice.anders@example.com')['id']
    simulator.add_faults([{'method': 'GET', 'path': '^/v1/people/%s/features/intercept$' % alice, 'status': 200,
                           'body': '{"enabled": false, "incoming": {"type": "INTERCEPT_ALL"}}'}])
    failed, result = run_module(simulator, webex_person_intercept_info, person_id=alice)
    assert not failed, result['msg']
    incoming = result['persons'][0]['intercept']['incoming']
    assert incoming['type'] == 'INTERCEPT_ALL' and incoming['voicemail_enabled'] is None
    assert incoming['announcements']['new_number'] == {'enabled': None, 'destination': ''}


@pytest.mark.parametrize('region', ['~~~', '??'])
def test_a_url_safe_id_whose_region_encodes_to_plus_or_slash_keeps_its_kind(region):
    standard = webex_id('ciscospark://%s/PLACES/w1' % region)
    url_safe = standard.replace('+', '-').replace('/', '_')
    assert url_safe != standard
    assert id_kind(url_safe) == 'PLACES'
