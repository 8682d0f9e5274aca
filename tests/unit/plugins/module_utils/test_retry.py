# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The retry policy: what is retried, how long it waits, and the shared rate-limit gate."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

import pytest
from urllib3.exceptions import MaxRetryError, ProtocolError, ReadTimeoutError

from ansible_collections.webex.calling.plugins.module_utils._retry import (
    CircuitBreaker,
    RateLimitGate,
    WebexRetry,
    is_connection_failure,
    parse_retry_after,
)

# The policy's numbers, written out: a test that compared with the module's constants would pass whatever they are.
MAX_ATTEMPTS = 6
BACKOFF_MAX = 8.0
RETRY_AFTER_MAX = 60.0
# 2023-11-14T22:13:20Z, the wall clock the HTTP-date cases are parsed at.
NOW = 1700000000.0


class FakeResponse:
    def __init__(self, status, retry_after=None):
        self.status = status
        self.headers = {'Retry-After': retry_after} if retry_after is not None else {}


@pytest.mark.parametrize('value, expected', [
    ('30', 30.0),
    (' 7 ', 7.0),
    ('1.5', 1.5),
    ('rand(30),add(30)', None),
    ('', None),
    ('-5', None),
    ('30\n5', None),
    ('30x', None),
    (None, None),
    ('60', 60.0),
    ('61', 60.0),
    ('100000', 60.0),
    # HTTP-dates (RFC 9110): the seconds from now until then, at most 60, none when it is past.
    ('Tue, 14 Nov 2023 22:13:50 GMT', 30.0),
    ('Tue, 14 Nov 2023 22:14:20 GMT', 60.0),
    ('Tue, 14 Nov 2023 22:14:21 GMT', 60.0),
    ('Tue, 14 Nov 2023 23:13:20 GMT', 60.0),
    ('Tue, 14 Nov 2023 22:13:21 GMT', 1.0),
    ('Tue, 14 Nov 2023 22:13:20 GMT', 0.0),
    ('Wed, 21 Oct 2015 07:28:00 GMT', 0.0),
    ('Tuesday, 14-Nov-23 22:13:50 GMT', 30.0),
    ('Tue Nov 14 22:13:50 2023', 30.0),
    ('Tue, 14 Nov 2023 22:13:50 -0000', 30.0),
    ('Tue, 14 Nov 2023 23:13:50 +0100', 30.0),
    ('Tue, 14 Nov 2023 25:13:50 GMT', None),
    ('Tue, 14 Nov 2023', None),
])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=NOW) == expected


def test_an_http_date_is_measured_from_the_clock(clock):
    # The fake clock's wall time is NOW; 45 seconds later the same date is 15 seconds away.
    assert parse_retry_after('Tue, 14 Nov 2023 22:14:05 GMT') == 45.0
    clock.sleep(30)
    assert parse_retry_after('Tue, 14 Nov 2023 22:14:05 GMT') == 15.0


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


def test_a_retry_after_date_is_honoured(clock):
    WebexRetry.for_webex().sleep(FakeResponse(429, 'Tue, 14 Nov 2023 22:13:37 GMT'))
    assert clock.sleeps == [17.0]


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


@pytest.mark.parametrize('retry_after', [None, 'rand(30),add(30)'])
def test_server_errors_back_off_without_holding_the_gate(clock, retry_after):
    retry = WebexRetry.for_webex().increment('GET', '/x', response=FakeResponseWithRedirect(503))
    retry.sleep(FakeResponse(503, retry_after))
    assert len(clock.sleeps) == 1 and 0 < clock.sleeps[0] <= BACKOFF_MAX
    clock.sleeps = []
    retry.gate.wait()
    assert clock.sleeps == []


@pytest.mark.parametrize('status', [500, 502, 503, 504])
def test_a_server_error_s_retry_after_is_honoured_by_that_request_only(clock, status):
    retry = WebexRetry.for_webex().increment('GET', '/x', response=FakeResponseWithRedirect(status))
    retry.sleep(FakeResponse(status, '30'))
    assert clock.sleeps == [30.0]
    clock.sleeps = []
    retry.gate.wait()
    assert clock.sleeps == []


def test_a_server_error_s_retry_after_is_bounded(clock):
    WebexRetry.for_webex().sleep(FakeResponse(503, '3600'))
    assert clock.sleeps == [RETRY_AFTER_MAX]


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


# --- what a mutation run found untested ----------------------------------------------------------------------------

class HoldRecorder(RateLimitGate):
    def __init__(self):
        super(HoldRecorder, self).__init__()
        self.holds = []

    def hold(self, seconds):
        self.holds.append(seconds)


@pytest.mark.parametrize('retry_after', ['30', None])
def test_a_server_error_never_holds_the_other_requests(clock, retry_after):
    gate = HoldRecorder()
    retry = WebexRetry.for_webex(gate=gate)
    for status in (500, 502, 503, 504):
        retry.sleep(FakeResponse(status, retry_after))
    assert gate.holds == []
    retry.sleep(FakeResponse(429, '3'))
    assert gate.holds == [3.0]


class Pool:
    """Stands for urllib3's connection pool: only its identity matters."""


def test_the_history_and_the_final_error_keep_the_request_s_url_status_and_pool():
    pool, retry = Pool(), WebexRetry.for_webex()
    for dummy in range(MAX_ATTEMPTS - 1):
        retry = retry.increment('GET', '/people/p1', response=FakeResponseWithRedirect(503), _pool=pool)
    assert [(entry.url, entry.status) for entry in retry.history] == [('/people/p1', 503)] * (MAX_ATTEMPTS - 1)
    with pytest.raises(MaxRetryError) as caught:
        retry.increment('GET', '/people/p1', response=FakeResponseWithRedirect(503), _pool=pool)
    assert caught.value.pool is pool and caught.value.url == '/people/p1'
    assert caught.value.attempts == MAX_ATTEMPTS


def test_an_open_breaker_ends_the_retries_with_the_request_s_pool_url_and_error():
    breaker = CircuitBreaker(threshold=1)
    breaker.failed(ConnectionResetError('reset'))
    pool, error = Pool(), ProtocolError('Connection aborted.', ConnectionResetError('reset'))
    with pytest.raises(MaxRetryError) as caught:
        WebexRetry.for_webex(breaker=breaker).increment('GET', '/people/p1', error=error, _pool=pool)
    assert (caught.value.pool, caught.value.url, caught.value.reason) == (pool, '/people/p1', error)
    assert caught.value.attempts == 1


def _read_timeout_where_it_happened():
    raise ReadTimeoutError(None, '/people/p1', 'read timed out')


def test_a_read_error_of_a_post_is_raised_again_with_its_own_traceback():
    with pytest.raises(ReadTimeoutError) as raised:
        _read_timeout_where_it_happened()
    error = raised.value
    with pytest.raises(ReadTimeoutError) as caught:
        WebexRetry.for_webex().increment('POST', '/people/p1/x', error=error, _stacktrace=error.__traceback__)
    assert caught.value is error
    assert '_read_timeout_where_it_happened' in [frame.name for frame in traceback.extract_tb(caught.value.__traceback__)]


def test_a_breaker_has_no_cause_before_it_opens():
    breaker = CircuitBreaker(threshold=2)
    assert breaker.cause is None
    breaker.failed(ConnectionResetError('first'))
    assert breaker.cause is None and not breaker.is_open


class Wrapper(Exception):
    """An error that names its cause only in an attribute, as urllib3's do in ``reason``."""


def test_a_connection_failure_is_found_in_reason_and_past_empty_causes():
    wrapped = Wrapper('failed')
    wrapped.reason = ConnectionRefusedError('refused')
    assert is_connection_failure(wrapped)
    chained = Wrapper('no reason, no context')
    chained.__cause__ = ConnectionResetError('reset')
    assert is_connection_failure(chained)


def test_causes_that_refer_to_each_other_end_the_search():
    first, second = Wrapper('first'), Wrapper('second')
    first.__context__, second.__context__ = second, first
    first.reason, second.reason = second, first
    assert is_connection_failure(first) is False


def test_a_cause_met_twice_does_not_end_the_search():
    twice, error = Wrapper('met twice'), Wrapper('outer')
    error.reason, error.__cause__, error.__context__ = ConnectionResetError('reset'), twice, twice
    assert is_connection_failure(error)
