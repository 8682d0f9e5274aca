# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit report model: built from the targets the settings engine compared (``build_report``), a JSON-ready
dictionary documented in roles/intercept_audit/README.md. Pure Python (standard library only, no I/O).

Each target entry (see ``normalize_entry``)::

    {kind: person | workspace | virtual_line | location, id, name, email, location_id, location_name,
     status: compliant | drift | overridden | unreadable,
     drifts: [{setting: dotted option path, api_name: dotted API path, expected, actual}], error, found}
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import re

from ansible_collections.webex.calling.plugins.module_utils._compare import Request, key_kind
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS, id_key
from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError, merge_all, type_name
from ansible_collections.webex.calling.plugins.module_utils._wording import counted, plural
from ansible_collections.webex.calling.plugins.module_utils._audit.history import (
    history_stamp, plan_history, same_audit)
from ansible_collections.webex.calling.plugins.module_utils._audit.labels import (
    AuditReportError, EXCEPTION_RESULTS, EXTENSIONS, FORMATS, HISTORY_KEEP_DEFAULT, KINDS, KIND_PLURALS,
    NOTHING_AUDITED, OVERRIDE_UNKNOWN, SCHEMA, SCHEMA_VERSION, SETTING_LABELS, SETTING_ORDER, STATUSES, STATUS_LABELS, TARGET_KEYS,
    api_name, format_percent, location_label, percent, setting_label, target_label, value_label)


# The names error messages give to what the audit is given (the role's variables).
POLICY_LABELS = dict(wanted='intercept_audit_baseline', overrides='intercept_audit_exceptions',
                     people='intercept_audit_people')


def check_policy(baseline, exceptions, people=None):
    """The baseline, the exceptions and the people checked by the settings engine (``_compare.Request``).

    The same check the role runs before its read (filter intercept_targets): a key that is not a setting (with a
    suggestion), a wrong type or value, an exception without a target is an AuditReportError naming its key path,
    for example ``intercept_audit_baseline.enable``. Returns the checked request: its canonical settings.
    """
    try:
        return Request(baseline, people, None, exceptions, labels=POLICY_LABELS, kinds=KINDS)
    except SettingsError as exc:
        raise AuditReportError(str(exc))


def exception_settings_of(request):
    """[(target key, the exception's own settings)] of a checked request, in the order given: the key is
    ``{person_id}`` or ``{email}`` (an exception's ``person_email`` is its ``email``), ``{workspace_id}``,
    ``{workspace_name}``, ``{virtual_line_id}`` or ``{virtual_line_name}``."""
    result = []
    for key, dummy, item_wanted in request.overrides:
        own = merge_all(*item_wanted) if isinstance(item_wanted, tuple) else (item_wanted or {})
        result.append((dict((name, value) for name, value in key.items() if value), own))
    return result


def plan_status(result, drifts):
    """(status, error) of a planned target: not read; overridden by its location's intercept (its own settings do not
    apply while that is enabled); drifting; not known to comply (its location's intercept could not be read); or
    compliant. A target without ``overridden_by_location`` (not an info module's entry) is not overridden."""
    error = result.get('error')
    if error:
        return 'unreadable', error
    overridden = result.get('overridden_by_location', False)
    if overridden:
        return 'overridden', None
    if drifts:
        return 'drift', None
    if overridden is None:
        return 'unreadable', OVERRIDE_UNKNOWN
    return 'compliant', None


def entries_from_plan(plans):
    """Targets from the plans of the settings engine (filter intercept_plan, ``_compare.summarize``): one plan, or a
    list of plans (one per kind: people, workspaces, virtual lines).

    Each planned entry (``_compare.compare_entry`` or ``missing_entry``) becomes a target of the report: its
    differences, its error (not read, or listed and not found), whether its location's intercept overrides it and
    its location's name from the info module.
    """
    for plan in plans if isinstance(plans, list) else [plans]:
        if not isinstance(plan, dict) or not isinstance(plan.get('people'), list):
            raise AuditReportError('the audit takes the plans returned by webex.calling.intercept_plan, not %s'
                                   % type_name(plan))
    entries = []
    for result in (result for plan in (plans if isinstance(plans, list) else [plans]) for result in plan['people']):
        if not isinstance(result, dict):
            raise AuditReportError('the audit takes the plans returned by webex.calling.intercept_plan; an entry is %s'
                                   % type_name(result))
        kind = result.get('kind') or 'person'
        if kind not in KINDS:
            raise AuditReportError('a planned target\'s kind %r is not one of %s' % (kind, ', '.join(KINDS)))
        drifts = [dict(setting=detail['field'], api_name=api_name(detail['field']), expected=detail.get('expected'),
                       actual=detail.get('actual')) for detail in result.get('details') or []]
        status, error = plan_status(result, drifts)
        entries.append(dict(kind=kind, id=result.get(id_key(OWNERS[kind])), name=result.get('display_name'),
                            email=result.get('email'), location_id=result.get('location_id'),
                            location_name=result.get('location_name'), status=status, drifts=drifts, error=error,
                            found=result.get('found', True)))
    return entries


def normalize_entry(entry):
    """A target entry with every key set, drift labels added; raises AuditReportError on a malformed one."""
    if not isinstance(entry, dict):
        raise AuditReportError('each audited target is a dictionary, not %s' % type_name(entry))
    kind = entry.get('kind') or 'person'
    if kind not in KINDS:
        raise AuditReportError('target kind %r is not one of %s' % (kind, ', '.join(KINDS)))
    drifts = []
    for drift in entry.get('drifts') or []:
        setting = drift['setting']
        drifts.append(dict(setting=setting, label=setting_label(setting),
                           api_name=drift.get('api_name') or api_name(setting),
                           expected=drift.get('expected'), actual=drift.get('actual'),
                           expected_label=value_label(drift.get('expected')),
                           actual_label=value_label(drift.get('actual'))))
    drifts.sort(key=lambda drift: SETTING_ORDER.get(drift['setting'], len(SETTING_ORDER)))
    error = entry.get('error')
    status = entry.get('status') or ('unreadable' if error else ('drift' if drifts else 'compliant'))
    if status not in STATUSES:
        raise AuditReportError('target status %r is not one of %s' % (status, ', '.join(STATUSES)))
    location_id = entry.get('location_id') or None
    return dict(kind=kind, id=entry.get('id'), name=entry.get('name'), email=entry.get('email'),
                location_id=location_id, location_name=entry.get('location_name') or None,
                location=location_label(location_id, entry.get('location_name')),
                status=status, drifts=drifts, error=error, found=bool(entry.get('found', True)),
                exception=False)


def counts(entries):
    found = dict((status, 0) for status in STATUSES)
    for entry in entries:
        found[entry['status']] += 1
    audited = len(entries)
    return dict(audited=audited, compliant=found['compliant'], drifted=found['drift'], overridden=found['overridden'],
                unreadable=found['unreadable'], compliance_percent=percent(found['compliant'], audited))


def attention(numbers):
    """How many targets are not compliant: drifting, overridden by their location, or not read."""
    return numbers['drifted'] + numbers['overridden'] + numbers['unreadable']


def overall_status(numbers):
    """The report's status: nothing audited (never compliant), else the worst status of a target."""
    if not numbers['audited']:
        return NOTHING_AUDITED
    for status, key in (('drift', 'drifted'), ('overridden', 'overridden'), ('unreadable', 'unreadable')):
        if numbers[key]:
            return status
    return 'compliant'


def by_setting(entries):
    """Drifting targets per setting (an overridden target's own drifts are listed with it, not counted here)."""
    found = {}
    for entry in entries:
        for drift in entry['drifts'] if entry['status'] == 'drift' else ():
            found.setdefault(drift['setting'], [drift['api_name'], 0])[1] += 1
    rows = [dict(setting=setting, label=setting_label(setting), api_name=name, count=count)
            for setting, (name, count) in found.items()]
    rows.sort(key=lambda row: (-row['count'], SETTING_ORDER.get(row['setting'], len(SETTING_ORDER)), row['setting']))
    return rows


def by_location(entries):
    groups = {}
    for entry in entries:
        groups.setdefault(entry['location_id'], []).append(entry)
    rows = []
    for location_id, members in groups.items():
        row = dict(location_id=location_id, location_name=members[0]['location_name'],
                   label=members[0]['location'])
        row.update(counts(members))
        rows.append(row)
    rows.sort(key=lambda row: (row['compliance_percent'], -attention(row), row['label'].lower()))
    return rows


def location_overrides(entries):
    """The locations whose own call intercept is enabled and overrides targets audited there, most overridden first:
    [{location_id, location_name, label, overridden, by_kind: {kind: count}}]."""
    groups = {}
    for entry in entries:
        if entry['status'] == 'overridden':
            groups.setdefault(entry['location_id'], []).append(entry)
    rows = []
    for location_id, members in groups.items():
        by_kind = {}
        for entry in members:
            by_kind[entry['kind']] = by_kind.get(entry['kind'], 0) + 1
        rows.append(dict(location_id=location_id, location_name=members[0]['location_name'], label=members[0]['location'],
                         overridden=len(members), by_kind=by_kind))
    rows.sort(key=lambda row: (-row['overridden'], row['label'].lower()))
    return rows


def kinds_text(by_kind):
    """"3 people, 1 workspace" from {kind: count}."""
    return ', '.join(counted(count, OWNERS[kind].label, KIND_PLURALS[kind])
                     for kind, count in sorted(by_kind.items(), key=lambda item: KINDS.index(item[0])))


def exception_target(item):
    for key, kind, field in TARGET_KEYS:
        if item.get(key):
            return key, kind, field, item[key]
    return None


def settings_rows(settings):
    """Settings (a checked tree) as [{setting, label, api_name, expected, expected_label}], in the table's order."""
    rows = []
    for setting, dummy in SETTING_LABELS:
        value = settings
        for key in setting.split('.'):
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            rows.append(dict(setting=setting, label=setting_label(setting), api_name=api_name(setting),
                             expected=value, expected_label=value_label(value)))
    return rows


def find_target(entries, kind, field, value):
    wanted = value.lower() if field in ('email', 'name') else value
    for entry in entries:
        if entry['kind'] != kind or not entry['found']:
            continue
        have = entry.get(field)
        if have is not None and (have.lower() if field in ('email', 'name') else have) == wanted:
            return entry
    return None


def check_exceptions(exceptions, entries, whole_organization, kinds):
    """Each exception (target key, its own checked settings) with its result: met, not_met, unreadable, stale (target
    gone) or out_of_scope."""
    rows = []
    for target, settings in exceptions:
        key, kind, field, value = exception_target(target)
        entry = find_target(entries, kind, field, value)
        row = dict(kind=kind, target=value, target_key=key, settings=settings_rows(settings), id=None, name=None,
                   location=None, drifts=[], error=None)
        if entry is None:
            row['result'] = 'stale' if whole_organization and kind in kinds else 'out_of_scope'
        else:
            entry['exception'] = True
            row.update(id=entry['id'], name=entry['name'], location=entry['location'], drifts=entry['drifts'],
                       error=entry['error'])
            row['result'] = {'compliant': 'met', 'drift': 'not_met', 'overridden': 'overridden',
                             'unreadable': 'unreadable'}[entry['status']]
        row['result_label'] = EXCEPTION_RESULTS[row['result']]
        rows.append(row)
    return rows


def describe_scope(location_id, people, entries, kinds=('person',)):
    """(kind, key, description) of what was audited; the key (stable, without names) matches earlier audits.

    ``people``: the checked items listed, ``[(key, item, wanted)]`` of ``_compare.Request``. ``kinds``: the kinds of
    target read. An organization or location audit of more kinds than people has them in
    its key (``organization+person,virtual_line,workspace``), so that its trend does not mix with people-only audits.
    """
    kinds = [kind for kind in KINDS if kind in kinds]
    suffix = '' if kinds == ['person'] else '+' + ','.join(sorted(kinds))
    if location_id:
        names = [entry['location_name'] for entry in entries if entry['location_id'] == location_id
                 and entry['location_name']]
        return 'location', 'location:%s%s' % (location_id, suffix), 'location %s' % (names[0] if names else location_id)
    if people:
        listed = sorted(json.dumps(item, sort_keys=True) for dummy, item, dummy2 in people)
        digest = hashlib.sha256('\n'.join(listed).encode('utf-8')).hexdigest()[:16]
        only_people = all(key_kind(key) is OWNERS['person'] for key, dummy, dummy2 in people)
        listed = counted(len(people), 'person', 'people') if only_people else '%d' % len(people)
        return 'people', 'people:%s' % digest, '%s listed' % listed
    names = [OWNERS[kind].label for kind in kinds]
    return 'organization', 'organization' + suffix, 'every Webex Calling %s' % (
        names[0] if len(names) == 1 else ', '.join(names[:-1]) + ' and ' + names[-1])


def organization_of(organization, org_id):
    if isinstance(organization, dict) and (organization.get('id') or organization.get('name')):
        return dict(id=organization.get('id') or org_id or None, name=organization.get('name') or None)
    return dict(id=org_id or None, name=None)


def organization_label(organization):
    return organization.get('name') or organization.get('id') or "The access token's organization"


def nothing_audited_text(scope):
    """Why a report without targets has no compliance: what matched nothing."""
    return ('Nothing was audited (scope: %s): no target matched, so there is no compliance to report (not '
            'compliant).' % scope)


def headline(numbers, settings, locations, scope='the scope'):
    """One sentence a manager reads first."""
    if not numbers['audited']:
        return nothing_audited_text(scope)
    if not attention(numbers):
        return ('The one audited matches the baseline.' if numbers['audited'] == 1
                else 'All %d audited match the baseline.' % numbers['audited'])
    overridden = (', %d %s overridden by their location\'s call intercept' % (
        numbers['overridden'], plural(numbers['overridden'], 'is', 'are')) if numbers['overridden'] else '')
    parts = ['%d of %d %s attention: %d %s from the baseline%s, %d could not be read.' % (
        attention(numbers), numbers['audited'], plural(attention(numbers), 'needs', 'need'), numbers['drifted'],
        plural(numbers['drifted'], 'drifts', 'drift'), overridden, numbers['unreadable'])]
    if settings:
        parts.append('Most drift: %s (%d).' % (settings[0]['label'], settings[0]['count']))
    worst = [row for row in locations if attention(row)]
    if len(locations) > 1 and worst:
        parts.append('Least compliant location: %s (%s).' % (worst[0]['label'], format_percent(worst[0]['compliance_percent'])))
    return ' '.join(parts)


# Where to look when nothing matched, by the scope of the audit (describe_scope).
NOTHING_CHECKS = dict(location='intercept_audit_location_id (a location with Webex Calling targets of the kinds '
                               'audited)',
                      people='intercept_audit_people',
                      merged='the reports merged (parts says what each audited)',
                      organization='intercept_audit_org_id and intercept_audit_kinds (the organization has no Webex '
                                   'Calling target of the kinds audited)')


def gate(numbers, entries, min_compliance, fail_on_drift, report_files, scope='the scope', scope_kind='organization'):
    """The verdict: fails on drift, below the minimum, and always when nothing was audited (never compliant)."""
    see = ('; see %s' % ', '.join(report_files)) if report_files else ''
    names = [target_label(entry) for entry in entries if entry['status'] != 'compliant']
    who = (' (%s%s)' % (', '.join(names[:10]), ' and %d more' % (len(names) - 10) if len(names) > 10 else '')) if names else ''
    nothing = not numbers['audited']
    drift_failed = bool(fail_on_drift) and attention(numbers) > 0
    compliance_failed = min_compliance > 0 and numbers['compliant'] * 100 < min_compliance * numbers['audited']
    return dict(
        fail_on_drift=bool(fail_on_drift), min_compliance=min_compliance, nothing_audited=nothing,
        nothing_message=('nothing was audited (scope: %s): no Webex Calling target matched, so the audit cannot say '
                         'it is compliant; check %s%s' % (
                             scope, NOTHING_CHECKS.get(scope_kind, NOTHING_CHECKS['organization']), see))
        if nothing else None,
        drift_failed=drift_failed, compliance_failed=compliance_failed,
        failed=nothing or drift_failed or compliance_failed,
        drift_message='%d of %d audited %s from the baseline%s and %d could not be read%s%s' % (
            numbers['drifted'], numbers['audited'], plural(numbers['drifted'], 'drifts', 'drift'),
            (', %d %s overridden by their location\'s call intercept' % (
                numbers['overridden'], plural(numbers['overridden'], 'is', 'are'))) if numbers['overridden'] else '',
            numbers['unreadable'], who, see),
        compliance_message='compliance %s (%d of %d compliant) is below the minimum of %s%s' % (
            format_percent(numbers['compliance_percent']), numbers['compliant'], numbers['audited'],
            format_percent(min_compliance), see),
    )


def check_report_name(report_name, name='intercept_audit_report_name'):
    """A report's name is a plain file name (its reports are written as <report_dir>/<name>.<extension>): never a path
    (``../x``, ``a/b``, ``/x``), never empty, nothing the file system reads as something else."""
    if not isinstance(report_name, str) or not report_name.strip():
        raise AuditReportError('%s must be a file name without extension, like intercept-audit, not %r' % (
            name, report_name))
    bad = [char for char in report_name if char in '/\\' or ord(char) < 32 or ord(char) == 127]
    if bad or report_name != report_name.strip() or report_name.startswith('.'):  # '.' and '..' too
        raise AuditReportError('%s must be a plain file name without extension (no directory, no / or \\, not '
                               'starting with a dot), like intercept-audit, not %r; set intercept_audit_report_dir '
                               'to choose the directory' % (name, report_name))
    return report_name


def check_options(formats=(), min_compliance=0, history_keep=HISTORY_KEEP_DEFAULT,
                  report_name='intercept-audit'):
    """(formats, min_compliance, history_keep, report_name) checked: what the report is given besides the targets."""
    unknown = [fmt for fmt in formats or () if fmt not in FORMATS]
    if unknown:
        raise AuditReportError('intercept_audit_formats: %s is not a report format; use %s' % (
            ', '.join(str(fmt) for fmt in unknown), ', '.join(FORMATS)))
    return (list(formats or ()), number(min_compliance, 'intercept_audit_min_compliance', 0, 100),
            int(number(history_keep, 'intercept_audit_history_keep', 0, 10000)), check_report_name(report_name))


def number(value, name, low, high):
    try:
        result = float(value if value not in (None, '') else 0)
    except (TypeError, ValueError):
        raise AuditReportError('%s must be a number from %s to %s, not %r' % (name, low, high, value))
    if not low <= result <= high:
        raise AuditReportError('%s must be from %s to %s, not %s' % (name, low, high, value))
    return result


def build_report(entries, baseline=None, exceptions=None, organization=None, org_id=None, location_id=None,
                 people=None, generated=None, history=None, history_keep=HISTORY_KEEP_DEFAULT,
                 report_dir=None, report_name='intercept-audit', formats=(), min_compliance=0, fail_on_drift=False,
                 kinds=None, changes=None, scope=None):
    """The report model (a JSON-ready dictionary) of audited targets; see the role README for its schema.

    ``kinds``: the kinds of target read (person, workspace, virtual_line); by default people and the kinds of the
    entries. An exception for a kind not read is out of the audit's scope, not stale. ``changes``: the result of
    webex_admin_audit_events_info for the audit's period, to show who last changed each drifting target (the report
    then has ``changed_by`` and each entry ``changed_by``); None when not asked. ``scope``: ``(kind, key, text)`` of a
    scope the caller describes (a merged report), instead of the one of ``location_id`` and ``people``.
    """
    policy = check_policy(baseline, exceptions, people)
    kinds = audited_kinds(kinds, entries)
    formats, min_compliance, keep, report_name = check_options(formats, min_compliance, history_keep, report_name)
    stamp = history_stamp(generated)
    entries = [normalize_entry(entry) for entry in entries or []]
    changed_by = attach_changes(entries, changes)
    scope_kind, scope_key, scope = scope or describe_scope(location_id, policy.people, entries, kinds)
    checked_exceptions = check_exceptions(exception_settings_of(policy), entries, scope_kind == 'organization', kinds)
    entries.sort(key=lambda entry: (entry['location'].lower(), KINDS.index(entry['kind']), target_label(entry).lower()))
    numbers = counts(entries)
    status = overall_status(numbers)
    organization = organization_of(organization, org_id)
    settings = by_setting(entries)
    locations = by_location(entries)
    directory = (report_dir or '.').rstrip('/') or '/'
    files = dict((fmt, '%s/%s.%s' % (directory, report_name, EXTENSIONS[fmt])) for fmt in formats or ())
    reports = [files[fmt] for fmt in formats or ()]
    history_file, prune, earlier = plan_history(history, report_name, keep, stamp)
    current = dict(generated=generated, compliance_percent=numbers['compliance_percent'], audited=numbers['audited'],
                   compliant=numbers['compliant'], drifted=numbers['drifted'], overridden=numbers['overridden'],
                   unreadable=numbers['unreadable'], status=status, scope_key=scope_key,
                   organization_id=organization['id'], file=history_file)
    # A result without a percentage (nothing audited) is no point of the trend.
    trend = [point for point in earlier + [current] if same_audit(point, current)
             and point['compliance_percent'] is not None and point['audited']]
    summary = dict(numbers, status=status, people=sum(1 for entry in entries if entry['kind'] == 'person'),
                   missing=sum(1 for entry in entries if not entry['found']),
                   by_field=dict((row['setting'], row['count']) for row in settings),
                   by_kind=dict((kind, counts([entry for entry in entries if entry['kind'] == kind]))
                                for kind in KINDS if any(entry['kind'] == kind for entry in entries)),
                   exceptions=len(checked_exceptions),
                   exceptions_met=sum(1 for row in checked_exceptions if row['result'] == 'met'),
                   exceptions_stale=sum(1 for row in checked_exceptions if row['result'] == 'stale'),
                   kinds=list(kinds))
    report = dict(
        schema=SCHEMA, schema_version=SCHEMA_VERSION, generated=generated, organization=organization,
        organization_label=organization_label(organization), scope=scope, scope_kind=scope_kind, scope_key=scope_key,
        location_id=location_id or None, status=status, status_label=STATUS_LABELS[status],
        compliance_percent=numbers['compliance_percent'], summary=summary,
        summary_line=nothing_audited_text(scope) if not numbers['audited'] else (
            '%d audited (%s): %d compliant (%s), %d drifting, %s%d unreadable.' % (
                numbers['audited'], scope, numbers['compliant'], format_percent(numbers['compliance_percent']),
                numbers['drifted'], ('%d overridden by their location, ' % numbers['overridden'])
                if numbers['overridden'] else '', numbers['unreadable'])),
        baseline=policy.wanted, baseline_settings=settings_rows(policy.wanted), exceptions=checked_exceptions,
        headline=headline(numbers, settings, locations, scope), by_setting=settings, by_location=locations, entries=entries,
        location_overrides=location_overrides(entries), trend=trend,
        drifted=[compat_entry(entry) for entry in entries if entry['status'] == 'drift'],
        overridden=[compat_entry(entry) for entry in entries if entry['status'] == 'overridden'],
        unreadable=[compat_entry(entry) for entry in entries if entry['status'] == 'unreadable'],
        gate=gate(numbers, entries, min_compliance, fail_on_drift,
                  reports + ([directory + '/' + history_file] if history_file else []), scope, scope_kind),
        files=files, reports=reports,
        history=dict(directory=directory, keep=keep, file=history_file, prune=prune),
    )
    if changed_by is not None:
        report['changed_by'] = changed_by
    return report


def change_label(change):
    """``changed by ana@example.com at 2026-12-04 09:14 UTC``."""
    actor = change.get('actor') if isinstance(change.get('actor'), dict) else {}
    who = actor.get('email') or actor.get('name') or actor.get('id') or 'an unknown administrator'
    when = str(change.get('time') or '')
    return 'changed by %s at %s' % (who, '%s %s UTC' % (when[:10], when[11:16]) if len(when) >= 16 else 'an unknown time')


def attach_changes(entries, changes):
    """Set each entry's ``changed_by`` (the last change of a drifting target, None for any other) from the result
    of webex_admin_audit_events_info; the report's ``changed_by``: the period, how many drifting targets it explains,
    and the warning when the events could not be read. None (and nothing set) when ``changes`` is None."""
    if changes is None:
        return None
    if not isinstance(changes, dict) or not isinstance(changes.get('changes'), list):
        raise AuditReportError('changes must be the result of webex.calling.webex_admin_audit_events_info (a '
                               'dictionary with a list of changes), not %s' % type_name(changes))
    latest = {}
    for change in changes['changes']:
        if not isinstance(change, dict) or not isinstance(change.get('id'), str):
            raise AuditReportError('each change must be a dictionary with the id of its target, not %r' % (change,))
        if change['id'] not in latest or str(change.get('time')) >= str(latest[change['id']].get('time')):
            latest[change['id']] = change
    explained = 0
    for entry in entries:
        change = latest.get(entry['id']) if entry['status'] == 'drift' else None
        entry['changed_by'] = None if change is None else dict(
            email=(change.get('actor') or {}).get('email'), name=(change.get('actor') or {}).get('name'),
            time=change.get('time'), label=change_label(change))
        explained += change is not None
    window = changes.get('window') if isinstance(changes.get('window'), dict) else {}
    return dict(window_from=window.get('from'), window_to=window.get('to'), warning=changes.get('warning'),
                drifted_explained=explained)


def audited_kinds(kinds, entries):
    """The kinds of target read, in the order of KINDS: those given, else people and the kinds of the entries."""
    if not kinds:
        return tuple(kind for kind in KINDS if kind == 'person' or any(
            isinstance(entry, dict) and entry.get('kind') == kind for entry in entries or []))
    given = [part for part in re.split(r'[\s,;]+', kinds) if part] if isinstance(kinds, str) else list(kinds)
    unknown = [kind for kind in given if kind not in KINDS]
    if unknown:
        raise AuditReportError('intercept_audit_kinds: %s is not a kind of target the audit reads; use %s' % (
            ', '.join(str(kind) for kind in unknown), ', '.join(KINDS)))
    return tuple(kind for kind in KINDS if kind in given)


def compat_entry(entry):
    """An entry of ``drifted`` / ``overridden`` / ``unreadable``: the target in the terms of the comparison filters
    (person_id for people, display_name, drift, details)."""
    return dict(kind=entry['kind'], id=entry['id'], person_id=entry['id'] if entry['kind'] == 'person' else None,
                email=entry['email'], display_name=entry['name'],
                location_id=entry['location_id'], location_name=entry['location_name'], found=entry['found'],
                drift=[drift['setting'] for drift in entry['drifts']],
                details=[dict(field=drift['setting'], expected=drift['expected'], actual=drift['actual'])
                         for drift in entry['drifts']],
                error=entry['error'])


def grouped_by_location(entries, status):
    groups = []
    for entry in entries:
        if entry['status'] != status:
            continue
        if not groups or groups[-1][0] != entry['location']:
            groups.append((entry['location'], []))
        groups[-1][1].append(entry)
    return groups


def own_settings_text(entry):
    """What an overridden target's own settings would do once its location's intercept is off."""
    if not entry['drifts']:
        return 'comply'
    return 'also drift: ' + ', '.join('%s is %s' % (drift['label'], drift['actual_label']) for drift in entry['drifts'])


def change_text(entry):
    """Who last changed a drifting target ("changed by ana@example.com at 2026-12-04 09:14 UTC"), '' if unknown."""
    change = entry.get('changed_by')
    return change['label'] if change else ''


def changed_by_note(report):
    """Why "changed by" is missing, when the events could not be read; None otherwise."""
    changed_by = report.get('changed_by')
    if changed_by and changed_by.get('warning'):
        return 'Who changed each target is not shown: %s' % changed_by['warning']
    return None
