# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup check's edges: targets named only by their module's option, names that fold alike, loose values,
the organization a backup records and its IDs in either base64 alphabet, padded or not; messages word for word."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _restore as restore
from test_refusals import refused


def uri(segment, region='us'):
    return ('ciscospark://%s/ORGANIZATION/%s' % (region, segment)).encode('utf-8')


def backup(**lists):
    document = {'format': restore.BACKUP_FORMAT, 'persons': []}
    document.update(lists)
    return document


# --- the organization a backup records ----------------------------------------------------------------------------

@pytest.mark.parametrize('recorded, found', [
    (dict(organization='O1', organization_name='Acme'), dict(id='O1', name='Acme')),
    (dict(organization_id='O2'), dict(id='O2', name=None)),
    (dict(organization=12345, organization_name=42), dict(id=None, name=None)),
    (dict(organization=['O1'], organization_name=['Acme']), dict(id=None, name=None)),
    (dict(organization='', organization_name=''), dict(id=None, name=None)),
    ({}, dict(id=None, name=None)),
])
def test_the_organization_of_a_backup_is_what_it_records_as_text(recorded, found):
    assert restore.backup_organization(recorded) == found


def test_a_backup_with_a_number_for_its_organization_is_of_no_known_one():
    home = dict(id='O1', name='Home')
    assert restore.check_backup(backup(organization=7, organization_name=7), 'b.json', organization=home)


def test_a_backup_of_another_organization_names_the_default_variables_in_full():
    message = refused(backup(organization='O2', organization_name='Other'), organization=dict(id='O1', name='Home'))
    assert message == (
        "b.json is a backup of the organization Other (O2), not of Home (O1), the organization this restore writes "
        "to; its IDs are that organization's, so nothing was sent. Restore it with a token of Other (O2) (or set "
        "org_id to its ID), or set across_organizations to true to restore it into Home (O1), each target found by "
        "its name (email, workspace, virtual line or location name)")


def test_labels_rename_only_the_variables_they_name():
    message = refused(backup(organization='O2'), organization=dict(id='O1', name=None),
                      labels={'org_id': 'restore_org_id'})
    assert '(or set restore_org_id to its ID), or set across_organizations to true to restore it into O1,' in message
    message = refused(backup(organization='O2'), organization=dict(id='O1', name=None),
                      labels={'across_organizations': 'restore_across'})
    assert '(or set org_id to its ID), or set restore_across to true to restore it into O1,' in message


# --- organization IDs ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize('segment', ['1', '12', '123', '1234', '12345', '0123456789ab', '0123456789abc',
                                     'c0ffee00-1234-4321-8888-0123456789ab'])
def test_an_unpadded_id_of_any_length_is_read(segment):
    padded = base64.b64encode(uri(segment)).decode()
    assert restore.organization_uuid(padded) == segment
    assert restore.organization_uuid(padded.rstrip('=')) == segment


def test_an_id_in_url_safe_base64_is_the_same_organization_as_in_standard_base64():
    standard = base64.b64encode(uri(u'\u03a9mega')).decode()
    url_safe = base64.urlsafe_b64encode(uri(u'\u03a9mega')).decode().rstrip('=')
    assert '/' in standard and '_' in url_safe
    assert restore.organization_uuid(url_safe) == restore.organization_uuid(standard) == u'\u03a9mega'
    assert restore.same_organization(dict(id=url_safe, name=None), dict(id=standard)) is True


# --- persons must be a list ---------------------------------------------------------------------------------------

@pytest.mark.parametrize('persons, shown', [('a@x.com', "'a@x.com'"), ({'a': 1}, "{'a': 1}"), (3, '3')])
def test_a_backup_without_a_list_of_persons_shows_what_it_holds(persons, shown):
    assert refused({'persons': persons}) == (
        'b.json is not a backup written by webex.calling.intercept_backup: persons must be a list, not %s' % shown)


# --- entries ------------------------------------------------------------------------------------------------------

def test_across_organizations_a_target_named_only_by_its_modules_option_is_found_by_it():
    workspaces = [{'workspace_id': 'W1', 'workspace_name': 'Lobby', 'intercept': {}},
                  {'workspace_id': 'W2', 'workspace_name': 'Annex', 'intercept': {'enabled': True}}]
    checked = restore.check_backup(backup(workspaces=workspaces), 'b.json', across_organizations=True)
    assert checked['workspaces'] == [
        {'workspace_name': 'Lobby', 'display_name': 'Lobby', 'intercept': {}},
        {'workspace_name': 'Annex', 'display_name': 'Annex', 'intercept': {'enabled': True}}]


def test_the_option_name_wins_over_the_display_name():
    lines = [{'virtual_line_id': 'V1', 'virtual_line_name': 'Main', 'display_name': 'Old Main', 'intercept': {}}]
    checked = restore.check_backup(backup(virtual_lines=lines), 'b.json', across_organizations=True)
    assert checked['virtual_lines'] == [{'virtual_line_name': 'Main', 'display_name': 'Main', 'intercept': {}}]


def test_across_organizations_two_entries_with_one_option_name_are_refused_naming_it():
    workspaces = [{'workspace_name': 'Lobby', 'intercept': {}}, {'workspace_name': 'Lobby', 'intercept': {}}]
    assert refused(backup(workspaces=workspaces), across_organizations=True) == (
        'b.json: workspaces[0] and b.json: workspaces[1] are both for the workspace named Lobby; a backup lists each '
        'target once: remove one')


def test_emails_that_differ_in_more_than_case_are_two_people():
    persons = [{'email': u'stra\u00dfe@example.com', 'intercept': {}},
               {'email': 'STRASSE@example.com', 'intercept': {}}]
    checked = restore.check_backup(backup(persons=persons), 'b.json', across_organizations=True)
    assert [entry['email'] for entry in checked['persons']] == [u'stra\u00dfe@example.com', 'STRASSE@example.com']


def test_across_organizations_an_entry_with_neither_name_nor_id_is_refused_with_a_question_mark():
    assert refused(backup(workspaces=[{'intercept': {}}]), across_organizations=True) == (
        'b.json: workspaces[0] (workspace ?) has no display_name to find the workspace by in another organization; '
        'restore it in its own organization, or remove it from the backup')


def test_an_entry_without_settings_is_named_by_its_option_name_first():
    lines = [{'virtual_line_id': 'V1', 'virtual_line_name': 'Main', 'display_name': 'Old Main'}]
    assert refused(backup(virtual_lines=lines)).startswith(
        'b.json: virtual_lines[0] (virtual line Main) has no intercept settings (intercept is None):')


@pytest.mark.parametrize('intercept', [{'enabled': 'true'}, {'enabled': 'no'}, {'enabled': 'yes', 'incoming': None}])
def test_settings_as_templates_write_them_are_accepted(intercept):
    persons = [{'person_id': 'P1', 'email': 'a@x.com', 'intercept': intercept}]
    assert restore.check_backup(backup(persons=persons), 'b.json')['persons'] == persons


def test_a_setting_that_is_no_boolean_even_loosely_is_refused():
    persons = [{'person_id': 'P1', 'intercept': {'enabled': 'maybe'}}]
    assert refused(backup(persons=persons)) == "b.json: persons[0].intercept.enabled must be true or false, not 'maybe'"
