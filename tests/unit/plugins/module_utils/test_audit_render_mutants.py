# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one entry point of the audit report's renderers (module_utils/_audit/render.py): each format is rendered by
its own renderer, and an unknown format is refused naming every format."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit.html_report import render_html
from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError
from ansible_collections.webex.calling.plugins.module_utils._audit.render import render
from ansible_collections.webex.calling.plugins.module_utils._audit.text import (
    render_csv, render_json, render_junit, render_markdown)

from test_audit_report import build, organization


@pytest.mark.parametrize('fmt, renderer', [
    ('markdown', render_markdown), ('html', render_html), ('json', render_json), ('csv', render_csv),
    ('junit', render_junit),
])
def test_each_format_is_rendered_by_its_renderer(fmt, renderer):
    report = build(organization(2, [('hq', 'enabled')], 1))
    assert render(report, fmt) == renderer(report)


@pytest.mark.parametrize('fmt', ['pdf', 'MARKDOWN', '', None])
def test_an_unknown_format_is_refused_naming_every_format(fmt):
    with pytest.raises(AuditReportError) as caught:
        render(build([]), fmt)
    assert str(caught.value) == '%s is not a report format; use markdown, html, json, csv, junit' % fmt
