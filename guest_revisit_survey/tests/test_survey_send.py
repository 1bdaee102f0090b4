from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SATISFIED, TestRevisitSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveySend(TestRevisitSurveyCommon):
    """S2: one personal answer per consenting guest, linked to the revisit; completion
    tracked; one reminder; consent honoured."""

    def _mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_send_from_a_revisit(self):
        invite = self._send(self.revisit, user=self.user_staff)
        answer = self.revisit.survey_user_input_ids
        self.assertEqual(len(answer), 1)
        self.assertRecordValues(
            answer,
            [
                {
                    "survey_id": self.survey.id,
                    "partner_id": self.guest.id,
                    "revisit_id": self.revisit.id,
                    "state": "new",
                }
            ],
        )
        self.assertEqual(invite.revisit_recipient_ids, self.guest)
        self.assertFalse(invite.revisit_left_out)
        self.assertAlmostEqual(
            answer.deadline,
            fields.Datetime.now() + timedelta(days=14),
            delta=timedelta(minutes=5),
        )
        self.assertTrue(answer.revisit_remind_at < answer.deadline)
        self.assertEqual(self.revisit.survey_id, self.survey)
        self.assertEqual(self.revisit.survey_state, "sent")
        mail = self._mails_to(self.guest)
        self.assertEqual(len(mail), 1)
        self.assertIn(answer.access_token, mail.body_html)
        self.assertIn("sent to Li Ming", self.revisit.message_ids[0].body)
        # The guest's mail is in the guest's language.
        template = self.env.ref(
            "guest_revisit_survey.mail_template_revisit_survey_invite"
        )
        self.assertEqual(
            mail.subject,
            template._render_field("subject", answer.ids, compute_lang=True)[answer.id],
        )

    def test_sending_again_resends_the_same_answer(self):
        self._send(self.revisit)
        answer = self.revisit.survey_user_input_ids
        self._send(self.revisit)
        self.assertEqual(self.revisit.survey_user_input_ids, answer)
        self.assertEqual(len(self._mails_to(self.guest)), 2)

    def test_answered_revisit_is_not_sent_again(self):
        self.revisit.method = "phone"  # stays planned once answered
        self._send(self.revisit)
        self._answer(self.revisit.survey_user_input_ids, SATISFIED)
        self.assertEqual(self.revisit.survey_state, "done")
        with self.assertRaisesRegex(UserError, "already answered"):
            self._send(self.revisit)

    def test_do_not_contact_guest_receives_nothing(self):
        self.guest.write(
            {"guest_do_not_contact": True, "guest_do_not_contact_reason": "No calls"}
        )
        invite = self._invite(self.revisit)
        self.assertIn("asked not to be contacted", invite.revisit_left_out)
        self.assertIn("No calls", invite.revisit_left_out)
        with self.assertRaisesRegex(UserError, "No guest can be sent"):
            invite.action_invite()
        self.assertFalse(self.revisit.survey_user_input_ids)
        self.assertFalse(self._mails_to(self.guest))

    def test_guest_without_email_is_left_out(self):
        self.guest.email = False
        with self.assertRaisesRegex(UserError, "has no e-mail address"):
            self._send(self.revisit)

    def test_send_from_a_plan(self):
        refusing = self.env["res.partner"].create(
            {
                "name": "Zhao Lei",
                "email": "zhao.lei@example.com",
            }
        )
        plan = self.env["guest.revisit.plan"].create(
            {
                "name": "Autumn tour questionnaire",
                "method": "questionnaire",
                "partner_ids": [(6, 0, (self.guest | self.guest_2 | refusing).ids)],
                "user_id": self.user_staff.id,
            }
        )
        plan.action_submit()
        self.assertEqual(plan.state, "running")
        self.assertEqual(len(plan.revisit_ids), 3)
        # The guest refuses after the revisits were planned: left out at sending.
        refusing.write(
            {"guest_do_not_contact": True, "guest_do_not_contact_reason": "Moved"}
        )
        invite = self._invite(plan, user=self.user_staff)
        self.assertEqual(invite.revisit_recipient_ids, self.guest | self.guest_2)
        self.assertIn("Zhao Lei asked not to be contacted", invite.revisit_left_out)
        invite.action_invite()
        answers = plan.revisit_ids.survey_user_input_ids
        self.assertEqual(answers.partner_id, self.guest | self.guest_2)
        self.assertEqual(len(answers), 2)
        self.assertFalse(self._mails_to(refusing))
        self.assertIn("Left out, by their wish", plan.message_ids[0].body)
        self.assertIn("Zhao Lei", plan.message_ids[0].body)
        # Completion per plan: sent / started / answered.
        self.assertRecordValues(
            plan,
            [
                {
                    "survey_sent_count": 2,
                    "survey_started_count": 0,
                    "survey_done_count": 0,
                }
            ],
        )
        first = answers.filtered(lambda a: a.partner_id == self.guest)
        second = answers - first
        second.sudo()._mark_in_progress()
        self._answer(first, SATISFIED)
        plan.invalidate_recordset()
        self.assertRecordValues(
            plan,
            [
                {
                    "survey_sent_count": 2,
                    "survey_started_count": 1,
                    "survey_done_count": 1,
                }
            ],
        )
        self.assertEqual(
            plan.revisit_ids.sorted("id").mapped("survey_state"),
            ["done", "started", "not_sent"],
        )

    def test_plan_not_running_cannot_send(self):
        plan = self.env["guest.revisit.plan"].create(
            {"name": "Draft plan", "partner_ids": [(6, 0, self.guest.ids)]}
        )
        with self.assertRaisesRegex(UserError, "not running"):
            plan.action_send_survey()

    def test_reminder_once_before_the_deadline(self):
        self._send(self.revisit)
        answer = self.revisit.survey_user_input_ids
        self.env["mail.mail"].search([]).unlink()
        Answer = self.env["survey.user_input"]
        self.assertNotIn(answer, Answer._cron_remind_revisit_guests(), "not due yet")
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            self.assertIn(answer, Answer._cron_remind_revisit_guests())
            self.assertFalse(Answer._cron_remind_revisit_guests(), "only once")
        mails = self._mails_to(self.guest)
        self.assertEqual(len(mails), 1)
        self.assertIn(answer.access_token, mails.body_html)
        template = self.env.ref(
            "guest_revisit_survey.mail_template_revisit_survey_reminder"
        )
        self.assertEqual(
            mails.subject,
            template._render_field("subject", answer.ids, compute_lang=True)[answer.id],
        )
        self.assertTrue(answer.revisit_reminded_at)

    def test_no_reminder_after_answer_or_deadline(self):
        self._send(self.revisit | self._create_revisit(partner_id=self.guest_2.id))
        answers = self.env["survey.user_input"].search(
            [("partner_id", "in", (self.guest | self.guest_2).ids)]
        )
        answered = answers.filtered(lambda a: a.partner_id == self.guest)
        self._answer(answered, SATISFIED)
        with freeze_time(fields.Datetime.now() + timedelta(days=20)):
            reminded = self.env["survey.user_input"]._cron_remind_revisit_guests()
        self.assertFalse(reminded & answers, "answered, or past the deadline")

    def test_reminder_honours_consent(self):
        self._send(self.revisit)
        self.guest.guest_do_not_contact = True
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            reminded = self.env["survey.user_input"]._cron_remind_revisit_guests()
        self.assertNotIn(self.revisit.survey_user_input_ids, reminded)
