# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Conformance: wxc_sdk, a real Webex Calling client, drives the simulator for every intercept owner kind.

What a real client sends must be accepted (its read-modify-write sends back the response's unknown fields; the
location configure sends ``fileName``), what it reads must parse with its models, and its greeting upload must land.
wxc_sdk is a test-only dependency (tests/requirements-dev.txt); the collection never imports it.
"""

import pytest
import requests
from wxc_sdk import WebexSimpleApi
from wxc_sdk.person_settings.call_intercept import InterceptSetting
from wxc_sdk.rest import RestError

from webex_simulator import SimulatorProcess

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 28


@pytest.fixture(scope="module")
def sim():
    with SimulatorProcess(people=4, locations=1, workspaces=3, virtual_lines=2) as process:
        yield process


@pytest.fixture
def api(sim):
    client = WebexSimpleApi(tokens=sim.admin_token, retry_429=False)
    client.session.BASE = sim.url  # every endpoint wxc_sdk builds starts with session.BASE
    client.session.trust_env = False  # loopback only: never through a proxy from the environment
    yield client
    client.close()


def owner_kinds(sim, api):
    """(kind, id, wxc_sdk call intercept API) for each owner kind beside locations."""
    person = sim.person_by_email("alice.anders@example.com")["id"]
    workspace = sim.workspace_by_name("Lobby Phone")["id"]
    line = sim.virtual_line_by_name("Main Line")["id"]
    return [
        ("people", person, api.person_settings.call_intercept),
        ("workspaces", workspace, api.workspace_settings.call_intercept),
        ("virtual_lines", line, api.telephony.virtual_lines.call_intercept),
    ]


@pytest.mark.parametrize("index", [0, 1, 2], ids=["person", "workspace", "virtual_line"])
def test_read_configure_upload(sim, api, tmp_path, index):
    kind, owner_id, intercept_api = owner_kinds(sim, api)[index]
    settings = intercept_api.read(owner_id)
    assert settings.enabled is False
    assert settings.incoming.announcements.greeting == "DEFAULT"
    assert settings.incoming.announcements.new_number.destination is None  # left out when empty
    # Read-modify-write, as wxc_sdk users do it: the unknown response field goes back in the PUT and is accepted.
    settings.enabled = True
    settings.outgoing.transfer_enabled = True
    settings.outgoing.destination = "+14085550123"
    settings.incoming.announcements.zero_transfer.enabled = True
    settings.incoming.announcements.zero_transfer.destination = "1000"
    intercept_api.configure(owner_id, settings)
    put = [entry for entry in sim.log() if entry["method"] == "PUT"][-1]
    assert put["status"] == 204
    assert put["body"]["incoming"]["announcements"]["mediaFileType"] == "WAV"  # what made wxc_sdk fail before
    stored = sim.get_intercept(owner_id, kind=kind)
    assert stored["enabled"] is True
    assert stored["outgoing"] == {"type": "INTERCEPT_ALL", "transferEnabled": True, "destination": "+14085550123"}
    assert stored["incoming"]["announcements"]["zeroTransfer"] == {"enabled": True, "destination": "1000"}
    assert "mediaFileType" not in stored["incoming"]["announcements"]  # accepted, not stored
    # Greeting upload (multipart, part "file", audio/wav), then CUSTOM.
    greeting = tmp_path / ("%s-away.wav" % kind)
    greeting.write_bytes(WAV)
    intercept_api.greeting(owner_id, str(greeting))
    upload = sim.get_upload(owner_id, kind=kind)
    assert upload["fileName"] == greeting.name and upload["size"] == len(WAV) and upload["contentType"] == "audio/wav"
    settings = intercept_api.read(owner_id)
    assert settings.incoming.announcements.file_name == greeting.name
    settings.incoming.announcements.greeting = "CUSTOM"
    intercept_api.configure(owner_id, settings)  # fileName is left out by wxc_sdk, as Webex wants
    assert sim.get_intercept(owner_id, kind=kind)["incoming"]["announcements"]["greeting"] == "CUSTOM"
    assert intercept_api.read(owner_id).incoming.announcements.greeting == "CUSTOM"


def test_workspace_greeting_upload_paths(sim, api, tmp_path):
    """wxc_sdk uploads a workspace greeting to /workspaces/...; the official spec says /telephony/config/workspaces/..."""
    workspace = sim.workspace_by_name("Lobby Phone")["id"]
    greeting = tmp_path / "lobby.wav"
    greeting.write_bytes(WAV)
    api.workspace_settings.call_intercept.greeting(workspace, str(greeting))
    routes = [entry["route"] for entry in sim.log() if entry["method"] == "POST"]
    assert routes == ["/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke"]
    with requests.Session() as http:  # the official path, as the collection sends it
        http.trust_env = False
        response = http.post(sim.url + "/telephony/config/workspaces/%s/features/intercept/actions/announcementUpload/invoke" % workspace,
                             files={"file": ("lobby2.wav", WAV, "audio/wav")}, headers={"Authorization": "Bearer " + sim.admin_token})
    assert response.status_code == 201, response.text
    assert sim.get_upload(workspace, kind="workspaces") == {"fileName": "lobby2.wav", "size": len(WAV), "contentType": "audio/wav", "count": 2}
    assert sim.counters()["requests"]["POST /telephony/config/workspaces/{workspaceId}/features/intercept/actions/announcementUpload/invoke"] == 1


def test_location_read_and_configure(sim, api):
    hq = api.locations.by_name("Headquarters")
    assert hq is not None and hq.name == "Headquarters"
    location_api = api.telephony.location.intercept
    settings = location_api.read(hq.location_id)
    assert settings.enabled is False
    settings.enabled = True
    settings.incoming.announcements.greeting = "CUSTOM"
    settings.incoming.announcements.file_name = "hq-closed.wav"  # already in the location's repository
    location_api.configure(hq.location_id, settings)
    put = [entry for entry in sim.log() if entry["method"] == "PUT"][-1]
    assert put["status"] == 204 and put["body"]["incoming"]["announcements"]["fileName"] == "hq-closed.wav"
    assert sim.get_intercept(hq.location_id, kind="locations")["incoming"]["announcements"]["fileName"] == "hq-closed.wav"
    again = location_api.read(hq.location_id)
    assert again.enabled is True and again.incoming.announcements.file_name == "hq-closed.wav"
    location_api.configure(hq.location_id, again)  # read-modify-write round trip with fileName and the unknown field
    # The location intercept overrides its people while enabled; their own settings stay as they are.
    alice = sim.person_by_email("alice.anders@example.com")["id"]
    assert api.person_settings.call_intercept.read(alice).enabled is False
    assert sim.effective_intercept(alice)["source"] == "location"
    # A greeting that is not in the repository, and a PUT without enabled, are refused.
    again.incoming.announcements.file_name = "not-there.wav"
    with pytest.raises(RestError) as info:
        location_api.configure(hq.location_id, again)
    assert info.value.response.status_code == 400
    with pytest.raises(RestError) as info:
        location_api.configure(hq.location_id, InterceptSetting(incoming=again.incoming))
    assert info.value.response.status_code == 400 and "enabled" in info.value.response.text


def test_listings_parse_and_page(sim, api):
    """wxc_sdk's models parse the listings, and its pagination follows every Link to the end."""
    home = api.people.me().org_id
    assert home == sim.org_id
    assert api.organizations.details(home).display_name == "Simulated Home Org"
    site = sim.location_by_name("Generated Site 01")["id"]
    workspaces = list(api.workspaces.list(location_id=site, max=1))
    assert sorted(item.display_name for item in workspaces) == ["Workspace 0001", "Workspace 0002", "Workspace 0003"]
    assert all(item.location_id == site and item.calling.type == "webexCalling" for item in workspaces)
    lines = list(api.telephony.virtual_lines.list(location_id=[site], max=1))
    assert sorted((item.first_name, item.last_name, item.number.extension) for item in lines) == [
        ("Line", "0001", "50001"), ("Line", "0002", "50002")]
    assert [item.location.id for item in lines] == [site, site]
    assert [item.first_name for item in api.telephony.virtual_lines.list(owner_name=["Night Line"])] == ["Night", "Night"]
    locations = list(api.locations.list(max=1))
    assert len(locations) == len(sim.locations()) and len({item.location_id for item in locations}) == len(locations)
    pages = [entry for entry in sim.log() if entry["route"] == "/workspaces"]
    assert len(pages) == 3  # one workspace a page: the Link header was followed twice


def test_partner_org(sim, api):
    line = sim.virtual_line_by_name("Customer Line", org_id=sim.partner_org_id)["id"]
    intercept_api = api.telephony.virtual_lines.call_intercept
    settings = intercept_api.read(line, org_id=sim.partner_org_id)
    settings.enabled = True
    intercept_api.configure(line, settings, org_id=sim.partner_org_id)
    assert sim.get_intercept(line, kind="virtual_lines")["enabled"] is True
    with pytest.raises(RestError) as info:
        intercept_api.read(line)  # not in the home org
    assert info.value.response.status_code == 404
