# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Admin audit events of the Webex simulator (standard library only): what changed, when and by whom.

API (served by webex_simulator.py through the hooks at the end of this file; faults, latency and rate limits apply as
to every API route; any valid token reads them):

- ``GET /v1/adminAudit/events?orgId=&from=&to=[&actorId=][&eventCategories=A,B][&max=][&start=]``: the events of the
  organization with ``from <= created < to``, newest first, paged with ``Link: <...start=N>; rel="next"`` (``max``
  defaults to 100, at most 1000). ``orgId``, ``from`` and ``to`` are required; ``from`` must be before ``to`` and at
  most one year before it (400 otherwise).
- ``GET /v1/adminAudit/eventCategories``: ``{"eventCategories": [...]}``.

Every write made through the API (the PUT of any owner kind's intercept, a greeting upload) that succeeds is recorded
as one event: ``id``, ``created`` (milliseconds, UTC), ``actorId``, ``actorOrgId`` (the administrator of the token,
as ``GET /v1/people/me`` shows it) and ``data`` with ``targetId``, ``targetType``, ``targetName``, ``targetOrgId``,
``eventCategory``, ``eventDescription``, ``actionText``, ``actorName``, ``actorEmail``, ``actorIp`` and ``trackingId``
(the request's).

Control API (under ``/_sim/audit``, like the other control endpoints: no auth, never logged or faulted):

- ``POST /_sim/audit/change`` ``{"kind": "people"|"workspaces"|"virtual_lines"|"locations", "id": ..., "set": {partial
  API dict}, "actor": {"name", "email"} (optional: another administrator, "Control Hub Admin"), "record": true}``:
  a change made "in Control Hub" by another administrator: the stored settings are deep-merged with ``set`` and one
  event is recorded (none with ``"record": false``, a change that produces no audit event). Answers the event (or null).
- ``GET /_sim/audit/events``: every event recorded, oldest first. ``POST /_sim/audit/events`` ``{"items": [...]}``:
  append raw items as they are (malformed ones included), each listed with ``created`` as given (or now).
- ``GET|POST /_sim/audit/config``: ``{"visibility_delay": seconds (an event is listed only that long after it was
  created, as events reach the API late), "events_read": true (false: the token lacks the audit:events_read scope and
  the events API answers 403)}``.
- ``POST /_sim/reset`` clears the events and restores this config.
"""

import copy
import datetime
import re
import sys
import threading
import time
import uuid

ROUTE_EVENTS = "/adminAudit/events"
ROUTE_CATEGORIES = "/adminAudit/eventCategories"
API_ROUTES = (
    (re.compile(r"^/v1/adminAudit/events/?$"), ROUTE_EVENTS, ("GET",)),
    (re.compile(r"^/v1/adminAudit/eventCategories/?$"), ROUTE_CATEGORIES, ("GET",)),
)
ROUTES = frozenset(route for dummy, route, dummy_methods in API_ROUTES)
CATEGORIES = ("AUTHENTICATIONS", "COMPLIANCE", "DEVICES", "LOCATIONS", "LOGINS", "PLACES", "SETTINGS", "USERS")
MAX_PAGE = 1000
DEFAULT_PAGE = 100
ONE_YEAR = datetime.timedelta(days=366)
SCOPE = "audit:events_read"
DEFAULT_CONFIG = {"visibility_delay": 0.0, "events_read": True}
CONTROL_HUB_ACTOR = {"name": "Control Hub Admin", "email": "hub-admin@example.com"}
ACTOR_IP = "192.0.2.10"

# kind -> (targetType, eventCategory), the kind as the simulator's control API spells it
TARGETS = {
    "people": ("User", "USERS"),
    "workspaces": ("Place", "PLACES"),
    "virtual_lines": ("VirtualLine", "SETTINGS"),
    "locations": ("Location", "LOCATIONS"),
}
# API route of a write -> (kind, what)
WRITE_ROUTES = {
    "/people/{personId}/features/intercept": ("people", "settings"),
    "/people/{personId}/features/intercept/actions/announcementUpload/invoke": ("people", "greeting"),
    "/workspaces/{workspaceId}/features/intercept": ("workspaces", "settings"),
    "/telephony/config/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke": ("workspaces", "greeting"),
    "/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke": ("workspaces", "greeting"),
    "/telephony/config/virtualLines/{virtualLineId}/intercept": ("virtual_lines", "settings"),
    "/telephony/config/virtualLines/{virtualLineId}/intercept/actions/announcementUpload/invoke": ("virtual_lines", "greeting"),
    "/telephony/config/locations/{locationId}/intercept": ("locations", "settings"),
}
DESCRIPTIONS = {"settings": "Call intercept settings updated", "greeting": "Call intercept greeting uploaded"}


class AuditError(Exception):
    """An API error of the events API: (status, message)."""

    def __init__(self, status, message):
        super(AuditError, self).__init__(message)
        self.status = status
        self.message = message


def timestamp(seconds):
    """ISO 8601 UTC with milliseconds, as Webex writes ``created``."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def parse_time(value, name):
    """A query time (ISO 8601, ``Z`` or an offset) as an aware datetime; AuditError 400 naming the parameter."""
    text = (value or "").strip()
    if not text:
        raise AuditError(400, "%s is required (ISO 8601, for example 2026-12-04T09:00:00.000Z)." % name)
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise AuditError(400, "%s is not an ISO 8601 date and time: %s" % (name, text))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


class AuditLog:
    """The recorded events of every organization (guarded by the simulator state's lock)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []  # (created seconds, event), oldest first
        self.config = dict(DEFAULT_CONFIG)

    def add(self, event, created=None):
        with self.lock:
            self.items.append((time.time() if created is None else created, event))
        return event

    def record(self, org_id, actor, kind, target_id, target_name, what, tracking_id):
        """Record one change of a target's call intercept; return the event."""
        now = time.time()
        target_type, category = TARGETS[kind]
        event = {
            "id": str(uuid.uuid4()),
            "created": timestamp(now),
            "actorId": actor["id"],
            "actorOrgId": actor["orgId"],
            "data": {
                "targetId": target_id,
                "targetType": target_type,
                "targetName": target_name,
                "targetOrgId": org_id,
                "eventCategory": category,
                "eventDescription": DESCRIPTIONS[what],
                "actionText": "%s %s the call intercept %s of %s" % (
                    actor["name"], "changed" if what == "settings" else "uploaded", what, target_name),
                "actorName": actor["name"],
                "actorEmail": actor["email"],
                "actorIp": ACTOR_IP,
                "trackingId": tracking_id,
            },
        }
        return self.add(event, now)

    def set_config(self, changes):
        if not isinstance(changes, dict) or set(changes) - set(DEFAULT_CONFIG):
            raise ValueError("audit config keys: %s" % ", ".join(sorted(DEFAULT_CONFIG)))
        delay = changes.get("visibility_delay", 0)
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
            raise ValueError("visibility_delay must be a number of seconds >= 0")
        if not isinstance(changes.get("events_read", True), bool):
            raise ValueError("events_read must be true or false")
        with self.lock:
            self.config.update(changes)
            return dict(self.config)

    def select(self, org_id, start, end, actor_id=None, categories=None):
        """The visible events of the org with start <= created < end, newest first."""
        with self.lock:
            visible_until = time.time() - float(self.config["visibility_delay"])
            chosen = []
            for created, event in self.items:
                if created > visible_until:
                    continue
                data = event.get("data") if isinstance(event.get("data"), dict) else {}
                if data.get("targetOrgId", org_id) != org_id and event.get("actorOrgId") != org_id:
                    continue
                if not start.timestamp() <= created < end.timestamp():
                    continue
                if actor_id and event.get("actorId") != actor_id:
                    continue
                if categories and data.get("eventCategory") not in categories:
                    continue
                chosen.append((created, event))
        chosen.sort(key=lambda pair: pair[0], reverse=True)
        return [copy.deepcopy(event) for dummy, event in chosen]


# --- hooks called by webex_simulator.py --------------------------------------------------------------------------

def serve(handler, route, query, org_id):
    """Answer an events API request: (status, document, headers); raises the simulator's SimError."""
    sim = _simulator(handler)
    state = handler.server.state
    audit = state.audit
    with audit.lock:
        allowed = audit.config["events_read"]
    if not allowed:
        raise sim.SimError(403, "The access token is missing the required scope %s (full administrator)." % SCOPE)
    if route == ROUTE_CATEGORIES:
        return 200, {"eventCategories": list(CATEGORIES)}, {}
    try:
        if not query.get("orgId"):
            raise AuditError(400, "orgId is required.")
        start = parse_time(query.get("from"), "from")
        end = parse_time(query.get("to"), "to")
        if start >= end:
            raise AuditError(400, "from must be before to.")
        if end - start > ONE_YEAR:
            raise AuditError(400, "from and to may be at most one year apart.")
    except AuditError as exc:
        raise sim.SimError(exc.status, exc.message, error_code=sim.VALIDATION_CODE)
    categories = [item for item in (query.get("eventCategories") or "").split(",") if item.strip()]
    items = audit.select(org_id, start, end, query.get("actorId") or None, set(categories))
    return handler._page(ROUTE_EVENTS, items, "items", query, DEFAULT_PAGE, MAX_PAGE)


def target_name(state, kind, target_id):
    """The name Control Hub shows for a target."""
    if kind == "locations":
        location = state.locations.get(target_id)
        return location["name"] if location else target_id
    record = state.owner(kind, target_id)
    return record["displayName"] if record else target_id


def after_write(handler, route, method, route_args, org_id, entry, status):
    """Record a successful write of the API as an event of the token's administrator."""
    if method not in ("PUT", "POST") or route not in WRITE_ROUTES or not 200 <= status < 300 or not route_args:
        return
    state = handler.server.state
    kind, what = WRITE_ROUTES[route]
    me = state.me_document(entry.get("role") or "admin")
    actor = {"id": me["id"], "orgId": me["orgId"], "name": me["displayName"], "email": me["emails"][0]}
    with state.lock:
        name = target_name(state, kind, route_args[0])
    state.audit.record(org_id, actor, kind, route_args[0], name, what, entry.get("tracking_id"))


def control(handler, method, path, document):
    """The ``/_sim/audit/...`` control endpoints: (status, document), or None when the path is not one of them."""
    if not path.startswith("/_sim/audit/"):
        return None
    sim = _simulator(handler)
    state = handler.server.state
    audit = state.audit
    if (method, path) == ("GET", "/_sim/audit/events"):
        with audit.lock:
            return 200, [copy.deepcopy(event) for dummy, event in audit.items]
    if (method, path) == ("POST", "/_sim/audit/events"):
        items = document.get("items") if isinstance(document, dict) else None
        if not isinstance(items, list):
            raise sim.ControlError(400, "body must look like {\"items\": [event, ...]}")
        for item in items:
            created = None
            if isinstance(item, dict) and isinstance(item.get("created"), str):
                try:
                    created = parse_time(item["created"], "created").timestamp()
                except AuditError:
                    created = None
            audit.add(copy.deepcopy(item), created)
        return 200, {"ok": True}
    if path == "/_sim/audit/config" and method in ("GET", "POST"):
        if method == "GET":
            with audit.lock:
                return 200, dict(audit.config)
        try:
            return 200, audit.set_config(document or {})
        except ValueError as exc:
            raise sim.ControlError(400, str(exc))
    if (method, path) == ("POST", "/_sim/audit/change"):
        return 200, control_hub_change(state, document, sim)
    raise sim.ControlError(404, "unknown control endpoint %s %s" % (method, path))


def control_hub_change(state, document, sim):
    """A change of one target's intercept by another administrator "in Control Hub"."""
    if not isinstance(document, dict) or set(document) - {"kind", "id", "set", "actor", "record"}:
        raise sim.ControlError(400, "body takes kind, id, set, actor and record")
    kind = {"person": "people", "workspace": "workspaces", "virtual_line": "virtual_lines",
            "location": "locations"}.get(document.get("kind"), document.get("kind"))
    if kind not in TARGETS:
        raise sim.ControlError(400, "kind must be one of %s" % ", ".join(TARGETS))
    target_id = document.get("id")
    change = document.get("set")
    actor = dict(CONTROL_HUB_ACTOR, **(document.get("actor") or {}))
    if not isinstance(change, dict):
        raise sim.ControlError(400, "set must be a JSON object (partial settings in the API's shape)")
    with state.lock:
        store = state.location_intercepts if kind == "locations" else state.intercepts
        if target_id not in store or (kind != "locations" and state.owner(kind, target_id) is None):
            raise sim.ControlError(404, "no %s with an intercept: %s" % (kind, target_id))
        store[target_id] = sim.normalize_stored(sim.deep_merge(copy.deepcopy(store[target_id]), copy.deepcopy(change)))
        org_id = (state.locations[target_id] if kind == "locations" else state.owner(kind, target_id))["orgId"]
        name = target_name(state, kind, target_id)
    if document.get("record", True) is False:
        return None
    actor_id = sim.webex_id("PEOPLE", str(uuid.uuid5(sim.ID_NAMESPACE, "hub-admin/%s" % actor["email"])))
    return state.audit.record(org_id, {"id": actor_id, "orgId": org_id, "name": actor["name"], "email": actor["email"]},
                              kind, target_id, name, "settings", "CONTROL_HUB_%s" % uuid.uuid4())


def _simulator(handler):
    """The simulator module that serves this request (it imports this one, so it is not imported here)."""
    return sys.modules[type(handler).__module__]
