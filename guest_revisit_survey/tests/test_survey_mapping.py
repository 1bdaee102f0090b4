from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import QUESTIONS, TestRevisitSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyMapping(TestRevisitSurveyCommon):
    """S1: a ready questionnaire, and the mapping that lets a company use its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_survey = cls.env["survey.survey"].create(
            {
                "title": "Our own questionnaire",
                "survey_type": "guest_revisit",
                "access_mode": "token",
                "questions_layout": "one_page",
            }
        )
        Question = cls.env["survey.question"]
        cls.q_number = Question.create(
            {
                "survey_id": cls.own_survey.id,
                "title": "Overall, from 1 to 5",
                "question_type": "numerical_box",
            }
        )
        cls.q_text = Question.create(
            {
                "survey_id": cls.own_survey.id,
                "title": "Anything to add?",
                "question_type": "char_box",
            }
        )
        cls.q_choice = Question.create(
            {
                "survey_id": cls.own_survey.id,
                "title": "Would you come back?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [
                    (0, 0, {"value": "Surely", "revisit_value": "yes"}),
                    (0, 0, {"value": "Never", "revisit_value": "no"}),
                ],
            }
        )
        cls.q_scale_10 = Question.create(
            {
                "survey_id": cls.own_survey.id,
                "title": "Recommend us?",
                "question_type": "scale",
                "scale_min": 0,
                "scale_max": 10,
            }
        )

    def _map(self, question, target, survey=None):
        return self.env["guest.revisit.survey.mapping"].create(
            {
                "survey_id": (survey or self.own_survey).id,
                "question_id": question.id,
                "target": target,
            }
        )

    def test_shipped_questionnaire(self):
        survey = self.survey
        self.assertEqual(survey.survey_type, "guest_revisit")
        self.assertEqual(survey.access_mode, "token")
        self.assertFalse(survey.lang_ids, "every installed language")
        self.assertEqual(
            survey._revisit_mapping(),
            {target: self.questions[target] for target in QUESTIONS},
        )
        survey.check_validity()

    def test_shipped_questionnaire_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        survey_zh = self.survey.with_context(lang="zh_CN")
        self.assertEqual(survey_zh.title, "游客满意度问卷")
        overall = self.questions["score_overall"].with_context(lang="zh_CN")
        self.assertNotEqual(overall.title, self.questions["score_overall"].title)
        choices = self.questions["would_return"].suggested_answer_ids.with_context(
            lang="zh_CN"
        )
        self.assertEqual(choices.mapped("value"), ["会", "也许", "不会"])

    def test_own_questionnaire_fills_the_revisit(self):
        self._map(self.q_number, "score_overall")
        self._map(self.q_text, "guest_suggestions")
        self._map(self.q_choice, "would_return")
        self._map(self.q_scale_10, "recommend_score")
        answer = self.own_survey._create_answer(
            partner=self.guest, check_attempts=False, revisit_id=self.revisit.id
        )
        answer._mark_in_progress()
        answer._save_lines(self.q_number, "4")
        answer._save_lines(self.q_text, "Quieter rooms")
        answer._save_lines(self.q_choice, str(self.q_choice.suggested_answer_ids[1].id))
        answer._save_lines(self.q_scale_10, "7")
        answer._mark_done()
        self.assertRecordValues(
            self.revisit,
            [
                {
                    "score_overall": 4,
                    "guest_suggestions": "Quieter rooms",
                    "would_return": "no",
                    "recommend_score": "7",
                    "nps_category": "passive",
                    "state": "done",
                }
            ],
        )

    def test_out_of_range_number_is_not_recorded(self):
        self._map(self.q_number, "score_overall")
        answer = self.own_survey._create_answer(
            partner=self.guest, check_attempts=False, revisit_id=self.revisit.id
        )
        answer._save_lines(self.q_number, "8")
        self.assertEqual(answer._revisit_values(), {})

    def test_wrong_question_type_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot fill"):
            self._map(self.q_text, "score_overall")
        with self.assertRaisesRegex(ValidationError, "cannot fill"):
            self._map(self.q_number, "guest_suggestions")
        with self.assertRaisesRegex(ValidationError, "cannot fill"):
            self._map(self.q_number, "would_return")

    def test_scale_out_of_the_field_range_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "scale"):
            self._map(self.q_scale_10, "score_service")

    def test_choices_need_revisit_values(self):
        self.q_choice.suggested_answer_ids[1].revisit_value = False
        with self.assertRaisesRegex(ValidationError, "Never"):
            self._map(self.q_choice, "would_return")

    def test_question_of_another_survey_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "not part of"):
            self._map(self.questions["score_overall"], "score_overall")

    def test_mapped_question_keeps_a_fitting_type(self):
        self._map(self.q_number, "score_overall")
        with self.assertRaisesRegex(ValidationError, "cannot fill"):
            self.q_number.question_type = "text_box"
        mapping = self._map(self.q_choice, "would_return")
        with self.assertRaisesRegex(ValidationError, "Revisit Value"):
            self.q_choice.suggested_answer_ids[0].revisit_value = "perhaps"
        self.assertTrue(mapping.exists())

    def test_one_question_per_field(self):
        self._map(self.q_number, "score_overall")
        q_other = self.q_number.copy({"title": "Overall again"})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self._map(q_other, "score_overall")
