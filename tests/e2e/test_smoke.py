# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""First apply changes, second apply writes nothing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from conftest import api_writes

TAKE_OUT = [{
    'name': 'take out of service',
    'webex.calling.webex_person_intercept': {
        'person_email': 'alice.anders@example.com',
        'enabled': True,
        'incoming': {'announcements': {'new_number': {'enabled': True, 'destination': '+14085550123'}}},
    },
}]


@pytest.mark.matrix
def test_apply_then_reapply_is_idempotent(ansible, simulator):
    first = ansible(TAKE_OUT)
    assert first.rc == 0, first.stdout
    assert first.tasks.named('take out of service')['result']['changed'] is True
    assert len(api_writes(simulator)) == 1
    simulator.clear_log()
    second = ansible(TAKE_OUT)
    assert second.rc == 0, second.stdout
    assert second.tasks.named('take out of service')['result']['changed'] is False
    assert api_writes(simulator) == []
