"""Odoo's own Survey tests, run with this addon installed: answers, invitations,
flows, results, access rules and controllers still behave.

Odoo wrote them for an English database, while ours is created in Simplified Chinese
(root, the public user and new contacts default to zh_CN): :class:`InEnglish` gives
them, inside their own transaction, the English they expect, before their data is
made. Nothing else is changed in them."""

from odoo.tests import TransactionCase

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


class InEnglish(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.default"].set("res.partner", "lang", "en_US")
        users = (
            cls.env.ref("base.user_root")
            | cls.env.ref("base.user_admin")
            | cls.env.ref("base.public_user")
        )
        users.with_context(active_test=False).write({"lang": "en_US"})
        cls.env.company.partner_id.lang = "en_US"
        # New surveys default to the first installed language, Chinese here.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))


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
