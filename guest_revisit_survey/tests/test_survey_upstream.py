"""Odoo's own Survey tests, run with this addon installed: answers, invitations,
flows, results, access rules and controllers still behave.

They run in the English they were written for (:class:`InEnglish`, shared by
the addons' tests). Nothing else is changed in them."""

from odoo.addons.guest_revisit.tests.common import InEnglish
from odoo.addons.survey.tests import (
    test_survey,
    test_survey_controller,
    test_survey_flow,
    test_survey_flow_with_conditions,
    test_survey_invite,
    test_survey_performance,
    test_survey_results,
    test_survey_security,
)


class TestSurveyInternals(test_survey.TestSurveyInternals, InEnglish):
    pass


class TestSurveyController(test_survey_controller.TestSurveyController, InEnglish):
    pass


class TestSurveyFlow(test_survey_flow.TestSurveyFlow, InEnglish):
    pass


class TestSurveyFlowWithConditions(
    test_survey_flow_with_conditions.TestSurveyFlowWithConditions, InEnglish
):
    pass


class TestSurveyInvite(test_survey_invite.TestSurveyInvite, InEnglish):
    pass


class TestSurveyResults(test_survey_results.TestSurveyResults, InEnglish):
    pass


class SurveyPerformance(test_survey_performance.SurveyPerformance, InEnglish):
    pass


class TestAccess(test_survey_security.TestAccess, InEnglish):
    pass


class TestSurveySecurityControllers(
    test_survey_security.TestSurveySecurityControllers, InEnglish
):
    pass
