# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A rate-limit gate shared by every process on this machine that uses one credential (standard library only).

Webex limits each token. Several Ansible processes sharing one token (forks, concurrent jobs, the slices of an AWX
job on one execution node) each pace only their own requests; together they run into the limit and get 429s, and
all retry at once. With ``rate_limit`` set, they share one token bucket of that many requests a second (without a
burst: requests leave evenly spaced) and every 429's ``Retry-After``: a small state file, locked for each request,
in a private directory of the system's temporary directory, named by a hash of the API URL and the credential (never
the credential itself).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import tempfile
import threading
import time

try:
    import fcntl
except ImportError:  # not on Windows, where Ansible does not run as a controller
    fcntl = None

RATE_LIMIT_RANGE = (0.1, 10000.0)
DIRECTORY_NAME = 'webex-calling-rate-%s'


class SharedGateError(ValueError):
    """A rate limit or a gate directory that cannot work; the message names the option and the fix."""


def check_rate_limit(value):
    """``rate_limit`` as a float, None when unset; SharedGateError naming the option otherwise."""
    if value is None or value == '':
        return None
    try:
        rate = float(value)
    except (TypeError, ValueError):
        rate = None
    low, high = RATE_LIMIT_RANGE
    if rate is None or not low <= rate <= high:
        raise SharedGateError('rate_limit (WEBEX_RATE_LIMIT) must be a number of requests per second from %s to %s, '
                              'the limit of the token shared by every process that uses it, not %r' % (low, high, value))
    if fcntl is None:
        raise SharedGateError('rate_limit needs file locks (fcntl), which this system does not have; leave it unset')
    return rate


def gate_key(api_url, credential):
    """The file name part of a credential's gate: a hash of the API URL and the credential."""
    digest = hashlib.sha256(('%s\n%s' % (api_url, credential)).encode('utf-8')).hexdigest()
    return digest[:40]


def default_directory():
    """A directory of this user's only, in the system's temporary directory."""
    uid = os.getuid() if hasattr(os, 'getuid') else 'user'
    return os.path.join(tempfile.gettempdir(), DIRECTORY_NAME % uid)


class SharedGate:
    """A token bucket of ``rate`` requests a second (no burst) and a 429 hold, shared through a locked file.

    Used beside the client's own RateLimitGate (which paces its workers after a 429): ``wait`` before each request,
    ``hold(seconds)`` on a 429 or 423.
    """

    def __init__(self, rate, key, directory=None, clock=time.time, sleep=time.sleep):
        self.rate = float(rate)
        self.directory = directory or default_directory()
        self.path = os.path.join(self.directory, key + '.json')
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
        except OSError as exc:
            raise SharedGateError('the rate_limit gate cannot use %s: %s' % (self.directory, exc))

    def _update(self, change):
        """Run ``change(state, now)`` on the shared state with the file locked; return what it returns."""
        with self._lock:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                raw = os.read(fd, 4096)
                try:
                    state = json.loads(raw.decode('utf-8')) if raw else {}
                except ValueError:
                    state = {}
                if not isinstance(state, dict):
                    state = {}
                result = change(state, self._clock())
                data = json.dumps(state).encode('utf-8')
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, data)
                os.ftruncate(fd, len(data))
                return result
            finally:
                os.close(fd)

    def wait(self):
        """Sleep until this request's turn: after any hold, and 1/rate after the previous request of any process."""
        interval = 1.0 / self.rate

        def take(state, now):
            start = max(float(state.get('resume_at', 0.0)), float(state.get('next_start', 0.0)))
            if now >= start:
                state['next_start'] = max(start, now) + interval
                return 0.0
            return start - now

        while True:
            delay = self._update(take)
            if delay <= 0:
                return
            self._sleep(delay)

    def hold(self, seconds):
        """Keep every process's requests waiting for ``seconds`` from now (a 429 or 423 answered one)."""
        def extend(state, now):
            state['resume_at'] = max(float(state.get('resume_at', 0.0)), now + seconds)
        self._update(extend)


class CombinedGate:
    """The gate of a client with ``rate_limit``: its own RateLimitGate (pacing its workers after a 429) and the
    SharedGate of its credential."""

    def __init__(self, local, shared):
        self.local = local
        self.shared = shared

    @property
    def interval(self):
        return max(self.local.interval, 1.0 / self.shared.rate)

    def wait(self):
        self.local.wait()
        self.shared.wait()

    def hold(self, seconds):
        self.local.hold(seconds)
        self.shared.hold(seconds)
