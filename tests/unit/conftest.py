# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures of the unit tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest


@pytest.fixture
def collection_root():
    return os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
