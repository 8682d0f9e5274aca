# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the simulator's owners beside people: workspaces, virtual lines, locations (and the organization)."""

import pytest
import requests

from webex_simulator import SimulatorProcess

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 28
VL_UPLOAD = "/telephony/config/virtualLines/%s/intercept/actions/announcementUpload/invoke"
WS_UPLOAD = "/telephony/config/workspaces/%s/features/intercept/actions/announcementUpload/invoke"


@pytest.fixture(scope="module")
def sim():
    with SimulatorProcess(people=6, locations=2, workspaces=7, virtual_lines=5) as process:
        yield process


@pytest.fixture
def http(http, sim):  # pylint: disable=redefined-outer-name
    """The loopback session of conftest, as the admin."""
    http.headers["Authorization"] = "Bearer " + sim.admin_token
    return http


def pages(http, url, params, key):
    """Follow rel=next to the end; return the pages' items."""
    result = []
    response = http.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        result.append(response.json()[key])
        if "next" not in response.links:
            return result
        assert response.links["next"]["url"].startswith(url)
        response = http.get(response.links["next"]["url"])


def assert_error(response, status, fragment=None, tracking_id=None):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["message"] and body["errors"] and body["trackingId"]
    if fragment is not None:
        assert fragment in " ".join(item["description"] for item in body["errors"]), body
    if tracking_id is not None:
        assert body["trackingId"] == tracking_id
    return body


def site(sim, number):
    return sim.location_by_name("Generated Site %02d" % number)["id"]


# -- listings --------------------------------------------------------------------------------------------------------


def test_workspaces_listing_pages_and_filters(sim, http):
    url = sim.url + "/workspaces"
    everything = pages(http, url, {"max": 5}, "items")
    names = [item["displayName"] for page in everything for item in page]
    assert [len(page) for page in everything] == [5, 5, 2]  # 5 seeded in the home org (one without calling) + 7 generated
    assert "Customer Lobby" not in names and names.count("Reception") == 2 and "Quiet Room" in names
    first = site(sim, 1)
    at_site = [item for page in pages(http, url, {"locationId": first, "max": 2}, "items") for item in page]
    assert sorted(item["displayName"] for item in at_site) == ["Workspace 0001", "Workspace 0003", "Workspace 0005", "Workspace 0007"]
    assert all(item["locationId"] == first and item["calling"]["type"] == "webexCalling" for item in at_site)
    # displayName matches a part of the name, case-insensitive: clients must check for an exact match themselves.
    assert sorted(item["displayName"] for item in http.get(url, params={"displayName": "RECEP"}).json()["items"]) == ["Reception", "Reception"]
    assert [item["displayName"] for item in http.get(url, params={"calling": "freeCalling"}).json()["items"]] == ["Quiet Room"]
    assert "locationId" in http.get(url, params={"displayName": "Lobby Phone"}).json()["items"][0]
    partner = http.get(url, params={"orgId": sim.partner_org_id}).json()["items"]
    assert [(item["displayName"], item["orgId"]) for item in partner] == [("Customer Lobby", sim.partner_org_id)]
    assert_error(http.get(url, params={"locationId": "bogus"}), 404)
    assert_error(http.get(url, params={"max": 0}), 400, "max")
    assert_error(http.get(url, params={"start": "-1"}), 400, "start")


def test_virtual_lines_listing_pages_and_filters(sim, http):
    url = sim.url + "/telephony/config/virtualLines"
    everything = pages(http, url, {"max": 3}, "virtualLines")
    assert [len(page) for page in everything] == [3, 3, 3]  # 4 seeded + 5 generated
    lines = [item for page in everything for item in page]
    main = [item for item in lines if item["firstName"] == "Main"][0]
    assert main["number"] == {"primary": True, "external": "+14085551801", "extension": "1801"}
    assert main["location"] == {"id": sim.location_by_name("Headquarters")["id"], "name": "Headquarters"}
    assert "callerIdNumber" not in [item for item in lines if item["number"].get("extension") == "1803"][0]
    by_site = http.get(url, params=[("locationId", site(sim, 1)), ("locationId", site(sim, 2))]).json()["virtualLines"]
    assert sorted(item["lastName"] for item in by_site) == ["0001", "0002", "0003", "0004", "0005"]
    assert [item["lastName"] for item in http.get(url, params={"locationId": site(sim, 2)}).json()["virtualLines"]] == ["0002", "0004"]
    night = http.get(url, params={"ownerName": "night line"}).json()["virtualLines"]
    assert [item["number"]["extension"] for item in night] == ["1803", "2803"]
    by_number = http.get(url, params=[("phoneNumber", "2801"), ("phoneNumber", "+14085551801")]).json()["virtualLines"]
    assert sorted(item["firstName"] for item in by_number) == ["Main", "Support"]
    assert [item["firstName"] for item in http.get(url, params={"locationName": "branch office"}).json()["virtualLines"]] == ["Support", "Night"]
    assert [item["number"]["extension"] for item in http.get(url, params={"hasDnAssigned": "false"}).json()["virtualLines"]] == ["1803"]
    assert [item["id"] for item in http.get(url, params={"id": main["id"]}).json()["virtualLines"]] == [main["id"]]
    partner = http.get(url, params={"orgId": sim.partner_org_id}).json()["virtualLines"]
    assert [item["firstName"] for item in partner] == ["Customer"]
    assert_error(http.get(url, params={"locationId": sim.location_by_name("Customer Main Site", org_id=sim.partner_org_id)["id"]}), 404)
    assert_error(http.get(url, params={"hasExtensionAssigned": "maybe"}), 400)


def test_locations_listing_and_details(sim, http):
    url = sim.url + "/locations"
    everything = pages(http, url, {"max": 1}, "items")
    assert [item["name"] for page in everything for item in page] == ["Headquarters", "Branch Office", "Generated Site 01", "Generated Site 02"]
    assert [item["name"] for item in http.get(url, params={"name": "SITE"}).json()["items"]] == ["Generated Site 01", "Generated Site 02"]
    hq = sim.location_by_name("Headquarters")
    assert http.get(url, params={"name": "Headquarters"}).json()["items"] == [{key: hq[key] for key in hq if key not in ("announcements", "interceptEnabled")}]
    details = http.get("%s/%s" % (url, hq["id"]))
    assert details.status_code == 200 and details.json()["name"] == "Headquarters" and details.json()["orgId"] == sim.org_id
    customer = sim.location_by_name("Customer Main Site", org_id=sim.partner_org_id)["id"]
    assert_error(http.get("%s/%s" % (url, customer)), 404)
    assert http.get("%s/%s" % (url, customer), params={"orgId": sim.partner_org_id}).json()["name"] == "Customer Main Site"
    assert [item["name"] for item in http.get(url, params={"orgId": sim.partner_org_id}).json()["items"]] == ["Customer Main Site"]


def test_organization_and_me(sim, http):
    me = http.get(sim.url + "/people/me").json()
    assert me["orgId"] == sim.org_id and me["emails"] and me["id"]
    auditor = http.get(sim.url + "/people/me", headers={"Authorization": "Bearer " + sim.readonly_token}).json()
    assert auditor["orgId"] == sim.org_id and auditor["id"] != me["id"]
    org = http.get("%s/organizations/%s" % (sim.url, me["orgId"])).json()
    assert org == {"id": sim.org_id, "displayName": "Simulated Home Org", "created": org["created"]}
    assert http.get("%s/organizations/%s" % (sim.url, sim.partner_org_id)).json()["displayName"] == "Simulated Customer Org"
    assert sorted(item["id"] for item in http.get(sim.url + "/organizations").json()["items"]) == sorted([sim.org_id, sim.partner_org_id])
    assert_error(http.get(sim.url + "/organizations/nope"), 404)
    assert http.get(sim.url + "/people/me", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_generated_site_counts():
    """A site of 200 people, 20 workspaces and 5 virtual lines (and a second one like it) for a "close a site" test."""
    with SimulatorProcess(locations=2, people=400, workspaces=40, virtual_lines=10) as big:
        first = big.location_by_name("Generated Site 01")["id"]
        owners = big.intercepts(location_id=first)
        counts = dict((kind, len([item for item in owners if item["kind"] == kind])) for kind in ("people", "workspaces", "virtual_lines"))
        assert counts == {"people": 200, "workspaces": 20, "virtual_lines": 5}
        assert len(big.workspaces(location_id=first)) == 20 and len(big.virtual_lines(location_id=first)) == 5
        assert big.location_announcements(first) == ["site-closed.wav"]


# -- intercept of workspaces and virtual lines -------------------------------------------------------------------------


def test_workspace_intercept_quirks(sim, http):
    lobby = sim.workspace_by_name("Lobby Phone")["id"]
    url = "%s/workspaces/%s/features/intercept" % (sim.url, lobby)
    assert http.get(url).json() == {
        "enabled": False,
        "incoming": {"type": "INTERCEPT_ALL", "voicemailEnabled": False,
                     "announcements": {"greeting": "DEFAULT", "newNumber": {"enabled": False}, "zeroTransfer": {"enabled": False},
                                       "mediaFileType": "WAV"}},
        "outgoing": {"type": "INTERCEPT_ALL", "transferEnabled": False},
    }
    board = http.get("%s/workspaces/%s/features/intercept" % (sim.url, sim.workspace_by_name("Board Room")["id"])).json()
    assert board["incoming"]["announcements"]["fileName"] == "boardroom-closed.wav" and board["enabled"] is True
    response = http.put(url, json={"enabled": True, "outgoing": {"type": "ALLOW_LOCAL_ONLY"}})
    assert response.status_code == 204 and response.content == b""
    stored = sim.get_intercept(lobby, kind="workspaces")
    assert stored["enabled"] is True and stored["outgoing"]["type"] == "ALLOW_LOCAL_ONLY" and stored["incoming"]["type"] == "INTERCEPT_ALL"
    # What a client echoes from the response is accepted; anything else unknown, or invalid, is not.
    assert http.put(url, json={"incoming": {"announcements": {"mediaFileType": "WAV", "greeting": "DEFAULT"}}}).status_code == 204
    assert_error(http.put(url, json={"incoming": {"announcements": {"mediaFileType": 7}}}), 400, "mediaFileType must be a string")
    assert_error(http.put(url, json={"enabled": True, "colour": "blue"}), 400, "Unknown field colour")
    assert_error(http.put(url, json={"incoming": {"announcements": {"fileName": "x.wav"}}}), 400, "read-only")
    assert_error(http.put(url, json={"incoming": {"announcements": {"greeting": "CUSTOM"}}}), 400, "greeting file")
    assert sim.get_intercept(lobby, kind="workspaces") == stored


def test_workspace_and_virtual_line_not_found(sim, http):
    quiet = sim.workspace_by_name("Quiet Room")["id"]
    assert_error(http.get("%s/workspaces/%s/features/intercept" % (sim.url, quiet)), 404, tracking_id=None)
    assert "Calling" in http.get("%s/workspaces/%s/features/intercept" % (sim.url, quiet)).json()["message"]
    assert_error(http.get("%s/workspaces/nope/features/intercept" % sim.url, headers={"TrackingID": "T_ws"}), 404, tracking_id="T_ws")
    assert_error(http.get("%s/telephony/config/virtualLines/nope/intercept" % sim.url), 404)
    assert_error(http.put("%s/telephony/config/locations/nope/intercept" % sim.url, json={"enabled": True}), 404)
    partner_line = sim.virtual_line_by_name("Customer Line", org_id=sim.partner_org_id)["id"]
    assert_error(http.get("%s/telephony/config/virtualLines/%s/intercept" % (sim.url, partner_line)), 404)
    ok = http.get("%s/telephony/config/virtualLines/%s/intercept" % (sim.url, partner_line), params={"orgId": sim.partner_org_id})
    assert ok.status_code == 200
    # A person id is no workspace and a workspace id no virtual line.
    alice = sim.person_by_email("alice.anders@example.com")["id"]
    assert_error(http.get("%s/workspaces/%s/features/intercept" % (sim.url, alice)), 404)
    assert_error(http.get("%s/telephony/config/virtualLines/%s/intercept" % (sim.url, sim.workspace_by_name("Lobby Phone")["id"])), 404)


def test_virtual_line_intercept_and_upload(sim, http):
    line = sim.virtual_line_by_name("Main Line")["id"]
    url = "%s/telephony/config/virtualLines/%s/intercept" % (sim.url, line)
    assert http.get(url).json()["enabled"] is False
    support = http.get("%s/telephony/config/virtualLines/%s/intercept" % (sim.url, sim.virtual_line_by_name("Support Line")["id"])).json()
    assert support["outgoing"] == {"type": "ALLOW_LOCAL_ONLY", "transferEnabled": True, "destination": "+14085552800"}
    response = http.post(sim.url + VL_UPLOAD % line, files={"file": ("main-closed.wav", WAV, "audio/wav")})
    assert response.status_code == 201 and response.content == b""
    assert sim.get_upload(line, kind="virtual_lines") == {"fileName": "main-closed.wav", "size": len(WAV), "contentType": "audio/wav", "count": 1}
    assert http.get(url).json()["incoming"]["announcements"]["fileName"] == "main-closed.wav"
    assert http.put(url, json={"enabled": True, "incoming": {"announcements": {"greeting": "CUSTOM"}}}).status_code == 204
    assert_error(http.post(sim.url + VL_UPLOAD % line, files={"file": ("notes.txt", b"x", "text/plain")}), 400, ".wav")
    readonly = {"Authorization": "Bearer " + sim.readonly_token}
    assert_error(http.put(url, json={"enabled": False}, headers=readonly), 403)
    assert_error(http.post(sim.url + VL_UPLOAD % line, files={"file": ("a.wav", WAV, "audio/wav")}, headers=readonly), 403)
    assert sim.get_intercept(line, kind="virtual_lines")["enabled"] is True


def test_workspace_upload_on_both_paths(sim, http):
    lobby = sim.workspace_by_name("Lobby Phone")["id"]
    assert http.post(sim.url + WS_UPLOAD % lobby, files={"file": ("a.wav", WAV, "audio/wav")}).status_code == 201
    sdk_path = "/workspaces/%s/features/intercept/actions/announcementUpload/invoke" % lobby
    assert http.post(sim.url + sdk_path, files={"file": ("b.wav", WAV, "audio/wav")}).status_code == 201
    assert sim.get_upload(lobby, kind="workspace")["count"] == 2
    assert [entry["route"] for entry in sim.log()] == [
        "/telephony/config/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke",
        "/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke"]
    quiet = sim.workspace_by_name("Quiet Room")["id"]
    assert_error(http.post(sim.url + WS_UPLOAD % quiet, files={"file": ("a.wav", WAV, "audio/wav")}), 404)


# -- location intercept and the override --------------------------------------------------------------------------------


def test_location_intercept_put_rules(sim, http):
    hq = sim.location_by_name("Headquarters")["id"]
    url = "%s/telephony/config/locations/%s/intercept" % (sim.url, hq)
    before = sim.get_intercept(hq, kind="locations")
    assert_error(http.put(url, json={"incoming": {"type": "ALLOW_ALL"}}, headers={"TrackingID": "T_loc"}), 400, "enabled is required", "T_loc")
    assert_error(http.put(url, json={"enabled": True, "incoming": {"announcements": {"greeting": "CUSTOM"}}}), 400, "fileName")
    assert_error(http.put(url, json={"enabled": True, "incoming": {"announcements": {"fileName": "nope.wav"}}}), 400, "repository")
    assert_error(http.put(url, json={"enabled": True, "incoming": {"announcements": {"filename": "holiday.wav"}}}), 400, "spelled fileName")
    assert_error(http.put(url, json={"enabled": True, "outgoing": {"transferEnabled": True}}), 400, "outgoing.destination")
    assert sim.get_intercept(hq, kind="locations") == before
    body = {"enabled": True, "incoming": {"type": "INTERCEPT_ALL", "announcements": {"greeting": "CUSTOM", "fileName": "holiday.wav",
                                                                                     "mediaFileType": "WAV"}}}
    assert http.put(url, json=body).status_code == 204
    answer = http.get(url).json()
    assert answer["enabled"] is True and answer["incoming"]["announcements"]["fileName"] == "holiday.wav"
    assert "destination" not in answer["outgoing"]
    # A greeting added to the repository (behind the API's back) can then be named.
    assert sim.add_location_announcements(hq, "storm.wav") == ["hq-closed.wav", "holiday.wav", "storm.wav"]
    assert http.put(url, json={"enabled": False, "incoming": {"announcements": {"fileName": "storm.wav"}}}).status_code == 204
    assert sim.get_intercept(hq, kind="locations")["incoming"]["announcements"]["fileName"] == "storm.wav"
    branch = sim.location_by_name("Branch Office")["id"]
    assert http.get("%s/telephony/config/locations/%s/intercept" % (sim.url, branch)).json()["incoming"]["announcements"]["fileName"] == "branch-closed.wav"
    assert http.post(url + "/actions/announcementUpload/invoke", files={"file": ("a.wav", WAV, "audio/wav")}).status_code == 404


def test_location_override_is_exposed(sim, http):
    branch = sim.location_by_name("Branch Office")["id"]
    carol = sim.person_by_email("carol.chen@example.com")["id"]
    alice = sim.person_by_email("alice.anders@example.com")["id"]  # at Headquarters
    reception = [item for item in sim.workspaces(location_id=branch) if item["displayName"] == "Reception"][0]["id"]
    support = sim.virtual_line_by_name("Support Line")["id"]
    assert sim.effective_intercept(carol) == {"source": "own", "locationId": branch, "intercept": sim.get_intercept(carol)}
    url = "%s/telephony/config/locations/%s/intercept" % (sim.url, branch)
    assert http.put(url, json={"enabled": True, "incoming": {"voicemailEnabled": True}}).status_code == 204
    location = sim.get_intercept(branch, kind="locations")
    for kind, owner in (("people", carol), ("workspaces", reception), ("virtual_lines", support)):
        assert sim.effective_intercept(owner, kind=kind) == {"source": "location", "locationId": branch, "intercept": location}
    assert sim.effective_intercept(alice)["source"] == "own"
    person = http.get("%s/people/%s/features/intercept" % (sim.url, carol)).json()
    assert person["enabled"] is False  # the person's own GET does not change
    owners = sim.intercepts(location_id=branch)
    assert {item["kind"] for item in owners} == {"people", "workspaces", "virtual_lines"}
    assert all(item["effective_source"] == "location" and item["locationId"] == branch for item in owners)
    assert [item["name"] for item in sim.intercepts(location_id=branch, kind="virtual_lines")] == ["Support Line", "Night Line"]
    assert "Quiet Room" not in [item["name"] for item in owners]  # no Webex Calling, no intercept
    assert http.put(url, json={"enabled": False}).status_code == 204
    assert sim.effective_intercept(carol)["source"] == "own"
    assert [item["interceptEnabled"] for item in sim.locations()] == [False, False, False, False]


# -- faults, log, counters, control ------------------------------------------------------------------------------------


def test_faults_log_and_counters_cover_the_new_routes(sim, http):
    lobby = sim.workspace_by_name("Lobby Phone")["id"]
    sim.add_faults([{"method": "GET", "path": "/workspaces$", "status": 429, "retry_after": 3},
                    {"method": "PUT", "path": "/telephony/config/locations/", "kind": "reset_after"}])
    response = http.get(sim.url + "/workspaces", headers={"TrackingID": "T_fault"})
    assert_error(response, 429, tracking_id="T_fault")
    assert response.headers["Retry-After"] == "3"
    hq = sim.location_by_name("Headquarters")["id"]
    with pytest.raises(requests.exceptions.ConnectionError):
        http.put("%s/telephony/config/locations/%s/intercept" % (sim.url, hq), json={"enabled": True})
    assert sim.get_intercept(hq, kind="locations")["enabled"] is True  # applied, then the connection was reset
    assert http.put("%s/workspaces/%s/features/intercept" % (sim.url, lobby), json={"enabled": True}).status_code == 204
    log = sim.log()
    assert [(entry["method"], entry["route"], entry["status"], entry["fault"]) for entry in log] == [
        ("GET", "/workspaces", 429, "status"),
        ("PUT", "/telephony/config/locations/{locationId}/intercept", 204, "reset_after"),
        ("PUT", "/workspaces/{workspaceId}/features/intercept", 204, None),
    ]
    assert log[2]["body"] == {"enabled": True} and log[0]["tracking_id"] == "T_fault"
    counters = sim.counters()
    assert counters["requests"] == {"GET /workspaces": 1, "PUT /telephony/config/locations/{locationId}/intercept": 1,
                                    "PUT /workspaces/{workspaceId}/features/intercept": 1}
    assert counters["faults"] == 2 and counters["rate_limited"] == 1
    sim.configure(rate_limit=1, retry_after=2)
    statuses = [http.get(sim.url + "/telephony/config/virtualLines").status_code for dummy in range(5)]
    assert 429 in statuses and statuses[0] == 200


def test_control_api_for_every_kind(sim, http):
    lobby = sim.workspace_by_name("Lobby Phone")["id"]
    line = sim.virtual_line_by_name("Main Line")["id"]
    hq = sim.location_by_name("Headquarters")["id"]
    for kind, owner in (("workspaces", lobby), ("virtual_lines", line), ("locations", hq)):
        stored = sim.set_intercept(owner, {"enabled": True, "outgoing": {"destination": "+14085550000"}}, kind=kind)
        assert stored["enabled"] is True and stored["incoming"]["type"] == "INTERCEPT_ALL"
        assert sim.patch_intercept(owner, {"outgoing": {"type": "ALLOW_LOCAL_ONLY"}}, kind=kind)["outgoing"] == {
            "type": "ALLOW_LOCAL_ONLY", "transferEnabled": False, "destination": "+14085550000"}
        assert sim.get_intercept(owner, kind=kind)["enabled"] is True
    assert http.get("%s/workspaces/%s/features/intercept" % (sim.url, lobby)).json()["outgoing"]["destination"] == "+14085550000"
    # A hook fires after the next GET of a workspace too (a concurrent change between a read and a write).
    sim.add_hook(lobby, {"incoming": {"voicemailEnabled": True}})
    assert http.get("%s/workspaces/%s/features/intercept" % (sim.url, lobby)).json()["incoming"]["voicemailEnabled"] is False
    assert sim.get_intercept(lobby, kind="workspaces")["incoming"]["voicemailEnabled"] is True
    with pytest.raises(RuntimeError):
        sim.get_intercept(lobby, kind="virtual_lines")  # wrong kind
    with pytest.raises(RuntimeError):
        sim.get_intercept(sim.workspace_by_name("Quiet Room")["id"], kind="workspaces")  # no calling, no intercept
    with pytest.raises(RuntimeError):
        sim.get_upload(hq, kind="locations")
    with pytest.raises(RuntimeError):
        sim.control("POST", "/_sim/locations/%s/announcements" % hq, {"fileNames": "one.wav"})
    with pytest.raises(ValueError):
        sim.get_intercept(lobby, kind="rooms")
    assert sim.get_upload(sim.workspace_by_name("Board Room")["id"], kind="workspaces")["fileName"] == "boardroom-closed.wav"
    assert len(sim.workspaces(calling=False)) == len(sim.workspaces()) + 1
    sim.reset()
    assert sim.get_intercept(lobby, kind="workspaces")["enabled"] is False
    assert sim.location_announcements(hq) == ["hq-closed.wav", "holiday.wav"]
