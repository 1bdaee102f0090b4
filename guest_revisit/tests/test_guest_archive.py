from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from .common import TestGuestRevisitCommon

REVISIT = "guest_revisit.mail_act_complaint_revisit"


class TestGuestArchive(TestGuestRevisitCommon):
    def test_shipped_guest_types_and_contact_windows(self):
        government = self.env.ref("guest_revisit.guest_type_government")
        self.assertEqual(government.revisit_method, "phone")
        self.assertEqual(
            [(w.hour_from, w.hour_to) for w in government.contact_window_ids],
            [(10.0, 11.0), (15.0, 16.0)],
        )
        self.assertEqual(
            self.env.ref("guest_revisit.guest_type_vip").revisit_method, "on_site"
        )

    def test_contact_window_must_start_before_it_ends(self):
        government = self.env.ref("guest_revisit.guest_type_government")
        for hour_from, hour_to in ((11.0, 10.0), (9.0, 9.0), (23.0, 25.0)):
            with (
                self.subTest(hours=(hour_from, hour_to)),
                self.assertRaises(ValidationError),
            ):
                self.env["guest.type.contact.window"].create(
                    {
                        "guest_type_id": government.id,
                        "hour_from": hour_from,
                        "hour_to": hour_to,
                    }
                )

    def test_guest_types_configured_by_admins_only(self):
        guest_type = self.env.ref("guest_revisit.guest_type_business")
        self.assertEqual(guest_type.with_user(self.user_staff).name, guest_type.name)
        with self.assertRaises(AccessError):
            guest_type.with_user(self.user_desk_manager).write(
                {"revisit_method": "sms"}
            )
        guest_type.with_user(self.user_admin).write({"revisit_method": "sms"})
        self.assertEqual(guest_type.revisit_method, "sms")

    def test_archive_fields_are_personal_data(self):
        for user in (self.user_plain_employee,):
            fields_seen = self.env["res.partner"].with_user(user).fields_get()
            self.assertNotIn("guest_do_not_contact", fields_seen)
            self.assertNotIn("guest_special_needs", fields_seen)
        for user in (self.user_staff, self.user_office):
            fields_seen = self.env["res.partner"].with_user(user).fields_get()
            self.assertIn("guest_do_not_contact", fields_seen)

    def test_refusal_is_dated_however_it_is_recorded(self):
        partner = self.env["res.partner"].create({"name": "Declines"})
        partner.guest_do_not_contact = True
        # The refusal is dated in the user's time zone, not the server's.
        self.assertEqual(
            partner.guest_do_not_contact_date, fields.Date.context_today(partner)
        )
        partner.guest_do_not_contact = False
        self.assertFalse(partner.guest_do_not_contact_date)

    def test_complaint_count_on_the_guest(self):
        company = self.env["res.partner"].create(
            {"name": "Huanghai Travel", "is_company": True}
        )
        contact = self.env["res.partner"].create(
            {"name": "Agent", "parent_id": company.id}
        )
        self._create_complaint(partner_id=contact.id)
        self._create_complaint(partner_id=company.id)
        self.assertEqual(contact.guest_complaint_count, 1)
        self.assertEqual(
            company.guest_complaint_count, 2, "the company sees its contacts'"
        )
        action = company.action_view_guest_complaints()
        self.assertEqual(self.env["guest.complaint"].search_count(action["domain"]), 2)


class TestConsentHonoured(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest.write(
            {
                "guest_do_not_contact": True,
                "guest_do_not_contact_reason": "Declined on the phone",
                "guest_do_not_contact_source": "declined_revisit",
            }
        )

    def _resolve(self, partner):
        complaint = self._create_complaint(
            partner_id=partner.id,
            user_id=self.user_staff.id,
            corrective_action="Refund",
        )
        complaint.action_resolve()
        return complaint

    def test_mandatory_revisit_not_scheduled_with_a_visible_reason(self):
        complaint = self._resolve(self.guest)
        self.assertFalse(self._activities(complaint, REVISIT))
        self.assertFalse(complaint.revisit_due_date)
        note = complaint.message_ids.filtered(
            lambda m: "No mandatory revisit" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Declined on the phone", note.body)

    def test_company_refusal_covers_its_contacts(self):
        agency = self.env["res.partner"].create(
            {
                "name": "Agency",
                "is_company": True,
                "guest_do_not_contact": True,
                "guest_do_not_contact_reason": "Contract ended",
            }
        )
        agent = self.env["res.partner"].create(
            {"name": "Agent", "parent_id": agency.id}
        )
        complaint = self._resolve(agent)
        self.assertFalse(self._activities(complaint, REVISIT))

    def test_consenting_guest_is_revisited(self):
        other = self.env["res.partner"].create({"name": "Happy to talk"})
        complaint = self._resolve(other)
        self.assertEqual(len(self._activities(complaint, REVISIT)), 1)
        self.assertEqual(other._guest_contact_refusal(), "")
