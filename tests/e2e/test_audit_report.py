# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's reports from a known simulator state: facts, trend, JUnit, the gate, and the HTML in headless chromium.

Two audits run (real ansible-playbook, role webex.calling.intercept_audit) against a simulator organization of people,
workspaces and virtual lines with drift, exceptions, an unreadable person and a location whose own call intercept is
enabled (it overrides everyone there) injected; one drifting person is fixed between them. The expected facts come
from the simulator's stored settings and its own view of what is effective (control API /_sim/intercepts), not from
the collection. The reports of the second run are kept in tests/output/audit-report/ with the screenshot chromium
takes of the HTML page.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import html
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from html.parser import HTMLParser

import pytest

from conftest import REPO_ROOT, api_writes, run_playbook

ARTIFACTS = os.path.join(REPO_ROOT, 'tests', 'output', 'audit-report')
ALICE = 'alice.anders@example.com'
BOB = 'bob.baker@example.com'
ERIN = 'erin.evans@example.com'
GHOST = 'left.long.ago@example.com'
BOARD_ROOM = 'Board Room'
OVERRIDING = 'Branch Office'
BASELINE = {'enabled': False, 'outgoing': {'type': 'INTERCEPT_ALL'}}
# ALICE's exception is not met; ERIN's would be (the seed intercepts her calls) but her location's intercept overrides
# her; GHOST's target does not exist; the Board Room workspace's is met (the seed intercepts it); no virtual line is
# called Gone Line.
EXCEPTIONS = [{'email': ERIN, 'enabled': True}, {'email': ALICE, 'enabled': True}, {'email': GHOST, 'enabled': True},
              {'workspace_name': BOARD_ROOM, 'enabled': True}, {'virtual_line_name': 'Gone Line', 'enabled': True}]
EXPECTED_ENABLED = {ERIN: True, ALICE: True, BOARD_ROOM: True}
KIND_OF = {'people': 'person', 'workspaces': 'workspace', 'virtual_lines': 'virtual_line'}
FORMATS = ['html', 'markdown', 'json', 'csv', 'junit']
READ = 'Read the call intercept settings in bulk'
INTERCEPT = '/people/%s/features/intercept'
# Requests headless chromium makes by itself, for about:blank too (network time, component updates, account
# check): they go through the recording proxy like any other, and are not the page's.
BROWSER_OWN = re.compile(r'^(GET http://clients2\.google\.com/time/|CONNECT update\.googleapis\.com:443 |'
                         r'POST http://update\.googleapis\.com/service/update2/|CONNECT accounts\.google\.com:443 )')
STATUS_RGB = {'compliant': (0x1e, 0x7b, 0x34), 'drift': (0xb4, 0x23, 0x18), 'unreadable': (0xb5, 0x47, 0x08)}
ATTENTION_RGB = (0xb5, 0x47, 0x08)
BAR_RGB = (0xd9, 0x2d, 0x20)
TREND_RGB = (0x25, 0x63, 0xeb)
OVERRIDDEN_RGB = (0x7a, 0x5a, 0xf8)


def role(**variables):
    return [{'name': 'run the role', 'ansible.builtin.include_role': {'name': 'webex.calling.intercept_audit'},
             'vars': variables}]


def email_of(person):
    return person['emails'][0]


def unreadable_fault(person):
    """A 404 on this person's intercept read (not retried): the info module reports the person, unread."""
    return {'method': 'GET', 'path': '^/v1%s$' % re.escape(INTERCEPT % person['id']), 'status': 404, 'times': 1}


def expected_facts(simulator, unreadable):
    """What the report must say, from the simulator: {target ID: {kind, status, drifts, email, label, ...}} of every
    person, workspace and virtual line, overridden where the simulator says their location's intercept applies."""
    emails = dict((person['id'], email_of(person)) for person in simulator.people())
    targets = {}
    for owner in simulator.intercepts():
        kind = KIND_OF[owner['kind']]
        email = emails[owner['id']] if kind == 'person' else None
        label = email or owner['name']
        stored = owner['intercept']
        drifts = []
        if stored['enabled'] != EXPECTED_ENABLED.get(label, False):
            drifts.append('enabled')
        if stored['outgoing']['type'] != 'INTERCEPT_ALL':
            drifts.append('outgoing.type')
        if email == unreadable:
            status = 'unreadable'
        elif owner['effective_source'] == 'location':
            status = 'overridden'
        else:
            status = 'drift' if drifts else 'compliant'
        targets[owner['id']] = dict(kind=kind, status=status, drifts=drifts if status in ('drift', 'overridden') else [],
                                    email=email, label=label, location_id=owner['locationId'], name=owner['name'])
    return targets


def kinds_text(by_kind):
    """"3 people, 1 workspace, 2 virtual lines" from {kind: count}."""
    names = {'person': ('person', 'people'), 'workspace': ('workspace', 'workspaces'),
             'virtual_line': ('virtual line', 'virtual lines')}
    return ', '.join('%d %s' % (by_kind[kind], names[kind][by_kind[kind] != 1]) for kind in names if by_kind.get(kind))


def api_get(simulator, path):
    """A document of the simulated API itself (what Webex says), read with the administrator's token."""
    request = urllib.request.Request(simulator.url + path, headers={'Authorization': 'Bearer ' + simulator.admin_token})
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=30) as answer:
        return json.loads(answer.read().decode('utf-8'))


STATUSES = ('compliant', 'drift', 'overridden', 'unreadable')


def count(targets, status, location_id=None):
    return sum(1 for target in targets.values()
               if target['status'] == status and location_id in (None, target['location_id']))


def assert_percent(value, compliant, audited):
    """The report's percentage: compliant / audited rounded down to 0.1."""
    exact = 100.0 * compliant / audited
    assert value <= exact < value + 0.1, (value, compliant, audited)


@pytest.fixture(scope='module')
def audits(simulator_session, collections_path, tmp_path_factory):
    """Two audits of the whole organization, one drifting person fixed in between; their reports and expectations."""
    simulator = simulator_session
    simulator.reset()
    workdir = tmp_path_factory.mktemp('audit-report')
    reports = workdir / 'reports'
    people = sorted(simulator.people(), key=email_of)
    generated = [person for person in people if email_of(person) not in (ALICE, BOB, ERIN)]
    simulator.patch_intercept(generated[20]['id'], {'enabled': True})
    simulator.patch_intercept(generated[40]['id'], {'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}})
    simulator.patch_intercept(generated[60]['id'], {'enabled': True, 'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}})
    simulator.patch_intercept(simulator.workspace_by_name('Lobby Phone')['id'], {'outgoing': {'type': 'ALLOW_LOCAL_ONLY'}},
                              kind='workspaces')
    simulator.patch_intercept(simulator.location_by_name(OVERRIDING)['id'], {'enabled': True}, kind='locations')
    unreadable = generated[80]
    variables = dict(intercept_audit_baseline=BASELINE, intercept_audit_exceptions=EXCEPTIONS,
                     intercept_audit_report_dir=str(reports), intercept_audit_formats=FORMATS)
    runs, expected, documents = [], [], []
    for number in range(2):
        if number == 1:
            simulator.patch_intercept(generated[20]['id'], {'enabled': False})
        expected.append(expected_facts(simulator, email_of(unreadable)))
        simulator.add_faults([unreadable_fault(unreadable)])
        simulator.clear_log()
        runs.append(run_playbook(simulator, collections_path, workdir, role(**variables), check=True))
        assert runs[-1].rc == 0, runs[-1].stdout + runs[-1].stderr
        assert api_writes(simulator) == []
        documents.append(json.loads((reports / 'intercept-audit.json').read_text()))
    # A copy for people to see. Each xdist worker that runs tests of this module builds its own audits, so the tests
    # read their own reports, never this shared copy (another worker may be replacing it).
    shutil.copytree(str(reports), ARTIFACTS, dirs_exist_ok=True)
    return dict(runs=runs, expected=expected, reports=reports, documents=documents, unreadable=email_of(unreadable),
                fixed=email_of(generated[20]), simulator=simulator)


def test_json_report_holds_the_facts_of_the_simulator(audits):
    for document, expected in zip(audits['documents'], audits['expected']):
        audited = len(expected)
        compliant, drifted, overridden, unreadable = (count(expected, status) for status in STATUSES)
        assert document['schema'] == 'webex.calling.intercept_audit'
        assert document['schema_version'] == 1
        assert document['scope'] == 'every Webex Calling person, workspace and virtual line'
        summary = document['summary']
        assert (summary['audited'], summary['compliant'], summary['drifted'], summary['overridden'],
                summary['unreadable']) == (audited, compliant, drifted, overridden, unreadable)
        assert summary['people'] == sum(1 for target in expected.values() if target['kind'] == 'person')
        assert set(summary['by_kind']) == {'person', 'workspace', 'virtual_line'}
        assert_percent(document['compliance_percent'], compliant, audited)
        assert summary['compliance_percent'] == document['compliance_percent']
        assert document['status'] == 'drift'
        got = dict((entry['id'], (entry['kind'], entry['email'] or entry['name'], entry['status'],
                                  [drift['setting'] for drift in entry['drifts']])) for entry in document['entries'])
        assert got == dict((key, (target['kind'], target['label'], target['status'], target['drifts']))
                           for key, target in expected.items())
        by_setting = dict((row['setting'], row['count']) for row in document['by_setting'])
        assert by_setting == dict((setting, sum(1 for target in expected.values()
                                                if target['status'] == 'drift' and setting in target['drifts']))
                                  for setting in ('enabled', 'outgoing.type'))
        assert [row['api_name'] for row in document['by_setting'] if row['setting'] == 'outgoing.type'] == ['outgoing.type']
        locations = set(target['location_id'] for target in expected.values())
        assert set(row['location_id'] for row in document['by_location']) == locations
        for row in document['by_location']:
            assert (row['audited'], row['drifted'], row['overridden'], row['unreadable']) == (
                sum(1 for target in expected.values() if target['location_id'] == row['location_id']),
                count(expected, 'drift', row['location_id']), count(expected, 'overridden', row['location_id']),
                count(expected, 'unreadable', row['location_id']))
        # The location whose own intercept is enabled overrides everyone there: people, workspaces, virtual lines.
        overriding = audits['simulator'].location_by_name(OVERRIDING)['id']
        by_kind = {}
        for target in expected.values():
            if target['status'] == 'overridden':
                assert target['location_id'] == overriding
                by_kind[target['kind']] = by_kind.get(target['kind'], 0) + 1
        assert set(by_kind) == {'person', 'workspace', 'virtual_line'}
        assert document['location_overrides'] == [dict(location_id=overriding, location_name=OVERRIDING, label=OVERRIDING,
                                                       overridden=overridden, by_kind=by_kind)]
        results = dict((row['target'], row['result']) for row in document['exceptions'])
        assert results == {ERIN: 'overridden', ALICE: 'not_met', GHOST: 'stale', BOARD_ROOM: 'met', 'Gone Line': 'stale'}
        assert summary['exceptions_stale'] == 2
        unread = [entry for entry in document['entries'] if entry['status'] == 'unreadable']
        assert [entry['email'] for entry in unread] == [audits['unreadable']]
        assert '404' in unread[0]['error']
    first, second = audits['documents']
    assert second['summary']['compliant'] == first['summary']['compliant'] + 1
    assert [(point['generated'], point['compliance_percent']) for point in second['trend']] == [
        (first['generated'], first['compliance_percent']), (second['generated'], second['compliance_percent'])]
    assert len(first['trend']) == 1


def test_each_run_keeps_its_result_under_a_dated_name(audits):
    reports = audits['reports']
    dated = sorted(name for name in os.listdir(str(reports)) if re.match(r'^intercept-audit-\d{8}T\d{6}Z\.json$', name))
    assert dated == sorted(document['history']['file'] for document in audits['documents'])
    assert json.loads((reports / dated[0]).read_text())['generated'] == audits['documents'][0]['generated']
    assert sorted(set(os.listdir(str(reports))) - set(dated)) == [
        'intercept-audit.csv', 'intercept-audit.html', 'intercept-audit.json', 'intercept-audit.md', 'intercept-audit.xml']


def test_role_result_and_summary_line(audits):
    run = audits['runs'][1]
    document = audits['documents'][1]
    result = run.tasks.named('Report the audit')['result']['msg']
    assert result.startswith('%d audited (every Webex Calling person, workspace and virtual line): %d compliant (%s%%), '
                             '%d drifting, %d overridden by their location, 1 unreadable.' % (
                                 document['summary']['audited'], document['summary']['compliant'],
                                 ('%.1f' % document['compliance_percent']).rstrip('0').rstrip('.'),
                                 document['summary']['drifted'], document['summary']['overridden']))


def test_markdown_and_csv_hold_the_same_facts(audits):
    document = audits['documents'][1]
    expected = audits['expected'][1]
    reports = audits['reports']
    markdown = (reports / 'intercept-audit.md').read_text()
    percent = ('%.1f' % document['compliance_percent']).rstrip('0').rstrip('.') + '%'
    summary = document['summary']
    assert '**DRIFT FOUND: %s compliant** (%d of %d)' % (percent, summary['compliant'], summary['audited']) in markdown
    assert '| %d | %d | %d | %d | %s |' % (summary['audited'], summary['compliant'], summary['drifted'],
                                           summary['unreadable'], percent) in markdown
    assert '| Call intercept on | `enabled` | %d |' % document['summary']['by_field']['enabled'] in markdown
    assert '| Outgoing calls | `outgoing.type` | Intercept all |' in markdown
    assert '| %s | %s | Exception: stale' % (GHOST, 'Call intercept on: On') not in markdown
    assert '| %s | Call intercept on: On | Stale: no such target |' % GHOST in markdown
    assert '| %s | Call intercept on: On | Met |' % BOARD_ROOM in markdown
    assert '| %s | Call intercept on: On | Overridden by the location |' % ERIN in markdown
    assert '| %s | Call intercept on: On | Not met: Call intercept on is Off |' % ALICE in markdown
    trend = markdown.split('## Trend')[1].split('##')[0]
    assert len([line for line in trend.splitlines() if line.startswith('| 20')]) == 2
    kinds = {'person': '', 'workspace': ' (workspace)', 'virtual_line': ' (virtual line)'}
    for key, target in expected.items():
        if target['status'] == 'drift':
            assert '| %s%s | %s |' % (target['name'], kinds[target['kind']], target['email'] or key) in markdown
    overrides = markdown.split("## Overridden by a location's call intercept")[1].split('\n## ')[0]
    assert '### %s (%s)' % (OVERRIDING, kinds_text(document['location_overrides'][0]['by_kind'])) in overrides
    labels = {'enabled': 'Call intercept on is ', 'outgoing.type': 'Outgoing calls is '}
    rows = [line for line in overrides.splitlines() if line.startswith('| ') and not line.startswith(('| Name', '| ---'))]
    assert len(rows) == count(expected, 'overridden')
    for key, target in expected.items():
        if target['status'] == 'overridden':
            row = [line for line in rows if line.startswith('| %s%s | %s | ' % (
                target['name'], kinds[target['kind']], target['email'] or key))]
            assert len(row) == 1, (target, rows)
            own = row[0].split(' | ')[-1]
            assert [label for label in labels.values() if label in own] == [labels[drift] for drift in target['drifts']]
            assert (own == 'comply |') == (not target['drifts'])

    with open(str(reports / 'intercept-audit.csv')) as handle:
        rows = list(csv.DictReader(handle))
    drift_rows = sorted((row['email'] or row['id'], row['field']) for row in rows if row['status'] == 'drift')
    assert drift_rows == sorted((target['email'] or key, setting) for key, target in expected.items()
                                if target['status'] == 'drift' for setting in target['drifts'])
    assert sorted(set(row['email'] or row['id'] for row in rows if row['status'] == 'overridden')) == sorted(
        target['email'] or key for key, target in expected.items() if target['status'] == 'overridden')
    assert [row['email'] for row in rows if row['status'] == 'unreadable'] == [audits['unreadable']]
    outgoing = [row for row in rows if row['field'] == 'outgoing.type'][0]
    assert (outgoing['expected'], outgoing['actual'], outgoing['expected_label'], outgoing['actual_label']) == (
        'INTERCEPT_ALL', 'ALLOW_LOCAL_ONLY', 'Intercept all', 'Allow local calls only')
    assert outgoing['label'] == 'Outgoing calls'


def test_junit_report_is_read_by_a_junit_parser(audits):
    junitparser = pytest.importorskip('junitparser')
    document = audits['documents'][1]
    expected = audits['expected'][1]
    xml = junitparser.JUnitXml.fromfile(str(audits['reports'] / 'intercept-audit.xml'))
    outcomes = {'compliant': [], 'drift': [junitparser.Failure], 'overridden': [junitparser.Failure],
                'unreadable': [junitparser.Error]}
    cases = []
    for suite in xml:
        assert suite.tests == len(list(suite))
        for case in suite:
            cases.append((case.name, [type(result) for result in case.result]))
            if case.result and isinstance(case.result[0], junitparser.Failure):
                assert re.match(r'^(drifts in [12] settings?: |overridden: the call intercept of the location %s is '
                                r'enabled)' % OVERRIDING, case.result[0].message), case.result[0].message
            if case.result and isinstance(case.result[0], junitparser.Error):
                assert '404' in case.result[0].message
    assert xml.tests == len(expected) == document['summary']['audited']
    assert xml.failures == count(expected, 'drift') + count(expected, 'overridden')
    assert xml.errors == 1
    assert sorted(cases) == sorted(('%s (%s)' % (target['email'], target['name']) if target['email'] else target['name'],
                                    outcomes[target['status']]) for target in expected.values())


def test_location_and_organization_names(audits):
    """The names come from the simulator's own locations and organization, through the info module's result."""
    simulator = audits['simulator']
    names = dict((location['id'], location['name']) for location in simulator.locations())
    expected = dict((target['location_id'], names[target['location_id']]) for target in audits['expected'][1].values())
    assert len(set(expected.values())) > 1
    document = audits['documents'][1]
    assert dict((row['location_id'], row['label']) for row in document['by_location']) == expected
    assert all(entry['location_name'] == expected[entry['location_id']] for entry in document['entries'])
    organization = api_get(simulator, '/organizations/%s' % simulator.org_id)
    assert document['organization'] == {'id': organization['id'], 'name': organization['displayName']}
    assert document['organization_label'] == organization['displayName']
    html = (audits['reports'] / 'intercept-audit.html').read_text()
    assert '<p class="org" id="organization">%s</p>' % organization['displayName'] in html
    for name in expected.values():
        assert '>%s<' % name in html
    markdown = (audits['reports'] / 'intercept-audit.md').read_text()
    assert '- Organization: %s' % organization['displayName'] in markdown


# --- the HTML page in a real browser ----------------------------------------------------------------------------------

@pytest.fixture(scope='session')
def chromium():
    """Debian's chromium, installed with apt-get when missing (as root); skipped, saying why, where that fails."""
    found = shutil.which('chromium') or shutil.which('chromium-browser')
    if found:
        return found
    if not shutil.which('apt-get'):
        pytest.skip('chromium is not installed and this system has no apt-get to install it (Debian: apt-get '
                    'install chromium)')
    if os.geteuid() != 0:
        pytest.skip('chromium is not installed and installing it needs root: apt-get install chromium')
    for command in (['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']):
        process = subprocess.run(command, capture_output=True, text=True, timeout=1200, check=False,
                                 env=dict(os.environ, DEBIAN_FRONTEND='noninteractive'))
        if process.returncode != 0:
            pytest.skip('chromium cannot be installed (%s: exit %d): %s' % (
                ' '.join(command), process.returncode, process.stderr.strip()[-300:]))
    found = shutil.which('chromium')
    if not found:
        pytest.skip('apt-get installed chromium but no chromium command is on PATH')
    return found


class RequestRecorder:
    """A loopback HTTP proxy that answers nothing and records every request sent through it."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(('127.0.0.1', 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.requests = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, dummy = self.server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    data = connection.recv(4096)
                except OSError:
                    data = b'(no request line)'
                if not data:
                    # Closed without a byte sent: a connection opened ahead of need (Chromium's preconnect to its
                    # proxy) that carried no request.
                    continue
                self.requests.append(data.split(b'\r\n', 1)[0].decode('latin-1'))
                connection.sendall(b'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')

    def wait_for(self, text, limit=20.0):
        """Wait until a request naming ``text`` is recorded: connections are answered one at a time, and a silent one
        (Chromium's preconnect) holds the next for up to 2 s, so a request may be recorded after the browser exits."""
        deadline = time.monotonic() + limit
        while not any(text in request for request in self.requests) and time.monotonic() < deadline:
            time.sleep(0.1)

    def settle(self, quiet=2.5):
        """Wait until no request has been recorded for ``quiet`` seconds (longer than a silent connection's hold)."""
        count, since = len(self.requests), time.monotonic()
        while time.monotonic() - since < quiet:
            time.sleep(0.1)
            if len(self.requests) != count:
                count, since = len(self.requests), time.monotonic()

    def close(self):
        self.server.close()


def browser(chromium_path, proxy_port, *args):
    # A fresh profile each run, outside the artifacts (a browser never shares or keeps one).
    with tempfile.TemporaryDirectory(prefix='webex-chromium-') as profile:
        command = [chromium_path, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                   '--no-default-browser-check', '--disable-background-networking', '--disable-component-update',
                   '--disable-sync', '--disable-extensions', '--hide-scrollbars', '--user-data-dir=' + profile,
                   '--proxy-server=http://127.0.0.1:%d' % proxy_port, '--proxy-bypass-list=<-loopback>'] + list(args)
        return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


class Dom(HTMLParser):
    """The elements of a page: [(tag, attributes, text inside)], and the external references it makes."""

    def __init__(self):
        HTMLParser.__init__(self)
        self.elements = []
        self.stack = []
        self.references = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        element = [tag, attributes, '']
        self.elements.append(element)
        self.stack.append(element)
        for name in ('src', 'href', 'xlink:href', 'srcset', 'action', 'data'):
            if attributes.get(name) and not attributes[name].startswith('#'):
                self.references.append('%s %s=%s' % (tag, name, attributes[name]))
        if tag in ('script', 'link', 'iframe', 'object', 'embed', 'img'):
            self.references.append('<%s>' % tag)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for element in self.stack:
            element[2] += data
        if self.stack and self.stack[-1][0] == 'style' and re.search(r'url\(|@import', data):
            self.references.append('style: ' + data[:80])

    def by_id(self, element_id):
        return [element for element in self.elements if element[1].get('id') == element_id]


def trend_texts(dom):
    """The text elements inside the trend chart."""
    inside, texts = False, []
    for element in dom.elements:
        if element[0] == 'svg':
            inside = element[1].get('id') == 'chart-trend'
        elif inside and element[0] == 'text':
            texts.append(element)
    return texts


def colour_pixels(image, rgb, box=None):
    region = image.crop(box) if box else image
    return sum(number for number, colour in region.getcolors(maxcolors=1 << 24) if colour[:3] == rgb)


def test_html_report_in_headless_chromium(audits, chromium, tmp_path):
    image_module = pytest.importorskip('PIL.Image')
    document = audits['documents'][1]
    url = 'file://' + str(audits['reports'] / 'intercept-audit.html')
    # Taken into the test's own directory, then kept with the reports (tests/output/audit-report) for people to see.
    screenshot = str(tmp_path / 'intercept-audit.png')
    # The control: a page that loads an image from elsewhere is caught by the recorder.
    control = tmp_path / 'control.html'
    control.write_text('<!DOCTYPE html><html><body><img src="http://report-assets.example.com/logo.png"></body></html>')
    recorder = RequestRecorder()
    try:
        browser(chromium, recorder.port, '--dump-dom', 'file://' + str(control))
        recorder.wait_for('report-assets.example.com')
        recorder.settle()
        caught = list(recorder.requests)
        del recorder.requests[:]
        dumped = browser(chromium, recorder.port, '--dump-dom', url)
        shot = browser(chromium, recorder.port, '--window-size=1280,3200', '--screenshot=' + screenshot, url)
        recorder.settle()
    finally:
        recorder.close()
    assert [request for request in caught if 'report-assets.example.com' in request], caught
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    assert shot.returncode == 0 and os.path.exists(screenshot), shot.stderr[-2000:]
    shutil.copy(screenshot, ARTIFACTS)
    page_requests = [request for request in recorder.requests if not BROWSER_OWN.match(request)]
    assert page_requests == [], 'the page made network requests: %s' % page_requests

    dom = Dom()
    dom.feed(dumped.stdout)
    assert dom.references == []
    percent = ('%.1f' % document['compliance_percent']).rstrip('0').rstrip('.') + '%'
    assert dom.by_id('compliance')[0][2] == percent
    assert dom.by_id('rounding')[0][2] == 'rounded down to 0.1 %'
    assert dom.by_id('status')[0][1]['data-status'] == 'drift'
    assert dom.by_id('status')[0][1]['data-gate'] == 'none' and dom.by_id('gate')[0][2] == 'No gate set'
    assert dom.by_id('status-label')[0][2] == 'Drift found'
    assert dom.by_id('scope')[0][2] == 'every Webex Calling person, workspace and virtual line'
    trend = dom.by_id('chart-trend')
    assert trend, 'no trend chart'
    points = [element for element in dom.elements if element[0] == 'circle' and element[1].get('class') == 'trend-point']
    assert len(points) == 2
    assert [element[2].split(':')[0] for element in points] == [point['generated'][:13] for point in document['trend']]
    # The y-axis runs from 0 % to 100 %; the times under the dots are to the second.
    axis = [element[2] for element in dom.elements if element[0] == 'text' and element[1].get('text-anchor') == 'end'
            and element in trend_texts(dom)]
    assert axis == ['0%', '25%', '50%', '75%', '100%'], axis
    times = [element[2] for element in trend_texts(dom) if element[1].get('text-anchor') == 'middle'
             and re.match(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$', element[2])]
    assert times == [point['generated'].replace('T', ' ').rstrip('Z') for point in document['trend']]
    bars = [element for element in dom.elements if element[0] == 'rect' and element[1].get('class') == 'bar']
    assert len(bars) == len(document['by_setting']) == 2
    titles = [element[2] for element in dom.elements if element[0] == 'title' and 'Outgoing calls' in element[2]]
    assert titles and '(outgoing.type)' in titles[0]
    text = ' '.join(element[2] for element in dom.elements if element[0] == 'body')
    for needle in ('Stale: no such target', 'Not met', 'Intercept all', 'Allow local calls only', 'Call intercept on',
                   'Overridden by the location', OVERRIDING + ' (' + kinds_text(document['location_overrides'][0]['by_kind'])):
        assert needle in text, needle
    assert dom.by_id('overridden') and dom.by_id('card-overridden')[0][2] == '%dOverridden by a location' % (
        document['summary']['overridden'])
    assert [element for element in dom.elements if element[0] == 'rect' and element[1].get('class') == 'bar-overridden']

    with image_module.open(screenshot) as image:
        image = image.convert('RGB')
        width, height = image.size
        assert (width, height) == (1280, 3200)
        # No gate is set: the status band at the top is the colour of attention, not the alarm red of a failed gate;
        # the charts drew their bars and the trend line.
        assert colour_pixels(image, ATTENTION_RGB, (0, 0, width, 60)) > width * 40
        assert colour_pixels(image, STATUS_RGB['drift'], (0, 0, width, 60)) == 0
        assert colour_pixels(image, BAR_RGB) > 2000
        assert colour_pixels(image, TREND_RGB) > 300
        # The location whose intercept overrides everyone there is a bar of the overridden colour.
        assert colour_pixels(image, OVERRIDDEN_RGB) > 2000


def test_html_report_on_a_phone_width_in_headless_chromium(audits, chromium, tmp_path):
    """At 375 px (a phone) the page fits the screen: nothing wider than the window, the band and the charts drawn."""
    image_module = pytest.importorskip('PIL.Image')
    page = str(audits['reports'] / 'intercept-audit.html')
    screenshot = str(tmp_path / 'intercept-audit-375.png')
    # The page in a frame 375 px wide, in a page with a script that writes the report's width into its DOM (the
    # report itself has no script; a headless window is at least 500 px wide, a frame is as wide as it is told).
    with open(page, encoding='utf-8') as handle:
        framed = ('<!DOCTYPE html><html><body style="margin:0"><iframe id="f" style="width:375px;height:2000px;border:0" '
                  'srcdoc="%s"></iframe><script>var f = document.getElementById("f"); f.onload = function () {'
                  'var d = f.contentDocument.documentElement; document.body.setAttribute("data-measured", '
                  'd.scrollWidth + "/" + f.contentWindow.innerWidth); };</script></body></html>'
                  % html.escape(handle.read(), quote=True))
    (tmp_path / 'framed.html').write_text(framed, encoding='utf-8')
    recorder = RequestRecorder()
    try:
        dumped = browser(chromium, recorder.port, '--window-size=800,800', '--dump-dom', 'file://' + str(tmp_path / 'framed.html'))
        shot = browser(chromium, recorder.port, '--window-size=375,2400', '--screenshot=' + screenshot, 'file://' + page)
    finally:
        recorder.close()
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    assert shot.returncode == 0 and os.path.exists(screenshot), shot.stderr[-2000:]
    shutil.copy(screenshot, ARTIFACTS)
    width, viewport = map(int, re.search(r'data-measured="(\d+)/(\d+)"', dumped.stdout).groups())
    assert viewport == 375
    assert width <= 375, 'the page is %d px wide on a 375 px screen' % width
    with image_module.open(screenshot) as image:
        image = image.convert('RGB')
        assert image.size == (375, 2400)
        # The band spans the screen's width at the top, the score below the organization (wrapped, not cut off).
        band = colour_pixels(image, ATTENTION_RGB, (0, 0, 375, 80))
        assert band > 375 * 60, band
        assert colour_pixels(image, BAR_RGB) > 300
        assert colour_pixels(image, OVERRIDDEN_RGB) > 300
        # The trend keeps a readable size: its section scrolls sideways instead of shrinking it to the screen.
        assert colour_pixels(image, TREND_RGB) > 20


# --- the gate, retention and bad input, through the audit playbook --------------------------------------------------

def test_gate_exit_status_both_ways(ansible, simulator, tmp_path):
    # Alice's location: Alice, Bob (the seed intercepts his calls) and a shared desk: 2 of 3 compliant, 66.6 %.
    location_id = simulator.person_by_email(ALICE)['locationId']
    reports = tmp_path / 'reports'
    common = {'location_id': location_id, 'report_dir': str(reports), 'report_formats': 'html,junit', 'kinds': 'person'}
    cases = [
        (dict(common, min_compliance='66'), 0, None),
        (dict(common, min_compliance='67'), 2, 'Fail below the minimum compliance'),
        (dict(common, fail_on_drift='false'), 0, None),
        (dict(common, fail_on_drift='true'), 2, 'Fail on drift'),
    ]
    for extra_vars, rc, failed_task in cases:
        if reports.exists():
            shutil.rmtree(str(reports))
        run = ansible('webex.calling.audit', extra_vars=extra_vars, check=True)
        assert run.rc == rc, (extra_vars, run.stdout)
        assert [task['task'] for task in run.tasks if task['status'] == 'failed'] == ([failed_task] if failed_task else [])
        # The reports are written before the gate fails.
        assert (reports / 'intercept-audit.html').exists() and (reports / 'intercept-audit.xml').exists()
        if failed_task == 'Fail below the minimum compliance':
            assert 'compliance 66.6% (2 of 3 compliant) is below the minimum of 67%' in run.stdout
        if failed_task == 'Fail on drift':
            assert '1 of 3 audited drifts from the baseline and 0 could not be read (%s)' % BOB in run.stdout
    assert api_writes(simulator) == []


def test_retention_keeps_the_newest_results(ansible, simulator, tmp_path):
    reports = tmp_path / 'reports'
    reports.mkdir()
    location_id = simulator.person_by_email(ALICE)['locationId']
    for day, compliance in ((20, 33.3), (21, 66.6), (22, 100.0)):
        (reports / ('intercept-audit-202601%02dT080000Z.json' % day)).write_text(json.dumps({
            'schema': 'webex.calling.intercept_audit', 'schema_version': 1, 'generated': '2026-01-%02dT08:00:00Z' % day,
            'scope_key': 'location:%s' % location_id, 'organization': {'id': None, 'name': None}, 'status': 'drift',
            'summary': {'compliance_percent': compliance, 'audited': 3, 'compliant': int(compliance * 3 // 100),
                        'drifted': 3 - int(compliance * 3 // 100), 'unreadable': 0}}))
    (reports / 'intercept-audit-20260123T080000Z.json').write_text('not JSON')
    (reports / 'intercept-audit-notes.json').write_text('{}')
    run = ansible('webex.calling.audit', extra_vars={'location_id': location_id, 'report_dir': str(reports),
                                                     'history_keep': '3', 'report_formats': 'json', 'kinds': ['person']})
    assert run.rc == 0, run.stdout
    # Whitespace left out: ansible-core before 2.19 wraps warnings to the terminal's width, also after a hyphen.
    assert 'intercept-audit-20260123T080000Z.jsoncannotbereadasanauditresult' in ''.join(
        (run.stdout + run.stderr).split())
    document = json.loads((reports / 'intercept-audit.json').read_text())
    kept = sorted(name for name in os.listdir(str(reports)) if name.startswith('intercept-audit-2'))
    assert kept == ['intercept-audit-20260122T080000Z.json', 'intercept-audit-20260123T080000Z.json',
                    document['history']['file']]
    assert (reports / 'intercept-audit-notes.json').exists()
    assert [point['compliance_percent'] for point in document['trend']] == [100.0, 66.6]
    assert document['trend'][0]['generated'] == '2026-01-22T08:00:00Z'


def test_bad_input_names_the_variable_before_any_request(ansible, simulator, tmp_path):
    """Issue 11 item 0: a misspelt baseline key audited everyone as compliant; now every settings tree is checked by
    the settings engine before the bulk read, naming its key path (the simulator logs no request at all)."""
    reports = tmp_path / 'reports'
    location_id = simulator.person_by_email(ALICE)['locationId']
    cases = [
        ({'baseline': {'enable': False}},
         'intercept_audit_baseline.enable is not a call intercept setting; did you mean intercept_audit_baseline.enabled? '
         'the keys allowed here are enabled, incoming, outgoing'),
        ({'baseline': {'incoming': {'type': 'BLOCK'}}},
         "intercept_audit_baseline.incoming.type must be one of INTERCEPT_ALL, ALLOW_ALL, not 'BLOCK'"),
        ({'baseline': {'incoming': {'voicemail': False}}},
         'intercept_audit_baseline.incoming.voicemail is not a call intercept setting; did you mean '
         'intercept_audit_baseline.incoming.voicemail_enabled?'),
        ({'baseline': {'outgoing': {'transfer_enabled': True, 'destination': '4100\n'}}},
         "intercept_audit_baseline.outgoing.destination '4100\\n' is not a phone number or extension"),
        ({'exceptions': [{'email': ERIN, 'enabeld': True}]},
         'intercept_audit_exceptions[0].enabeld is not a call intercept setting; did you mean '
         'intercept_audit_exceptions[0].enabled?'),
        ({'exceptions': [{'email': ERIN, 'incoming': {'type': 'BLOCK'}}]},
         "intercept_audit_exceptions[0].incoming.type must be one of INTERCEPT_ALL, ALLOW_ALL, not 'BLOCK'"),
        ({'exceptions': [{'enabled': True}]}, 'intercept_audit_exceptions[0] needs email or person_id'),
        ({'people': [ALICE, {'email': BOB, 'outgoing': {'typ': 'INTERCEPT_ALL'}}]},
         'intercept_audit_people[1].outgoing.typ is not a call intercept setting; did you mean '
         'intercept_audit_people[1].outgoing.type?'),
    ]
    for extra_vars, message in cases:
        simulator.clear_log()
        run = ansible('webex.calling.audit', extra_vars=dict(extra_vars, location_id=location_id, report_dir=str(reports)))
        assert run.rc != 0, extra_vars
        checked = run.tasks.named('Check the baseline, the exceptions, the people and the report options, before any read')
        assert checked['status'] == 'failed'
        # The task's message (ansible-core 2.16 prints it JSON-escaped in stdout).
        assert message in checked['result']['msg'], (message, run.stdout[-3000:])
        assert simulator.log() == [], 'requests before the error for %s' % extra_vars
        assert not reports.exists(), 'reports were written for bad input %s' % extra_vars


def test_bad_report_options_name_the_variable_before_any_report(ansible, simulator, tmp_path):
    reports = tmp_path / 'reports'
    location_id = simulator.person_by_email(ALICE)['locationId']
    cases = [
        ({'min_compliance': 'most'}, 'intercept_audit_min_compliance'),
        ({'min_compliance': '150'}, 'intercept_audit_min_compliance must be from 0 to 100, not 150'),
        ({'history_keep': '-1'}, 'intercept_audit_history_keep must be from 0 to 10000, not -1'),
    ]
    for extra_vars, message in cases:
        run = ansible('webex.calling.audit', extra_vars=dict(extra_vars, location_id=location_id, report_dir=str(reports)))
        assert run.rc != 0, extra_vars
        assert message in run.stdout, (message, run.stdout[-3000:])
        assert not reports.exists(), 'reports were written for bad input %s' % extra_vars
    assert api_writes(simulator) == []
