from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.guest_revisit.tests.common import CronJobCase
from odoo.addons.guest_revisit_survey.models.survey_user_input import SurveyUserInput

from .common import TestRevisitSurveyCommon

# Queries the reminder cron may spend per guest reminded, at any volume.
PER_ITEM_BUDGET = 10
CRON = "guest_revisit_survey.ir_cron_revisit_survey_reminder"


@tagged("post_install", "-at_install")
class TestSurveyReminderCost(CronJobCase, TestRevisitSurveyCommon):
    """The reminder cron mails the guests and notes it on their revisits in batches:
    a flat number of queries per guest, and each guest reminded once, a job
    interrupted by a crash included."""

    def _sent_revisits(self, count):
        guests = self.env["res.partner"].create(
            [
                {
                    "name": f"Guest {count}-{i}",
                    "email": f"guest.{count}.{i}@example.com",
                    "lang": "en_US",
                }
                for i in range(count)
            ]
        )
        revisits = self.env["guest.revisit"].create(
            [
                {
                    "partner_id": guest.id,
                    "user_id": self.user_staff.id,
                    "method": "questionnaire",
                }
                for guest in guests
            ]
        )
        self._send(revisits)
        self.assertEqual(len(revisits.survey_user_input_ids), count)
        return revisits

    def test_reminder_cost_per_guest_is_flat(self):
        Answer = self.env["survey.user_input"]
        later = fields.Datetime.now() + timedelta(days=6)
        with freeze_time(later):
            Answer._cron_remind_revisit_guests()  # what the database holds already
        queries = {}
        for count in (10, 50):
            revisits = self._sent_revisits(count)
            notes_before = len(revisits.message_ids)
            with freeze_time(later):
                queries[count] = self._queries(Answer._cron_remind_revisit_guests)
            answers = revisits.survey_user_input_ids
            self.assertTrue(all(answers.mapped("revisit_reminded_at")))
            self.assertEqual(
                len(revisits.message_ids) - notes_before, count, "a note each"
            )
            for revisit in revisits:
                self.assertIn(
                    f"Questionnaire reminder sent to {revisit.partner_id.name}.",
                    revisit.message_ids[0].body,
                )
        self.assertFlatCost(queries, PER_ITEM_BUDGET)

    def test_interrupted_job_reminds_each_guest_once(self):
        self.env["ir.config_parameter"].set_param("guest_revisit.cron_batch_size", 2)
        revisits = self._sent_revisits(5)
        answers = revisits.survey_user_input_ids
        self.env["mail.mail"].search([]).unlink()
        self._run_cron_job_killed_once(
            CRON,
            fields.Datetime.now() + timedelta(days=6),
            SurveyUserInput,
            "_remind_revisit_guests",
        )
        self.assertTrue(all(answers.mapped("revisit_reminded_at")))
        for revisit in revisits:
            mails = self.env["mail.mail"].search(
                [("recipient_ids", "in", revisit.partner_id.ids)]
            )
            self.assertEqual(len(mails), 1, revisit.partner_id.name)
