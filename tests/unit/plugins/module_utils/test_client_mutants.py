# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client at its edges: the defaults client_from_options fills in, rate_limit's budget shared through one state
file per API URL and credential (and a 429 on the token grant holding it too), and the circuit breaker that stops
the retries of a request or of a token grant in progress."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import tempfile
import time

import pytest
import responses

from ansible_collections.webex.calling.plugins.module_utils import _client
from ansible_collections.webex.calling.plugins.module_utils._client import (
    WebexApiError,
    WebexClient,
    client_from_module,
    client_from_options,
)
from ansible_collections.webex.calling.plugins.module_utils._shared_gate import SharedGateError

API_URL = 'https://webex.test/v1'
OTHER_URL = 'https://other.webex.test/v1'
TOKEN = 'mutant-access-token-0123456789'
OTHER_TOKEN = 'mutant-other-token-0123456789'
CLIENT_ID = 'mutant-client-id'
CLIENT_SECRET = 'mutant-client-secret-0123456789'
REFRESH = 'mutant-refresh-token-0123456789'
GRANTED = (200, {}, {'access_token': 'granted-0123456789', 'expires_in': 1209599, 'refresh_token': REFRESH})


def options(**changes):
    params = dict(access_token=TOKEN, client_id=None, client_secret=None, refresh_token=None, api_url=API_URL,
                  validate_certs=None, ca_path=None, timeout=None, rate_limit=None)
    params.update(changes)
    return params


class Module:
    """Just enough of AnsibleModule for client_from_module."""

    def __init__(self, **params):
        self.params = options(**params)

    def warn(self, text):
        pass

    def fail_json(self, **result):
        raise AssertionError(result['msg'])


@pytest.fixture
def gate_dir(monkeypatch, tmp_path):
    """The system's temporary directory, where the rate_limit gates keep their state files, made a test's own."""
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    return tmp_path


def gate_states(gate_dir):
    """{file name: state} of every rate_limit gate file."""
    states = {}
    for directory in gate_dir.iterdir():
        for path in directory.iterdir():
            states[path.name] = json.loads(path.read_text())
    return states


class OpeningBreaker(list):
    """A server's script that, when the server takes its first answer, opens the client's circuit breaker (as if
    the other workers had just failed to connect)."""

    def __init__(self, answers, client):
        super(OpeningBreaker, self).__init__(answers)
        self.client = client

    def pop(self, index=-1):
        while not self.client.breaker.is_open:
            self.client.breaker.failed('connection refused by another worker')
        return super(OpeningBreaker, self).pop(index)


# --- what client_from_options fills in ---------------------------------------------------------------------------

def test_without_requests_the_options_are_refused_naming_the_library(monkeypatch):
    monkeypatch.setattr(_client, 'REQUESTS_IMPORT_ERROR', 'Traceback: no requests')
    with pytest.raises(ValueError) as caught:
        client_from_options(options())
    assert str(caught.value).startswith('Failed to import the required Python library (requests) on ')


def test_unset_options_get_their_documented_defaults():
    client = client_from_options(options())
    assert client.timeout == 30
    assert client.verify is True


def test_a_client_for_one_worker_keeps_one_connection():
    assert client_from_options(options()).adapter._pool_maxsize == 1
    assert client_from_module(Module()).adapter._pool_maxsize == 1
    assert WebexClient(TOKEN, API_URL, pool_size=1).adapter._pool_maxsize == 1
    assert WebexClient(TOKEN, API_URL, pool_size=0).adapter._pool_maxsize == 1
    assert client_from_options(options(), pool_size=4).adapter._pool_maxsize == 4


@pytest.mark.parametrize('value', ['0', 'fast', 10001])
def test_a_bad_rate_limit_is_refused_before_anything_is_sent(value, gate_dir):
    with pytest.raises(SharedGateError, match=r'^rate_limit \(WEBEX_RATE_LIMIT\) must be a number of requests per '
                                              r'second from 0\.1 to 10000\.0, '):
        client_from_options(options(rate_limit=value))
    assert not list(gate_dir.iterdir())


# --- rate_limit: one budget per API URL and credential -----------------------------------------------------------

@responses.activate
def test_requests_with_a_rate_limit_take_their_turn_from_the_shared_file(gate_dir):
    responses.get(API_URL + '/people/me', json={'id': 'me'})
    client = client_from_options(options(rate_limit='1000'))
    before = time.time()
    assert client.get('/people/me') == {'id': 'me'}
    after = time.time()
    states = list(gate_states(gate_dir).values())
    assert len(states) == 1, states
    state = states[0]
    # The next request of any process may start a thousandth of a second after this one started.
    assert before + 0.001 <= state['next_start'] <= after + 0.001


@responses.activate
def test_clients_with_the_same_access_token_and_api_url_share_one_budget(gate_dir):
    responses.get(API_URL + '/people/me', json={'id': 'me'})
    responses.get(OTHER_URL + '/people/me', json={'id': 'me'})
    WebexClient(TOKEN, API_URL, rate_limit=10000).get('/people/me')
    WebexClient(TOKEN, API_URL + '/', rate_limit=10000).get('/people/me')
    assert len(gate_states(gate_dir)) == 1
    WebexClient(OTHER_TOKEN, API_URL, rate_limit=10000).get('/people/me')
    assert len(gate_states(gate_dir)) == 2  # another token, another budget
    WebexClient(TOKEN, OTHER_URL, rate_limit=10000).get('/people/me')
    assert len(gate_states(gate_dir)) == 3  # another API, another budget
    for name in gate_states(gate_dir):
        assert TOKEN not in name and OTHER_TOKEN not in name


@responses.activate
def test_refreshing_clients_share_the_budget_of_their_client_id_and_refresh_token(gate_dir):
    responses.get(API_URL + '/people/me', json={'id': 'me'})

    def refreshing(access_token, refresh_token=REFRESH):
        return WebexClient(access_token, API_URL, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                           refresh_token=refresh_token, rate_limit=10000)

    refreshing(TOKEN).get('/people/me')
    refreshing(OTHER_TOKEN).get('/people/me')  # the access token it starts with does not matter
    assert len(gate_states(gate_dir)) == 1
    refreshing(TOKEN, refresh_token='mutant-other-refresh-0123456789').get('/people/me')
    assert len(gate_states(gate_dir)) == 2
    WebexClient(TOKEN, API_URL, rate_limit=10000).get('/people/me')  # the same token alone is another credential
    assert len(gate_states(gate_dir)) == 3


def test_a_429_on_the_token_grant_holds_every_process_of_the_credential(serve, clock, gate_dir):
    server = serve((429, {'Retry-After': '0'}, {'message': 'Too many requests'}), GRANTED, (200, {}, {'id': 'me'}))
    client = WebexClient(None, server.url, timeout=5, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                         refresh_token=REFRESH, rate_limit=10000)
    before = time.time()
    assert client.get('/people/me') == {'id': 'me'}
    assert [request[:2] for request in server.requests] == [
        ('POST', '/v1/access_token'), ('POST', '/v1/access_token'), ('GET', '/v1/people/me')]
    states = list(gate_states(gate_dir).values())
    assert len(states) == 1, states
    state = states[0]
    assert before <= state['resume_at'] <= time.time()


# --- the circuit breaker stops retries in progress -------------------------------------------------------------

def test_a_request_makes_no_further_attempt_once_the_breaker_opened(serve, clock):
    server = serve()
    client = WebexClient(TOKEN, server.url, timeout=5)
    server.script = OpeningBreaker([(503, {}, {'message': 'Service unavailable'})], client)
    with pytest.raises(WebexApiError) as caught:
        client.get('/people/me')
    assert (caught.value.status, caught.value.attempts) == (503, 1)  # the answer it had, not retried
    assert len(server.requests) == 1 and not clock.sleeps


def test_a_token_grant_makes_no_further_attempt_once_the_breaker_opened(serve, clock):
    server = serve()
    client = WebexClient(None, server.url, timeout=5, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                         refresh_token=REFRESH)
    server.script = OpeningBreaker([(503, {}, {'message': 'Service unavailable'}), GRANTED], client)
    with pytest.raises(WebexApiError) as caught:
        client.get('/people/me')
    assert (caught.value.method, caught.value.path, caught.value.status) == ('POST', '/access_token', 503)
    assert [request[:2] for request in server.requests] == [('POST', '/v1/access_token')]
    assert not clock.sleeps
