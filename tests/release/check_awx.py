# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check the AWX / Automation Controller definitions in awx/ against the collection.

Usage: python check_awx.py COLLECTION_ROOT

- awx/credential_type.yml: a custom credential type AWX accepts (kind, fields,
  required fields, injector templates that use only defined fields) whose
  injectors set exactly the environment variables the modules read
  (WEBEX_ACCESS_TOKEN, WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET,
  WEBEX_REFRESH_TOKEN, WEBEX_API_URL, WEBEX_RATE_LIMIT), with secret tokens and client secret,
  no credential field required (an access token or the three refresh fields)
  and the modules' default API URL; rendered the way AWX renders them (only
  the inputs a credential stores; a missing one renders as an empty string),
  for a token-only and a refresh-only credential, and the modules read an
  empty variable as not set;
- awx/inventories.yml: each inventory source reads a file of awx/project/ named *.webex.yml for the inventory
  plugin webex.calling.webex, from the project, with the credential, into an inventory defined there;
- awx/job_templates.yml: each job template runs a playbook of awx/project/ (on localhost, or, on an inventory of
  awx/inventories.yml, on a group the inventory plugin makes; a sliced template, job_slice_count > 1, must be),
  uses that credential, sets (in extra_vars or its survey) only variables the roles of the playbook document;
  a template of the audit (role webex.calling.intercept_audit) runs in check mode;
  each schedule runs one of the templates, with an rrule (DTSTART and RRULE);
- awx/project/: the playbook sets module_defaults for the action group, and
  collections/requirements.yml installs webex.calling;
- awx/requirements.yml declares every collection the setup playbooks of awx/
  use (awx.awx).

Exits 1 and prints each problem when any check fails.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import sys

import yaml
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

COLLECTION = 'webex.calling'
AUDIT_ROLE = 'webex.calling.intercept_audit'
ACTION_GROUP = 'group/webex.calling.webex'
ENV_OF_OPTION = {'access_token': 'WEBEX_ACCESS_TOKEN', 'client_id': 'WEBEX_CLIENT_ID',
                 'client_secret': 'WEBEX_CLIENT_SECRET', 'refresh_token': 'WEBEX_REFRESH_TOKEN',
                 'api_url': 'WEBEX_API_URL', 'rate_limit': 'WEBEX_RATE_LIMIT'}
SECRET_FIELDS = ('access_token', 'client_secret', 'refresh_token')
# What a credential may store: an access token, or the three refresh fields (each with or without an API URL).
CREDENTIAL_SHAPES = (('access_token',), ('client_id', 'client_secret', 'refresh_token'))
CREDENTIAL_KINDS = ('cloud', 'net')
JOB_TYPES = ('run', 'check')
INVENTORY_PLUGIN = 'webex.calling.webex'
# The groups the inventory plugin makes (plugins/inventory/webex.py): a play on the inventory runs on one of them.
PLUGIN_GROUPS = re.compile(r'^(webex_organizations|webex_locations|webex_org_\w+)$')
FIELD_KEYS = {'id', 'label', 'type', 'secret', 'help_text', 'default', 'multiline', 'choices', 'format', 'ask_at_runtime'}


def load(root, path):
    """Load a YAML file of the collection."""
    with open(os.path.join(root, path)) as handle:
        return yaml.safe_load(handle)


def module_default_api_url(root):
    """The default API URL of the modules (DEFAULT_API_URL in module_utils/_client.py)."""
    with open(os.path.join(root, 'plugins', 'module_utils', '_client.py')) as handle:
        match = re.search(r"^DEFAULT_API_URL\s*=\s*['\"]([^'\"]+)['\"]", handle.read(), re.M)
    return match.group(1) if match else None


def check_credential_type(root, problems):
    """Check awx/credential_type.yml; return its name and its injected environment for sample inputs."""
    definition = load(root, 'awx/credential_type.yml')
    for key in ('name', 'kind', 'inputs', 'injectors'):
        if key not in definition:
            problems.append('credential_type.yml: no %s' % key)
    if definition.get('kind') not in CREDENTIAL_KINDS:
        problems.append('credential_type.yml: kind must be one of %s (custom types)' % ', '.join(CREDENTIAL_KINDS))
    fields = definition.get('inputs', {}).get('fields', [])
    by_id = {}
    for field in fields:
        if not field.get('id') or not field.get('label'):
            problems.append('credential_type.yml: every field needs an id and a label: %r' % field)
            continue
        unknown = set(field) - FIELD_KEYS
        if unknown:
            problems.append('credential_type.yml: field %s has unknown keys %s' % (field['id'], sorted(unknown)))
        by_id[field['id']] = field
    for option in ENV_OF_OPTION:
        if option not in by_id:
            problems.append('credential_type.yml: no field %s' % option)
    for field_id in SECRET_FIELDS:
        if not by_id.get(field_id, {}).get('secret'):
            problems.append('credential_type.yml: %s must be secret: true' % field_id)
    required = definition.get('inputs', {}).get('required', [])
    if set(required) & set(ENV_OF_OPTION):
        problems.append('credential_type.yml: required must not list %s: a credential stores either access_token or '
                        'the three refresh fields' % sorted(set(required) & set(ENV_OF_OPTION)))
    if set(required) - set(by_id):
        problems.append('credential_type.yml: required names undefined fields %s' % sorted(set(required) - set(by_id)))
    default_url = module_default_api_url(root)
    if by_id.get('api_url', {}).get('default') != default_url:
        problems.append('credential_type.yml: api_url default %r is not the modules\' %r'
                        % (by_id.get('api_url', {}).get('default'), default_url))

    env = definition.get('injectors', {}).get('env', {})
    if set(env) != set(ENV_OF_OPTION.values()):
        problems.append('credential_type.yml: injectors.env sets %s, the modules read %s'
                        % (sorted(env), sorted(ENV_OF_OPTION.values())))
    for variable, template in env.items():
        used = meta.find_undeclared_variables(SandboxedEnvironment().parse(template))
        if used - set(by_id):
            problems.append('credential_type.yml: %s uses undefined fields %s' % (variable, sorted(used - set(by_id))))
    for shape in CREDENTIAL_SHAPES:
        stored = dict((field_id, 'sample-%s' % field_id) for field_id in shape)
        rendered = awx_injected_env(definition, stored)
        for option, variable in ENV_OF_OPTION.items():
            if variable in rendered and rendered[variable] != stored.get(option, ''):
                problems.append('credential_type.yml: with only %s stored, %s renders %r, not %r'
                                % (', '.join(shape), variable, rendered[variable], stored.get(option, '')))
    with open(os.path.join(root, 'plugins', 'module_utils', '_client.py')) as handle:
        client = handle.read()
    if not re.search(r'def env_fallback_if_set\(', client) or re.search(r'import[^\n]*\benv_fallback\b(?!_)', client):
        problems.append('the modules must read an empty environment variable as not set (env_fallback_if_set in '
                        'module_utils/_client.py): AWX injects one for every input a credential does not store')

    # The modules read these variables: the doc fragment documents them as fallbacks.
    with open(os.path.join(root, 'plugins', 'doc_fragments', 'auth.py')) as handle:
        fragment = handle.read()
    for variable in ENV_OF_OPTION.values():
        if variable not in fragment:
            problems.append('the modules do not document the environment variable %s (doc_fragments/auth.py)' % variable)
    return definition.get('name')


def awx_injected_env(definition, stored):
    """The environment AWX injects for a credential storing ``stored``: only stored inputs are defined, a template
    of an input not stored renders as an empty string (booleans not stored are False), in AWX's sandbox."""
    namespace = dict((key, value) for key, value in stored.items() if value not in ('', None))
    for field in definition.get('inputs', {}).get('fields', []):
        if field.get('type') == 'boolean' and field['id'] not in stored:
            namespace[field['id']] = False
    jinja = ImmutableSandboxedEnvironment()
    return dict((variable, jinja.from_string(template).render(**namespace))
                for variable, template in definition.get('injectors', {}).get('env', {}).items())


def role_options(root, role):
    """The variables role (webex.calling.NAME) documents in meta/argument_specs.yml, or None."""
    name = role.split('.')[-1]
    path = os.path.join(root, 'roles', name, 'meta', 'argument_specs.yml')
    if not role.startswith(COLLECTION + '.') or not os.path.exists(path):
        return None
    specs = load(root, os.path.relpath(path, root))['argument_specs']
    return set(option for entry in specs.values() for option in (entry.get('options') or {}))


def playbook_roles(plays):
    """The roles of a playbook: roles: lists, and include_role / import_role tasks."""
    roles = []
    for play in plays:
        for role in play.get('roles', []):
            roles.append(role['role'] if isinstance(role, dict) else role)
        for section in ('pre_tasks', 'tasks', 'post_tasks'):
            for task in play.get(section) or []:
                for action in ('ansible.builtin.include_role', 'ansible.builtin.import_role'):
                    if action in task:
                        roles.append(task[action]['name'])
    return roles


def load_playbook(root, playbook):
    """Load a playbook of awx/project/, or return None."""
    path = os.path.join('awx', 'project', playbook)
    return load(root, path) if playbook and os.path.exists(os.path.join(root, path)) else None


def check_inventories(root, credential_name, problems):
    """Check awx/inventories.yml; return the names of the inventories whose hosts the inventory plugin makes."""
    if not os.path.exists(os.path.join(root, 'awx', 'inventories.yml')):
        return set()
    document = load(root, 'awx/inventories.yml')
    inventories = set(item.get('name') for item in document.get('inventories') or [])
    projects = set(template.get('project') for template in load(root, 'awx/job_templates.yml').get('job_templates') or [])
    plugin_inventories = set()
    for source in document.get('inventory_sources') or []:
        name = source.get('name')
        if source.get('inventory') not in inventories:
            problems.append('inventories.yml: source %s fills %r, which is not an inventory here' % (name, source.get('inventory')))
        if source.get('source') != 'scm' or source.get('source_project') not in projects:
            problems.append('inventories.yml: source %s must read a file of the project (source: scm, source_project '
                            'one of %s)' % (name, sorted(projects)))
        if credential_name not in ([source.get('credential')] + list(source.get('credentials') or [])):
            problems.append('inventories.yml: source %s does not use the credential %r' % (name, credential_name))
        path = os.path.join('awx', 'project', source.get('source_path') or '')
        if not re.search(r'\.webex\.ya?ml$', path) or not os.path.isfile(os.path.join(root, path)):
            problems.append('inventories.yml: source %s: %s is not a *.webex.yml file of awx/project/' % (name, path))
            continue
        if (load(root, path) or {}).get('plugin') != INVENTORY_PLUGIN:
            problems.append('%s: plugin must be %s' % (path, INVENTORY_PLUGIN))
            continue
        plugin_inventories.add(source.get('inventory'))
    return plugin_inventories


def check_playbook(root, playbook, problems, plugin_inventory=False):
    """Check a playbook of awx/project/; return the variables its roles document."""
    path = os.path.join('awx', 'project', playbook)
    plays = load_playbook(root, playbook)
    if plays is None:
        problems.append('job_templates.yml: playbook %s does not exist' % path)
        return set()
    for play in plays:
        if ACTION_GROUP not in (play.get('module_defaults') or {}):
            problems.append('%s: play %r sets no module_defaults for %s' % (path, play.get('name'), ACTION_GROUP))
        if plugin_inventory and not PLUGIN_GROUPS.match(str(play.get('hosts'))):
            problems.append('%s: play %r must run on a group of the %s inventory (webex_organizations, webex_locations '
                            'or webex_org_...)' % (path, play.get('name'), INVENTORY_PLUGIN))
        elif not plugin_inventory and play.get('hosts') != 'localhost':
            problems.append('%s: play %r must run on localhost (the API is called from the controller)' % (path, play.get('name')))
    options = set()
    for role in playbook_roles(plays):
        documented = role_options(root, role)
        if documented is None:
            problems.append('%s: role %s is not a role of %s with meta/argument_specs.yml' % (path, role, COLLECTION))
        else:
            options |= documented
    return options


def check_job_templates(root, credential_name, problems, plugin_inventories=frozenset()):
    """Check awx/job_templates.yml."""
    templates = load(root, 'awx/job_templates.yml').get('job_templates') or []
    if not templates:
        problems.append('job_templates.yml: no job_templates')
    audit = [template for template in templates
             if AUDIT_ROLE in playbook_roles(load_playbook(root, template.get('playbook', '')) or [])]
    if not audit:
        problems.append('job_templates.yml: no job template runs the audit playbook')
    for template in audit:
        if template.get('job_type') != 'check':
            problems.append('job_templates.yml: %s must run in check mode (job_type: check)' % template.get('name'))
    for template in templates:
        name = template.get('name')
        for key in ('name', 'job_type', 'project', 'playbook', 'inventory', 'credentials'):
            if key not in template:
                problems.append('job_templates.yml: %s has no %s' % (name, key))
        if template.get('job_type') not in JOB_TYPES:
            problems.append('job_templates.yml: %s: job_type must be one of %s' % (name, ', '.join(JOB_TYPES)))
        if credential_name not in (template.get('credentials') or []):
            problems.append('job_templates.yml: %s does not use the credential %r' % (name, credential_name))
        on_plugin = template.get('inventory') in plugin_inventories
        if int(template.get('job_slice_count') or 1) > 1 and not on_plugin:
            problems.append('job_templates.yml: %s is sliced (job_slice_count) but its inventory %r is not one of the '
                            '%s inventory of awx/inventories.yml: there would be one host to slice' % (
                                name, template.get('inventory'), INVENTORY_PLUGIN))
        options = check_playbook(root, template.get('playbook', ''), problems, on_plugin)
        asked = [question.get('variable') for question in (template.get('survey_spec') or {}).get('spec') or []]
        if template.get('survey_spec') and not template.get('survey_enabled'):
            problems.append('job_templates.yml: %s has a survey_spec but survey_enabled is not true' % name)
        unknown = (set(template.get('extra_vars') or {}) | set(asked)) - options
        if unknown:
            problems.append('job_templates.yml: %s sets variables no role of its playbook documents: %s' % (name, sorted(unknown)))


def check_schedules(root, problems):
    """Check the schedules of awx/job_templates.yml."""
    document = load(root, 'awx/job_templates.yml')
    names = set(template.get('name') for template in document.get('job_templates') or [])
    for schedule in document.get('schedules') or []:
        name = schedule.get('name')
        if schedule.get('unified_job_template') not in names:
            problems.append('job_templates.yml: schedule %s runs %r, which is not a job template here'
                            % (name, schedule.get('unified_job_template')))
        rrule = schedule.get('rrule') or ''
        if not re.match(r'^DTSTART[;:]\S+ RRULE:FREQ=\w+', rrule):
            problems.append('job_templates.yml: schedule %s: rrule must be "DTSTART...: RRULE:FREQ=..." as AWX '
                            'takes it, not %r' % (name, rrule))


def check_awx_collections(root, problems):
    """Every collection the playbooks of awx/ (not the project) use is declared in awx/requirements.yml."""
    used = set()
    for name in sorted(os.listdir(os.path.join(root, 'awx'))):
        if name.endswith('.yml') and name != 'requirements.yml':
            with open(os.path.join(root, 'awx', name)) as handle:
                used |= set(re.findall(r'^\s*-?\s*(\w+\.\w+)\.\w+:\s*$', handle.read(), re.M)) - {'ansible.builtin'}
    path = os.path.join(root, 'awx', 'requirements.yml')
    declared = set()
    if os.path.exists(path):
        declared = set(entry['name'] if isinstance(entry, dict) else entry
                       for entry in load(root, 'awx/requirements.yml').get('collections', []))
    if used - declared:
        problems.append('awx/requirements.yml does not declare %s, which awx/ uses' % ', '.join(sorted(used - declared)))


def check_project(root, problems):
    """Check awx/project/collections/requirements.yml."""
    requirements = load(root, 'awx/project/collections/requirements.yml')
    names = [entry['name'] if isinstance(entry, dict) else entry for entry in requirements.get('collections', [])]
    if COLLECTION not in names:
        problems.append('awx/project/collections/requirements.yml does not install %s' % COLLECTION)


def main(argv):
    """Run every check on the collection at argv[1] (default: the current directory)."""
    root = argv[1] if len(argv) > 1 else '.'
    problems = []
    credential_name = check_credential_type(root, problems)
    check_job_templates(root, credential_name, problems, check_inventories(root, credential_name, problems))
    check_schedules(root, problems)
    check_awx_collections(root, problems)
    check_project(root, problems)
    for problem in problems:
        print('release-check: FAIL: awx: %s' % problem, file=sys.stderr)
    if not problems:
        print('awx/: credential type %r, job templates and project are consistent' % credential_name)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
