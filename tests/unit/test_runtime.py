# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action group holds every module, so module_defaults sets credentials once for all of them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import yaml


def test_every_module_is_in_the_action_group(collection_root):
    modules_dir = os.path.join(collection_root, 'plugins', 'modules')
    modules = sorted(name[:-3] for name in os.listdir(modules_dir) if name.endswith('.py') and name != '__init__.py')
    with open(os.path.join(collection_root, 'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    assert modules
    assert sorted(runtime['action_groups']['webex']) == modules
