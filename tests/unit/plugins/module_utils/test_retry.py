# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The retry policy: what is retried, how long it waits, and the shared rate-limit gate."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._retry import (
    BACKOFF_MAX,
    MAX_ATTEMPTS,
    RETRY_AFTER_MAX,
    RateLimitGate,
    WebexRetry,
    parse_retry_after,
)


class FakeResponse:
    def __init__(self, status, retry_after=None):
        self.status = status
        self.headers = {'Retry-After': retry_after} if retry_after is not None else {}


@pytest.mark.parametrize('value, expected', [
    ('30', 30.0),
    (' 7 ', 7.0),
    ('1.5', 1.5),
    ('rand(30),add(30)', None),
    ('Wed, 21 Oct 2015 07:28:00 GMT', None),
    ('', None),
    ('-5', None),
    (None, None),
    ('100000', RETRY_AFTER_MAX),
])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value) == expected


@pytest.mark.parametrize('method, status, retried', [
    ('GET', 429, True), ('PUT', 429, True), ('POST', 429, True),
    ('GET', 423, True), ('POST', 423, True),
    ('GET', 500, True), ('GET', 502, True), ('PUT', 503, True), ('PUT', 504, True),
    ('POST', 500, False), ('POST', 502, False), ('POST', 503, False), ('POST', 504, False),
    ('GET', 400, False), ('GET', 401, False), ('PUT', 403, False), ('GET', 404, False),
])
def test_which_statuses_are_retried(method, status, retried):
    assert WebexRetry.for_webex().is_retry(method, status, has_retry_after=True) is retried


def test_no_retry_once_the_attempts_are_used_up():
    retry = WebexRetry.for_webex()
    for dummy in range(MAX_ATTEMPTS - 1):
        retry = retry.increment('GET', '/x', response=FakeResponseWithRedirect(503))
    assert retry.attempts == MAX_ATTEMPTS
    assert not retry.is_retry('GET', 503)


class FakeResponseWithRedirect(FakeResponse):
    def get_redirect_location(self):
        return None


def test_valid_retry_after_is_honoured(clock):
    WebexRetry.for_webex().sleep(FakeResponse(429, '3'))
    assert clock.sleeps == [3.0]


@pytest.mark.parametrize('retry_after', [None, 'rand(30),add(30)'])
def test_missing_or_malformed_retry_after_falls_back_to_bounded_backoff(clock, retry_after):
    retry = WebexRetry.for_webex()
    waits = []
    for dummy in range(MAX_ATTEMPTS - 1):
        retry = retry.increment('GET', '/x', response=FakeResponseWithRedirect(429))
        clock.sleeps = []
        retry.sleep(FakeResponse(429, retry_after))
        waits.append(sum(clock.sleeps))
    assert all(0 < wait <= BACKOFF_MAX for wait in waits)
    assert waits[-1] > waits[0]


def test_server_errors_back_off_without_holding_the_gate(clock):
    retry = WebexRetry.for_webex().increment('GET', '/x', response=FakeResponseWithRedirect(503))
    retry.sleep(FakeResponse(503, '30'))
    assert len(clock.sleeps) == 1 and clock.sleeps[0] <= BACKOFF_MAX
    clock.sleeps = []
    retry.gate.wait()
    assert clock.sleeps == []


def test_a_rate_limit_wait_holds_every_request_of_the_client(clock):
    gate = RateLimitGate()
    worker_one = WebexRetry.for_webex(gate=gate)
    worker_two = worker_one.new()
    assert worker_two.gate is gate
    gate.hold(10)
    worker_one.gate.wait()
    assert clock.sleeps == [10]
    gate.hold(5)
    gate.hold(2)
    clock.sleeps = []
    worker_two.gate.wait()
    assert clock.sleeps == [5]
