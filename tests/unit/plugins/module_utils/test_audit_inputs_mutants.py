# Copyright (c) webex.calling contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an audit is given, checked before its reads: the baseline as the targets carry it, the exceptions checked
too, the workspaces and virtual lines the people may name, survey strings, and the variables the messages name."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webex.calling.plugins.module_utils._audit.inputs import check_audit
from ansible_collections.webex.calling.plugins.module_utils._audit.labels import AuditReportError


def refused(*args, **options):
    with pytest.raises(AuditReportError) as caught:
        check_audit(*args, **options)
    return str(caught.value)


def test_the_baseline_is_what_everyone_is_compared_with():
    checked = check_audit({'enabled': False}, people='a@x.com b@x.com')
    assert checked['defaults'] == {'enabled': False}
    assert checked['intercepts'] == [{'person_email': 'a@x.com'}, {'person_email': 'b@x.com'}]
    assert checked['audit_kinds'] == ['person', 'workspace', 'virtual_line']
    assert checked['formats'] == []


def test_a_baseline_from_a_survey_is_taken_as_its_values():
    """Surveys and templates give strings: 'false' is the boolean false, as the comparison reads it."""
    checked = check_audit({'enabled': 'false'}, people='a@x.com')
    assert checked['defaults'] == {'enabled': False}
    checked = check_audit({'enabled': 'yes', 'incoming': {'type': 'INTERCEPT_ALL'}}, kinds='person')
    assert checked['defaults']['enabled'] is True


def test_the_exceptions_are_checked_before_any_read():
    message = refused({'enabled': False}, exceptions=[{'email': 'a@x.com', 'enable': True}])
    assert message.startswith('intercept_audit_exceptions[0].enable is not a call intercept setting')
    message = refused({'enabled': False}, exceptions=[{'email': 'a@x.com', 'enabled': 'perhaps'}],
                      labels={'overrides': 'exempt'})
    assert message.startswith('exempt[0].enabled')


def test_the_people_may_name_workspaces_and_virtual_lines():
    checked = check_audit({'enabled': False},
                          people=[{'workspace_name': 'Lobby'}, {'virtual_line_id': 'VL1'}, 'a@x.com'])
    assert checked['kinds'] == ['person', 'workspace', 'virtual_line']
    assert checked['intercepts'] == [{'workspace_name': 'Lobby'}, {'virtual_line_id': 'VL1'},
                                     {'person_email': 'a@x.com'}]


@pytest.mark.parametrize('option, label', [('formats', 'intercept_audit_formats'), ('kinds', 'intercept_audit_kinds')])
def test_a_list_that_is_neither_a_list_nor_a_string_is_named(option, label):
    message = refused({'enabled': False}, **{option: 5})
    assert message == '%s must be a list or one string separated by commas, spaces or new lines, not int' % label
    message = refused({'enabled': False}, labels={option: 'survey_' + option}, **{option: {'json': 1}})
    assert message.startswith('survey_%s must be a list or one string' % option)
