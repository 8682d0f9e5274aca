# -*- coding: utf-8 -*-
# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Counts in words: "1 person", "2 people", "1 is overridden", "3 are overridden".

Pure Python (standard library only). Every message, result text and report of the collection that prints a count
says it with these, so that the noun or verb agrees with the number.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def plural(count, one, many=None):
    """The word that agrees with count: one when count is 1, else many (one + "s" when not given)."""
    return one if count == 1 else (one + 's' if many is None else many)


def counted(count, one, many=None):
    """count followed by the word that agrees with it: counted(1, 'person', 'people') == '1 person'."""
    return '%d %s' % (count, plural(count, one, many))
