from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.guest_revisit.tests.common import TestGuestRevisitCommon
from odoo.addons.guest_revisit.tests.test_access_matrix import AccessMatrixCase

from .common import SATISFIED, TestRevisitSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyAccess(TestRevisitSurveyCommon):
    """X2: who may read guests' answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey_officer = new_test_user(
            cls.env, login="gr_survey_officer", groups="survey.group_survey_user"
        )
        cls.survey_manager = new_test_user(
            cls.env, login="gr_survey_manager", groups="survey.group_survey_manager"
        )

    def setUp(self):
        super().setUp()
        self._send(self.revisit, user=self.user_staff)
        self.answer = self._answer(self.revisit.survey_user_input_ids, SATISFIED)
        self.answer.invalidate_recordset()

    def _readable_by(self, user):
        answer = self.answer.with_user(user)
        try:
            answer.read(["partner_id", "state"])
            answer.user_input_line_ids.read(["display_name"])
        except AccessError:
            return False
        return True

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_who_reads_answers(self):
        readers = {
            "staff of the revisit": self.user_staff,
            "desk manager": self.user_desk_manager,
            "department head": self.user_department_head,
            "office": self.user_office,
            "survey manager": self.survey_manager,
        }
        for who, user in readers.items():
            with self.subTest(who=who):
                self.assertTrue(self._readable_by(user))
        others = {
            "staff of another department": self.user_staff_other,
            "plain employee": self.user_plain_employee,
            "survey officer": self.survey_officer,
        }
        for who, user in others.items():
            with self.subTest(who=who):
                self.assertFalse(self._readable_by(user))

    def test_staff_sees_answers_from_the_revisit(self):
        revisit = self.revisit.with_user(self.user_staff)
        self.assertEqual(revisit.survey_user_input_ids, self.answer)
        self.assertEqual(revisit.survey_answer_count, 1)
        action = revisit.action_view_survey_answers()
        self.assertEqual(action["res_id"], self.answer.id)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_staff_cannot_change_answers_or_questionnaires(self):
        with self.assertRaises(AccessError):
            self.answer.with_user(self.user_staff).write({"nickname": "x"})
        with self.assertRaises(AccessError):
            self.survey.with_user(self.user_staff).write({"title": "x"})
        with self.assertRaises(AccessError):
            self.env["survey.user_input.line"].with_user(self.user_staff).create(
                {
                    "user_input_id": self.answer.id,
                    "question_id": self.questions["score_overall"].id,
                }
            )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_staff_reads_only_revisit_questionnaires(self):
        other = self.env["survey.survey"].create({"title": "Marketing survey"})
        with self.assertRaises(AccessError):
            other.with_user(self.user_staff).read(["title"])

    def test_revisit_admin_edits_the_questionnaire(self):
        survey = self.survey.with_user(self.user_admin)
        survey.title = "Guest Satisfaction"
        survey.revisit_mapping_ids[:1].sequence = 5
        self.assertIn("guest_revisit", survey.allowed_survey_types)
        self.assertTrue(
            self.env["survey.survey"]
            .with_user(self.user_admin)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )


@tagged("post_install", "-at_install")
class TestSurveyAccessMatrix(AccessMatrixCase, TestGuestRevisitCommon):
    def test_model_access_of_every_role(self):
        survey_user = new_test_user(
            self.env, login="grs_survey_user", groups="survey.group_survey_user"
        )
        self.assertAccessMatrix(
            {
                "guest.revisit.survey.mapping": {
                    "staff": "r",
                    "desk_manager": "r",
                    "department_head": "r",
                    "office": "r",
                    "admin": "crwu",
                    "survey_user": "crwu",
                },
            },
            {
                **self.users,
                "employee": self.user_plain_employee,
                "survey_user": survey_user,
            },
        )
