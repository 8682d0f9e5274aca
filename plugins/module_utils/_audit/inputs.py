# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Everything an audit is given, checked before its first request. Pure Python (standard library only).

The role intercept_audit calls ``check_audit`` (filter intercept_audit_check) first: a baseline that asserts
nothing, a report name that is a path, a minimum compliance out of range, an unknown format or kind is refused
before anything is read, with the same checks the report (``model.build_report``) makes after the reads.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webex.calling.plugins.module_utils._compare import check_concurrency, split_list, targets
from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError, validate
from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError, KINDS
from ansible_collections.webex.calling.plugins.module_utils._audit.model import audited_kinds, check_options

DEFAULT_LABELS = dict(wanted='intercept_audit_baseline', overrides='intercept_audit_exceptions',
                      people='intercept_audit_people', kinds='intercept_audit_kinds',
                      formats='intercept_audit_formats', concurrency='intercept_audit_concurrency')


def asserts_something(tree):
    """Whether a checked settings tree expects at least one value (a null leaf expects nothing)."""
    if isinstance(tree, dict):
        return any(asserts_something(value) for value in tree.values())
    return tree is not None


def check_audit(baseline, exceptions=None, people=None, kinds=None, formats=(), report_name='intercept-audit',
                history_keep=30, min_compliance=0, concurrency=8, labels=None):
    """What an audit is given, checked before any request; the checked targets (as filter intercept_targets gives
    them) with ``audit_kinds`` (the kinds read, a list) and ``formats`` (a list).

    ``kinds`` (all when None) and ``formats`` may be lists or one string separated by commas, spaces or new lines
    (AWX surveys).
    """
    names = dict(DEFAULT_LABELS)
    names.update(labels or {})
    try:
        checked = targets(people, baseline, overrides=exceptions, labels=names, kinds=KINDS)
        formats = split_list(formats, names['formats'])
        kind_list = split_list(KINDS if kinds is None else kinds, names['kinds'])
        wanted = validate(baseline, names['wanted'], loose=True)
    except SettingsError as exc:
        raise AuditReportError(str(exc))
    if not kind_list:
        raise AuditReportError('%s is empty; give one or more of %s' % (names['kinds'], ', '.join(KINDS)))
    if not asserts_something(wanted):
        raise AuditReportError(
            '%s asserts nothing (%r): every target would be compliant whatever its settings; give the settings '
            'expected, for example {enabled: false} (nobody\'s calls intercepted)' % (names['wanted'], baseline))
    formats, dummy, dummy2, dummy3 = check_options(formats, min_compliance, history_keep, report_name)
    try:
        check_concurrency(concurrency, names['concurrency'])
    except SettingsError as exc:
        raise AuditReportError(str(exc))
    checked.update(audit_kinds=list(audited_kinds(kind_list, [])), formats=formats)
    return checked
