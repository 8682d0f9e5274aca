# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The support matrix: requires_ansible, the ansible-core pins `make test` runs, and what the README states agree."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import yaml


def read(root, *path):
    with open(os.path.join(root, *path)) as handle:
        return handle.read()


def pinned_core(root, requirements):
    """The ansible-core version a requirements file pins, as (major, minor, patch)."""
    match = re.search(r'^ansible-core==(\d+)\.(\d+)\.(\d+)$', read(root, 'tests', requirements), flags=re.M)
    assert match, '%s pins no exact ansible-core' % requirements
    return tuple(int(part) for part in match.groups())


def makefile_matrix(root):
    """{ansible-core X.Y of an extra leg: the targets `make matrix` runs with CORE=X.Y}; CI runs `make matrix`."""
    makefile = read(root, 'Makefile')
    cores = re.search(r'^CORE_LEGS := ([0-9. ]+)$', makefile, flags=re.M).group(1).split()
    assert '$(addprefix matrix-leg-,$(CORE_LEGS))' in makefile.split('\nmatrix:', 1)[1].split('\n\n', 1)[0], (
        '`make matrix` runs every leg of CORE_LEGS')
    recipe = makefile.split('\n$(addprefix matrix-leg-,$(CORE_LEGS)): matrix-leg-%:', 1)[1].split('\n\n', 1)[0]
    targets = set()
    for names in re.findall(r'\$\(MAKE\)[^\n]*?((?: [a-z0-9-]+)+) CORE=\$\*', recipe):
        targets.update(name.replace('-matrix', '') for name in names.split() if not name.startswith('-'))
    ci = [line for line in read(root, '.ci', 'run').splitlines() if line.startswith('make')]
    assert ci == ['make test', 'make matrix'], '.ci/run runs make test, then make matrix'
    return dict((core, targets) for core in cores)


def test_requires_ansible_is_the_oldest_tested_ansible_core(collection_root):
    runtime = yaml.safe_load(read(collection_root, 'meta', 'runtime.yml'))
    match = re.match(r'^>=(\d+)\.(\d+)\.0$', runtime['requires_ansible'])
    assert match, 'requires_ansible is a lower bound X.Y.0: %r' % runtime['requires_ansible']
    oldest = '%s.%s' % match.groups()
    legs = makefile_matrix(collection_root)
    tested = sorted(list(legs) + ['%d.%d' % pinned_core(collection_root, 'requirements-dev.txt')[:2]],
                    key=lambda version: tuple(map(int, version.split('.'))))
    assert tested[0] == oldest, 'the oldest ansible-core tested is the one requires_ansible accepts'
    assert {'units', 'e2e'} <= legs[oldest]
    assert pinned_core(collection_root, 'requirements-core-%s.txt' % oldest)[:2] == tuple(map(int, oldest.split('.')))


def test_the_newest_leg_runs_units_e2e_and_sanity(collection_root):
    legs = makefile_matrix(collection_root)
    newest = max(legs, key=lambda version: tuple(map(int, version.split('.'))))
    assert {'units', 'e2e', 'sanity'} <= legs[newest]
    assert pinned_core(collection_root, 'requirements-core-%s.txt' % newest)[:2] == tuple(map(int, newest.split('.')))
    assert pinned_core(collection_root, 'requirements-dev.txt')[:2] < tuple(map(int, newest.split('.')))


def test_the_readme_states_the_tested_versions(collection_root):
    readme = read(collection_root, 'README.md')
    install = readme.split('\n## Install\n', 1)[1].split('\n## ', 1)[0]
    versions = set(makefile_matrix(collection_root)) | {'%d.%d' % pinned_core(collection_root, 'requirements-dev.txt')[:2]}
    for version in versions:
        full = '%d.%d.%d' % pinned_core(collection_root, 'requirements-%s.txt' % (
            'core-' + version if version in makefile_matrix(collection_root) else 'dev'))
        assert full in install, 'the README (Install) names ansible-core %s, the version tested' % full
