# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_backup_check: a backup checked whole before anything is restored (a thin adapter)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_backup_check
short_description: Check a whole backup of call intercept settings before anything is restored
version_added: 1.2.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Checks every entry of every kind of a backup written by the role C(webex.calling.intercept_backup) (people,
    workspaces, virtual lines and locations). Each must be a mapping with its target's ID and its settings under
    C(intercept), which pass the same checks as the options of the modules; two entries for one target are refused.
  - Given O(organization), the organization a restore writes to, a backup of another organization is refused
    unless O(across_organizations) is true.
  - Returns the backup; with O(across_organizations) each entry names its target by email or name instead of ID.
options:
  _input:
    description: The backup, as read from its JSON file.
    type: dict
    required: true
  path:
    description: The backup's file, named in error messages.
    type: str
    default: the backup
  organization:
    description:
      - The organization the restore writes to, C(id) and C(name) (the result of
        M(webex.calling.webex_organization_info)). Unset, the organization is not compared.
    type: dict
  across_organizations:
    description:
      - Whether a backup of another organization may be restored, each target found by its email or name.
    type: bool
    default: false
  labels:
    description:
      - The names your playbook gives to the options C(org_id) and C(across_organizations), used in error messages.
    type: dict
seealso:
  - plugin: webex.calling.intercept_targets
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Refuse a bad backup before any request
  ansible.builtin.set_fact:
    backup: "{{ lookup('ansible.builtin.file', 'backup.json') | from_json | webex.calling.intercept_backup_check(path='backup.json') }}"
'''

RETURN = r'''
_value:
  description:
    - The backup, checked; with O(across_organizations) each entry without its IDs, named by C(email)
      (people), C(workspace_name), C(virtual_line_name) or C(location_name).
  type: dict
'''

from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_backup_check(backup, path='the backup', organization=None, across_organizations=False, labels=None):
    """The backup checked whole, and the organization it is of."""
    from ansible_collections.webex.calling.plugins.module_utils._restore import check_backup  # on use: see engine_filter
    return check_backup(backup, path, organization, across_organizations, labels)


class FilterModule(object):
    """webex.calling.intercept_backup_check."""

    def filters(self):
        return {'intercept_backup_check': intercept_backup_check}
