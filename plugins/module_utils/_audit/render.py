# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit report in each of its formats: the one entry point of the renderers.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webex.calling.plugins.module_utils._audit.html_report import render_html
from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError, FORMATS
from ansible_collections.webex.calling.plugins.module_utils._audit.text import (
    render_csv, render_json, render_junit, render_markdown)


def render(report, fmt):
    """The report model as text in one of FORMATS."""
    renderers = {'markdown': render_markdown, 'html': render_html, 'json': render_json, 'csv': render_csv,
                 'junit': render_junit}
    if fmt not in renderers:
        raise AuditReportError('%s is not a report format; use %s' % (fmt, ', '.join(FORMATS)))
    return renderers[fmt](report)
