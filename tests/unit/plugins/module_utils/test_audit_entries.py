# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's targets from the engine's plans (_audit_report.entries_from_plan) field by field, and their status."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _audit_report as audit
from ansible_collections.webex.calling.plugins.module_utils._compare import Request, compare, summarize

BASELINE = {'enabled': True, 'incoming': {'voicemail_enabled': False}}


def person(person_id, email, enabled, **extra):
    return dict(dict(person_id=person_id, email=email, display_name=email.split('@')[0].title(), location_id='L1',
                     location_name='Main office', intercept={'enabled': enabled, 'incoming': {'voicemail_enabled': True}},
                     greeting_file_name=None, error=None, overridden_by_location=False), **extra)


def refused(plans):
    with pytest.raises(audit.AuditReportError) as caught:
        audit.entries_from_plan(plans)
    return str(caught.value)


def test_entries_from_the_plans_of_people_and_workspaces_field_by_field():
    people = [person('p1', 'alice@x.com', False), person('p2', 'bob@x.com', True, overridden_by_location=True),
              person('p3', 'carol@x.com', True, overridden_by_location=None,
                     intercept={'enabled': True, 'incoming': {'voicemail_enabled': False}})]
    people_plan = summarize(compare(people, Request(BASELINE, people=['alice@x.com', 'bob@x.com', 'carol@x.com',
                                                                      'nobody@x.com']), on_missing='report'))
    workspaces = [dict(workspace_id='w1', display_name='Lobby', location_id='L2', location_name=None, error=None,
                       intercept=None, greeting_file_name=None)]
    workspace_plan = summarize(compare(workspaces, Request(BASELINE), kind=audit.OWNERS['workspace']))
    entries = audit.entries_from_plan([people_plan, workspace_plan])
    assert entries[0] == dict(
        kind='person', id='p1', name='Alice', email='alice@x.com', location_id='L1', location_name='Main office',
        status='drift', error=None, found=True, drifts=[
            dict(setting='enabled', api_name='enabled', expected=True, actual=False),
            dict(setting='incoming.voicemail_enabled', api_name='incoming.voicemailEnabled', expected=False,
                 actual=True)])
    assert [(entry['id'], entry['status'], entry['error'], entry['found']) for entry in entries[1:]] == [
        ('p2', 'overridden', None, True),
        ('p3', 'unreadable', audit.OVERRIDE_UNKNOWN, True),
        (None, 'unreadable', 'matches no Webex Calling person among those read', False),
        ('w1', 'unreadable', 'the settings of this workspace were not read', True)]
    assert entries[1]['drifts'] == [dict(setting='incoming.voicemail_enabled', api_name='incoming.voicemailEnabled',
                                         expected=False, actual=True)]
    assert entries[3]['email'] == 'nobody@x.com' and entries[3]['name'] is None
    assert (entries[4]['kind'], entries[4]['name'], entries[4]['location_id']) == ('workspace', 'Lobby', 'L2')
    assert audit.entries_from_plan(people_plan)[:1] == entries[:1]


def test_a_planned_entry_without_kind_is_a_person_and_without_found_was_found():
    entries = audit.entries_from_plan({'people': [dict(person_id='p9', details=[], error=None)]})
    assert entries == [dict(kind='person', id='p9', name=None, email=None, location_id=None, location_name=None,
                            status='compliant', drifts=[], error=None, found=True)]


def test_plans_that_are_not_plans_word_for_word():
    assert refused('plan') == 'the audit takes the plans returned by webex.calling.intercept_plan, not str'
    assert refused([{'people': []}, {'persons': []}]) == (
        'the audit takes the plans returned by webex.calling.intercept_plan, not dict')
    assert refused({'people': [5]}) == ('the audit takes the plans returned by webex.calling.intercept_plan; an entry '
                                        'is int')
    assert refused({'people': [{'kind': 'location'}]}) == (
        "a planned target's kind 'location' is not one of person, workspace, virtual_line")


def test_kinds_in_words_and_an_overridden_target_own_settings():
    assert audit.kinds_text({'workspace': 1, 'person': 3, 'virtual_line': 2}) == '3 people, 1 workspace, 2 virtual lines'
    assert audit.kinds_text({'person': 1, 'workspace': 2}) == '1 person, 2 workspaces'
    assert audit.own_settings_text({'drifts': []}) == 'comply'
    assert audit.own_settings_text({'drifts': [dict(label='Intercept', actual_label='off'),
                                               dict(label='Voicemail', actual_label='on')]}) == (
        'also drift: Intercept is off, Voicemail is on')
