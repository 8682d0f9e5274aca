# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The credential checks' messages word for word, and the token source's counts (mutation survivors)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._auth import (
    AuthError,
    TokenSource,
    check_credential,
    option_name,
    resolve_credentials,
)


def params(**values):
    return dict(dict.fromkeys(('access_token', 'client_id', 'client_secret', 'refresh_token')), **values)


@pytest.mark.parametrize('value, what, position', [
    ('ab\ncd', 'a line break', 3), ('ab\rcd', 'a line break', 3), ('ab\tcd', 'a tab', 3), ('ab cd', 'a space', 3),
    ('ab\x1fcd', 'a control character', 3), ('ab\x7fcd', 'a control character', 3), ('abc\u00e9', 'a non-ASCII character', 4),
])
def test_a_malformed_credential_message_word_for_word(value, what, position):
    with pytest.raises(AuthError) as caught:
        check_credential('client_secret', value, environ={})
    assert str(caught.value) == (
        'client_secret holds %s at position %d of %d, which no Webex credential has; copy the value again in one piece, '
        'without line breaks, spaces or other characters (the value is not shown)' % (what, position, len(value)))


def test_option_name_names_the_variable_only_when_the_value_came_from_it(monkeypatch):
    assert option_name('access_token', 'XXXX', environ={}) == 'access_token'
    assert option_name('access_token', 'tok', environ={'WEBEX_ACCESS_TOKEN': ' tok '}) == (
        'the WEBEX_ACCESS_TOKEN environment variable (option access_token)')
    assert option_name('timeout', 'tok', environ={'WEBEX_ACCESS_TOKEN': 'tok'}) == 'timeout'
    monkeypatch.setenv('WEBEX_CLIENT_ID', 'from-env')
    assert option_name('client_id', 'from-env') == 'the WEBEX_CLIENT_ID environment variable (option client_id)'
    assert option_name('client_id', None) == 'client_id'


def test_a_partial_refresh_set_message_word_for_word():
    with pytest.raises(AuthError) as caught:
        resolve_credentials(params(client_id='cid', refresh_token='rt'), environ={})
    assert str(caught.value) == (
        'client_id, client_secret and refresh_token work together (the module gets access tokens with them): '
        'client_secret is missing; set client_secret (or WEBEX_CLIENT_SECRET), or leave out client_id and '
        'refresh_token and use access_token alone')
    with pytest.raises(AuthError) as caught:
        resolve_credentials(params(client_secret='cs'), environ={})
    assert str(caught.value) == (
        'client_id, client_secret and refresh_token work together (the module gets access tokens with them): '
        'client_id and refresh_token are missing; set client_id (or WEBEX_CLIENT_ID) and refresh_token (or '
        'WEBEX_REFRESH_TOKEN), or leave out client_secret and use access_token alone')


def test_no_fetch_means_no_token_word_for_word():
    with pytest.raises(AuthError) as caught:
        TokenSource().token()
    assert str(caught.value) == 'no access token, and no client_id, client_secret and refresh_token to get one with'


def test_fetches_are_counted_and_a_rotation_warned_about_word_for_word():
    calls = []

    def fetch(client_id, client_secret, refresh_token):
        calls.append(refresh_token)
        return dict(access_token='access-%d' % len(calls), refresh_token='rotated-%d' % len(calls), expires_in=60)

    warnings = []
    tokens = TokenSource(None, 'cid', 'csecret', 'rtoken', fetch=fetch, warn=warnings.append)
    tokens.served(tokens.token())
    assert tokens.refresh('access-1') == 'access-2'
    assert tokens.fetches == 2 and tokens.expires_in == 60
    assert warnings == [
        'Webex answered the token refresh with a new refresh token, and the one in refresh_token (WEBEX_REFRESH_TOKEN, '
        'or the AWX credential) may stop working: update the stored refresh token. The new one is not shown; get it '
        'with the webex.calling.webex_access_token module (returned as refresh_token, with no_log on the task) or by '
        'authorizing the integration or service app again']


@pytest.mark.parametrize('values, start', [(params(), 'no Webex credentials'), (params(access_token=' '), 'access_token is empty')])
def test_no_credentials_word_for_word(values, start):
    with pytest.raises(AuthError) as caught:
        resolve_credentials(values, environ={})
    assert str(caught.value) == (
        start + ': set access_token (or the WEBEX_ACCESS_TOKEN environment variable) to an access token, or client_id, '
        'client_secret and refresh_token (WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET, WEBEX_REFRESH_TOKEN) of an integration '
        'or service app, with which the module gets access tokens itself')


def test_a_new_token_source_has_nothing_yet():
    tokens = TokenSource('given')
    assert (tokens.fetches, tokens.expires_in, tokens.rotated, tokens.can_refresh) == (0, None, False, False)
    assert tokens.token() == 'given' and tokens.secrets() == ['given']


def test_a_failed_refresh_leaves_the_given_token_to_the_other_workers():
    """token() answers the token it holds without looking at a failed refresh; only refresh() raises it again."""
    def fetch(client_id, client_secret, refresh_token):
        raise RuntimeError('the refresh token was refused')

    tokens = TokenSource('given', 'cid', 'csecret', 'rtoken', fetch=fetch)
    with pytest.raises(RuntimeError):
        tokens.refresh('given')
    assert tokens.token() == 'given'
    with pytest.raises(RuntimeError, match='the refresh token was refused'):
        tokens.refresh('given')
