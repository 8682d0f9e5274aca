# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rate-limit gate shared by the processes that use one credential."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import multiprocessing
import os
import time

import pytest

from ansible_collections.webex.calling.plugins.module_utils._shared_gate import (
    SharedGate,
    SharedGateError,
    check_rate_limit,
    gate_key,
)

TOKEN = 'sim-secret-token-value'


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_two_processes_share_one_bucket_and_one_hold(tmp_path):
    clock = Clock()
    key = gate_key('https://webexapis.com/v1', TOKEN)
    first, second = (SharedGate(10, key, str(tmp_path), clock=clock, sleep=clock.sleep) for dummy in range(2))
    starts = []
    for gate in (first, second, first, second):
        gate.wait()
        starts.append(clock.now)
    assert starts == pytest.approx([1000.0, 1000.1, 1000.2, 1000.3])
    first.hold(2.0)  # a 429 with Retry-After: 2 answered the first one's request
    second.wait()
    assert clock.now == pytest.approx(1002.3)
    other = SharedGate(10, gate_key('https://webexapis.com/v1', 'another-token'), str(tmp_path), clock=clock,
                       sleep=clock.sleep)
    other.wait()  # another credential has its own budget
    assert clock.now == pytest.approx(1002.3)


def test_the_file_is_named_by_a_hash_and_holds_no_credential(tmp_path):
    gate = SharedGate(5, gate_key('https://webexapis.com/v1', TOKEN), str(tmp_path))
    gate.wait()
    names = os.listdir(str(tmp_path))
    assert len(names) == 1 and TOKEN not in names[0]
    assert TOKEN not in (tmp_path / names[0]).read_text()
    assert oct(os.stat(str(tmp_path / names[0])).st_mode & 0o777) == '0o600'


def _requests(directory, key, count, queue):
    readings = []

    def clock():
        readings.append(time.time())
        return readings[-1]

    gate = SharedGate(40, key, directory, clock=clock)
    for dummy in range(count):
        gate.wait()
        # The clock reading under the file lock that let this request go: a process the system pauses after its wait
        # would take a later time of its own, not the gate's.
        queue.put(readings[-1])


def test_processes_together_never_exceed_the_rate(tmp_path):
    """Three processes of 8 requests at 40 a second: no two requests of any of them let go closer than 1/40 s."""
    queue = multiprocessing.Queue()
    key = gate_key('http://127.0.0.1:1/v1', TOKEN)
    workers = [multiprocessing.Process(target=_requests, args=(str(tmp_path), key, 8, queue)) for dummy in range(3)]
    for worker in workers:
        worker.start()
    starts = sorted(queue.get(timeout=60) for dummy in range(24))
    for worker in workers:
        worker.join(60)
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    assert min(gaps) >= 1 / 40 - 1e-6


@pytest.mark.parametrize('value', ['fast', 0, -1, 20000, True and 'x'])
def test_a_bad_rate_limit_is_named(value):
    with pytest.raises(SharedGateError, match='rate_limit \\(WEBEX_RATE_LIMIT\\) must be a number of requests per '
                                              'second from 0.1 to 10000'):
        check_rate_limit(value)


def test_rate_limit_unset_or_a_number():
    assert check_rate_limit(None) is None
    assert check_rate_limit('') is None
    assert check_rate_limit('2.5') == 2.5
