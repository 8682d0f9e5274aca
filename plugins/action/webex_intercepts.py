# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs webex_intercepts in Ansible's worker process when the task runs on the controller (plugin_utils._in_process)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webex.calling.plugins.plugin_utils._in_process import InProcessAction


class ActionModule(InProcessAction):

    MODULE = 'webex_intercepts'
