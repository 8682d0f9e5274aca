# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Empty organizations and locations for the simulator (standard library only).

``POST /_sim/orgs {"name": ...}`` adds an organization with no people, locations, workspaces or virtual lines; both
tokens reach it with ``?orgId=<its ID>``, as they reach the customer organization, and it answers
``GET /organizations/{orgId}`` with its name. ``POST /_sim/locations {"name": ..., "orgId": ...}`` adds a location with
nobody in it (the home organization's by default), its intercept the default one. A reset removes both (the seed is
read again).
"""

import uuid


def add_org(state, document, webex_id, error):
    """Add an empty organization named ``document["name"]``; its ``{id, name}``. ``error(status, message)`` is the
    simulator's ControlError."""
    name = (document or {}).get("name") if isinstance(document, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise error(400, 'POST /_sim/orgs takes {"name": "..."}')
    with state.lock:
        org_id = webex_id("ORGANIZATION", str(uuid.uuid5(uuid.NAMESPACE_URL, "sim-org/%d/%s" % (len(state.orgs), name))))
        state.orgs[org_id] = {"id": org_id, "name": name, "key": "added-%d" % len(state.orgs),
                              "domain": "empty%d.example.org" % len(state.orgs)}
    return {"id": org_id, "name": name}


def add_location(state, document, webex_id, error, default_intercept):
    """Add an empty location named ``document["name"]`` to ``document["orgId"]`` (default: home); its ``{id, name}``."""
    document = document if isinstance(document, dict) else {}
    name, org_id = document.get("name"), document.get("orgId") or state.home_org_id
    if not isinstance(name, str) or not name.strip() or org_id not in state.orgs:
        raise error(400, 'POST /_sim/locations takes {"name": "...", "orgId": an organization of the simulator}')
    with state.lock:
        loc_id = webex_id("LOCATION", str(uuid.uuid5(uuid.NAMESPACE_URL, "sim-location/%d/%s" % (len(state.locations), name))))
        state.locations[loc_id] = {"id": loc_id, "name": name, "orgId": org_id}
        state.location_intercepts[loc_id] = default_intercept()
        state.location_announcements[loc_id] = []
    return {"id": loc_id, "name": name}
