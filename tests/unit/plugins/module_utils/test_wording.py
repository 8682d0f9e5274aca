# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Counts in words: the noun or verb agrees with the number."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._wording import counted, plural


@pytest.mark.parametrize('count, expected', [(0, '0 people'), (1, '1 person'), (2, '2 people'), (21, '21 people')])
def test_counted_with_an_irregular_plural(count, expected):
    assert counted(count, 'person', 'people') == expected


@pytest.mark.parametrize('count, expected', [(0, '0 targets'), (1, '1 target'), (5, '5 targets')])
def test_counted_with_the_regular_plural(count, expected):
    assert counted(count, 'target') == expected


@pytest.mark.parametrize('count, expected', [(0, 'are'), (1, 'is'), (2, 'are')])
def test_plural_of_a_verb(count, expected):
    assert plural(count, 'is', 'are') == expected


def test_plural_of_a_noun_without_its_plural():
    assert plural(1, 'write') == 'write'
    assert plural(3, 'write') == 'writes'
