# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's history (module_utils/_audit/history.py): the file name of a result, which files are history, the
trend point read back from each, which earlier audits match this one, and the retention at its boundaries."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit.history import (
    history_files, history_pattern, history_point, history_stamp, plan_history, same_audit)
from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError, SCHEMA

NAME = 'intercept-audit'


def test_the_stamp_of_an_audit_time():
    assert history_stamp('2026-11-24T10:15:09Z') == '20261124T101509Z'


@pytest.mark.parametrize('generated, shown', [
    (None, 'None'), ('', "''"), ('2026-11-24 10:15:09Z', "'2026-11-24 10:15:09Z'"), ('2026-11-24T10:15:09', "'2026-11-24T10:15:09'"),
    ('2026-11-24T10:15:09Z ', "'2026-11-24T10:15:09Z '"),
])
def test_a_time_that_is_not_utc_is_refused_with_the_example(generated, shown):
    with pytest.raises(AuditReportError) as caught:
        history_stamp(generated)
    assert str(caught.value) == 'the audit time must be a UTC time like 2026-11-24T10:15:00Z, not %s' % shown


def test_only_the_files_of_this_report_are_history_oldest_first():
    names = ['intercept-audit-20261124T101500Z.json', 'intercept-audit-20261120T101500Z.json', 'intercept-audit.json',
             'intercept-audit-20261124T101500Z.json.bak', 'x-intercept-audit-20261124T101500Z.json',
             'intercept-audit-2026112T101500Z.json', 'intercept-auditX20261124T101500Z.json',
             'intercept-audit-20261124T101500Z.html', 'intercept-audit-20261124T1015000Z.json']
    assert history_files(names, NAME) == ['intercept-audit-20261120T101500Z.json', 'intercept-audit-20261124T101500Z.json']


def test_a_report_name_is_matched_literally():
    """A dot in the report name is a dot, not any character."""
    assert history_pattern('a.b').match('a.b-20261124T101500Z.json')
    assert not history_pattern('a.b').match('aXb-20261124T101500Z.json')


def document(**summary):
    values = dict(compliance_percent='75', audited='4', compliant=3, drifted=1, unreadable=0)
    values.update(summary)
    return {'schema': SCHEMA, 'generated': '2026-11-24T10:15:00Z', 'summary': values, 'status': 'drift',
            'scope_key': 'organization', 'organization': {'id': 'O1', 'name': 'Acme'}}


def test_a_history_point_converts_its_numbers_and_names_its_file():
    assert history_point(document(overridden='2'), 'f.json') == dict(
        generated='2026-11-24T10:15:00Z', compliance_percent=75.0, audited=4, compliant=3, drifted=1, overridden=2,
        unreadable=0, status='drift', scope_key='organization', organization_id='O1', file='f.json')


def test_a_history_point_of_an_older_result_without_overridden_or_organization():
    older = document()
    older['organization'] = None
    point = history_point(older)
    assert (point['overridden'], point['organization_id'], point['file']) == (0, None, None)


@pytest.mark.parametrize('bad', [
    None, [], 'text', {'schema': 'other', 'generated': 'x', 'summary': {}}, {'generated': 'x'},
    dict(document(), summary=None), dict(document(), generated=None, summary={}),
    document(audited=None), document(compliant='many'), document(drifted=[]),
], ids=['None', 'list', 'string', 'other schema', 'no schema', 'no summary', 'empty summary', 'audited None',
        'compliant not a number', 'drifted a list'])
def test_what_is_not_an_audit_result_gives_no_point(bad):
    assert history_point(bad, 'f.json') is None


def test_a_result_without_its_time_gives_no_point():
    missing = document()
    del missing['generated']
    assert history_point(missing) is None
    unreadable = document()
    del unreadable['summary']['unreadable']
    assert history_point(unreadable) is None


@pytest.mark.parametrize('point, current, same', [
    (dict(scope_key='organization', organization_id='O1'), dict(scope_key='organization', organization_id='O1'), True),
    (dict(scope_key='organization', organization_id='O1'), dict(scope_key='organization', organization_id='O2'), False),
    (dict(scope_key='organization', organization_id=None), dict(scope_key='organization', organization_id='O2'), True),
    (dict(scope_key='organization', organization_id='O1'), dict(scope_key='organization', organization_id=None), True),
    (dict(scope_key='organization'), dict(scope_key='organization', organization_id='O2'), True),
    (dict(scope_key='location:L1', organization_id='O1'), dict(scope_key='organization', organization_id='O1'), False),
    (dict(scope_key='location:L1', organization_id=None), dict(scope_key='organization', organization_id=None), False),
])
def test_same_audit_is_the_same_scope_in_the_same_or_an_unknown_organization(point, current, same):
    assert same_audit(point, current) is same


def item(day, point=True):
    name = '%s-202611%02dT100000Z.json' % (NAME, day)
    return dict(file=name, point=dict(day=day) if point else None)


STAMP = '20261124T101500Z'
NEW = '%s-%s.json' % (NAME, STAMP)


@pytest.mark.parametrize('keep', [0, -1])
def test_no_retention_writes_and_deletes_nothing(keep):
    assert plan_history([item(20), item(21)], NAME, keep, STAMP) == (None, [], [])


def test_a_retention_of_one_keeps_only_the_new_result():
    assert plan_history([item(21), item(20)], NAME, 1, STAMP) == (
        NEW, ['intercept-audit-20261120T100000Z.json', 'intercept-audit-20261121T100000Z.json'], [])


def test_a_retention_of_two_keeps_the_newest_earlier_result():
    assert plan_history([item(21), item(20), item(22)], NAME, 2, STAMP) == (
        NEW, ['intercept-audit-20261120T100000Z.json', 'intercept-audit-20261121T100000Z.json'], [dict(day=22)])


def test_a_retention_larger_than_the_history_keeps_all_with_their_points_oldest_first():
    history = [item(22), item(20, point=False), 'junk', dict(file='other.json', point=dict(day=2)), item(21)]
    assert plan_history(history, NAME, 4, STAMP) == (NEW, [], [dict(day=21), dict(day=22)])
    assert plan_history(history, NAME, 3, STAMP) == (NEW, ['intercept-audit-20261120T100000Z.json'],
                                                     [dict(day=21), dict(day=22)])


@pytest.mark.parametrize('count, keep', [(2, 4), (5, 8), (20, 30), (31, 38), (29, 30)])
def test_a_history_shorter_than_the_retention_is_kept_whole(count, keep):
    """Fewer earlier results than the retention keeps: none is deleted (a defect deleted some when there were more
    than half as many as kept)."""
    history = [item(day) for day in range(1, count + 1)]
    new_file, prune, points = plan_history(history, NAME, keep, STAMP)
    assert (new_file, prune, points) == (NEW, [], [dict(day=day) for day in range(1, count + 1)])


def test_a_history_as_long_as_the_retention_loses_its_oldest():
    history = [item(day) for day in range(1, 31)]
    assert plan_history(history, NAME, 30, STAMP) == (NEW, ['intercept-audit-20261101T100000Z.json'],
                                                      [dict(day=day) for day in range(2, 31)])


def test_the_file_of_the_same_second_is_neither_pruned_nor_kept_twice():
    history = [dict(file=NEW, point=dict(day=24)), item(23)]
    assert plan_history(history, NAME, 2, STAMP) == (NEW, [], [dict(day=23)])
    assert plan_history(history, NAME, 1, STAMP) == (NEW, ['intercept-audit-20261123T100000Z.json'], [])


def test_no_history_at_all():
    assert plan_history(None, NAME, 3, STAMP) == (NEW, [], [])
    assert plan_history([], NAME, 1, STAMP) == (NEW, [], [])
