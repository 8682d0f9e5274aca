# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures of the unit tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

import pytest


@pytest.fixture
def collection_root():
    return os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


# The shared fixture of default settings (tests/simulator/default_settings.py) is importable as default_settings.
SIMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'simulator'))
if SIMULATOR_DIR not in sys.path:
    sys.path.insert(0, SIMULATOR_DIR)
