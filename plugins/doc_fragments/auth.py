# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Options every module of the collection takes.
    DOCUMENTATION = r'''
options:
  access_token:
    description:
      - A Webex access token of an administrator, with the read scope of what the module manages (and the write
        scope for changes); for people C(spark-admin:people_read) and C(spark-admin:people_write). Each module
        names its scopes.
      - If not set, the value of the E(WEBEX_ACCESS_TOKEN) environment variable is used.
      - Give either O(access_token), or O(client_id), O(client_secret) and O(refresh_token) together, with which
        the module gets an access token itself. With all four, O(access_token) is the token to start with; it is
        refreshed when Webex refuses it.
      - Leading and trailing white space is removed; an empty value counts as not set. A value with a line break,
        a space, a control or a non-ASCII character inside is refused before any request (without showing it).
    type: str
  client_id:
    description:
      - Client ID of the Webex integration or service app that O(refresh_token) belongs to.
      - With O(client_secret) and O(refresh_token), the module gets an access token from
        C(POST /access_token) before its first call (once per module run, shared by all its parallel requests),
        again ahead of the token's C(expires_in) (5 minutes before, or half way through a shorter lifetime), and
        when a call is answered 401 (the call is then repeated once).
      - If not set, the value of the E(WEBEX_CLIENT_ID) environment variable is used.
    type: str
    version_added: 1.1.0
  client_secret:
    description:
      - Client secret of the integration or service app. Never logged.
      - If not set, the value of the E(WEBEX_CLIENT_SECRET) environment variable is used.
    type: str
    version_added: 1.1.0
  refresh_token:
    description:
      - Refresh token of the integration or service app (valid about 90 days). Never logged.
      - An expired or revoked refresh token fails the task with the fix (authorize the integration or service
        app again). When Webex answers with a new refresh token, the task warns that the stored one must be
        updated (the M(webex.calling.webex_access_token) module returns the new one).
      - If not set, the value of the E(WEBEX_REFRESH_TOKEN) environment variable is used.
    type: str
    version_added: 1.1.0
  api_url:
    description:
      - Base URL of the Webex REST API.
      - Plain C(http) is accepted only for a loopback address (a local simulator), with a warning.
      - If not set, the value of the E(WEBEX_API_URL) environment variable is used, then the default. An empty
        value (also of the environment variable) counts as not set.
    type: str
    default: https://webexapis.com/v1
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
      - Turn this off only for a test server; use O(ca_path) for a private CA instead.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the server with, for a proxy or private CA.
      - The system's CA bundle is used when not set.
    type: path
  timeout:
    description:
      - Seconds to wait for each answer of the API, from 1 to 300.
      - Requests that time out are retried as described in the collection's README.
    type: int
    default: 30
  rate_limit:
    description:
      - The requests per second the token may make, shared by every process on this machine that uses the same
        credential (forks, concurrent jobs, the slices of an AWX job on one node), so that together they stay inside
        it instead of running into 429s. Requests leave evenly spaced; a 429's C(Retry-After) holds them all.
      - They share it through a small locked file in a private directory of the system's temporary directory, named
        by a hash of O(api_url) and the credential (never the credential itself).
      - Unset (the default), each run paces only its own requests, after the first 429.
      - If not set, the value of the E(WEBEX_RATE_LIMIT) environment variable is used.
    type: float
    version_added: 1.2.0
requirements:
  - requests >= 2.20
notes:
  - Every request carries a fresh C(TrackingID) header; error messages quote the C(trackingId) for Webex support.
  - An empty environment variable counts as not set (AWX injects an empty value for a credential input not stored).
  - Redirects are followed only within the origin (scheme, host and port) of O(api_url); a redirect elsewhere
    fails the task and nothing is sent there.
  - Requests answered with 429 or 423 are retried after C(Retry-After), in seconds or as an HTTP date, at most
    60 seconds (a missing or malformed value falls back to a bounded exponential backoff); 500, 502, 503, 504 and
    network errors are retried for GET and PUT, never blindly for POST but for the refresh-token grant
    (C(POST /access_token)), which is retried like a read. At most 6 attempts are made per request.
  - When 3 requests in a row fail for good (after their retries) because connections are reset or refused, the API
    is taken as down and nothing more is sent in that module run; the remaining requests fail at once with
    C(not sent), and M(webex.calling.webex_intercepts) says which targets were written before that and which were
    not.
'''

    # The same options for a plugin (the inventory): where Ansible reads them from besides the plugin's own file.
    PLUGIN = r'''
options:
  access_token:
    env:
      - name: WEBEX_ACCESS_TOKEN
  client_id:
    env:
      - name: WEBEX_CLIENT_ID
  client_secret:
    env:
      - name: WEBEX_CLIENT_SECRET
  refresh_token:
    env:
      - name: WEBEX_REFRESH_TOKEN
  api_url:
    env:
      - name: WEBEX_API_URL
  rate_limit:
    env:
      - name: WEBEX_RATE_LIMIT
'''
