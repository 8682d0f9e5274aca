# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's outage and listing modes and its added locations and people (sim_client_faults.py)."""

import pytest
import requests

from webex_simulator import SimulatorProcess

AUTH = {"Authorization": "Bearer sim-admin-token"}


@pytest.fixture(scope="module")
def sim():
    with SimulatorProcess(people=4) as simulator:
        yield simulator


def test_the_api_goes_down_after_n_requests_and_comes_back(sim, http):
    assert sim.control("POST", "/_sim/outage", {"after": 2}) == {"after": 2, "dropped": 0}
    assert [http.get(sim.url + "/people", headers=AUTH).status_code for dummy in range(2)] == [200, 200]
    for dummy in range(2):
        with pytest.raises(requests.exceptions.ConnectionError):
            http.get(sim.url + "/people", headers=AUTH)
    assert sim.control("GET", "/_sim/outage") == {"after": 0, "dropped": 2}
    assert [(entry["fault"], entry["status"]) for entry in sim.log()] == [(None, 200), (None, 200), ("down", 0), ("down", 0)]
    assert sim.control("DELETE", "/_sim/outage") == {"after": None, "dropped": 2}
    assert http.get(sim.url + "/people", headers=AUTH).status_code == 200
    sim.control("POST", "/_sim/outage", {"after": 0})
    sim.reset()
    assert sim.control("GET", "/_sim/outage") == {"after": None, "dropped": 0}


@pytest.mark.parametrize("document", [{"after": -1}, {"after": True}, {"after": "3"}])
def test_a_bad_outage_is_refused(sim, document):
    with pytest.raises(RuntimeError, match="after must be an integer"):
        sim.control("POST", "/_sim/outage", document)


def test_listings_at_an_unknown_location_answer_404_or_empty(sim, http):
    unknown = "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL25vbmU"
    paths = ("/people", "/workspaces", "/telephony/config/virtualLines")
    assert [http.get(sim.url + path, params={"locationId": unknown}, headers=AUTH).status_code for path in paths] == [404] * 3
    sim.control("POST", "/_sim/listing", {"unknown_location": "empty"})
    answers = [http.get(sim.url + path, params={"locationId": unknown}, headers=AUTH) for path in paths]
    assert [(answer.status_code, answer.json()) for answer in answers] == [
        (200, {"items": []}), (200, {"items": []}), (200, {"virtualLines": []})]
    with pytest.raises(RuntimeError, match="unknown_location must be one of not_found, empty"):
        sim.control("POST", "/_sim/listing", {"unknown_location": "maybe"})


def test_an_added_location_has_nobody_and_an_added_person_keeps_the_capitals(sim, http):
    location = sim.control("POST", "/_sim/locations", {"name": "Empty Site"})
    assert http.get(sim.url + "/locations/" + location["id"], headers=AUTH).json()["name"] == "Empty Site"
    for path, key in (("/people", "items"), ("/workspaces", "items"), ("/telephony/config/virtualLines", "virtualLines")):
        assert http.get(sim.url + path, params={"locationId": location["id"]}, headers=AUTH).json()[key] == []
    person = sim.control("POST", "/_sim/people", {"email": "Dana.Mixed@Example.com", "locationId": location["id"]})
    assert person["emails"] == ["Dana.Mixed@Example.com"] and person["locationId"] == location["id"]
    found = http.get(sim.url + "/people", params={"email": "dana.mixed@example.com", "callingData": "true"}, headers=AUTH)
    assert [item["id"] for item in found.json()["items"]] == [person["id"]]
    assert http.get(sim.url + "/people/%s/features/intercept" % person["id"], headers=AUTH).status_code == 200
