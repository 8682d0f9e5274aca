# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make simulator`` / ``make simulator-stop``: the Webex API simulator in the background, for a shell.

``start`` starts ``webex_simulator.py`` (on a free port unless ``--port`` is given) as a process of its own, waits
until it serves, records it in ``--state`` (a directory) and prints the ``export`` lines that point the modules at
it, so that ``eval "$(make -s simulator)"`` sets them. When the one recorded there still runs, it prints its lines
again instead of starting another. ``stop`` terminates the recorded one. Standard library only.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIMULATOR = os.path.join(HERE, 'webex_simulator.py')
STARTUP_SECONDS = 15


def state_file(state):
    return os.path.join(state, 'simulator.json')


def running(state):
    """The recorded simulator's ready document when its process still runs, else None."""
    try:
        with open(state_file(state)) as handle:
            info = json.load(handle)
        os.kill(info['pid'], 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:  # a process that took over the recorded pid is not the simulator (where /proc tells)
        with open('/proc/%d/cmdline' % info['pid'], 'rb') as handle:
            return info if b'webex_simulator.py' in handle.read() else None
    except OSError:
        return info


def export_lines(info, state, already):
    log = os.path.join(state, 'simulator.log')
    return '\n'.join([
        '# Webex API simulator %s at %s (pid %d; log %s).' % (
            'already running' if already else 'started', info['url'], info['pid'], log),
        '# Point the webex.calling modules at it: paste the export line into your shell, or run',
        '#   eval "$(make -s simulator)"',
        '# Stop it with: make simulator-stop',
        'export WEBEX_API_URL=%s WEBEX_ACCESS_TOKEN=%s' % (info['url'], info['admin_token']),
    ])


def start(state, port):
    info = running(state)
    if info is not None:
        print(export_lines(info, state, True))
        return 0
    os.makedirs(state, exist_ok=True)
    ready = state_file(state)
    if os.path.exists(ready):
        os.remove(ready)
    with open(os.path.join(state, 'simulator.log'), 'ab') as log:
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, SIMULATOR, '--port', str(port), '--ready-file', ready],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + STARTUP_SECONDS
    while not os.path.exists(ready):
        if process.poll() is not None or time.monotonic() > deadline:
            if process.poll() is None:
                process.terminate()
            sys.stderr.write('the simulator did not start (port %s); see %s\n' % (
                port or 'any free one', os.path.join(state, 'simulator.log')))
            return 1
        time.sleep(0.05)
    print(export_lines(running(state), state, False))
    return 0


def stop(state):
    info = running(state)
    if info is None:
        print('# no simulator started by make simulator is running')
        return 0
    os.kill(info['pid'], signal.SIGTERM)
    deadline = time.monotonic() + 10
    while running(state) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.remove(state_file(state))
    print('# stopped the simulator at %s (pid %d); unset WEBEX_API_URL WEBEX_ACCESS_TOKEN before using real Webex'
          % (info['url'], info['pid']))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('action', choices=('start', 'stop'))
    parser.add_argument('--state', required=True, help='directory that records the running simulator')
    parser.add_argument('--port', type=int, default=0, help='port to listen on (default 0: a free one)')
    args = parser.parse_args(argv)
    return start(args.state, args.port) if args.action == 'start' else stop(args.state)


if __name__ == '__main__':
    sys.exit(main())
