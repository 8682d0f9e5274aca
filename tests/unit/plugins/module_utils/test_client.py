# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP client: headers, retries, paging and error messages, at the HTTP level."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import responses

from ansible_collections.webex.calling.plugins.module_utils import _retry
from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError, WebexClient, check_api_url
from ansible_collections.webex.calling.plugins.module_utils._retry import MAX_ATTEMPTS

API_URL = 'https://webex.test/v1'
TOKEN = 'unit-test-secret-token-0123456789'

ERROR_BODY = {
    'message': 'Forbidden',
    'errors': [{'description': 'Missing scope spark-admin:people_write', 'errorCode': 4003}],
    'trackingId': 'ROUTER_1234',
}


@pytest.fixture
def client():
    return WebexClient(TOKEN, API_URL, timeout=5)


class ScriptedServer:
    """A real HTTP server on loopback that answers from a script: (status, headers, body) or 'reset'."""

    def __init__(self, script):
        self.script = list(script)
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length)
                server.requests.append((self.command, self.path, dict(self.headers), body))
                answer = server.script.pop(0) if server.script else (200, {}, {'ok': True})
                if answer == 'reset':
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
                    self.close_connection = True
                    return
                status, headers, body = answer
                data = json.dumps(body).encode() if body is not None else b''
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = handle_any

        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.httpd.daemon_threads = True
        self.url = 'http://127.0.0.1:%d/v1' % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={'poll_interval': 0.05})
        self.thread.daemon = True
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def scripted():
    servers = []

    def start(*script):
        server = ScriptedServer(script)
        servers.append(server)
        return server, WebexClient(TOKEN, server.url, timeout=5)

    yield start
    for server in servers:
        server.close()


@responses.activate
def test_every_request_carries_the_token_and_a_fresh_tracking_id(client):
    responses.get(API_URL + '/people/p1/features/intercept', json={'enabled': False})
    client.get('/people/p1/features/intercept')
    client.get('/people/p1/features/intercept')
    headers = [call.request.headers for call in responses.calls]
    assert all(h['Authorization'] == 'Bearer ' + TOKEN for h in headers)
    tracking_ids = [h['TrackingID'] for h in headers]
    assert tracking_ids[0] != tracking_ids[1] and all(tracking_ids)


@responses.activate
def test_pages_are_followed_to_the_end(client):
    responses.get(API_URL + '/people', json={'items': [{'id': 'a'}, {'id': 'b'}]},
                  headers={'Link': '<%s/people?cursor=2&max=2>; rel="next"' % API_URL},
                  match=[responses.matchers.query_param_matcher({'callingData': 'true', 'max': '2'})])
    responses.get(API_URL + '/people', json={'items': [{'id': 'c'}, {'id': 'd'}]},
                  headers={'Link': '<%s/people?cursor=3&max=2>; rel="next"' % API_URL},
                  match=[responses.matchers.query_param_matcher({'cursor': '2', 'max': '2'})])
    responses.get(API_URL + '/people', json={'items': [{'id': 'e'}]},
                  match=[responses.matchers.query_param_matcher({'cursor': '3', 'max': '2'})])
    items = client.get_items('/people', params={'callingData': 'true', 'max': 2})
    assert [item['id'] for item in items] == ['a', 'b', 'c', 'd', 'e']
    assert len(responses.calls) == 3


@responses.activate
def test_a_next_link_to_another_host_is_not_followed(client):
    responses.get(API_URL + '/people', json={'items': [{'id': 'a'}]},
                  headers={'Link': '<https://elsewhere.test/v1/people?cursor=2>; rel="next"'})
    with pytest.raises(WebexApiError, match='refusing to follow a link outside'):
        client.get_items('/people')
    assert len(responses.calls) == 1


@responses.activate
def test_an_api_error_names_call_status_message_and_tracking_id_but_never_the_token(client):
    responses.put(API_URL + '/people/p1/features/intercept', status=403, json=ERROR_BODY)
    with pytest.raises(WebexApiError) as caught:
        client.put('/people/p1/features/intercept', {'enabled': True})
    error = caught.value
    text = str(error)
    assert text == ('PUT /people/p1/features/intercept failed: HTTP 403: Forbidden; Missing scope '
                    'spark-admin:people_write (trackingId ROUTER_1234, 1 attempt)')
    assert error.to_result() == dict(method='PUT', path='/people/p1/features/intercept', status=403,
                                     message='Forbidden; Missing scope spark-admin:people_write',
                                     tracking_id='ROUTER_1234', attempts=1)
    assert TOKEN not in text + repr(error) + repr(error.to_result())


@responses.activate
def test_an_error_without_a_webex_body_keeps_our_tracking_id(client):
    responses.get(API_URL + '/people', status=404, body='not here')
    with pytest.raises(WebexApiError) as caught:
        client.get_items('/people')
    sent = responses.calls[0].request.headers['TrackingID']
    assert caught.value.status == 404 and caught.value.tracking_id == sent


@responses.activate
def test_a_body_that_is_not_json_is_an_error(client):
    responses.get(API_URL + '/people/p1/features/intercept', body='<html>oops</html>', content_type='text/html')
    with pytest.raises(WebexApiError, match='the response is not JSON .Content-Type text/html.'):
        client.get('/people/p1/features/intercept')


@responses.activate
def test_post_is_not_retried_on_a_server_error(client):
    responses.post(API_URL + '/upload', status=503, json={'message': 'Service Unavailable'})
    with pytest.raises(WebexApiError, match='HTTP 503'):
        client.post_file('/upload', 'file', 'a.wav', b'RIFF', 'audio/wav')
    assert len(responses.calls) == 1


@responses.activate
def test_post_is_retried_on_429(client, clock):
    responses.post(API_URL + '/upload', status=429, headers={'Retry-After': '1'}, json={'message': 'slow down'})
    responses.post(API_URL + '/upload', status=201)
    client.post_file('/upload', 'file', 'a.wav', b'RIFF', 'audio/wav')
    assert len(responses.calls) == 2


@pytest.mark.parametrize('status', [423, 429, 500, 502, 503, 504])
def test_get_and_put_are_retried_then_succeed(scripted, clock, status):
    server, client = scripted((status, {'Retry-After': '2'}, {'message': 'busy'}), (204, {}, None))
    assert client.put('/people/p1/features/intercept', {'enabled': True}) is None
    assert [request[0] for request in server.requests] == ['PUT', 'PUT']
    if status in (423, 429):
        assert clock.sleeps == [2.0]


def test_retry_after_is_waited_out_before_the_next_request(scripted, clock):
    server, client = scripted((429, {'Retry-After': '7'}, {'message': 'Too Many Requests'}), (200, {}, {'enabled': True}))
    assert client.get('/people/p1/features/intercept') == {'enabled': True}
    assert clock.sleeps == [7.0]
    assert len(server.requests) == 2


def test_malformed_retry_after_backs_off_instead(scripted, clock):
    server, client = scripted((429, {'Retry-After': 'rand(30),add(30)'}, {'message': 'Too Many Requests'}),
                              (200, {}, {'enabled': True}))
    client.get('/people/p1/features/intercept')
    assert len(clock.sleeps) == 1 and 0 < clock.sleeps[0] <= _retry.BACKOFF_MAX
    assert len(server.requests) == 2


def test_gives_up_after_the_last_attempt_and_says_how_many(scripted, clock):
    script = [(503, {}, {'message': 'Service Unavailable', 'trackingId': 'ROUTER_%d' % n}) for n in range(10)]
    server, client = scripted(*script)
    with pytest.raises(WebexApiError) as caught:
        client.get('/people/p1/features/intercept')
    assert len(server.requests) == MAX_ATTEMPTS
    assert caught.value.attempts == MAX_ATTEMPTS
    assert str(caught.value).endswith('(trackingId ROUTER_5, 6 attempts)')
    assert sum(clock.sleeps) <= (MAX_ATTEMPTS - 1) * _retry.BACKOFF_MAX


def test_connection_resets_are_retried_for_get(scripted, clock):
    server, client = scripted('reset', 'reset', (200, {}, {'enabled': False}))
    assert client.get('/people/p1/features/intercept') == {'enabled': False}
    assert len(server.requests) == 3


def test_connection_resets_give_up_with_the_count(scripted, clock):
    server, client = scripted(*(['reset'] * 10))
    with pytest.raises(WebexApiError) as caught:
        client.get('/people/p1/features/intercept')
    assert caught.value.status is None
    assert 'connection failed' in str(caught.value)
    assert caught.value.attempts == MAX_ATTEMPTS == len(server.requests)


def test_a_reset_upload_is_not_sent_again(scripted, clock):
    server, client = scripted('reset', (201, {}, None))
    with pytest.raises(WebexApiError, match='connection failed'):
        client.post_file('/upload', 'file', 'a.wav', b'RIFF', 'audio/wav')
    assert len(server.requests) == 1


@pytest.mark.parametrize('url, warns', [
    ('https://webexapis.com/v1', False),
    ('http://127.0.0.1:8080/v1', True),
    ('http://localhost:8080/v1', True),
    ('http://[::1]:8080/v1', True),
])
def test_accepted_api_urls(url, warns):
    assert bool(check_api_url(url)) is warns


@pytest.mark.parametrize('url, message', [
    ('http://webexapis.com/v1', 'must use https'),
    ('webexapis.com/v1', 'absolute https URL'),
    ('ftp://webexapis.com/v1', 'absolute https URL'),
    ('', 'absolute https URL'),
])
def test_rejected_api_urls(url, message):
    with pytest.raises(ValueError, match=message):
        check_api_url(url)


def test_an_upload_reset_after_a_rate_limit_counts_both_attempts(scripted, clock):
    server, client = scripted((429, {'Retry-After': '1'}, {'message': 'Too Many Requests'}), 'reset')
    with pytest.raises(WebexApiError) as caught:
        client.post_file('/upload', 'file', 'a.wav', b'RIFF', 'audio/wav')
    assert len(server.requests) == 2
    assert caught.value.attempts == 2


def test_the_environment_proxy_is_used_and_worked_out_once(monkeypatch):
    proxy = ScriptedServer([(200, {}, {'enabled': False})])
    try:
        monkeypatch.setenv('HTTP_PROXY', proxy.url.rsplit('/', 1)[0])
        monkeypatch.delenv('NO_PROXY', raising=False)
        monkeypatch.delenv('no_proxy', raising=False)
        client = WebexClient(TOKEN, 'http://webex.invalid/v1', timeout=5)
        monkeypatch.delenv('HTTP_PROXY')
        assert client.get('/people/p1/features/intercept') == {'enabled': False}
        method, path, headers, dummy = proxy.requests[0]
        assert (method, path) == ('GET', 'http://webex.invalid/v1/people/p1/features/intercept')
        assert headers['Authorization'] == 'Bearer ' + TOKEN
        monkeypatch.setenv('HTTP_PROXY', proxy.url.rsplit('/', 1)[0])
        monkeypatch.setenv('NO_PROXY', 'webex.invalid')
        assert WebexClient(TOKEN, 'http://webex.invalid/v1').proxies == {}
    finally:
        proxy.close()


def test_a_netrc_entry_never_replaces_the_token(scripted, monkeypatch, tmp_path):
    server, dummy = scripted((200, {}, {'enabled': False}))
    netrc = tmp_path / '.netrc'
    netrc.write_text('machine 127.0.0.1 login someone password other-secret\n')
    netrc.chmod(0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    monkeypatch.setenv('HOME', str(tmp_path))
    WebexClient(TOKEN, server.url, timeout=5).get('/people/p1/features/intercept')
    assert server.requests[0][2]['Authorization'] == 'Bearer ' + TOKEN
