# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Retry policy of the Webex client, built on urllib3's ``Retry``.

urllib3 comes with ``requests``; the client reports a missing ``requests`` before it uses this module.

- 429 and 423 are retried for every method (the request was not processed) and
  honour ``Retry-After`` (seconds or an HTTP-date, RFC 9110); a missing or malformed value falls back to the
  backoff.
  A rate-limit wait is shared: every request on the same client waits it out.
- 500, 502, 503 and 504 and read errors are retried only for idempotent methods
  (GET, PUT), never for POST, but for the refresh-token grant (``POST /access_token``, TOKEN_GRANT_METHODS): a grant
  repeated only issues another access token. Connection errors (nothing was sent) always are. A 5xx that carries
  a valid ``Retry-After`` waits that long (bounded) before its own next attempt, without holding the other requests.
- Every wait is bounded, and so is the number of attempts.
- A CircuitBreaker, shared by the workers of a client, stops all sending once BREAKER_THRESHOLD requests in a row
  failed for good (after their retries) because connections were reset or refused: the API is down, and retrying
  each remaining target would only cost time.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import random
import re
import threading
import time
from email.utils import parsedate_to_datetime

try:
    from urllib3.exceptions import MaxRetryError
    from urllib3.util.retry import Retry
except ImportError:
    Retry = object

RATE_LIMIT_STATUSES = frozenset([423, 429])
TRANSIENT_STATUSES = frozenset([500, 502, 503, 504])
IDEMPOTENT_METHODS = frozenset(['GET', 'PUT'])
TOKEN_GRANT_METHODS = IDEMPOTENT_METHODS | frozenset(['POST'])

MAX_ATTEMPTS = 6
BACKOFF_FACTOR = 0.5
BACKOFF_MAX = 8.0
RETRY_AFTER_MAX = 60.0
# Pacing after a rate limit (RateLimitGate): the fewest requests through in a window that sets a pace, and the
# factor by which the pace rises each second after the gate opened.
PACING_MIN_PASSED = 10
PACING_SPEED_UP = 1.05
# Requests in a row (across the workers of a client) that failed for good because connections were reset or refused,
# after which a client sends nothing more (CircuitBreaker).
BREAKER_THRESHOLD = 3


def is_connection_failure(exc):
    """Whether an exception (as requests or urllib3 raise it) comes from a connection reset or refused.

    Its causes are searched (arguments, ``reason``, ``__cause__``, ``__context__``) for the operating system's
    ConnectionError (reset, refused, aborted, broken pipe; a server closing without an answer is one too). Timeouts
    and TLS failures are not: the server may be slow or misconfigured, not down.
    """
    seen = set()
    pending = [exc]
    while pending:
        error = pending.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, ConnectionError):
            return True
        causes = list(getattr(error, 'args', ())) + [getattr(error, 'reason', None), error.__cause__, error.__context__]
        # A cause may be text (an SSLError's reason is a string): only exceptions are searched further.
        pending.extend(cause for cause in causes if isinstance(cause, BaseException))
    return False


class CircuitBreaker:
    """Whether a client may still send, shared by all its workers.

    ``failed(cause)`` counts a request that failed for good on a connection failure; ``answered()`` (any HTTP answer,
    even an error) starts the count again. At BREAKER_THRESHOLD in a row the breaker opens for the rest of the run:
    requests are not sent (the client raises at once), and retries in progress make no further attempt. A
    module run is short: the breaker never closes again. The common path (an answer, nothing failed) takes no lock.
    """

    def __init__(self, threshold=BREAKER_THRESHOLD):
        self.threshold = threshold
        self._lock = threading.Lock()
        self._failures = 0
        self._open = threading.Event()
        self.cause = None

    @property
    def is_open(self):
        return self._open.is_set()

    def answered(self):
        if self._failures:
            with self._lock:
                self._failures = 0

    def failed(self, cause):
        """Count a request that failed for good on a connection failure; whether the breaker is now open."""
        with self._lock:
            self._failures += 1
            if self._failures >= self.threshold and not self._open.is_set():
                self.cause = cause
                self._open.set()
        return self.is_open


class RateLimitGate:
    """When the requests of a client may be sent; shared by all its workers.

    ``hold`` (on a 429 or 423) keeps every request waiting until the gate opens again. It also closes a window:
    the requests that got through since the gate last opened (or since the first request) over that time plus the
    wait is the rate the API allowed. From then on ``wait`` paces requests at that rate, so that the workers do not
    all resume at once and run into the limit again; the pace rises by 5 % a second, so that it creeps back up when
    the API allows more, until the next 429 sets a new one. A window with fewer than PACING_MIN_PASSED requests
    through sets no pace: a client sending a few requests one after the other is never paced.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._resume_at = 0.0
        self._pace = 0.0
        self._next_start = 0.0
        self._window_start = None
        self._sent = 0
        self._closed_window = None

    def _interval_at(self, now):
        if not self._pace:
            return 0.0
        return self._pace / PACING_SPEED_UP ** max(0.0, now - self._window_start)

    @property
    def interval(self):
        """Seconds between the starts of two requests now; 0 when requests are not paced."""
        with self._lock:
            return self._interval_at(time.monotonic())

    def hold(self, seconds):
        """Keep every request waiting for at least ``seconds`` from now; a 429 (or 423) answered one request."""
        with self._lock:
            now = time.monotonic()
            if now >= self._resume_at:
                start = now if self._window_start is None else self._window_start
                self._closed_window = [now - start + seconds, self._sent, self._interval_at(now)]
                self._sent = 0
            self._closed_window[1] -= 1
            span, passed, previous = self._closed_window
            self._pace = span / passed if passed >= PACING_MIN_PASSED else previous
            self._resume_at = max(self._resume_at, now + seconds)
            self._window_start = self._resume_at

    def wait(self):
        """Sleep until the gate is open and, when pacing, until this request's turn; count the request."""
        while True:
            with self._lock:
                now = time.monotonic()
                start = max(self._resume_at, self._next_start)
                if now >= start:
                    if self._window_start is None:
                        self._window_start = now
                    self._sent += 1
                    interval = self._interval_at(now)
                    if interval:
                        self._next_start = max(start, now - interval) + interval
                    return
            time.sleep(start - now)


def parse_retry_after(value, now=None):
    """Seconds to wait from a ``Retry-After`` value (a number of seconds or an HTTP-date), at most RETRY_AFTER_MAX.

    None when the value is neither (the caller backs off instead). A date in the past means no wait. ``now`` is the
    current time in seconds since the epoch (default: the clock), for an HTTP-date.
    """
    if value is None:
        return None
    if re.match(r'^\s*\d+(\.\d+)?\s*\Z', value):
        return min(float(value), RETRY_AFTER_MAX)
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        # The obsolete asctime form has no zone; every HTTP-date is GMT.
        when = when.replace(tzinfo=datetime.timezone.utc)
    delay = when.timestamp() - (time.time() if now is None else now)
    return min(max(delay, 0.0), RETRY_AFTER_MAX)


class WebexRetry(Retry):
    """urllib3 ``Retry`` with the Webex policy and a shared rate-limit gate."""

    def __init__(self, *args, **kwargs):
        self.gate = kwargs.pop('gate', None) or RateLimitGate()
        self.breaker = kwargs.pop('breaker', None)
        super(WebexRetry, self).__init__(*args, **kwargs)

    @classmethod
    def for_webex(cls, gate=None, breaker=None, methods=IDEMPOTENT_METHODS):
        """The retry policy every Webex client uses; ``methods``: those retried after a 5xx or a read error."""
        return cls(
            total=MAX_ATTEMPTS - 1,
            other=0,
            redirect=0,
            allowed_methods=methods,
            status_forcelist=RATE_LIMIT_STATUSES | TRANSIENT_STATUSES,
            backoff_factor=BACKOFF_FACTOR,
            raise_on_status=False,
            raise_on_redirect=False,
            respect_retry_after_header=True,
            gate=gate,
            breaker=breaker,
        )

    def new(self, **kw):
        kw['gate'] = self.gate
        kw['breaker'] = self.breaker
        return super(WebexRetry, self).new(**kw)

    @property
    def attempts(self):
        """How many requests were sent so far, the current one included."""
        return len(self.history) + 1

    def is_retry(self, method, status_code, has_retry_after=False):
        if not self.total:
            return False
        if status_code in RATE_LIMIT_STATUSES:
            return True
        return status_code in TRANSIENT_STATUSES and method.upper() in self.allowed_methods

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        """Count one more attempt; an error that ends the retries records how many were made.

        No further attempt once the circuit breaker is open.
        """
        try:
            if self.breaker is not None and self.breaker.is_open:
                raise MaxRetryError(_pool, url, error)
            return super(WebexRetry, self).increment(method, url, response, error, _pool, _stacktrace)
        except Exception as exc:
            exc.attempts = self.attempts
            raise

    def get_backoff_time(self):
        """Exponential backoff with jitter, bounded by BACKOFF_MAX."""
        retries = max(len(self.history), 1)
        backoff = min(BACKOFF_MAX, BACKOFF_FACTOR * (2 ** (retries - 1)))
        return backoff * (0.5 + random.random() / 2)

    def get_retry_after(self, response):
        return parse_retry_after(response.headers.get('Retry-After'))

    def sleep(self, response=None):
        delay = None if response is None else self.get_retry_after(response)
        if response is not None and response.status in RATE_LIMIT_STATUSES:
            self.gate.hold(self.get_backoff_time() if delay is None else delay)
            self.gate.wait()
            return
        time.sleep(self.get_backoff_time() if delay is None else delay)
