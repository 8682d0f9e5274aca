# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The mutation score of a `make mutation` run: killed / (mutants - equivalent), per file and in all.

Reads mutmut's results (the ``*.py.meta`` files beside the mutants in ``.build/mutation/mutants``) and the list of
equivalent mutants (tests/mutation/equivalent.txt). Each entry there names a mutant and a line of its mutated code:
an entry whose mutant no longer has that line (the function changed, the mutants were numbered anew) excludes
nothing and is reported as stale, so that a real survivor is never excluded by mistake.

Usage: score.py MUTATION_DIR [--equivalent FILE] [--min-score PERCENT] [--show-survivors] [--json FILE]
Exit status 1 when the score is below --min-score, or when a mutant was not checked.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import ast
import difflib
import glob
import json
import os
import re
import sys

# mutmut's exit codes (mutmut.stats.status_by_exit_code): a test run that failed killed the mutant; a timeout or a
# crash is a detection too. 0: every test passed, the mutant survived; 33/5: no test runs the mutated function.
KILLED = {1, 3, 36, -24, 24, 152, 255, -11, -9, 37}
SURVIVED = {0, 35}
NO_TESTS = {33, 5}
PREFIX = 'ansible_collections/webex/calling/'


def read_equivalent(path):
    """[(mutant name, line its mutated code has, reason)] from the equivalent list."""
    entries = []
    if not path or not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            parts = [part.strip() for part in line.split(' | ')]
            if len(parts) != 3 or not all(parts):
                raise SystemExit('%s:%d: expected "mutant name | line of the mutated code | reason"' % (path, number))
            entries.append(tuple(parts))
    return entries


def mutated_source(path, original):
    """The mutants file of a module: mutmut's, or (when a later run put the original back, as runs that mutate
    another module do) the same file made again from the original with mutmut's own generator."""
    with open(path, encoding='utf-8') as handle:
        source = handle.read()
    if '__mutmut_orig' in source or not os.path.exists(original):
        return source
    from mutmut.mutation.file_mutation import mutate_file_contents  # pylint: disable=import-outside-toplevel
    with open(original, encoding='utf-8') as handle:
        return mutate_file_contents(original, handle.read()).code


def function_sources(source):
    """{function name: source} of every function of a mutants file (methods as xǁClassǁmethod...)."""
    lines = source.splitlines()
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = '\n'.join(lines[node.lineno - 1:node.end_lineno])
    return found


def mutant_function(name):
    """The function name mutmut gives a mutant in the mutants file: x_func__mutmut_3 or xǁClassǁmethod__mutmut_3."""
    return name.rpartition('.')[2]


def diff_of(sources, name):
    """The unified diff of a mutant against the original function ('' when not found)."""
    function = mutant_function(name)
    original = re.sub(r'__mutmut_\d+$', '__mutmut_orig', function)
    if function not in sources or original not in sources:
        return ''
    before = sources[original].replace(original, function).splitlines()
    after = sources[function].splitlines()
    return '\n'.join(line for line in difflib.unified_diff(before, after, lineterm='', n=1)
                     if not line.startswith(('---', '+++')))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('mutation_dir')
    parser.add_argument('--equivalent')
    parser.add_argument('--min-score', type=float, default=0.0)
    parser.add_argument('--show-survivors', action='store_true')
    parser.add_argument('--json')
    parser.add_argument('--files', help='the modules of plugins/module_utils to count (names without .py, separated '
                        'by spaces); default: every module with results')
    args = parser.parse_args(argv)
    files = set((args.files or '').split())
    # mutmut reads its configuration (setup.cfg) from the working directory when mutated_source makes a mutants file
    # again: run in the mutation directory, whatever the directory score.py was started from.
    args.mutation_dir = os.path.abspath(args.mutation_dir)
    args.equivalent = args.equivalent and os.path.abspath(args.equivalent)
    args.json = args.json and os.path.abspath(args.json)
    os.chdir(args.mutation_dir)

    mutants_dir = os.path.join(args.mutation_dir, 'mutants')
    module_utils = os.path.join(mutants_dir, PREFIX, 'plugins', 'module_utils')
    metas = sorted(glob.glob(os.path.join(module_utils, '*.py.meta')) + glob.glob(os.path.join(module_utils, '*', '*.py.meta')))
    if not metas:
        raise SystemExit('no mutmut results in %s; run make mutation first' % mutants_dir)
    equivalent = read_equivalent(args.equivalent)
    rows = []
    survivors = []
    stale = []
    unchecked = []
    used = set()
    for meta in metas:
        source_path = meta[:-len('.meta')]
        # The module's path under module_utils, without .py: _settings, or _audit/model for a package's module.
        module = os.path.relpath(source_path, module_utils)[:-len('.py')]
        if files and module not in files:
            continue
        with open(meta, encoding='utf-8') as handle:
            exit_codes = json.load(handle)['exit_code_by_key']
        if not exit_codes:
            continue
        original = os.path.join(args.mutation_dir, os.path.relpath(source_path, mutants_dir))
        sources = function_sources(mutated_source(source_path, original))
        excluded = set()
        for name, line, reason in equivalent:
            if name in exit_codes:
                used.add(name)
                if exit_codes[name] in KILLED:
                    stale.append((name, 'is killed now: remove it from the list'))
                elif line in (sources.get(mutant_function(name)) or ''):
                    excluded.add(name)
                else:
                    stale.append((name, 'no longer has the line %r: check it again' % line))
        counts = dict(mutants=len(exit_codes), killed=0, survived=0, no_tests=0, equivalent=len(excluded))
        for name, code in sorted(exit_codes.items()):
            if name in excluded:
                continue
            if code in KILLED:
                counts['killed'] += 1
            elif code is None:
                unchecked.append(name)
            else:
                counts['survived' if code in SURVIVED else 'no_tests'] += 1
                survivors.append((name, 'no test runs it' if code in NO_TESTS else 'survived', diff_of(sources, name)))
        counted = counts['mutants'] - counts['equivalent']
        counts['score'] = round(100.0 * counts['killed'] / counted, 1) if counted else 100.0
        rows.append((module + '.py', counts))
    for name, line, reason in equivalent:
        if name not in used and any(name.startswith(PREFIX.replace('/', '.') + 'plugins.module_utils.' + file[:-3].replace('/', '.') + '.')
                                    for file, dummy in rows):
            stale.append((name, 'is not a mutant any more: remove it from the list'))

    total = dict((key, sum(counts[key] for dummy, counts in rows))
                 for key in ('mutants', 'killed', 'survived', 'no_tests', 'equivalent'))
    counted = total['mutants'] - total['equivalent']
    total['score'] = round(100.0 * total['killed'] / counted, 1) if counted else 100.0

    columns = ('file', 'mutants', 'killed', 'survived', 'no tests', 'equivalent', 'score')
    header = '%-20s %8s %8s %9s %9s %11s %7s' % columns
    print(header)
    print('-' * len(header))
    for file, counts in rows + [('all', total)]:
        values = (file, counts['mutants'], counts['killed'], counts['survived'], counts['no_tests'], counts['equivalent'],
                  counts['score'])
        print('%-20s %8d %8d %9d %9d %11d %6.1f%%' % values)
    if args.show_survivors and survivors:
        print('\nSurvivors:')
        for name, what, diff in survivors:
            print('\n%s (%s)\n%s' % (name, what, diff))
    for name, why in stale:
        print('equivalent list: %s %s' % (name, why), file=sys.stderr)
    if unchecked:
        print('%d mutants were not checked (the run was interrupted?): %s' % (len(unchecked), ', '.join(unchecked[:5])),
              file=sys.stderr)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(dict(files=dict(rows), total=total, survivors=[name for name, dummy, dummy2 in survivors],
                           stale=[name for name, dummy in stale], unchecked=unchecked), handle, indent=2, sort_keys=True)
    if unchecked or total['score'] < args.min_score:
        if total['score'] < args.min_score:
            print('mutation score %.1f%% is below %.1f%%' % (total['score'], args.min_score), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
