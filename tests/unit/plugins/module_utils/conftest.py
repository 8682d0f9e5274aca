# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fake clock for the retry and rate-limit tests: waits are recorded, not slept."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _retry


class FakeClock:
    """Stands in for the time module of _retry: sleeping advances the clock and is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def monotonic(self):
        return self.now

    def time(self):
        """Wall-clock time: 2023-11-14T22:13:20Z when the fake clock starts (for Retry-After HTTP-dates)."""
        return 1700000000.0 + (self.now - 1000.0)

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(_retry, 'time', fake)
    return fake
