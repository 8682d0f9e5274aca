# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the client sends and how it reads answers: headers, the base URL, its own retries against the simulator,
credentials that cannot fetch a token, answers of the token endpoint, and the common option checks."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import re
import socket

import pytest
import requests
import responses

from ansible_collections.webex.calling.plugins.module_utils._auth import AuthError
from ansible_collections.webex.calling.plugins.module_utils._client import (
    USER_AGENT,
    WebexApiError,
    WebexClient,
    client_from_module,
    run_access_token_module,
)

API_URL = 'https://webex.test/v1'
TOKEN = 'client-request-secret-token-0123456789'


class Exit(Exception):
    pass


class Module:
    """Just enough of AnsibleModule for client_from_module and run_access_token_module."""

    def __init__(self, **params):
        self.no_log = True
        self.params = dict(access_token=TOKEN, client_id=None, client_secret=None, refresh_token=None, api_url=API_URL,
                           validate_certs=True, ca_path=None, timeout=30)
        self.params.update(params)
        self.result = None

    def warn(self, text):
        pass

    def fail_json(self, **result):
        self.result = dict(result, failed=True)
        raise Exit()

    def exit_json(self, **result):
        self.result = result
        raise Exit()


@responses.activate
def test_requests_ask_for_json_and_name_the_collection():
    responses.get(API_URL + '/people/me', json={'id': 'me'})
    assert WebexClient(TOKEN, API_URL + '/').get('/people/me') == {'id': 'me'}
    request = responses.calls[0].request
    assert request.url == API_URL + '/people/me'
    assert request.headers['Accept'] == 'application/json'
    assert request.headers['User-Agent'] == USER_AGENT
    assert request.headers['Authorization'] == 'Bearer ' + TOKEN


@responses.activate
def test_the_query_and_the_body_are_sent_as_a_session_would_send_them():
    """params: quoted, a list repeated, None left out, added to a query the path has; json: encoded and typed."""
    responses.get(API_URL + '/people', json={'items': []})
    responses.put(API_URL + '/people/p%201/features/intercept', status=204)
    client = WebexClient(TOKEN, API_URL)
    client.get('/people', params={'email': 'al+ice@example.com', 'orgId': None, 'id': ['a', 'b'], 'max': 100})
    client.get('/people?callingData=true', params={'displayName': 'Zoë Ng'})
    client.put('/people/p 1/features/intercept', {'enabled': True, 'label': 'Zoë'})
    urls = [call.request.url for call in responses.calls]
    assert urls == [API_URL + '/people?email=al%2Bice%40example.com&id=a&id=b&max=100',
                    API_URL + '/people?callingData=true&displayName=Zo%C3%AB+Ng',
                    API_URL + '/people/p%201/features/intercept']
    put = responses.calls[2].request
    assert put.body == '{"enabled": true, "label": "Zo\\u00eb"}'.encode()
    assert (put.headers['Content-Type'], put.headers['Content-Length']) == ('application/json', str(len(put.body)))
    assert 'Content-Type' not in responses.calls[0].request.headers


@pytest.mark.parametrize('credentials', [{}, dict(client_id='cid', refresh_token='rt'),
                                         dict(client_secret='cs', refresh_token='rt'), dict(client_id='cid', client_secret='cs')])
@responses.activate
def test_without_a_token_or_all_three_refresh_options_no_token_is_fetched(credentials):
    client = WebexClient(None, API_URL, **credentials)
    with pytest.raises(AuthError) as caught:
        client.get('/people/me')
    assert str(caught.value) == 'no access token, and no client_id, client_secret and refresh_token to get one with'
    assert len(responses.calls) == 0


@responses.activate
def test_an_answer_without_content_type_that_is_not_json():
    responses.get(API_URL + '/people/me', body=b'<html>', content_type=None)
    with pytest.raises(WebexApiError) as caught:
        WebexClient(TOKEN, API_URL).get('/people/me')
    assert caught.value.status == 200
    assert 'the response is not JSON (Content-Type unknown); is api_url the Webex API?' in str(caught.value)


@pytest.mark.parametrize('answer', [dict(json=['not', 'a', 'dictionary']), dict(json={'access_token': '  '}),
                                    dict(body=b'not json', content_type='text/plain')])
@responses.activate
def test_a_token_answer_without_a_token(answer):
    responses.post(API_URL + '/access_token', **answer)
    client = WebexClient(None, API_URL, client_id='cid', client_secret='csecret-0123', refresh_token='rtoken-0123')
    with pytest.raises(WebexApiError) as caught:
        client.get('/people/me')
    assert caught.value.status == 200
    text = str(caught.value)
    assert text.startswith('POST /access_token failed: HTTP 200: ')
    if 'body' in answer:
        assert 'the response is not JSON (Content-Type text/plain); is api_url the Webex API?' in text
    else:
        assert 'the answer has no access_token; is api_url the Webex API?' in text
    assert 'csecret-0123' not in text and 'rtoken-0123' not in text


@responses.activate
def test_a_refused_token_is_redacted_from_the_message():
    responses.get(API_URL + '/people/me', status=401, json={'message': 'token %s is not valid' % TOKEN})
    with pytest.raises(WebexApiError) as caught:
        WebexClient(TOKEN, API_URL).get('/people/me')
    assert TOKEN not in str(caught.value) and caught.value.status == 401


@responses.activate
def test_a_401_without_words_says_only_what_to_do():
    responses.get(API_URL + '/people/me', status=401, body=b'')
    with pytest.raises(WebexApiError) as caught:
        WebexClient(TOKEN, API_URL).get('/people/me')
    assert re.match(r'GET /people/me failed: HTTP 401: Unauthorized; the access token is invalid or has expired: set a '
                    r'new one in access_token \(WEBEX_ACCESS_TOKEN\), or set client_id, client_secret and refresh_token '
                    r'so that the modules get access tokens themselves \(trackingId \S+, 1 attempt\)$', str(caught.value))


def test_the_client_retries_by_itself_against_the_simulator(sim, clock):
    sim.control('POST', '/_sim/reset')
    sim.add_faults([{'status': 503, 'method': 'GET', 'path': '^/v1/people/me$', 'times': 2}])
    me = WebexClient(sim.admin_token, sim.url).get('/people/me')
    assert me['orgId'] == sim.org_id
    assert [entry['status'] for entry in sim.log()] == [503, 503, 200]
    assert len(clock.sleeps) == 2


def test_a_missing_ca_path_is_refused_word_for_word(tmp_path):
    module = Module(ca_path=str(tmp_path / 'nowhere.pem'))
    with pytest.raises(Exit):
        client_from_module(module)
    assert module.result == dict(failed=True, msg=(
        'ca_path %s does not exist; give the path of a PEM file (or a directory of PEM files) with the CA '
        'certificates that sign the API server certificate' % (tmp_path / 'nowhere.pem')))


@responses.activate
def test_the_token_module_says_when_the_token_expires():
    responses.post(API_URL + '/access_token', json={'access_token': 'fresh', 'expires_in': 3600})
    module = Module(access_token=None, client_id='cid', client_secret='csecret-0123', refresh_token='rtoken-0123')
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    with pytest.raises(Exit):
        run_access_token_module(module)
    after = datetime.datetime.now(datetime.timezone.utc)
    expires_at = module.result['expires_at']
    assert re.match(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$', expires_at)
    when = datetime.datetime.strptime(expires_at, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
    assert before + datetime.timedelta(seconds=3600) <= when <= after + datetime.timedelta(seconds=3600)


def test_a_refused_connection_names_the_cause_not_the_retries(clock):
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    port = listener.getsockname()[1]
    listener.close()
    with pytest.raises(WebexApiError) as caught:
        WebexClient(TOKEN, 'http://127.0.0.1:%d/v1' % port, timeout=5).get('/people/me')
    text = str(caught.value)
    assert text.startswith("GET /people/me failed: no response: connection failed (HTTPConnection(host='127.0.0.1', "
                           "port=%d): Failed to establish a new connection: " % port)
    assert 'Connection refused) (trackingId ' in text and text.endswith(', 6 attempts)')
    assert 'Max retries exceeded' not in text
    assert caught.value.status is None and len(clock.sleeps) == 5


REFRESH = dict(client_id='cid', client_secret='csecret-0123', refresh_token='rtoken-0123')


@responses.activate
def test_a_401_after_a_refresh_says_so_word_for_word():
    responses.post(API_URL + '/access_token', json={'access_token': 'fresh-token-0123', 'expires_in': 60})
    responses.get(API_URL + '/people/me', status=401, json={'message': 'Unauthorized'})
    with pytest.raises(WebexApiError) as caught:
        WebexClient('old-token-0123', API_URL, **REFRESH).get('/people/me')
    assert re.match(r'GET /people/me failed: HTTP 401: Unauthorized; refused again after the access token was refreshed '
                    r'with the refresh token: check that the integration or service app is authorized for this '
                    r'organization \(trackingId \S+, 1 attempt\)$', str(caught.value))
    assert [call.request.headers.get('Authorization') for call in responses.calls] == [
        'Bearer old-token-0123', None, 'Bearer fresh-token-0123']


@responses.activate
def test_a_401_on_a_token_just_issued_says_so_word_for_word():
    responses.post(API_URL + '/access_token', json={'access_token': 'fresh-token-0123', 'expires_in': 60})
    responses.get(API_URL + '/people/me', status=401, json={'message': 'Unauthorized'})
    with pytest.raises(WebexApiError) as caught:
        WebexClient(None, API_URL, **REFRESH).get('/people/me')
    assert re.match(r'GET /people/me failed: HTTP 401: Unauthorized; Webex refused the access token it had just issued '
                    r'for the refresh token: check that the integration or service app is authorized for this '
                    r'organization \(trackingId \S+, 1 attempt\)$', str(caught.value))
    assert len(responses.calls) == 2


@responses.activate
def test_a_refreshed_token_that_served_is_refreshed_again_when_it_expires():
    responses.post(API_URL + '/access_token', json={'access_token': 'fresh-1', 'expires_in': 60})
    responses.post(API_URL + '/access_token', json={'access_token': 'fresh-2', 'expires_in': 60})
    for status in (401, 200, 401, 200):
        responses.get(API_URL + '/people/me', status=status, json={'id': 'me'} if status == 200 else {'message': 'No'})
    client = WebexClient('old-token-0123', API_URL, **REFRESH)
    assert client.get('/people/me') == {'id': 'me'}
    assert client.get('/people/me') == {'id': 'me'}
    assert [call.request.headers.get('Authorization') for call in responses.calls if 'people' in call.request.url] == [
        'Bearer old-token-0123', 'Bearer fresh-1', 'Bearer fresh-1', 'Bearer fresh-2']


@responses.activate
def test_listing_pages_word_for_word():
    responses.get(API_URL + '/people', json={'items': [1, 2]},
                  headers={'Link': '<%s/people?cursor=b>; rel="next"' % API_URL})
    responses.get(API_URL + '/people', json={})
    client = WebexClient(TOKEN, API_URL)
    assert client.get_items('/people') == [1, 2]
    responses.get(API_URL + '/lines', json={'items': 'none'})
    with pytest.raises(WebexApiError) as caught:
        client.get_items('/lines')
    assert caught.value.status == 200 and 'the response has no list of items' in str(caught.value)
    responses.get(API_URL + '/pages', body=b'<html>', content_type='text/html')
    with pytest.raises(WebexApiError) as caught:
        client.get_items('/pages')
    assert caught.value.status == 200
    assert 'the response is not JSON (Content-Type text/html); is api_url the Webex API?' in str(caught.value)


@responses.activate
def test_a_next_link_to_another_origin_is_not_followed():
    responses.get(API_URL + '/people', json={'items': [1]},
                  headers={'Link': '<https://evil.test/v1/people?cursor=b>; rel="next"'})
    with pytest.raises(WebexApiError) as caught:
        WebexClient(TOKEN, API_URL).get_items('/people')
    assert str(caught.value) == ('GET https://evil.test/v1/people?cursor=b failed: no response: refusing to follow a '
                                 'link outside %s (1 attempt)' % API_URL)
    assert len(responses.calls) == 1


@pytest.mark.parametrize('api_url', [None, '', '  '])
def test_an_empty_api_url_is_the_default(api_url):
    client = client_from_module(Module(api_url=api_url))
    assert client.base_url == 'https://webexapis.com/v1'


def rotate_then(client, answer):
    """A responses callback: another worker refreshes the token while this request is on its way, then ``answer``."""
    def callback(request):
        client.tokens.served('old-token-0123')
        client.tokens.refresh('old-token-0123')
        return answer(request)
    return callback


@responses.activate
def test_a_token_replaced_while_a_request_was_on_its_way_is_still_hidden():
    responses.post(API_URL + '/access_token', json={'access_token': 'fresh-token-0123', 'expires_in': 60})
    client = WebexClient('old-token-0123', API_URL, **REFRESH)
    responses.add_callback(responses.GET, API_URL + '/people/me', callback=rotate_then(
        client, lambda request: (500, {}, '{"message": "upstream refused old-token-0123"}')))
    with pytest.raises(WebexApiError) as caught:
        client.get('/people/me')
    assert 'old-token-0123' not in str(caught.value) and 'upstream refused' in str(caught.value)
    assert client.tokens.token() == 'fresh-token-0123'


@responses.activate
def test_a_token_replaced_before_a_transport_failure_is_still_hidden():
    responses.post(API_URL + '/access_token', json={'access_token': 'fresh-token-0123', 'expires_in': 60})
    client = WebexClient('old-token-0123', API_URL, **REFRESH)

    def refuse(request):
        raise requests.exceptions.ConnectionError('proxy refused a request with old-token-0123')
    responses.add_callback(responses.PUT, API_URL + '/people/me', callback=rotate_then(client, refuse))
    with pytest.raises(WebexApiError) as caught:
        client.put('/people/me', {'enabled': True})
    assert 'old-token-0123' not in str(caught.value) and 'proxy refused a request with' in str(caught.value)


def test_only_slashes_are_stripped_from_api_url():
    assert WebexClient(TOKEN, 'https://webex.test/v1X//').base_url == 'https://webex.test/v1X'


class Words:
    """An answer without any words: no body, no reason."""
    status_code = 401
    reason = ''
    headers = {}

    def json(self):
        raise ValueError('no body')


def test_an_error_without_words_is_its_note():
    context = dict(method='GET', path='/people', tracking_id='T-1')
    error = WebexClient(TOKEN, API_URL)._error(Words(), context, note='set a new access_token')
    assert str(error) == 'GET /people failed: HTTP 401: set a new access_token (trackingId T-1, 1 attempt)'
