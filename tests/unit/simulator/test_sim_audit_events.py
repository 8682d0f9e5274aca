# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the simulator's admin audit events: writes recorded, the window and paging, Control Hub changes."""

import time

import pytest

import sim_audit_events
from webex_simulator import SimulatorProcess

EVENTS = "/adminAudit/events"


@pytest.fixture(scope="module")
def sim():
    with SimulatorProcess(people=3, locations=1, workspaces=2, virtual_lines=1) as process:
        yield process


@pytest.fixture
def http(http, sim):  # pylint: disable=redefined-outer-name
    http.headers["Authorization"] = "Bearer " + sim.admin_token
    return http


def window(seconds_back=60, seconds_ahead=1):
    now = time.time()
    return sim_audit_events.timestamp(now - seconds_back), sim_audit_events.timestamp(now + seconds_ahead)


def events(sim, http, **params):
    start, end = window()
    query = dict({"orgId": sim.org_id, "from": start, "to": end}, **params)
    pages = []
    response = http.get(sim.url + EVENTS, params=query)
    while True:
        assert response.status_code == 200, response.text
        pages.append(response.json()["items"])
        if "next" not in response.links:
            return pages
        response = http.get(response.links["next"]["url"])


def test_writes_through_the_api_are_recorded_with_the_tokens_actor(sim, http):
    person = sim.people()[0]
    workspace = sim.workspaces()[0]
    line = sim.virtual_lines()[0]
    location = sim.locations()[0]
    assert http.put(sim.url + "/people/%s/features/intercept" % person["id"], json={"enabled": True},
                    headers={"TrackingID": "T-1"}).status_code == 204
    assert http.put(sim.url + "/workspaces/%s/features/intercept" % workspace["id"], json={"enabled": True}).status_code == 204
    assert http.put(sim.url + "/telephony/config/virtualLines/%s/intercept" % line["id"], json={"enabled": True}).status_code == 204
    assert http.put(sim.url + "/telephony/config/locations/%s/intercept" % location["id"], json={"enabled": False}).status_code == 204
    # a refused write and a read are not events
    assert http.put(sim.url + "/people/%s/features/intercept" % person["id"], json={"enabled": "yes"}).status_code == 400
    assert http.get(sim.url + "/people/%s/features/intercept" % person["id"]).status_code == 200
    items = [item for page in events(sim, http) for item in page]
    me = http.get(sim.url + "/people/me").json()
    assert [(item["data"]["targetId"], item["data"]["targetType"]) for item in items] == [
        (location["id"], "Location"), (line["id"], "VirtualLine"), (workspace["id"], "Place"), (person["id"], "User")]
    for item in items:
        assert item["actorId"] == me["id"] and item["actorOrgId"] == sim.org_id
        assert item["data"]["actorEmail"] == me["emails"][0] and item["data"]["targetOrgId"] == sim.org_id
        assert item["created"].endswith("Z") and len(item["created"]) == len("2026-12-04T09:01:12.345Z")
    assert items[-1]["data"]["targetName"] == person["displayName"] and items[-1]["data"]["trackingId"] == "T-1"
    assert sim.admin_token not in str(items)


def test_window_paging_and_categories(sim, http):
    people = sim.people()[:3]
    for person in people:
        sim.control("POST", "/_sim/audit/change", {"kind": "people", "id": person["id"], "set": {"enabled": True}})
    pages = events(sim, http, max=2)
    assert [len(page) for page in pages] == [2, 1]
    assert sorted(item["data"]["targetId"] for page in pages for item in page) == sorted(p["id"] for p in people)
    assert all(item["data"]["actorEmail"] == "hub-admin@example.com" for page in pages for item in page)
    assert events(sim, http, eventCategories="PLACES,LOCATIONS") == [[]]
    start, end = window(seconds_back=3600, seconds_ahead=-30)
    response = http.get(sim.url + EVENTS, params={"orgId": sim.org_id, "from": start, "to": end})
    assert response.json()["items"] == []
    assert sim.get_intercept(people[0]["id"])["enabled"] is True


@pytest.mark.parametrize("params, fragment", [
    ({"from": None}, "from is required"),
    ({"to": "yesterday"}, "to is not an ISO 8601"),
    ({"orgId": None}, "orgId is required"),
    ({"swap": True}, "from must be before to"),
])
def test_bad_queries_are_refused(sim, http, params, fragment):
    start, end = window()
    query = {"orgId": sim.org_id, "from": start, "to": end}
    if params.pop("swap", False):
        query["from"], query["to"] = end, start
    query.update(params)
    response = http.get(sim.url + EVENTS, params=dict((key, value) for key, value in query.items() if value is not None))
    assert response.status_code == 400 and fragment in response.text


def test_missing_scope_late_visibility_faults_and_no_record(sim, http):
    person = sim.people()[1]
    hidden = {"kind": "person", "id": person["id"], "set": {"enabled": True}, "record": False}
    assert sim.control("POST", "/_sim/audit/change", hidden) is None
    assert events(sim, http) == [[]]
    assert sim.get_intercept(person["id"])["enabled"] is True
    sim.control("POST", "/_sim/audit/config", {"visibility_delay": 30})
    sim.control("POST", "/_sim/audit/change", {"kind": "person", "id": person["id"], "set": {"enabled": False}})
    assert events(sim, http) == [[]] and len(sim.control("GET", "/_sim/audit/events")) == 1
    sim.control("POST", "/_sim/audit/config", {"visibility_delay": 0, "events_read": False})
    denied = http.get(sim.url + "/adminAudit/eventCategories")
    assert denied.status_code == 403 and "audit:events_read" in denied.text
    sim.control("POST", "/_sim/audit/config", {"events_read": True})
    sim.add_faults([{"path": "adminAudit", "status": 429, "retry_after": 0}])
    assert http.get(sim.url + "/adminAudit/eventCategories").status_code == 429
    assert http.get(sim.url + "/adminAudit/eventCategories").json()["eventCategories"]
