# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every documentation block of the collection parses as YAML: DOCUMENTATION, EXAMPLES and RETURN of each plugin and
doc fragment, and each role's meta/argument_specs.yml (ansible-doc, ansible-test sanity and role argument
validation all need them to; this finds a stray colon in a description in a second instead of in sanity)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import glob
import os
import re

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS = sorted(path for path in glob.glob(os.path.join(ROOT, 'plugins', '*', '*.py'))
                 if os.path.basename(os.path.dirname(path)) not in ('module_utils', 'plugin_utils')
                 and not path.endswith('__init__.py'))
ROLE_SPECS = sorted(glob.glob(os.path.join(ROOT, 'roles', '*', 'meta', 'argument_specs.yml')))


DOC_NAMES = ('DOCUMENTATION', 'EXAMPLES', 'RETURN')


def doc_strings(path):
    """{name: text} of DOCUMENTATION, EXAMPLES and RETURN, and of every string constant of a doc fragment's class."""
    with open(path) as handle:
        tree = ast.parse(handle.read())
    found = {}
    fragments = [node for cls in tree.body if isinstance(cls, ast.ClassDef) and cls.name == 'ModuleDocFragment'
                 for node in cls.body]
    for node in list(tree.body) + fragments:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name) and (target.id in DOC_NAMES or node in fragments):
                    found[target.id] = node.value.value
    return found


@pytest.mark.parametrize('path', PLUGINS, ids=lambda path: os.path.relpath(path, ROOT))
def test_plugin_documentation_parses(path):
    docs = doc_strings(path)
    if os.path.basename(os.path.dirname(path)) in ('modules', 'filter', 'lookup', 'doc_fragments'):
        assert docs, 'no documentation found in %s' % path
    for name, text in docs.items():
        try:
            yaml.safe_load(text)
        except yaml.YAMLError as exc:
            pytest.fail('%s %s does not parse: %s' % (os.path.relpath(path, ROOT), name, exc))


@pytest.mark.parametrize('path', ROLE_SPECS, ids=lambda path: os.path.relpath(path, ROOT))
def test_role_argument_specs_parse(path):
    with open(path) as handle:
        specs = yaml.safe_load(handle)
    assert specs['argument_specs']['main']['options']


@pytest.mark.parametrize('path', PLUGINS, ids=lambda path: os.path.relpath(path, ROOT))
def test_module_references_name_modules(path):
    """M(webex.calling.x) names a module of the collection (a role is C(webex.calling.x)): antsibull-docs' lint,
    which only the release check runs, fails on anything else."""
    modules = set(os.path.basename(name)[:-3] for name in glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py')))
    for name, text in doc_strings(path).items():
        for reference in re.findall(r'M\(webex\.calling\.([a-z_0-9]+)\)', text):
            assert reference in modules, '%s %s: M(webex.calling.%s) is not a module; a role is C(webex.calling.%s)' % (
                os.path.relpath(path, ROOT), name, reference, reference)
