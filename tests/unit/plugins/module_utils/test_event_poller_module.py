# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The line the event source logs about an event, and webex_admin_audit_events_info's runner: the range of hours,
what it asks read_changes for, and what it returns and warns (the module runs end to end in tests/e2e)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _event_poller
from ansible_collections.webex.calling.plugins.module_utils._event_poller import describe, run_audit_events_info

EVENT = {'type': 'drift', 'kind': 'person', 'id': 'P1', 'name': 'Ana Lopez', 'time': '2026-12-04T09:14:00.000Z',
         'actor': {'email': 'admin@example.com', 'name': 'Admin'}, 'settings': {'enabled': True}}


def test_an_event_is_described_in_one_line_without_its_settings():
    assert describe(EVENT) == 'drift person Ana Lopez (P1) by admin@example.com at 2026-12-04T09:14:00.000Z'


def test_an_event_without_a_name_or_an_actor_is_described_by_its_id_and_unknown():
    event = dict(EVENT, name='', actor=None)
    assert describe(event) == 'drift person P1 (P1) by unknown at 2026-12-04T09:14:00.000Z'
    assert describe({}) == 'None None None (None) by unknown at None'


class Done(Exception):
    """exit_json or fail_json was called: the module ends there."""


class FakeModule:
    def __init__(self, **params):
        self.params = dict(dict(hours=168, org_id=None, kinds=['person', 'workspace']), **params)
        self.warnings = []
        self.result = None

    def warn(self, text):
        self.warnings.append(text)

    def exit_json(self, **result):
        self.result = result
        raise Done()

    def fail_json(self, **result):
        self.result = dict(result, failed=True)
        raise Done()


@pytest.fixture
def calls(monkeypatch):
    """read_changes and the client replaced: the calls made, and what read_changes answers (settable)."""
    made = dict(read=[], answer=([{'id': 'P1'}], {'from': 'a', 'to': 'b'}, None))

    def read_changes(client, org_id, hours, kinds):
        made['read'].append((client, org_id, hours, kinds))
        return made['answer']

    monkeypatch.setattr(_event_poller, 'client_from_module', lambda module: 'client-of-%d' % module.params['hours'])
    monkeypatch.setattr(_event_poller, 'read_changes', read_changes)
    return made


def run(module):
    with pytest.raises(Done):
        run_audit_events_info(module)
    return module.result


@pytest.mark.parametrize('hours', [0, -1, 8761])
def test_hours_outside_a_year_are_refused_before_any_request(calls, hours):
    result = run(FakeModule(hours=hours))
    assert result == dict(failed=True, msg='hours must be from 1 to 8760 (the admin audit events API reads at most '
                                           'one year), not %d' % hours)
    assert calls['read'] == []


@pytest.mark.parametrize('hours', [1, 8760])
def test_the_changes_of_the_period_are_returned(calls, hours):
    module = FakeModule(hours=hours, org_id='O1')
    assert run(module) == dict(changed=False, changes=[{'id': 'P1'}], window={'from': 'a', 'to': 'b'},
                               available=True, warning=None)
    assert calls['read'] == [('client-of-%d' % hours, 'O1', hours, ('person', 'workspace'))]
    assert module.warnings == []


def test_events_that_cannot_be_read_are_a_warning_and_no_changes_not_a_failure(calls):
    calls['answer'] = ([], {'from': 'a', 'to': 'b'}, 'the token lacks the scope audit:events_read')
    module = FakeModule()
    assert run(module) == dict(changed=False, changes=[], window={'from': 'a', 'to': 'b'}, available=False,
                               warning='the token lacks the scope audit:events_read')
    assert module.warnings == ['the token lacks the scope audit:events_read']


def test_changes_read_beside_a_warning_are_available(calls):
    calls['answer'] = ([{'id': 'P1'}], {'from': 'a', 'to': 'b'}, 'event E9 skipped: no target')
    module = FakeModule()
    assert run(module)['available'] is True
    assert module.warnings == ['event E9 skipped: no target']
