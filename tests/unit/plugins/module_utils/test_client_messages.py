# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the client says when a call fails, word for word (mutation survivors: messages checked only in part)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests
import responses

from ansible_collections.webex.calling.plugins.module_utils._client import (
    WebexApiError,
    WebexClient,
    _token_error_note,
    _transport_error,
    _webex_message,
    check_api_url,
)

API_URL = 'https://webex.test/v1'
TOKEN = 'client-message-secret-token-0123456789'
CONTEXT = dict(method='GET', path='/people', tracking_id='T-1')


def client():
    return WebexClient(TOKEN, API_URL, timeout=5)


def failure(**answer):
    responses.get(API_URL + '/people', **answer)
    with pytest.raises(WebexApiError) as caught:
        client().get('/people')
    return caught.value


class Answer:
    def __init__(self, status, body=None, reason='Bad Request'):
        self.status_code = status
        self.body = body
        self.reason = reason

    def json(self):
        if isinstance(self.body, Exception):
            raise self.body
        return self.body


@pytest.mark.parametrize('body, expected', [
    ({'message': 'Invalid', 'errors': [{'description': 'Invalid'}, {'description': 'Destination too long'}]},
     'Invalid; Destination too long'),
    ({'error_description': 'refresh token expired', 'message': 'Bad'}, 'Bad; refresh token expired'),
    ({'message': 'Same', 'error_description': 'Same'}, 'Same'),
    ({'errors': ['not a dictionary', {'description': ''}, {'description': 'Real'}]}, 'Real'),
    ({}, 'Bad Request'),
    (['a list'], 'Bad Request'),
    (ValueError('not JSON'), 'Bad Request'),
])
def test_webex_words_from_an_error_body(body, expected):
    assert _webex_message(Answer(400, body)) == expected


def test_no_words_at_all_is_none():
    assert _webex_message(Answer(400, {}, reason='')) is None
    assert _webex_message(Answer(400, ValueError('x'), reason='')) is None


@responses.activate
def test_an_http_failure_word_for_word():
    error = failure(status=409, json={'message': 'Conflict', 'trackingId': 'ROUTER_7'})
    assert str(error) == 'GET /people failed: HTTP 409: Conflict (trackingId ROUTER_7, 1 attempt)'
    assert error.to_result() == dict(method='GET', path='/people', status=409, message='Conflict',
                                     tracking_id='ROUTER_7', attempts=1)


@responses.activate
def test_the_tracking_id_comes_from_the_body_then_the_header_then_ours():
    assert failure(status=404, json={'message': 'x'}, headers={'trackingid': 'HDR_1'}).tracking_id == 'HDR_1'
    responses.reset()
    assert failure(status=404, json={'message': 'x', 'trackingId': 'BODY_1'},
                   headers={'trackingid': 'HDR_1'}).tracking_id == 'BODY_1'
    responses.reset()
    assert failure(status=404, body='<html>').tracking_id.startswith('WEBEX-CALLING-ANSIBLE_')


def test_describe_without_a_status_and_with_several_attempts():
    error = WebexApiError('PUT', '/people/p1', message='connection failed (reset)', tracking_id='T', attempts=6)
    assert str(error) == 'PUT /people/p1 failed: no response: connection failed (reset) (trackingId T, 6 attempts)'
    assert str(WebexApiError('GET', '/x', status=500)) == 'GET /x failed: HTTP 500 (1 attempt)'


@responses.activate
def test_an_answer_that_is_not_json_word_for_word():
    responses.get(API_URL + '/people', body='<html>', content_type='text/html', status=200)
    with pytest.raises(WebexApiError) as caught:
        client().get('/people')
    assert caught.value.message == 'the response is not JSON (Content-Type text/html); is api_url the Webex API?'


@responses.activate
@pytest.mark.parametrize('body', [{'items': {'a': 1}}, {'items': 'x'}, ['x']])
def test_a_listing_without_its_list_word_for_word(body):
    responses.get(API_URL + '/people', json=body)
    with pytest.raises(WebexApiError) as caught:
        client().get_items('/people')
    assert caught.value.message == 'the response has no list of items'


@pytest.mark.parametrize('status, body, expected', [
    (400, {'error': 'invalid_grant'}, 'the refresh token was refused (invalid_grant): it has expired, was revoked or '
                                      'belongs to another client; authorize the integration or service app again and '
                                      'store its new refresh token in refresh_token (WEBEX_REFRESH_TOKEN, or the AWX '
                                      'credential)'),
    (400, ValueError('x'), 'the refresh token was refused: it has expired, was revoked or belongs to another client; '
                           'authorize the integration or service app again and store its new refresh token in '
                           'refresh_token (WEBEX_REFRESH_TOKEN, or the AWX credential)'),
    (401, {'error': 'invalid_client'}, 'the client was refused (invalid_client): check client_id and client_secret '
                                       '(WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET) against the integration or service app'),
    (401, ['x'], 'the client was refused: check client_id and client_secret (WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET) '
                 'against the integration or service app'),
    (500, {'error': 'x'}, 'no access token could be had with the refresh token'),
])
def test_token_errors_word_for_word(status, body, expected):
    assert _token_error_note(Answer(status, body)) == expected


@pytest.mark.parametrize('exc, expected', [
    (requests.exceptions.SSLError('CERTIFICATE_VERIFY_FAILED'),
     'TLS verification failed (CERTIFICATE_VERIFY_FAILED); set ca_path to the CA bundle that signed the server '
     'certificate, or validate_certs=false for a test server'),
    (requests.exceptions.ReadTimeout('read timed out'), 'no answer within the timeout (read timed out)'),
    (requests.exceptions.ConnectionError('Read timed out. (read timeout=5)'),
     'no answer within the timeout (Read timed out. (read timeout=5))'),
    (requests.exceptions.ConnectionError('refused'), 'connection failed (refused)'),
])
def test_transport_errors_word_for_word(exc, expected):
    error = _transport_error(exc, dict(CONTEXT))
    assert (error.status, error.message, error.attempts) == (None, expected, 1)


def test_a_transport_error_keeps_the_attempts_and_hides_secrets():
    cause = OSError('reset by ' + TOKEN)
    cause.attempts = 4
    exc = requests.exceptions.ConnectionError(cause)
    error = _transport_error(exc, dict(CONTEXT), secrets=[TOKEN])
    assert (error.message, error.attempts) == ('connection failed (reset by [hidden])', 4)


@pytest.mark.parametrize('url, expected', [
    ('http://example.com/v1', 'api_url must use https; plain http is only allowed for a loopback address such as a '
                              'local simulator, not for example.com'),
    ('example.com', "api_url must be an absolute https URL such as https://webexapis.com/v1, not 'example.com'"),
])
def test_api_url_messages_word_for_word(url, expected):
    with pytest.raises(ValueError) as caught:
        check_api_url(url)
    assert str(caught.value) == expected
    assert check_api_url('http://127.0.0.1:9/v1') == ('api_url http://127.0.0.1:9/v1 uses plain http; this is only '
                                                      'accepted because the host is a loopback address')
    assert check_api_url('https://webexapis.com/v1') is None


# --- webex_access_token (run_access_token_module) ---------------------------------------------------------------------

class Exit(Exception):
    pass


class TokenModule:
    """Just enough of AnsibleModule for run_access_token_module."""

    def __init__(self, no_log=True, **params):
        self.no_log = no_log
        self.params = dict(access_token=None, client_id='cid', client_secret='csecret-0123', refresh_token='rtoken-0123',
                           api_url=API_URL, validate_certs=True, ca_path=None, timeout=30)
        self.params.update(params)
        self.result = None
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def fail_json(self, **result):
        self.result = dict(result, failed=True)
        raise Exit()

    def exit_json(self, **result):
        self.result = result
        raise Exit()


def run_token_module(module):
    from ansible_collections.webex.calling.plugins.module_utils._client import run_access_token_module
    with pytest.raises(Exit):
        run_access_token_module(module)
    return module.result


def test_the_token_module_refuses_to_run_without_no_log():
    result = run_token_module(TokenModule(no_log=False))
    assert result == dict(failed=True, msg='webex_access_token returns an access token: set no_log: true on the task, '
                                           'so that Ansible shows neither it nor the registered result')


def test_the_token_module_needs_the_refresh_credentials():
    result = run_token_module(TokenModule(client_id=None, access_token='given'))
    assert result['failed'] and result['msg'].startswith('client_id, client_secret and refresh_token work together')
    result = run_token_module(TokenModule(client_id=None, client_secret=None, refresh_token=None, access_token='given'))
    assert result['msg'] == ('this module gets a new access token with client_id, client_secret and refresh_token (or '
                             'WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET, WEBEX_REFRESH_TOKEN): set all three')


@responses.activate
@pytest.mark.parametrize('answer, rotated', [
    ({'access_token': ' fresh ', 'expires_in': 3600, 'refresh_token': 'rtoken-0123'}, False),
    ({'access_token': 'fresh', 'expires_in': 3600, 'refresh_token': 'rotated-0123'}, True),
])
def test_the_token_module_returns_the_new_token_and_when_it_expires(answer, rotated):
    responses.post(API_URL + '/access_token', json=answer)
    module = TokenModule(access_token='ignored-old-token')
    result = run_token_module(module)
    assert result['access_token'] == 'fresh' and result['changed'] is False
    assert result['expires_in'] == 3600 and result['expires_at'].endswith('Z') and 'T' in result['expires_at']
    expected = (True, 'rotated-0123') if rotated else (False, None)
    assert (result['refresh_token_rotated'], result['refresh_token']) == expected
    assert 'Authorization' not in responses.calls[0].request.headers
    assert len(module.warnings) == (1 if rotated else 0)


@responses.activate
def test_the_token_module_without_expiry_and_on_failure():
    responses.post(API_URL + '/access_token', json={'access_token': 'fresh', 'expires_in': 'soon'})
    result = run_token_module(TokenModule())
    assert (result['expires_in'], result['expires_at']) == (None, None)
    responses.reset()
    responses.post(API_URL + '/access_token', status=400, json={'error': 'invalid_grant', 'trackingId': 'T9'})
    result = run_token_module(TokenModule())
    assert result['failed'] and result['api_error']['status'] == 400 and result['api_error']['tracking_id'] == 'T9'
    assert result['msg'].startswith('POST /access_token failed: HTTP 400: ')
    assert 'rtoken-0123' not in str(result) and 'csecret-0123' not in str(result)


# --- redirects and transport failures through the client ----------------------------------------------------------

@responses.activate
@pytest.mark.parametrize('status, location, target', [
    (300, 'https://evil.example/v1/people', 'https://evil.example:443'),
    (300, '/v1/elsewhere', 'https://webex.test:443'),
    (302, None, 'nowhere'),
    (399, 'http://webex.test/v1/people', 'http://webex.test:80'),
])
def test_an_answer_in_the_3xx_range_is_refused_word_for_word(status, location, target):
    headers = {'Location': location} if location else {}
    responses.get(API_URL + '/people', status=status, headers=headers, body='')
    with pytest.raises(WebexApiError) as caught:
        client().get('/people')
    assert caught.value.status == status
    assert caught.value.message == (
        'the API answered with a redirect to %s, which is not the origin of api_url (https://webex.test:443); redirects '
        'are followed only within that origin (same scheme, host and port), so nothing was sent there: check api_url'
        % target)


def test_a_transport_failure_through_the_client_hides_the_token(monkeypatch):
    webex = client()

    def refuse(request, **kwargs):
        raise requests.exceptions.ConnectionError('proxy said: bad header Bearer %s' % TOKEN)

    monkeypatch.setattr(webex.adapter, 'send', refuse)
    with pytest.raises(WebexApiError) as caught:
        webex.get('/people')
    assert caught.value.message == 'connection failed (proxy said: bad header Bearer [hidden])'
    assert caught.value.status is None and TOKEN not in str(caught.value)
