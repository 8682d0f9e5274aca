# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one Webex API client every module of the collection shares."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import ipaddress
import os
import traceback
import uuid
from urllib.parse import urlencode, urljoin, urlsplit

from ansible.module_utils.basic import AnsibleFallbackNotFound, missing_required_lib

from ansible_collections.webex.calling.plugins.module_utils._auth import (
    ENV_OF_OPTION,
    REFRESH_OPTIONS,
    AuthError,
    TokenSource,
    resolve_credentials,
)
from ansible_collections.webex.calling.plugins.module_utils._shared_gate import (
    CombinedGate,
    SharedGate,
    check_rate_limit,
    gate_key,
)

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
    from requests.utils import default_headers, requote_uri
except ImportError:
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    from ansible_collections.webex.calling.plugins.module_utils._retry import (
        TOKEN_GRANT_METHODS,
        CircuitBreaker,
        RateLimitGate,
        WebexRetry,
        is_connection_failure,
    )

DEFAULT_API_URL = 'https://webexapis.com/v1'
TOKEN_PATH = '/access_token'
TIMEOUT_RANGE = (1, 300)
USER_AGENT = 'webex.calling-ansible'
DEFAULT_PORTS = {'https': 443, 'http': 80}
# Redirects followed within the origin before a request fails (the Webex API sends none).
MAX_REDIRECTS = 10
# The codes of a redirect: 303 (and 302 and, for a POST, 301, as browsers and requests do) repeat it as a GET.
REDIRECT_CODES = (301, 302, 303, 307, 308)


def env_fallback_if_set(*names):
    """ansible's ``env_fallback``, except that an empty (or blank) variable counts as not set.

    AWX renders a credential type's injector for an input the credential does not store as an empty string, so
    WEBEX_API_URL="" must mean the default URL, WEBEX_ACCESS_TOKEN="" no token, and so on.
    """
    for name in names:
        value = os.environ.get(name)
        if value is not None and value.strip():
            return value
    raise AnsibleFallbackNotFound


def webex_argument_spec():
    """The options every module of the collection takes (doc fragment ``webex.calling.auth``)."""

    def env(option):
        return (env_fallback_if_set, [ENV_OF_OPTION[option]])

    return dict(
        access_token=dict(type='str', no_log=True, fallback=env('access_token')),
        client_id=dict(type='str', fallback=env('client_id')),
        client_secret=dict(type='str', no_log=True, fallback=env('client_secret')),
        refresh_token=dict(type='str', no_log=True, fallback=env('refresh_token')),
        api_url=dict(type='str', default=DEFAULT_API_URL, fallback=env('api_url')),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        timeout=dict(type='int', default=30),
        rate_limit=dict(type='float', fallback=env('rate_limit')),
    )


class WebexApiError(Exception):
    """A Webex API call that failed for good, after any retries."""

    def __init__(self, method, path, status=None, message=None, tracking_id=None, attempts=1):
        self.method = method
        self.path = path
        self.status = status
        self.message = message
        self.tracking_id = tracking_id
        self.attempts = attempts
        super(WebexApiError, self).__init__(self.describe())

    @property
    def sent(self):
        """False for a request never sent (the circuit breaker was open): nothing of it reached the API."""
        return self.attempts > 0

    def describe(self):
        """One sentence a person can act on; never contains the token."""
        where = '%s %s' % (self.method, self.path)
        if not self.sent:
            return '%s not sent: %s' % (where, self.message)
        what = 'HTTP %s' % self.status if self.status else 'no response'
        text = '%s failed: %s' % (where, what)
        if self.message:
            text += ': %s' % self.message
        details = []
        if self.tracking_id:
            details.append('trackingId %s' % self.tracking_id)
        details.append('%d attempt%s' % (self.attempts, '' if self.attempts == 1 else 's'))
        return '%s (%s)' % (text, ', '.join(details))

    def to_result(self):
        """The facts of the failure, for a module's result."""
        return dict(method=self.method, path=self.path, status=self.status, message=self.message,
                    tracking_id=self.tracking_id, attempts=self.attempts)


def _webex_message(response):
    """Webex's own words from an error body: ``message`` and every ``errors[].description``."""
    try:
        body = response.json()
    except ValueError:
        return response.reason or None
    if not isinstance(body, dict):
        return response.reason or None
    texts = []
    if body.get('message'):
        texts.append(str(body['message']))
    if body.get('error_description') and str(body['error_description']) not in texts:
        # OAuth errors (POST /access_token) may say it only there.
        texts.append(str(body['error_description']))
    for error in body.get('errors') or []:
        description = error.get('description') if isinstance(error, dict) else None
        if description and description not in texts:
            texts.append(str(description))
    return '; '.join(texts) or response.reason or None


def _redact(text, secrets):
    """``text`` with every secret replaced, for anything an error reports that came from the server."""
    if not text:
        return text
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, '[hidden]')
    return text


def _tracking_id(response, sent_tracking_id):
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get('trackingId'):
        return body['trackingId']
    return response.headers.get('trackingid') or sent_tracking_id


def _is_loopback(host):
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_api_url(api_url):
    """Return a warning for an acceptable ``api_url``; raise ValueError with the fix for a bad one."""
    parts = urlsplit(api_url or '')
    if parts.scheme not in ('https', 'http') or not parts.hostname:
        raise ValueError('api_url must be an absolute https URL such as %s, not %r' % (DEFAULT_API_URL, api_url))
    if parts.scheme == 'http':
        if not _is_loopback(parts.hostname):
            raise ValueError('api_url must use https; plain http is only allowed for a loopback address such as '
                             'a local simulator, not for %s' % parts.hostname)
        return 'api_url %s uses plain http; this is only accepted because the host is a loopback address' % api_url
    return None


def origin(url):
    """(scheme, host, port) of a URL, the unit redirects may not leave; None when the URL has no valid one."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.hostname or not port:
        return None
    return parts.scheme.lower(), parts.hostname.lower(), port


def _origin_text(url):
    found = origin(url)
    return '%s://%s:%d' % found if found else repr(url)


class WebexClient:
    """The Webex REST API over requests' HTTPAdapter: auth, TrackingID, retries, paging, errors.

    With ``client_id``, ``client_secret`` and ``refresh_token`` the client gets its access token from
    ``POST /access_token`` before its first call (unless ``access_token`` gives one to start with), and refreshes it
    once when a call is answered 401, repeating that call once, and ahead of its ``expires_in``. All workers share the
    token (TokenSource). The grant is retried like a read (TOKEN_GRANT_METHODS). All workers share one circuit breaker:
    once the API stopped answering (connections reset or refused), nothing more is sent (``outage``).
    """

    def __init__(self, access_token, api_url=DEFAULT_API_URL, validate_certs=True, ca_path=None, timeout=30,
                 pool_size=1, client_id=None, client_secret=None, refresh_token=None, warn=None, rate_limit=None):
        self.base_url = api_url.rstrip('/')
        self.timeout = timeout
        self.breaker = CircuitBreaker()
        refreshing = client_id and client_secret and refresh_token
        gate = None
        if rate_limit:
            # One budget for every process on this machine with this credential (the file is named by a hash).
            credential = '%s\n%s' % (client_id, refresh_token) if refreshing else access_token
            gate = CombinedGate(RateLimitGate(), SharedGate(rate_limit, gate_key(self.base_url, credential)))
        self.retry = WebexRetry.for_webex(gate=gate, breaker=self.breaker)
        self.tokens = TokenSource(access_token, client_id, client_secret, refresh_token,
                                  fetch=self._fetch_token if refreshing else None, warn=warn)
        # Every request goes through requests' HTTPAdapter (TLS, proxies, the connection pool, urllib3's retries),
        # built by the client itself rather than by a requests Session: a Session merges its settings, cookies and
        # hooks into every request and follows redirects anywhere, for a third of a request's CPU time.
        self.headers = dict(default_headers(), Accept='application/json')
        self.headers['User-Agent'] = USER_AGENT
        # Passed with every request: nothing from the environment (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, ~/.netrc)
        # replaces ca_path, validate_certs or the token.
        self.verify = (ca_path or True) if validate_certs else False
        # The proxy for api_url from the environment (HTTPS_PROXY, NO_PROXY...), worked out once: every request goes
        # to that one origin.
        self.proxies = requests.utils.get_environ_proxies(self.base_url)
        self.adapter = HTTPAdapter(max_retries=self.retry, pool_connections=1, pool_maxsize=max(pool_size, 1))
        # The refresh-token grant: a POST, retried after a 5xx like a read, with the same caps, gate and breaker.
        grant_retry = WebexRetry.for_webex(gate=self.retry.gate, breaker=self.breaker, methods=TOKEN_GRANT_METHODS)
        self.grant_adapter = HTTPAdapter(max_retries=grant_retry, pool_connections=1, pool_maxsize=1)

    @property
    def outage(self):
        """Why the client stopped sending (the API stopped answering); None while it sends."""
        if not self.breaker.is_open:
            return None
        return ('the API at %s stopped answering: %d requests in a row failed, after their retries, because '
                'connections were reset or refused (last: %s), so nothing more was sent' % (
                    _origin_text(self.base_url), self.breaker.threshold, self.breaker.cause))

    def _url(self, path):
        if path.startswith(self.base_url + '/') or path.startswith(self.base_url + '?'):
            return path
        if '://' in path:
            raise WebexApiError('GET', path, message='refusing to follow a link outside %s' % self.base_url)
        return self.base_url + path

    def _new_context(self, method, url):
        return dict(method=method, path=url[len(self.base_url):], tracking_id='WEBEX-CALLING-ANSIBLE_%s' % uuid.uuid4())

    def _attempt(self, method, url, token, **kwargs):
        """One request (with retries) with this access token; the response and the facts an error needs."""
        context = self._new_context(method, url)
        if self.breaker.is_open:
            raise WebexApiError(message=self.outage, **dict(context, attempts=0))
        headers = {'TrackingID': context['tracking_id']}
        if token is not None:
            headers['Authorization'] = 'Bearer %s' % token
        self.retry.gate.wait()
        try:
            response = self._transport(method, url, headers, **kwargs)
        except requests.exceptions.RequestException as exc:
            error = _transport_error(exc, context, self._secrets(token))
            if is_connection_failure(exc):
                self.breaker.failed(error.message)
            raise error
        self.breaker.answered()
        retries = getattr(response.raw, 'retries', None)
        context['attempts'] = retries.attempts if isinstance(retries, WebexRetry) else 1
        if 300 <= response.status_code < 400:
            location = response.headers.get('Location')
            target = _origin_text(urljoin(response.url, location)) if location else 'nowhere'
            raise WebexApiError(status=response.status_code, message=(
                'the API answered with a redirect to %s, which is not the origin of api_url (%s); redirects are '
                'followed only within that origin (same scheme, host and port), so nothing was sent there: check '
                'api_url' % (target, _origin_text(self.base_url))), **context)
        return response, context

    def _prepare(self, method, url, headers, params=None, json=None, data=None, files=None):
        """The request as a requests Session would prepare it (the URL quoted, ``params`` but those set to None
        added to its query, the body encoded with its Content-Type and Content-Length)."""
        request = requests.PreparedRequest()
        request.prepare_method(method)
        query = urlencode([(key, value) for key, value in (params or {}).items() if value is not None], doseq=True)
        if query:
            url += ('&' if '?' in url else '?') + query
        request.url = requote_uri(url)
        request.prepare_headers(dict(self.headers, **headers))
        request.prepare_body(data, files, json)
        return request

    def _transport(self, method, url, headers, **body):
        """Send one request (urllib3 retries it within) and read its answer whole, so that the connection goes back
        to the pool; follow a redirect only within the origin (scheme, host, port) it came from.

        A redirect to plain http, to another host or to another port is not followed: the answer is the redirect
        itself, which ``_attempt`` reports as an error. So the token never leaves for another origin, and a call never
        goes around the https-only rule for ``api_url``.
        """
        adapter = self.grant_adapter if url == self.base_url + TOKEN_PATH else self.adapter
        request = self._prepare(method, url, headers, **body)
        for dummy in range(MAX_REDIRECTS + 1):
            response = adapter.send(request, timeout=self.timeout, verify=self.verify, proxies=self.proxies)
            response.content  # pylint: disable=pointless-statement
            location = response.headers.get('Location') if response.status_code in REDIRECT_CODES else None
            target = urljoin(response.url, location) if location else None
            if not target or origin(target) != origin(response.url):
                return response
            request = _redirected(request, response.status_code, target)
        raise requests.exceptions.TooManyRedirects('the API answered with more than %d redirects in a row within %s; '
                                                   'check api_url' % (MAX_REDIRECTS, _origin_text(self.base_url)))

    def _secrets(self, *extra):
        return list(extra) + self.tokens.secrets()

    def _error(self, response, context, note=None, token=None):
        context['tracking_id'] = _tracking_id(response, context['tracking_id'])
        message = _webex_message(response)
        if note:
            message = '%s; %s' % (message, note) if message else note
        return WebexApiError(status=response.status_code, message=_redact(message, self._secrets(token)), **context)

    def _send(self, method, path, **kwargs):
        """Send one request (with retries, and one repeat with a refreshed token after a 401)."""
        url = self._url(path)
        token = self.tokens.token()
        response, context = self._attempt(method, url, token, **kwargs)
        note = None
        if response.status_code == 401:
            fresh = self.tokens.refresh(token)
            if fresh is not None:
                response, context = self._attempt(method, url, fresh, **kwargs)
                note = ('refused again after the access token was refreshed with the refresh token: check that the '
                        'integration or service app is authorized for this organization')
                token = fresh
            elif self.tokens.can_refresh:
                note = ('Webex refused the access token it had just issued for the refresh token: check that the '
                        'integration or service app is authorized for this organization')
            else:
                note = ('the access token is invalid or has expired: set a new one in access_token '
                        '(WEBEX_ACCESS_TOKEN), or set client_id, client_secret and refresh_token so that the '
                        'modules get access tokens themselves')
        if response.status_code >= 400:
            raise self._error(response, context, note if response.status_code == 401 else None, token)
        self.tokens.served(token)
        return response, context

    def _fetch_token(self, client_id, client_secret, refresh_token):
        """Exchange the refresh token for an access token: the decoded answer of ``POST /access_token``."""
        form = dict(grant_type='refresh_token', client_id=client_id, client_secret=client_secret,
                    refresh_token=refresh_token)
        response, context = self._attempt('POST', self.base_url + TOKEN_PATH, None, data=form)
        if response.status_code >= 400:
            raise self._error(response, context, _token_error_note(response))
        body = self._decode(response, context)
        token = body.get('access_token') if isinstance(body, dict) else None
        if not isinstance(token, str) or not token.strip():
            raise WebexApiError(status=response.status_code, message='the answer has no access_token; is api_url '
                                'the Webex API?', **context)
        expires_in = body.get('expires_in')
        return dict(access_token=token.strip(), refresh_token=body.get('refresh_token') or None,
                    expires_in=expires_in if isinstance(expires_in, int) and not isinstance(expires_in, bool)
                    else None)

    @staticmethod
    def _decode(response, context):
        try:
            return response.json()
        except ValueError:
            raise WebexApiError(status=response.status_code,
                                message='the response is not JSON (Content-Type %s); is api_url the Webex API?'
                                % response.headers.get('Content-Type', 'unknown'), **context)

    def request(self, method, path, params=None, json=None, files=None):
        """Send one request and return the decoded JSON body, or None when there is none."""
        response, context = self._send(method, path, params=params, json=json, files=files)
        if response.status_code == 204 or not response.content:
            return None
        return self._decode(response, context)

    def get(self, path, params=None):
        return self.request('GET', path, params=params)

    def put(self, path, body, params=None):
        return self.request('PUT', path, params=params, json=body)

    def post_file(self, path, field, file_name, content, content_type, params=None):
        return self.request('POST', path, params=params, files={field: (file_name, content, content_type)})

    def iter_items(self, path, params=None, items_key='items'):
        """Every item of a list endpoint, page by page as the pages come, following ``Link: rel="next"``.

        ``items_key`` is the key of the page's list (``items``, or ``virtualLines`` for virtual lines).
        """
        while path:
            response, context = self._send('GET', path, params=params)
            body = self._decode(response, context)
            if not isinstance(body, dict) or not isinstance(body.get(items_key, []), list):
                raise WebexApiError(status=response.status_code, message='the response has no list of %s' % items_key,
                                    **context)
            yield from body.get(items_key, [])
            path, params = response.links.get('next', {}).get('url'), None

    def get_items(self, path, params=None, items_key='items'):
        """Every item of a list endpoint, from all its pages."""
        return list(self.iter_items(path, params, items_key))


def _redirected(request, status, target):
    """The request again, to the target of a redirect: a GET without its body after a 303 (and a 302, and a 301 for a
    POST), the same request after a 307 or 308; the same headers (the origin is the same)."""
    follow = request.copy()
    follow.url = requote_uri(target)
    if status in (307, 308):
        return follow
    if request.method != 'HEAD' and (status in (302, 303) or request.method == 'POST'):
        follow.method = 'GET'
    for name in ('Content-Length', 'Content-Type', 'Transfer-Encoding'):
        follow.headers.pop(name, None)
    follow.body = None
    return follow


def _token_error_note(response):
    """What to do when ``POST /access_token`` fails: the cause Webex gives and its fix."""
    try:
        body = response.json()
    except ValueError:
        body = None
    error = body.get('error') if isinstance(body, dict) else None
    if response.status_code == 400:
        return ('the refresh token was refused%s: it has expired, was revoked or belongs to another client; '
                'authorize the integration or service app again and store its new refresh token in refresh_token '
                '(WEBEX_REFRESH_TOKEN, or the AWX credential)' % (' (%s)' % error if error else ''))
    if response.status_code == 401:
        return ('the client was refused%s: check client_id and client_secret (WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET) '
                'against the integration or service app' % (' (%s)' % error if error else ''))
    return 'no access token could be had with the refresh token'


def _transport_error(exc, context, secrets=()):
    """A WebexApiError for a request that got no HTTP response, even after retries."""
    chain = [exc]
    while chain[-1].args and isinstance(chain[-1].args[0], Exception):
        chain.append(chain[-1].args[0])
    attempts = next((error.attempts for error in chain if hasattr(error, 'attempts')), 1)
    cause = getattr(chain[-1], 'reason', chain[-1])
    if isinstance(exc, requests.exceptions.SSLError):
        message = ('TLS verification failed (%s); set ca_path to the CA bundle that signed the server '
                   'certificate, or validate_certs=false for a test server' % cause)
    elif isinstance(exc, requests.exceptions.TooManyRedirects):
        message = str(exc)
    elif isinstance(exc, requests.exceptions.Timeout) or 'timed out' in str(cause).lower():
        message = 'no answer within the timeout (%s)' % cause
    else:
        message = 'connection failed (%s)' % cause
    return WebexApiError(status=None, message=_redact(message, secrets), attempts=attempts, **context)


def client_from_options(params, warn=None, pool_size=1, fresh_token=False):
    """Check the common options (a dict of the auth fragment's options) and return a WebexClient.

    Raise ValueError naming the option and the fix; nothing is sent before every check passed. ``fresh_token``:
    ignore any access token given and require the refresh credentials (the client fetches a new access token on its
    first use). ``warn(text)`` gets the warnings (plain http to a loopback address). Modules and plugins (the
    inventory, the event source) build their client here.
    """
    if REQUESTS_IMPORT_ERROR:
        raise ValueError(missing_required_lib('requests'))
    credentials = resolve_credentials(params)
    rate_limit = check_rate_limit(params.get('rate_limit'))
    if fresh_token and not all(credentials[name] for name in REFRESH_OPTIONS):
        raise AuthError('this module gets a new access token with client_id, client_secret and refresh_token '
                        '(or WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET, WEBEX_REFRESH_TOKEN): set all three')
    api_url = (params.get('api_url') or '').strip() or DEFAULT_API_URL
    warning = check_api_url(api_url)
    low, high = TIMEOUT_RANGE
    timeout = params.get('timeout')
    timeout = 30 if timeout is None else timeout
    if not low <= timeout <= high:
        raise ValueError('timeout must be between %d and %d seconds, not %d' % (low, high, timeout))
    ca_path = params.get('ca_path')
    if ca_path and not os.path.exists(ca_path):
        raise ValueError('ca_path %s does not exist; give the path of a PEM file (or a directory of PEM files) '
                         'with the CA certificates that sign the API server certificate' % ca_path)
    if warning and warn:
        warn(warning)
    validate_certs = params.get('validate_certs')
    return WebexClient(None if fresh_token else credentials['access_token'], api_url,
                       True if validate_certs is None else validate_certs, ca_path, timeout, pool_size=pool_size,
                       client_id=credentials['client_id'], client_secret=credentials['client_secret'],
                       refresh_token=credentials['refresh_token'], warn=warn, rate_limit=rate_limit)


def client_from_module(module, pool_size=1, fresh_token=False):
    """Check the common options and return a WebexClient; fail the module with the fix otherwise."""
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    try:
        return client_from_options(module.params, module.warn, pool_size, fresh_token)
    except ValueError as exc:
        module.fail_json(msg=str(exc))


def run_access_token_module(module):
    """webex_access_token: a new access token from the refresh token, for the tasks of a play to share."""
    if not module.no_log:
        module.fail_json(msg='webex_access_token returns an access token: set no_log: true on the task, so that '
                             'Ansible shows neither it nor the registered result')
    client = client_from_module(module, fresh_token=True)
    try:
        token = client.tokens.token()
    except WebexApiError as exc:
        module.fail_json(msg=str(exc), api_error=exc.to_result())
    expires_in = client.tokens.expires_in
    expires_at = None
    if expires_in is not None:
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        expires_at = (now + datetime.timedelta(seconds=expires_in)).isoformat().replace('+00:00', 'Z')
    module.exit_json(changed=False, access_token=token, expires_in=expires_in, expires_at=expires_at,
                     refresh_token_rotated=client.tokens.rotated,
                     refresh_token=client.tokens.refresh_token if client.tokens.rotated else None)
