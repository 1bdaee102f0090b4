from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError

from .common import TestGuestRevisitCommon

MONDAY_10H = datetime(2026, 11, 23, 2, 0)  # 10:00 in Shanghai


class TestGuestRevisitDeskScreens(TestGuestRevisitCommon):
    """The rules behind the screens a desk manager uses all day hold through the API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.on_site_type = cls.env["guest.type"].create(
            {"name": "Screens VIP", "revisit_method": "on_site"}
        )
        cls.vip_guest = cls.env["res.partner"].create(
            {"name": "Screens VIP guest", "guest_type_id": cls.on_site_type.id}
        )

    def _report_vals(self, **values):
        vals = {
            "name": "Screens month",
            "date_from": fields.Date.today() - timedelta(days=30),
            "date_to": fields.Date.today(),
        }
        vals.update(values)
        return vals

    def test_revisit_of_a_phone_complaint_defaults_to_phone(self):
        phone = self._create_complaint(partner_id=self.vip_guest.id, channel="phone")
        mail = self._create_complaint(partner_id=self.vip_guest.id, channel="email")
        Revisit = self.env["guest.revisit"].with_user(self.user_staff)
        for complaint, method in ((phone, "phone"), (mail, "on_site")):
            with self.subTest(channel=complaint.channel):
                revisit = Revisit.create(
                    {
                        "partner_id": self.vip_guest.id,
                        "user_id": self.user_staff.id,
                        "complaint_id": complaint.id,
                    }
                )
                self.assertEqual(revisit.method, method)
        chosen = Revisit.create(
            {
                "partner_id": self.vip_guest.id,
                "user_id": self.user_staff.id,
                "complaint_id": phone.id,
                "method": "sms",
            }
        )
        self.assertEqual(chosen.method, "sms", "a method given is kept")

    def test_report_with_an_empty_evaluation_is_not_submitted(self):
        for role in ("staff", "desk_manager", "department_head", "admin"):
            user = self.users[role]
            with self.subTest(role=role):
                report = (
                    self.env["guest.revisit.report"]
                    .with_user(user)
                    .create(self._report_vals(evaluation="<p><br></p>"))
                )
                with self.assertRaisesRegex(UserError, "evaluation"):
                    report.write({"state": "submitted"})
                with self.assertRaisesRegex(UserError, "evaluation"):
                    report.action_submit()
                self.assertEqual(report.state, "draft")
                # Written in the same write, the evaluation lets it through.
                report.write({"state": "submitted", "evaluation": "<p>Calm month</p>"})
                self.assertEqual(report.state, "submitted")

    def test_returned_report_emptied_is_not_submitted_again(self):
        report = (
            self.env["guest.revisit.report"]
            .with_user(self.user_staff)
            .create(self._report_vals(evaluation="<p>First look</p>"))
        )
        report.action_submit()
        self._review(report, self.user_department_head, "return", "Say more")
        self.assertEqual(report.state, "returned")
        with self.assertRaisesRegex(UserError, "evaluation"):
            report.write({"state": "submitted", "evaluation": False})
        self.assertEqual(report.state, "returned")

    def test_open_deadline_follows_the_flow(self):
        with freeze_time(MONDAY_10H):
            complaint = self._create_complaint(user_id=self.user_staff.id)
        self.assertEqual(complaint.open_deadline, complaint.first_contact_deadline)
        self.assertEqual(complaint.open_deadline, MONDAY_10H + timedelta(hours=1))
        with freeze_time(MONDAY_10H + timedelta(minutes=30)):
            complaint.action_record_first_contact()
        self.assertFalse(complaint.open_deadline, "nothing is due until resolved")
        with freeze_time(MONDAY_10H + timedelta(hours=2)):
            complaint.corrective_action = "Apology"
            complaint.action_resolve()
        self.assertEqual(complaint.open_deadline, complaint.feedback_deadline)
        with freeze_time(MONDAY_10H + timedelta(hours=3)):
            complaint.action_record_feedback()
        self.assertFalse(complaint.open_deadline)
        # Stored: the desk sorts its list on it.
        self.assertTrue(self.env["guest.complaint"]._fields["open_deadline"].store)
        self.env["guest.complaint"].search([], order="open_deadline", limit=1)

    def test_list_shows_the_deadline_and_the_form_asks_the_outcome_first(self):
        complaint_list = etree.fromstring(
            self.env["guest.complaint"].get_view(view_type="list")["arch"]
        )
        deadline = complaint_list.find(".//field[@name='open_deadline']")
        self.assertEqual(deadline.get("widget"), "guest_revisit_time_left")
        self.assertEqual(deadline.get("optional"), "show", "visible by default")
        revisit_form = etree.fromstring(
            self.env["guest.revisit"].get_view(view_type="form")["arch"]
        )
        outcome = revisit_form.find(".//field[@name='outcome']")
        self.assertIn("score_overall", outcome.get("required"))
        overall = revisit_form.find(".//field[@name='score_overall']")
        self.assertEqual(overall.get("widget"), "guest_revisit_score_stars")
        self.assertEqual(overall.get("readonly"), "not outcome")
