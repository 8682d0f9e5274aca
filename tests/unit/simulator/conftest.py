# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make tests/simulator importable as a plain module (webex_simulator); fixtures shared by the simulator's tests."""

import os
import sys

import pytest
import requests

SIMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "simulator"))
if SIMULATOR_DIR not in sys.path:
    sys.path.insert(0, SIMULATOR_DIR)


@pytest.fixture(autouse=True)
def fresh(sim):
    """Every test starts from the seed (each test module starts its own ``sim``)."""
    sim.reset()
    yield


@pytest.fixture
def http():
    """A requests session that never uses a proxy from the environment (the simulator listens on loopback)."""
    session = requests.Session()
    session.trust_env = False
    yield session
    session.close()
