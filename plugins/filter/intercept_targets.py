# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filter intercept_targets: check the people and the settings wanted before anything is read (a thin adapter)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: intercept_targets
short_description: Check a list of people and the call intercept settings wanted for them, before any read
version_added: 1.1.0
author:
  - Webex Calling Ansible contributors (@webex-calling-ansible)
description:
  - Splits a people string (commas, spaces or new lines, as AWX surveys give it), checks every item and every
    settings tree (O(wanted), each profile, each item's own settings) as the module checks its options, and says
    what to read.
  - Used by roles before any request, so that a misspelt key or a bad value fails before any request, and to give
    M(webex.calling.webex_intercepts) its items.
options:
  _input:
    description:
      - The people, as for P(webex.calling.intercept_compare#filter) O(webex.calling.intercept_compare#filter:people)
        (a list, or one string separated by commas, spaces or new lines).
    type: raw
    required: true
  wanted:
    description: The settings wanted for everyone.
    type: dict
  profiles:
    description: Named settings that items refer to with C(profile).
    type: dict
  overrides:
    description: Items that change what is wanted for the people they match.
    type: list
    elements: raw
  profile:
    description: The profile of O(profiles) that everyone without one of their own gets.
    type: str
  select:
    description:
      - Keep only the items whose email address or person ID is listed here (a list or one string); empty keeps all.
    type: raw
  required:
    description: Whether an empty list of people is an error.
    type: bool
    default: false
  require_settings:
    description: Whether an item for whom no settings at all are wanted is an error.
    type: bool
    default: false
  labels:
    description:
      - The names your playbook gives to the options, used in error messages.
      - A key with dots names one leaf below an option, for example
        C(profiles.out_of_service.incoming.announcements.new_number.destination), for a leaf your playbook builds from a
        variable of its own; an error about that leaf names the variable (version 1.1.0 and later).
    type: dict
  kinds:
    description:
      - The kinds of target items may name besides people, V(workspace) (C(workspace_id) or C(workspace_name)) and
        V(virtual_line) (C(virtual_line_id) or C(virtual_line_name)); an item names one target.
    type: list
    elements: str
    choices: [person, workspace, virtual_line]
    default: [person]
  workspaces:
    description:
      - Workspaces to apply the settings to, as for the people; a list, or one string separated by commas, semicolons
        or new lines (names hold spaces). A string that is a Webex ID is an ID, any other a display name; a
        dictionary gives C(workspace_id) or C(workspace_name), and may give C(profile) and its own settings.
    type: raw
    version_added: 1.1.0
  virtual_lines:
    description:
      - Virtual lines, as O(workspaces); a name is "first last" or the extension (C(virtual_line_id),
        C(virtual_line_name) in a dictionary).
    type: raw
    version_added: 1.1.0
  locations:
    description:
      - Locations whose own intercept gets the settings, as O(workspaces) (C(location_id), C(location_name)). A location
        cannot upload a greeting; see O(location_greeting).
    type: raw
    version_added: 1.1.0
  location_greeting:
    description:
      - For O(locations), the custom greeting, a file of each location's announcement repository. Empty, a location's
        greeting is the default one, whatever greeting file the others get.
    type: str
    version_added: 1.1.0
  site:
    description:
      - Whether everyone of some location is a target besides those listed (the site closure of
        M(webex.calling.webex_intercepts)'s C(everyone)); then RV(_value.everyone_settings) holds what everyone
        whom no item names gets, and an empty list is no error.
    type: bool
    default: false
    version_added: 1.1.0
  site_kinds:
    description:
      - With O(site), the kinds of targets of the site, V(person), V(workspace), V(virtual_line) (or V(people),
        V(workspaces), V(virtual_lines)); a list or one string separated by commas or spaces. All three when unset.
    type: raw
    version_added: 1.1.0
  site_location:
    description:
      - The ID or exact name of a location whose own intercept gets the settings too, listed after O(locations)
        (a site closed together with its location's intercept). Empty or unset for none.
    type: str
    version_added: 1.1.0
  concurrency:
    description:
      - How many targets the run reads or writes at the same time, checked here (1 to 64) so that a bad value fails
        before any request; unset, not checked.
    type: int
    version_added: 1.2.0
  site_location_id:
    description:
      - The site's location ID as the user gave it, checked with O(site_location_name) before any request (a site is
        named by its location's ID or by its exact name, not by both).
    type: str
    version_added: 1.2.0
  site_location_name:
    description:
      - The site's location name as the user gave it (see O(site_location_id)).
    type: str
    version_added: 1.2.0
  site_required:
    description:
      - Fail unless exactly one of O(site_location_id) and O(site_location_name) is set (a playbook that closes or
        reopens a site).
    type: bool
    default: false
    version_added: 1.2.0
  names:
    description:
      - "Names that replace the values of O(labels) in error messages, for a role whose variables a playbook sets
        from variables of its own, for example C({intercept_people: people}) with O(labels)
        C({people: intercept_people})."
    type: dict
    version_added: 1.2.0
seealso:
  - plugin: webex.calling.intercept_plan
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Check the people and the settings, and read only the one person listed
  webex.calling.webex_person_intercept_info:
    person_id: "{{ targets.read.person_id | default(omit) }}"
    person_email: "{{ targets.read.person_email | default(omit) }}"
  vars:
    targets: "{{ 'alice@example.com' | webex.calling.intercept_targets({'enabled': false}) }}"
'''

RETURN = r'''
_value:
  description: The checked people and what to read.
  type: dict
  contains:
    people:
      description: The items that name someone, in order (a string split into its parts).
      type: list
      elements: raw
    read:
      description: C({person_id}) or C({person_email}) when exactly one person is listed, else empty.
      type: dict
    intercepts:
      description:
        - The items for O(webex.calling.webex_intercepts#module:intercepts), one per person listed, in order; each
          names the person (C(person_email), or C(person_id) with C(email)) and gives the settings wanted for them.
          An item listed twice with the same settings is given once.
        - With RV(_value.defaults) as O(webex.calling.webex_intercepts#module:defaults), each person gets their
          profile, then the settings, then their own settings.
      type: list
      elements: dict
      version_added: 1.1.0
    defaults:
      description:
        - The settings everyone gets (the profile and the settings), when no item has a profile of its own; each item
          then carries only its own settings. Empty otherwise, and each item carries all its settings.
      type: dict
      version_added: 1.1.0
    kinds:
      description: The kinds of target the items name (V(person), V(workspace), V(virtual_line)), in that order.
      type: list
      elements: str
    locations:
      description:
        - The options of M(webex.calling.webex_location_intercept) for each location of O(locations), in order; its
          C(location_id) or C(location_name) and the settings wanted (C(greeting_file) left out), and C(label), the
          location as listed (not an option).
      type: list
      elements: dict
      version_added: 1.1.0
    count:
      description: How many targets are listed, of every kind.
      type: int
      version_added: 1.1.0
    site_kinds:
      description: With O(site), the kinds checked, for O(webex.calling.webex_intercepts#module:everyone).
      type: list
      elements: str
      version_added: 1.1.0
    everyone_settings:
      description:
        - With O(site), the settings of everyone at the site whom no item names (the profile and the settings), for
          O(webex.calling.webex_intercepts#module:everyone_settings); the items keep theirs.
      type: dict
      version_added: 1.1.0
    site:
      description: Whether O(site) was set (everyone of a location is a target).
      type: bool
      version_added: 1.2.0
'''

from ansible_collections.webex.calling.plugins.module_utils._compare import targets
from ansible_collections.webex.calling.plugins.plugin_utils._boundary import engine_filter


@engine_filter
def intercept_targets(people, wanted=None, profiles=None, overrides=None, profile=None, select=None, required=False,
                      require_settings=False, labels=None, kinds=None, workspaces=None, virtual_lines=None,
                      locations=None, location_greeting=None, site=False, site_kinds=None, site_location=None,
                      concurrency=None, site_location_id=None, site_location_name=None, site_required=False,
                      names=None):
    """The people items checked, and what to read."""
    return targets(people, wanted, profiles, overrides, profile, select, labels, required, require_settings, kinds,
                   workspaces=workspaces, virtual_lines=virtual_lines, locations=locations,
                   location_greeting=location_greeting, site=site, site_kinds=site_kinds, site_location=site_location,
                   concurrency=concurrency, site_location_id=site_location_id,
                   site_location_name=site_location_name, site_required=site_required, names=names)


class FilterModule(object):
    """webex.calling.intercept_targets."""

    def filters(self):
        return {'intercept_targets': intercept_targets}
