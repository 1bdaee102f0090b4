import json
from datetime import timedelta

import jsonschema
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.guest_revisit.tests.test_guest_data_copy import data_copy_schema

from .common import SATISFIED, TestRevisitSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyConsent(TestRevisitSurveyCommon):
    """A guest who withdrew questionnaires gets none, and still their revisit; their
    answers are part of the copy of their data."""

    def _withdraw(self, purpose):
        self.env["guest.revisit.consent"].create(
            {
                "partner_id": self.guest.id,
                "purpose": purpose,
                "decision": "withdrawn",
                "channel": "mail",
            }
        )

    def test_questionnaire_withdrawal_stops_invitations_not_revisits(self):
        self._withdraw("questionnaire")
        invite = self._invite(self.revisit)
        self.assertIn("withdrew their consent", invite.revisit_left_out)
        with self.assertRaisesRegex(UserError, "No guest can be sent"):
            invite.action_invite()
        self.assertFalse(self.revisit.survey_user_input_ids)
        # The mandatory revisit of their complaint goes on, by phone.
        complaint = self._resolved_complaint()
        self.assertTrue(complaint.revisit_due_date)
        revisit = self._create_revisit(complaint_id=complaint.id)
        self.assertEqual(revisit.state, "planned")

    def test_marketing_withdrawal_keeps_questionnaires(self):
        self._withdraw("marketing")
        self._send(self.revisit)
        self.assertEqual(len(self.revisit.survey_user_input_ids), 1)

    def test_reminder_honours_a_questionnaire_withdrawal(self):
        self._send(self.revisit)
        self._withdraw("questionnaire")
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            reminded = self.env["survey.user_input"]._cron_remind_revisit_guests()
        self.assertNotIn(self.revisit.survey_user_input_ids, reminded)

    def test_invitation_links_to_the_privacy_page(self):
        self._send(self.revisit)
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.guest.ids)])
        self.assertIn(self.guest._guest_privacy_url(), mail.body_html)

    def test_answers_are_in_the_data_copy(self):
        self._send(self.revisit)
        self._answer(self.revisit.survey_user_input_ids, SATISFIED)
        copy = self.guest.with_user(self.user_office)._guest_data_copy()
        copy = json.loads(json.dumps(copy))
        jsonschema.validate(copy, data_copy_schema())
        [answer] = copy["answers"]
        self.assertEqual(answer["revisit"], self.revisit.number)
        self.assertIn(
            "More family tours, please.", [line["answer"] for line in answer["lines"]]
        )
