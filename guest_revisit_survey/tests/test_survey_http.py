import re

from odoo.tests import HttpCase, tagged

from .common import LOW, SATISFIED, TestRevisitSurveyCommon

CSRF = re.compile(r'(input.+csrf_token.+value=")([a-f0-9]{40}o[0-9]*)', re.MULTILINE)


@tagged("post_install", "-at_install")
class TestSurveyHttp(TestRevisitSurveyCommon, HttpCase):
    """Guests answer through Survey's public pages with their personal token, as they
    do from the invitation mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._resolved_complaint(department_id=cls.department.id)
        cls.revisit_low = cls._create_revisit(
            method="questionnaire", complaint_id=cls.complaint.id
        )
        cls.revisit_2 = cls._create_revisit(
            method="questionnaire", partner_id=cls.guest_2.id
        )

    def _take_survey(self, answer, values, expect_done=True):
        survey = self.survey
        token = answer.access_token
        start = self.url_open(
            f"/survey/start/{survey.access_token}?answer_token={token}"
        )
        self.assertEqual(start.status_code, 200)
        self.assertIn(survey.title, start.text)
        page = self.url_open(f"/survey/{survey.access_token}/{token}")
        self.assertEqual(page.status_code, 200)
        csrf_token = CSRF.search(page.text).groups()[1]
        base = survey.get_base_url()
        begin = self.url_open(
            f"{base}/survey/begin/{survey.access_token}/{token}",
            json={"params": {"lang_code": "en_US"}},
        )
        self.assertEqual(begin.status_code, 200)
        post = {
            str(question.id): value
            for question, value in self._post_values(values).items()
        }
        post.update({"csrf_token": csrf_token, "token": token})
        response = self.url_open(
            f"{base}/survey/submit/{survey.access_token}/{token}",
            json={"params": post},
        )
        self.assertEqual(response.status_code, 200)
        answer.invalidate_recordset()
        if expect_done:
            self.assertEqual(answer.state, "done", response.text)
        return response

    def test_guests_answer_with_their_token(self):
        self._send(self.revisit_low | self.revisit_2, user=self.user_staff)
        answer_low = self.revisit_low.survey_user_input_ids
        answer_2 = self.revisit_2.survey_user_input_ids
        self.assertTrue(answer_low and answer_2)
        self.assertNotEqual(answer_low.access_token, answer_2.access_token)

        # The first guest answers low: scores land, the record is done, the
        # complaint is reopened and the desk manager gets one activity.
        self._take_survey(answer_low, LOW)
        self.revisit_low.invalidate_recordset()
        self.assertRecordValues(
            self.revisit_low,
            [
                {
                    "score_overall": 1,
                    "score_service": 5,
                    "recommend_score": "3",
                    "would_return": "no",
                    "state": "done",
                    "survey_state": "done",
                }
            ],
        )
        activities = self.revisit_low.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("guest_revisit_survey.mail_act_revisit_low_answer")
            )
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_desk_manager)
        self.complaint.invalidate_recordset()
        self.assertEqual(self.complaint.state, "investigating")
        self.assertTrue(
            self.revisit_low.message_ids.filtered(
                lambda m: "answered the questionnaire" in (m.body or "")
            )
        )

        # The second guest's token shows their own questionnaire, never the first
        # guest's answer.
        survey_token = self.survey.access_token
        own = self.url_open(
            f"/survey/print/{survey_token}?answer_token={answer_2.access_token}"
        )
        self.assertEqual(own.status_code, 200)
        self.assertNotIn(LOW["guest_suggestions"], own.text)
        page_2 = self.url_open(f"/survey/{survey_token}/{answer_2.access_token}")
        self.assertNotIn(LOW["guest_suggestions"], page_2.text)
        first = self.url_open(
            f"/survey/print/{survey_token}?answer_token={answer_low.access_token}"
        )
        self.assertIn(LOW["guest_suggestions"], first.text)
        # Without a token, nobody reads an answer.
        anonymous = self.url_open(f"/survey/print/{survey_token}")
        self.assertNotIn(LOW["guest_suggestions"], anonymous.text)

        self._take_survey(answer_2, SATISFIED)
        self.revisit_2.invalidate_recordset()
        self.assertEqual(self.revisit_2.score_overall, 5)
        self.assertEqual(self.revisit_2.nps_category, "promoter")
        self.assertFalse(answer_2.revisit_low_answer)

    def test_answer_submitted_twice(self):
        self._send(self.revisit_low)
        answer = self.revisit_low.survey_user_input_ids
        self._take_survey(answer, LOW)
        self.complaint.invalidate_recordset()
        self.complaint.action_resolve()
        # The same token posts again (back button, double click): refused, and
        # nothing is applied twice.
        response = self.url_open(
            f"{self.survey.get_base_url()}/survey/submit/{self.survey.access_token}/"
            f"{answer.access_token}",
            json={
                "params": {
                    str(question.id): value
                    for question, value in self._post_values(SATISFIED).items()
                }
            },
        )
        self.assertIn("unauthorized", response.text)
        self.revisit_low.invalidate_recordset()
        self.assertEqual(self.revisit_low.score_overall, 1)
        self.assertEqual(len(self.revisit_low.activity_ids), 1)
        self.assertEqual(self.complaint.state, "resolved")

    def test_refusing_guest_has_no_token(self):
        self.guest_2.guest_do_not_contact = True
        self._send(self.revisit_low | self.revisit_2)
        self.assertFalse(self.revisit_2.survey_user_input_ids)
        self.assertTrue(self.revisit_low.survey_user_input_ids)
