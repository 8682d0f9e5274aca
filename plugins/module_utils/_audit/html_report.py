# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit report as one self-contained HTML page (inline CSS and SVG charts). Pure Python (standard library
only).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from html import escape

from ansible_collections.webex.calling.plugins.module_utils._audit.labels import (
    KIND_LABELS, SCHEMA, SCHEMA_VERSION, STATUS_COLOURS, format_percent, raw_value, short_id)
from ansible_collections.webex.calling.plugins.module_utils._audit.model import (
    change_text, changed_by_note, grouped_by_location, kinds_text, own_settings_text)
from ansible_collections.webex.calling.plugins.module_utils._wording import counted


def e(value):
    return escape('' if value is None else str(value), quote=True)


CSS = '''
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d2433;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:0 24px 40px}
header.band{color:#fff;padding:26px 0 22px}
header.band .inner{max-width:1120px;margin:0 auto;padding:0 24px;display:flex;flex-wrap:wrap;align-items:center;gap:18px 40px}
header.band h1{margin:0 0 4px;font-size:15px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;opacity:.9}
header.band .org{font-size:26px;font-weight:700;margin:0}
header.band .meta{opacity:.92;margin-top:4px}
header.band .score{margin-left:auto;text-align:right}
header.band .note{font-size:12px;opacity:.9}
header.band .headline{margin:10px 0 0;font-size:16px;font-weight:600;max-width:680px}
#compliance{font-size:56px;font-weight:800;line-height:1}
.pill{display:inline-block;margin-top:8px;padding:4px 12px;border-radius:999px;background:rgba(255,255,255,.22);
font-weight:700;letter-spacing:.03em;text-transform:uppercase;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:14px;margin:-2px 0 18px;padding-top:18px}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 2px rgba(16,24,40,.08)}
.card .n{font-size:28px;font-weight:700}
.card .l{color:#5b6475;font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.ok{color:#1e7b34}.bad{color:#b42318}.warn{color:#b54708}.over{color:#6941c6}
section{background:#fff;border-radius:10px;padding:16px 20px;margin:0 0 18px;box-shadow:0 1px 2px rgba(16,24,40,.08)}
section h2{margin:0 0 10px;font-size:18px}
section h3{margin:16px 0 6px;font-size:15px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(440px,100%),1fr));gap:18px;margin-bottom:18px}
.grid2 section{margin:0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7ec;vertical-align:top;overflow-wrap:anywhere}
th{color:#5b6475;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
td.num,th.num{text-align:right}
code,.api{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;color:#5b6475}
.tag{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600}
.tag.met{background:#e3f4e8;color:#1e7b34}.tag.not_met,.tag.stale{background:#fde8e7;color:#b42318}
.tag.unreadable,.tag.out_of_scope{background:#fdf0e1;color:#b54708}.tag.exc,.tag.kind{background:#eef2f6;color:#364152}
.tag.overridden{background:#f4f0ff;color:#6941c6}
table.fixed{table-layout:fixed}
.legend{font-size:12px;color:#5b6475;margin:6px 0 0}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}
.muted{color:#5b6475}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
footer{color:#5b6475;font-size:12px;text-align:center;margin-top:8px}
@media (max-width:600px){main{padding:0 12px 24px}header.band .inner{padding:0 12px}header.band .score{margin-left:0;text-align:left}
#compliance{font-size:44px}section{padding:12px}table{font-size:13px}th,td{padding:4px 5px}
th{letter-spacing:0;font-size:10px}#trend{overflow-x:auto}#chart-trend{min-width:640px}}
'''


def svg_text(x, y, text, size=12, anchor='start', fill='#1d2433', weight='normal'):
    return '<text x="%s" y="%s" font-size="%s" text-anchor="%s" fill="%s" font-weight="%s">%s</text>' % (
        x, y, size, anchor, fill, weight, e(text))


def shorten(text, limit):
    return text if len(text) <= limit else text[:limit - 1] + '\u2026'


def setting_chart(rows, audited):
    """Horizontal bars: targets drifting in each setting."""
    if not rows:
        return '<p class="ok">No setting drifts.</p>'
    width, label_width, bar_width, row_height = 480, 220, 210, 30
    height = row_height * len(rows) + 10
    top = max(row['count'] for row in rows)
    parts = ['<svg id="chart-settings" role="img" aria-label="Drift by setting" width="100%%" viewBox="0 0 %d %d" '
             'xmlns="http://www.w3.org/2000/svg">' % (width, height)]
    for index, row in enumerate(rows):
        y = index * row_height + 5
        length = max(2, int(round(bar_width * row['count'] / float(top))))
        parts.append('<g><title>%s (%s): %d of %d</title>' % (e(row['label']), e(row['api_name']), row['count'], audited))
        parts.append(svg_text(label_width - 8, y + 18, shorten(row['label'], 32), anchor='end'))
        parts.append('<rect class="bar" x="%d" y="%d" width="%d" height="20" rx="3" fill="#d92d20"/>' % (label_width, y + 4, length))
        parts.append(svg_text(label_width + length + 6, y + 18, str(row['count']), weight='bold') + '</g>')
    parts.append('</svg>')
    return ''.join(parts)


def location_chart(rows, limit=15):
    """Stacked 100 % bars per location: compliant, drifting, unreadable."""
    shown = rows[:limit]
    width, label_width, bar_width, row_height = 480, 170, 240, 30
    height = row_height * len(shown) + 10
    parts = ['<svg id="chart-locations" role="img" aria-label="Compliance by location" width="100%%" '
             'viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg">' % (width, height)]
    for index, row in enumerate(shown):
        y = index * row_height + 5
        parts.append('<g><title>%s: %d audited, %d compliant, %d drifting, %d overridden by the location, %d unreadable'
                     '</title>' % (e(row['label']), row['audited'], row['compliant'], row['drifted'], row['overridden'],
                                   row['unreadable']))
        parts.append(svg_text(label_width - 8, y + 18, shorten(row['label'], 24), anchor='end'))
        x = label_width
        for key, colour in (('compliant', '#32a852'), ('drifted', '#d92d20'), ('overridden', '#7a5af8'),
                            ('unreadable', '#f79009')):
            length = bar_width * row[key] / float(row['audited'] or 1)
            if row[key]:
                parts.append('<rect class="bar-%s" x="%.1f" y="%d" width="%.1f" height="20" fill="%s"/>' % (
                    key, x, y + 4, max(length, 2), colour))
            x += length
        parts.append(svg_text(label_width + bar_width + 8, y + 18, format_percent(row['compliance_percent']),
                              weight='bold') + '</g>')
    overridden = any(row['overridden'] for row in rows)
    parts.append('</svg><p class="legend"><i style="background:#32a852"></i>compliant<i style="background:#d92d20"></i>'
                 'drifting%s<i style="background:#f79009"></i>could not be read</p>' % (
                     '<i style="background:#7a5af8"></i>overridden by the location' if overridden else ''))
    more = len(rows) - len(shown)
    if more > 0:
        parts.append('<p class="muted">and %s, in the table below.</p>' % counted(more, 'more location', 'more locations'))
    return ''.join(parts)


def trend_time(generated):
    """An audit's time to the second, as the trend chart's axis shows it: 2026-12-04 18:58:59."""
    return generated[:10] + ' ' + generated[11:19]


def trend_chart(points):
    """Compliance over time: a line with a dot per audit, on a y-axis from 0 % to 100 % (a drop is drawn to scale).

    The dots are inset from the axis so that their labels never run into the axis labels; a dot's percentage is
    above it, or below it when the dot is near the top of the chart.
    """
    width, height, left, right, top, bottom, inset = 1040, 240, 56, 24, 24, 44, 72
    values = [point['compliance_percent'] for point in points]
    plot_w, plot_h = width - left - right - 2 * inset, height - top - bottom

    def xy(index, value):
        x = left + inset + (plot_w * index / float(len(points) - 1) if len(points) > 1 else plot_w / 2.0)
        return x, top + plot_h * (100 - value) / 100.0

    parts = ['<svg id="chart-trend" role="img" aria-label="Compliance over time" width="100%%" viewBox="0 0 %d %d" '
             'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">' % (width, height)]
    for value in (0, 25, 50, 75, 100):
        dummy, y = xy(0, value)
        parts.append('<line class="trend-grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s"/>' % (
            left, width - right, y, y, '#98a2b3' if value == 0 else '#e4e7ec'))
        parts.append(svg_text(left - 8, y + 4, format_percent(value), size=11, anchor='end', fill='#5b6475'))
    coordinates = [xy(index, value) for index, value in enumerate(values)]
    parts.append('<polyline class="trend-line" fill="none" stroke="#2563eb" stroke-width="3" points="%s"/>' % ' '.join(
        '%.1f,%.1f' % point for point in coordinates))
    # Each time label is about 120 units wide: at most one per 150 units of the plot.
    label_every = max(1, -(-len(points) * 150 // max(plot_w, 1)))
    for index, ((x, y), point) in enumerate(zip(coordinates, points)):
        parts.append('<circle class="trend-point" cx="%.1f" cy="%.1f" r="5" fill="%s" stroke="#fff" stroke-width="2">'
                     '<title>%s: %s compliant, %s, %s, %s</title></circle>' % (
                         x, y, STATUS_COLOURS.get(point.get('status'), '#2563eb'), e(point['generated']),
                         format_percent(point['compliance_percent']), counted(point['drifted'], 'drifting', 'drifting'),
                         counted(point.get('overridden') or 0, 'overridden', 'overridden'),
                         counted(point['unreadable'], 'unreadable', 'unreadable')))
        last = len(points) - 1
        if index == last or (index % label_every == 0 and last - index >= label_every):
            parts.append(svg_text(x, height - bottom + 20, trend_time(point['generated']), size=11, anchor='middle',
                                  fill='#5b6475'))
            parts.append('<text class="trend-label" x="%.1f" y="%.1f" font-size="11" text-anchor="middle" '
                         'fill="#1d2433" font-weight="bold">%s</text>' % (
                             x, y + 20 if y - top < 18 else y - 10, e(format_percent(point['compliance_percent']))))
    parts.append('</svg>')
    return ''.join(parts)


def setting_cell(drift):
    return '%s<br><span class="api" title="API name">%s</span>' % (e(drift['label']), e(drift['api_name']))


def value_cell(label, value):
    return '<span title="%s">%s</span>' % (e(raw_value(value) or '""'), e(label))


def name_cell(entry):
    """A target's name in a table cell, with its kind when it is not a person."""
    kind = '' if entry['kind'] == 'person' else ' <span class="tag kind">%s</span>' % e(KIND_LABELS[entry['kind']])
    return e(entry['name'] or '') + kind


def id_cell(entry):
    """A target's email, else its Webex ID shortened (the whole ID in the tooltip and the JSON, CSV and Markdown)."""
    if entry['email'] or not entry['id']:
        return e(entry['email'] or '')
    return '<span class="api" title="%s">ID \u2026%s</span>' % (e(entry['id']), e(short_id(entry['id'])))


def overridden_html(report):
    """The section of the locations whose call intercept overrides targets, and those targets."""
    if not report['location_overrides']:
        return ''
    out = ['<section id="overridden"><h2>Overridden by a location\'s call intercept</h2><p class="muted">While a '
           'location\'s own call intercept is enabled, it applies to everyone there, whatever their own settings: '
           'these targets are not compliant until it is turned off.</p>']
    entries = dict((location, members) for location, members in grouped_by_location(report['entries'], 'overridden'))
    for row in report['location_overrides']:
        out.append('<h3>%s <span class="muted">(%s)</span></h3><table><tr><th>Name</th><th>Email or ID</th>'
                   '<th>Own settings</th></tr>' % (e(row['label']), e(kinds_text(row['by_kind']))))
        out.extend('<tr><td>%s%s</td><td>%s</td><td>%s</td></tr>' % (
            name_cell(entry), ' <span class="tag exc">exception</span>' if entry['exception'] else '',
            id_cell(entry), e(own_settings_text(entry))) for entry in entries.get(row['label'], []))
        out.append('</table>')
    out.append('</section>\n')
    return ''.join(out)


GATE_FAILED_COLOUR = STATUS_COLOURS['drift']
ATTENTION_COLOUR = STATUS_COLOURS['unreadable']


def banner(report):
    """(colour, gate state, gate text) of the status band: red only when the gate fails; green when all comply;
    otherwise the colour of what needs attention (amber for drift or unreadable targets, violet for overridden ones)."""
    gate = report.get('gate') or {}
    wanted = []
    if gate.get('min_compliance'):
        wanted.append('at least %s compliant' % format_percent(gate['min_compliance']))
    if gate.get('fail_on_drift'):
        wanted.append('nobody drifting, overridden or unreadable')
    state = 'none' if not wanted else ('failed' if gate.get('failed') else 'passed')
    text = 'No gate set' if state == 'none' else 'Gate (%s): %s' % (' and '.join(wanted), state)
    if state == 'failed':
        return GATE_FAILED_COLOUR, state, text
    if report['status'] == 'compliant':
        return STATUS_COLOURS['compliant'], state, text
    return (STATUS_COLOURS['overridden'] if report['status'] == 'overridden' else ATTENTION_COLOUR), state, text


def render_html(report):
    summary = report['summary']
    status = report['status']
    colour, gate_state, gate_text = banner(report)
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
           '<title>Call intercept audit: %s, %s</title>\n' % (e(report['organization_label']), e(report['generated'])),
           '<style>%s</style>\n</head>\n<body class="status-%s">\n' % (CSS, status)]
    out.append('<header class="band" id="status" data-status="%s" data-gate="%s" style="background:%s"><div class="inner">' % (
        status, gate_state, colour))
    out.append('<div><h1>Webex Calling \u00b7 call intercept compliance</h1>'
               '<p class="org" id="organization">%s</p>' % e(report['organization_label']))
    out.append('<div class="meta">Scope: <span id="scope">%s</span> \u00b7 Audited <time id="generated" datetime="%s">%s'
               '</time></div><p class="headline" id="headline">%s</p></div>' % (
                   e(report['scope']), e(report['generated']),
                   e(report['generated'].replace('T', ' ').replace('Z', ' UTC')), e(report['headline'])))
    out.append('<div class="score"><div id="compliance">%s</div><div>compliant (%d of %d)</div>'
               '<div class="note" id="rounding">rounded down to 0.1 %%</div>'
               '<div class="pill" id="status-label">%s</div><div class="note" id="gate">%s</div></div></div></header>\n'
               '<main>\n' % (
                   format_percent(report['compliance_percent']), summary['compliant'], summary['audited'],
                   e(report['status_label']), e(gate_text)))
    cards = [('audited', 'Audited', summary['audited'], ''), ('compliant', 'Compliant', summary['compliant'], 'ok'),
             ('drifted', 'Drifting', summary['drifted'], 'bad' if summary['drifted'] else ''),
             ('unreadable', 'Could not be read', summary['unreadable'], 'warn' if summary['unreadable'] else '')]
    if summary['overridden']:
        cards.insert(3, ('overridden', 'Overridden by a location', summary['overridden'], 'over'))
    if report['exceptions']:
        cards.append(('exceptions', 'Exceptions met', '%d of %d' % (summary['exceptions_met'], summary['exceptions']),
                      'ok' if summary['exceptions_met'] == summary['exceptions'] else 'warn'))
    out.append('<div class="cards">%s</div>\n' % ''.join(
        '<div class="card" id="card-%s"><div class="n %s">%s</div><div class="l">%s</div></div>' % (key, css, value, label)
        for key, label, value, css in cards))
    out.append('<div class="grid2"><section><h2>Drift by setting</h2>%s</section>' % setting_chart(
        report['by_setting'], summary['audited']))
    out.append('<section><h2>Compliance by location</h2>%s</section></div>\n' % location_chart(report['by_location']))
    out.append('<section id="trend"><h2>Compliance over time</h2>')
    if len(report['trend']) > 1:
        out.append(trend_chart(report['trend']))
    else:
        out.append('<p class="muted">This is the first audit kept here: the trend starts with the next one.</p>')
    out.append('</section>\n')
    groups = grouped_by_location(report['entries'], 'drift')
    changed_by = 'changed_by' in report
    out.append('<section id="drift"><h2>Who drifts</h2>')
    if not groups:
        out.append('<p class="ok">Nobody drifts from the baseline.</p>')
    elif changed_by_note(report):
        out.append('<p class="warn" id="changed-by-note">%s</p>' % e(changed_by_note(report)))
    for location, members in groups:
        out.append('<h3>%s <span class="muted">(%d)</span></h3><table><tr><th>Name</th><th>Email or ID</th>'
                   '<th>Setting</th><th>Expected</th><th>Actual</th>%s</tr>' % (
                       e(location), len(members), '<th>Last change</th>' if changed_by else ''))
        for entry in members:
            for index, drift in enumerate(entry['drifts']):
                first = index == 0
                rows = len(entry['drifts'])
                out.append('<tr>%s<td>%s</td><td>%s</td><td class="bad">%s</td>%s</tr>' % (
                    ('<td rowspan="%d">%s%s</td><td rowspan="%d">%s</td>' % (
                        rows, name_cell(entry), ' <span class="tag exc">exception</span>' if entry['exception'] else '',
                        rows, id_cell(entry))) if first else '',
                    setting_cell(drift), value_cell(drift['expected_label'], drift['expected']),
                    value_cell(drift['actual_label'], drift['actual']),
                    ('<td rowspan="%d" class="changed-by">%s</td>' % (rows, e(change_text(entry)) or '\u2014'))
                    if changed_by and first else ''))
        out.append('</table>')
    out.append('</section>\n')
    out.append(overridden_html(report))
    groups = grouped_by_location(report['entries'], 'unreadable')
    if groups:
        out.append('<section id="unreadable"><h2>Could not be read</h2><table class="fixed"><colgroup>'
                   '<col style="width:17%"><col style="width:17%"><col style="width:24%"><col></colgroup>'
                   '<tr><th>Location</th><th>Name</th><th>Email or ID</th><th>Why</th></tr>')
        out.extend('<tr><td>%s</td><td>%s</td><td>%s</td><td class="warn">%s</td></tr>' % (
            e(location), name_cell(entry), id_cell(entry), e(entry['error']))
            for location, members in groups for entry in members)
        out.append('</table></section>\n')
    if report['exceptions']:
        out.append('<section id="exceptions"><h2>Exceptions</h2><table><tr><th>Target</th><th>Expected instead of the '
                   'baseline</th><th>Result</th></tr>')
        for row in report['exceptions']:
            out.append('<tr><td>%s%s</td><td>%s</td><td><span class="tag %s">%s</span>%s</td></tr>' % (
                e(row['target']), ('<br><span class="muted">%s</span>' % e(row['name'])) if row['name'] else '',
                '<br>'.join('<span title="%s">%s: %s</span>' % (e(item['api_name']), e(item['label']), e(item['expected_label']))
                            for item in row['settings']) or 'the baseline',
                row['result'], e(row['result_label']),
                ''.join('<br>%s is %s' % (e(drift['label']), e(drift['actual_label'])) for drift in row['drifts'])))
        out.append('</table></section>\n')
    out.append('<section id="locations"><h2>Locations</h2><table><tr><th>Location</th><th class="num">Audited</th>'
               '<th class="num">Compliant</th><th class="num">Drifting</th><th class="num">Overridden</th>'
               '<th class="num">Unreadable</th><th class="num">Compliance</th></tr>')
    out.extend('<tr><td title="%s">%s</td><td class="num">%d</td><td class="num">%d</td><td class="num">%d</td>'
               '<td class="num">%d</td><td class="num">%d</td><td class="num">%s</td></tr>' % (
                   e(row['location_id'] or ''), e(row['label']), row['audited'], row['compliant'], row['drifted'],
                   row['overridden'], row['unreadable'], format_percent(row['compliance_percent']))
               for row in report['by_location'])
    out.append('</table></section>\n')
    out.append('<section id="baseline"><h2>Baseline</h2><table><tr><th>Setting</th><th>API name</th><th>Expected</th></tr>')
    out.extend('<tr><td>%s</td><td><code>%s</code></td><td>%s</td></tr>' % (
        e(row['label']), e(row['api_name']), value_cell(row['expected_label'], row['expected']))
        for row in report['baseline_settings'])
    if not report['baseline_settings']:
        out.append('<tr><td colspan="3">None: nothing is checked.</td></tr>')
    out.append('</table></section>\n')
    out.append('<footer>Percentages are rounded down to 0.1 %% (100 %% only when every target complies). '
               'webex.calling intercept_audit \u00b7 report schema %s version %d</footer>\n</main>\n</body>\n</html>\n'
               % (SCHEMA, SCHEMA_VERSION))
    return ''.join(out)
