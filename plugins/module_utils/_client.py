# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one Webex API client every module of the collection shares."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import os
import traceback
import uuid

from ansible.module_utils.basic import env_fallback, missing_required_lib
from ansible.module_utils.six.moves.urllib.parse import urlsplit

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
except ImportError:
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    from ansible_collections.webex.calling.plugins.module_utils._retry import WebexRetry

DEFAULT_API_URL = 'https://webexapis.com/v1'
TIMEOUT_RANGE = (1, 300)
USER_AGENT = 'webex.calling-ansible'


def webex_argument_spec():
    """The options every module of the collection takes (doc fragment ``webex.calling.auth``)."""
    return dict(
        access_token=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['WEBEX_ACCESS_TOKEN'])),
        api_url=dict(type='str', default=DEFAULT_API_URL, fallback=(env_fallback, ['WEBEX_API_URL'])),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        timeout=dict(type='int', default=30),
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

    def describe(self):
        """One sentence a person can act on; never contains the token."""
        where = '%s %s' % (self.method, self.path)
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
    for error in body.get('errors') or []:
        description = error.get('description') if isinstance(error, dict) else None
        if description and description not in texts:
            texts.append(str(description))
    return '; '.join(texts) or response.reason or None


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


class WebexClient:
    """A requests session against the Webex REST API: auth, TrackingID, retries, paging, errors."""

    def __init__(self, access_token, api_url=DEFAULT_API_URL, validate_certs=True, ca_path=None, timeout=30,
                 pool_size=1):
        self.base_url = api_url.rstrip('/')
        self.timeout = timeout
        self.retry = WebexRetry.for_webex()
        self.session = requests.Session()
        self.session.headers.update({
            'Authorization': 'Bearer %s' % access_token,
            'Accept': 'application/json',
            'User-Agent': USER_AGENT,
        })
        # Passed with every request, not set on the session: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE
        # override a session's verify setting, which would silently ignore ca_path and validate_certs=false.
        self.verify = (ca_path or True) if validate_certs else False
        adapter = HTTPAdapter(max_retries=self.retry, pool_connections=1, pool_maxsize=max(pool_size, 1))
        self.session.mount('https://', adapter)
        self.session.mount('http://', adapter)

    def _url(self, path):
        if path.startswith(self.base_url + '/') or path.startswith(self.base_url + '?'):
            return path
        if '://' in path:
            raise WebexApiError('GET', path, message='refusing to follow a link outside %s' % self.base_url)
        return self.base_url + path

    def _send(self, method, path, **kwargs):
        """Send one request (with retries); return the response and the facts an error needs."""
        url = self._url(path)
        context = dict(method=method, path=url[len(self.base_url):], tracking_id='WEBEX-CALLING-ANSIBLE_%s' % uuid.uuid4())
        self.retry.gate.wait()
        try:
            response = self.session.request(method, url, headers={'TrackingID': context['tracking_id']},
                                            timeout=self.timeout, verify=self.verify, **kwargs)
        except requests.exceptions.RequestException as exc:
            raise _transport_error(exc, context)
        retries = getattr(response.raw, 'retries', None)
        context['attempts'] = retries.attempts if isinstance(retries, WebexRetry) else 1
        if response.status_code >= 400:
            context['tracking_id'] = _tracking_id(response, context['tracking_id'])
            raise WebexApiError(status=response.status_code, message=_webex_message(response), **context)
        return response, context

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


def _transport_error(exc, context):
    """A WebexApiError for a request that got no HTTP response, even after retries."""
    chain = [exc]
    while chain[-1].args and isinstance(chain[-1].args[0], Exception):
        chain.append(chain[-1].args[0])
    attempts = next((error.attempts for error in chain if hasattr(error, 'attempts')), 1)
    cause = getattr(chain[-1], 'reason', chain[-1])
    if isinstance(exc, requests.exceptions.SSLError):
        message = ('TLS verification failed (%s); set ca_path to the CA bundle that signed the server '
                   'certificate, or validate_certs=false for a test server' % cause)
    elif isinstance(exc, requests.exceptions.Timeout) or 'timed out' in str(cause).lower():
        message = 'no answer within the timeout (%s)' % cause
    else:
        message = 'connection failed (%s)' % cause
    return WebexApiError(status=None, message=message, attempts=attempts, **context)


def client_from_module(module, pool_size=1):
    """Check the common options and return a WebexClient; fail the module with the fix otherwise."""
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    params = module.params
    token = (params['access_token'] or '').strip()
    if not token:
        module.fail_json(msg='access_token is empty; pass a Webex access token in access_token or in the '
                             'WEBEX_ACCESS_TOKEN environment variable')
    try:
        warning = check_api_url(params['api_url'])
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    if warning:
        module.warn(warning)
    low, high = TIMEOUT_RANGE
    if not low <= params['timeout'] <= high:
        module.fail_json(msg='timeout must be between %d and %d seconds, not %d' % (low, high, params['timeout']))
    if params['ca_path'] and not os.path.exists(params['ca_path']):
        module.fail_json(msg='ca_path %s does not exist; give the path of a PEM file (or a directory of PEM files) '
                             'with the CA certificates that sign the API server certificate' % params['ca_path'])
    return WebexClient(token, params['api_url'], params['validate_certs'], params['ca_path'], params['timeout'],
                       pool_size=pool_size)
