# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared rate-limit gate at its edges: the limits of rate_limit and its messages, where the gate's file lives
and who may read it, a state file it cannot use, holds that overlap, a clock that starts at zero, and the gate a
client with rate_limit combines with its own."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import tempfile

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _shared_gate as shared_gate
from ansible_collections.webex.calling.plugins.module_utils._shared_gate import (
    CombinedGate,
    SharedGate,
    SharedGateError,
    check_rate_limit,
    default_directory,
    gate_key,
)

API = 'https://webexapis.com/v1'
TOKEN = 'sim-secret-token-value'


class Clock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def gate(directory, clock, rate=10, key=None):
    return SharedGate(rate, key or gate_key(API, TOKEN), str(directory), clock=clock, sleep=clock.sleep)


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


# --- rate_limit ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('value, rate', [(0.1, 0.1), ('0.1', 0.1), (10000, 10000.0), ('10000', 10000.0), (1, 1.0)])
def test_the_limits_of_rate_limit_are_allowed(value, rate):
    assert check_rate_limit(value) == rate


def test_a_bad_rate_limit_is_refused_word_for_word():
    with pytest.raises(SharedGateError) as caught:
        check_rate_limit('fast')
    assert str(caught.value) == (
        "rate_limit (WEBEX_RATE_LIMIT) must be a number of requests per second from 0.1 to 10000.0, the limit of the "
        "token shared by every process that uses it, not 'fast'")
    with pytest.raises(SharedGateError) as caught:
        check_rate_limit(0.09)
    assert str(caught.value).endswith('shared by every process that uses it, not 0.09')


def test_rate_limit_without_file_locks_says_to_leave_it_unset(monkeypatch):
    monkeypatch.setattr(shared_gate, 'fcntl', None)
    with pytest.raises(SharedGateError) as caught:
        check_rate_limit(5)
    assert str(caught.value) == (
        'rate_limit needs file locks (fcntl), which this system does not have; leave it unset')
    assert check_rate_limit(None) is None  # unset needs no locks


# --- the gate's name and place ---------------------------------------------------------------------------------

def test_the_gate_key_is_stable_across_versions():
    """Processes of two versions of the collection sharing a token must find the same gate file."""
    assert gate_key(API, TOKEN) == 'c327f3c5924568282fdefda00f8d36df0ca14b38'
    assert gate_key(API, TOKEN[:-1] + 'X') == '1008f6c9233f6271d9f86dd66665d5990895c21b'
    assert gate_key(API + '/', TOKEN) != gate_key(API, TOKEN)


def test_the_default_directory_is_the_users_own_in_the_temporary_directory(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, 'gettempdir', lambda: str(tmp_path))
    assert default_directory() == os.path.join(str(tmp_path), 'webex-calling-rate-%d' % os.getuid())


def test_the_default_directory_without_user_ids(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, 'gettempdir', lambda: str(tmp_path))
    monkeypatch.delattr(os, 'getuid')
    assert default_directory() == os.path.join(str(tmp_path), 'webex-calling-rate-user')


def test_a_gate_without_a_directory_makes_a_private_one_and_a_json_file(monkeypatch, tmp_path, umask_022):
    monkeypatch.setattr(tempfile, 'gettempdir', lambda: str(tmp_path))
    key = gate_key(API, TOKEN)
    shared = SharedGate(10, key)
    directory = os.path.join(str(tmp_path), 'webex-calling-rate-%d' % os.getuid())
    assert (shared.directory, shared.path) == (directory, os.path.join(directory, key + '.json'))
    shared.wait()
    assert os.listdir(directory) == [key + '.json']
    assert oct(os.stat(directory).st_mode & 0o777) == '0o700'


def test_a_directory_the_gate_makes_is_the_users_only(tmp_path, umask_022):
    directory = tmp_path / 'gates'
    gate(directory, Clock())
    assert oct(os.stat(str(directory)).st_mode & 0o777) == '0o700'


def test_a_directory_the_gate_cannot_make_is_named(tmp_path):
    (tmp_path / 'file').write_text('not a directory')
    directory = str(tmp_path / 'file' / 'gates')
    with pytest.raises(SharedGateError) as caught:
        SharedGate(10, 'key', directory)
    message = str(caught.value)
    assert message.startswith('the rate_limit gate cannot use %s: ' % directory)
    assert 'Not a directory' in message


# --- the state file ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize('content', ['', 'not json', '[1, 2]', '"text"', 'null', '7'])
def test_a_state_file_the_gate_cannot_use_is_started_afresh(tmp_path, content):
    clock = Clock()
    shared = gate(tmp_path, clock)
    with open(shared.path, 'w') as stream:
        stream.write(content)
    shared.wait()
    shared.wait()
    assert clock.now == pytest.approx(1000.1)
    with open(shared.path) as stream:
        assert json.load(stream) == {'next_start': pytest.approx(1000.2)}


def test_a_shorter_hold_does_not_cut_a_longer_one(tmp_path):
    clock = Clock()
    first, second = gate(tmp_path, clock), gate(tmp_path, clock)
    first.hold(10.0)
    second.hold(2.0)
    second.wait()
    assert clock.now == pytest.approx(1010.0)
    first.hold(1.0)  # a later, longer hold still extends it
    first.hold(3.0)
    first.wait()
    assert clock.now == pytest.approx(1013.0)


def test_a_clock_that_starts_at_zero(tmp_path):
    """The gate works with the clock it is given: nothing waits before its first request, at time 0 too."""
    clock = Clock(0.0)
    shared = gate(tmp_path, clock, rate=4)
    shared.wait()
    assert clock.now == 0.0
    shared.wait()
    assert clock.now == pytest.approx(0.25)
    other = Clock(0.0)
    held = gate(tmp_path, other, key='another')
    held.hold(0.5)
    held.wait()
    assert other.now == pytest.approx(0.5)


# --- the gate of a client with rate_limit -----------------------------------------------------------------------

class Recorder:
    def __init__(self, name, calls, interval=0.0, rate=None):
        self.name = name
        self.calls = calls
        self.interval = interval
        self.rate = rate

    def wait(self):
        self.calls.append((self.name, 'wait'))

    def hold(self, seconds):
        self.calls.append((self.name, 'hold', seconds))


def test_the_combined_gate_waits_for_both_and_holds_both():
    calls = []
    combined = CombinedGate(Recorder('local', calls, interval=0.5), Recorder('shared', calls, rate=10))
    combined.wait()
    combined.hold(3.5)
    assert calls == [('local', 'wait'), ('shared', 'wait'), ('local', 'hold', 3.5), ('shared', 'hold', 3.5)]


@pytest.mark.parametrize('local, rate, interval', [(0.5, 10, 0.5), (0.0, 10, 0.1), (0.25, 4, 0.25)])
def test_the_combined_interval_is_the_longer_one(local, rate, interval):
    combined = CombinedGate(Recorder('local', [], interval=local), Recorder('shared', [], rate=rate))
    assert combined.interval == pytest.approx(interval)


def test_the_combined_gate_with_a_real_shared_gate(tmp_path):
    clock = Clock()
    calls = []
    combined = CombinedGate(Recorder('local', calls), gate(tmp_path, clock))
    combined.wait()
    combined.hold(2.0)
    combined.wait()
    assert clock.now == pytest.approx(1002.0)
    assert calls == [('local', 'wait'), ('local', 'hold', 2.0), ('local', 'wait')]
