# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event source's options and messages at their edges, without the simulator: the defaults and ranges of the
numeric options, the categories and ignore_own_changes, the baseline document under either of its names, the exact
words of a refused scope (the events API's or the kinds' read scopes), which API failures stop the source, the poller's
client and organization, and the "changed by" query's warnings."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _event_poller
from ansible_collections.webex.calling.plugins.module_utils._client import WebexApiError
from ansible_collections.webex.calling.plugins.module_utils._event_poller import (
    OPTIONS,
    EventPoller,
    FatalEventError,
    drift_request,
    missing_scope_message,
    options_of,
    read_changes,
)
from ansible_collections.webex.calling.plugins.module_utils._events import EventError

NOW = datetime.datetime(2026, 12, 4, 9, 5, 0, 123000, tzinfo=datetime.timezone.utc)
ALL_OPTIONS = ('access_token, client_id, client_secret, refresh_token, api_url, validate_certs, ca_path, timeout, '
               'org_id, interval, categories, kinds, state_file, overlap, lookback, baseline, sweep_interval, '
               'ignore_own_changes')
REFUSED = 'GET /adminAudit/events?orgId=org-1 failed: HTTP 403: Forbidden (1 attempt)'
NOT_A_BASELINE = ('baseline must be the audit role\'s baseline: a dictionary with baseline (the settings everyone '
                  'should have) and exceptions, or its variables intercept_audit_baseline and '
                  'intercept_audit_exceptions')
NO_SETTINGS = ('baseline has no settings: set baseline.baseline (or intercept_audit_baseline) to the settings everyone '
               'should have, for example {enabled: false}')
BAD_CATEGORIES = 'categories must be a list of event category names (GET /adminAudit/eventCategories)'


class FakeClient:
    """The client's two calls the poller makes at start and in read_changes: who the token is, and a paged query."""

    def __init__(self, me=None, items=(), error=None):
        self.me = me if me is not None else {'id': 'me-1', 'orgId': 'org-own'}
        self.items = list(items)
        self.error = error
        self.calls = []

    def get(self, path, params=None):
        self.calls.append(('get', path, params))
        return self.me

    def iter_items(self, path, params=None):
        self.calls.append(('iter_items', path, params))
        if self.error is not None:
            raise self.error
        return iter(self.items)


def poller(client=None, **args):
    return EventPoller(args, warn=lambda text: None, client=client or FakeClient())


def api_error(status, path='/people/p1/features/intercept'):
    return WebexApiError('GET', path, status=status, message='Forbidden' if status == 403 else 'failed')


def audit_item(event_id, created='2026-12-04T09:00:00.000Z', target='p1', **data):
    data = dict(dict(targetId=target, targetType='USER', targetName='Ada', actorEmail='hub@example.com'), **data)
    return dict(id=event_id, created=created, actorId='actor-1', actorOrgId='org-1', data=data)


# --- options_of ---------------------------------------------------------------------------------------------------

def test_the_options_list_in_messages_is_every_option_in_order():
    assert ', '.join(OPTIONS) == ALL_OPTIONS


@pytest.mark.parametrize('args, message', [
    (dict(intervall=5), 'unknown option intervall; the options are %s' % ALL_OPTIONS),
    (dict(intervall=5, kind='person'), 'unknown options intervall, kind; the options are %s' % ALL_OPTIONS),
    (dict(zeta=1, alpha=2, mid=3), 'unknown options alpha, mid, zeta; the options are %s' % ALL_OPTIONS),
])
def test_unknown_options_are_named_sorted_with_the_list_of_options(args, message):
    with pytest.raises(EventError) as info:
        options_of(args)
    assert str(info.value) == message


def test_the_numeric_options_default_when_not_given_or_none():
    for args in ({}, dict(interval=None, overlap=None, lookback=None, sweep_interval=None)):
        options = options_of(args)
        assert (options['interval'], options['overlap'], options['lookback'], options['sweep_interval']) == \
            (60, 300, 0, 0)


def test_the_numeric_options_given_as_text_are_numbers():
    options = options_of(dict(interval='30', overlap='45', lookback='3600', sweep_interval='900'))
    assert (options['interval'], options['overlap'], options['lookback'], options['sweep_interval']) == \
        (30.0, 45.0, 3600.0, 900.0)


@pytest.mark.parametrize('name, value', [
    ('interval', 1), ('interval', 3600),
    ('overlap', 0), ('overlap', 86400),
    ('lookback', 0), ('lookback', 365 * 86400),
    ('sweep_interval', 0), ('sweep_interval', 10 ** 9),
])
def test_the_numeric_options_accept_their_bounds(name, value):
    assert options_of({name: value})[name] == value


@pytest.mark.parametrize('name, value, message', [
    ('interval', 0, 'interval must be between 1 and 3600, not 0'),
    ('interval', 3601, 'interval must be between 1 and 3600, not 3601'),
    ('overlap', -1, 'overlap must be between 0 and 86400, not -1'),
    ('overlap', 86401, 'overlap must be between 0 and 86400, not 86401'),
    ('overlap', 'soon', "overlap must be a number of seconds, not 'soon'"),
    ('lookback', -1, 'lookback must be between 0 and 31536000, not -1'),
    ('lookback', 365 * 86400 + 1, 'lookback must be between 0 and 31536000, not 31536001'),
    ('sweep_interval', -1, 'sweep_interval must be >= 0, not -1'),
])
def test_the_numeric_options_out_of_range_name_the_option_and_range(name, value, message):
    with pytest.raises(EventError) as info:
        options_of({name: value})
    assert str(info.value) == message


@pytest.mark.parametrize('given, expected', [
    (None, []),
    ([], []),
    ('', []),
    (['USERS', 'LOCATIONS'], ['USERS', 'LOCATIONS']),
    ('USERS,LOCATIONS', ['USERS', 'LOCATIONS']),
    (' USERS , LOCATIONS ,, ', ['USERS', 'LOCATIONS']),
    ('CALLING SETTINGS', ['CALLING SETTINGS']),
])
def test_categories_are_a_list_or_a_comma_separated_text(given, expected):
    assert options_of(dict(categories=given))['categories'] == expected


@pytest.mark.parametrize('given', [
    {'USERS': True},
    ['USERS', ''],
    ['USERS', 5],
    5,
])
def test_categories_that_are_not_a_list_of_names_are_an_error(given):
    with pytest.raises(EventError) as info:
        options_of(dict(categories=given))
    assert str(info.value) == BAD_CATEGORIES


@pytest.mark.parametrize('given, expected', [(None, True), (True, True), (False, False)])
def test_own_changes_are_ignored_unless_turned_off(given, expected):
    assert options_of(dict(ignore_own_changes=given))['ignore_own_changes'] is expected


# --- drift_request ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('baseline', [['enabled'], 'baseline.yml', 5])
def test_a_baseline_that_is_not_a_dictionary_is_an_error_naming_its_shape(baseline):
    with pytest.raises(EventError) as info:
        drift_request(baseline)
    assert str(info.value) == NOT_A_BASELINE


@pytest.mark.parametrize('baseline', [{}, dict(baseline={}), dict(baseline=['enabled']),
                                      dict(intercept_audit_baseline={})])
def test_a_baseline_without_settings_is_an_error_naming_where_to_set_them(baseline):
    with pytest.raises(EventError) as info:
        drift_request(baseline)
    assert str(info.value) == NO_SETTINGS


def test_the_baseline_is_read_from_the_roles_document_or_its_variables():
    exceptions = [dict(email='ada@example.com', enabled=True)]
    request, given = drift_request(dict(baseline={'enabled': False}, exceptions=exceptions))
    assert request.wanted == {'enabled': False} and given == exceptions
    request, given = drift_request(dict(intercept_audit_baseline={'enabled': True},
                                        intercept_audit_exceptions=exceptions))
    assert request.wanted == {'enabled': True} and given == exceptions
    assert [key for key, dummy, dummy2 in request.overrides] == [{'email': 'ada@example.com'}]
    # the variables win over the document's keys, as in the role
    request, given = drift_request(dict(baseline={'enabled': True}, intercept_audit_baseline={'enabled': False},
                                        exceptions=[dict(email='bob@example.com', enabled=True)],
                                        intercept_audit_exceptions=[]))
    assert request.wanted == {'enabled': False} and given == []


def test_exceptions_may_name_workspaces_and_virtual_lines():
    exceptions = [dict(workspace_name='Lobby', enabled=True), dict(virtual_line_name='Hotline', enabled=True),
                  dict(person_id='p1', enabled=True)]
    request, given = drift_request(dict(baseline={'enabled': False}, exceptions=exceptions))
    assert given == exceptions
    keys = [key for key, dummy, dummy2 in request.overrides]
    assert keys[:2] == [{'workspace_name': 'Lobby'}, {'virtual_line_name': 'Hotline'}] and keys[2]['person_id'] == 'p1'


def test_an_exception_naming_no_target_is_an_error_listing_the_kinds_it_may_name():
    with pytest.raises(EventError) as info:
        drift_request(dict(baseline={'enabled': False}, exceptions=[dict(location_name='HQ', enabled=True)]))
    assert str(info.value) == ('baseline.exceptions[0] needs email or person_id, workspace_id or workspace_name, '
                               'virtual_line_id or virtual_line_name; got keys enabled, location_name')


# --- refused scopes and what stops the source ---------------------------------------------------------------------

def test_the_missing_events_scope_message_names_it_and_who_can_grant_it():
    exc = api_error(403, '/adminAudit/events?orgId=org-1')
    assert missing_scope_message(exc) == (
        'the admin audit events API refused the token (HTTP 403): it needs the scope audit:events_read, which only a '
        'full administrator of the organization can grant; authorize the integration or service app with '
        'audit:events_read (%s)' % REFUSED)


def test_a_refused_events_query_names_the_events_scope_not_the_read_scopes():
    exc = api_error(403, '/adminAudit/events?orgId=org-1')
    assert poller(kinds=['person']).refused_message(exc) == missing_scope_message(exc)


@pytest.mark.parametrize('kinds, scopes', [
    (['person'], 'scope spark-admin:people_read'),
    (['workspace'], 'scope spark-admin:workspaces_read'),
    (['virtual_line', 'location'], 'scope spark-admin:telephony_config_read'),
    (['workspace', 'person'], 'scopes spark-admin:people_read, spark-admin:workspaces_read'),
    (['person', 'workspace', 'virtual_line', 'location'],
     'scopes spark-admin:people_read, spark-admin:telephony_config_read, spark-admin:workspaces_read'),
])
def test_a_refused_read_names_the_read_scopes_of_the_kinds_watched(kinds, scopes):
    exc = api_error(403)
    assert poller(kinds=kinds).refused_message(exc) == (
        'a read was refused (HTTP 403): the token needs the %s (and, to fix drift, the write scopes): '
        'GET /people/p1/features/intercept failed: HTTP 403: Forbidden (1 attempt)' % scopes)


def test_a_refused_read_without_a_path_names_the_read_scopes():
    exc = WebexApiError('GET', None, status=403, message='Forbidden')
    assert poller(kinds=['person']).refused_message(exc).startswith(
        'a read was refused (HTTP 403): the token needs the scope spark-admin:people_read ')


def test_a_refusal_stops_the_source_naming_the_scope():
    source = poller(kinds=['person'])
    exc = api_error(403)
    error = source._fatal_or(exc, 'the lookup failed')
    assert isinstance(error, FatalEventError) and str(error) == source.refused_message(exc)
    events = api_error(403, '/adminAudit/events')
    assert str(source._fatal_or(events, 'the lookup failed')) == missing_scope_message(events)


@pytest.mark.parametrize('status', [400, 401, 404])
def test_what_trying_again_cannot_cure_stops_the_source_with_the_text(status):
    error = poller()._fatal_or(api_error(status), 'baseline.exceptions[0] could not be looked up')
    assert isinstance(error, FatalEventError) and str(error) == 'baseline.exceptions[0] could not be looked up'


@pytest.mark.parametrize('status', [None, 402, 405, 409, 429, 500, 503])
def test_other_failures_are_errors_to_try_again_with_the_text(status):
    error = poller()._fatal_or(api_error(status), 'the token\'s organization could not be read')
    # An EventError to try again, not its subclass FatalEventError, which stops the source.
    assert isinstance(error, EventError) and not isinstance(error, FatalEventError)
    assert str(error) == 'the token\'s organization could not be read'


# --- the poller ---------------------------------------------------------------------------------------------------

def test_an_org_id_given_is_the_one_watched_not_the_tokens_own():
    client = FakeClient(me={'id': 'me-1', 'orgId': 'org-own'})
    source = poller(client, org_id='org-other')
    assert source.org_id == 'org-other'
    source.start()
    assert source.org_id == 'org-other' and source.own_actor == 'me-1'
    quiet = FakeClient()
    source = poller(quiet, org_id='org-other', ignore_own_changes=False)
    source.start()
    assert source.org_id == 'org-other' and quiet.calls == []  # nothing to ask the API


def test_without_org_id_the_tokens_organization_is_watched():
    source = poller(FakeClient(me={'id': 'me-1', 'orgId': 'org-own'}), ignore_own_changes=False)
    assert source.org_id is None
    source.start()
    assert source.org_id == 'org-own' and source.own_actor is None


def test_commit_before_any_poll_remembers_nothing(tmp_path):
    state = tmp_path / 'state.json'
    source = poller(state_file=str(state))
    source.start()
    source.commit()
    assert not state.exists()


def test_the_client_has_a_connection_for_each_sweep_worker_and_the_poll(monkeypatch):
    asked = []

    def recording(options, warn=None, pool_size=1, fresh_token=False):
        asked.append(pool_size)
        return FakeClient()

    monkeypatch.setattr(_event_poller, 'client_from_options', recording)
    EventPoller(dict(access_token='token'), warn=lambda text: None)
    assert asked and asked[0] >= 5  # four sweep workers and the poll, none waiting for a connection


# --- read_changes ------------------------------------------------------------------------------------------------

PERIOD = {'from': '2026-12-04T07:05:00.123Z', 'to': '2026-12-04T09:05:00.123Z'}


def test_a_missing_events_scope_gives_no_changes_and_says_why():
    client = FakeClient(error=api_error(403, '/adminAudit/events?orgId=org-1'))
    assert read_changes(client, 'org-1', 2, ('person',), now=NOW) == ([], PERIOD, (
        'the token lacks the scope audit:events_read (full administrators only), so who changed each drifting target '
        'is not shown: %s' % REFUSED))


@pytest.mark.parametrize('status', [None, 500, 404])
def test_the_events_api_failing_gives_no_changes_and_says_why(status):
    error = WebexApiError('GET', '/adminAudit/events', status=status, message='down')
    changes, period, why = read_changes(FakeClient(error=error), 'org-1', 2, ('person',), now=NOW)
    assert changes == [] and period == PERIOD
    assert why == ('the admin audit events could not be read, so who changed each drifting target is not shown: %s'
                   % error)


def test_malformed_events_are_each_warned_about_in_one_warning():
    client = FakeClient(items=[audit_item('e1'), dict(id='broken-1', data='oops'),
                               dict(id='broken-2', created='not a time', data={'targetId': 'p2'})])
    changes, period, warning = read_changes(client, 'org-1', 2, ('person',), now=NOW)
    assert [change['event_id'] for change in changes] == ['e1'] and period == PERIOD
    assert warning == ("audit event broken-1 skipped: it has no data object; "
                       "audit event broken-2 skipped: created is not a date and time ('not a time')")
    assert client.calls == [('iter_items', '/adminAudit/events', dict(orgId='org-1', max=100, **PERIOD))]


def test_well_formed_events_give_no_warning():
    changes, dummy, warning = read_changes(FakeClient(items=[audit_item('e1')]), 'org-1', 2, ('person',), now=NOW)
    assert warning is None and len(changes) == 1 and 'raw' not in changes[0]
