# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Credentials of the Webex client: which options authenticate a run, their checks, and the access token it shares.

Standard library only; the HTTP request that exchanges a refresh token for an access token is the client's
(``_client.py``), handed to TokenSource as a function.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import threading
import time

# The environment variable each option falls back to. An empty value counts as not set.
ENV_OF_OPTION = {
    'access_token': 'WEBEX_ACCESS_TOKEN',
    'client_id': 'WEBEX_CLIENT_ID',
    'client_secret': 'WEBEX_CLIENT_SECRET',
    'refresh_token': 'WEBEX_REFRESH_TOKEN',
    'api_url': 'WEBEX_API_URL',
    'rate_limit': 'WEBEX_RATE_LIMIT',
}
REFRESH_OPTIONS = ('client_id', 'client_secret', 'refresh_token')
# How long before its expiry (expires_in) a fetched access token is replaced: at most this many seconds, and at most
# half its lifetime (a token that lasts minutes is replaced half way).
REFRESH_AHEAD = 300.0
CREDENTIAL_OPTIONS = ('access_token',) + REFRESH_OPTIONS


def with_environment(params, environ=None):
    """The options with each one not given (None or blank) taken from its environment variable, as the modules'
    argument spec does (an empty variable counts as not set)."""
    environ = os.environ if environ is None else environ
    result = dict(params)
    for name, variable in ENV_OF_OPTION.items():
        value = result.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            from_env = (environ.get(variable) or '').strip()
            result[name] = from_env or value
    return result


class AuthError(ValueError):
    """Credentials that cannot work; the message names the option and the fix, never a secret."""


def option_name(name, value, environ=None):
    """How to name an option in a message: the environment variable when the value came from there."""
    environ = os.environ if environ is None else environ
    variable = ENV_OF_OPTION.get(name)
    if variable and value is not None and (environ.get(variable) or '').strip() == value.strip():
        return 'the %s environment variable (option %s)' % (variable, name)
    return name


def _describe_character(char):
    if char in '\r\n':
        return 'a line break'
    if char == '\t':
        return 'a tab'
    if char == ' ':
        return 'a space'
    if ord(char) < 0x20 or ord(char) == 0x7f:
        return 'a control character'
    return 'a non-ASCII character'


def check_credential(name, value, environ=None):
    """Raise AuthError when a credential holds a character no Webex credential has; the value is never quoted.

    Webex tokens, client IDs and secrets are visible ASCII (letters, digits, ``-``, ``_``, ...). A value with a line
    break, a control character, a space or a non-ASCII character inside was pasted wrongly; sent as it is, it would
    break the HTTP header or simply be refused.
    """
    for index, char in enumerate(value):
        if not '!' <= char <= '~':
            raise AuthError(
                '%s holds %s at position %d of %d, which no Webex credential has; copy the value again in one '
                'piece, without line breaks, spaces or other characters (the value is not shown)'
                % (option_name(name, value, environ), _describe_character(char), index + 1, len(value)))


def resolve_credentials(params, environ=None):
    """The credentials of a run from the module's options: a dict of the four options, each a string or None.

    Values are stripped; an empty one counts as not set. Rules: ``access_token`` alone, or ``client_id``,
    ``client_secret`` and ``refresh_token`` together (``access_token`` may come with them, as the token to start
    with). Raise AuthError naming what is missing or malformed.
    """
    raw = dict((name, params.get(name)) for name in CREDENTIAL_OPTIONS)
    for name, value in raw.items():
        if value is not None and value.strip():
            check_credential(name, value.strip(), environ)
    values = dict((name, (value or '').strip() or None) for name, value in raw.items())
    given = [name for name in REFRESH_OPTIONS if values[name]]
    if given and len(given) < len(REFRESH_OPTIONS):
        missing = [name for name in REFRESH_OPTIONS if not values[name]]
        raise AuthError(
            'client_id, client_secret and refresh_token work together (the module gets access tokens with them): '
            '%s %s missing; set %s, or leave out %s and use access_token alone'
            % (' and '.join(missing), 'is' if len(missing) == 1 else 'are',
               ' and '.join('%s (or %s)' % (name, ENV_OF_OPTION[name]) for name in missing),
               ' and '.join(given)))
    if not values['access_token'] and not given:
        given_empty = raw['access_token'] is not None
        raise AuthError(
            ('access_token is empty' if given_empty else 'no Webex credentials') +
            ': set access_token (or the WEBEX_ACCESS_TOKEN environment variable) to an access '
            'token, or client_id, client_secret and refresh_token (WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET, '
            'WEBEX_REFRESH_TOKEN) of an integration or service app, with which the module gets access tokens itself')
    return values


class TokenSource:
    """The access token a module run shares among all its workers, and its refresh.

    ``fetch(client_id, client_secret, refresh_token)`` exchanges the refresh token for a new access token; it
    returns the decoded answer (``access_token``, ``expires_in``, ``refresh_token``, ...) or raises. A run without
    an access token fetches one before its first call, once, whatever the number of workers. A call answered 401
    asks ``refresh(token it used)``: the first worker to ask refreshes, the others get that token. An access token
    that was just fetched and is refused before it served any call is not refreshed again: that would not help.
    A failed fetch is remembered and raised again to every worker, so a bad refresh token costs one request.

    A fetched token whose answer gave ``expires_in`` is replaced ahead of its expiry (REFRESH_AHEAD): the first
    worker to ask for it after that time fetches a new one, once, the others wait for it and get it. If that early
    fetch fails, the run goes on with the token it has (still valid), and a 401 refreshes it as before.
    """

    def __init__(self, access_token=None, client_id=None, client_secret=None, refresh_token=None, fetch=None,
                 warn=None):
        self._lock = threading.Lock()
        self._token = access_token
        # A token given by the user may be stale: a 401 on it is worth a refresh. A fetched one must prove itself.
        self._worth_refreshing = access_token is not None
        self._failure = None
        self._fetch = fetch
        self._warn = warn
        self._client_id = client_id
        self._client_secret = client_secret
        self._refresh_token = refresh_token
        self.fetches = 0
        self.expires_in = None
        self.rotated = False
        self._due = None  # time.monotonic() at which the fetched token is replaced; None: only after a 401

    @property
    def can_refresh(self):
        return bool(self._fetch and self._client_id and self._client_secret and self._refresh_token)

    @property
    def refresh_token(self):
        """The refresh token to use from now on (a new one when Webex rotated it)."""
        return self._refresh_token

    def secrets(self):
        """Every secret this source knows, for redaction."""
        values = (self._token, self._client_secret, self._refresh_token)
        return [value for value in values if value]

    def token(self):
        """The current access token; fetched first when the run has none yet."""
        token = self._token
        if token is not None and (self._due is None or time.monotonic() < self._due):
            return token
        with self._lock:
            if self._failure is not None:
                raise self._failure
            if self._token is None:
                self._obtain()
            elif self._due is not None and time.monotonic() >= self._due:
                self._refresh_ahead()
            return self._token

    def _refresh_ahead(self):
        """Replace the token before it expires (the caller holds the lock); keep it when that fails."""
        try:
            self._obtain()
        except Exception as exc:  # the token in hand still works: a failure here must not end the run
            self._failure = None
            self._due = None
            if self._warn:
                self._warn('the access token could not be refreshed ahead of its expiry (%s); the run goes on with '
                           'the current one' % exc)

    def served(self, token):
        """A call with ``token`` was answered with something other than 401: the token works."""
        if token == self._token:
            self._worth_refreshing = True

    def refresh(self, stale):
        """The token to repeat a call answered 401 with ``stale``; None when no other token is to be had."""
        if not self.can_refresh:
            return None
        with self._lock:
            if self._failure is not None:
                raise self._failure
            if self._token != stale:
                return self._token
            if not self._worth_refreshing:
                return None
            self._obtain()
            return self._token

    def _obtain(self):
        """Fetch a new access token (the caller holds the lock)."""
        if self._fetch is None:
            raise AuthError('no access token, and no client_id, client_secret and refresh_token to get one with')
        try:
            answer = self._fetch(self._client_id, self._client_secret, self._refresh_token)
        except Exception as exc:
            self._failure = exc
            raise
        self.fetches += 1
        self._token = answer['access_token']
        self._worth_refreshing = False
        self.expires_in = answer.get('expires_in')
        self._due = None
        if self.expires_in is not None and self.expires_in > 0:
            self._due = time.monotonic() + self.expires_in - min(REFRESH_AHEAD, self.expires_in / 2.0)
        rotated = answer.get('refresh_token')
        if rotated and rotated != self._refresh_token:
            self._refresh_token = rotated
            if not self.rotated and self._warn:
                self._warn('Webex answered the token refresh with a new refresh token, and the one in refresh_token '
                           '(WEBEX_REFRESH_TOKEN, or the AWX credential) may stop working: update the stored refresh '
                           'token. The new one is not shown; get it with the webex.calling.webex_access_token module '
                           '(returned as refresh_token, with no_log on the task) or by authorizing the integration '
                           'or service app again')
            self.rotated = True
