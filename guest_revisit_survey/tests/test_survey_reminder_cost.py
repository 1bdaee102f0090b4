from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.guest_revisit_survey.models.survey_user_input import SurveyUserInput

from .common import TestRevisitSurveyCommon

# Queries the reminder cron may spend per guest reminded, at any volume.
PER_ITEM_BUDGET = 10
CRON = "guest_revisit_survey.ir_cron_revisit_survey_reminder"


@tagged("post_install", "-at_install")
class TestSurveyReminderCost(TestRevisitSurveyCommon):
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

    def _queries(self, cron):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        cron()
        self.env.flush_all()
        self.env.cr.precommit.run()
        return self.env.cr.sql_log_count - before

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
        for count, spent in queries.items():
            self.assertLessEqual(
                spent / count, PER_ITEM_BUDGET, f"{spent} queries for {count} guests"
            )
        self.assertLessEqual(
            queries[50] / 50, queries[10] / 10, f"the cost per guest grows: {queries}"
        )

    def test_interrupted_job_reminds_each_guest_once(self):
        self.env["ir.config_parameter"].set_param("guest_revisit.cron_batch_size", 2)
        revisits = self._sent_revisits(5)
        answers = revisits.survey_user_input_ids
        self.env["mail.mail"].search([]).unlink()
        remind = SurveyUserInput._remind_revisit_guests
        calls = []

        def remind_crashing_once(batch, now):
            reminded = remind(batch, now)
            calls.append(len(reminded & answers))
            if len(calls) == 2:
                raise RuntimeError("worker killed after mailing the batch")
            return reminded

        with (
            freeze_time(fields.Datetime.now() + timedelta(days=6)),
            patch.object(
                SurveyUserInput, "_remind_revisit_guests", remind_crashing_once
            ),
            mute_logger("odoo.addons.base.models.ir_cron"),
            self.enter_registry_test_mode(),
        ):
            self.env.ref(CRON).method_direct_trigger()
        self.assertGreater(len(calls), 2, "the job ran again after the crash")
        self.assertTrue(all(answers.mapped("revisit_reminded_at")))
        for revisit in revisits:
            mails = self.env["mail.mail"].search(
                [("recipient_ids", "in", revisit.partner_id.ids)]
            )
            self.assertEqual(len(mails), 1, revisit.partner_id.name)
