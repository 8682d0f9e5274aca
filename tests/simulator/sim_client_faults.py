# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: what the client meets besides single faults. The API going down mid-run, empty and unknown locations.

Control API (hooked into webex_simulator.py; cleared by ``POST /_sim/reset``):

- ``POST /_sim/outage`` ``{"after": n}``: the next ``n`` API requests are served, every later one is dropped with a
  TCP reset before it is processed (nothing is written), and logged with ``fault: "down"``. ``{"after": 0}``: down
  now. ``{"after": null}`` or ``DELETE /_sim/outage``: up again. ``GET /_sim/outage``: ``{"after": requests still
  served or null, "dropped": requests dropped}``.
- ``POST /_sim/listing`` ``{"unknown_location": "not_found" | "empty"}``: how listings filtered by a ``locationId``
  that is no location of the organization answer: 404 (the default), or 200 with an empty list (as some Webex
  listings may).
- ``POST /_sim/locations`` (a location with nobody in it) is sim_orgs.py's.
- ``POST /_sim/people`` ``{"email": "...", "locationId": optional}``: add a Webex Calling person with this email,
  exactly as given (Webex keeps the capitals of an address), at this location (default: the organization's first);
  answers its API document.
"""

import uuid

UNKNOWN_LOCATION_MODES = ("not_found", "empty")
OUTAGE_PATH = "/_sim/outage"


class ControlError(Exception):
    """A bad request to these control endpoints (webex_simulator answers it like its own)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class ClientFaults:
    """The outage and listing modes of one simulator state; a new one at every reset."""

    def __init__(self):
        self.after = None
        self.dropped = 0
        self.unknown_location = "not_found"

    def drop(self, lock):
        """Whether this API request is dropped (the API is down); counts it."""
        with lock:
            if self.after is None:
                return False
            if self.after > 0:
                self.after -= 1
                return False
            self.dropped += 1
            return True

    def lists_unknown_location_empty(self):
        return self.unknown_location == "empty"

    def outage(self):
        return {"after": self.after, "dropped": self.dropped}

    def control(self, state, method, path, document, webex_id):
        """The answer of a control request of this module; None when the path is not one of its.

        ``webex_id(kind, uuid)`` makes the simulator's IDs.
        """
        if path == OUTAGE_PATH:
            with state.lock:
                if method == "DELETE":
                    self.after = None
                elif method == "POST":
                    after = (document or {}).get("after") if isinstance(document, dict) else None
                    if after is not None and (isinstance(after, bool) or not isinstance(after, int) or after < 0):
                        raise ControlError(400, "after must be an integer >= 0 or null")
                    self.after = after
                elif method != "GET":
                    return None
                return self.outage()
        if path == "/_sim/listing" and method == "POST":
            mode = (document or {}).get("unknown_location") if isinstance(document, dict) else None
            if mode not in UNKNOWN_LOCATION_MODES:
                raise ControlError(400, "unknown_location must be one of %s" % ", ".join(UNKNOWN_LOCATION_MODES))
            self.unknown_location = mode
            return {"unknown_location": mode}
        if path == "/_sim/people" and method == "POST":
            return add_person(state, document)
        return None


def add_person(state, document):
    """A new calling person of the home organization with the email given, capitals kept; its API document."""
    if not isinstance(document, dict) or not isinstance(document.get("email"), str) or "@" not in document["email"]:
        raise ControlError(400, "a person needs an email")
    with state.lock:
        org_id = state.home_org_id
        location_id = document.get("locationId") or next(
            loc_id for loc_id, location in state.locations.items() if location["orgId"] == org_id)
        if location_id not in state.locations:
            raise ControlError(404, "no location %s" % location_id)
        person_uuid = str(uuid.uuid4())
        state._add_person(person_uuid, org_id, document["email"], "Added", "Person", True, location_id, None, None, None)
        person_id = state.people_order[-1]
        return state.person_document(state.people[person_id], True)
