# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a run of the intercept role did, from its tasks' results: who changed, who was already compliant, and the
sentence the role prints.

Pure Python (standard library only).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webex.calling.plugins.module_utils._wording import counted


def intercept_result(targets, locations, people_only=True, check_mode=False, people=None):
    """The intercept role's result: ``{people, changed, compliant, locations, message}``.

    ``targets``: [target, changed] for each entry webex_intercepts returned; ``locations``: [label, changed] for each
    location webex_location_intercept covered; ``people_only``: whether every target named is a person (the sentence
    then says "people", else "people, workspaces and virtual lines"); ``people``: how many targets the bulk module
    covered (its counts' total; the number of ``targets`` when not given).
    """
    people = len(targets) if people is None else people
    changed = [target for target, was_changed in targets if was_changed]
    changed += [label for label, was_changed in locations if was_changed]
    compliant = [target for target, was_changed in targets if not was_changed]
    if people_only:
        message = counted(people, 'person', 'people')
    else:
        message = counted(people, 'person, workspace or virtual line', 'people, workspaces and virtual lines')
    if locations:
        message += ', ' + counted(len(locations), 'location')
    verb = 'would change' if check_mode else 'changed'
    message += ', %d already compliant, %d %s' % (len(compliant), len(changed), verb)
    if changed:
        message += ': ' + ', '.join(changed)
    return dict(people=people, changed=changed, compliant=compliant, locations=len(locations), message=message)
