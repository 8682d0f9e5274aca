# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Copyright (c) webex.calling contributors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where data crosses from Ansible into the settings engine (plugins/module_utils), in one place.

Filters and lookups receive Ansible's own containers: on ansible-core 2.19 and later lazy template dicts and lists
whose every read may template, and tagged strings and numbers. Copying one of them copies its templar and the whole
variable context with it, so work done on them grows with the size of everything Ansible holds. ``plain`` turns the
inputs into plain dicts, lists, strings and numbers once, at the door; the engine behind it then works on plain data
only and copies no more than it must.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import functools

from collections.abc import Mapping, Set

from ansible.errors import AnsibleFilterError

from ansible_collections.webex.calling.plugins.module_utils._settings import SettingsError

# The errors of the engine that name the bad option or key (the audit's AuditReportError is one): a filter raises them
# as its own.
ENGINE_ERRORS = (SettingsError,)


def plain(value):
    """The same data in plain Python containers: dict, list, str, int, float, bool and None (other values as they are).

    Mappings become dicts (keys made plain too), lists, tuples and sets become lists, strings and numbers lose the
    subclass Ansible tags them with (but for ansible-core 2.16's unsafe strings and bytes, which stay unsafe). Read once, so
    each lazy value of Ansible's is templated once.
    """
    if value is None or type(value) in (str, bytes, bool, int, float):  # bool cannot be subclassed: always here
        return value
    if getattr(value, '__UNSAFE__', False):
        # ansible-core before 2.19 marks data that must never be templated (a module's result) as unsafe: kept so.
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return dict((plain(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, Set)):
        return [plain(item) for item in value]
    return value


def engine_filter(function=None, lazy=()):
    """A filter of the collection: called with its arguments made plain, the engine's errors raised as filter errors.

    ``@engine_filter(lazy=('applied',))``: the arguments named are passed as Ansible gave them, for a filter that
    reads a few keys of a large value (a registered whole-organization result, every value of which is templated
    when read) and makes only those plain, with ``plain``.

    A filter whose engine only the audit or the restore uses imports it when called, not at the top of its file:
    Ansible loads every filter file of the collection when a task first uses any one of its filters, in the worker
    process of each task and host, and a file's imports come with it (the audit's model and renderers are the
    largest part of the engine).
    """
    if function is None:
        return functools.partial(engine_filter, lazy=lazy)
    names = function.__code__.co_varnames[:function.__code__.co_argcount]

    @functools.wraps(function)
    def filter_plugin(*args, **kwargs):
        if lazy:
            args = [value if index < len(names) and names[index] in lazy else plain(value)
                    for index, value in enumerate(args)]
            kwargs = dict((key, value if key in lazy else plain(value)) for key, value in kwargs.items())
        else:
            args, kwargs = plain(args), plain(kwargs)
        try:
            return function(*args, **kwargs)
        except ENGINE_ERRORS as exc:
            raise AnsibleFilterError(str(exc))
    return filter_plugin
