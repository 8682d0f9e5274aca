# Copyright: Contributors to the webex.calling collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make tests/simulator importable as a plain module (webex_simulator)."""

import os
import sys

SIMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "simulator"))
if SIMULATOR_DIR not in sys.path:
    sys.path.insert(0, SIMULATOR_DIR)
