# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make bench`` writes its results into docs/docsite/rst/performance_guide.rst, in the generated section "bench"
(tests/tools/generated_section.py, which benchmarks/bench.py uses): only what lies between the two marker lines is
replaced, and a guide without them is an error, not a rewrite. Also the reStructuredText table bench.py writes there."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, 'benchmarks'))

import bench  # noqa: E402 pylint: disable=wrong-import-position
from generated_section import replace_generated, write_generated  # noqa: E402 pylint: disable=wrong-import-position

NAME = bench.GUIDE_SECTION
BEGIN, END = '.. BEGIN GENERATED: %s' % NAME, '.. END GENERATED: %s' % NAME
GUIDE = '\n'.join(('Title', '=====', '', 'Prose before.', '', BEGIN, '', 'old table', 'old notes', '', END, '',
                   'Prose after, naming ``%s``.' % BEGIN, ''))


def test_replaces_only_between_the_markers():
    text = replace_generated(GUIDE, NAME, 'new table\n\nnew notes\n')
    head, rest = text.split(BEGIN + '\n')
    generated, tail = rest.split(END + '\n')
    assert head == GUIDE.partition(BEGIN + '\n')[0]
    assert tail == GUIDE.split(END + '\n')[1]
    assert generated == '\nnew table\n\nnew notes\n\n'
    assert 'old' not in text


def test_is_idempotent():
    once = replace_generated(GUIDE, NAME, 'new table')
    assert replace_generated(once, NAME, 'new table') == once


def test_other_sections_are_left_alone():
    other = GUIDE.replace(NAME, 'test-times')
    with pytest.raises(ValueError, match='GENERATED: %s' % NAME):
        replace_generated(other, NAME, 'new table')
    both = replace_generated(GUIDE + other, NAME, 'new table')
    assert both.endswith(other)


@pytest.mark.parametrize('text', [
    GUIDE.replace(BEGIN + '\n', ''),
    GUIDE.replace(END + '\n', ''),
    'Prose only.\n',
    GUIDE.replace(BEGIN + '\n', 'TMP').replace(END + '\n', BEGIN + '\n').replace('TMP', END + '\n'),  # wrong order
    GUIDE + BEGIN + '\n' + END + '\n',  # twice
], ids=['no begin', 'no end', 'no markers', 'wrong order', 'twice'])
def test_fails_without_its_markers(text):
    with pytest.raises(ValueError, match='GENERATED'):
        replace_generated(text, NAME, 'new table')


RESULTS = dict(date='2026-12-04 16:00 UTC', command='python benchmarks/bench.py --rows playbooks', machine='2 CPU (x)',
               load_before=[0.5], load_after=[0.7], latency=0.05, elapsed=12.0)


def test_write_guide_writes_the_section(tmp_path):
    path = tmp_path / 'guide.rst'
    path.write_text(GUIDE)
    bench.write_guide(str(path), bench.parse_args([]), RESULTS)
    text = path.read_text()
    assert text.startswith(GUIDE.partition(BEGIN)[0] + BEGIN + '\n\nRun on 2026-12-04 16:00 UTC with '
                           '``python benchmarks/bench.py --rows playbooks``.')
    assert '.. list-table::' in text and 'old table' not in text
    assert text.endswith(END + '\n' + GUIDE.split(END + '\n')[1])


def test_write_guide_leaves_a_guide_without_markers_as_it_is(tmp_path):
    path = tmp_path / 'guide.rst'
    path.write_text('Prose only.\n')
    with pytest.raises(ValueError):
        bench.write_guide(str(path), bench.parse_args([]), RESULTS)
    assert path.read_text() == 'Prose only.\n'


@pytest.mark.parametrize('rows', ['eda', 'estate'])
def test_rows_run_alone_write_their_own_section(tmp_path, rows):
    section = 'bench-%s' % rows
    own = GUIDE.replace(BEGIN, '.. BEGIN GENERATED: %s' % section).replace(END, '.. END GENERATED: %s' % section)
    path = tmp_path / 'guide.rst'
    path.write_text(GUIDE + own)
    bench.write_guide(str(path), bench.parse_args(['--rows', rows]), RESULTS)
    text = path.read_text()
    assert text.startswith(GUIDE), 'the section of the other rows was changed'
    assert text.count('old table') == 1 and '.. list-table::' in text.split(GUIDE, 1)[1]


@pytest.mark.parametrize('name', [NAME, 'bench-eda', 'bench-estate'])
def test_the_performance_guide_has_the_markers(name):
    with open(os.path.join(ROOT, 'docs', 'docsite', 'rst', 'performance_guide.rst')) as handle:
        text = handle.read()
    assert replace_generated(text, name, 'new table').count('new table') == 1


def test_rst_table_and_inline_code():
    rows = [('10', '`ansible-playbook webex.calling.audit`', 70, '4.6 s', '', '-', '<= 2 x bound', '**no**')]
    table = bench.rst_table(rows)
    assert table.startswith('.. list-table::\n   :header-rows: 1\n\n   * - #\n')
    assert '     - ``ansible-playbook webex.calling.audit``\n' in table
    assert '     - \\-\n' in table
    assert '     -\n' in table
    assert not [line for line in table.split('\n') if line != line.rstrip()]


def test_a_guide_without_markers_is_left_as_it_was(tmp_path):
    guide = tmp_path / 'guide.rst'
    guide.write_text('Title\n=====\n\nNo markers here.\n')
    with pytest.raises(ValueError, match='BEGIN GENERATED: bench'):
        write_generated(str(guide), NAME, 'new table\n')
    assert guide.read_text() == 'Title\n=====\n\nNo markers here.\n'


def test_a_marker_inside_a_line_is_no_marker():
    with pytest.raises(ValueError):
        replace_generated('Prose %s and %s\n' % (BEGIN, END), NAME, 'table')
