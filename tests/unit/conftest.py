# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures of the unit tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

# Ansible's collection loader, installed before any test imports the collection, so that a real templar finds the
# collection's filters by their FQCN (tests/unit/plugins/filter/test_boundary.py) as a playbook does. The collection
# is found through ANSIBLE_COLLECTIONS_PATH (the Makefile sets it) or the ansible_collections tree it lies in.
_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
_PATHS = [path for path in os.environ.get('ANSIBLE_COLLECTIONS_PATH', '').split(os.pathsep) if path]
if os.path.basename(os.path.dirname(os.path.dirname(_ROOT))) == 'ansible_collections':
    _PATHS.append(os.path.dirname(os.path.dirname(os.path.dirname(_ROOT))))
try:
    from ansible.plugins.loader import init_plugin_loader
except ImportError:  # the sanity tests import this file without ansible-core's test requirements
    pass
else:
    init_plugin_loader(_PATHS)


@pytest.fixture
def collection_root():
    return os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


_LOAD_A_PLUGIN = '''
import json, sys
from ansible.plugins import loader
loader.init_plugin_loader(json.loads(sys.argv[1]))
assert getattr(loader, sys.argv[2]).get(sys.argv[3], class_only=True) is not None
print(json.dumps(sorted(sys.modules)))
'''


@pytest.fixture
def modules_loaded_by():
    """``modules_loaded_by('filter_loader', 'webex.calling.intercept_targets')``: the modules a fresh Python has
    imported once Ansible's plugin loader (the one named) loaded that plugin, as a worker process or the main process of
    ansible-playbook loads it."""
    def load(loader_name, plugin):
        return json.loads(subprocess.run([sys.executable, '-c', _LOAD_A_PLUGIN, json.dumps(_PATHS), loader_name, plugin],
                                         stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout)
    return load


# The shared fixture of default settings (tests/simulator/default_settings.py) is importable as default_settings.
SIMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'simulator'))
if SIMULATOR_DIR not in sys.path:
    sys.path.insert(0, SIMULATOR_DIR)


# Hypothesis (the property-based and fuzz tests): deterministic by default, so `make units` and CI run the same
# examples every time and never write a .hypothesis database. HYPOTHESIS_PROFILE=explore searches with fresh random
# examples, and more of them, on a developer's machine.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the sanity tests import this file without the test requirements
    pass
else:
    settings.register_profile('ci', derandomize=True, database=None, deadline=None, print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile('explore', derandomize=False, database=None, deadline=None, max_examples=2000,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get('HYPOTHESIS_PROFILE', 'ci'))


# ansible-core before 2.19 (the support matrix tests 2.16) has no ansible.module_utils.testing: give the unit tests
# its patch_module_args, which runs a module's main() with the given arguments, the way earlier releases did it.
try:
    import ansible.module_utils.testing  # noqa: F401 pylint: disable=unused-import
except ImportError:
    import contextlib
    import json
    import types

    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args=None):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}).encode('utf-8')
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

    sys.modules['ansible.module_utils.testing'] = types.ModuleType('ansible.module_utils.testing')
    sys.modules['ansible.module_utils.testing'].patch_module_args = patch_module_args
