# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The call intercept compliance report: its model, built from compared targets, and its renderings.

Pure Python (standard library only, no I/O): ``build_report`` turns audited targets into the report model (a
JSON-ready dictionary, documented in roles/intercept_audit/README.md, schema version ``SCHEMA_VERSION``), and
``render`` writes that model as HTML (self-contained: inline CSS and SVG), Markdown, CSV, JSON or JUnit XML.

The input is kind-aware: people, workspaces and virtual lines (the plans of the settings engine, one per kind), and
the report says who is overridden by the call intercept of their location. Each target entry (see
``normalize_entry``)::

    {kind: person | workspace | virtual_line | location, id, name, email, location_id, location_name,
     status: compliant | drift | overridden | unreadable,
     drifts: [{setting: dotted option path, api_name: dotted API path, expected, actual}], error, found}
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import csv
import hashlib
import io
import json
import re
from xml.etree import ElementTree
from html import escape

from ansible_collections.webex.calling.plugins.module_utils._compare import ITEM_KINDS, Request, key_kind
from ansible_collections.webex.calling.plugins.module_utils._owners import OWNERS, id_key
from ansible_collections.webex.calling.plugins.module_utils._settings import WRITABLE, SettingsError, dotted, merge_all

SCHEMA = 'webex.calling.intercept_audit'
SCHEMA_VERSION = 1
FORMATS = ('markdown', 'html', 'json', 'csv', 'junit')
EXTENSIONS = {'markdown': 'md', 'html': 'html', 'json': 'json', 'csv': 'csv', 'junit': 'xml'}
STATUSES = ('compliant', 'drift', 'overridden', 'unreadable')
KIND_LABELS = {'person': 'Person', 'workspace': 'Workspace', 'virtual_line': 'Virtual line'}
STATUS_LABELS = {'compliant': 'Compliant', 'drift': 'Drift found', 'overridden': 'Overridden by a location',
                 'unreadable': 'Not all could be read'}
STATUS_COLOURS = {'compliant': '#1e7b34', 'drift': '#b42318', 'overridden': '#6941c6', 'unreadable': '#b54708'}
# The kinds the audit reads (a location's own intercept is not audited against the baseline: while it is enabled it
# overrides the targets at the location, which the report says).
KINDS = ITEM_KINDS
KIND_PLURALS = {'person': 'people', 'workspace': 'workspaces', 'virtual_line': 'virtual lines'}
OVERRIDE_UNKNOWN = ('whether the call intercept of its location overrides its own settings is unknown: the '
                    'location\'s intercept could not be read')
TIME_PATTERN = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$')
HISTORY_KEEP_DEFAULT = 30

GREETING_FILE = 'incoming.announcements.greeting_file'
# Readable names of the settings (dotted option path), in the order of the module's options.
SETTING_LABELS = (
    ('enabled', 'Call intercept on'),
    ('incoming.type', 'Incoming calls'),
    ('incoming.voicemail_enabled', 'Incoming: callers may leave a voicemail'),
    ('incoming.announcements.greeting', 'Incoming: greeting'),
    (GREETING_FILE, 'Incoming: custom greeting file'),
    ('incoming.announcements.new_number.enabled', 'Incoming: announce a new number'),
    ('incoming.announcements.new_number.destination', 'Incoming: new number announced'),
    ('incoming.announcements.zero_transfer.enabled', 'Incoming: press 0 to transfer'),
    ('incoming.announcements.zero_transfer.destination', 'Incoming: press 0 transfers to'),
    ('outgoing.type', 'Outgoing calls'),
    ('outgoing.transfer_enabled', 'Outgoing: transfer intercepted calls'),
    ('outgoing.destination', 'Outgoing: transfer to'),
)
SETTING_ORDER = dict((setting, index) for index, (setting, dummy) in enumerate(SETTING_LABELS))
LABELS = dict(SETTING_LABELS)
API_NAMES = dict((dotted(row.option), dotted(row.api)) for row in WRITABLE)
API_NAMES[GREETING_FILE] = 'incoming.announcements.fileName'
# Readable names of the values of the settings with choices (every choice of the settings table has one).
VALUE_LABELS = {
    'INTERCEPT_ALL': 'Intercept all', 'ALLOW_ALL': 'Allow all', 'ALLOW_LOCAL_ONLY': 'Allow local calls only',
    'DEFAULT': 'Default greeting', 'CUSTOM': 'Custom greeting',
}
# Keys of an exception that name its target: (key, kind, what it matches).
TARGET_KEYS = (
    ('person_id', 'person', 'id'), ('email', 'person', 'email'), ('person_email', 'person', 'email'),
    ('workspace_id', 'workspace', 'id'), ('workspace_name', 'workspace', 'name'),
    ('virtual_line_id', 'virtual_line', 'id'), ('virtual_line_name', 'virtual_line', 'name'),
)
EXCEPTION_RESULTS = {
    'met': 'Met',
    'not_met': 'Not met',
    'unreadable': 'Could not be read',
    'stale': 'Stale: no such target',
    'out_of_scope': 'Not audited (outside the scope)',
    'overridden': 'Overridden by the location',
}


class AuditReportError(ValueError):
    """Input the report cannot be built from; the text names the variable (or key path) and the fix."""


# --- labels -------------------------------------------------------------------------------------------------------

def setting_label(setting):
    return LABELS.get(setting, setting)


def api_name(setting):
    return API_NAMES.get(setting, setting)


def value_label(value):
    """A setting's value as a person reads it: On/Off, "Intercept all", "none" for an empty destination."""
    if value is None:
        return 'not read'
    if isinstance(value, bool):
        return 'On' if value else 'Off'
    if value == '':
        return 'none'
    if isinstance(value, str):
        return VALUE_LABELS.get(value, value)
    return json.dumps(value, sort_keys=True)


def raw_value(value):
    """A value as text for machines (CSV): JSON for non-strings, the string itself otherwise."""
    if value is None:
        return ''
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def percent(part, whole):
    """part / whole in percent, rounded down to 0.1 (never 100.0 unless all are); 100.0 when whole is 0."""
    if not whole:
        return 100.0
    return (part * 1000 // whole) / 10.0


def format_percent(value):
    return ('%.1f' % value).rstrip('0').rstrip('.') + '%'


# --- policy check: the settings engine's validation -----------------------------------------------------------

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


# --- input: the engine's plan -------------------------------------------------------------------------------------

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
                                   % type(plan).__name__)
    entries = []
    for result in (result for plan in (plans if isinstance(plans, list) else [plans]) for result in plan['people']):
        if not isinstance(result, dict):
            raise AuditReportError('the audit takes the plans returned by webex.calling.intercept_plan; an entry is %s'
                                   % type(result).__name__)
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
        raise AuditReportError('each audited target is a dictionary, not %s' % type(entry).__name__)
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


def short_id(webex_id):
    """A Webex ID made short enough to read: the last group of the UUID it encodes, else its last 12 characters."""
    try:
        decoded = base64.urlsafe_b64decode(webex_id + '=' * (-len(webex_id) % 4)).decode('ascii')
    except (ValueError, UnicodeDecodeError):
        decoded = ''
    if decoded.startswith('ciscospark://'):
        return decoded.rsplit('/', 1)[-1].rsplit('-', 1)[-1]
    return webex_id[-12:]


def location_label(location_id, location_name):
    """A location's name; without one (the info module does not return it), "Location" and a short ID."""
    if location_name:
        return location_name
    return 'Location %s' % short_id(location_id) if location_id else 'No location'


def target_label(entry):
    """How a target is named in the reports: its email (people) or name, else its ID."""
    return entry.get('email') or entry.get('name') or entry.get('id') or '?'


# --- the model -----------------------------------------------------------------------------------------------------

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
    return ', '.join('%d %s' % (count, KIND_PLURALS[kind] if count != 1 else OWNERS[kind].label)
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
        return 'people', 'people:%s' % digest, '%d %slisted' % (len(people), 'people ' if only_people else '')
    names = [OWNERS[kind].label for kind in kinds]
    return 'organization', 'organization' + suffix, 'every Webex Calling %s' % (
        names[0] if len(names) == 1 else ', '.join(names[:-1]) + ' and ' + names[-1])


def organization_of(organization, org_id):
    if isinstance(organization, dict) and (organization.get('id') or organization.get('name')):
        return dict(id=organization.get('id') or org_id or None, name=organization.get('name') or None)
    return dict(id=org_id or None, name=None)


def organization_label(organization):
    return organization.get('name') or organization.get('id') or "The access token's organization"


def history_stamp(generated):
    match = TIME_PATTERN.match(generated or '')
    if not match:
        raise AuditReportError('the audit time must be a UTC time like 2026-11-24T10:15:00Z, not %r' % (generated,))
    return '%s%s%sT%s%s%sZ' % match.groups()


def history_pattern(report_name):
    return re.compile(r'^%s-\d{8}T\d{6}Z\.json$' % re.escape(report_name))


def history_files(names, report_name):
    """The names of the history files of this report among ``names``, oldest first."""
    pattern = history_pattern(report_name)
    return sorted(name for name in names if pattern.match(name))


def history_point(document, file_name=None):
    """The trend point of an earlier audit's JSON result; None when it is not one."""
    if not isinstance(document, dict) or document.get('schema') != SCHEMA:
        return None
    summary = document.get('summary') or {}
    try:
        point = dict(generated=document['generated'], compliance_percent=float(summary['compliance_percent']),
                     audited=int(summary['audited']), compliant=int(summary['compliant']),
                     drifted=int(summary['drifted']), overridden=int(summary.get('overridden') or 0),
                     unreadable=int(summary['unreadable']),
                     status=document.get('status'), scope_key=document.get('scope_key'),
                     organization_id=(document.get('organization') or {}).get('id'), file=file_name)
    except (KeyError, TypeError, ValueError):
        return None
    return point


def same_audit(point, current):
    """Whether an earlier result audited what this one did: the same scope, in the same organization (an unknown
    organization, the token's, matches any)."""
    organizations = (point.get('organization_id'), current['organization_id'])
    return point.get('scope_key') == current['scope_key'] and (None in organizations or len(set(organizations)) == 1)


def plan_history(history, report_name, keep, stamp):
    """(file to write, files to delete, earlier points kept) for a retention of ``keep`` results."""
    if keep <= 0:
        return None, [], []
    new_file = '%s-%s.json' % (report_name, stamp)
    points = {}
    for item in history or []:
        if isinstance(item, dict) and item.get('file') and item.get('point'):
            points[item['file']] = item['point']
    names = [name for name in history_files([item.get('file') for item in history or [] if isinstance(item, dict)],
                                            report_name) if name != new_file]
    kept = names[len(names) - (keep - 1):] if keep > 1 else []
    prune = [name for name in names if name not in kept]
    return new_file, prune, [points[name] for name in kept if name in points]


def headline(numbers, settings, locations):
    """One sentence a manager reads first."""
    if not numbers['audited']:
        return 'Nothing was audited.'
    if not attention(numbers):
        return 'All %d audited match the baseline.' % numbers['audited']
    overridden = (', %d are overridden by their location\'s call intercept' % numbers['overridden']
                  if numbers['overridden'] else '')
    parts = ['%d of %d need attention: %d drift from the baseline%s, %d could not be read.' % (
        attention(numbers), numbers['audited'], numbers['drifted'], overridden, numbers['unreadable'])]
    if settings:
        parts.append('Most drift: %s (%d).' % (settings[0]['label'], settings[0]['count']))
    worst = [row for row in locations if attention(row)]
    if len(locations) > 1 and worst:
        parts.append('Least compliant location: %s (%s).' % (worst[0]['label'], format_percent(worst[0]['compliance_percent'])))
    return ' '.join(parts)


def gate(numbers, entries, min_compliance, fail_on_drift, report_files):
    see = ('; see %s' % ', '.join(report_files)) if report_files else ''
    names = [target_label(entry) for entry in entries if entry['status'] != 'compliant']
    who = (' (%s%s)' % (', '.join(names[:10]), ' and %d more' % (len(names) - 10) if len(names) > 10 else '')) if names else ''
    drift_failed = bool(fail_on_drift) and attention(numbers) > 0
    compliance_failed = min_compliance > 0 and numbers['compliant'] * 100 < min_compliance * numbers['audited']
    return dict(
        fail_on_drift=bool(fail_on_drift), min_compliance=min_compliance,
        drift_failed=drift_failed, compliance_failed=compliance_failed, failed=drift_failed or compliance_failed,
        drift_message='%d of %d audited drift from the baseline%s and %d could not be read%s%s' % (
            numbers['drifted'], numbers['audited'], (', %d are overridden by their location\'s call intercept'
                                                     % numbers['overridden']) if numbers['overridden'] else '',
            numbers['unreadable'], who, see),
        compliance_message='compliance %s (%d of %d compliant) is below the minimum of %s%s' % (
            format_percent(numbers['compliance_percent']), numbers['compliant'], numbers['audited'],
            format_percent(min_compliance), see),
    )


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
                 kinds=None):
    """The report model (a JSON-ready dictionary) of audited targets; see the role README for its schema.

    ``kinds``: the kinds of target read (person, workspace, virtual_line); by default people and the kinds of the
    entries. An exception for a kind not read is out of the audit's scope, not stale.
    """
    policy = check_policy(baseline, exceptions, people)
    kinds = audited_kinds(kinds, entries)
    unknown = [fmt for fmt in formats or () if fmt not in FORMATS]
    if unknown:
        raise AuditReportError('intercept_audit_formats: %s is not a report format; use %s' % (
            ', '.join(unknown), ', '.join(FORMATS)))
    min_compliance = number(min_compliance, 'intercept_audit_min_compliance', 0, 100)
    keep = int(number(history_keep, 'intercept_audit_history_keep', 0, 10000))
    stamp = history_stamp(generated)
    entries = [normalize_entry(entry) for entry in entries or []]
    scope_kind, scope_key, scope = describe_scope(location_id, policy.people, entries, kinds)
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
    trend = [point for point in earlier if same_audit(point, current)] + [current]
    summary = dict(numbers, status=status, people=sum(1 for entry in entries if entry['kind'] == 'person'),
                   missing=sum(1 for entry in entries if not entry['found']),
                   by_field=dict((row['setting'], row['count']) for row in settings),
                   by_kind=dict((kind, counts([entry for entry in entries if entry['kind'] == kind]))
                                for kind in KINDS if any(entry['kind'] == kind for entry in entries)),
                   exceptions=len(checked_exceptions),
                   exceptions_met=sum(1 for row in checked_exceptions if row['result'] == 'met'),
                   exceptions_stale=sum(1 for row in checked_exceptions if row['result'] == 'stale'),
                   kinds=list(kinds))
    return dict(
        schema=SCHEMA, schema_version=SCHEMA_VERSION, generated=generated, organization=organization,
        organization_label=organization_label(organization), scope=scope, scope_kind=scope_kind, scope_key=scope_key,
        location_id=location_id or None, status=status, status_label=STATUS_LABELS[status],
        compliance_percent=numbers['compliance_percent'], summary=summary,
        summary_line='%d audited (%s): %d compliant (%s), %d drifting, %s%d unreadable.' % (
            numbers['audited'], scope, numbers['compliant'], format_percent(numbers['compliance_percent']),
            numbers['drifted'], ('%d overridden by their location, ' % numbers['overridden']) if numbers['overridden']
            else '', numbers['unreadable']),
        baseline=policy.wanted, baseline_settings=settings_rows(policy.wanted), exceptions=checked_exceptions,
        headline=headline(numbers, settings, locations), by_setting=settings, by_location=locations, entries=entries,
        location_overrides=location_overrides(entries), trend=trend,
        drifted=[compat_entry(entry) for entry in entries if entry['status'] == 'drift'],
        overridden=[compat_entry(entry) for entry in entries if entry['status'] == 'overridden'],
        unreadable=[compat_entry(entry) for entry in entries if entry['status'] == 'unreadable'],
        gate=gate(numbers, entries, min_compliance, fail_on_drift, reports + ([directory + '/' + history_file] if history_file else [])),
        files=files, reports=reports,
        history=dict(directory=directory, keep=keep, file=history_file, prune=prune),
    )


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


# --- renderings ----------------------------------------------------------------------------------------------------

def render(report, fmt):
    """The report model as text in one of FORMATS."""
    renderers = {'markdown': render_markdown, 'html': render_html, 'json': render_json, 'csv': render_csv,
                 'junit': render_junit}
    if fmt not in renderers:
        raise AuditReportError('%s is not a report format; use %s' % (fmt, ', '.join(FORMATS)))
    return renderers[fmt](report)


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
    writer.writerow(CSV_COLUMNS)
    for entry in report['entries']:
        common = [entry['kind'], entry['id'] or '', entry['email'] or '', entry['name'] or '', entry['location_id'] or '',
                  entry['location_name'] or '', entry['status']]
        if entry['status'] == 'unreadable' or entry['status'] == 'overridden' and not entry['drifts']:
            writer.writerow(common + [''] * 7 + [entry['error'] or ''])
        for drift in entry['drifts'] if entry['status'] in ('drift', 'overridden') else []:
            writer.writerow(common + [drift['setting'], drift['label'], drift['api_name'], raw_value(drift['expected']),
                                      raw_value(drift['actual']), drift['expected_label'], drift['actual_label'], ''])
    return output.getvalue()


def md(value):
    text = '' if value is None else str(value)
    return text.replace('\\', '\\\\').replace('|', '\\|').replace('\n', ' ').replace('`', "'")


def grouped_by_location(entries, status):
    groups = []
    for entry in entries:
        if entry['status'] != status:
            continue
        if not groups or groups[-1][0] != entry['location']:
            groups.append((entry['location'], []))
        groups[-1][1].append(entry)
    return groups


def render_markdown(report):
    summary = report['summary']
    lines = [
        '# Webex Calling call intercept audit', '',
        '**%s: %s compliant** (%d of %d)' % (report['status_label'].upper(), format_percent(report['compliance_percent']),
                                             summary['compliant'], summary['audited']), '',
        report['headline'], '',
        '- Organization: %s' % md(report['organization_label']),
        '- Scope: %s' % md(report['scope']),
        '- Generated: %s' % report['generated'], '',
        '| Audited | Compliant | Drifting | Unreadable | Compliance |', '| ---: | ---: | ---: | ---: | ---: |',
        '| %d | %d | %d | %d | %s |' % (
            summary['audited'], summary['compliant'], summary['drifted'], summary['unreadable'],
            format_percent(report['compliance_percent'])),
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
    if groups:
        lines += ['', '## Who drifts']
        for location, members in groups:
            lines += ['', '### %s (%d)' % (md(location), len(members)), '',
                      '| Name | Email or ID | Setting | Expected | Actual |', '| --- | --- | --- | --- | --- |']
            for entry in members:
                for index, drift in enumerate(entry['drifts']):
                    lines.append('| %s | %s | %s (`%s`) | %s | %s |' % (
                        md(md_name(entry)) if index == 0 else '', md(entry['email'] or entry['id']) if index == 0 else '',
                        md(drift['label']), drift['api_name'], md(drift['expected_label']), md(drift['actual_label'])))
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
                failure = ElementTree.SubElement(case, 'failure', type='drift', message='drifts in %d setting%s: %s' % (
                    len(entry['drifts']), '' if len(entry['drifts']) == 1 else 's',
                    ', '.join(drift['label'] for drift in entry['drifts'])))
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


# --- HTML ------------------------------------------------------------------------------------------------------------

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
header.band .headline{margin:10px 0 0;font-size:16px;font-weight:600;max-width:680px}
#compliance{font-size:56px;font-weight:800;line-height:1}
.pill{display:inline-block;margin-top:8px;padding:4px 12px;border-radius:999px;background:rgba(255,255,255,.22);
font-weight:700;letter-spacing:.03em;text-transform:uppercase;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:14px;margin:-2px 0 18px;padding-top:18px}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 2px rgba(16,24,40,.08)}
.card .n{font-size:28px;font-weight:700}
.card .l{color:#5b6475;font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.ok{color:#1e7b34}.bad{color:#b42318}.warn{color:#b54708}.over{color:#6941c6}
section{background:#fff;border-radius:10px;padding:16px 20px;margin:0 0 18px;box-shadow:0 1px 2px rgba(16,24,40,.08)}
section h2{margin:0 0 10px;font-size:18px}
section h3{margin:16px 0 6px;font-size:15px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:18px;margin-bottom:18px}
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
        parts.append('<p class="muted">and %d more locations, in the table below.</p>' % more)
    return ''.join(parts)


def trend_chart(points):
    """Compliance over time: a line with a dot per audit."""
    width, height, left, right, top, bottom = 1040, 220, 60, 60, 22, 40
    values = [point['compliance_percent'] for point in points]
    low = max(0, min(int(min(values) // 10 * 10), 90))
    span = 100 - low
    plot_w, plot_h = width - left - right, height - top - bottom

    def xy(index, value):
        x = left + (plot_w * index / float(len(points) - 1) if len(points) > 1 else plot_w / 2.0)
        return x, top + plot_h * (100 - value) / float(span)

    parts = ['<svg id="chart-trend" role="img" aria-label="Compliance over time" width="100%%" viewBox="0 0 %d %d" '
             'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">' % (width, height)]
    for step in range(5):
        value = low + span * step / 4.0
        dummy, y = xy(0, value)
        parts.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#e4e7ec"/>' % (left, width - right, y, y))
        parts.append(svg_text(left - 6, y + 4, format_percent(value), size=11, anchor='end', fill='#5b6475'))
    coordinates = [xy(index, value) for index, value in enumerate(values)]
    parts.append('<polyline class="trend-line" fill="none" stroke="#2563eb" stroke-width="3" points="%s"/>' % ' '.join(
        '%.1f,%.1f' % point for point in coordinates))
    label_every = max(1, len(points) // 8)
    for index, ((x, y), point) in enumerate(zip(coordinates, points)):
        parts.append('<circle class="trend-point" cx="%.1f" cy="%.1f" r="5" fill="%s" stroke="#fff" stroke-width="2">'
                     '<title>%s: %s compliant, %d drifting, %d overridden, %d unreadable</title></circle>' % (
                         x, y, STATUS_COLOURS.get(point.get('status'), '#2563eb'), e(point['generated']),
                         format_percent(point['compliance_percent']), point['drifted'], point.get('overridden') or 0,
                         point['unreadable']))
        if index % label_every == 0 or index == len(points) - 1:
            parts.append(svg_text(x, height - bottom + 18, point['generated'][:10] + ' ' + point['generated'][11:16],
                                  size=11, anchor='middle', fill='#5b6475'))
            parts.append(svg_text(x, y - 10, format_percent(point['compliance_percent']), size=11, anchor='middle',
                                  weight='bold'))
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


def own_settings_text(entry):
    """What an overridden target's own settings would do once its location's intercept is off."""
    if not entry['drifts']:
        return 'comply'
    return 'also drift: ' + ', '.join('%s is %s' % (drift['label'], drift['actual_label']) for drift in entry['drifts'])


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


def render_html(report):
    summary = report['summary']
    status = report['status']
    colour = STATUS_COLOURS[status]
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
           '<title>Call intercept audit: %s, %s</title>\n' % (e(report['organization_label']), e(report['generated'])),
           '<style>%s</style>\n</head>\n<body class="status-%s">\n' % (CSS, status)]
    out.append('<header class="band" id="status" data-status="%s" style="background:%s"><div class="inner">' % (status, colour))
    out.append('<div><h1>Webex Calling \u00b7 call intercept compliance</h1>'
               '<p class="org" id="organization">%s</p>' % e(report['organization_label']))
    out.append('<div class="meta">Scope: <span id="scope">%s</span> \u00b7 Audited <time id="generated" datetime="%s">%s'
               '</time></div><p class="headline" id="headline">%s</p></div>' % (
                   e(report['scope']), e(report['generated']),
                   e(report['generated'].replace('T', ' ').replace('Z', ' UTC')), e(report['headline'])))
    out.append('<div class="score"><div id="compliance">%s</div><div>compliant (%d of %d)</div>'
               '<div class="pill" id="status-label">%s</div></div></div></header>\n<main>\n' % (
                   format_percent(report['compliance_percent']), summary['compliant'], summary['audited'],
                   e(report['status_label'])))
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
    out.append('<section id="drift"><h2>Who drifts</h2>')
    if not groups:
        out.append('<p class="ok">Nobody drifts from the baseline.</p>')
    for location, members in groups:
        out.append('<h3>%s <span class="muted">(%d)</span></h3><table><tr><th>Name</th><th>Email or ID</th>'
                   '<th>Setting</th><th>Expected</th><th>Actual</th></tr>' % (e(location), len(members)))
        for entry in members:
            for index, drift in enumerate(entry['drifts']):
                first = index == 0
                rows = len(entry['drifts'])
                out.append('<tr>%s<td>%s</td><td>%s</td><td class="bad">%s</td></tr>' % (
                    ('<td rowspan="%d">%s%s</td><td rowspan="%d">%s</td>' % (
                        rows, name_cell(entry), ' <span class="tag exc">exception</span>' if entry['exception'] else '',
                        rows, id_cell(entry))) if first else '',
                    setting_cell(drift), value_cell(drift['expected_label'], drift['expected']),
                    value_cell(drift['actual_label'], drift['actual'])))
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
    out.append('<footer>webex.calling intercept_audit \u00b7 report schema %s version %d</footer>\n</main>\n</body>\n</html>\n'
               % (SCHEMA, SCHEMA_VERSION))
    return ''.join(out)
