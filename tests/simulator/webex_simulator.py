# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local Webex Calling API simulator for tests (standard library only).

Serves the part of https://webexapis.com/v1 that the webex.calling collection uses:

- ``GET  /v1/people`` (``email``, ``displayName``, ``locationId``, ``callingData``, ``max``, ``orgId``, ``cursor``),
  paged with an RFC 5988 ``Link: <absolute url>; rel="next"`` header.
- ``GET  /v1/people/{personId}/features/intercept``
- ``PUT  /v1/people/{personId}/features/intercept`` (strict validation, partial merge, 204)
- ``POST /v1/people/{personId}/features/intercept/actions/announcementUpload/invoke`` (multipart, ``.wav`` only, 201)
- ``GET  /v1/people/me`` (the caller: a synthetic administrator of the home org, with ``orgId``),
  ``GET /v1/organizations`` and ``GET /v1/organizations/{orgId}`` (``displayName``).
- ``GET  /v1/workspaces`` (``locationId``, ``displayName`` (part of the name, case-insensitive), ``calling``, ``max``,
  ``start``; key ``items``); ``GET|PUT /v1/workspaces/{workspaceId}/features/intercept``; the greeting upload at
  ``POST /v1/telephony/config/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke`` (the
  official spec) and, logged as its own route, at ``POST /v1/workspaces/{workspaceId}/features/intercept/actions/...``
  (the path wxc_sdk builds). Workspaces without Webex Calling have no intercept (404).
- ``GET  /v1/telephony/config/virtualLines`` (``locationId`` and ``id`` repeatable, ``ownerName`` (part of
  "first last", case-insensitive), ``phoneNumber`` (number or extension), ``locationName``, ``hasExtensionAssigned``,
  ``hasDnAssigned``, ``max``, ``start``; key ``virtualLines``); ``GET|PUT /v1/telephony/config/virtualLines/{id}/intercept``;
  ``POST /v1/telephony/config/virtualLines/{id}/intercept/actions/announcementUpload/invoke``.
- ``GET  /v1/locations`` (``name`` (part, case-insensitive), ``id``, ``max``, ``start``), ``GET /v1/locations/{id}``,
  ``GET|PUT /v1/telephony/config/locations/{locationId}/intercept`` (no upload: 404).
- ``GET  /v1/workspaces/{workspaceId}`` (the workspace's details), ``GET /v1/telephony/config/announcements``
  (``locationId``: the location's announcement repository, key ``announcements``, items with ``fileName``; without it
  the organization's, empty here; ``max``, ``start``).

Workspaces, virtual lines and locations page like people but with ``start`` offsets in the ``rel="next"`` link.
Their intercept answers and validates like a person's (same settings object, same quirks, partial merge, 204),
except the location's PUT: it requires ``enabled``, and accepts ``incoming.announcements.fileName`` naming a greeting
of the location's announcement repository (seeded; 400 otherwise); ``greeting: CUSTOM`` needs such a file. While a
location intercept is enabled it overrides the intercept of everyone at the location (people, workspaces and virtual
lines): their own GET is unchanged; the control API shows what is effective.

- ``POST /v1/access_token`` (form-encoded ``grant_type=refresh_token``, ``client_id``, ``client_secret``,
  ``refresh_token``): a new access token for an integration's refresh token, see "Tokens" below.

Behaviour worth knowing:

- Tokens (``Authorization: Bearer ...``): ``sim-admin-token`` reads and writes, ``sim-readonly-token`` reads only
  (writes -> 403), anything else -> 401. Both act as admins of the home org and partner admins of the customer org,
  which is reached only with ``?orgId=<partner org id>``.
- GET intercept answers like live Webex: empty destinations are left out (``newNumber`` may be ``{"enabled": false}``),
  ``fileName`` appears only after a greeting file was uploaded (or seeded), and ONE unknown field is always present so
  that clients prove they ignore unknown fields: ``incoming.announcements.mediaFileType`` (value ``"WAV"``).
  It can be switched off with ``POST /_sim/config {"unknown_field": false}``.
- PUT accepts only the fields of CallInterceptPut, plus the response-only ``incoming.announcements.mediaFileType``
  (a string, ignored), which read-modify-write clients such as wxc_sdk send back as they got it.
  Other unknown fields, the read-only ``fileName``/``filename``, ``null``,
  wrong JSON types, bad enum values and destinations that are not ``+`` and digits (2-20 digits) give 400 with
  ``{"message", "errors": [{"description", "errorCode": 25008}], "trackingId"}``. Cross-field rules are checked on the
  merged result: ``newNumber``/``zeroTransfer`` enabled need a destination, ``outgoing.transferEnabled`` needs
  ``outgoing.destination``, ``greeting: CUSTOM`` needs an uploaded file.
- Every error body echoes the request's ``TrackingID`` header as ``trackingId`` (a generated id when it is missing);
  every response carries a ``TrackingID`` header. The token is never echoed or logged.
- People without a Webex Calling license are left out with ``callingData=true`` and have no intercept (404).

Tokens from refresh tokens (``POST /v1/access_token``, answered like Webex and OAuth):

- The client ``sim-client-id`` / ``sim-client-secret`` has the refresh token ``sim-refresh-token`` (admin role).
  A grant answers 200 ``{access_token, expires_in, refresh_token, refresh_token_expires_in, token_type}``; the access
  token (``sim-access-...``) acts with the refresh token's role until it expires: after ``access_token_lifetime``
  seconds, or after ``access_token_max_uses`` API requests (so a test can expire it midway, deterministically).
  An expired access token gets 401 like a wrong one.
- A refresh token that is unknown, expired, revoked, replaced by rotation or of another client: 400 with
  ``"error": "invalid_grant"``. A wrong client ID or secret: 401 ``"error": "invalid_client"``. A body that is not a
  form or a grant type other than ``refresh_token``: 400 ``invalid_request`` / ``unsupported_grant_type``. Error
  bodies also carry the Webex ``message``, ``errors`` and ``trackingId``. The form body is never logged.
- With ``rotate_refresh_tokens``, every grant answers a new refresh token and the one sent stops working.
- ``GET /_sim/oauth``: clients, refresh tokens, config, ``grants`` (successful grants) and every access and refresh
  token issued (for tests that prove none of them leaks). ``POST /_sim/oauth`` merges ``{"clients": {id: secret},
  "refresh_tokens": {token: {"client_id", "role", "state": "valid"|"expired"|"revoked"}}, "config":
  {"access_token_lifetime", "access_token_max_uses", "rotate_refresh_tokens"}, "expire_access_tokens": true}``.
  ``POST /_sim/reset`` restores the defaults.

Control API (no auth, JSON, never logged, counted, delayed or faulted), under ``/_sim/``:

- ``GET /_sim/info``: the ready-file document. ``GET /_sim/health``: ``{"ok": true}``.
- ``GET /_sim/log``: list of API requests ``{seq, time, method, path, route, query, status, tracking_id, role, org_id,
  body (PUT JSON), upload (POST), fault}``; ``POST /_sim/log/clear``.
- ``GET /_sim/counters``: ``{total, requests: {"GET /people": n, ...}, statuses: {"200": n}, rate_limited, faults,
  in_flight, max_in_flight}``; ``POST /_sim/counters/clear``.
- ``GET|POST /_sim/config``: ``{"latency": seconds, "rate_limit": req/s or null, "retry_after": value, "unknown_field": bool}``.
- ``GET|POST|DELETE /_sim/faults`` (``POST /_sim/faults/clear`` too): FIFO queue of
  ``{"method", "path" (regex searched in the path without query), "status", "retry_after", "body", "kind", "delay", "times"}``.
  kind: ``status`` (default 503), ``reset`` (RST, no response), ``slow`` (sleep ``delay`` then answer normally),
  ``non_json`` (200 ``text/html`` ``<html>oops</html>``), ``reset_after`` (process the request, then RST instead of
  answering). ``times`` defaults to 1, ``null`` means forever. The first matching fault is used per request.
- ``/_sim/outage`` (the API down after n requests), ``/_sim/listing`` (unknown locations listed empty) and
  ``POST /_sim/people`` (a person whose email keeps its capitals): see sim_client_faults.py.
- ``POST /_sim/orgs`` ``{"name": ...}``: an empty organization (``sim_orgs.py``), reached with ``?orgId=``;
  ``POST /_sim/locations`` ``{"name": ..., "orgId": ...}``: a location with nobody in it.
- ``POST /_sim/reset``: reseed, clear log, counters, faults, hooks, and restore the start-up config.
- ``GET /_sim/people?orgId=&calling=true|false``: people of an org (default home org, calling people only).
- ``GET|PUT|PATCH /_sim/people/{id}/intercept``: read, replace (defaults for missing fields) or deep-merge the stored
  settings in API camelCase shape; stored destinations and ``fileName`` are ``""`` when empty.
- ``GET /_sim/people/{id}/upload``: the last uploaded greeting ``{fileName, size, contentType, count}`` or null.
- ``GET|POST|DELETE /_sim/hooks``: ``{"after_get_intercept": {"person_id": id, "set": {partial API dict}}}`` (or a list
  of such documents): one shot, merged into the stored settings right after the next GET of that person's intercept
  has been rendered (before its response is sent). ``person_id`` may also be a workspace or virtual line id.
- ``GET /_sim/workspaces?orgId=&locationId=&calling=false``, ``GET /_sim/virtual_lines?orgId=&locationId=``,
  ``GET /_sim/locations?orgId=``: API documents (workspaces plus ``calling``, ``extension``, ``phoneNumber``; virtual
  lines plus ``displayName``; locations plus ``announcements`` and ``interceptEnabled``).
- ``GET|PUT|PATCH /_sim/{workspaces|virtual_lines|locations}/{id}/intercept``: as for people.
  ``GET /_sim/{workspaces|virtual_lines}/{id}/upload``: the last greeting upload or null.
- ``GET /_sim/{people|workspaces|virtual_lines}/{id}/effective_intercept``: ``{"source": "location" | "own",
  "locationId", "intercept"}``, what applies to the owner's calls.
- ``GET /_sim/intercepts?orgId=&locationId=&kind=``: every intercept owner of an org or location
  ``{kind, id, name, locationId, intercept, effective_source, effective}``.
- ``GET /_sim/locations/{id}/announcements``, ``POST`` ``{"fileNames": [...]}``: the location's announcement repository.
- Requests that began before a ``/_sim/reset`` and are still waiting (latency, a slow fault) are dropped unanswered
  (connection reset) and never logged or counted.

Run by hand: ``python tests/simulator/webex_simulator.py --port 8080``; tests use ``SimulatorProcess``.
``--people``, ``--workspaces`` and ``--virtual-lines`` generate that many owners in the home org, spread round-robin
over ``--locations`` generated sites: ``--locations 2 --people 400 --workspaces 40 --virtual-lines 10`` gives two
sites of 200 people, 20 workspaces and 5 virtual lines each.
"""

import argparse
import base64
import copy
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from default_settings import default_api  # the shared fixture of default settings, next to this file
import sim_client_faults  # outage and listing modes, people with capitals
import sim_orgs  # POST /_sim/orgs: an empty organization
import sim_partner  # customer organizations, their tokens, rate limits per token (next to this file)
import sim_audit_events  # GET /v1/adminAudit/events and the writes it records (see that module)

ADMIN_TOKEN = "sim-admin-token"
READONLY_TOKEN = "sim-readonly-token"
CLIENT_ID = "sim-client-id"
CLIENT_SECRET = "sim-client-secret"
REFRESH_TOKEN = "sim-refresh-token"
ACCESS_TOKEN_LIFETIME = 1209599
REFRESH_TOKEN_LIFETIME = 7775999
DEFAULT_SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seed.json")
ID_NAMESPACE = uuid.UUID("8d3c1c52-5a4f-4b0e-9a52-6b2f7f0e9a10")
CREATED = "2024-01-15T10:00:00.000Z"
MAX_BODY = 16 * 1024 * 1024
VALIDATION_CODE = 25008
USER_NOT_FOUND_CODE = 4008
UNKNOWN_FIELD_NAME = "mediaFileType"
DESTINATION_RE = re.compile(r"^\+?[0-9]{2,20}$")
FAULT_KINDS = ("status", "reset", "slow", "non_json", "reset_after")
LOG_LIMIT = 200000

ROUTE_PEOPLE = "/people"
ROUTE_INTERCEPT = "/people/{personId}/features/intercept"
ROUTE_UPLOAD = "/people/{personId}/features/intercept/actions/announcementUpload/invoke"
ROUTE_ACCESS_TOKEN = "/access_token"
API_ROUTES = (
    (re.compile(r"^/v1/access_token/?$"), ROUTE_ACCESS_TOKEN, ("POST",)),
    (re.compile(r"^/v1/people/?$"), ROUTE_PEOPLE, ("GET",)),
    (re.compile(r"^/v1/people/([^/]+)/features/intercept/?$"), ROUTE_INTERCEPT, ("GET", "PUT")),
    (re.compile(r"^/v1/people/([^/]+)/features/intercept/actions/announcementUpload/invoke/?$"), ROUTE_UPLOAD, ("POST",)),
)

# What PUT accepts: a dict is a nested object, a tuple an enum, bool a JSON boolean, "destination" a phone number.
PUT_SCHEMA = {
    "enabled": bool,
    "incoming": {
        "type": ("INTERCEPT_ALL", "ALLOW_ALL"),
        "voicemailEnabled": bool,
        "announcements": {
            "greeting": ("CUSTOM", "DEFAULT"),
            "newNumber": {"enabled": bool, "destination": "destination"},
            "zeroTransfer": {"enabled": bool, "destination": "destination"},
        },
    },
    "outgoing": {
        "type": ("INTERCEPT_ALL", "ALLOW_LOCAL_ONLY"),
        "transferEnabled": bool,
        "destination": "destination",
    },
}
READ_ONLY_FIELDS = ("fileName", "filename")

# -- owners beside people: workspaces, virtual lines, locations; and the organization ---------------------------------
ROUTE_ME = "/people/me"
ROUTE_ORGS = "/organizations"
ROUTE_ORG = "/organizations/{orgId}"
ROUTE_LOCATIONS = "/locations"
ROUTE_LOCATION = "/locations/{locationId}"
ROUTE_LOCATION_INTERCEPT = "/telephony/config/locations/{locationId}/intercept"
ROUTE_WORKSPACES = "/workspaces"
ROUTE_WORKSPACE = "/workspaces/{workspaceId}"
ROUTE_ANNOUNCEMENTS = "/telephony/config/announcements"
ROUTE_WORKSPACE_INTERCEPT = "/workspaces/{workspaceId}/features/intercept"
ROUTE_WORKSPACE_UPLOAD = "/telephony/config/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke"
# The path wxc_sdk builds for the workspace greeting; the official spec has the one above. Both are served, each
# logged and counted under its own route, so that a test can assert which one a client used.
ROUTE_WORKSPACE_UPLOAD_SDK = "/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke"
ROUTE_VIRTUAL_LINES = "/telephony/config/virtualLines"
ROUTE_VIRTUAL_LINE_INTERCEPT = "/telephony/config/virtualLines/{virtualLineId}/intercept"
ROUTE_VIRTUAL_LINE_UPLOAD = "/telephony/config/virtualLines/{virtualLineId}/intercept/actions/announcementUpload/invoke"
_UPLOAD_TAIL = r"/actions/announcementUpload/invoke/?$"
OWNER_API_ROUTES = (
    (re.compile(r"^/v1/people/me/?$"), ROUTE_ME, ("GET",)),
    (re.compile(r"^/v1/organizations/?$"), ROUTE_ORGS, ("GET",)),
    (re.compile(r"^/v1/organizations/([^/]+)/?$"), ROUTE_ORG, ("GET",)),
    (re.compile(r"^/v1/locations/?$"), ROUTE_LOCATIONS, ("GET",)),
    (re.compile(r"^/v1/locations/([^/]+)/?$"), ROUTE_LOCATION, ("GET",)),
    (re.compile(r"^/v1/telephony/config/locations/([^/]+)/intercept/?$"), ROUTE_LOCATION_INTERCEPT, ("GET", "PUT")),
    (re.compile(r"^/v1/workspaces/?$"), ROUTE_WORKSPACES, ("GET",)),
    (re.compile(r"^/v1/workspaces/([^/]+)/?$"), ROUTE_WORKSPACE, ("GET",)),
    (re.compile(r"^/v1/telephony/config/announcements/?$"), ROUTE_ANNOUNCEMENTS, ("GET",)),
    (re.compile(r"^/v1/workspaces/([^/]+)/features/intercept/?$"), ROUTE_WORKSPACE_INTERCEPT, ("GET", "PUT")),
    (re.compile(r"^/v1/telephony/config/workspaces/([^/]+)/features/intercept" + _UPLOAD_TAIL), ROUTE_WORKSPACE_UPLOAD, ("POST",)),
    (re.compile(r"^/v1/workspaces/([^/]+)/features/intercept" + _UPLOAD_TAIL), ROUTE_WORKSPACE_UPLOAD_SDK, ("POST",)),
    (re.compile(r"^/v1/telephony/config/virtualLines/?$"), ROUTE_VIRTUAL_LINES, ("GET",)),
    (re.compile(r"^/v1/telephony/config/virtualLines/([^/]+)/intercept/?$"), ROUTE_VIRTUAL_LINE_INTERCEPT, ("GET", "PUT")),
    (re.compile(r"^/v1/telephony/config/virtualLines/([^/]+)/intercept" + _UPLOAD_TAIL), ROUTE_VIRTUAL_LINE_UPLOAD, ("POST",)),
)
API_ROUTES = API_ROUTES + OWNER_API_ROUTES + sim_audit_events.API_ROUTES
OWNER_ROUTES = frozenset(route for dummy, route, dummy_methods in OWNER_API_ROUTES)

# The location intercept PUT (PutLocationInterceptObject) also takes the name of a greeting that is already in the
# location's announcement repository, and requires enabled.
LOCATION_PUT_SCHEMA = copy.deepcopy(PUT_SCHEMA)
LOCATION_PUT_SCHEMA["incoming"]["announcements"]["fileName"] = str
# Response-only fields that read-modify-write clients (wxc_sdk keeps unknown response fields and sends them back)
# return in a PUT: accepted when they are strings, and ignored.
ECHOED_FIELDS = ("incoming.announcements." + UNKNOWN_FIELD_NAME,)
NOT_FOUND_CODE = 4008
OWNER_KINDS = ("people", "workspaces", "virtual_lines")

HTTP_MESSAGES = {
    400: "Bad Request",
    401: "The request requires a valid access token set in the Authorization request header.",
    403: "The server understood the request, but refused to fulfill it because the access token is missing required scopes.",
    404: "The requested resource could not be found.",
    405: "The request was made to a resource using an HTTP request method that is not supported.",
    411: "Length Required",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    423: "Locked",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class SimError(Exception):
    """An API error answered with a Webex-shaped error body."""

    def __init__(self, status, message=None, descriptions=None, error_code=None, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message or HTTP_MESSAGES.get(status, "Error")
        self.descriptions = descriptions or [self.message]
        self.error_code = error_code
        self.headers = headers or {}


class ControlError(Exception):
    """A bad request to the control API."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def webex_id(kind, value):
    """Return a Webex style id: unpadded base64 of ciscospark://us/KIND/value."""
    raw = "ciscospark://us/%s/%s" % (kind, value)
    return base64.b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def error_document(status, tracking_id, message=None, descriptions=None, error_code=None):
    """Build a Webex error body."""
    message = message or HTTP_MESSAGES.get(status, "Error")
    errors = []
    for description in descriptions or [message]:
        item = {"description": description}
        if error_code is not None:
            item["errorCode"] = error_code
        errors.append(item)
    return {"message": message, "errors": errors, "trackingId": tracking_id}


def default_intercept():
    """Stored intercept settings of a person nobody configured (empty strings mean empty)."""
    return default_api()


def deep_merge(target, patch):
    """Merge patch into target in place (dicts recursively, everything else replaced)."""
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def normalize_stored(settings):
    """Normalize a stored settings dict: fileName spelling, None destinations."""
    announcements = settings.get("incoming", {}).get("announcements")
    if isinstance(announcements, dict):
        if "filename" in announcements:
            announcements["fileName"] = announcements.pop("filename")
        if announcements.get("fileName") is None:
            announcements["fileName"] = ""
        for name in ("newNumber", "zeroTransfer"):
            number = announcements.get(name)
            if isinstance(number, dict) and number.get("destination") is None:
                number["destination"] = ""
    outgoing = settings.get("outgoing")
    if isinstance(outgoing, dict) and outgoing.get("destination") is None:
        outgoing["destination"] = ""
    return settings


def render_intercept(stored, unknown_field=True):
    """Render stored settings the way live Webex answers GET: empty values left out."""
    result = copy.deepcopy(stored)
    announcements = result.get("incoming", {}).get("announcements", {})
    if not announcements.get("fileName"):
        announcements.pop("fileName", None)
    for name in ("newNumber", "zeroTransfer"):
        number = announcements.get(name)
        if isinstance(number, dict) and not number.get("destination"):
            number.pop("destination", None)
    outgoing = result.get("outgoing", {})
    if not outgoing.get("destination"):
        outgoing.pop("destination", None)
    if unknown_field and isinstance(result.get("incoming"), dict) and isinstance(announcements, dict):
        announcements[UNKNOWN_FIELD_NAME] = "WAV"
    return result


def validate_put(body, schema=None):
    """Validate a PUT body against CallInterceptPut (or another schema); return a list of problems."""
    problems = []
    if not isinstance(body, dict):
        return ["The request body must be a JSON object."]
    _validate_object(body, schema or PUT_SCHEMA, "", problems)
    return problems


def strip_echoed(body):
    """A copy of a validated PUT body without the response-only fields a client sent back."""
    result = copy.deepcopy(body)
    for path in ECHOED_FIELDS:
        keys = path.split(".")
        parent = result
        for key in keys[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            parent.pop(keys[-1], None)
    return result


def _validate_object(value, schema, prefix, problems):
    for key in value:
        path = prefix + key
        if path in ECHOED_FIELDS:
            if not isinstance(value[key], str):
                problems.append("%s must be a string." % path)
            continue
        if key in READ_ONLY_FIELDS and prefix == "incoming.announcements." and key not in schema:
            if "fileName" in schema:
                problems.append("Unknown field %s; the greeting file name is spelled fileName." % path)
            else:
                problems.append("%s is read-only and cannot be set; upload a greeting file instead." % path)
            continue
        if key not in schema:
            problems.append("Unknown field %s." % path)
            continue
        expected = schema[key]
        item = value[key]
        if isinstance(expected, dict):
            if not isinstance(item, dict):
                problems.append("%s must be a JSON object." % path)
            else:
                _validate_object(item, expected, path + ".", problems)
        elif expected is bool:
            if not isinstance(item, bool):
                problems.append("%s must be a boolean." % path)
        elif expected is str:
            if not isinstance(item, str):
                problems.append("%s must be a string." % path)
        elif isinstance(expected, tuple):
            if not isinstance(item, str) or item not in expected:
                problems.append("Invalid value %s for %s; allowed values: %s." % (json.dumps(item), path, ", ".join(expected)))
        elif expected == "destination":
            if not isinstance(item, str):
                problems.append("%s must be a string." % path)
            elif item and not DESTINATION_RE.match(item):
                problems.append("Invalid phone number %s for %s." % (json.dumps(item), path))


def cross_field_problems(settings, greeting_rule=True):
    """Rules Webex enforces on the merged settings (greeting_rule: CUSTOM needs an uploaded file)."""
    problems = []
    incoming = settings.get("incoming", {})
    announcements = incoming.get("announcements", {})
    for name in ("newNumber", "zeroTransfer"):
        number = announcements.get(name, {})
        if number.get("enabled") and not number.get("destination"):
            problems.append("incoming.announcements.%s.destination is required when incoming.announcements.%s.enabled is true." % (name, name))
    outgoing = settings.get("outgoing", {})
    if outgoing.get("transferEnabled") and not outgoing.get("destination"):
        problems.append("outgoing.destination is required when outgoing.transferEnabled is true.")
    if greeting_rule and announcements.get("greeting") == "CUSTOM" and not announcements.get("fileName"):
        problems.append("incoming.announcements.greeting CUSTOM requires an uploaded greeting file.")
    return problems


def location_problems(settings, repository):
    """Rules of the location intercept on the merged settings: its greeting is a file of the location's repository."""
    problems = cross_field_problems(settings, greeting_rule=False)
    announcements = settings.get("incoming", {}).get("announcements", {})
    file_name = announcements.get("fileName")
    if file_name and file_name not in repository:
        problems.append("incoming.announcements.fileName %s is not in the location's announcement repository (%s)."
                        % (json.dumps(file_name), ", ".join(repository) or "empty"))
    if announcements.get("greeting") == "CUSTOM" and not file_name:
        problems.append("incoming.announcements.greeting CUSTOM requires incoming.announcements.fileName, "
                        "a greeting in the location's announcement repository.")
    return problems


def _split_header_params(value):
    """Split 'type; a=b; c="d;e"' on semicolons outside quotes."""
    parts = []
    current = []
    quoted = False
    escaped = False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted:
            current.append(char)
            escaped = True
        elif char == '"':
            current.append(char)
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def parse_header_value(value):
    """Parse a header like Content-Type or Content-Disposition into (main value, params dict)."""
    parts = _split_header_params(value or "")
    main = parts[0].lower()
    params = {}
    for part in parts[1:]:
        if "=" not in part:
            continue
        name, raw = part.split("=", 1)
        name = name.strip().lower()
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == '"' and raw[-1] == '"':
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        if name.endswith("*"):
            pieces = raw.split("'", 2)
            charset, encoded = (pieces[0], pieces[2]) if len(pieces) == 3 else ("utf-8", raw)
            try:
                raw = urllib.parse.unquote(encoded, encoding=charset or "utf-8", errors="strict")
            except (LookupError, UnicodeDecodeError):
                continue
            name = name[:-1]
        params[name] = raw
    return main, params


def parse_multipart(content_type, body):
    """Parse a multipart/form-data body into a list of parts {name, filename, content_type, data}."""
    main, params = parse_header_value(content_type)
    if main != "multipart/form-data":
        raise SimError(415, "The greeting must be sent as multipart/form-data.", error_code=VALIDATION_CODE)
    boundary = params.get("boundary")
    if not boundary:
        raise SimError(400, "multipart/form-data without a boundary.", error_code=VALIDATION_CODE)
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    segments = (b"\r\n" + body).split(delimiter)
    parts = []
    closed = False
    for segment in segments[1:]:
        if segment.startswith(b"--"):
            closed = True
            break
        line_end = segment.find(b"\r\n")
        if line_end < 0:
            raise SimError(400, "Malformed multipart body.", error_code=VALIDATION_CODE)
        segment = segment[line_end + 2:]
        if segment.startswith(b"\r\n"):
            header_block, data = b"", segment[2:]
        else:
            header_end = segment.find(b"\r\n\r\n")
            if header_end < 0:
                raise SimError(400, "Malformed multipart part headers.", error_code=VALIDATION_CODE)
            header_block, data = segment[:header_end], segment[header_end + 4:]
        headers = {}
        for line in header_block.decode("utf-8", "replace").split("\r\n"):
            if ":" in line:
                key, val = line.split(":", 1)
                headers[key.strip().lower()] = val.strip()
        disposition, disp_params = parse_header_value(headers.get("content-disposition", ""))
        if disposition != "form-data":
            continue
        parts.append({
            "name": disp_params.get("name"),
            "filename": disp_params.get("filename"),
            "content_type": headers.get("content-type"),
            "data": data,
        })
    if not closed:
        raise SimError(400, "Malformed multipart body: no closing boundary.", error_code=VALIDATION_CODE)
    return parts


class TokenBucket:
    """Token bucket shared by all connections."""

    def __init__(self, rate):
        self.rate = float(rate)
        self.capacity = max(1.0, self.rate)
        self.tokens = self.capacity
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self):
        """Take one token; False when the bucket is empty."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return True
            return False


class OAuthStore:
    """Integration clients, refresh tokens and the access tokens granted for them (``POST /v1/access_token``)."""

    STATES = ("valid", "expired", "revoked")
    CONFIG_KEYS = ("access_token_lifetime", "access_token_max_uses", "rotate_refresh_tokens")

    def __init__(self):
        self.lock = threading.Lock()
        self.clients = {CLIENT_ID: CLIENT_SECRET}
        self.refresh_tokens = {REFRESH_TOKEN: {"client_id": CLIENT_ID, "role": "admin", "state": "valid"}}
        self.access_tokens = {}
        self.issued_refresh_tokens = []
        self.grants = 0
        self.config = {"access_token_lifetime": ACCESS_TOKEN_LIFETIME, "access_token_max_uses": None,
                       "rotate_refresh_tokens": False}

    def role_for(self, token):
        """The role of a granted access token still valid, counting one use; None otherwise."""
        with self.lock:
            grant = self.access_tokens.get(token)
            if grant is None or grant["expired"] or time.monotonic() >= grant["expires_at"]:
                return None
            if grant["max_uses"] is not None and grant["uses"] >= grant["max_uses"]:
                grant["expired"] = True
                return None
            grant["uses"] += 1
            return grant["role"]

    def grant(self, form):
        """Answer a token request: (status, document)."""
        def oauth_error(status, error, description):
            return status, {"error": error, "error_description": description, "message": description,
                            "errors": [{"description": description}]}

        if form.get("grant_type") != "refresh_token":
            return oauth_error(400, "unsupported_grant_type", "grant_type must be refresh_token.")
        for name in ("client_id", "client_secret", "refresh_token"):
            if not form.get(name):
                return oauth_error(400, "invalid_request", "%s is missing." % name)
        with self.lock:
            if self.clients.get(form["client_id"]) != form["client_secret"]:
                return oauth_error(401, "invalid_client", "The client ID or the client secret is wrong.")
            refresh = self.refresh_tokens.get(form["refresh_token"])
            if refresh is None or refresh["client_id"] != form["client_id"] or refresh["state"] != "valid":
                state = "unknown" if refresh is None or refresh["client_id"] != form["client_id"] else refresh["state"]
                return oauth_error(400, "invalid_grant", "The refresh token is %s." % state)
            token = "sim-access-%s" % uuid.uuid4().hex
            lifetime = float(self.config["access_token_lifetime"])
            self.access_tokens[token] = {"role": refresh["role"], "expires_at": time.monotonic() + lifetime,
                                         "max_uses": self.config["access_token_max_uses"], "uses": 0, "expired": False}
            refresh_token = form["refresh_token"]
            if self.config["rotate_refresh_tokens"]:
                refresh["state"] = "revoked"
                refresh_token = "sim-refresh-%s" % uuid.uuid4().hex
                self.refresh_tokens[refresh_token] = dict(refresh, state="valid")
                self.issued_refresh_tokens.append(refresh_token)
            self.grants += 1
        return 200, {"access_token": token, "expires_in": int(lifetime), "refresh_token": refresh_token,
                     "refresh_token_expires_in": REFRESH_TOKEN_LIFETIME, "token_type": "Bearer"}

    def document(self):
        """``GET /_sim/oauth``."""
        with self.lock:
            return {"clients": dict(self.clients), "refresh_tokens": copy.deepcopy(self.refresh_tokens),
                    "config": dict(self.config), "grants": self.grants,
                    "issued_access_tokens": list(self.access_tokens),
                    "issued_refresh_tokens": list(self.issued_refresh_tokens)}

    def update(self, document):
        """``POST /_sim/oauth``: merge clients, refresh tokens and config; expire access tokens."""
        if not isinstance(document, dict) or set(document) - {"clients", "refresh_tokens", "config", "expire_access_tokens"}:
            raise ControlError(400, "oauth takes clients, refresh_tokens, config and expire_access_tokens")
        clients = document.get("clients") or {}
        refresh_tokens = document.get("refresh_tokens") or {}
        config = document.get("config") or {}
        if not all(isinstance(key, str) and isinstance(value, str) for key, value in clients.items()):
            raise ControlError(400, "clients maps client IDs to secrets")
        for token, info in refresh_tokens.items():
            if not isinstance(info, dict) or set(info) - {"client_id", "role", "state"}:
                raise ControlError(400, "a refresh token takes client_id, role and state")
            if info.get("state", "valid") not in self.STATES or info.get("role", "admin") not in ("admin", "readonly"):
                raise ControlError(400, "state is one of %s; role admin or readonly" % ", ".join(self.STATES))
        if set(config) - set(self.CONFIG_KEYS):
            raise ControlError(400, "oauth config keys: %s" % ", ".join(self.CONFIG_KEYS))
        lifetime = config.get("access_token_lifetime", 1)
        max_uses = config.get("access_token_max_uses")
        if isinstance(lifetime, bool) or not isinstance(lifetime, (int, float)) or lifetime <= 0:
            raise ControlError(400, "access_token_lifetime must be a number of seconds > 0")
        if max_uses is not None and (isinstance(max_uses, bool) or not isinstance(max_uses, int) or max_uses < 1):
            raise ControlError(400, "access_token_max_uses must be an integer >= 1 or null")
        if not isinstance(config.get("rotate_refresh_tokens", False), bool):
            raise ControlError(400, "rotate_refresh_tokens must be true or false")
        with self.lock:
            self.clients.update(clients)
            for token, info in refresh_tokens.items():
                merged = dict(self.refresh_tokens.get(token) or {"client_id": CLIENT_ID, "role": "admin", "state": "valid"})
                merged.update(info)
                self.refresh_tokens[token] = merged
            self.config.update(config)
            if document.get("expire_access_tokens"):
                for grant in self.access_tokens.values():
                    grant["expired"] = True
        return self.document()


class SimState:
    """All simulator state, guarded by one lock."""

    def __init__(self, seed_path=None, people=None, locations=None, latency=0.0, rate_limit=None, retry_after=1,
                 workspaces=None, virtual_lines=None, estate=None):
        self.lock = threading.RLock()
        self.estate = estate or {}
        self.seed_path = seed_path or DEFAULT_SEED
        self.people_count = people
        self.locations_count = locations
        self.workspaces_count = workspaces
        self.virtual_lines_count = virtual_lines
        self.workspaces = {}
        self.virtual_lines = {}
        self.location_intercepts = {}
        self.location_announcements = {}
        self.generated_locations = []
        self.initial_config = {"latency": float(latency or 0.0), "rate_limit": rate_limit, "retry_after": retry_after, "unknown_field": True,
                               "rate_limit_scope": sim_partner.initial_scope(estate)}
        self.tokens = {}
        self.oauth = None
        self.orgs = {}
        self.home_org_id = None
        self.partner_org_id = None
        self.locations = {}
        self.people = {}
        self.people_order = []
        self.email_index = {}
        self.intercepts = {}
        self.uploads = {}
        self.log = []
        self.seq = 0
        self.counters = {}
        self.faults = []
        self.hooks = []
        self.audit = None
        self.config = {}
        self.bucket = None
        self.in_flight = 0
        self.generation = 0  # bumped by every reset: requests that began before it are neither logged nor served
        self.reset()

    # -- seeding -------------------------------------------------------------------------------------------------

    def reset(self):
        """Reseed and clear everything."""
        with open(self.seed_path, "r", encoding="utf-8") as handle:
            seed = json.load(handle)
        with self.lock:
            tokens = seed.get("tokens", {})
            self.tokens = {tokens.get("admin", ADMIN_TOKEN): "admin", tokens.get("readonly", READONLY_TOKEN): "readonly"}
            self.oauth = OAuthStore()
            self.orgs = {}
            self.locations = {}
            self.people = {}
            self.people_order = []
            self.email_index = {}
            self.intercepts = {}
            self.uploads = {}
            org_keys = {}
            for org in seed["orgs"]:
                org_id = webex_id("ORGANIZATION", org["uuid"])
                org_keys[org["key"]] = org_id
                self.orgs[org_id] = {"id": org_id, "name": org["name"], "key": org["key"], "domain": org.get("email_domain", "example.com")}
                if org.get("home"):
                    self.home_org_id = org_id
                else:
                    self.partner_org_id = org_id
            location_keys = {}
            for location in seed.get("locations", []):
                loc_id = webex_id("LOCATION", location["uuid"])
                location_keys[location["key"]] = loc_id
                self.locations[loc_id] = {"id": loc_id, "name": location["name"], "orgId": org_keys[location["org"]]}
            for person in seed.get("people", []):
                loc_id = location_keys.get(person.get("location")) if person.get("calling") else None
                self._add_person(person["uuid"], org_keys[person["org"]], person["email"], person["firstName"], person["lastName"],
                                 person.get("calling", False), loc_id, person.get("extension"), person.get("phoneNumber"),
                                 person.get("intercept"))
            generated = seed.get("generated", {})
            self._generate_home(generated, org_keys, location_keys, seed)
            for org in seed["orgs"]:
                if not org.get("home"):
                    self._generate_partner(org, org_keys[org["key"]])
            self._seed_owners(seed, org_keys, location_keys)
            sim_partner.generate(self, self.estate, ID_NAMESPACE, webex_id, default_intercept, CLIENT_ID)
            self.generation += 1
            self.log = []
            self.seq = 0
            self.counters = self._empty_counters()
            self.faults = []
            self.hooks = []
            self.client_faults = sim_client_faults.ClientFaults()
            self.config = dict(self.initial_config)
            self.bucket = TokenBucket(self.config["rate_limit"]) if self.config["rate_limit"] else None
            self.audit = sim_audit_events.AuditLog()

    def _generate_home(self, generated, org_keys, location_keys, seed):
        count = self.people_count if self.people_count is not None else int(generated.get("people", 0))
        loc_count = self.locations_count if self.locations_count is not None else int(generated.get("locations", 0))
        home_key = [org["key"] for org in seed["orgs"] if org.get("home")][0]
        home_id = org_keys[home_key]
        targets = []
        for index in range(1, loc_count + 1):
            loc_uuid = str(uuid.uuid5(ID_NAMESPACE, "location/%s/%04d" % (home_key, index)))
            loc_id = webex_id("LOCATION", loc_uuid)
            self.locations[loc_id] = {"id": loc_id, "name": "Generated Site %02d" % index, "orgId": home_id}
            targets.append(loc_id)
        if not targets:
            targets = [loc_id for loc_id in location_keys.values() if self.locations[loc_id]["orgId"] == home_id]
        self.generated_locations = targets
        for index in range(1, count + 1):
            person_uuid = str(uuid.uuid5(ID_NAMESPACE, "person/%s/%04d" % (home_key, index)))
            self._add_person(person_uuid, home_id, "user%04d@%s" % (index, self.orgs[home_id]["domain"]), "User", "%04d" % index,
                             True, targets[(index - 1) % len(targets)] if targets else None, str(10000 + index),
                             "+1555%07d" % index, None)

    def _generate_partner(self, org, org_id):
        targets = [loc_id for loc_id, loc in self.locations.items() if loc["orgId"] == org_id]
        for index in range(1, int(org.get("generated_people", 0)) + 1):
            person_uuid = str(uuid.uuid5(ID_NAMESPACE, "person/%s/%04d" % (org["key"], index)))
            self._add_person(person_uuid, org_id, "cust%04d@%s" % (index, self.orgs[org_id]["domain"]), "Customer", "%04d" % index,
                             True, targets[(index - 1) % len(targets)] if targets else None, str(30000 + index),
                             "+1556%07d" % index, None)

    def _add_person(self, person_uuid, org_id, email, first, last, calling, location_id, extension, number, intercept):
        person_id = webex_id("PEOPLE", person_uuid)
        self.people[person_id] = {
            "id": person_id,
            "orgId": org_id,
            "emails": [email],
            "firstName": first,
            "lastName": last,
            "displayName": "%s %s" % (first, last),
            "calling": bool(calling),
            "locationId": location_id,
            "extension": extension,
            "phoneNumber": number,
        }
        self.people_order.append(person_id)
        self.email_index.setdefault(email.lower(), []).append(person_id)
        if calling:
            settings = default_intercept()
            if intercept:
                deep_merge(settings, intercept)
                normalize_stored(settings)
                file_name = settings["incoming"]["announcements"].get("fileName")
                if file_name:
                    self.uploads[person_id] = {"fileName": file_name, "size": 0, "contentType": None, "count": 0}
            self.intercepts[person_id] = settings

    def _seed_owners(self, seed, org_keys, location_keys):
        """Workspaces, virtual lines and location intercepts: seeded ones, then generated ones (home org)."""
        self.workspaces = {}
        self.virtual_lines = {}
        self.location_intercepts = dict((loc_id, default_intercept()) for loc_id in self.locations)
        self.location_announcements = dict((loc_id, []) for loc_id in self.locations)
        for location in seed.get("locations", []):
            loc_id = location_keys[location["key"]]
            self.location_announcements[loc_id] = list(location.get("announcements", []))
            if location.get("intercept"):
                normalize_stored(deep_merge(self.location_intercepts[loc_id], location["intercept"]))
        for loc_id in self.generated_locations:
            if not self.location_announcements[loc_id]:
                self.location_announcements[loc_id] = ["site-closed.wav"]
        for item in seed.get("workspaces", []):
            self._add_workspace(item["uuid"], org_keys[item["org"]], item["displayName"], item.get("calling", False),
                                location_keys.get(item.get("location")), item.get("extension"), item.get("phoneNumber"),
                                item.get("intercept"))
        for item in seed.get("virtual_lines", []):
            self._add_virtual_line(item["uuid"], org_keys[item["org"]], item["firstName"], item["lastName"],
                                   location_keys[item["location"]], item.get("extension"), item.get("phoneNumber"),
                                   item.get("intercept"))
        generated = seed.get("generated", {})
        home_key = [org["key"] for org in seed["orgs"] if org.get("home")][0]
        home_id = org_keys[home_key]
        targets = self.generated_locations
        count = self.workspaces_count if self.workspaces_count is not None else int(generated.get("workspaces", 0))
        for index in range(1, count + 1):
            self._add_workspace(str(uuid.uuid5(ID_NAMESPACE, "workspace/%s/%04d" % (home_key, index))), home_id,
                                "Workspace %04d" % index, True, targets[(index - 1) % len(targets)] if targets else None,
                                str(40000 + index), "+1557%07d" % index, None)
        count = self.virtual_lines_count if self.virtual_lines_count is not None else int(generated.get("virtual_lines", 0))
        for index in range(1, count + 1):
            self._add_virtual_line(str(uuid.uuid5(ID_NAMESPACE, "virtual-line/%s/%04d" % (home_key, index))), home_id,
                                   "Line", "%04d" % index, targets[(index - 1) % len(targets)] if targets else None,
                                   str(50000 + index), "+1558%07d" % index, None)

    def _add_owner_intercept(self, owner_id, intercept):
        settings = default_intercept()
        if intercept:
            normalize_stored(deep_merge(settings, intercept))
            file_name = settings["incoming"]["announcements"].get("fileName")
            if file_name:
                self.uploads[owner_id] = {"fileName": file_name, "size": 0, "contentType": None, "count": 0}
        self.intercepts[owner_id] = settings

    def _add_workspace(self, ws_uuid, org_id, name, calling, location_id, extension, number, intercept):
        ws_id = webex_id("PLACES", ws_uuid)
        self.workspaces[ws_id] = {"id": ws_id, "orgId": org_id, "displayName": name, "calling": bool(calling),
                                  "locationId": location_id, "extension": extension, "phoneNumber": number,
                                  "sipAddress": "ws-%s@sim.room.ciscospark.com" % ws_uuid.replace("-", "")[-12:]}
        if calling:
            self._add_owner_intercept(ws_id, intercept)

    def _add_virtual_line(self, vl_uuid, org_id, first, last, location_id, extension, number, intercept):
        vl_id = webex_id("VIRTUAL_PROFILE", vl_uuid)
        self.virtual_lines[vl_id] = {"id": vl_id, "orgId": org_id, "firstName": first, "lastName": last,
                                     "displayName": "%s %s" % (first, last), "locationId": location_id,
                                     "extension": extension, "phoneNumber": number}
        self._add_owner_intercept(vl_id, intercept)

    # -- info ----------------------------------------------------------------------------------------------------

    def organization_document(self, org_id):
        """Render an Organization object."""
        return {"id": org_id, "displayName": self.orgs[org_id]["name"], "created": CREATED}

    def me_document(self, role):
        """Render the caller (GET /people/me): a synthetic administrator of the home org, one per token."""
        name = "Admin" if role == "admin" else "Auditor"
        domain = self.orgs[self.home_org_id]["domain"]
        return {
            "id": webex_id("PEOPLE", str(uuid.uuid5(ID_NAMESPACE, "me/%s" % role))),
            "emails": ["sim-%s@%s" % (role, domain)],
            "displayName": "Simulator %s" % name,
            "firstName": "Simulator",
            "lastName": name,
            "orgId": self.home_org_id,
            "created": CREATED,
            "lastModified": CREATED,
            "type": "person",
        }

    def location_document(self, loc_id):
        """Render a Location object."""
        location = self.locations[loc_id]
        return {
            "id": loc_id,
            "name": location["name"],
            "orgId": location["orgId"],
            "address": {"address1": "170 West Tasman Drive", "city": "San Jose", "state": "CA", "postalCode": "95134",
                        "country": "US"},
            "timeZone": "America/Los_Angeles",
            "preferredLanguage": "en_us",
        }

    def workspace_document(self, workspace):
        """Render a Workspace object (locationId only when set, like live Webex)."""
        doc = {
            "id": workspace["id"],
            "orgId": workspace["orgId"],
            "displayName": workspace["displayName"],
            "type": "notSet",
            "sipAddress": workspace["sipAddress"],
            "created": CREATED,
            "supportedDevices": "phones" if workspace["calling"] else "collaborationDevices",
            "hotdeskingStatus": "off",
        }
        if workspace["calling"]:
            doc["calling"] = {"type": "webexCalling", "webexCalling": {"licenses": [webex_id("LICENSE", "sim-workspace-calling")]}}
        else:
            doc["calling"] = {"type": "freeCalling"}
        if workspace["locationId"]:
            doc["locationId"] = workspace["locationId"]
        return doc

    def virtual_line_document(self, line):
        """Render a virtual line as GET /telephony/config/virtualLines lists it."""
        number = {"primary": True}
        if line["phoneNumber"]:
            number["external"] = line["phoneNumber"]
        if line["extension"]:
            number["extension"] = line["extension"]
        doc = {
            "id": line["id"],
            "firstName": line["firstName"],
            "lastName": line["lastName"],
            "callerIdFirstName": line["firstName"],
            "callerIdLastName": line["lastName"],
            "externalCallerIdNamePolicy": "DIRECT_LINE",
            "number": number,
            "location": {"id": line["locationId"], "name": self.locations[line["locationId"]]["name"]},
            "numberOfDevicesAssigned": 0,
            "billingPlan": "BCOCP1",
        }
        if line["phoneNumber"]:
            doc["callerIdNumber"] = line["phoneNumber"]
        return doc

    def owner(self, kind, owner_id):
        """The record of a person, workspace or virtual line (None when there is none of that kind)."""
        return {"people": self.people, "workspaces": self.workspaces, "virtual_lines": self.virtual_lines}[kind].get(owner_id)

    def effective_intercept(self, kind, owner_id):
        """What applies to an owner's calls: the location intercept while it is enabled, else the owner's own."""
        record = self.owner(kind, owner_id)
        loc_id = record and record.get("locationId")
        location = self.location_intercepts.get(loc_id) if loc_id else None
        if location is not None and location.get("enabled"):
            return {"source": "location", "locationId": loc_id, "intercept": copy.deepcopy(location)}
        return {"source": "own", "locationId": loc_id, "intercept": copy.deepcopy(self.intercepts[owner_id])}

    def role_for(self, token):
        """Return 'admin', 'readonly' or None."""
        return self.tokens.get(token) or self.oauth.role_for(token)

    def person_document(self, person, calling_data):
        """Render a Person object."""
        doc = {
            "id": person["id"],
            "emails": list(person["emails"]),
            "displayName": person["displayName"],
            "firstName": person["firstName"],
            "lastName": person["lastName"],
            "orgId": person["orgId"],
            "created": CREATED,
            "lastModified": CREATED,
            "type": "person",
        }
        if person["calling"] and person["phoneNumber"]:
            doc["phoneNumbers"] = [{"type": "work", "value": person["phoneNumber"], "primary": True}]
        if calling_data and person["calling"]:
            if person["locationId"]:
                doc["locationId"] = person["locationId"]
            if person["extension"]:
                doc["extension"] = person["extension"]
                doc.setdefault("phoneNumbers", []).append({"type": "work_extension", "value": person["extension"], "primary": False})
        return doc

    @staticmethod
    def _empty_counters():
        return {"total": 0, "requests": {}, "statuses": {}, "rate_limited": 0, "faults": 0, "max_in_flight": 0}

    def counters_document(self):
        """``GET /_sim/counters``."""
        with self.lock:
            return dict(copy.deepcopy(self.counters), in_flight=self.in_flight, **sim_partner.counters(self))

    # -- bookkeeping ---------------------------------------------------------------------------------------------

    def begin_request(self):
        """Count a request in flight; return the generation (reset count) it belongs to."""
        with self.lock:
            self.in_flight += 1
            self.counters["max_in_flight"] = max(self.counters["max_in_flight"], self.in_flight)
            return self.generation

    def end_request(self, entry, generation=None):
        """Record a finished API request in the log and the counters (unless a reset happened since it began)."""
        with self.lock:
            self.in_flight -= 1
            if generation is not None and generation != self.generation:
                return
            self.seq += 1
            entry["seq"] = self.seq
            counters = self.counters
            counters["total"] += 1
            key = "%s %s" % (entry["method"], entry["route"])
            counters["requests"][key] = counters["requests"].get(key, 0) + 1
            status = str(entry["status"])
            counters["statuses"][status] = counters["statuses"].get(status, 0) + 1
            if entry["status"] == 429:
                counters["rate_limited"] += 1
            if entry.get("fault"):
                counters["faults"] += 1
            if len(self.log) >= LOG_LIMIT:
                del self.log[:LOG_LIMIT // 10]
            self.log.append(entry)

    def take_fault(self, method, path):
        """Pop (or use up one time of) the first fault matching this request."""
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault["method"] and fault["method"] != method:
                    continue
                if fault["regex"] is not None and not fault["regex"].search(path):
                    continue
                if fault["times"] is not None:
                    fault["times"] -= 1
                    if fault["times"] <= 0:
                        del self.faults[index]
                return fault
        return None

    def rate_allowed(self, token=None):
        """Take a token from the shared bucket (or the caller's own, with rate_limit_scope token)."""
        if self.bucket is not None and self.config["rate_limit_scope"] == "token":
            return sim_partner.rate_allowed(self, token, TokenBucket)
        bucket = self.bucket
        return bucket is None or bucket.take()

    def set_config(self, changes):
        """Apply a /_sim/config document."""
        if not isinstance(changes, dict):
            raise ControlError(400, "config must be a JSON object")
        unknown = set(changes) - {"latency", "rate_limit", "retry_after", "unknown_field", "rate_limit_scope"}
        if unknown:
            raise ControlError(400, "unknown config keys: %s" % ", ".join(sorted(unknown)))
        with self.lock:
            if "latency" in changes:
                latency = changes["latency"]
                if latency is None:
                    latency = 0.0
                if isinstance(latency, bool) or not isinstance(latency, (int, float)) or latency < 0:
                    raise ControlError(400, "latency must be a number >= 0")
                self.config["latency"] = float(latency)
            if "rate_limit_scope" in changes:
                try:
                    sim_partner.check_scope(changes["rate_limit_scope"])
                except ValueError as exc:
                    raise ControlError(400, str(exc))
                self.config["rate_limit_scope"] = changes["rate_limit_scope"]
                self.token_buckets = {}
            if "rate_limit" in changes:
                rate = changes["rate_limit"]
                if rate is not None and (isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate <= 0):
                    raise ControlError(400, "rate_limit must be a number > 0 or null")
                self.config["rate_limit"] = rate
                self.bucket = TokenBucket(rate) if rate else None
                self.token_buckets = {}
            if "retry_after" in changes:
                self.config["retry_after"] = changes["retry_after"]
            if "unknown_field" in changes:
                self.config["unknown_field"] = bool(changes["unknown_field"])
            return dict(self.config)

    def add_faults(self, faults):
        """Validate and queue faults."""
        if not isinstance(faults, list):
            raise ControlError(400, "faults must be a list")
        prepared = []
        for fault in faults:
            if not isinstance(fault, dict):
                raise ControlError(400, "each fault must be a JSON object")
            unknown = set(fault) - {"method", "path", "status", "retry_after", "body", "kind", "delay", "times"}
            if unknown:
                raise ControlError(400, "unknown fault keys: %s" % ", ".join(sorted(unknown)))
            kind = fault.get("kind") or "status"
            if kind not in FAULT_KINDS:
                raise ControlError(400, "fault kind must be one of %s" % ", ".join(FAULT_KINDS))
            try:
                regex = re.compile(fault["path"]) if fault.get("path") else None
            except re.error as exc:
                raise ControlError(400, "bad path regex: %s" % exc)
            status = fault.get("status") or 503
            times = fault.get("times", 1)
            if times is not None and (not isinstance(times, int) or times < 1):
                raise ControlError(400, "times must be an integer >= 1 or null")
            body = fault.get("body")
            if body is not None and not isinstance(body, str):
                body = json.dumps(body)
            retry_after = fault.get("retry_after")
            prepared.append({
                "method": (fault.get("method") or "").upper() or None,
                "path": fault.get("path"),
                "regex": regex,
                "status": int(status),
                "retry_after": None if retry_after is None else str(retry_after),
                "body": body,
                "kind": kind,
                "delay": float(fault.get("delay") or 0.0),
                "times": times,
            })
        with self.lock:
            self.faults.extend(prepared)
            return self.list_faults()

    def list_faults(self):
        """Pending faults, JSON ready."""
        with self.lock:
            return [dict((key, value) for key, value in fault.items() if key != "regex") for fault in self.faults]

    def add_hooks(self, document):
        """Queue one-shot hooks."""
        documents = document if isinstance(document, list) else [document]
        prepared = []
        for doc in documents:
            if not isinstance(doc, dict) or set(doc) - {"after_get_intercept"}:
                raise ControlError(400, "hooks must look like {\"after_get_intercept\": {\"person_id\": ..., \"set\": {...}}}")
            hook = doc.get("after_get_intercept")
            if not isinstance(hook, dict) or not hook.get("person_id") or not isinstance(hook.get("set"), dict):
                raise ControlError(400, "after_get_intercept needs person_id and a set object")
            if hook["person_id"] not in self.intercepts:
                raise ControlError(404, "no calling person %s" % hook["person_id"])
            prepared.append({"event": "after_get_intercept", "person_id": hook["person_id"], "set": copy.deepcopy(hook["set"])})
        with self.lock:
            self.hooks.extend(prepared)
            return list(self.hooks)

    def fire_hooks(self, person_id):
        """Apply the first pending after_get_intercept hook of this person (caller holds the lock)."""
        for index, hook in enumerate(self.hooks):
            if hook["event"] == "after_get_intercept" and hook["person_id"] == person_id:
                del self.hooks[index]
                normalize_stored(deep_merge(self.intercepts[person_id], hook["set"]))
                return True
        return False


class SimHandler(BaseHTTPRequestHandler):
    """Request handler for both the API and the control API."""

    protocol_version = "HTTP/1.1"
    server_version = "WebexSimulator/1.0"
    disable_nagle_algorithm = True
    wbufsize = 65536
    timeout = 300
    pending_entry = None  # the log entry of the API request being answered
    request_generation = None  # the state generation the API request began in

    # -- plumbing ------------------------------------------------------------------------------------------------

    def version_string(self):
        """Server header value."""
        return self.server_version

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Log to stderr only with --verbose (never headers, so never the token)."""
        if getattr(self.server, "verbose", False):
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    def do_GET(self):
        """Handle GET."""
        self._dispatch("GET")

    def do_PUT(self):
        """Handle PUT."""
        self._dispatch("PUT")

    def do_POST(self):
        """Handle POST."""
        self._dispatch("POST")

    def do_PATCH(self):
        """Handle PATCH."""
        self._dispatch("PATCH")

    def do_DELETE(self):
        """Handle DELETE."""
        self._dispatch("DELETE")

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            total = 0
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                total += size
                if total > MAX_BODY:
                    self.close_connection = True
                    raise SimError(413)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
            return b"".join(chunks)
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError:
            self.close_connection = True
            raise SimError(400, "Invalid Content-Length header.")
        if size < 0:
            self.close_connection = True
            raise SimError(400, "Invalid Content-Length header.")
        if size > MAX_BODY:
            self.close_connection = True
            raise SimError(413)
        return self.rfile.read(size)

    def _send(self, status, body=b"", content_type="application/json", headers=None):
        self._record_pending()
        self.send_response(status)
        if status != 204 and status >= 200:
            if body:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.send_header("TrackingID", self.tracking_id)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if body and status != 204:
            self.wfile.write(body)

    def _send_json(self, status, document, headers=None):
        self._send(status, json.dumps(document).encode("utf-8"), "application/json;charset=UTF-8", headers)

    def _send_error_doc(self, err):
        self._send_json(err.status, error_document(err.status, self.tracking_id, err.message, err.descriptions, err.error_code), err.headers)

    def _reset_connection(self):
        """Drop the connection with a TCP reset and no response."""
        self._record_pending()
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self.connection.close()
        except OSError:
            pass

    def _dispatch(self, method):
        self.tracking_id = self.headers.get("TrackingID") or "SIMULATOR_%s" % uuid.uuid4()
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        query = {}
        for key, value in urllib.parse.parse_qsl(split.query, keep_blank_values=True):
            query[key] = value
        try:
            body = self._read_body()
        except (SimError, ValueError) as exc:
            err = exc if isinstance(exc, SimError) else SimError(400, "Malformed chunked body.")
            self.close_connection = True
            self._send_error_doc(err)
            return
        if path == "/_sim" or path.startswith("/_sim/"):
            self._control(method, path, query, body)
        else:
            self._api(method, path, query, body)

    # -- API -----------------------------------------------------------------------------------------------------

    def _api(self, method, path, query, body):
        state = self.server.state
        route, route_args, allowed = self._match_route(path)
        entry = {
            "time": time.time(),
            "method": method,
            "path": path,
            "route": route or path,
            "query": query,
            "status": 0,
            "tracking_id": self.tracking_id,
            "role": None,
            "org_id": None,
            "fault": None,
        }
        if method == "PUT":
            try:
                entry["body"] = json.loads(body.decode("utf-8")) if body else None
            except ValueError:
                entry["body"] = body.decode("utf-8", "replace")
        self.request_generation = state.begin_request()
        self.pending_entry = entry
        try:
            with state.lock:
                latency = state.config["latency"]
            if latency:
                time.sleep(latency)
            if self._stale():
                return
            if state.client_faults.drop(state.lock):
                entry["fault"] = "down"
                self._reset_connection()
                return
            fault = state.take_fault(method, path)
            drop_after = False
            if fault is not None:
                entry["fault"] = fault["kind"]
                if fault["delay"]:
                    time.sleep(fault["delay"])
                    if self._stale():
                        return
                if fault["kind"] == "reset":
                    self._reset_connection()
                    return
                if fault["kind"] == "non_json":
                    entry["status"] = 200
                    self._send(200, (fault["body"] or "<html>oops</html>").encode("utf-8"), "text/html")
                    return
                if fault["kind"] == "status":
                    entry["status"] = fault["status"]
                    self._send_fault_status(fault)
                    return
                drop_after = fault["kind"] == "reset_after"
            try:
                if not state.rate_allowed(self._bearer()):
                    with state.lock:
                        retry_after = state.config["retry_after"]
                    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
                    raise SimError(429, "Too many requests have been sent in a given amount of time; retry later.", headers=headers)
                if route is None:
                    raise SimError(404)
                if method not in allowed:
                    raise SimError(405, headers={"Allow": ", ".join(allowed)})
                role = None if route == ROUTE_ACCESS_TOKEN else self._authenticate()
                entry["role"] = role
                if method != "GET" and role != "admin" and route != ROUTE_ACCESS_TOKEN:
                    raise SimError(403)
                org_id = self._resolve_org(query)
                if route != ROUTE_ACCESS_TOKEN:
                    org_id = sim_partner.resolve_org(state, self._bearer(), query.get("orgId") and org_id, SimError) or state.home_org_id
                entry["org_id"] = org_id
                if route == ROUTE_ACCESS_TOKEN:
                    result = self._access_token(body)
                elif route in OWNER_ROUTES:
                    result = self._owner_api(route, method, route_args, query, org_id, body, entry)
                elif route in sim_audit_events.ROUTES:
                    result = sim_audit_events.serve(self, route, query, org_id)
                elif route == ROUTE_PEOPLE:
                    result = self._list_people(query, org_id)
                elif route == ROUTE_INTERCEPT and method == "GET":
                    result = self._get_intercept(route_args[0], org_id)
                elif route == ROUTE_INTERCEPT:
                    result = self._put_intercept(route_args[0], org_id, body)
                else:
                    result = self._upload(route_args[0], org_id, body, entry)
            except SimError as err:
                entry["status"] = err.status
                if drop_after:
                    self._reset_connection()
                else:
                    self._send_error_doc(err)
                return
            status, document, headers = result
            entry["status"] = status
            sim_audit_events.after_write(self, route, method, route_args, org_id, entry, status)
            if drop_after:
                self._reset_connection()
            elif document is None:
                self._send(status, b"", headers=headers)
            else:
                self._send_json(status, document, headers)
        finally:
            self._record_pending()

    def _record_pending(self):
        """Log the API request being answered, once, before its answer (or reset) leaves."""
        entry, self.pending_entry = self.pending_entry, None
        if entry is not None:
            self.server.state.end_request(entry, self.request_generation)

    def _stale(self):
        """A reset happened while this request waited (latency or a slow fault): drop it unanswered and unlogged.

        Otherwise a request abandoned by one test (client timeout) would land in the log, the counters and the
        stored settings of the next test, after its reset.
        """
        with self.server.state.lock:
            stale = self.request_generation != self.server.state.generation
        if stale:
            self._reset_connection()
        return stale

    def _send_fault_status(self, fault):
        headers = {}
        if fault["retry_after"] is not None:
            headers["Retry-After"] = fault["retry_after"]
        if fault["body"] is None:
            self._send_json(fault["status"], error_document(fault["status"], self.tracking_id), headers)
            return
        try:
            json.loads(fault["body"])
            content_type = "application/json"
        except ValueError:
            content_type = "text/plain"
        self._send(fault["status"], fault["body"].encode("utf-8"), content_type, headers)

    @staticmethod
    def _match_route(path):
        for regex, route, allowed in API_ROUTES:
            match = regex.match(path)
            if match:
                return route, [urllib.parse.unquote(group) for group in match.groups()], allowed
        return None, [], ()

    def _bearer(self):
        """The bearer token of the request ("" when there is none)."""
        scheme, token = ((self.headers.get("Authorization") or "").strip().split(" ", 1) + [""])[:2]
        return token.strip() if scheme.lower() == "bearer" else ""

    def _authenticate(self):
        token = self._bearer()
        role = self.server.state.role_for(token) if token else None
        if role is None:
            raise SimError(401)
        return role

    def _access_token(self, body):
        content_type = parse_header_value(self.headers.get("Content-Type") or "")[0]
        if content_type != "application/x-www-form-urlencoded":
            form = {}
        else:
            form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        status, document = self.server.state.oauth.grant(form)
        if status == 200:
            sim_partner.after_grant(self.server.state, form, document)
        if status >= 400:
            document["trackingId"] = self.tracking_id
        return status, document, {"Cache-Control": "no-store"}

    def _resolve_org(self, query):
        state = self.server.state
        org_id = query.get("orgId")
        if not org_id:
            return state.home_org_id
        if org_id not in state.orgs:
            raise SimError(404, "Organization not found.", descriptions=["Organization %s not found." % org_id])
        return org_id

    def _calling_person(self, person_id, org_id):
        state = self.server.state
        person = state.people.get(person_id)
        if person is None or person["orgId"] != org_id:
            raise SimError(404, "[Error %d] User not found." % USER_NOT_FOUND_CODE, error_code=USER_NOT_FOUND_CODE)
        if not person["calling"] or person_id not in state.intercepts:
            raise SimError(404, "[Error %d] User is not a Webex Calling user." % USER_NOT_FOUND_CODE, error_code=USER_NOT_FOUND_CODE)
        return person

    def _list_people(self, query, org_id):
        state = self.server.state
        calling_data = self._bool_param(query, "callingData")
        location_id = query.get("locationId") or None
        email = (query.get("email") or "").strip().lower() or None
        display_name = (query.get("displayName") or "").strip().lower() or None
        wanted_ids = [item for item in (query.get("id") or "").split(",") if item] or None
        if wanted_ids and len(wanted_ids) > 85:
            raise SimError(400, "Too many ids.", descriptions=["id accepts at most 85 person IDs."], error_code=VALIDATION_CODE)
        size = 100
        if query.get("max") not in (None, ""):
            try:
                size = int(query["max"])
            except ValueError:
                size = 0
            if size < 1:
                raise SimError(400, "Invalid max parameter.", descriptions=["max must be a positive integer."], error_code=VALIDATION_CODE)
        size = min(size, 50 if location_id else (100 if calling_data else 1000))
        offset = 0
        if query.get("cursor"):
            try:
                offset = int(base64.urlsafe_b64decode(query["cursor"].encode("ascii") + b"==").decode("ascii").split(":", 1)[1])
            except (ValueError, IndexError, UnicodeError):
                raise SimError(400, "Invalid cursor.", error_code=VALIDATION_CODE)
        if location_id:
            self._check_locations([location_id], org_id)
        with state.lock:
            selected = []
            candidates = state.email_index.get(email, []) if email else (wanted_ids or state.people_order)
            for person_id in candidates:
                person = state.people.get(person_id)
                if person is None:
                    continue
                if person["orgId"] != org_id:
                    continue
                if (calling_data or location_id) and not person["calling"]:
                    continue
                if location_id and person["locationId"] != location_id:
                    continue
                if email and email not in [item.lower() for item in person["emails"]]:
                    continue
                if display_name and not person["displayName"].lower().startswith(display_name):
                    continue
                selected.append(person)
            page = [state.person_document(person, calling_data) for person in selected[offset:offset + size]]
        headers = {}
        if offset + size < len(selected):
            params = [(key, value) for key, value in query.items() if key != "cursor"]
            cursor = base64.urlsafe_b64encode(("offset:%d" % (offset + size)).encode("ascii")).decode("ascii").rstrip("=")
            params.append(("cursor", cursor))
            headers["Link"] = '<%s/v1/people?%s>; rel="next"' % (self._origin(), urllib.parse.urlencode(params))
        return 200, {"items": page}, headers

    def _origin(self):
        scheme = "https" if self.server.ssl_context is not None else "http"
        host = self.headers.get("Host")
        if not host:
            address = self.server.server_address
            host = "%s:%d" % (address[0], address[1])
        return "%s://%s" % (scheme, host)

    @staticmethod
    def _bool_param(query, name):
        value = query.get(name)
        if value in (None, ""):
            return False
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise SimError(400, "Invalid %s parameter." % name, descriptions=["%s must be true or false." % name], error_code=VALIDATION_CODE)

    def _get_intercept(self, person_id, org_id, lookup=None):
        state = self.server.state
        with state.lock:
            (lookup or self._calling_person)(person_id, org_id)
            document = render_intercept(state.intercepts[person_id], state.config["unknown_field"])
            state.fire_hooks(person_id)
        return 200, document, {}

    def _put_intercept(self, person_id, org_id, body, lookup=None, location=False):
        state = self.server.state
        with state.lock:
            (lookup or self._calling_person)(person_id, org_id)
        content_type = parse_header_value(self.headers.get("Content-Type") or "")[0]
        if body and content_type and "json" not in content_type:
            raise SimError(415, "The request body must be application/json.", error_code=VALIDATION_CODE)
        try:
            document = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            raise SimError(400, "The request body is not valid JSON.", error_code=VALIDATION_CODE)
        if document is None:
            raise SimError(400, "The request body is missing.", error_code=VALIDATION_CODE)
        problems = validate_put(document, LOCATION_PUT_SCHEMA if location else PUT_SCHEMA)
        if location and isinstance(document, dict) and "enabled" not in document:
            problems.insert(0, "enabled is required in a location intercept PUT.")
        if problems:
            raise SimError(400, problems[0] if len(problems) == 1 else "Invalid request body: %s" % " ".join(problems),
                           descriptions=problems, error_code=VALIDATION_CODE)
        document = strip_echoed(document)
        store = state.location_intercepts if location else state.intercepts
        with state.lock:
            merged = deep_merge(copy.deepcopy(store[person_id]), document)
            if location:
                problems = location_problems(merged, state.location_announcements.get(person_id, []))
            else:
                problems = cross_field_problems(merged)
            if problems:
                raise SimError(400, problems[0] if len(problems) == 1 else "Invalid settings: %s" % " ".join(problems),
                               descriptions=problems, error_code=VALIDATION_CODE)
            store[person_id] = merged
        return 204, None, {}

    def _upload(self, person_id, org_id, body, entry, lookup=None):
        state = self.server.state
        with state.lock:
            (lookup or self._calling_person)(person_id, org_id)
        parts = [part for part in parse_multipart(self.headers.get("Content-Type") or "", body) if part["name"] == "file"]
        if not parts:
            raise SimError(400, "The multipart body needs one part named file.", error_code=VALIDATION_CODE)
        if len(parts) > 1:
            raise SimError(400, "Only one part named file is allowed.", error_code=VALIDATION_CODE)
        part = parts[0]
        file_name = os.path.basename((part["filename"] or "").replace("\\", "/"))
        entry["upload"] = {"fileName": file_name, "size": len(part["data"]), "contentType": part["content_type"]}
        if not file_name:
            raise SimError(400, "The file part needs a filename.", error_code=VALIDATION_CODE)
        if not file_name.lower().endswith(".wav"):
            raise SimError(400, "Only .wav files are supported for the call intercept greeting.", error_code=VALIDATION_CODE)
        if not part["data"]:
            raise SimError(400, "The uploaded file is empty.", error_code=VALIDATION_CODE)
        with state.lock:
            count = state.uploads.get(person_id, {}).get("count", 0) + 1
            state.uploads[person_id] = {"fileName": file_name, "size": len(part["data"]), "contentType": part["content_type"], "count": count}
            state.intercepts[person_id]["incoming"]["announcements"]["fileName"] = file_name
        return 201, None, {}

    # -- API: workspaces, virtual lines, locations, organizations -------------------------------------------------

    def _owner_api(self, route, method, args, query, org_id, body, entry):
        """Serve the routes of OWNER_API_ROUTES."""
        state = self.server.state
        owner_id = args[0] if args else None
        if route == ROUTE_ME:
            return 200, dict(state.me_document(entry["role"]), orgId=sim_partner.bound_org(state, self._bearer()) or state.home_org_id), {}
        if route == ROUTE_ORGS:
            return 200, {"items": [state.organization_document(item) for item in sim_partner.organizations(state, self._bearer())]}, {}
        if route == ROUTE_ORG:
            if owner_id not in state.orgs:
                raise SimError(404, "Organization not found.", descriptions=["Organization %s not found." % owner_id])
            return 200, state.organization_document(owner_id), {}
        if route == ROUTE_LOCATIONS:
            return self._list_locations(query, org_id)
        if route == ROUTE_LOCATION:
            with state.lock:
                return 200, state.location_document(self._location(owner_id, org_id)), {}
        if route == ROUTE_WORKSPACES:
            return self._list_workspaces(query, org_id)
        if route == ROUTE_WORKSPACE:
            with state.lock:
                workspace = state.workspaces.get(owner_id)
                if workspace is None or workspace["orgId"] != org_id:
                    raise SimError(404, "Workspace not found.", descriptions=["Workspace %s not found." % owner_id],
                                   error_code=NOT_FOUND_CODE)
                return 200, state.workspace_document(workspace), {}
        if route == ROUTE_ANNOUNCEMENTS:
            return self._list_announcements(query, org_id)
        if route == ROUTE_VIRTUAL_LINES:
            return self._list_virtual_lines(query, org_id)
        if route == ROUTE_LOCATION_INTERCEPT:
            if method == "PUT":
                return self._put_intercept(owner_id, org_id, body, self._location, location=True)
            with state.lock:
                self._location(owner_id, org_id)
                return 200, render_intercept(state.location_intercepts[owner_id], state.config["unknown_field"]), {}
        lookup = self._calling_workspace if route.startswith(("/workspaces", "/telephony/config/workspaces")) else self._virtual_line
        if route in (ROUTE_WORKSPACE_INTERCEPT, ROUTE_VIRTUAL_LINE_INTERCEPT):
            if method == "PUT":
                return self._put_intercept(owner_id, org_id, body, lookup)
            return self._get_intercept(owner_id, org_id, lookup)
        return self._upload(owner_id, org_id, body, entry, lookup)

    def _location(self, loc_id, org_id):
        location = self.server.state.locations.get(loc_id)
        if location is None or location["orgId"] != org_id:
            raise SimError(404, "Location not found.", descriptions=["Location %s not found." % loc_id], error_code=NOT_FOUND_CODE)
        return loc_id

    def _calling_workspace(self, ws_id, org_id):
        state = self.server.state
        workspace = state.workspaces.get(ws_id)
        if workspace is None or workspace["orgId"] != org_id:
            raise SimError(404, "Workspace not found.", descriptions=["Workspace %s not found." % ws_id], error_code=NOT_FOUND_CODE)
        if not workspace["calling"] or ws_id not in state.intercepts:
            raise SimError(404, "Workspace is not a Webex Calling workspace.", error_code=NOT_FOUND_CODE)
        return workspace

    def _virtual_line(self, vl_id, org_id):
        line = self.server.state.virtual_lines.get(vl_id)
        if line is None or line["orgId"] != org_id:
            raise SimError(404, "Virtual line not found.", descriptions=["Virtual line %s not found." % vl_id], error_code=NOT_FOUND_CODE)
        return line

    def _query_values(self, name):
        """Every value of a repeatable query parameter (?a=1&a=2, or comma separated for ids)."""
        values = []
        for key, value in urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query, keep_blank_values=True):
            if key == name and value.strip():
                values.append(value.strip())
        return values

    def _check_locations(self, loc_ids, org_id):
        state = self.server.state
        if state.client_faults.lists_unknown_location_empty():
            return
        for loc_id in loc_ids:
            location = state.locations.get(loc_id)
            if location is None or location["orgId"] != org_id:
                raise SimError(404, "Location not found.", descriptions=["Location %s not found." % loc_id])

    def _page(self, route_path, items, key, query, default_max, cap):
        """One page of items from offset ``start`` with ``max`` items, and the Link header to the next one."""
        numbers = {}
        for name, default, low in (("max", default_max, 1), ("start", 0, 0)):
            raw = query.get(name)
            numbers[name] = default
            if raw not in (None, ""):
                try:
                    numbers[name] = int(raw)
                except ValueError:
                    numbers[name] = low - 1
                if numbers[name] < low:
                    raise SimError(400, "Invalid %s parameter." % name, descriptions=["%s must be an integer >= %d." % (name, low)],
                                   error_code=VALIDATION_CODE)
        size = min(numbers["max"], cap)
        start = numbers["start"]
        headers = {}
        if start + size < len(items):
            params = [(name, value) for name, value in urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
                      if name != "start"]
            params.append(("start", str(start + size)))
            headers["Link"] = '<%s/v1%s?%s>; rel="next"' % (self._origin(), route_path, urllib.parse.urlencode(params))
        return 200, {key: items[start:start + size]}, headers

    def _list_locations(self, query, org_id):
        state = self.server.state
        name = (query.get("name") or "").strip().lower()
        wanted = [item for value in self._query_values("id") for item in value.split(",") if item]
        with state.lock:
            items = [state.location_document(loc_id) for loc_id, location in state.locations.items()
                     if location["orgId"] == org_id and name in location["name"].lower() and (not wanted or loc_id in wanted)]
        return self._page(ROUTE_LOCATIONS, items, "items", query, 500, 1000)

    def _list_announcements(self, query, org_id):
        """The announcement repository: a location's files with locationId, else the organization's (none here)."""
        state = self.server.state
        loc_id = query.get("locationId") or None
        if loc_id:
            self._check_locations([loc_id], org_id)
        with state.lock:
            files = state.location_announcements.get(loc_id, []) if loc_id else []
            items = [{"id": webex_id("ANNOUNCEMENT", str(uuid.uuid5(ID_NAMESPACE, "announcement/%s/%s" % (loc_id, name)))),
                      "name": name.rsplit(".", 1)[0], "fileName": name, "fileSize": "356", "mediaFileType": "WAV",
                      "lastUpdated": CREATED, "level": "LOCATION",
                      "location": {"id": loc_id, "name": state.locations[loc_id]["name"]}} for name in files]
        return self._page(ROUTE_ANNOUNCEMENTS, items, "announcements", query, 100, 1000)

    def _list_workspaces(self, query, org_id):
        state = self.server.state
        loc_id = query.get("locationId") or None
        if loc_id:
            self._check_locations([loc_id], org_id)
        name = (query.get("displayName") or "").strip().lower()
        calling = query.get("calling") or None
        with state.lock:
            items = []
            for workspace in state.workspaces.values():
                doc = state.workspace_document(workspace)
                if workspace["orgId"] != org_id or (loc_id and workspace["locationId"] != loc_id):
                    continue
                if name not in workspace["displayName"].lower() or (calling and doc["calling"]["type"] != calling):
                    continue
                items.append(doc)
        return self._page(ROUTE_WORKSPACES, items, "items", query, 100, 1000)

    def _list_virtual_lines(self, query, org_id):
        state = self.server.state
        loc_ids = [item for value in self._query_values("locationId") for item in value.split(",") if item]
        self._check_locations(loc_ids, org_id)
        wanted = [item for value in self._query_values("id") for item in value.split(",") if item]
        owner_names = [value.lower() for value in self._query_values("ownerName")]
        numbers = self._query_values("phoneNumber")
        location_names = [value.lower() for value in self._query_values("locationName")]
        has_extension = self._bool_param(query, "hasExtensionAssigned") if query.get("hasExtensionAssigned") else None
        has_dn = self._bool_param(query, "hasDnAssigned") if query.get("hasDnAssigned") else None
        with state.lock:
            items = []
            for line in state.virtual_lines.values():
                if line["orgId"] != org_id or (loc_ids and line["locationId"] not in loc_ids) or (wanted and line["id"] not in wanted):
                    continue
                if owner_names and not any(item in line["displayName"].lower() for item in owner_names):
                    continue
                if numbers and line["phoneNumber"] not in numbers and line["extension"] not in numbers:
                    continue
                if location_names and state.locations[line["locationId"]]["name"].lower() not in location_names:
                    continue
                if has_extension is not None and bool(line["extension"]) != has_extension:
                    continue
                if has_dn is not None and bool(line["phoneNumber"]) != has_dn:
                    continue
                items.append(state.virtual_line_document(line))
        return self._page(ROUTE_VIRTUAL_LINES, items, "virtualLines", query, 1000, 1000)

    # -- control API ---------------------------------------------------------------------------------------------

    def _control(self, method, path, query, body):
        try:
            document = None
            if body:
                try:
                    document = json.loads(body.decode("utf-8"))
                except ValueError:
                    raise ControlError(400, "body must be JSON")
            status, result = self._control_route(method, path.rstrip("/"), query, document)
            self._send_json(status, result)
        except ControlError as exc:
            self._send_json(exc.status, {"error": exc.message})

    def _control_route(self, method, path, query, document):
        state = self.server.state
        simple = {
            ("GET", "/_sim/health"): lambda: {"ok": True},
            ("GET", "/_sim/info"): self.server.info,
            ("GET", "/_sim/log"): lambda: self._locked(lambda: copy.deepcopy(state.log)),
            ("POST", "/_sim/log/clear"): lambda: self._locked(lambda: state.log.clear() or {"ok": True}),
            ("GET", "/_sim/counters"): state.counters_document,
            ("POST", "/_sim/counters/clear"): lambda: self._locked(self._clear_counters),
            ("GET", "/_sim/config"): lambda: self._locked(lambda: dict(state.config)),
            ("POST", "/_sim/config"): lambda: state.set_config(document or {}),
            ("GET", "/_sim/faults"): state.list_faults,
            ("POST", "/_sim/faults"): lambda: state.add_faults((document or {}).get("faults") if isinstance(document, dict) else document),
            ("DELETE", "/_sim/faults"): lambda: self._locked(lambda: state.faults.clear() or []),
            ("POST", "/_sim/faults/clear"): lambda: self._locked(lambda: state.faults.clear() or []),
            ("POST", "/_sim/reset"): lambda: state.reset() or {"ok": True},
            ("GET", "/_sim/people"): lambda: self._control_people(query),
            ("GET", "/_sim/hooks"): lambda: self._locked(lambda: copy.deepcopy(state.hooks)),
            ("POST", "/_sim/hooks"): lambda: state.add_hooks(document),
            ("DELETE", "/_sim/hooks"): lambda: self._locked(lambda: state.hooks.clear() or []),
            ("GET", "/_sim/oauth"): state.oauth.document,
            ("POST", "/_sim/oauth"): lambda: state.oauth.update(document),
            ("POST", "/_sim/orgs"): lambda: self._locked(lambda: sim_orgs.add_org(state, document, webex_id, ControlError)),
            ("POST", "/_sim/locations"): lambda: self._locked(lambda: sim_orgs.add_location(
                state, document, webex_id, ControlError, default_intercept)),
        }
        handler = simple.get((method, path))
        if handler is not None:
            return 200, handler()
        match = re.match(r"^/_sim/people/([^/]+)/(intercept|upload)$", path)
        if match:
            person_id = urllib.parse.unquote(match.group(1))
            with state.lock:
                if person_id not in state.intercepts:
                    raise ControlError(404, "no calling person %s" % person_id)
                if match.group(2) == "upload" and method == "GET":
                    return 200, copy.deepcopy(state.uploads.get(person_id))
                if match.group(2) == "intercept":
                    if method == "GET":
                        return 200, copy.deepcopy(state.intercepts[person_id])
                    if method in ("PUT", "PATCH"):
                        if not isinstance(document, dict):
                            raise ControlError(400, "body must be a JSON object")
                        base = state.intercepts[person_id] if method == "PATCH" else default_intercept()
                        state.intercepts[person_id] = normalize_stored(deep_merge(copy.deepcopy(base), copy.deepcopy(document)))
                        return 200, copy.deepcopy(state.intercepts[person_id])
        result = self._control_owners(method, path, query, document)
        if result is None:
            try:
                result = state.client_faults.control(state, method, path, document, webex_id)
            except sim_client_faults.ControlError as exc:
                raise ControlError(exc.status, exc.message)
        if result is not None:
            return 200, result
        audit = sim_audit_events.control(self, method, path, document)
        if audit is not None:
            return audit
        raise ControlError(404, "unknown control endpoint %s %s" % (method, path))

    def _control_owners(self, method, path, query, document):
        """Control endpoints of workspaces, virtual lines, locations and the location override (None: not one)."""
        state = self.server.state
        listings = {"/_sim/workspaces": self._control_workspaces, "/_sim/virtual_lines": self._control_virtual_lines,
                    "/_sim/locations": self._control_locations, "/_sim/intercepts": self._control_intercepts}
        if method == "GET" and path in listings:
            return listings[path](query)
        match = re.match(r"^/_sim/(people|workspaces|virtual_lines|locations)/([^/]+)/(intercept|upload|effective_intercept|announcements)$", path)
        if not match:
            return None
        kind, owner_id, what = match.group(1), urllib.parse.unquote(match.group(2)), match.group(3)
        with state.lock:
            if kind == "locations":
                if owner_id not in state.locations:
                    raise ControlError(404, "no location %s" % owner_id)
                store = state.location_intercepts
            else:
                if owner_id not in state.intercepts or state.owner(kind, owner_id) is None:
                    raise ControlError(404, "no %s with an intercept: %s" % (kind, owner_id))
                store = state.intercepts
            if (kind, what, method) == ("locations", "announcements", "GET"):
                return list(state.location_announcements[owner_id])
            if (kind, what, method) == ("locations", "announcements", "POST"):
                names = (document or {}).get("fileNames") if isinstance(document, dict) else None
                if not isinstance(names, list) or not all(isinstance(name, str) and name for name in names):
                    raise ControlError(400, "body must look like {\"fileNames\": [\"name.wav\", ...]}")
                repository = state.location_announcements[owner_id]
                repository.extend(name for name in names if name not in repository)
                return list(repository)
            if kind != "locations" and what == "upload" and method == "GET":
                return copy.deepcopy(state.uploads.get(owner_id))
            if kind != "locations" and what == "effective_intercept" and method == "GET":
                return state.effective_intercept(kind, owner_id)
            if what == "intercept" and kind != "people":
                if method == "GET":
                    return copy.deepcopy(store[owner_id])
                if method in ("PUT", "PATCH"):
                    if not isinstance(document, dict):
                        raise ControlError(400, "body must be a JSON object")
                    base = store[owner_id] if method == "PATCH" else default_intercept()
                    store[owner_id] = normalize_stored(deep_merge(copy.deepcopy(base), copy.deepcopy(document)))
                    return copy.deepcopy(store[owner_id])
        raise ControlError(404, "unknown control endpoint %s %s" % (method, path))

    def _control_org(self, query):
        org_id = query.get("orgId") or self.server.state.home_org_id
        if org_id not in self.server.state.orgs:
            raise ControlError(404, "unknown org %s" % org_id)
        return org_id, query.get("locationId") or None

    def _control_workspaces(self, query):
        state = self.server.state
        org_id, loc_id = self._control_org(query)
        calling_only = (query.get("calling") or "true").lower() != "false"
        with state.lock:
            return [dict(state.workspace_document(item), calling=item["calling"], extension=item["extension"], phoneNumber=item["phoneNumber"])
                    for item in state.workspaces.values()
                    if item["orgId"] == org_id and (not loc_id or item["locationId"] == loc_id) and (item["calling"] or not calling_only)]

    def _control_virtual_lines(self, query):
        state = self.server.state
        org_id, loc_id = self._control_org(query)
        with state.lock:
            return [dict(state.virtual_line_document(item), displayName=item["displayName"]) for item in state.virtual_lines.values()
                    if item["orgId"] == org_id and (not loc_id or item["locationId"] == loc_id)]

    def _control_locations(self, query):
        state = self.server.state
        org_id = self._control_org(query)[0]
        with state.lock:
            return [dict(state.location_document(loc_id), announcements=list(state.location_announcements[loc_id]),
                         interceptEnabled=bool(state.location_intercepts[loc_id].get("enabled")))
                    for loc_id, location in state.locations.items() if location["orgId"] == org_id]

    def _control_intercepts(self, query):
        """Every intercept owner of an org (or one location): own stored settings and what is effective."""
        state = self.server.state
        org_id, loc_id = self._control_org(query)
        kinds = [query["kind"]] if query.get("kind") else list(OWNER_KINDS)
        if set(kinds) - set(OWNER_KINDS):
            raise ControlError(400, "kind must be one of %s" % ", ".join(OWNER_KINDS))
        result = []
        with state.lock:
            for kind in kinds:
                records = [state.people[item] for item in state.people_order] if kind == "people" else \
                    list((state.workspaces if kind == "workspaces" else state.virtual_lines).values())
                for record in records:
                    if record["orgId"] != org_id or (loc_id and record.get("locationId") != loc_id) or record["id"] not in state.intercepts:
                        continue
                    effective = state.effective_intercept(kind, record["id"])
                    result.append({"kind": kind, "id": record["id"], "name": record["displayName"], "locationId": record.get("locationId"),
                                   "intercept": copy.deepcopy(state.intercepts[record["id"]]), "effective_source": effective["source"],
                                   "effective": effective["intercept"]})
        return result

    def _locked(self, func):
        with self.server.state.lock:
            return func()

    def _clear_counters(self):
        self.server.state.counters = SimState._empty_counters()
        return {"ok": True}

    def _control_people(self, query):
        state = self.server.state
        org_id = query.get("orgId") or state.home_org_id
        if org_id not in state.orgs:
            raise ControlError(404, "unknown org %s" % org_id)
        calling_only = (query.get("calling") or "true").lower() != "false"
        with state.lock:
            result = []
            for person_id in state.people_order:
                person = state.people[person_id]
                if person["orgId"] != org_id or (calling_only and not person["calling"]):
                    continue
                doc = state.person_document(person, True)
                doc["calling"] = person["calling"]
                result.append(doc)
        return result


class SimServer(ThreadingHTTPServer):
    """Threading HTTP(S) server holding the simulator state."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, state, ssl_context=None, verbose=False):
        self.state = state
        self.ssl_context = ssl_context
        self.verbose = verbose
        ThreadingHTTPServer.__init__(self, address, SimHandler)

    def finish_request(self, request, client_address):
        """Do the TLS handshake in the connection's own thread."""
        if self.ssl_context is None:
            SimHandler(request, client_address, self)
            return
        try:
            tls_request = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            SimHandler(tls_request, client_address, self)
        finally:
            self.shutdown_request(tls_request)

    def handle_error(self, request, client_address):
        """Stay quiet about client disconnects unless verbose."""
        if self.verbose:
            ThreadingHTTPServer.handle_error(self, request, client_address)

    def url(self):
        """The API base URL (with /v1)."""
        host, port = self.server_address[0], self.server_address[1]
        if ":" in host:
            host = "[%s]" % host
        return "%s://%s:%d/v1" % ("https" if self.ssl_context is not None else "http", host, port)

    def info(self):
        """The ready-file document."""
        return {
            "url": self.url(),
            "admin_token": ADMIN_TOKEN,
            "readonly_token": READONLY_TOKEN,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN,
            "org_id": self.state.home_org_id,
            "partner_org_id": self.state.partner_org_id,
            "customer_orgs": sim_partner.info(self.state),
            "pid": os.getpid(),
        }


class SimServer6(SimServer):
    """IPv6 variant."""

    address_family = socket.AF_INET6


def is_loopback_host(host):
    """Whether a host name or address is this machine's loopback."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_server(host="127.0.0.1", port=0, seed=None, people=None, locations=None, latency=0.0, rate_limit=None,
                 retry_after=1, tls_cert=None, tls_key=None, verbose=False, workspaces=None, virtual_lines=None, estate=None):
    """Create a ready-to-serve SimServer bound to a loopback address."""
    if not is_loopback_host(host):
        raise ValueError("the simulator only binds to loopback addresses, not %s" % host)
    if host == "localhost":
        host = "127.0.0.1"
    context = None
    if tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls_cert, tls_key)
    state = SimState(seed, people, locations, latency, rate_limit, retry_after, workspaces=workspaces, virtual_lines=virtual_lines,
                     estate=estate)
    server_class = SimServer6 if ":" in host else SimServer
    return server_class((host, port), state, context, verbose)


def _write_ready_file(path, info):
    directory = os.path.dirname(os.path.abspath(path))
    handle, temp_path = tempfile.mkstemp(prefix=".ready-", dir=directory)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(info, stream)
    os.replace(temp_path, path)


def _stop_signal(signum, frame):
    raise SystemExit(0)


def main(argv=None):
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Local Webex Calling API simulator (call intercept and people).")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: pick a free one)")
    parser.add_argument("--people", type=int, default=None, help="generated calling people in the home org (default from seed: 20)")
    parser.add_argument("--locations", type=int, default=None, help="generated locations for them (default from seed: 2)")
    parser.add_argument("--workspaces", type=int, default=None,
                        help="generated calling workspaces in the home org, spread over the generated locations like people (default from seed: 4)")
    parser.add_argument("--virtual-lines", type=int, default=None,
                        help="generated virtual lines in the home org, spread over the generated locations like people (default from seed: 2)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds to sleep per API request")
    parser.add_argument("--rate-limit", type=float, default=None, help="requests per second before 429 (default: none)")
    parser.add_argument("--retry-after", default="1", help="Retry-After value announced with 429 (default 1)")
    parser.add_argument("--seed", default=None, help="seed JSON file (default: seed.json beside this file)")
    parser.add_argument("--ready-file", default=None, help="write a JSON document here once ready")
    parser.add_argument("--tls-cert", default=None, help="PEM certificate: serve HTTPS")
    parser.add_argument("--tls-key", default=None, help="PEM private key for --tls-cert")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    sim_partner.add_arguments(parser)
    args = parser.parse_args(argv)
    retry_after = int(args.retry_after) if args.retry_after.isdigit() else args.retry_after
    try:
        server = build_server(args.host, args.port, args.seed, args.people, args.locations, args.latency, args.rate_limit,
                              retry_after, args.tls_cert, args.tls_key, args.verbose, workspaces=args.workspaces,
                              virtual_lines=args.virtual_lines, estate=sim_partner.options_from_args(args))
    except (ValueError, OSError, ssl.SSLError) as exc:
        sys.stderr.write("webex_simulator: %s\n" % exc)
        return 2
    signal.signal(signal.SIGTERM, _stop_signal)
    signal.signal(signal.SIGINT, _stop_signal)
    try:
        info = server.info()
        if args.ready_file:
            _write_ready_file(args.ready_file, info)
        sys.stdout.write("WEBEX_SIMULATOR_URL=%s\n" % info["url"])
        sys.stdout.flush()
        server.serve_forever(poll_interval=0.2)
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        server.server_close()
    return 0


class SimulatorProcess:
    """Run the simulator as a subprocess (context manager) and talk to its control API.

    Keyword arguments map to command line flags: people, locations, workspaces, virtual_lines, latency, rate_limit,
    retry_after, seed, tls_cert, tls_key, host, verbose. ``extra_args`` adds raw flags.

    Methods that read or change an intercept owner take ``kind``: ``people`` (default), ``workspaces``,
    ``virtual_lines`` or ``locations`` (singular spellings work too).
    """

    def __init__(self, startup_timeout=10.0, extra_args=None, **options):
        known = {"people", "locations", "workspaces", "virtual_lines", "latency", "rate_limit", "retry_after", "seed",
                 "tls_cert", "tls_key", "host", "verbose"} | set(sim_partner.PROCESS_OPTIONS)
        unknown = set(options) - known
        if unknown:
            raise TypeError("unknown SimulatorProcess options: %s" % ", ".join(sorted(unknown)))
        self.options = options
        self.extra_args = list(extra_args or [])
        self.startup_timeout = startup_timeout
        self.process = None
        self.info = None
        self.url = None
        self.base_url = None
        self.admin_token = None
        self.readonly_token = None
        self.org_id = None
        self.partner_org_id = None
        self.pid = None
        self._tmpdir = None
        self._stderr = None
        self._opener = None

    # -- lifecycle -----------------------------------------------------------------------------------------------

    def command(self, ready_file):
        """The command line used to start the simulator."""
        cmd = [sys.executable, os.path.abspath(__file__), "--port", "0", "--ready-file", ready_file]
        for name, value in sorted(self.options.items()):
            if value is None or value is False:
                continue
            flag = "--" + name.replace("_", "-")
            if value is True:
                cmd.append(flag)
            else:
                cmd.extend([flag, str(value)])
        return cmd + self.extra_args

    def start(self):
        """Start the subprocess and wait until it is ready."""
        self._tmpdir = tempfile.mkdtemp(prefix="webex-sim-")
        ready_file = os.path.join(self._tmpdir, "ready.json")
        stderr_path = os.path.join(self._tmpdir, "stderr.log")
        self._stderr = open(stderr_path, "wb")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(self.command(ready_file), stdout=subprocess.DEVNULL, stderr=self._stderr,  # pylint: disable=consider-using-with
                                        stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + self.startup_timeout
        while not os.path.exists(ready_file):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                with open(stderr_path, "r", encoding="utf-8", errors="replace") as handle:
                    output = handle.read()
                raise RuntimeError("webex simulator did not start: %s" % output.strip())
            time.sleep(0.02)
        with open(ready_file, "r", encoding="utf-8") as handle:
            self.info = json.load(handle)
        self.url = self.info["url"]
        self.base_url = self.url[:-len("/v1")]
        self.admin_token = self.info["admin_token"]
        self.readonly_token = self.info["readonly_token"]
        self.org_id = self.info["org_id"]
        self.partner_org_id = self.info["partner_org_id"]
        self.pid = self.info["pid"]
        handlers = [urllib.request.ProxyHandler({})]
        if self.url.startswith("https"):
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self._opener = urllib.request.build_opener(*handlers)
        return self

    def stop(self):
        """Terminate the subprocess and clean up."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc_value, traceback):
        self.stop()

    # -- control API ---------------------------------------------------------------------------------------------

    def control(self, method, path, document=None):
        """Call the control API; return the decoded JSON answer."""
        data = None if document is None else json.dumps(document).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with self._opener.open(request, timeout=30) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise RuntimeError("simulator control %s %s failed: %s %s" % (method, path, exc.code, detail))

    def log(self):
        """All API requests seen so far."""
        return self.control("GET", "/_sim/log")

    def clear_log(self):
        """Forget the request log."""
        return self.control("POST", "/_sim/log/clear")

    def counters(self):
        """Request counters."""
        return self.control("GET", "/_sim/counters")

    def clear_counters(self):
        """Zero the counters."""
        return self.control("POST", "/_sim/counters/clear")

    def add_faults(self, faults):
        """Queue faults (list of dicts)."""
        return self.control("POST", "/_sim/faults", {"faults": list(faults)})

    def clear_faults(self):
        """Drop pending faults."""
        return self.control("POST", "/_sim/faults/clear")

    def configure(self, **changes):
        """Change latency, rate_limit, retry_after or unknown_field."""
        return self.control("POST", "/_sim/config", changes)

    @staticmethod
    def _owner_path(kind, owner_id, what):
        kinds = {"people": "people", "person": "people", "workspaces": "workspaces", "workspace": "workspaces",
                 "virtual_lines": "virtual_lines", "virtual_line": "virtual_lines", "locations": "locations", "location": "locations"}
        if kind not in kinds:
            raise ValueError("kind must be one of people, workspaces, virtual_lines, locations, not %r" % (kind,))
        return "/_sim/%s/%s/%s" % (kinds[kind], urllib.parse.quote(owner_id, safe=""), what)

    def set_intercept(self, person_id, api_dict, kind="people"):
        """Replace an owner's stored settings (defaults for missing fields)."""
        return self.control("PUT", self._owner_path(kind, person_id, "intercept"), api_dict)

    def patch_intercept(self, person_id, api_dict, kind="people"):
        """Deep-merge into an owner's stored settings."""
        return self.control("PATCH", self._owner_path(kind, person_id, "intercept"), api_dict)

    def get_intercept(self, person_id, kind="people"):
        """An owner's stored settings (full shape, empty values as "")."""
        return self.control("GET", self._owner_path(kind, person_id, "intercept"))

    def get_upload(self, person_id, kind="people"):
        """The last greeting upload of a person, workspace or virtual line, or None."""
        return self.control("GET", self._owner_path(kind, person_id, "upload"))

    def effective_intercept(self, owner_id, kind="people"):
        """{source: "location" or "own", locationId, intercept}: what applies to the calls of a person, workspace or virtual line."""
        return self.control("GET", self._owner_path(kind, owner_id, "effective_intercept"))

    def intercepts(self, location_id=None, org_id=None, kind=None):
        """Every intercept owner of an org or location: {kind, id, name, locationId, intercept, effective_source, effective}."""
        query = dict((key, value) for key, value in (("locationId", location_id), ("orgId", org_id), ("kind", kind)) if value)
        return self.control("GET", "/_sim/intercepts?" + urllib.parse.urlencode(query))

    def workspaces(self, org_id=None, location_id=None, calling=True):
        """Workspaces of an org (default home org), calling workspaces only unless calling=False."""
        query = {"calling": "true" if calling else "false"}
        query.update((key, value) for key, value in (("orgId", org_id), ("locationId", location_id)) if value)
        return self.control("GET", "/_sim/workspaces?" + urllib.parse.urlencode(query))

    def virtual_lines(self, org_id=None, location_id=None):
        """Virtual lines of an org (default home org), as the API lists them plus displayName."""
        query = dict((key, value) for key, value in (("orgId", org_id), ("locationId", location_id)) if value)
        return self.control("GET", "/_sim/virtual_lines?" + urllib.parse.urlencode(query))

    def locations(self, org_id=None):
        """Locations of an org (default home org), plus announcements (repository) and interceptEnabled."""
        return self.control("GET", "/_sim/locations?" + urllib.parse.urlencode({"orgId": org_id} if org_id else {}))

    def workspace_by_name(self, name, org_id=None):
        """The first workspace (calling or not) with this display name."""
        return self._first(self.workspaces(org_id=org_id, calling=False), "displayName", name)

    def virtual_line_by_name(self, name, org_id=None):
        """The first virtual line whose "firstName lastName" is this name."""
        return self._first(self.virtual_lines(org_id=org_id), "displayName", name)

    def location_by_name(self, name, org_id=None):
        """The first location with this name."""
        return self._first(self.locations(org_id=org_id), "name", name)

    @staticmethod
    def _first(items, key, value):
        for item in items:
            if item[key] == value:
                return item
        raise KeyError(value)

    def location_announcements(self, location_id):
        """File names in a location's announcement repository."""
        return self.control("GET", self._owner_path("locations", location_id, "announcements"))

    def add_location_announcements(self, location_id, *file_names):
        """Add greeting files to a location's announcement repository; return the repository."""
        return self.control("POST", self._owner_path("locations", location_id, "announcements"), {"fileNames": list(file_names)})

    def people(self, org_id=None, calling=True):
        """People of an org (default home org), calling people only unless calling=False."""
        query = {"calling": "true" if calling else "false"}
        if org_id:
            query["orgId"] = org_id
        return self.control("GET", "/_sim/people?" + urllib.parse.urlencode(query))

    def person_by_email(self, email, org_id=None):
        """The first person (calling or not) with this email."""
        for person in self.people(org_id=org_id, calling=False):
            if email.lower() in [item.lower() for item in person["emails"]]:
                return person
        raise KeyError(email)

    def add_hook(self, person_id, set_dict, event="after_get_intercept"):
        """Queue a one-shot hook."""
        return self.control("POST", "/_sim/hooks", {event: {"person_id": person_id, "set": set_dict}})

    def hooks(self):
        """Pending hooks."""
        return self.control("GET", "/_sim/hooks")

    def add_organization(self, name):
        """An empty organization (no people, locations...): its {id, name}; gone at the next reset."""
        return self.control("POST", "/_sim/orgs", {"name": name})

    def add_location(self, name, org_id=None):
        """A location with nobody in it (of the home organization by default): its {id, name}; gone at the next reset."""
        return self.control("POST", "/_sim/locations", dict({"name": name}, **({"orgId": org_id} if org_id else {})))

    def reset(self):
        """Reseed and clear everything."""
        return self.control("POST", "/_sim/reset")

    def oauth(self, **changes):
        """Integration clients, refresh tokens, token config and every token issued; ``changes`` are merged first."""
        if changes:
            return self.control("POST", "/_sim/oauth", changes)
        return self.control("GET", "/_sim/oauth")


if __name__ == "__main__":
    sys.exit(main())
