# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data from Ansible reaches the settings engine plain, and the filters' work per entry does not grow with the input.

The filters are run the way a playbook runs them: by a real ansible-core templar on variables (on ansible-core 2.19
and later, lazy template containers and tagged strings), with the collection found through the collections path.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import importlib
import json
import sys

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from default_settings import DEFAULT_OPTIONS

from ansible_collections.webex.calling.plugins.plugin_utils._boundary import plain

try:
    from ansible.template import trust_as_template
    LAZY_CONTAINERS = True
except ImportError:  # ansible-core before 2.19 templates any string
    LAZY_CONTAINERS = False

    def trust_as_template(template):
        return template

ENGINE = 'ansible_collections.webex.calling.plugins.module_utils.'
PLAIN_TYPES = (dict, list, str, int, float, bool, type(None))
AUDIT = ("{{ [persons | webex.calling.intercept_plan(baseline, people=[])] | webex.calling.intercept_audit_report("
         "organization='Example', baseline=baseline, exceptions=[], people=[], kinds=['person'], location_id='', "
         "generated='2026-12-01T00:00:00Z', history=[], history_keep=0, report_dir='/reports', "
         "report_name='audit', formats=['html', 'json'], min_compliance=0, fail_on_drift=false) "
         "| webex.calling.intercept_audit_render('%s') }}")


def person(index):
    settings = copy.deepcopy(DEFAULT_OPTIONS)
    settings['enabled'] = index % 10 == 0  # a tenth drift from the baseline
    return dict(person_id='P%05d' % index, email='user%05d@example.com' % index, display_name='User %d' % index,
                location_id='LOC', location_name='Headquarters', greeting_file_name='', intercept=settings,
                error=None, overridden_by_location=False)


def variables(count):
    """A whole organization, and as much unrelated data beside it (the variable context grows with N too)."""
    people = [person(index) for index in range(count)]
    return dict(persons=people, baseline={'enabled': False}, inventory_data=copy.deepcopy(people))


def template(expression, count):
    return Templar(loader=DataLoader(), variables=variables(count)).template(trust_as_template(expression))


def python_calls(function):
    """The Python function calls made while running function(), and its result."""
    calls = [0]

    def profiler(frame, event, arg):
        if event == 'call':
            calls[0] += 1

    sys.setprofile(profiler)
    try:
        result = function()
    finally:
        sys.setprofile(None)
    return calls[0], result


def assert_plain(value, where='input'):
    assert type(value) in PLAIN_TYPES, '%s is a %s, not plain data' % (where, type(value).__name__)
    if isinstance(value, dict):
        for key, item in value.items():
            assert_plain(key, '%s key %r' % (where, key))
            assert_plain(item, '%s.%s' % (where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_plain(item, '%s[%d]' % (where, index))


def test_plain_makes_plain_containers_and_keeps_values():
    class Tagged(str):
        pass

    class Number(int):
        pass

    data = {Tagged('a'): (1, Number(2), [Tagged('x'), None, True, 1.5]), 'b': {frozenset([3])}}
    result = plain(data)
    assert result == {'a': [1, 2, ['x', None, True, 1.5]], 'b': [[3]]}
    assert_plain(result)
    assert plain(True) is True and plain(b'raw') == b'raw'


def test_plain_keeps_the_unsafe_strings_of_older_ansible_core():
    class Unsafe(str):
        __UNSAFE__ = True

    class UnsafeBytes(bytes):
        __UNSAFE__ = True

    assert isinstance(plain([Unsafe('{{ not templated }}')])[0], Unsafe)
    assert isinstance(plain({'raw': UnsafeBytes(b'{{ x }}')})['raw'], UnsafeBytes)


def from_ansible(values):
    """The values that came from Ansible: not the engine's own objects (a Request, an owner kind)."""
    return [value for value in values if not type(value).__module__.startswith(ENGINE)]


@pytest.mark.parametrize('module, function', [
    ('filter.intercept_plan', 'Request'),
    ('filter.intercept_plan', 'compare'),
    ('module_utils._audit.model', 'build_report'),  # the audit's filters import their engine when called
    ('module_utils._audit.render', 'render'),
])
def test_module_utils_receives_plain_data_from_the_templar(monkeypatch, module, function):
    """Every argument a filter hands to module_utils is plain, whatever the templar gave the filter."""
    filter_module = importlib.import_module('ansible_collections.webex.calling.plugins.' + module)
    original = getattr(filter_module, function)
    seen = []

    def spy(*args, **kwargs):
        assert_plain(from_ansible(args), function + ' arguments')
        assert_plain(from_ansible(kwargs.values()), function + ' options')
        seen.append(function)
        return original(*args, **kwargs)

    monkeypatch.setattr(filter_module, function, spy)
    assert '<!DOCTYPE html>' in template(AUDIT % 'html', 20)
    assert seen == [function]


@pytest.mark.parametrize('report_format', ['html', 'json'])
def test_work_per_person_does_not_grow_with_the_organization(report_format):
    """Python calls per person at N=400 within 25 % of those at N=50 (a deep copy of Ansible's context grows them)."""
    small, large = 50, 400
    per_person = []
    for count in (small, large):
        calls, rendered = python_calls(lambda: template(AUDIT % report_format, count))
        # A drifted person is in the report (ansible-core 2.16's templar turns the JSON text back into data).
        assert 'user%05d@example.com' % (count - 10) in (rendered if isinstance(rendered, str) else json.dumps(rendered))
        per_person.append(calls / float(count))
    assert per_person[1] <= per_person[0] * 1.25, (
        'Python calls per person grow with the organization: %.0f at N=%d, %.0f at N=%d'
        % (per_person[0], small, per_person[1], large))


def registered_bulk_result(count, leaves):
    """A registered result of webex_intercepts: count entries, each with before and after of ``leaves`` settings."""
    settings = dict(('setting_%03d' % index, 'value %d' % index) for index in range(leaves))
    return dict(changed=True, counts=dict(total=count), intercepts=[
        dict(target='user%05d@example.com' % index, changed=index % 2 == 0, before=settings, after=settings)
        for index in range(count)])


RESULT = "{{ applied | webex.calling.intercept_result({}, targets, check_mode=true) }}"


def result_of(count, leaves):
    variables = dict(applied=registered_bulk_result(count, leaves), targets=dict(count=count, people=[''] * count,
                                                                                 locations=[]))
    return Templar(loader=DataLoader(), variables=variables).template(trust_as_template(RESULT))


def test_intercept_result_hands_plain_data_to_the_engine(monkeypatch):
    filter_module = importlib.import_module('ansible_collections.webex.calling.plugins.filter.intercept_result')
    original, seen = filter_module.result_of_run, []

    def spy(*args):
        assert_plain(list(args), 'intercept_result arguments')
        seen.append(args)
        return original(*args)

    monkeypatch.setattr(filter_module, 'result_of_run', spy)
    assert result_of(3, 2)['message'] == ('3 people, 1 already compliant, 2 would change: user00000@example.com, '
                                          'user00002@example.com')
    assert len(seen) == 1


@pytest.mark.skipif(not LAZY_CONTAINERS, reason='before ansible-core 2.19 the templar itself templates every leaf of a '
                    'variable a template names, whatever the filter reads')
def test_intercept_result_reads_only_what_it_needs_of_a_large_result():
    """Python calls for a result whose entries carry 100 settings each within 25 % of those for 2 settings each."""
    calls = [python_calls(lambda leaves=leaves: result_of(200, leaves))[0] for leaves in (2, 100)]
    assert calls[1] <= calls[0] * 1.25, 'calls grow with what the entries carry: %d, then %d' % tuple(calls)


# Imported only by the filters of the audit and the restore, when one of them is called.
AUDIT_AND_RESTORE_ENGINE = ('_audit.inputs', '_audit.merge', '_audit.model', '_audit.render', '_audit.html_report',
                            '_audit.text', '_audit.history', '_restore')


@pytest.mark.parametrize('name', ['webex.calling.intercept_targets', 'webex.calling.intercept_result'])
def test_a_filter_does_not_load_the_audit_and_restore_engine(name, modules_loaded_by):
    """Ansible loads every filter file of the collection when a task first uses one of its filters, in every worker
    process: the files of the filters each task of the intercept role uses must not bring in what only the audit and
    the restore use."""
    loaded = modules_loaded_by('filter_loader', name)
    assert 'ansible_collections.webex.calling.plugins.filter.intercept_audit_report' in loaded  # every file was loaded
    brought = [module for module in AUDIT_AND_RESTORE_ENGINE if ENGINE + module in loaded]
    assert not brought, 'loading %s imported %s' % (name, ', '.join(brought))
