# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests for the local Webex Calling API simulator (tests/simulator/webex_simulator.py)."""

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
import requests

import webex_simulator
from default_settings import live_api
from webex_simulator import SimulatorProcess

GENERATED_PEOPLE = 260
GENERATED_LOCATIONS = 2
SEEDED_HOME_CALLING = 6  # alice, bob, carol, shared.desk x2, erin
SEEDED_HOME_NON_CALLING = 1  # dan.nocalling
PARTNER_PEOPLE = 4  # paula + 3 generated


@pytest.fixture(scope="module")
def sim():
    with SimulatorProcess(people=GENERATED_PEOPLE, locations=GENERATED_LOCATIONS) as process:
        yield process


def auth(token="sim-admin-token", tracking_id=None):
    headers = {"Authorization": "Bearer %s" % token}
    if tracking_id:
        headers["TrackingID"] = tracking_id
    return headers


def person_id(sim, email, org_id=None):
    return sim.person_by_email(email, org_id=org_id)["id"]


def intercept_url(sim, pid):
    return "%s/people/%s/features/intercept" % (sim.url, pid)


def upload_url(sim, pid):
    return "%s/people/%s/features/intercept/actions/announcementUpload/invoke" % (sim.url, pid)


def collect_pages(http, url, params, headers):
    pages = []
    response = http.get(url, params=params, headers=headers)
    while True:
        assert response.status_code == 200, response.text
        pages.append(response.json()["items"])
        if "next" not in response.links:
            return pages
        next_url = response.links["next"]["url"]
        assert next_url.startswith(url)
        response = http.get(next_url, headers=headers)


def assert_webex_error(response, status, tracking_id=None, error_code=None):
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body["message"], str) and body["message"]
    assert body["errors"] and all("description" in item for item in body["errors"])
    if error_code is not None:
        assert all(item["errorCode"] == error_code for item in body["errors"])
    if tracking_id is not None:
        assert body["trackingId"] == tracking_id
        assert response.headers["TrackingID"] == tracking_id
    else:
        assert body["trackingId"]
    assert "sim-admin-token" not in response.text and "sim-readonly-token" not in response.text
    return body


# -- people ------------------------------------------------------------------------------------------------------


def test_process_info(sim):
    assert sim.url.endswith("/v1") and sim.url.startswith("http://127.0.0.1:")
    assert sim.base_url + "/v1" == sim.url
    assert sim.admin_token == "sim-admin-token"
    assert sim.readonly_token == "sim-readonly-token"
    assert sim.org_id != sim.partner_org_id
    assert sim.pid == sim.process.pid


def test_people_pagination_calling_data(sim, http):
    pages = collect_pages(http, sim.url + "/people", {"callingData": "true"}, auth())
    assert [len(page) for page in pages] == [100, 100, GENERATED_PEOPLE + SEEDED_HOME_CALLING - 200]
    people = [person for page in pages for person in page]
    ids = [person["id"] for person in people]
    assert len(set(ids)) == len(ids)
    assert "dan.nocalling@example.com" not in [person["emails"][0] for person in people]
    assert all(person["locationId"] and person["orgId"] == sim.org_id for person in people)
    assert "user0001@example.com" in [person["emails"][0] for person in people]
    assert ids == [person["id"] for person in sim.people()]


def test_people_max_capped_with_calling_data(sim, http):
    response = http.get(sim.url + "/people", params={"callingData": "true", "max": 500}, headers=auth())
    assert len(response.json()["items"]) == 100
    assert 'rel="next"' in response.headers["Link"]
    response = http.get(sim.url + "/people", params={"callingData": "true", "max": 7}, headers=auth())
    assert len(response.json()["items"]) == 7


def test_people_without_calling_data(sim, http):
    pages = collect_pages(http, sim.url + "/people", {"max": 1000}, auth())
    people = [person for page in pages for person in page]
    assert len(people) == GENERATED_PEOPLE + SEEDED_HOME_CALLING + SEEDED_HOME_NON_CALLING
    assert all("locationId" not in person for person in people)
    assert "dan.nocalling@example.com" in [person["emails"][0] for person in people]


def test_people_location_filter_and_cap(sim, http):
    everyone = sim.people()
    location_id = everyone[-1]["locationId"]
    expected = [person["id"] for person in everyone if person["locationId"] == location_id]
    assert len(expected) == GENERATED_PEOPLE // GENERATED_LOCATIONS
    pages = collect_pages(http, sim.url + "/people", {"callingData": "true", "locationId": location_id, "max": 100}, auth())
    assert max(len(page) for page in pages) == 50
    assert [person["id"] for page in pages for person in page] == expected
    response = http.get(sim.url + "/people", params={"locationId": "bogus"}, headers=auth())
    assert_webex_error(response, 404)


def test_people_email_lookup(sim, http):
    response = http.get(sim.url + "/people", params={"email": "shared.desk@example.com", "callingData": "true"}, headers=auth())
    items = response.json()["items"]
    assert len(items) == 2 and items[0]["id"] != items[1]["id"]
    assert {item["locationId"] for item in items} and all(item["extension"] for item in items)
    response = http.get(sim.url + "/people", params={"email": "Alice.Anders@EXAMPLE.com", "callingData": "true"}, headers=auth())
    assert [item["emails"] for item in response.json()["items"]] == [["alice.anders@example.com"]]
    response = http.get(sim.url + "/people", params={"email": "dan.nocalling@example.com", "callingData": "true"}, headers=auth())
    assert response.json()["items"] == []
    response = http.get(sim.url + "/people", params={"email": "dan.nocalling@example.com"}, headers=auth())
    assert len(response.json()["items"]) == 1
    response = http.get(sim.url + "/people", params={"email": "nobody@example.com"}, headers=auth())
    assert response.status_code == 200 and response.json()["items"] == []
    assert "Link" not in response.headers


def test_people_id_filter(sim, http):
    alice = sim.person_by_email("alice.anders@example.com")
    bob = sim.person_by_email("bob.baker@example.com")
    response = http.get(sim.url + "/people", params={"id": "%s,%s" % (bob["id"], alice["id"]), "callingData": "true"}, headers=auth())
    assert sorted(item["id"] for item in response.json()["items"]) == sorted([alice["id"], bob["id"]])
    response = http.get(sim.url + "/people", params={"id": "unknown-id", "callingData": "true"}, headers=auth())
    assert response.status_code == 200 and response.json()["items"] == []
    assert_webex_error(http.get(sim.url + "/people", params={"id": ",".join(["x%d" % n for n in range(86)])}, headers=auth()), 400)


def test_people_bad_parameters(sim, http):
    assert_webex_error(http.get(sim.url + "/people", params={"max": "abc"}, headers=auth()), 400)
    assert_webex_error(http.get(sim.url + "/people", params={"max": 0}, headers=auth()), 400)
    assert_webex_error(http.get(sim.url + "/people", params={"callingData": "maybe"}, headers=auth()), 400)


def test_person_ids_look_like_webex_ids(sim):
    people = sim.people(calling=False)
    for person in people:
        decoded = webex_simulator.base64.b64decode(person["id"] + "=" * (-len(person["id"]) % 4)).decode("ascii")
        assert decoded.startswith("ciscospark://us/PEOPLE/")
    assert [person["id"] for person in people] == [person["id"] for person in sim.people(calling=False)]


# -- GET intercept -------------------------------------------------------------------------------------------------


def test_get_intercept_default_leaves_out_empty_values(sim, http):
    response = http.get(intercept_url(sim, person_id(sim, "alice.anders@example.com")), headers=auth())
    assert response.status_code == 200
    expected = live_api()
    expected["incoming"]["announcements"]["mediaFileType"] = "WAV"
    assert response.json() == expected


def test_get_intercept_seeded_custom_greeting(sim, http):
    body = http.get(intercept_url(sim, person_id(sim, "bob.baker@example.com")), headers=auth()).json()
    announcements = body["incoming"]["announcements"]
    assert body["enabled"] is True
    assert announcements["greeting"] == "CUSTOM"
    assert announcements["fileName"] == "bob-away.wav"
    assert "filename" not in announcements
    assert announcements["newNumber"] == {"enabled": True, "destination": "+14085550199"}
    assert announcements["zeroTransfer"] == {"enabled": True, "destination": "1000"}
    assert body["outgoing"] == {"type": "ALLOW_LOCAL_ONLY", "transferEnabled": True, "destination": "+14085550100"}


def test_unknown_field_can_be_switched_off(sim, http):
    sim.configure(unknown_field=False)
    body = http.get(intercept_url(sim, person_id(sim, "alice.anders@example.com")), headers=auth()).json()
    assert "mediaFileType" not in body["incoming"]["announcements"]


def test_non_calling_and_unknown_people_have_no_intercept(sim, http):
    body = assert_webex_error(http.get(intercept_url(sim, person_id(sim, "dan.nocalling@example.com")), headers=auth()), 404)
    assert "Calling" in body["message"]
    assert_webex_error(http.get(intercept_url(sim, "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk"), headers=auth()), 404)


# -- PUT intercept -------------------------------------------------------------------------------------------------


def test_put_partial_merge(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    sim.set_intercept(pid, {"incoming": {"voicemailEnabled": True}, "outgoing": {"type": "ALLOW_LOCAL_ONLY"}})
    response = http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth())
    assert response.status_code == 204 and response.content == b""
    stored = sim.get_intercept(pid)
    assert stored["enabled"] is True
    assert stored["incoming"]["voicemailEnabled"] is True
    assert stored["outgoing"]["type"] == "ALLOW_LOCAL_ONLY"
    body = {"incoming": {"announcements": {"newNumber": {"enabled": True, "destination": "+14085559999"}}}}
    response = http.put(intercept_url(sim, pid), json=body, headers=auth())
    assert response.status_code == 204
    body = http.get(intercept_url(sim, pid), headers=auth()).json()
    assert body["incoming"]["announcements"]["newNumber"] == {"enabled": True, "destination": "+14085559999"}
    assert body["incoming"]["voicemailEnabled"] is True
    assert body["enabled"] is True
    assert http.put(intercept_url(sim, pid), json={}, headers=auth()).status_code == 204


def test_put_clears_destination(sim, http):
    pid = person_id(sim, "bob.baker@example.com")
    body = {"outgoing": {"transferEnabled": False, "destination": ""}}
    assert http.put(intercept_url(sim, pid), json=body, headers=auth()).status_code == 204
    assert http.get(intercept_url(sim, pid), headers=auth()).json()["outgoing"] == {"type": "ALLOW_LOCAL_ONLY", "transferEnabled": False}


@pytest.mark.parametrize("body, fragment", [
    ({"enabled": True, "colour": "blue"}, "Unknown field colour"),
    ({"incoming": {"announcements": {"fileName": "x.wav"}}}, "read-only"),
    ({"incoming": {"announcements": {"filename": "x.wav"}}}, "read-only"),
    ({"incoming": {"type": "INTERCEPT_SOME"}}, "INTERCEPT_ALL, ALLOW_ALL"),
    ({"outgoing": {"type": "ALLOW_ALL"}}, "ALLOW_LOCAL_ONLY"),
    ({"enabled": "true"}, "boolean"),
    ({"enabled": None}, "boolean"),
    ({"incoming": "INTERCEPT_ALL"}, "object"),
    ({"outgoing": {"destination": 5551234}}, "string"),
    ({"outgoing": {"destination": "call me"}}, "phone number"),
    ({"incoming": {"announcements": {"newNumber": {"enabled": True}}}}, "newNumber.destination is required"),
    ({"incoming": {"announcements": {"zeroTransfer": {"enabled": True, "destination": ""}}}}, "zeroTransfer.destination is required"),
    ({"outgoing": {"transferEnabled": True}}, "outgoing.destination is required"),
    ({"incoming": {"announcements": {"greeting": "CUSTOM"}}}, "greeting file"),
    ([{"enabled": True}], "JSON object"),
])
def test_put_validation_errors(sim, http, body, fragment):
    pid = person_id(sim, "alice.anders@example.com")
    before = sim.get_intercept(pid)
    response = http.put(intercept_url(sim, pid), json=body, headers=auth(tracking_id="TEST_put_validation"))
    error = assert_webex_error(response, 400, "TEST_put_validation", 25008)
    assert fragment in " ".join(item["description"] for item in error["errors"])
    assert sim.get_intercept(pid) == before


def test_put_invalid_json(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    response = http.put(intercept_url(sim, pid), data=b"{not json", headers=dict(auth(), **{"Content-Type": "application/json"}))
    assert_webex_error(response, 400, error_code=25008)


def test_put_collects_all_problems(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    response = http.put(intercept_url(sim, pid), json={"enabled": 1, "outgoing": {"type": "X", "foo": True}}, headers=auth())
    assert len(assert_webex_error(response, 400)["errors"]) == 3


def test_put_cross_field_uses_stored_values(sim, http):
    pid = person_id(sim, "bob.baker@example.com")
    # Bob has an outgoing destination stored, so enabling the transfer alone is fine ...
    assert http.put(intercept_url(sim, pid), json={"outgoing": {"transferEnabled": True}}, headers=auth()).status_code == 204
    # ... and his custom greeting file makes CUSTOM valid; clearing the destination while enabled is not.
    response = http.put(intercept_url(sim, pid), json={"outgoing": {"destination": ""}}, headers=auth())
    assert_webex_error(response, 400, error_code=25008)


# -- upload --------------------------------------------------------------------------------------------------------


def test_upload_wav_then_custom_greeting(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    data = b"RIFF" + b"\x00" * 2044
    response = http.post(upload_url(sim, pid), files={"file": ("away; greeting.wav", data, "audio/wav")}, headers=auth())
    assert response.status_code == 201, response.text
    assert sim.get_upload(pid) == {"fileName": "away; greeting.wav", "size": 2048, "contentType": "audio/wav", "count": 1}
    body = http.get(intercept_url(sim, pid), headers=auth()).json()
    assert body["incoming"]["announcements"]["fileName"] == "away; greeting.wav"
    response = http.put(intercept_url(sim, pid), json={"incoming": {"announcements": {"greeting": "CUSTOM"}}}, headers=auth())
    assert response.status_code == 204
    assert [entry["upload"] for entry in sim.log() if entry["method"] == "POST"] == [
        {"fileName": "away; greeting.wav", "size": 2048, "contentType": "audio/wav"}]


def test_upload_rejections(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    url = upload_url(sim, pid)
    assert_webex_error(http.post(url, files={"file": ("notes.txt", b"hello", "text/plain")}, headers=auth(tracking_id="TEST_up")), 400, "TEST_up")
    assert_webex_error(http.post(url, files={"greeting": ("a.wav", b"RIFF", "audio/wav")}, headers=auth()), 400)
    assert_webex_error(http.post(url, files={"file": ("a.wav", b"", "audio/wav")}, headers=auth()), 400)
    assert_webex_error(http.post(url, data=b"RIFF", headers=dict(auth(), **{"Content-Type": "audio/wav"})), 415)
    assert sim.get_upload(pid) is None
    assert "fileName" not in http.get(intercept_url(sim, pid), headers=auth()).json()["incoming"]["announcements"]


def test_multipart_parser_edge_cases():
    body = (b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nvalue\r\n"
            b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename*=utf-8''gr%C3%BC%C3%9F.wav\r\n"
            b"Content-Type: audio/wav\r\n\r\nRIFF\r\n--data\r\n--XyZ--\r\n")
    parts = webex_simulator.parse_multipart('multipart/form-data; boundary="XyZ"', body)
    assert [part["name"] for part in parts] == ["other", "file"]
    assert parts[1]["filename"] == "gr\u00fc\u00df.wav"
    assert parts[1]["data"] == b"RIFF\r\n--data"
    with pytest.raises(webex_simulator.SimError):
        webex_simulator.parse_multipart("multipart/form-data; boundary=XyZ", b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx")


# -- auth ----------------------------------------------------------------------------------------------------------


def test_readonly_token(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    token = sim.readonly_token
    assert http.get(intercept_url(sim, pid), headers=auth(token)).status_code == 200
    assert http.get(sim.url + "/people", headers=auth(token)).status_code == 200
    assert_webex_error(http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth(token, "TEST_ro")), 403, "TEST_ro")
    assert_webex_error(http.post(upload_url(sim, pid), files={"file": ("a.wav", b"RIFF", "audio/wav")}, headers=auth(token)), 403)
    assert sim.get_intercept(pid)["enabled"] is False


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong-token"},
    {"Authorization": "sim-admin-token"},
    {"Authorization": "Basic sim-admin-token"},
    {"Authorization": "Bearer "},
])
def test_bad_credentials(sim, http, headers):
    headers = dict(headers, TrackingID="TEST_auth")
    response = http.get(sim.url + "/people", headers=headers)
    assert_webex_error(response, 401, "TEST_auth")


def test_generated_tracking_id(sim, http):
    response = http.get(sim.url + "/people", headers={"Authorization": "Bearer nope"})
    body = assert_webex_error(response, 401)
    assert body["trackingId"] == response.headers["TrackingID"]


def test_unknown_route_and_method(sim, http):
    assert_webex_error(http.get(sim.url + "/devices", headers=auth()), 404)
    assert_webex_error(http.post(sim.url + "/telephony/config/locations/x/intercept/actions/announcementUpload/invoke", headers=auth()), 404)
    response = http.delete(intercept_url(sim, person_id(sim, "alice.anders@example.com")), headers=auth())
    assert_webex_error(response, 405)
    assert "PUT" in response.headers["Allow"]


# -- partner org ---------------------------------------------------------------------------------------------------


def test_partner_org(sim, http):
    partner = sim.people(org_id=sim.partner_org_id)
    assert len(partner) == PARTNER_PEOPLE
    paula = person_id(sim, "paula.partner@customer.example.net", org_id=sim.partner_org_id)
    response = http.get(intercept_url(sim, paula), params={"orgId": sim.partner_org_id}, headers=auth())
    assert response.status_code == 200
    assert_webex_error(http.get(intercept_url(sim, paula), headers=auth()), 404)
    alice = person_id(sim, "alice.anders@example.com")
    assert_webex_error(http.get(intercept_url(sim, alice), params={"orgId": sim.partner_org_id}, headers=auth()), 404)
    assert http.get(intercept_url(sim, alice), params={"orgId": sim.org_id}, headers=auth()).status_code == 200
    body = assert_webex_error(http.get(intercept_url(sim, alice), params={"orgId": "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub3Bl"}, headers=auth()), 404)
    assert "Organization" in body["message"]
    response = http.put(intercept_url(sim, paula), params={"orgId": sim.partner_org_id}, json={"enabled": True}, headers=auth())
    assert response.status_code == 204
    assert sim.get_intercept(paula)["enabled"] is True
    response = http.get(sim.url + "/people", params={"email": "paula.partner@customer.example.net", "callingData": "true"}, headers=auth())
    assert response.json()["items"] == []
    pages = collect_pages(http, sim.url + "/people", {"callingData": "true", "orgId": sim.partner_org_id, "max": 3}, auth())
    assert [len(page) for page in pages] == [3, 1]
    assert all(person["orgId"] == sim.partner_org_id for page in pages for person in page)


# -- faults, rate limit, latency -----------------------------------------------------------------------------------


def test_fault_status_with_retry_after(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    sim.add_faults([{"method": "GET", "path": "/features/intercept$", "status": 503, "retry_after": "rand(30),add(30)"},
                    {"method": "PUT", "status": 429, "retry_after": 1, "times": 2}])
    assert http.get(sim.url + "/people", headers=auth()).status_code == 200
    response = http.get(intercept_url(sim, pid), headers=auth(tracking_id="TEST_fault"))
    assert_webex_error(response, 503, "TEST_fault")
    assert response.headers["Retry-After"] == "rand(30),add(30)"
    assert http.get(intercept_url(sim, pid), headers=auth()).status_code == 200
    for dummy in range(2):
        response = http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth())
        assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    assert sim.get_intercept(pid)["enabled"] is False
    assert http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth()).status_code == 204
    counters = sim.counters()
    assert counters["faults"] == 3
    assert counters["rate_limited"] == 2


def test_fault_custom_body(sim, http):
    sim.add_faults([{"status": 502, "body": "upstream broke"}])
    response = http.get(sim.url + "/people", headers=auth())
    assert response.status_code == 502 and response.text == "upstream broke"
    assert "Retry-After" not in response.headers


def test_fault_reset(sim, http):
    sim.add_faults([{"kind": "reset"}])
    with pytest.raises(requests.exceptions.ConnectionError):
        http.get(sim.url + "/people", headers=auth())
    assert http.get(sim.url + "/people", headers=auth()).status_code == 200
    assert [entry["fault"] for entry in sim.log()] == ["reset", None]


def test_fault_reset_after_applies_change(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    sim.add_faults([{"kind": "reset_after", "method": "PUT"}])
    with pytest.raises(requests.exceptions.ConnectionError):
        http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth())
    assert sim.get_intercept(pid)["enabled"] is True


def test_fault_non_json(sim, http):
    sim.add_faults([{"kind": "non_json", "path": "/people$"}])
    response = http.get(sim.url + "/people", headers=auth())
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text == "<html>oops</html>"


def test_fault_slow_read_timeout(sim, http):
    sim.add_faults([{"kind": "slow", "delay": 1.0}])
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.get(sim.url + "/people", headers=auth(), timeout=0.3)
    start = time.monotonic()
    sim.add_faults([{"kind": "slow", "delay": 0.3}])
    assert http.get(sim.url + "/people", headers=auth(), timeout=5).status_code == 200
    assert time.monotonic() - start >= 0.3


def test_faults_are_validated_and_listed(sim):
    with pytest.raises(RuntimeError):
        sim.add_faults([{"kind": "explode"}])
    with pytest.raises(RuntimeError):
        sim.add_faults([{"path": "("}])
    pending = sim.add_faults([{"method": "get", "times": None}])
    assert pending[0]["method"] == "GET" and pending[0]["times"] is None
    assert sim.clear_faults() == []


def test_rate_limit(sim, http):
    sim.configure(rate_limit=2, retry_after=2)
    statuses = []
    for dummy in range(20):
        response = http.get(sim.url + "/people", params={"max": 1}, headers=auth(tracking_id="TEST_rl"))
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert response.headers["Retry-After"] == "2"
            assert_webex_error(response, 429, "TEST_rl")
    assert statuses.count(429) >= 5
    assert statuses[:2] == [200] * 2
    assert sim.counters()["rate_limited"] == statuses.count(429)
    sim.configure(rate_limit=None)
    assert http.get(sim.url + "/people", headers=auth()).status_code == 200


class LatencyBarrier:
    """Stands in for the time module of webex_simulator: a latency sleep waits until ``parties`` requests wait.

    A server that served one request at a time would never get them all waiting at once: the barrier breaks after
    its timeout and the requests fail. So the overlap is proved by the requests themselves, not by the wall time.
    """

    def __init__(self, parties):
        self.barrier = threading.Barrier(parties, timeout=60)
        self.slept = []
        self.lock = threading.Lock()

    def sleep(self, seconds):
        with self.lock:
            self.slept.append(seconds)
        self.barrier.wait()

    def __getattr__(self, name):
        return getattr(time, name)


def test_latency_is_concurrent(monkeypatch):
    parties = 8
    stand_in = LatencyBarrier(parties)
    monkeypatch.setattr(webex_simulator, "time", stand_in)
    server = webex_simulator.build_server(latency=0.3, people=0, locations=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    results = []

    def worker():
        with requests.Session() as session:
            session.trust_env = False
            results.append(session.get(server.url() + "/people", params={"max": 1}, headers=auth(), timeout=120).status_code)

    try:
        threads = [threading.Thread(target=worker) for dummy in range(parties)]
        for each in threads:
            each.start()
        for each in threads:
            each.join()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert results == [200] * parties
    assert stand_in.slept == [0.3] * parties
    assert server.state.counters["max_in_flight"] == parties


def test_config_validation(sim):
    assert sim.configure(latency=0)["latency"] == 0
    with pytest.raises(RuntimeError):
        sim.configure(latency=-1)
    with pytest.raises(RuntimeError):
        sim.configure(bogus=1)


# -- log, counters, hooks, reset, control ----------------------------------------------------------------------------


def test_log_and_counters(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    http.get(sim.url + "/people", params={"email": "alice.anders@example.com", "callingData": "true"}, headers=auth(tracking_id="T1"))
    http.get(intercept_url(sim, pid), headers=auth(sim.readonly_token, "T2"))
    http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth(tracking_id="T3"))
    log = sim.log()
    assert [(entry["method"], entry["route"], entry["status"], entry["tracking_id"]) for entry in log] == [
        ("GET", "/people", 200, "T1"),
        ("GET", "/people/{personId}/features/intercept", 200, "T2"),
        ("PUT", "/people/{personId}/features/intercept", 204, "T3"),
    ]
    assert log[0]["query"] == {"email": "alice.anders@example.com", "callingData": "true"}
    assert log[1]["role"] == "readonly" and log[2]["role"] == "admin"
    assert log[2]["body"] == {"enabled": True}
    assert log[2]["path"] == "/v1/people/%s/features/intercept" % pid
    assert "sim-admin-token" not in str(log) and "sim-readonly-token" not in str(log)
    counters = sim.counters()
    assert counters["requests"] == {"GET /people": 1, "GET /people/{personId}/features/intercept": 1, "PUT /people/{personId}/features/intercept": 1}
    assert counters["statuses"] == {"200": 2, "204": 1}
    assert counters["total"] == 3
    sim.clear_log()
    assert sim.log() == []
    sim.clear_counters()
    assert sim.counters()["total"] == 0


def test_request_abandoned_before_a_reset_stays_out_of_the_next_test(sim, http):
    # The cause of test_log_and_counters' old flakiness: a slow request that a previous test gave up on finished
    # after the next test's reset and landed in its log. Requests that began before a reset are now dropped.
    pid = person_id(sim, "alice.anders@example.com")
    sim.add_faults([{"kind": "slow", "delay": 0.6, "method": "PUT"}])
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth(), timeout=0.1)
    sim.reset()
    deadline = time.monotonic() + 10
    while sim.counters()["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sim.counters()["in_flight"] == 0
    assert sim.log() == []
    assert sim.counters()["total"] == 0
    assert sim.get_intercept(pid)["enabled"] is False


def test_hook_after_get_intercept(sim, http):
    pid = person_id(sim, "alice.anders@example.com")
    sim.add_hook(pid, {"outgoing": {"type": "ALLOW_LOCAL_ONLY"}, "incoming": {"voicemailEnabled": True}})
    assert len(sim.hooks()) == 1
    first = http.get(intercept_url(sim, pid), headers=auth()).json()
    assert first["outgoing"]["type"] == "INTERCEPT_ALL"
    assert sim.hooks() == []
    assert sim.get_intercept(pid)["outgoing"]["type"] == "ALLOW_LOCAL_ONLY"
    assert http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth()).status_code == 204
    stored = sim.get_intercept(pid)
    assert stored["enabled"] is True
    assert stored["outgoing"]["type"] == "ALLOW_LOCAL_ONLY"
    assert stored["incoming"]["voicemailEnabled"] is True
    with pytest.raises(RuntimeError):
        sim.add_hook(person_id(sim, "dan.nocalling@example.com"), {"enabled": True})


def test_set_and_get_intercept_control(sim, http):
    pid = person_id(sim, "carol.chen@example.com")
    stored = sim.set_intercept(pid, {"enabled": True, "incoming": {"announcements": {"greeting": "CUSTOM", "filename": "c.wav"}}})
    assert stored["incoming"]["announcements"]["fileName"] == "c.wav"
    assert stored["incoming"]["announcements"]["newNumber"] == {"enabled": False, "destination": ""}
    assert stored["outgoing"] == {"type": "INTERCEPT_ALL", "transferEnabled": False, "destination": ""}
    body = http.get(intercept_url(sim, pid), headers=auth()).json()
    assert body["incoming"]["announcements"]["fileName"] == "c.wav"
    assert body["incoming"]["announcements"]["greeting"] == "CUSTOM"
    assert sim.patch_intercept(pid, {"enabled": False})["incoming"]["announcements"]["greeting"] == "CUSTOM"


def test_reset(sim, http):
    pid = person_id(sim, "bob.baker@example.com")
    http.put(intercept_url(sim, pid), json={"enabled": False}, headers=auth())
    sim.add_faults([{"status": 500, "times": None}])
    sim.configure(latency=0.01)
    sim.reset()
    assert sim.log() == [] and sim.counters()["total"] == 0
    assert sim.control("GET", "/_sim/faults") == []
    assert sim.control("GET", "/_sim/config")["latency"] == 0.0
    assert sim.get_intercept(pid)["enabled"] is True
    assert person_id(sim, "bob.baker@example.com") == pid


def test_control_unknown(sim):
    with pytest.raises(RuntimeError):
        sim.control("GET", "/_sim/nothing")
    with pytest.raises(RuntimeError):
        sim.get_intercept("nobody")


# -- process, CLI, TLS ---------------------------------------------------------------------------------------------


def test_cli_prints_url_and_stops_on_sigterm(tmp_path):
    ready = tmp_path / "ready.json"
    script = os.path.abspath(webex_simulator.__file__)
    start = time.monotonic()
    with subprocess.Popen([sys.executable, script, "--port", "0", "--ready-file", str(ready), "--people", "5"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        line = process.stdout.readline().decode()
        assert time.monotonic() - start < 5
        assert line.startswith("WEBEX_SIMULATOR_URL=http://127.0.0.1:") and line.strip().endswith("/v1")
        info = webex_simulator.json.loads(ready.read_text())
        assert info["url"] == line.strip().split("=", 1)[1]
        assert info["pid"] == process.pid
        session = requests.Session()
        session.trust_env = False
        assert session.get(info["url"] + "/people", headers=auth()).status_code == 200
        process.terminate()
        assert process.wait(timeout=10) == 0
        assert process.stderr.read() == b""


def test_cli_refuses_non_loopback():
    script = os.path.abspath(webex_simulator.__file__)
    result = subprocess.run([sys.executable, script, "--host", "0.0.0.0"], capture_output=True, timeout=30, check=False)
    assert result.returncode == 2
    assert b"loopback" in result.stderr


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")
def test_tls(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
    with SimulatorProcess(people=3, tls_cert=str(cert), tls_key=str(key)) as tls_sim:
        assert tls_sim.url.startswith("https://127.0.0.1:")
        session = requests.Session()
        session.trust_env = False
        response = session.get(tls_sim.url + "/people", params={"max": 2, "callingData": "true"}, headers=auth(), verify=str(cert))
        assert response.status_code == 200
        assert response.links["next"]["url"].startswith(tls_sim.url)
        with pytest.raises(requests.exceptions.SSLError):
            session.get(tls_sim.url + "/people", headers=auth())
        assert len(tls_sim.log()) == 1


def test_control_patch_keeps_what_it_does_not_name(sim):
    bob = sim.person_by_email("bob.baker@example.com")
    sim.patch_intercept(bob["id"], {"incoming": {"announcements": {"newNumber": {"destination": "+14085550100"}}}})
    stored = sim.get_intercept(bob["id"])
    assert stored["incoming"]["announcements"]["fileName"] == "bob-away.wav"
    assert stored["incoming"]["announcements"]["newNumber"] == {"enabled": True, "destination": "+14085550100"}


# -- tokens from refresh tokens ----------------------------------------------------------------------------------


def grant(http, sim, **form):
    data = dict(grant_type="refresh_token", client_id="sim-client-id", client_secret="sim-client-secret",
                refresh_token="sim-refresh-token")
    data.update(form)
    return http.post(sim.url + "/access_token", data=data, headers={"TrackingID": "TEST_grant"})


def test_refresh_token_grant_gives_a_working_access_token(sim, http):
    response = grant(http, sim)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 1209599
    assert body["refresh_token"] == "sim-refresh-token" and body["refresh_token_expires_in"] == 7775999
    assert body["access_token"].startswith("sim-access-")
    assert http.get(sim.url + "/people", headers=auth(body["access_token"])).status_code == 200
    pid = person_id(sim, "alice.anders@example.com")
    assert http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth(body["access_token"])).status_code == 204
    oauth = sim.oauth()
    assert oauth["grants"] == 1 and oauth["issued_access_tokens"] == [body["access_token"]]
    entry = [item for item in sim.log() if item["route"] == "/access_token"][0]
    assert entry["status"] == 200 and entry["method"] == "POST" and "body" not in entry
    assert "sim-client-secret" not in str(sim.log()) and "sim-refresh-token" not in str(sim.log())


@pytest.mark.parametrize("form, status, error", [
    ({"client_secret": "wrong"}, 401, "invalid_client"),
    ({"client_id": "other-client"}, 401, "invalid_client"),
    ({"refresh_token": "unknown"}, 400, "invalid_grant"),
    ({"grant_type": "client_credentials"}, 400, "unsupported_grant_type"),
    ({"refresh_token": ""}, 400, "invalid_request"),
])
def test_refresh_token_grant_errors(sim, http, form, status, error):
    response = grant(http, sim, **form)
    body = assert_webex_error(response, status, "TEST_grant")
    assert body["error"] == error
    assert "sim-client-secret" not in response.text
    assert sim.oauth()["grants"] == 0


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_expired_or_revoked_refresh_tokens_are_invalid_grants(sim, http, state):
    sim.oauth(refresh_tokens={"sim-refresh-token": {"state": state}})
    response = grant(http, sim)
    assert assert_webex_error(response, 400)["error"] == "invalid_grant"
    assert state in response.json()["error_description"]


def test_a_refresh_token_of_another_client_is_an_invalid_grant(sim, http):
    sim.oauth(clients={"client-b": "secret-b"})
    response = grant(http, sim, client_id="client-b", client_secret="secret-b")
    assert assert_webex_error(response, 400)["error"] == "invalid_grant"


def test_a_form_is_required(sim, http):
    response = http.post(sim.url + "/access_token", json={"grant_type": "refresh_token"})
    assert assert_webex_error(response, 400)["error"] == "unsupported_grant_type"


def test_access_tokens_expire_after_their_uses(sim, http):
    sim.oauth(config={"access_token_max_uses": 2})
    token = grant(http, sim).json()["access_token"]
    statuses = [http.get(sim.url + "/people", headers=auth(token)).status_code for dummy in range(3)]
    assert statuses == [200, 200, 401]
    assert http.get(sim.url + "/people", headers=auth(grant(http, sim).json()["access_token"])).status_code == 200


def test_access_tokens_expire_after_their_lifetime(sim, http):
    sim.oauth(config={"access_token_lifetime": 0.3})
    body = grant(http, sim).json()
    assert body["expires_in"] == 0
    assert http.get(sim.url + "/people", headers=auth(body["access_token"])).status_code == 200
    time.sleep(0.4)
    assert_webex_error(http.get(sim.url + "/people", headers=auth(body["access_token"])), 401)


def test_access_tokens_can_be_expired_at_once(sim, http):
    token = grant(http, sim).json()["access_token"]
    sim.oauth(expire_access_tokens=True)
    assert_webex_error(http.get(sim.url + "/people", headers=auth(token)), 401)


def test_rotation_replaces_the_refresh_token(sim, http):
    sim.oauth(config={"rotate_refresh_tokens": True})
    body = grant(http, sim).json()
    assert body["refresh_token"].startswith("sim-refresh-") and body["refresh_token"] != "sim-refresh-token"
    assert grant(http, sim).json()["error"] == "invalid_grant"
    assert grant(http, sim, refresh_token=body["refresh_token"]).status_code == 200
    assert sim.oauth()["issued_refresh_tokens"][0] == body["refresh_token"]


def test_a_readonly_refresh_token_gives_a_readonly_access_token(sim, http):
    sim.oauth(refresh_tokens={"ro-refresh": {"role": "readonly"}})
    token = grant(http, sim, refresh_token="ro-refresh").json()["access_token"]
    pid = person_id(sim, "alice.anders@example.com")
    assert_webex_error(http.put(intercept_url(sim, pid), json={"enabled": True}, headers=auth(token)), 403)


def test_oauth_control_is_validated_and_reset(sim):
    for document in ({"config": {"access_token_lifetime": 0}}, {"config": {"access_token_max_uses": 0}},
                     {"config": {"rotate": True}}, {"refresh_tokens": {"x": {"state": "gone"}}}, {"other": 1}):
        with pytest.raises(RuntimeError, match="400"):
            sim.control("POST", "/_sim/oauth", document)
    sim.oauth(config={"rotate_refresh_tokens": True}, clients={"c": "s"})
    sim.reset()
    oauth = sim.oauth()
    assert oauth["config"] == {"access_token_lifetime": 1209599, "access_token_max_uses": None,
                               "rotate_refresh_tokens": False}
    assert oauth["clients"] == {"sim-client-id": "sim-client-secret"} and oauth["grants"] == 0
