# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make simulator` starts the simulator in the background on a free port (or the one given) and prints the export
line for the shell; run again it prints the same line; `make simulator-stop` stops it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
import shlex
import socket
import subprocess
import urllib.request

from conftest import REPO_ROOT

EXPORT = re.compile(r'^export WEBEX_API_URL=(\S+) WEBEX_ACCESS_TOKEN=(\S+)$', re.M)


def make(target, state, *variables):
    return subprocess.run(['make', '-s', '-C', REPO_ROOT, target, 'SIMULATOR_STATE=%s' % state] + list(variables),
                          capture_output=True, text=True, timeout=120, check=False)


def people(url, token):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url + '/people?max=1', headers={'Authorization': 'Bearer ' + token})
    with opener.open(request, timeout=10) as response:
        return json.loads(response.read().decode('utf-8'))


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def test_make_simulator_prints_the_export_line_and_stops(tmp_path):
    state = tmp_path / 'simulator'
    try:
        started = make('simulator', state)
        assert started.returncode == 0, started.stdout + started.stderr
        url, token = EXPORT.search(started.stdout).groups()
        assert re.match(r'^http://127\.0\.0\.1:\d+/v1$', url)
        # Every line is for the shell: comments, and the export line (eval "$(make simulator)").
        for line in started.stdout.splitlines():
            assert line.startswith('#') or EXPORT.match(line), line
        assert shlex.split(EXPORT.search(started.stdout).group(0))[0] == 'export'
        assert 'make simulator-stop' in started.stdout
        assert people(url, token)['items'], 'it answers with its seeded people'
        again = make('simulator', state)
        assert again.returncode == 0 and 'already running' in again.stdout
        assert EXPORT.search(again.stdout).groups() == (url, token)
    finally:
        stopped = make('simulator-stop', state)
    assert stopped.returncode == 0 and 'stopped the simulator at %s' % url in stopped.stdout
    try:
        people(url, token)
        raise AssertionError('the simulator still answers after make simulator-stop')
    except OSError:
        pass
    assert 'no simulator started by make simulator is running' in make('simulator-stop', state).stdout


def test_make_simulator_takes_the_port_given(tmp_path):
    state = tmp_path / 'simulator'
    port = free_port()
    try:
        started = make('simulator', state, 'SIMULATOR_PORT=%d' % port)
        assert started.returncode == 0, started.stdout + started.stderr
        assert EXPORT.search(started.stdout).group(1) == 'http://127.0.0.1:%d/v1' % port
    finally:
        make('simulator-stop', state)
