# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one settings table against every module's argument spec and documentation; the layering of the code."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import glob
import os
import sys

import pytest
import yaml
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webex.calling.plugins.module_utils._settings import SETTINGS, SETTINGS_KEYS

TABLE = sorted(row.option for row in SETTINGS)
# The modules that take the settings as options (every configure module of every owner kind).
SETTINGS_MODULES = ('webex_person_intercept', 'webex_workspace_intercept', 'webex_virtual_line_intercept',
                    'webex_location_intercept')
FRAGMENTS = 'ansible_collections.webex.calling.plugins.doc_fragments.'


def documented_options(documentation):
    """A module's documented options with those of its own doc fragments merged in, as ansible-doc merges them."""
    doc = yaml.safe_load(documentation)
    options = dict(doc.get('options') or {})
    for name in doc.get('extends_documentation_fragment') or []:
        if not name.startswith('webex.calling.'):
            continue
        fragment, dummy, variable = name[len('webex.calling.'):].partition('.')
        module = __import__(FRAGMENTS + fragment, fromlist=['ModuleDocFragment'])
        fragment_options = yaml.safe_load(getattr(module.ModuleDocFragment, variable or 'DOCUMENTATION'))['options']
        for key, value in (fragment_options or {}).items():
            assert key not in options, '%s is documented twice' % key
            options[key] = value
    return options


def leaves(options, key_of_children):
    """The option paths of the leaves of a nested options dictionary (argument spec or DOCUMENTATION)."""
    found = []
    for name, spec in options.items():
        children = spec.get(key_of_children)
        if children:
            found.extend((name,) + path for path in leaves(children, key_of_children))
        else:
            found.append((name,))
    return found


def settings_leaves(options, key_of_children):
    return sorted(path for path in leaves(options, key_of_children) if path[0] in SETTINGS_KEYS)


def captured_argument_spec(monkeypatch, module):
    """The argument spec a module's main() builds, captured at AnsibleModule()."""
    captured = {}

    class Stop(Exception):
        pass

    def fake_init(self, argument_spec, **kwargs):
        captured.update(argument_spec)
        raise Stop()

    monkeypatch.setattr(AnsibleModule, '__init__', fake_init)
    with pytest.raises(Stop):
        module.main()
    return captured


@pytest.mark.parametrize('name', SETTINGS_MODULES)
def test_table_equals_argument_spec_and_documentation(name, monkeypatch):
    module = __import__('ansible_collections.webex.calling.plugins.modules.%s' % name, fromlist=['main'])
    spec = captured_argument_spec(monkeypatch, module)
    assert settings_leaves(spec, 'options') == TABLE
    documented = documented_options(module.DOCUMENTATION)
    assert settings_leaves(documented, 'suboptions') == TABLE
    assert sorted(leaves(documented, 'suboptions')) == sorted(leaves(spec, 'options')), 'argument spec and docs differ'

    for row in SETTINGS:
        doc = documented[row.option[0]]
        for key in row.option[1:]:
            doc = doc['suboptions'][key]
        assert sorted(doc.get('choices') or []) == sorted(row.choices or []), row.option


def test_the_bulk_module_documents_the_table_for_each_item():
    module = __import__('ansible_collections.webex.calling.plugins.modules.webex_intercepts', fromlist=['main'])
    item = yaml.safe_load(module.DOCUMENTATION)['options']['intercepts']['suboptions']
    assert settings_leaves(item, 'suboptions') == TABLE
    for row in SETTINGS:
        doc = item[row.option[0]]
        for key in row.option[1:]:
            doc = doc['suboptions'][key]
        assert sorted(doc.get('choices') or []) == sorted(row.choices or []), row.option


def test_every_configure_module_is_checked(collection_root):
    """A module with the settings options that this test does not list fails here, so it cannot be forgotten."""
    found = []
    for path in glob.glob(os.path.join(collection_root, 'plugins', 'modules', '*.py')):
        documented = {}
        with open(path) as handle:
            tree = ast.parse(handle.read())
        for node in tree.body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'DOCUMENTATION':
                documented = documented_options(node.value.value)
        if set(SETTINGS_KEYS) & set(documented):
            found.append(os.path.basename(path)[:-3])
    assert sorted(found) == sorted(SETTINGS_MODULES)


def imports_of(path):
    with open(path) as handle:
        tree = ast.parse(handle.read())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def top(name):
    return name.split('.')[0]


STDLIB = set(sys.stdlib_module_names) | {'__future__'}
PURE = ('_settings.py', '_owners.py', '_compare.py', '_wording.py', '_outcome.py', '_audit/labels.py', '_audit/model.py',
        '_audit/history.py', '_audit/text.py', '_audit/html_report.py', '_audit/render.py')
MODULE_UTILS = 'ansible_collections.webex.calling.plugins.module_utils.'


@pytest.mark.parametrize('name', PURE)
def test_the_settings_model_imports_only_the_standard_library_and_itself(collection_root, name):
    for imported in imports_of(os.path.join(collection_root, 'plugins', 'module_utils', name)):
        if imported.startswith(MODULE_UTILS):
            assert imported[len(MODULE_UTILS):].replace('.', '/') + '.py' in PURE, imported
        else:
            assert top(imported) in STDLIB, '%s imports %s' % (name, imported)


BOUNDARY = 'ansible_collections.webex.calling.plugins.plugin_utils._boundary'


def test_filters_import_only_module_utils(collection_root):
    paths = glob.glob(os.path.join(collection_root, 'plugins', 'filter', '*.py'))
    assert len(paths) >= 4
    for path in paths:
        for imported in imports_of(path):
            assert imported.startswith(MODULE_UTILS) or imported in ('ansible.errors', BOUNDARY) or (
                top(imported) == '__future__'), '%s imports %s' % (os.path.basename(path), imported)


def test_every_filter_and_lookup_enters_the_engine_through_the_boundary(collection_root):
    """Ansible's data reaches module_utils made plain, in one place (plugin_utils/_boundary.py)."""
    paths = glob.glob(os.path.join(collection_root, 'plugins', 'filter', '*.py')) + glob.glob(
        os.path.join(collection_root, 'plugins', 'lookup', '*.py'))
    assert len(paths) >= 8
    for path in paths:
        assert BOUNDARY in imports_of(path), '%s does not make its input plain' % os.path.basename(path)
    for path in glob.glob(os.path.join(collection_root, 'plugins', 'filter', '*.py')):
        with open(path) as handle:
            tree = ast.parse(handle.read())
        functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        assert functions and all(
            any(getattr(getattr(decorator, 'func', decorator), 'id', None) == 'engine_filter'
                for decorator in node.decorator_list)
            for node in functions), '%s: every filter function is an @engine_filter' % os.path.basename(path)


def test_no_six_in_the_engine_filters_and_modules(collection_root):
    """six breaks sanity on ansible-core 2.20+."""
    paths = glob.glob(os.path.join(collection_root, 'plugins', '**', '*.py'), recursive=True)
    for path in paths:
        assert not [name for name in imports_of(path) if 'six' in name.split('.')], path


def test_modules_are_argument_spec_and_one_call(collection_root):
    for path in glob.glob(os.path.join(collection_root, 'plugins', 'modules', '*.py')):
        runners = [name for name in imports_of(path) if name.startswith(MODULE_UTILS)]
        if os.path.basename(path) == 'webex_intercepts.py':
            assert MODULE_UTILS + '_bulk' in runners, path
        elif os.path.basename(path) == 'webex_admin_audit_events_info.py':
            assert MODULE_UTILS + '_event_poller' in runners, path
        elif '_intercept' in os.path.basename(path) or os.path.basename(path) == 'webex_organization_info.py':
            assert MODULE_UTILS + '_intercept_runner' in runners, path
        else:
            assert len(runners) == 1, path
