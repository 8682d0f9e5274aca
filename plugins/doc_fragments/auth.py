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
      - A Webex access token of an administrator, with the scopes C(spark-admin:people_read) (and
        C(spark-admin:people_write) for changes).
      - If not set, the value of the E(WEBEX_ACCESS_TOKEN) environment variable is used.
      - Leading and trailing white space is removed; an empty token is an error.
    type: str
    required: true
  api_url:
    description:
      - Base URL of the Webex REST API.
      - Plain C(http) is accepted only for a loopback address (a local simulator), with a warning.
      - If not set, the value of the E(WEBEX_API_URL) environment variable is used, then the default.
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
requirements:
  - requests >= 2.20
notes:
  - Every request carries a fresh C(TrackingID) header; error messages quote the C(trackingId) for Webex support.
  - Requests answered with 429 or 423 are retried after C(Retry-After) (a missing or malformed value falls back
    to a bounded exponential backoff); 500, 502, 503, 504 and network errors are retried for GET and PUT, never
    blindly for POST. At most 6 attempts are made per request.
'''
