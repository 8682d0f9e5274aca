# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the module_utils tests: a fake clock for the retry and rate-limit tests (waits are recorded, not
slept), the simulator in process, and scripted HTTP servers (test_client.ScriptedServer)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

import pytest

from ansible_collections.webex.calling.plugins.module_utils import _retry
from test_client import ScriptedServer


class FakeClock:
    """Stands in for the time module of _retry: sleeping advances the clock and is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def monotonic(self):
        return self.now

    def time(self):
        """Wall-clock time: 2023-11-14T22:13:20Z when the fake clock starts (for Retry-After HTTP-dates)."""
        return 1700000000.0 + (self.now - 1000.0)

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(_retry, 'time', fake)
    return fake


@pytest.fixture(scope='module')
def sim():
    """The simulator in this process (a thread; nothing outlives the test process), driven through the control API
    of webex_simulator.SimulatorProcess (person_by_email, add_faults, log...): 2 generated people, 1 location."""
    import urllib.request

    import webex_simulator

    server = webex_simulator.build_server(people=2, locations=1)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
    thread.start()
    control = webex_simulator.SimulatorProcess()
    control.info = server.info()
    control.url = control.info['url']
    control.base_url = control.url[:-len('/v1')]
    control.admin_token = control.info['admin_token']
    control.org_id = control.info['org_id']
    control.partner_org_id = control.info['partner_org_id']
    control._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    yield control
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def simulator(sim):
    """The module's simulator, back to its seed."""
    sim.control('POST', '/_sim/reset')
    return sim


def run_module(simulator, module, check_mode=False, diff=False, **options):
    """A module's main() in process against the simulator: (failed, result), the result with ``warned``: the warnings
    the module gave, but the one about plain http (the simulator listens on http://127.0.0.1)."""
    import contextlib
    import io
    import json
    from unittest import mock

    from ansible.module_utils.basic import AnsibleModule
    from ansible.module_utils.testing import patch_module_args

    args = dict(options, access_token=simulator.admin_token, api_url=simulator.url, _ansible_check_mode=check_mode,
                _ansible_diff=diff)
    out = io.StringIO()
    warned = []
    with patch_module_args(args), contextlib.redirect_stdout(out):
        with mock.patch.object(AnsibleModule, 'warn', lambda module, text: warned.append(text)):
            with pytest.raises(SystemExit) as caught:
                module.main()
    result = json.loads(out.getvalue())
    result['warned'] = [text for text in warned if 'plain http' not in text]
    return caught.value.code != 0, result


@pytest.fixture
def serve():
    """Starts a ScriptedServer answering the script given (``serve(answer, ...)``); closed after the test."""
    servers = []

    def start(*script):
        server = ScriptedServer(script)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
