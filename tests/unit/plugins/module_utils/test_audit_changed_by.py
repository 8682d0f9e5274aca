# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit report's "changed by": the last change of each drifting target, in every format."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError
from ansible_collections.webex.calling.plugins.module_utils._audit.model import build_report
from ansible_collections.webex.calling.plugins.module_utils._audit.render import render


def entry(target_id, status, drifts=()):
    return dict(kind='person', id=target_id, name=target_id.title(), email='%s@example.com' % target_id,
                status=status, drifts=[dict(setting='enabled', expected=False, actual=True) for dummy in drifts])


def change(target_id, time, email):
    return dict(kind='person', id=target_id, actor=dict(email=email, name=None, id='x'), time=time)


ENTRIES = [entry('ana', 'drift', [1]), entry('bob', 'drift', [1]), entry('cy', 'compliant')]
CHANGES = dict(window={'from': '2026-12-01T00:00:00.000Z', 'to': '2026-12-04T10:00:00.000Z'}, warning=None, changes=[
    change('ana', '2026-12-04T09:14:03.123Z', 'late@example.com'),
    change('ana', '2026-12-04T08:00:00.000Z', 'early@example.com'),
    change('cy', '2026-12-04T09:00:00.000Z', 'someone@example.com'),
])


def test_the_last_change_of_each_drifting_target_is_shown_in_every_format():
    report = build_report(ENTRIES, baseline={'enabled': False}, generated='2026-12-04T10:00:00Z', changes=CHANGES,
                          formats=['json'])
    by_id = dict((item['id'], item['changed_by']) for item in report['entries'])
    assert by_id['ana']['label'] == 'changed by late@example.com at 2026-12-04 09:14 UTC'
    assert by_id['bob'] is None and by_id['cy'] is None  # no event; compliant targets are not explained
    assert report['changed_by'] == dict(window_from='2026-12-01T00:00:00.000Z', window_to='2026-12-04T10:00:00.000Z',
                                        warning=None, drifted_explained=1)
    label = 'changed by late@example.com at 2026-12-04 09:14 UTC'
    for fmt in ('markdown', 'html', 'csv', 'junit'):
        assert label in render(report, fmt), fmt
    assert json.loads(render(report, 'json'))['changed_by']['drifted_explained'] == 1


def test_without_changed_by_the_report_is_as_before():
    report = build_report(ENTRIES, baseline={'enabled': False}, generated='2026-12-04T10:00:00Z')
    assert 'changed_by' not in report and all('changed_by' not in item for item in report['entries'])
    assert 'Last change' not in render(report, 'markdown') and 'changed_by' not in render(report, 'csv')


def test_a_warning_is_shown_instead():
    report = build_report(ENTRIES, baseline={'enabled': False}, generated='2026-12-04T10:00:00Z',
                          changes=dict(changes=[], window={}, warning='the token lacks the scope audit:events_read'))
    for fmt in ('markdown', 'html'):
        assert 'Who changed each target is not shown: the token lacks the scope audit:events_read' in render(report, fmt)


@pytest.mark.parametrize('changes', [[], dict(changes='none'), dict(changes=[dict(time='x')])])
def test_changes_must_be_the_modules_result(changes):
    with pytest.raises(AuditReportError, match='changes must be|each change must be'):
        build_report(ENTRIES, baseline={'enabled': False}, generated='2026-12-04T10:00:00Z', changes=changes)
