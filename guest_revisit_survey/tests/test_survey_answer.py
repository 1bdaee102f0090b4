from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.guest_revisit.tests.common import load_chinese

from .common import LOW, SATISFIED, TestRevisitSurveyCommon

LOW_ACTIVITY = "guest_revisit_survey.mail_act_revisit_low_answer"


@tagged("post_install", "-at_install")
class TestSurveyAnswer(TestRevisitSurveyCommon):
    """A completed answer fills the revisit (R3), completes a questionnaire revisit,
    shows in its chatter; a low one is followed up at once (S3); reports count it
    like any revisit (S4)."""

    def _low_activities(self, revisit):
        return revisit.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(LOW_ACTIVITY)
        )

    def _sent_answer(self, revisit):
        self._send(revisit)
        return revisit.survey_user_input_ids

    def test_answer_fills_the_revisit(self):
        answer = self._answer(self._sent_answer(self.revisit), SATISFIED)
        self.assertRecordValues(
            self.revisit,
            [
                {
                    # Each answer in its field; the recommendation is a selection.
                    **SATISFIED,
                    "recommend_score": "9",
                    "nps_category": "promoter",
                    "has_new_needs": True,
                    "state": "done",
                    "outcome": "reached",
                    "survey_state": "done",
                    "review_state": "to_review",
                }
            ],
        )
        self.assertTrue(answer.revisit_applied)
        self.assertFalse(answer.revisit_low_answer)
        self.assertFalse(self._low_activities(self.revisit))
        message = self.revisit.message_ids.filtered(
            lambda m: "answered the questionnaire" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn("More family tours", message.body)
        self.assertIn(f'data-oe-id="{answer.id}"', message.body)
        self.assertEqual(message.author_id, self.env.ref("base.partner_root"))
        # The guest archive counts the answer like any revisit.
        self.assertEqual(self.guest.guest_avg_satisfaction, 5.0)
        self.assertEqual(self.guest.guest_nps_category, "promoter")

    def test_other_method_keeps_the_revisit_open(self):
        self.revisit.method = "phone"
        self._answer(self._sent_answer(self.revisit), SATISFIED)
        self.assertEqual(self.revisit.score_overall, 5)
        self.assertEqual(self.revisit.state, "planned")
        self.assertFalse(self.revisit.outcome)

    def test_low_answer_reopens_the_complaint(self):
        complaint = self._resolved_complaint(department_id=self.department.id)
        self.assertEqual(complaint.state, "resolved")
        revisit = self._create_revisit(
            method="questionnaire", complaint_id=complaint.id
        )
        answer = self._answer(self._sent_answer(revisit), LOW)
        self.assertTrue(answer.revisit_low_answer)
        activity = self._low_activities(revisit)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_desk_manager)
        self.assertIn("overall 1/5", activity.summary)
        self.assertIn(f'data-oe-id="{answer.id}"', activity.note)
        self.assertEqual(complaint.state, "investigating")
        reopened = complaint.message_ids.filtered(
            lambda m: "questionnaire answer" in (m.body or "")
        )
        self.assertEqual(len(reopened), 1)
        self.assertIn(f'data-oe-id="{answer.id}"', reopened.body)
        self.assertEqual(revisit.state, "done")
        self.assertEqual(revisit.nps_category, "detractor")

    def test_low_answer_without_complaint(self):
        answer = self._answer(self._sent_answer(self.revisit), LOW)
        activity = self._low_activities(self.revisit)
        self.assertEqual(len(activity), 1)
        # No complaint: the manager of the staff member's department.
        self.assertEqual(activity.user_id, self.user_desk_manager)
        self.assertTrue(answer.revisit_low_answer)

    def test_low_recommendation_alone(self):
        self._answer(
            self._sent_answer(self.revisit), dict(SATISFIED, recommend_score=6)
        )
        self.assertEqual(len(self._low_activities(self.revisit)), 1)

    def test_thresholds_come_from_the_settings(self):
        settings = self.env["res.config.settings"].create(
            {"revisit_survey_low_overall": 0, "revisit_survey_low_recommend": 2}
        )
        settings.execute()
        self.assertEqual(self.company.revisit_survey_low_recommend, 2)
        self._answer(self._sent_answer(self.revisit), LOW)
        self.assertFalse(self._low_activities(self.revisit))

    def test_answer_submitted_twice_is_applied_once(self):
        complaint = self._resolved_complaint()
        revisit = self._create_revisit(
            method="questionnaire", complaint_id=complaint.id
        )
        answer = self._answer(self._sent_answer(revisit), LOW)
        complaint.action_resolve()
        answer._mark_done()
        self.assertEqual(len(self._low_activities(revisit)), 1)
        self.assertEqual(complaint.state, "resolved")

    def test_second_answer_does_not_overwrite(self):
        self.revisit.method = "phone"
        first = self._answer(self._sent_answer(self.revisit), SATISFIED)
        second = self.survey.sudo()._create_answer(
            partner=self.guest, check_attempts=False, revisit_id=self.revisit.id
        )
        self._answer(second, LOW)
        self.assertEqual(self.revisit.score_overall, 5)
        self.assertTrue(first.revisit_applied)
        self.assertFalse(second.revisit_applied)
        self.assertFalse(self._low_activities(self.revisit))
        self.assertIn(
            "keeps the scores of the first answer", self.revisit.message_ids[0].body
        )

    def test_incomplete_record_keeps_the_answer(self):
        # Staff marked the guest dissatisfied without a reason: the answer is kept,
        # the record waits for staff.
        self.revisit.complaint_satisfaction = "dissatisfied"
        answer = self._answer(self._sent_answer(self.revisit), SATISFIED)
        self.assertEqual(answer.state, "done")
        self.assertEqual(self.revisit.score_overall, 5)
        self.assertEqual(self.revisit.state, "planned")
        self.assertIn("could not complete", self.revisit.message_ids[0].body)

    def test_reports_count_questionnaire_answers(self):
        phone = self._complete(
            self._create_revisit(), score_overall=4, recommend_score="10"
        )
        self._answer(self._sent_answer(self.revisit), LOW)
        today = phone.scheduled_at.date()
        report = self.env["guest.revisit.report"].create(
            {
                "name": "Month",
                "date_from": today - timedelta(days=1),
                "date_to": today + timedelta(days=1),
                "department_id": self.department.id,
            }
        )
        self.assertEqual(report.revisit_ids, phone | self.revisit)
        self.assertRecordValues(
            report,
            [
                {
                    "done_count": 2,
                    "avg_overall": 2.5,
                    "promoter_count": 1,
                    "detractor_count": 1,
                    "nps": 0.0,
                }
            ],
        )

    def test_kpis_count_questionnaire_answers(self):
        if "guest.revisit.kpi" not in self.env:
            self.skipTest("The supervision KPIs are not installed.")
        self._answer(self._sent_answer(self.revisit), SATISFIED)
        kpi = self.env["guest.revisit.kpi"].search(
            [("revisit_id", "=", self.revisit.id)]
        )
        self.assertEqual(len(kpi), 1)
        self.assertRecordValues(
            kpi,
            [
                {
                    "kind": "revisit",
                    "completion_rate": 100.0,
                    "score_overall": 5.0,
                    "nps_answered": True,
                    "user_id": self.user_staff.id,
                }
            ],
        )

    def test_low_answer_activity_in_the_managers_language(self):
        """The desk manager's follow-up speaks their language; the note on the
        revisit, read by many, the company's."""
        load_chinese(self.env, "guest_revisit", "guest_revisit_survey")
        self.user_desk_manager.lang = "zh_CN"
        self.company.partner_id.lang = "en_US"
        self._answer(self._sent_answer(self.revisit), LOW)
        activity = self._low_activities(self.revisit)
        self.assertIn("问卷低分", activity.summary)
        self.assertIn("请跟进该游客", str(activity.note))
        message = self.revisit.message_ids.filtered(
            lambda m: "answered the questionnaire" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
