from odoo.tests import tagged

from odoo.addons.guest_revisit.tests.anonymization_common import (
    NAME,
    PHONE,
    SUGGESTION,
    TestGuestAnonymizationCommon,
)

from .common import SATISFIED, TestRevisitSurveyCommon


@tagged("post_install", "-at_install")
class TestGuestAnonymizationSurvey(
    TestRevisitSurveyCommon, TestGuestAnonymizationCommon
):
    """The guest's questionnaire answers lose their free text, and the revisit and
    its chatter the words quoted from them; the scores stay."""

    extra_tables = ("survey_user_input", "survey_user_input_line")

    def test_answers_free_text_goes_scores_stay(self):
        revisit = self._create_revisit(
            partner_id=self.anon_guest.id, method="questionnaire"
        )
        self._send(revisit)
        answer = revisit.survey_user_input_ids
        self.assertEqual(answer.partner_id, self.anon_guest)
        words = f"{SUGGESTION}. {NAME}, {PHONE}"
        self._answer(answer, dict(SATISFIED, guest_suggestions=words))
        self.assertEqual(revisit.guest_suggestions, words)
        self.assertTrue(
            answer.user_input_line_ids.filtered(lambda ln: ln.value_text_box == words)
        )
        found = {(table, needle) for table, _column, needle in self._found()}
        self.assertIn(("survey_user_input_line", SUGGESTION), found)
        counts = self.anon_guest._guest_anonymization_counts()
        self.assertEqual(counts["answers"], 1)

        self._anonymize()

        self.assertEqual(self._found(), [])
        self.assertRecordValues(
            revisit,
            [{"score_overall": 5, "recommend_score": "9", "nps_category": "promoter"}],
        )
        self.assertEqual(answer.partner_id, self.anon_guest)
        self.assertEqual(answer.state, "done")
        log = self.env["guest.revisit.anonymization.log"].search(
            [("partner_id", "=", self.anon_guest.id)]
        )
        self.assertEqual(log.answer_count, 1)
