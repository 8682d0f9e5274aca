# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which credentials a run takes, their checks, and the access token its workers share (no HTTP here)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.webex.calling.plugins.module_utils._auth import (
    AuthError,
    TokenSource,
    check_credential,
    resolve_credentials,
    with_environment,
)

SECRET = 'Zm9vYmFyLXNlY3JldC10b2tlbi0wMTIzNDU2Nzg5'
REFRESH = dict(client_id='cid-0123', client_secret='csecret-0123456789', refresh_token='rtoken-0123456789')


def params(**values):
    return dict(dict.fromkeys(('access_token', 'client_id', 'client_secret', 'refresh_token')), **values)


def test_access_token_alone():
    assert resolve_credentials(params(access_token='  %s\n' % SECRET), environ={}) == params(access_token=SECRET)


def test_the_three_refresh_options_with_or_without_a_starting_token():
    assert resolve_credentials(params(**REFRESH), environ={}) == params(**REFRESH)
    both = params(access_token=SECRET, **REFRESH)
    assert resolve_credentials(both, environ={}) == both


@pytest.mark.parametrize('given, missing', [
    (['client_id'], 'client_secret and refresh_token are missing'),
    (['client_secret'], 'client_id and refresh_token are missing'),
    (['refresh_token'], 'client_id and client_secret are missing'),
    (['client_id', 'client_secret'], 'refresh_token is missing; set refresh_token (or WEBEX_REFRESH_TOKEN)'),
    (['client_id', 'refresh_token'], 'client_secret is missing; set client_secret (or WEBEX_CLIENT_SECRET)'),
    (['refresh_token', 'client_secret'], 'client_id is missing; set client_id (or WEBEX_CLIENT_ID)'),
])
def test_a_partial_refresh_set_names_what_is_missing(given, missing):
    for access_token in (None, SECRET):
        values = params(access_token=access_token, **dict((name, REFRESH[name]) for name in given))
        with pytest.raises(AuthError) as caught:
            resolve_credentials(values, environ={})
        message = str(caught.value)
        assert missing in message
        assert 'use access_token alone' in message
        for secret in list(REFRESH.values()) + [SECRET]:
            assert secret not in message


@pytest.mark.parametrize('values, start', [
    (params(), 'no Webex credentials'),
    (params(access_token=''), 'access_token is empty'),
    (params(access_token=' \t'), 'access_token is empty'),
    (params(client_id='', client_secret=' ', refresh_token=''), 'no Webex credentials'),
])
def test_no_credentials_names_the_environment_variables(values, start):
    with pytest.raises(AuthError) as caught:
        resolve_credentials(values, environ={})
    message = str(caught.value)
    assert message.startswith(start)
    for variable in ('WEBEX_ACCESS_TOKEN', 'WEBEX_CLIENT_ID', 'WEBEX_CLIENT_SECRET', 'WEBEX_REFRESH_TOKEN'):
        assert variable in message


@pytest.mark.parametrize('value, what, position', [
    ('qq7\nzz9', 'a line break', 4),
    ('qq7\r\nzz9', 'a line break', 4),
    ('qq7\x00zz9', 'a control character', 4),
    ('qq7\x1bzz9', 'a control character', 4),
    ('qq7\x7fzz9', 'a control character', 4),
    ('qq7\tzz9', 'a tab', 4),
    ('qq7 zz9', 'a space', 4),
    ('qq7z\xe9z9', 'a non-ASCII character', 5),
    ('qq7\u2028zz9', 'a non-ASCII character', 4),
    ('\u0422qq7zz9', 'a non-ASCII character', 1),
    ('qq7zz9\u200b', 'a non-ASCII character', 7),
])
def test_a_malformed_credential_is_refused_without_showing_it(value, what, position):
    for name in ('access_token', 'client_id', 'client_secret', 'refresh_token'):
        with pytest.raises(AuthError) as caught:
            check_credential(name, value, environ={})
        message = str(caught.value)
        assert message.startswith('%s holds %s at position %d of %d' % (name, what, position, len(value)))
        assert 'copy the value again' in message
        assert 'qq7' not in message and 'zz9' not in message and 'z9' not in message


def test_a_malformed_credential_from_the_environment_names_the_variable():
    token = 'first-half\nsecond-half'
    with pytest.raises(AuthError) as caught:
        resolve_credentials(params(access_token=token), environ={'WEBEX_ACCESS_TOKEN': token})
    assert str(caught.value).startswith('the WEBEX_ACCESS_TOKEN environment variable (option access_token) holds '
                                        'a line break at position 11 of 22')
    with pytest.raises(AuthError) as caught:
        resolve_credentials(params(client_secret='sec ret', client_id='c', refresh_token='r'),
                            environ={'WEBEX_CLIENT_SECRET': 'sec ret'})
    assert str(caught.value).startswith('the WEBEX_CLIENT_SECRET environment variable (option client_secret)')
    assert 'sec ret' not in str(caught.value)


def test_visible_ascii_is_accepted():
    check_credential('access_token', ''.join(chr(code) for code in range(0x21, 0x7f)), environ={})


class Fetcher:
    """Stands in for POST /access_token: numbered tokens, an optional rotation, an optional failure."""

    def __init__(self, rotate=False, fail=None, delay=0.0):
        self.calls = []
        self.rotate = rotate
        self.fail = fail
        self.delay = delay
        self.lock = threading.Lock()

    def __call__(self, client_id, client_secret, refresh_token):
        with self.lock:
            self.calls.append((client_id, client_secret, refresh_token))
            number = len(self.calls)
        time.sleep(self.delay)
        if self.fail:
            raise self.fail
        answer = dict(access_token='access-%d' % number, expires_in=1209599, refresh_token=refresh_token)
        if self.rotate:
            answer['refresh_token'] = 'rotated-%d' % number
        return answer


def source(fetch, access_token=None, warnings=None):
    return TokenSource(access_token, fetch=fetch, warn=None if warnings is None else warnings.append, **REFRESH)


def test_a_run_without_an_access_token_fetches_one_once_for_all_workers():
    fetch = Fetcher(delay=0.05)
    tokens = source(fetch)
    seen = []
    workers = [threading.Thread(target=lambda: seen.append(tokens.token())) for dummy in range(16)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert seen == ['access-1'] * 16
    assert fetch.calls == [('cid-0123', 'csecret-0123456789', 'rtoken-0123456789')]
    assert tokens.fetches == 1 and tokens.expires_in == 1209599


def test_a_given_access_token_is_used_without_a_fetch_and_refreshed_on_a_401():
    fetch = Fetcher()
    tokens = source(fetch, access_token='given')
    assert tokens.token() == 'given'
    assert fetch.calls == []
    assert tokens.refresh('given') == 'access-1'
    assert tokens.token() == 'access-1'


def test_workers_refused_with_the_same_token_cause_one_refresh():
    fetch = Fetcher(delay=0.05)
    tokens = source(fetch)
    stale = tokens.token()
    tokens.served(stale)
    fresh = []
    workers = [threading.Thread(target=lambda: fresh.append(tokens.refresh(stale))) for dummy in range(16)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert fresh == ['access-2'] * 16
    assert len(fetch.calls) == 2


def test_a_fetched_token_refused_before_it_served_is_not_refreshed_again():
    fetch = Fetcher()
    tokens = source(fetch)
    token = tokens.token()
    assert tokens.refresh(token) is None
    assert len(fetch.calls) == 1
    tokens.served(token)
    assert tokens.refresh(token) == 'access-2'
    assert tokens.refresh('access-2') is None
    assert len(fetch.calls) == 2


def test_served_with_an_old_token_proves_nothing():
    fetch = Fetcher()
    tokens = source(fetch, access_token='given')
    tokens.refresh('given')
    tokens.served('given')
    assert tokens.refresh('access-1') is None


def test_without_refresh_credentials_there_is_no_refresh():
    tokens = TokenSource('given')
    assert not tokens.can_refresh
    assert tokens.refresh('given') is None
    with pytest.raises(AuthError, match='no access token'):
        TokenSource(None).token()


def test_a_failed_fetch_is_remembered_for_every_worker():
    fetch = Fetcher(fail=RuntimeError('refused'))
    tokens = source(fetch)
    for dummy in range(3):
        with pytest.raises(RuntimeError, match='refused'):
            tokens.token()
    assert len(fetch.calls) == 1
    given = source(Fetcher(fail=RuntimeError('refused')), access_token='given')
    for dummy in range(3):
        with pytest.raises(RuntimeError, match='refused'):
            given.refresh('given')


def test_a_rotated_refresh_token_is_used_next_and_warned_about_once_without_showing_it():
    fetch = Fetcher(rotate=True)
    warnings = []
    tokens = source(fetch, warnings=warnings)
    tokens.served(tokens.token())
    tokens.refresh('access-1')
    assert [call[2] for call in fetch.calls] == ['rtoken-0123456789', 'rotated-1']
    assert tokens.rotated and tokens.refresh_token == 'rotated-2'
    assert len(warnings) == 1
    assert 'update the stored refresh token' in warnings[0]
    assert 'rotated-' not in warnings[0] and 'rtoken' not in warnings[0]


def test_the_same_refresh_token_back_is_no_rotation():
    warnings = []
    tokens = source(Fetcher(), warnings=warnings)
    tokens.token()
    assert not tokens.rotated and warnings == []


def test_secrets_lists_what_redaction_needs():
    tokens = source(Fetcher(), access_token='given')
    assert set(tokens.secrets()) == {'given', 'csecret-0123456789', 'rtoken-0123456789'}


def test_options_not_given_come_from_the_environment_given():
    environ = {'WEBEX_ACCESS_TOKEN': ' env-token ', 'WEBEX_CLIENT_ID': 'env-client', 'WEBEX_API_URL': 'https://env/v1',
               'WEBEX_RATE_LIMIT': ''}
    result = with_environment(dict(access_token=None, client_id='  ', api_url='https://given/v1', rate_limit=None,
                                   org_id='o1'), environ)
    # None and blank take the variable (trimmed); a given value stays; an empty variable counts as not set.
    assert result == dict(access_token='env-token', client_id='env-client', client_secret=None, refresh_token=None,
                          api_url='https://given/v1', rate_limit=None, org_id='o1')


def test_a_blank_option_without_its_variable_stays_as_given():
    assert with_environment(dict(access_token=' '), {})['access_token'] == ' '
