# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the simulator's partner estate: customer organizations, their own tokens, rate limits per token."""

import pytest

from webex_simulator import ADMIN_TOKEN, CLIENT_ID, CLIENT_SECRET, SimulatorProcess


@pytest.fixture(scope="module")
def sim():
    with SimulatorProcess(customer_orgs=3, customer_org_people=4, customer_org_locations=2,
                          customer_org_workspaces=1) as process:
        yield process


def get(http, sim, path, token, **params):
    return http.get(sim.url + path, params=params, headers={"Authorization": "Bearer " + token})


def test_customer_orgs_are_generated_with_locations_people_and_workspaces(sim, http):
    orgs = sim.info["customer_orgs"]
    assert [org["name"] for org in orgs] == ["Customer Org 01", "Customer Org 02", "Customer Org 03"]
    assert [loc["name"] for loc in orgs[1]["locations"]] == ["Customer 02 Site 01", "Customer 02 Site 02"]
    people = get(http, sim, "/people", ADMIN_TOKEN, orgId=orgs[1]["id"], callingData="true").json()["items"]
    assert sorted(person["emails"][0] for person in people) == ["user%04d@customer02.example.org" % n for n in range(1, 5)]
    assert set(person["locationId"] for person in people) == set(loc["id"] for loc in orgs[1]["locations"])
    workspaces = get(http, sim, "/workspaces", ADMIN_TOKEN, orgId=orgs[1]["id"]).json()["items"]
    assert [ws["displayName"] for ws in workspaces] == ["Room 02-0001"]


def test_partner_token_lists_every_org_and_an_org_token_only_its_own(sim, http):
    orgs = sim.info["customer_orgs"]
    names = [item["displayName"] for item in get(http, sim, "/organizations", ADMIN_TOKEN).json()["items"]]
    assert names[-3:] == ["Customer Org 01", "Customer Org 02", "Customer Org 03"]
    own = get(http, sim, "/organizations", orgs[1]["token"]).json()["items"]
    assert [item["id"] for item in own] == [orgs[1]["id"]]
    assert get(http, sim, "/people/me", orgs[1]["token"]).json()["orgId"] == orgs[1]["id"]
    assert get(http, sim, "/people/me", ADMIN_TOKEN).json()["orgId"] == sim.org_id
    locations = get(http, sim, "/locations", orgs[1]["token"]).json()["items"]
    assert set(loc["orgId"] for loc in locations) == {orgs[1]["id"]}
    refused = get(http, sim, "/locations", orgs[1]["token"], orgId=orgs[0]["id"])
    assert refused.status_code == 403 and orgs[1]["id"] in refused.json()["message"]


def test_an_org_refresh_token_grants_access_tokens_bound_to_that_org(sim, http):
    org = sim.info["customer_orgs"][2]
    answer = http.post(sim.url + "/access_token", data={"grant_type": "refresh_token", "client_id": CLIENT_ID,
                                                        "client_secret": CLIENT_SECRET, "refresh_token": org["refresh_token"]})
    token = answer.json()["access_token"]
    assert [item["id"] for item in get(http, sim, "/organizations", token).json()["items"]] == [org["id"]]
    assert get(http, sim, "/locations", token, orgId=sim.org_id).status_code == 403


def test_rate_limit_per_token_gives_each_token_its_own_budget(sim, http):
    orgs = sim.info["customer_orgs"]
    sim.configure(rate_limit=3, rate_limit_scope="token")
    first = [get(http, sim, "/locations", orgs[0]["token"]).status_code for dummy in range(5)]
    second = [get(http, sim, "/locations", orgs[1]["token"]).status_code for dummy in range(3)]
    assert first[:3] == [200, 200, 200] and 429 in first[3:]
    assert second == [200, 200, 200]
    assert sim.counters()["rate_limited_tokens"] == 1


def test_rate_limit_server_scope_is_one_budget(sim, http):
    orgs = sim.info["customer_orgs"]
    sim.configure(rate_limit=3)
    statuses = [get(http, sim, "/locations", orgs[n % 3]["token"]).status_code for n in range(5)]
    assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
    with pytest.raises(RuntimeError, match="rate_limit_scope must be one of server, token"):
        sim.configure(rate_limit_scope="org")
