# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks of a backup before a restore, of an audit's inputs before its reads, and the location override read
once: word for word, at every boundary."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _restore as restore
from ansible_collections.webex.calling.plugins.module_utils._audit import inputs, model
from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError, format_percent
from ansible_collections.webex.calling.plugins.module_utils._compare import with_location_overrides
from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError


def org(uuid, region='us'):
    return base64.b64encode(('ciscospark://%s/ORGANIZATION/%s' % (region, uuid)).encode()).decode().rstrip('=')


def person(number, **intercept):
    return {'person_id': 'P%d' % number, 'email': 'User%d@Example.com' % number, 'intercept': intercept or {'enabled': True}}


def backup(**lists):
    document = {'format': restore.BACKUP_FORMAT, 'organization': None, 'persons': [person(1)]}
    document.update(lists)
    return document


def refused(document, **options):
    with pytest.raises(SettingsError) as caught:
        restore.check_backup(document, 'b.json', **options)
    return str(caught.value)


# --- the backup ---------------------------------------------------------------------------------------------------

def test_a_good_backup_comes_back_as_it_is():
    document = backup(workspaces=[{'workspace_id': 'W1', 'display_name': 'Lobby', 'intercept': {'enabled': False}}],
                      locations=[{'location_id': 'L1', 'display_name': 'HQ', 'intercept': {
                          'enabled': True, 'incoming': {'announcements': {'file_name': 'closed.wav'}}}}])
    assert restore.check_backup(document, 'b.json') == dict(document, virtual_lines=[])
    assert restore.check_backup({'persons': []}, 'b.json')['locations'] == []


@pytest.mark.parametrize('document, message', [
    ([], 'b.json is not a backup written by webex.calling.intercept_backup: it holds list, not a JSON object'),
    ({'persons': None}, 'b.json is not a backup written by webex.calling.intercept_backup: persons must be a list, '
                        'not None'),
    ({'format': 'x/2', 'persons': []}, "b.json has format 'x/2', which this collection does not read; it reads "
                                       "webex.calling.intercept_backup/1"),
    (backup(workspaces={'a': 1}), "b.json: workspaces must be a list of workspace's entries, not {'a': 1}"),
    (backup(persons=['a@x.com']), "b.json: persons[0] must be a person's entry (a mapping with person_id and "
                                  "intercept), not str 'a@x.com'"),
    (backup(virtual_lines=[{'virtual_line_id': ' ', 'intercept': {}}]),
     "b.json: virtual_lines[0] needs virtual_line_id, the ID of the virtual line (a non-empty string), not ' '"),
    (backup(workspaces=[{'workspace_id': 'W1', 'display_name': 'Lobby'}]),
     "b.json: workspaces[0] (workspace Lobby) has no intercept settings (intercept is None): a backup holds each "
     "target's settings under intercept; take a new backup, or remove the entry"),
    (backup(workspaces=[{'workspace_id': 'W1', 'intercept': 'on'}]),
     "b.json: workspaces[0] (workspace W1) has no intercept settings (intercept is 'on')"),
    (backup(virtual_lines=[{'virtual_line_id': 'V1', 'intercept': {'enabled': 'maybe'}}]),
     'b.json: virtual_lines[0].intercept.enabled'),
    (backup(locations=[{'location_id': 'L1', 'intercept': {'incoming': {'announcements': {'greeting_file': 'a.wav'}}}}]),
     'b.json: locations[0].intercept.incoming.announcements.greeting_file cannot be used for a location'),
    (backup(persons=[person(1), person(2), person(1, enabled=False)]),
     'b.json: persons[0] and b.json: persons[2] are both for the person with ID P1; a backup lists each target '
     'once: remove one'),
    (backup(locations=[{'location_id': 'L1', 'intercept': {}}, {'location_id': 'L1', 'intercept': {}}]),
     'b.json: locations[0] and b.json: locations[1] are both for the location with ID L1'),
])
def test_a_bad_backup_is_refused_naming_the_entry(document, message):
    assert refused(document).startswith(message)


def test_the_same_id_in_two_kinds_is_no_duplicate():
    document = backup(workspaces=[{'workspace_id': 'P1', 'intercept': {}}])
    assert restore.check_backup(document, 'b.json')['workspaces'] == document['workspaces']


def test_across_organizations_each_target_is_named_and_its_ids_dropped():
    workspace = {'workspace_id': 'W1', 'display_name': 'Lobby', 'location_id': 'L9', 'intercept': {}}
    document = backup(persons=[person(1)], workspaces=[workspace],
                      virtual_lines=[{'virtual_line_id': 'V1', 'display_name': 'Main Line', 'intercept': {}}],
                      locations=[{'location_id': 'L1', 'display_name': 'HQ', 'intercept': {'enabled': True}}])
    checked = restore.check_backup(document, 'b.json', across_organizations=True)
    assert checked['persons'] == [{'email': 'User1@Example.com', 'intercept': {'enabled': True}}]
    assert checked['workspaces'] == [{'workspace_name': 'Lobby', 'display_name': 'Lobby', 'intercept': {}}]
    assert checked['virtual_lines'] == [{'virtual_line_name': 'Main Line', 'display_name': 'Main Line', 'intercept': {}}]
    assert checked['locations'] == [{'location_name': 'HQ', 'display_name': 'HQ', 'intercept': {'enabled': True}}]
    assert restore.check_backup(checked, 'b.json', across_organizations=True) == checked


def test_across_organizations_a_target_needs_a_name_used_once():
    assert refused(backup(workspaces=[{'workspace_id': 'W1', 'intercept': {}}]), across_organizations=True) == (
        'b.json: workspaces[0] (workspace W1) has no display_name to find the workspace by in another organization; '
        'restore it in its own organization, or remove it from the backup')
    assert refused(backup(persons=[person(1), dict(person(2), email='user1@example.COM')]),
                   across_organizations=True).startswith(
        'b.json: persons[0] and b.json: persons[1] are both for the person named user1@example.COM')
    # Names of other kinds are compared exactly.
    lines = [{'virtual_line_id': 'V1', 'display_name': 'Line', 'intercept': {}},
             {'virtual_line_id': 'V2', 'display_name': 'line', 'intercept': {}}]
    assert len(restore.check_backup(backup(virtual_lines=lines), 'b', across_organizations=True)['virtual_lines']) == 2


# --- the organization ---------------------------------------------------------------------------------------------

HOME = dict(id=org('1111'), name='Home')


@pytest.mark.parametrize('recorded', [
    dict(organization=org('2222')), dict(organization_id=org('2222')), dict(organization_name='Other'),
    dict(organization=None, organization_id=org('2222'), organization_name='Home'),
])
def test_a_backup_of_another_organization_is_refused_naming_both(recorded):
    message = refused(backup(**recorded), organization=HOME, labels={'org_id': 'org_id', 'across_organizations': 'x'})
    source = recorded.get('organization') or recorded.get('organization_id')
    assert message.startswith('b.json is a backup of the organization %s, not of Home (%s), the organization this '
                              'restore writes to;' % ('Other' if source is None else (
                                  source if 'organization_name' not in recorded else 'Home (%s)' % source),
                                  HOME['id']))
    assert 'nothing was sent' in message and 'set org_id to its ID), or set x to true' in message
    assert restore.check_backup(backup(**recorded), 'b', organization=HOME, across_organizations=True)


@pytest.mark.parametrize('recorded', [
    dict(organization=org('1111')), dict(organization_id=org('1111', region='eu')), dict(organization_name='Home'),
    dict(organization=org('1111'), organization_name='Renamed'), {}, dict(organization=''),
])
def test_a_backup_of_this_organization_or_of_no_known_one_passes(recorded):
    assert restore.check_backup(backup(**recorded), 'b.json', organization=HOME)


def test_an_organization_id_that_is_no_webex_id_is_compared_as_it_is():
    assert restore.organization_uuid('not base64!') == 'not base64!'
    assert restore.organization_uuid(base64.b64encode(b'hello').decode()) == base64.b64encode(b'hello').decode()
    assert restore.organization_uuid(org('abc')) == 'abc'
    assert restore.same_organization(dict(id='A', name=None), dict(id='B', name=None)) is False
    assert restore.same_organization(dict(id=None, name=None), dict(id='B', name='X')) is None


# --- the audit's inputs -------------------------------------------------------------------------------------------

def audit(**options):
    options.setdefault('baseline', {'enabled': False})
    return inputs.check_audit(**options)


def audit_refused(**options):
    with pytest.raises(AuditReportError) as caught:
        audit(**options)
    return str(caught.value)


def test_the_audit_inputs_come_back_split_and_checked():
    checked = audit(kinds='virtual_line, person', formats='json\njunit', people='a@x.com b@x.com')
    assert (checked['audit_kinds'], checked['formats'], checked['people']) == (
        ['person', 'virtual_line'], ['json', 'junit'], ['a@x.com', 'b@x.com'])
    assert audit(kinds=['workspace'], formats=[])['audit_kinds'] == ['workspace']
    for value in (1, 64, '8'):
        assert audit(kinds=['person'], concurrency=value)


@pytest.mark.parametrize('options, message', [
    (dict(baseline={}), "intercept_audit_baseline asserts nothing ({}): every target would be compliant whatever its "
                        "settings; give the settings expected, for example {enabled: false} (nobody's calls "
                        "intercepted)"),
    (dict(baseline=None), 'intercept_audit_baseline asserts nothing (None)'),
    (dict(baseline={'incoming': {'type': None}, 'enabled': None}), 'intercept_audit_baseline asserts nothing'),
    (dict(baseline={'enable': False}), 'intercept_audit_baseline.enable is not a call intercept setting'),
    (dict(kinds=[]), 'intercept_audit_kinds is empty; give one or more of person, workspace, virtual_line'),
    (dict(kinds='person, room'), 'intercept_audit_kinds: room is not a kind of target the audit reads'),
    (dict(kinds=['person'], formats='pdf'), 'intercept_audit_formats: pdf is not a report format'),
    (dict(kinds=['person'], min_compliance=100.1), 'intercept_audit_min_compliance must be from 0 to 100, not 100.1'),
    (dict(kinds=['person'], history_keep=10001), 'intercept_audit_history_keep must be from 0 to 10000'),
    (dict(kinds=['person'], concurrency=0), 'intercept_audit_concurrency must be a whole number from 1 to 64, not 0'),
    (dict(kinds=['person'], concurrency=65), 'intercept_audit_concurrency must be a whole number from 1 to 64, not 65'),
    (dict(kinds=['person'], concurrency='many'), "intercept_audit_concurrency must be a whole number from 1 to 64, not "
                                                 "'many'"),
    (dict(kinds=['person'], concurrency=True), 'intercept_audit_concurrency must be a whole number'),
    (dict(kinds=['person'], concurrency=None), 'intercept_audit_concurrency must be a whole number'),
    (dict(kinds=['person'], report_name='../x'), "intercept_audit_report_name must be a plain file name without "
                                                 "extension (no directory, no / or \\, not starting with a dot), like "
                                                 "intercept-audit, not '../x'; set intercept_audit_report_dir to "
                                                 "choose the directory"),
])
def test_a_bad_audit_input_is_refused_naming_the_variable(options, message):
    assert audit_refused(**options).startswith(message)


def test_the_labels_name_the_playbook_variables():
    assert audit_refused(baseline={}, labels={'wanted': 'baseline'}).startswith('baseline asserts nothing')
    assert audit_refused(kinds=['person'], concurrency=0, labels={'concurrency': 'workers'}).startswith('workers must')


@pytest.mark.parametrize('name', ['../x', 'a/b', '/tmp/x', 'a\\b', '', ' ', '.', '..', '.hidden', ' x', 'x ', 'a\nb',
                                  'a\x00b', 'a\x7fb', None, 7])
def test_a_report_name_that_is_no_plain_file_name_is_refused(name):
    with pytest.raises(AuditReportError) as caught:
        model.check_report_name(name)
    assert str(caught.value).startswith('intercept_audit_report_name must be ')


@pytest.mark.parametrize('name', ['intercept-audit', 'weekly report', 'a.b', 'x..y', 'Ü-audit', 'a-'])
def test_a_plain_file_name_is_a_report_name(name):
    assert model.check_report_name(name) == name
    assert model.check_options([], 0, 0, name) == ([], 0.0, 0, name)


def test_format_percent_of_nothing_is_no_percentage():
    assert (format_percent(None), format_percent(0.0), format_percent(99.9), format_percent(100.0)) == (
        'n/a', '0%', '99.9%', '100%')


def test_a_report_of_nothing_says_so_and_has_no_trend_point():
    history = [dict(file='intercept-audit-20261120T100000Z.json', point=dict(
        generated='2026-11-20T10:00:00Z', compliance_percent=100.0, audited=0, compliant=0, drifted=0, overridden=0,
        unreadable=0, status='compliant', scope_key='organization', organization_id=None, file='x'))]
    report = model.build_report([], generated='2026-11-24T10:15:00Z', history=history, kinds=['person'])
    assert (report['status'], report['status_label'], report['compliance_percent'], report['trend']) == (
        'nothing_audited', 'Nothing audited', None, [])
    assert report['headline'] == report['summary_line'] == (
        'Nothing was audited (scope: every Webex Calling person): no target matched, so there is no compliance to '
        'report (not compliant).')
    assert report['gate']['failed'] and report['gate']['nothing_message'].startswith(
        'nothing was audited (scope: every Webex Calling person): no Webex Calling target matched')
    assert 'check intercept_audit_org_id and intercept_audit_kinds' in report['gate']['nothing_message']
    people = model.build_report([], generated='2026-11-24T10:15:00Z', people=['a@x.com'])['gate']['nothing_message']
    assert 'check intercept_audit_people' in people


# --- the location override, read once -----------------------------------------------------------------------------

def test_the_location_override_comes_from_the_locations_read_once():
    locations = [dict(location_id='L1', intercept={'enabled': True}), dict(location_id='L2', intercept={'enabled': False}),
                 dict(location_id='L3', intercept=None, error='HTTP 500')]
    entries = [dict(person_id='a', location_id='L1'), dict(person_id='b', location_id='L2'),
               dict(person_id='c', location_id='L3'), dict(person_id='d', location_id='L4'),
               dict(person_id='e', location_id=None), dict(person_id='f')]
    result = with_location_overrides(entries, locations)
    assert [entry['overridden_by_location'] for entry in result] == [True, False, None, None, False, False]
    assert 'overridden_by_location' not in entries[0]
    with pytest.raises(SettingsError):
        with_location_overrides(entries, {'L1': True})
    with pytest.raises(SettingsError):
        with_location_overrides(entries, [dict(intercept={})])


def test_every_rendering_of_nothing_says_nothing_was_audited():
    from xml.etree import ElementTree
    from ansible_collections.webex.calling.plugins.module_utils._audit import render
    report = model.build_report([], generated='2026-11-24T10:15:00Z', location_id='L1', kinds=['person'])
    markdown = render.render(report, 'markdown')
    assert markdown.splitlines()[2] == '**NOTHING AUDITED** (no target matched; no compliance percentage)'
    assert '| 0 | 0 | 0 | 0 | n/a |' in markdown
    assert render.render(report, 'csv').splitlines()[1] == (
        ',,,,,,nothing_audited,,,,,,,,"Nothing was audited (scope: location L1): no target matched, so there is no '
        'compliance to report (not compliant)."')
    junit = ElementTree.fromstring(render.render(report, 'junit').split('\n', 1)[1])
    assert (junit.get('tests'), junit.get('failures'), junit.get('errors')) == ('1', '1', '0')
    suite, = junit.findall('testsuite')
    assert (suite.get('name'), suite.get('tests'), suite.get('failures')) == ('nothing audited', '1', '1')
    failure = suite.find('testcase/failure')
    assert suite.find('testcase').get('name') == 'audit of location L1'
    assert (failure.get('type'), failure.get('message')) == ('nothing_audited', report['headline'])
    assert failure.text == report['gate']['nothing_message']
    html = render.render(report, 'html')
    assert '<div id="compliance">n/a</div>' in html and 'data-status="nothing_audited"' in html
    # A report of someone has neither.
    someone = model.build_report([dict(kind='person', id='p', email='a@x.com', status='compliant')],
                                 generated='2026-11-24T10:15:00Z')
    assert 'nothing' not in render.render(someone, 'csv') and 'nothing' not in render.render(someone, 'junit')
    assert render.render(someone, 'markdown').splitlines()[2] == '**COMPLIANT: 100% compliant** (1 of 1)'


def test_the_concurrency_of_a_run_is_checked_with_its_targets():
    from ansible_collections.webex.calling.plugins.module_utils._compare import targets
    assert targets(['a@x.com'], {'enabled': True}, concurrency=1)['count'] == 1
    assert targets(['a@x.com'], {'enabled': True}, concurrency='64')['count'] == 1
    assert targets(['a@x.com'], {'enabled': True})['count'] == 1
    for bad in (0, 65, 'x', False):
        with pytest.raises(SettingsError) as caught:
            targets(['a@x.com'], {'enabled': True}, concurrency=bad, labels={'concurrency': 'workers'})
        assert str(caught.value) == 'workers must be a whole number from 1 to 64, not %r' % (bad,)
