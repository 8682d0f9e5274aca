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
  (GET, PUT), never for POST. Connection errors (nothing was sent) always are.
- Every wait is bounded, and so is the number of attempts.
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
    from urllib3.util.retry import Retry
except ImportError:
    Retry = object

RATE_LIMIT_STATUSES = frozenset([423, 429])
TRANSIENT_STATUSES = frozenset([500, 502, 503, 504])
IDEMPOTENT_METHODS = frozenset(['GET', 'PUT'])

MAX_ATTEMPTS = 6
BACKOFF_FACTOR = 0.5
BACKOFF_MAX = 8.0
RETRY_AFTER_MAX = 60.0
# Pacing after a rate limit (RateLimitGate): the fewest requests through in a window that sets a pace, and the
# factor by which the pace rises each second after the gate opened.
PACING_MIN_PASSED = 10
PACING_SPEED_UP = 1.05


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
        super(WebexRetry, self).__init__(*args, **kwargs)

    @classmethod
    def for_webex(cls, gate=None):
        """The retry policy every Webex client uses."""
        return cls(
            total=MAX_ATTEMPTS - 1,
            other=0,
            redirect=0,
            allowed_methods=IDEMPOTENT_METHODS,
            status_forcelist=RATE_LIMIT_STATUSES | TRANSIENT_STATUSES,
            backoff_factor=BACKOFF_FACTOR,
            raise_on_status=False,
            raise_on_redirect=False,
            respect_retry_after_header=True,
            gate=gate,
        )

    def new(self, **kw):
        kw['gate'] = self.gate
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
        return status_code in TRANSIENT_STATUSES and method.upper() in IDEMPOTENT_METHODS

    def increment(self, *args, **kwargs):
        """Count one more attempt; an error that ends the retries records how many were made."""
        try:
            return super(WebexRetry, self).increment(*args, **kwargs)
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
        if response is not None and response.status in RATE_LIMIT_STATUSES:
            delay = self.get_retry_after(response)
            self.gate.hold(self.get_backoff_time() if delay is None else delay)
            self.gate.wait()
            return
        time.sleep(self.get_backoff_time())
