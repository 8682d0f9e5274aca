# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The environment of `make demo` (tests/requirements-demo.txt) holds what the collection needs at run time, pinned
as the development environment pins it, and nothing of the development toolchain."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pins(name):
    with open(os.path.join(ROOT, 'tests', name)) as handle:
        return dict((match.group(1).lower(), match.group(2))
                    for match in re.finditer(r'^([A-Za-z0-9_.-]+)==(\S+)$', handle.read(), flags=re.M))


def test_demo_requirements_are_the_runtime_requirements_pinned_as_for_development():
    with open(os.path.join(ROOT, 'tests', 'requirements-demo.txt')) as handle:
        text = handle.read()
    assert '-r ../requirements.txt' in text.splitlines(), 'the runtime requirements of the collection'
    demo, dev = pins('requirements-demo.txt'), pins('requirements-dev.txt')
    assert {'ansible-core', 'requests'} <= set(demo)
    for name, version in demo.items():
        assert dev.get(name) == version, '%s is pinned to %s for the demo and %s for development' % (
            name, version, dev.get(name))
    for tool in ('pytest', 'ansible-lint', 'antsibull-changelog', 'wxc-sdk', 'mutmut', 'responses', 'pillow'):
        assert tool not in demo, '%s is development tooling, not for make demo' % tool
