# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The call intercept settings of a person nobody configured, in both shapes: the one test fixture of defaults.

Used by the simulator (what it stores for a new person), the unit tests and the end-to-end tests. Standard
library only, so the simulator can import it from its own directory.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

# As the API stores it: camelCase, "" for empty values (a GET leaves the empty ones out).
DEFAULT_API = {
    "enabled": False,
    "incoming": {
        "type": "INTERCEPT_ALL",
        "voicemailEnabled": False,
        "announcements": {
            "greeting": "DEFAULT",
            "fileName": "",
            "newNumber": {"enabled": False, "destination": ""},
            "zeroTransfer": {"enabled": False, "destination": ""},
        },
    },
    "outgoing": {"type": "INTERCEPT_ALL", "transferEnabled": False, "destination": ""},
}

# In the shape of the modules' options (an info entry's intercept): snake_case, without the greeting's name.
DEFAULT_OPTIONS = {
    "enabled": False,
    "incoming": {
        "type": "INTERCEPT_ALL",
        "voicemail_enabled": False,
        "announcements": {
            "greeting": "DEFAULT",
            "new_number": {"enabled": False, "destination": ""},
            "zero_transfer": {"enabled": False, "destination": ""},
        },
    },
    "outgoing": {"type": "INTERCEPT_ALL", "transfer_enabled": False, "destination": ""},
}


def default_api():
    """A fresh copy of DEFAULT_API."""
    return copy.deepcopy(DEFAULT_API)


def default_options(file_name=None):
    """A fresh copy of DEFAULT_OPTIONS; with ``file_name`` (a module's result shape), that greeting name too."""
    options = copy.deepcopy(DEFAULT_OPTIONS)
    if file_name is not None:
        options["incoming"]["announcements"]["file_name"] = file_name
    return options


def live_api():
    """DEFAULT_API as a live GET answers: empty values left out."""
    api = default_api()
    announcements = api["incoming"]["announcements"]
    del announcements["fileName"], announcements["newNumber"]["destination"], announcements["zeroTransfer"]["destination"]
    del api["outgoing"]["destination"]
    return api
