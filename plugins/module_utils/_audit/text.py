# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit report as JSON, CSV, Markdown and JUnit XML. Pure Python (standard library only).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import io
import json
from xml.etree import ElementTree

from ansible_collections.webex.calling.plugins.module_utils._audit.labels import (
    KIND_LABELS, NOTHING_AUDITED, format_percent, raw_value, target_label)
from ansible_collections.webex.calling.plugins.module_utils._audit.model import (
    attention, change_text, changed_by_note, counts, grouped_by_location, kinds_text, own_settings_text)
from ansible_collections.webex.calling.plugins.module_utils._wording import counted


def render_json(report):
    """The JSON report (and history file): the model without the run's file operations."""
    document = dict(report)
    document['history'] = dict((key, value) for key, value in report['history'].items() if key != 'prune')
    return json.dumps(document, indent=2, sort_keys=True) + '\n'


CSV_COLUMNS = ('kind', 'id', 'email', 'display_name', 'location_id', 'location_name', 'status', 'field', 'label',
               'api_name', 'expected', 'actual', 'expected_label', 'actual_label', 'error')


def render_csv(report):
    """One row per drifting setting, one per target that could not be read, and for a target overridden by its
    location's intercept one row per own setting that drifts (one row, field empty, when none does)."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator='\n')
    # With "changed by" asked, a last column says who last changed each drifting target, and when.
    changed_by = 'changed_by' in report
    writer.writerow(CSV_COLUMNS + (('changed_by',) if changed_by else ()))
    if report['status'] == NOTHING_AUDITED:
        # No target: one row says so, so that a spreadsheet of nothing is never read as all clear.
        writer.writerow([''] * 6 + [NOTHING_AUDITED] + [''] * 7 + [report['headline']])
    for entry in report['entries']:
        common = [entry['kind'], entry['id'] or '', entry['email'] or '', entry['name'] or '', entry['location_id'] or '',
                  entry['location_name'] or '', entry['status']]
        last = [change_text(entry)] if changed_by else []
        if entry['status'] == 'unreadable' or entry['status'] == 'overridden' and not entry['drifts']:
            writer.writerow(common + [''] * 7 + [entry['error'] or ''] + last)
        for drift in entry['drifts'] if entry['status'] in ('drift', 'overridden') else []:
            writer.writerow(common + [drift['setting'], drift['label'], drift['api_name'], raw_value(drift['expected']),
                                      raw_value(drift['actual']), drift['expected_label'], drift['actual_label'], '']
                            + last)
    return output.getvalue()


def md(value):
    text = '' if value is None else str(value)
    return text.replace('\\', '\\\\').replace('|', '\\|').replace('\n', ' ').replace('`', "'")


def render_markdown(report):
    summary = report['summary']
    lines = [
        '# Webex Calling call intercept audit', '',
        ('**%s: %s compliant** (%d of %d)' % (report['status_label'].upper(), format_percent(report['compliance_percent']),
                                              summary['compliant'], summary['audited'])
         if report['status'] != NOTHING_AUDITED else '**%s** (no target matched; no compliance percentage)'
         % report['status_label'].upper()), '',
        report['headline'], '',
        '- Organization: %s' % md(report['organization_label']),
        '- Scope: %s' % md(report['scope']),
        '- Generated: %s' % report['generated'], '',
        '| Audited | Compliant | Drifting | Unreadable | Compliance |', '| ---: | ---: | ---: | ---: | ---: |',
        '| %d | %d | %d | %d | %s |' % (
            summary['audited'], summary['compliant'], summary['drifted'], summary['unreadable'],
            format_percent(report['compliance_percent'])), '',
        'Percentages are rounded down to 0.1 % (100 % only when every target complies).',
    ]
    if summary['overridden']:
        lines += ['', '%d overridden by the call intercept of their location (not compliant while it is enabled).'
                  % summary['overridden']]
    if report['by_setting']:
        lines += ['', '## Drift by setting', '', '| Setting | API name | Drifting |', '| --- | --- | ---: |']
        lines += ['| %s | `%s` | %d |' % (md(row['label']), row['api_name'], row['count']) for row in report['by_setting']]
    if len(report['by_location']) > 1 or attention(summary):
        over = bool(summary['overridden'])
        lines += ['', '## By location', '', '| Location | Audited | Compliant | Drifting |%s Unreadable | Compliance |' % (
            ' Overridden |' if over else ''), '| --- | ---: | ---: | ---: |%s ---: | ---: |' % (' ---: |' if over else '')]
        lines += ['| %s | %d | %d | %d |%s %d | %s |' % (
            md(row['label']), row['audited'], row['compliant'], row['drifted'], (' %d |' % row['overridden']) if over else '',
            row['unreadable'], format_percent(row['compliance_percent'])) for row in report['by_location']]
    groups = grouped_by_location(report['entries'], 'drift')
    changed_by = 'changed_by' in report
    if groups:
        lines += ['', '## Who drifts']
        if changed_by_note(report):
            lines += ['', md(changed_by_note(report))]
        for location, members in groups:
            lines += ['', '### %s (%d)' % (md(location), len(members)), '',
                      '| Name | Email or ID | Setting | Expected | Actual |%s' % (' Last change |' if changed_by else ''),
                      '| --- | --- | --- | --- | --- |%s' % (' --- |' if changed_by else '')]
            for entry in members:
                for index, drift in enumerate(entry['drifts']):
                    lines.append('| %s | %s | %s (`%s`) | %s | %s |' % (
                        md(md_name(entry)) if index == 0 else '', md(entry['email'] or entry['id']) if index == 0 else '',
                        md(drift['label']), drift['api_name'], md(drift['expected_label']), md(drift['actual_label']))
                        + ((' %s |' % md(change_text(entry) if index == 0 else '')) if changed_by else ''))
    if report['location_overrides']:
        lines += ['', '## Overridden by a location\'s call intercept', '',
                  'While a location\'s own call intercept is enabled, it applies to everyone there.']
        entries = dict(grouped_by_location(report['entries'], 'overridden'))
        for row in report['location_overrides']:
            lines += ['', '### %s (%s)' % (md(row['label']), kinds_text(row['by_kind'])), '',
                      '| Name | Email or ID | Own settings |', '| --- | --- | --- |']
            lines += ['| %s | %s | %s |' % (md(md_name(entry)), md(entry['email'] or entry['id']),
                                            md(own_settings_text(entry))) for entry in entries.get(row['label'], [])]
    groups = grouped_by_location(report['entries'], 'unreadable')
    if groups:
        lines += ['', '## Could not be read', '', '| Location | Name | Email or ID | Why |', '| --- | --- | --- | --- |']
        lines += ['| %s | %s | %s | %s |' % (
            md(location), md(md_name(entry)), md(entry['email'] or entry['id']), md(entry['error']))
            for location, members in groups for entry in members]
    if report['exceptions']:
        lines += ['', '## Exceptions', '', '| Target | Expected | Result |', '| --- | --- | --- |']
        lines += ['| %s | %s | %s |' % (md(row['target']), md(expected_text(row['settings'])), md(exception_result(row)))
                  for row in report['exceptions']]
    if len(report['trend']) > 1:
        lines += ['', '## Trend', '', '| Audit | Compliance | Drifting | Unreadable |', '| --- | ---: | ---: | ---: |']
        lines += ['| %s | %s | %d | %d |' % (point['generated'], format_percent(point['compliance_percent']),
                                             point['drifted'], point['unreadable']) for point in report['trend']]
    lines += ['', '## Baseline', '', '| Setting | API name | Expected |', '| --- | --- | --- |']
    lines += ['| %s | `%s` | %s |' % (md(row['label']), row['api_name'], md(row['expected_label']))
              for row in report['baseline_settings']] or ['| (none: nothing is checked) | | |']
    return '\n'.join(lines) + '\n'


def md_name(entry):
    """A target's name in Markdown, with its kind when it is not a person."""
    return (entry['name'] or '') + ('' if entry['kind'] == 'person' else ' (%s)' % KIND_LABELS[entry['kind']].lower())


def expected_text(settings):
    return '; '.join('%s: %s' % (row['label'], row['expected_label']) for row in settings) or 'the baseline'


def exception_result(row):
    text = row['result_label']
    if row['result'] == 'not_met':
        text += ': ' + ', '.join('%s is %s' % (drift['label'], drift['actual_label']) for drift in row['drifts'])
    return text


def junit_time(generated):
    return generated[:-1] if generated and generated.endswith('Z') else generated


def render_junit(report):
    """JUnit XML: a test suite per location, a test case per target, a failure per drift or location override, an
    error per unreadable."""
    summary = report['summary']
    suites = ElementTree.Element('testsuites', name='Webex Calling call intercept audit', tests=str(summary['audited']),
                                 failures=str(summary['drifted'] + summary['overridden']),
                                 errors=str(summary['unreadable']), time='0')
    groups = []
    for entry in report['entries']:
        if not groups or groups[-1][0] != entry['location']:
            groups.append((entry['location'], []))
        groups[-1][1].append(entry)
    if report['status'] == NOTHING_AUDITED:
        # No target: one failing case says so, so that a CI job never reads nothing as a pass.
        suites.set('tests', '1')
        suites.set('failures', '1')
        suite = ElementTree.SubElement(suites, 'testsuite', name='nothing audited', id='0', tests='1', failures='1',
                                       errors='0', skipped='0', time='0', timestamp=junit_time(report['generated']),
                                       hostname='webex')
        case = ElementTree.SubElement(suite, 'testcase', classname='webex.calling.intercept_audit', time='0',
                                      name='audit of %s' % report['scope'])
        failure = ElementTree.SubElement(case, 'failure', type=NOTHING_AUDITED, message=report['headline'])
        failure.text = report['gate']['nothing_message'] or report['headline']
    for index, (location, members) in enumerate(groups):
        numbers = counts(members)
        suite = ElementTree.SubElement(suites, 'testsuite', name=location, id=str(index), tests=str(numbers['audited']),
                                       failures=str(numbers['drifted'] + numbers['overridden']),
                                       errors=str(numbers['unreadable']),
                                       skipped='0', time='0', timestamp=junit_time(report['generated']),
                                       hostname='webex')
        properties = ElementTree.SubElement(suite, 'properties')
        for name, value in (('organization', report['organization_label']), ('scope', report['scope']),
                            ('compliance_percent', format_percent(report['compliance_percent']))):
            ElementTree.SubElement(properties, 'property', name=name, value=value)
        for entry in members:
            case = ElementTree.SubElement(suite, 'testcase', classname='webex.calling.intercept_audit.%s' % entry['kind'],
                                          name=target_label(entry) + (' (%s)' % entry['name'] if entry['email'] and entry['name']
                                                                      else ''),
                                          time='0')
            if entry['status'] == 'drift':
                failure = ElementTree.SubElement(case, 'failure', type='drift', message='drifts in %s: %s%s' % (
                    counted(len(entry['drifts']), 'setting'),
                    ', '.join(drift['label'] for drift in entry['drifts']),
                    ('; ' + change_text(entry)) if change_text(entry) else ''))
                failure.text = '\n'.join('%s (%s): expected %s, actual %s' % (
                    drift['label'], drift['api_name'], drift['expected_label'], drift['actual_label'])
                    for drift in entry['drifts'])
            elif entry['status'] == 'overridden':
                failure = ElementTree.SubElement(case, 'failure', type='overridden', message=(
                    'overridden: the call intercept of the location %s is enabled and applies instead of its own '
                    'settings' % entry['location']))
                failure.text = 'Own settings %s' % own_settings_text(entry)
            elif entry['status'] == 'unreadable':
                error = ElementTree.SubElement(case, 'error', type='unreadable', message=entry['error'] or 'not read')
                error.text = entry['error'] or ''
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding='unicode') + '\n'
