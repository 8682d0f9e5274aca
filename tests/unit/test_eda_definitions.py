# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rulebooks and the decision environment of extensions/eda agree with the event source and the collection.

The rulebook for EDA controller and the decision environment cannot run here (they need a controller and a
container build): these checks hold what can go wrong in them without one. The local rulebooks run end to end in
tests/e2e/test_eda.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import pytest
import yaml

SOURCE = 'webex.calling.intercept_events'


def read_yaml(root, *parts):
    with open(os.path.join(root, *parts)) as handle:
        return yaml.safe_load(handle)


def rulebooks(root):
    folder = os.path.join(root, 'extensions', 'eda', 'rulebooks')
    return sorted(name for name in os.listdir(folder) if name.endswith('.yml'))


def source_options(root):
    """The options the event source documents."""
    with open(os.path.join(root, 'extensions', 'eda', 'plugins', 'event_source', 'intercept_events.py')) as handle:
        text = handle.read()
    documentation = re.search(r"DOCUMENTATION = r'''(.*?)'''", text, re.S).group(1)
    return set(yaml.safe_load(documentation)['options'])


def sources_of(rulebook):
    return [source for ruleset in rulebook for source in ruleset['sources']]


def test_there_are_the_three_rulebooks(collection_root):
    assert rulebooks(collection_root) == ['intercept_compliance.yml', 'intercept_compliance_controller.yml',
                                          'intercept_report.yml']


@pytest.mark.parametrize('name', ['intercept_compliance.yml', 'intercept_compliance_controller.yml',
                                  'intercept_report.yml'])
def test_a_rulebook_gives_the_source_only_options_it_has(collection_root, name):
    documented = source_options(collection_root)
    sources = sources_of(read_yaml(collection_root, 'extensions', 'eda', 'rulebooks', name))
    assert sources and all(SOURCE in source for source in sources), sources
    for source in sources:
        assert set(source[SOURCE]) <= documented, set(source[SOURCE]) - documented


def test_the_controller_rulebook_watches_as_the_local_one_does(collection_root):
    """The same source options and the same condition; the action runs a job template of the remediate playbook."""
    local = read_yaml(collection_root, 'extensions', 'eda', 'rulebooks', 'intercept_compliance.yml')
    controller = read_yaml(collection_root, 'extensions', 'eda', 'rulebooks', 'intercept_compliance_controller.yml')
    assert sources_of(controller) == sources_of(local)
    local_rule, controller_rule = local[0]['rules'][0], controller[0]['rules'][0]
    assert controller_rule['condition'] == local_rule['condition']
    assert local_rule['action'] == {'run_playbook': {'name': 'webex.calling.remediate'}}
    assert set(controller_rule['action']) == {'run_job_template'}
    assert set(controller_rule['action']['run_job_template']) == {'name', 'organization'}


def requirement_lines(root):
    with open(os.path.join(root, 'requirements.txt')) as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith('#')]


def test_the_decision_environment_holds_the_collection_and_its_requirements(collection_root):
    definition = read_yaml(collection_root, 'extensions', 'eda', 'decision-environment.yml')
    assert definition['version'] == 3
    dependencies = definition['dependencies']
    assert [collection['name'] for collection in dependencies['galaxy']['collections']] == ['webex.calling']
    assert dependencies['python'] == requirement_lines(collection_root)
    requires = read_yaml(collection_root, 'meta', 'runtime.yml')['requires_ansible']
    minimum = re.match(r'>=\s*(\d+\.\d+)', requires).group(1)
    assert dependencies['ansible_core']['package_pip'] == 'ansible-core>=%s' % minimum
