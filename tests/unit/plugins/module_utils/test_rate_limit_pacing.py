# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared rate-limit gate paces requests after a 429 instead of letting every worker resume at once."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _retry
from ansible_collections.webex.calling.plugins.module_utils._retry import PACING_MIN_PASSED, PACING_SPEED_UP, RateLimitGate


def send(gate, clock, count, spacing):
    """``count`` requests through the gate, one every ``spacing`` seconds; return when each started."""
    starts = []
    for dummy in range(count):
        gate.wait()
        starts.append(clock.now)
        clock.now += spacing
    return starts


def test_after_a_429_requests_are_paced_at_the_rate_that_got_through(clock):
    gate = RateLimitGate()
    send(gate, clock, 61, 0.005)       # 61 requests in about 0.3 s...
    gate.hold(1.0)                     # ...the last one answered 429 Retry-After 1
    pace = (0.305 + 1.0) / 60
    assert gate.interval == pytest.approx(pace)
    starts = send(gate, clock, 5, 0)   # every worker at once, as soon as the gate opens
    assert starts[0] == pytest.approx(1000.305 + 1.0)
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    expected = [pace / PACING_SPEED_UP ** (earlier - starts[0]) for earlier in starts[:-1]]
    assert gaps == pytest.approx(expected)
    assert pace * 0.99 < min(gaps) <= max(gaps) == pytest.approx(pace)


def test_other_429s_of_the_same_hold_count_as_requests_that_did_not_get_through(clock):
    gate = RateLimitGate()
    send(gate, clock, 40, 0.01)
    gate.hold(1.0)
    gate.hold(1.0)                     # two more requests in flight got 429 too
    gate.hold(1.0)
    assert gate.interval == pytest.approx((0.4 + 1.0) / 37)


def test_the_pace_rises_with_each_second_after_the_gate_opened(clock):
    gate = RateLimitGate()
    send(gate, clock, 21, 0.01)
    gate.hold(1.0)
    first = gate.interval
    clock.now += 1.0 + 30.0
    assert gate.interval == pytest.approx(first / PACING_SPEED_UP ** 30)


def test_the_next_429_sets_the_pace_from_the_window_since_the_gate_opened(clock):
    gate = RateLimitGate()
    send(gate, clock, 61, 0.005)
    gate.hold(1.0)
    clock.now += 1.0
    send(gate, clock, 201, 0.05)       # 201 requests in 10 s after the gate opened, then a 429
    gate.hold(2.0)
    assert gate.interval == pytest.approx((201 * 0.05 + 2.0) / 200)


def test_a_few_requests_one_after_the_other_are_never_paced(clock):
    gate = RateLimitGate()
    send(gate, clock, PACING_MIN_PASSED, 0.05)
    gate.hold(1.0)                     # PACING_MIN_PASSED - 1 got through: too few to tell a rate
    assert gate.interval == 0
    starts = send(gate, clock, 3, 0)
    assert starts == [clock.now] * 3


def test_a_short_window_keeps_the_pace_it_had(clock):
    gate = RateLimitGate()
    send(gate, clock, 61, 0.005)
    gate.hold(1.0)
    pace = gate.interval
    send(gate, clock, 3, 0)            # the gate opens, 3 requests, one more gets a 429
    gate.hold(1.0)
    assert gate.interval == pytest.approx(pace, rel=0.01)


def test_workers_in_threads_start_about_one_interval_apart():
    gate = RateLimitGate()
    gate._pace = 0.02  # pylint: disable=protected-access
    gate._window_start = _retry.time.monotonic() + 3600  # pylint: disable=protected-access
    starts = []
    lock = threading.Lock()

    def worker():
        for dummy in range(5):
            gate.wait()
            with lock:
                starts.append(_retry.time.monotonic())

    threads = [threading.Thread(target=worker) for dummy in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    assert len(starts) == 20
    assert starts[-1] - starts[0] >= 10 * 0.02  # 19 intervals of 0.02 s; without pacing, all at once


@pytest.mark.parametrize('origin', [0.0, 0.5])
def test_a_new_gate_is_open_whatever_the_clock_origin(clock, origin):
    """time.monotonic() has no defined origin: a new gate lets the first requests through at once even near 0."""
    clock.now = origin
    gate = RateLimitGate()
    assert send(gate, clock, 3, 0.1) == pytest.approx([origin, origin + 0.1, origin + 0.2])
    assert clock.sleeps == [] and gate.interval == 0.0
    gate.hold(1.0)                     # the first 429 closes the window of the 3 requests: too few to pace
    assert gate.interval == 0.0
    assert send(gate, clock, 1, 0) == pytest.approx([origin + 0.3 + 1.0])
