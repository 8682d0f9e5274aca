# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client over HTTP, against real loopback servers: refresh tokens, 401 repeats, redirects, Retry-After dates."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import parse_qsl

import pytest
import responses

from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError, WebexClient, origin

ACCESS = 'unit-access-token-0123456789'
CLIENT_ID = 'unit-client-id'
CLIENT_SECRET = 'unit-client-secret-0123456789'
REFRESH = 'unit-refresh-token-0123456789'
SECRETS = (ACCESS, CLIENT_SECRET, REFRESH, 'granted-1', 'granted-2', 'rotated-refresh-0123456789')


def granted(number, refresh_token=REFRESH):
    return (200, {}, {'access_token': 'granted-%d' % number, 'expires_in': 1209599, 'refresh_token': refresh_token,
                      'refresh_token_expires_in': 7775999, 'token_type': 'Bearer'})


UNAUTHORIZED = (401, {}, {'message': 'The request requires a valid access token set in the Authorization request '
                                     'header.', 'trackingId': 'ROUTER_401'})
OK = (200, {}, {'enabled': False})


def refreshing_client(server, access_token=None, warnings=None):
    return WebexClient(access_token, server.url, timeout=5, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                       refresh_token=REFRESH, warn=None if warnings is None else warnings.append)


def bearer(request):
    return request[2].get('Authorization')


def assert_no_secret(text):
    for secret in SECRETS:
        assert secret not in text


def test_the_access_token_is_fetched_before_the_first_call_with_a_form(serve):
    server = serve(granted(1), OK, OK)
    client = refreshing_client(server)
    client.get('/people/p1/features/intercept')
    client.get('/people/p2/features/intercept')
    token_request = server.requests[0]
    assert token_request[:2] == ('POST', '/v1/access_token')
    assert token_request[2]['Content-Type'] == 'application/x-www-form-urlencoded'
    assert 'Authorization' not in token_request[2]
    assert token_request[2]['TrackingID'].startswith('WEBEX-CALLING-ANSIBLE_')
    assert dict(parse_qsl(token_request[3].decode())) == dict(
        grant_type='refresh_token', client_id=CLIENT_ID, client_secret=CLIENT_SECRET, refresh_token=REFRESH)
    assert [bearer(request) for request in server.requests[1:]] == ['Bearer granted-1', 'Bearer granted-1']
    assert len(server.requests) == 3


def test_a_given_access_token_is_used_first(serve):
    server = serve(OK)
    refreshing_client(server, access_token=ACCESS).get('/x')
    assert [(request[0], bearer(request)) for request in server.requests] == [('GET', 'Bearer ' + ACCESS)]


def test_a_401_refreshes_once_and_repeats_the_call_once(serve):
    server = serve(UNAUTHORIZED, granted(1), (204, {}, None))
    client = refreshing_client(server, access_token=ACCESS)
    assert client.put('/people/p1/features/intercept', {'enabled': True}) is None
    assert [(request[0], request[1], bearer(request)) for request in server.requests] == [
        ('PUT', '/v1/people/p1/features/intercept', 'Bearer ' + ACCESS),
        ('POST', '/v1/access_token', None),
        ('PUT', '/v1/people/p1/features/intercept', 'Bearer granted-1'),
    ]
    assert server.requests[0][3] == server.requests[2][3] == b'{"enabled": true}'


def test_an_upload_answered_401_is_sent_again_whole(serve):
    server = serve(UNAUTHORIZED, granted(1), (201, {}, None))
    client = refreshing_client(server, access_token=ACCESS)
    client.post_file('/upload', 'file', 'a.wav', b'RIFF-data', 'audio/wav')
    assert [request[0] for request in server.requests] == ['POST', 'POST', 'POST']
    assert b'RIFF-data' in server.requests[0][3] and b'RIFF-data' in server.requests[2][3]


def test_a_second_401_fails_clearly(serve):
    server = serve(granted(1), OK, UNAUTHORIZED, granted(2), UNAUTHORIZED)
    client = refreshing_client(server)
    client.get('/a')
    with pytest.raises(WebexApiError) as caught:
        client.get('/b')
    error = caught.value
    assert error.status == 401 and error.path == '/b' and error.tracking_id == 'ROUTER_401'
    assert 'refused again after the access token was refreshed' in str(error)
    assert len(server.requests) == 5
    assert_no_secret(str(error) + repr(error.to_result()))


def test_a_fresh_token_refused_at_once_is_not_refreshed_again(serve):
    server = serve(granted(1), UNAUTHORIZED, granted(2), OK)
    client = refreshing_client(server)
    with pytest.raises(WebexApiError) as caught:
        client.get('/a')
    assert 'refused the access token it had just issued' in str(caught.value)
    assert len(server.requests) == 2


def test_a_401_without_refresh_credentials_says_what_to_do(serve):
    server = serve(UNAUTHORIZED, OK)
    with pytest.raises(WebexApiError) as caught:
        WebexClient(ACCESS, server.url, timeout=5).get('/a')
    text = str(caught.value)
    assert 'HTTP 401' in text and 'WEBEX_ACCESS_TOKEN' in text and 'client_id, client_secret and refresh_token' in text
    assert len(server.requests) == 1


def test_an_expired_refresh_token_fails_with_the_cause_and_the_fix(serve):
    server = serve((400, {'TrackingID': 'ROUTER_grant'}, {
        'error': 'invalid_grant', 'error_description': 'The refresh token is expired.', 'trackingId': 'ROUTER_grant'}))
    client = refreshing_client(server)
    with pytest.raises(WebexApiError) as caught:
        client.get('/people')
    error = caught.value
    text = str(error)
    assert text.startswith('POST /access_token failed: HTTP 400: The refresh token is expired.; the refresh token '
                           'was refused (invalid_grant): it has expired, was revoked')
    assert 'authorize the integration or service app again' in text and 'WEBEX_REFRESH_TOKEN' in text
    assert text.endswith('(trackingId ROUTER_grant, 1 attempt)')
    assert error.status == 400 and error.tracking_id == 'ROUTER_grant'
    assert_no_secret(text + repr(error.to_result()))
    # Remembered: no second token request, nor any API call.
    with pytest.raises(WebexApiError):
        client.get('/people')
    assert len(server.requests) == 1


def test_a_wrong_client_fails_with_the_cause_and_the_fix(serve):
    server = serve((401, {}, {'error': 'invalid_client', 'message': 'Unauthorized', 'trackingId': 'ROUTER_client'}))
    with pytest.raises(WebexApiError) as caught:
        refreshing_client(server).get('/people')
    text = str(caught.value)
    assert 'HTTP 401' in text and 'the client was refused (invalid_client)' in text
    assert 'check client_id and client_secret (WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET)' in text
    assert 'trackingId ROUTER_client' in text
    assert len(server.requests) == 1
    assert_no_secret(text)


def test_a_secret_echoed_by_the_server_is_hidden(serve):
    server = serve((400, {}, {'message': 'bad refresh_token %s for client secret %s' % (REFRESH, CLIENT_SECRET)}))
    with pytest.raises(WebexApiError) as caught:
        refreshing_client(server).get('/people')
    assert 'bad refresh_token [hidden] for client secret [hidden]' in str(caught.value)
    assert_no_secret(str(caught.value) + repr(caught.value.to_result()))


def test_an_answer_without_an_access_token_is_an_error(serve):
    server = serve((200, {}, {'token_type': 'Bearer'}))
    with pytest.raises(WebexApiError, match='the answer has no access_token'):
        refreshing_client(server).get('/people')


def test_a_rotated_refresh_token_is_used_and_warned_about(serve):
    warnings = []
    server = serve(granted(1, 'rotated-refresh-0123456789'), OK, UNAUTHORIZED, granted(2, 'rotated-refresh-0123456789'),
                   OK)
    client = refreshing_client(server, warnings=warnings)
    client.get('/a')
    client.get('/b')
    assert dict(parse_qsl(server.requests[3][3].decode()))['refresh_token'] == 'rotated-refresh-0123456789'
    assert len(warnings) == 1 and 'update the stored refresh token' in warnings[0]
    assert_no_secret(warnings[0])


# -- redirects (issue: followed to plain http and to other hosts) -------------------------------------------------


def test_a_redirect_to_another_origin_is_not_followed(serve):
    elsewhere = serve(OK)
    server = serve((302, {'Location': elsewhere.url + '/people'}, None))
    client = WebexClient(ACCESS, server.url, timeout=5)
    with pytest.raises(WebexApiError) as caught:
        client.get('/people')
    text = str(caught.value)
    assert 'HTTP 302' in text and 'redirect to http://127.0.0.1:%d' % int(elsewhere.url.split(':')[2][:-3]) in text
    assert 'nothing was sent there' in text
    assert elsewhere.requests == []
    assert len(server.requests) == 1


@pytest.mark.parametrize('location', ['http://10.20.30.40/v1/people', 'https://evil.example/v1/people',
                                      'http://localhost:1/v1/people'])
def test_a_redirect_off_the_origin_is_refused_without_a_connection(serve, location):
    server = serve((301, {'Location': location}, None), OK)
    with pytest.raises(WebexApiError, match='redirect to .*nothing was sent there'):
        WebexClient(ACCESS, server.url, timeout=5).get('/people')
    assert len(server.requests) == 1


def test_a_redirect_within_the_origin_is_followed_with_the_token(serve):
    server = serve((307, {'Location': '/v1/people/moved'}, None), OK)
    assert WebexClient(ACCESS, server.url, timeout=5).get('/people') == {'enabled': False}
    assert [(request[1], bearer(request)) for request in server.requests] == [
        ('/v1/people', 'Bearer ' + ACCESS), ('/v1/people/moved', 'Bearer ' + ACCESS)]


@pytest.mark.parametrize('status, method, body', [(303, 'GET', b''), (302, 'GET', b''), (301, 'PUT', b''),
                                                  (307, 'PUT', b'{"enabled": true}'),
                                                  (308, 'PUT', b'{"enabled": true}')])
def test_a_redirect_within_the_origin_repeats_the_request_as_browsers_do(serve, status, method, body):
    """A 303 or 302 becomes a GET, a 301 keeps the method; all three drop the body. A 307 or 308 sends it again."""
    server = serve((status, {'Location': '/v1/people/p1/moved'}, None), OK)
    WebexClient(ACCESS, server.url, timeout=5).put('/people/p1/features/intercept', {'enabled': True})
    first, second = server.requests
    assert (first[0], first[3]) == ('PUT', b'{"enabled": true}')
    sent = (second[0], second[1], second[3] or b'', bearer(second))
    assert sent == (method, '/v1/people/p1/moved', body, 'Bearer ' + ACCESS)
    assert ('Content-Type' in second[2]) == bool(body)
    assert second[2]['TrackingID'] == first[2]['TrackingID']


def test_redirects_within_the_origin_end(serve):
    server = serve(*[(302, {'Location': '/v1/people/again'}, None)] * 12)
    with pytest.raises(WebexApiError, match=r'^GET /people failed: no response: the API answered with more than 10 '
                                            r'redirects in a row within http://127\.0\.0\.1:\d+; check api_url '
                                            r'\(trackingId WEBEX-CALLING-ANSIBLE_'):
        WebexClient(ACCESS, server.url, timeout=5).get('/people')
    assert len(server.requests) == 11


@responses.activate
def test_a_redirect_from_https_to_http_on_the_same_host_is_refused():
    responses.get('https://webex.test/v1/people', status=302, headers={'Location': 'http://webex.test/v1/people'})
    responses.get('http://webex.test/v1/people', json={'items': []})
    with pytest.raises(WebexApiError, match='redirect to http://webex.test:80'):
        WebexClient(ACCESS, 'https://webex.test/v1', timeout=5).get('/people')
    assert len(responses.calls) == 1


@pytest.mark.parametrize('url, expected', [
    ('https://webexapis.com/v1', ('https', 'webexapis.com', 443)),
    ('https://WebexAPIs.com:443/v1/x', ('https', 'webexapis.com', 443)),
    ('http://webexapis.com/v1', ('http', 'webexapis.com', 80)),
    ('https://webexapis.com:8443/v1', ('https', 'webexapis.com', 8443)),
    ('http://127.0.0.1:8080/v1', ('http', '127.0.0.1', 8080)),
    ('ftp://webexapis.com/v1', None),
    ('https://webexapis.com:99999/v1', None),
    ('/v1/people', None),
])
def test_origin(url, expected):
    assert origin(url) == expected


# -- Retry-After as an HTTP-date ---------------------------------------------------------------------------------


def test_a_retry_after_date_is_waited_out(serve, clock):
    # The fake clock's wall time is 2023-11-14T22:13:20Z: the date is 25 seconds later.
    server = serve((429, {'Retry-After': 'Tue, 14 Nov 2023 22:13:45 GMT'}, {'message': 'Too Many Requests'}), OK)
    assert WebexClient(ACCESS, server.url, timeout=5).get('/people/p1/features/intercept') == {'enabled': False}
    assert clock.sleeps == [25.0]
    assert len(server.requests) == 2


def test_a_far_retry_after_date_is_capped_at_a_minute(serve, clock):
    server = serve((503, {'Retry-After': 'Wed, 15 Nov 2023 22:13:20 GMT'}, {'message': 'busy'}),
                   (429, {'Retry-After': 'Wed, 15 Nov 2023 22:13:20 GMT'}, {'message': 'busy'}), OK)
    WebexClient(ACCESS, server.url, timeout=5).get('/people/p1/features/intercept')
    # Both wait the date out, capped at 60 s (the 503 alone, the 429 holding every request of the client).
    assert clock.sleeps == [pytest.approx(60.0), pytest.approx(60.0)]
    assert len(server.requests) == 3
