#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: webex_admin_audit_events_info
short_description: Read who changed the settings of Webex Calling people, workspaces, virtual lines and locations
version_added: 1.2.0
description:
  - Reads the Webex admin audit events of a period (C(GET /adminAudit/events), one query, every page) and returns
    the changes to targets of the kinds asked (which target, who changed it, and when). The kind of a target comes
    from its Webex ID (or the event's C(targetType)).
  - The role P(webex.calling.intercept_audit#role) uses it to show who last changed each drifting target.
  - The events API needs a full administrator's token with the scope C(audit:events_read). Without it, or when the
    events cannot be read, the module warns and returns no changes; it never fails for that.
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
extends_documentation_fragment:
  - webex.calling.auth
  - webex.calling.attributes
  - webex.calling.attributes.INFO_MODULE
options:
  hours:
    description: How many hours back from now to read (1 to 8760, the API's one year).
    type: int
    default: 168
  kinds:
    description: The kinds of target whose changes are returned.
    type: list
    elements: str
    choices: [person, workspace, virtual_line, location]
    default: [person, workspace, virtual_line, location]
  org_id:
    description: The organization; by default the token's own.
    type: str
seealso:
  - module: webex.calling.webex_person_intercept_info
'''

EXAMPLES = r'''
- name: Who changed call intercept settings this week?
  webex.calling.webex_admin_audit_events_info:
    hours: 168
    kinds: [person, workspace]
  register: week

- name: Show them
  ansible.builtin.debug:
    msg: "{{ week.changes | map(attribute='name') | list }}"
'''

RETURN = r'''
changes:
  description: The changes, oldest first. Empty when the events could not be read (see RV(warning)).
  returned: success
  type: list
  elements: dict
  contains:
    kind:
      description: V(person), V(workspace), V(virtual_line) or V(location).
      type: str
      returned: always
    id:
      description: The Webex ID of the target.
      type: str
      returned: always
    name:
      description: The name of the target, as the event gives it.
      type: str
      returned: always
    actor:
      description: Who made the change, C(id), C(name), C(email) and C(org_id).
      type: dict
      returned: always
    time:
      description: When, ISO 8601 UTC.
      type: str
      returned: always
    event_id:
      description: The ID of the audit event.
      type: str
      returned: always
    org_id:
      description: The organization of the target.
      type: str
      returned: always
    category:
      description: The event category.
      type: str
      returned: always
    description:
      description: The event's description.
      type: str
      returned: always
window:
  description: The period read, C(from) and C(to), ISO 8601 UTC.
  returned: success
  type: dict
available:
  description: Whether the events could be read.
  returned: success
  type: bool
warning:
  description: Why no changes could be read (for example the missing C(audit:events_read) scope), null otherwise.
  returned: success
  type: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webex.calling.plugins.module_utils._client import webex_argument_spec
from ansible_collections.webex.calling.plugins.module_utils._event_poller import run_audit_events_info


def main(module_class=AnsibleModule):
    """Run as a module, or in Ansible's worker by the action plugin of the same name (module_class)."""
    argument_spec = webex_argument_spec()
    argument_spec.update(
        hours=dict(type='int', default=168),
        kinds=dict(type='list', elements='str', choices=['person', 'workspace', 'virtual_line', 'location'],
                   default=['person', 'workspace', 'virtual_line', 'location']),
        org_id=dict(type='str'),
    )
    module = module_class(argument_spec=argument_spec, supports_check_mode=True)
    run_audit_events_info(module)


if __name__ == '__main__':
    main()
