# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared checks of the reliability tests: no token anywhere, and waiting for the simulator to go idle."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
import time

# What Ansible writes instead of a no_log value it finds in a module's output: if a module ever put the token
# in a message, the output would show this mask instead; so the mask must not appear either.
NO_LOG_MASK = '********'
# Ansible's banners (``TASK [name] ****``) are not masks.
BANNER = re.compile(r'^(PLAYBOOK|PLAY|TASK|PLAY RECAP|RUNNING HANDLER)\b.*\*+$', re.MULTILINE)


def token_sources(run, simulator, extra=None):
    """Every text a token could leak into: -vvv output, task results (diffs, warnings, errors), the simulator log."""
    sources = {
        'ansible-playbook stdout': run.stdout,
        'ansible-playbook stderr': run.stderr,
        'task results': json.dumps(run.tasks),
        'simulator request log': json.dumps(simulator.log()),
    }
    sources.update(extra or {})
    return sources


def assert_token_never_shown(token, run, simulator, extra=None):
    """The token is nowhere, not even masked by Ansible (which would mean a module tried to show it)."""
    assert len(token) >= 12, 'use a distinctive token'
    for name, text in token_sources(run, simulator, extra).items():
        assert token not in text, 'the access token appears in the %s' % name
        if name in ('ansible-playbook stdout', 'task results'):
            assert NO_LOG_MASK not in BANNER.sub('', text), 'the %s hold a masked no_log value: a module returned the token' % name


def wait_until_idle(simulator, limit=30.0):
    """Wait until the simulator answers no request (a slow fault may still sleep after the client gave up)."""
    deadline = time.monotonic() + limit
    while simulator.counters()['in_flight'] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert simulator.counters()['in_flight'] == 0, 'the simulator is still answering requests'
