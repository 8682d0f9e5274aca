# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit report as HTML (module_utils/_audit/html_report.py) where the survivors were: the violet band of an
overridden audit, empty names, emails and errors, the charts' bar widths, label lengths and the locations left out,
the labels of a long trend, the "changed by" cells, the exceptions table and the locations' tooltips."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit.history import history_point
from ansible_collections.webex.calling.plugins.module_utils._audit.html_report import (
    id_cell, location_chart, name_cell, setting_chart, shorten)
from ansible_collections.webex.calling.plugins.module_utils._audit.labels import SCHEMA
from ansible_collections.webex.calling.plugins.module_utils._audit.render import render

from test_audit_report import NASTY, banner_of, build, organization, overridden, person
from test_audit_text_mutants import TWO, with_changes


def html(entries, **options):
    return render(build(entries, **options), 'html')


def test_an_audit_of_overridden_targets_only_has_the_violet_band():
    assert banner_of(html([overridden(1), overridden(2)])) == ('overridden', 'none', '#6941c6', 'No gate set')
    assert banner_of(html([person(2, 'unreadable', error='x')])) == (
        'unreadable', 'none', '#b54708', 'No gate set')


def test_a_target_without_name_email_id_or_error_shows_empty_cells():
    nameless = dict(person(1, 'unreadable'), name=None, email=None, id=None)
    page = html([nameless])
    assert '<tr><td>HQ</td><td></td><td></td><td class="warn"></td></tr>' in page
    assert id_cell(dict(email=None, id=None)) == '' and id_cell(dict(email='', id='')) == ''
    assert name_cell(dict(name=None, kind='person')) == ''
    assert name_cell(dict(name=None, kind='workspace')) == ' <span class="tag kind">Workspace</span>'


def test_an_empty_value_has_a_tooltip_of_two_quotes():
    assert '<span title="&quot;&quot;">none</span>' in html([NASTY])


@pytest.mark.parametrize('text, limit, shown', [
    ('abc', 3, 'abc'), ('abcd', 3, 'ab\u2026'), ('', 0, ''), ('abcdef', 5, 'abcd\u2026'),
])
def test_shorten_keeps_a_text_of_the_limit_and_cuts_a_longer_one_with_an_ellipsis(text, limit, shown):
    assert shorten(text, limit) == shown


def test_the_setting_chart_scales_bars_to_the_most_drifting_setting_and_never_below_2():
    rows = [dict(label='A' * 33, api_name='a', count=200), dict(label='B' * 32, api_name='b', count=100),
            dict(label='C', api_name='c', count=1)]
    chart = setting_chart(rows, 300)
    assert re.findall(r'<rect class="bar" x="220" y="\d+" width="(\d+)"', chart) == ['210', '105', '2']
    assert '>%s\u2026</text>' % ('A' * 31) in chart and '>%s</text>' % ('B' * 32) in chart


def location_row(label, audited, compliant, drifted):
    return dict(label=label, audited=audited, compliant=compliant, drifted=drifted, overridden=0, unreadable=0,
                compliance_percent=None)


def test_the_location_chart_draws_a_small_share_2_wide_and_cuts_labels_after_24():
    chart = location_chart([location_row('X' * 25, 200, 199, 1), location_row('Y' * 24, 4, 4, 0)])
    assert '<rect class="bar-drifted" x="408.8" y="9" width="2.0" height="20" fill="#d92d20"/>' in chart
    assert '>%s\u2026</text>' % ('X' * 23) in chart and '>%s</text>' % ('Y' * 24) in chart


@pytest.mark.parametrize('count, more', [
    (15, None), (16, 'and 1 more location, in the table below.'), (17, 'and 2 more locations, in the table below.'),
])
def test_the_location_chart_shows_15_locations_and_counts_the_others(count, more):
    chart = location_chart([location_row('L%d' % index, 1, 1, 0) for index in range(count)])
    assert chart.count('<g><title>') == min(count, 15)
    assert re.findall(r'<p class="muted">[^<]*</p>', chart) == (['<p class="muted">%s</p>' % more] if more else [])
    assert chart.endswith('could not be read</p>' + ('<p class="muted">%s</p>' % more if more else ''))


def earlier(index, compliance):
    document = {'schema': SCHEMA, 'generated': '2026-10-%02dT10:00:00Z' % (index + 1), 'scope_key': 'organization',
                'status': 'drift', 'summary': {'compliance_percent': compliance, 'audited': 10, 'compliant': 9,
                                               'drifted': 1, 'unreadable': 0}}
    name = 'intercept-audit-202610%02dT100000Z.json' % (index + 1)
    return dict(file=name, point=history_point(document, name))


def test_a_trend_of_38_audits_is_labelled_every_7th_and_at_the_last():
    long_trend = html(organization(1), history=[earlier(index, 50.0) for index in range(37)], history_keep=40)
    assert long_trend.count('class="trend-point"') == 38
    assert long_trend.count('class="trend-label"') == 6


def test_a_dot_just_below_the_top_band_has_its_label_above_it():
    """89.5 % is 18.06 below the top of the plot: its label is above the dot (y - 10), not below."""
    page = html(organization(1), history=[earlier(0, 89.5)])
    assert re.findall(r'<text class="trend-label" x="[\d.]+" y="([\d.]+)"', page) == ['32.1', '44.0']


def test_the_html_changed_by_cells_and_header():
    page = render(with_changes(), 'html')
    assert '<th>Actual</th><th>Last change</th></tr>' in page
    assert ('<tr><td rowspan="2">Person 5</td>' not in page and '<tr><td rowspan="2"></td><td rowspan="2">p5@example.com'
            '</td><td>Call intercept on') in page
    assert 'rowspan="2" class="changed-by">changed by x@example.com at 2026-12-04 09:30 UTC</td></tr><tr><td>Outgoing calls' in page
    assert '<td rowspan="1" class="changed-by">\u2014</td></tr>' in page


def test_the_html_without_changed_by_has_no_last_change_and_one_name_cell_per_target():
    page = html([TWO])
    assert '<th>Actual</th></tr>' in page and 'Last change' not in page
    assert page.count('<td rowspan="2">') == 2


def test_the_html_note_of_a_missing_changed_by():
    page = render(with_changes(dict(changes=[], window={}, warning='the token lacks the scope audit:events_read')), 'html')
    assert ('<section id="drift"><h2>Who drifts</h2><p class="warn" id="changed-by-note">Who changed each target is not '
            'shown: the token lacks the scope audit:events_read</p><h3>') in page


def test_the_exceptions_table_and_card():
    entries = [person(1), person(2, 'drift', drifts=[('enabled', False, True), ('outgoing.type', 'INTERCEPT_ALL', 'ALLOW_ALL')]),
               overridden(3)]
    exceptions = [{'email': 'p1@example.com', 'enabled': False, 'outgoing': {'type': 'INTERCEPT_ALL'}},
                  {'email': 'p2@example.com', 'enabled': True}, 'p3@example.com']
    page = html(entries, baseline={'enabled': False}, exceptions=exceptions)
    assert ('<td><span title="enabled">Call intercept on: Off</span><br><span title="outgoing.type">Outgoing calls: '
            'Intercept all</span></td>') in page
    assert ('<span class="tag not_met">Not met</span><br>Call intercept on is On<br>Outgoing calls is Allow all'
            '</td>') in page
    assert '<td>p3@example.com<br><span class="muted">Person 3</span></td><td>the baseline</td>' in page
    assert '<div class="card" id="card-exceptions"><div class="n warn">1 of 3</div>' in page
    assert '<td>Person 3 <span class="tag exc">exception</span></td><td>p3@example.com</td>' in page
    met = html([person(1)], baseline={'enabled': False}, exceptions=[{'email': 'p1@example.com', 'enabled': False}])
    assert '<div class="card" id="card-exceptions"><div class="n ok">1 of 1</div>' in met


def test_a_location_without_an_id_has_an_empty_tooltip():
    page = html([person(1, location_id=None, location_name=None)])
    assert '<tr><td title="">No location</td>' in page
