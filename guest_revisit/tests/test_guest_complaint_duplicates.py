from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form
from odoo.tools import SQL

from .common import TestGuestRevisitCommon, load_chinese
from .test_guest_complaint_mail import COMPLAINT_MAIL, ComplaintMailCase


class TestGuestComplaintDuplicates(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_duplicate_days = 7
        cls.original = cls._create_complaint(name="The guide changed the itinerary")
        cls.other_guest = cls.env["res.partner"].create(
            {"name": "Zhang Wei", "email": "zhang.wei@example.com", "phone": "+86 139"}
        )

    def _new(self, **values):
        vals = {
            "name": "Breakfast was cold",
            "partner_id": self.other_guest.id,
        }
        vals.update(values)
        return self._create_complaint(**vals)

    def test_same_guest_phone_or_email_is_flagged(self):
        by_guest = self._create_complaint(name="Breakfast was cold")
        by_phone = self._new(contact_phone=self.guest.phone)
        by_email = self._new(contact_email=self.guest.email)
        for complaint in (by_guest, by_phone, by_email):
            with self.subTest(complaint=complaint.name):
                self.assertEqual(complaint.duplicate_of_id, self.original)
                self.assertTrue(complaint.is_possible_duplicate)
        self.assertFalse(self.original.duplicate_of_id)

    def test_form_registration_is_flagged(self):
        form = Form(self.env["guest.complaint"].with_user(self.user_staff))
        form.name = "Breakfast was cold"
        form.partner_id = self.guest
        complaint = form.save()
        self.assertEqual(complaint.sudo().duplicate_of_id, self.original)

    def test_similar_summary_is_flagged(self):
        complaint = self._new(name="The guide changed the itinerary again")
        self.assertEqual(complaint.duplicate_of_id, self.original)

    def _stranger(self):
        """A guest with no complaint yet, no phone and no e-mail."""
        return self.env["res.partner"].create({"name": "Liu Yang"})

    def test_old_closed_or_different_complaints_are_not_flagged(self):
        self.assertFalse(self._new().duplicate_of_id, "different guest, text, contact")
        old = self._new(
            name="Room smells of smoke",
            partner_id=self._stranger().id,
            received_at=fields.Datetime.now() - timedelta(days=8),
        )
        self.assertFalse(old.duplicate_of_id)
        self.assertFalse(
            self._new(
                name="Room smells of smoke, said before", partner_id=old.partner_id.id
            ).duplicate_of_id,
            "the same guest's similar complaint is older than the window",
        )
        self.original.with_user(self.user_desk_manager).action_cancel()
        self.assertFalse(self._create_complaint(name="Taxi was late").duplicate_of_id)
        self.assertFalse(
            self._new(
                name="The guide changed the itinerary", partner_id=self._stranger().id
            ).duplicate_of_id
        )

    def test_batch_repeating_a_guest_flags_the_repeats(self):
        # An import as staff: two rows of one new guest, a third row of another
        # guest with the first one's phone, and one row apart.
        first_guest = self.env["res.partner"].create(
            {"name": "Chen Jing", "phone": "+86 137 5555 0199"}
        )
        second_guest, stranger = self._stranger(), self._stranger()
        rows = [
            {
                "name": "Parking barrier stuck at gate three",
                "partner_id": first_guest.id,
            },
            {"name": "Sauna key card refused", "partner_id": stranger.id},
            {
                "name": "Parking barrier stuck at gate three again",
                "partner_id": first_guest.id,
            },
            {
                "name": "Shuttle timetable missing",
                "partner_id": second_guest.id,
                "contact_phone": "+86 137 5555 0199",
            },
        ]
        complaints = (
            self.env["guest.complaint"].with_user(self.user_staff).create(rows).sudo()
        )
        self.assertEqual(complaints.mapped("name"), [row["name"] for row in rows])
        self.assertEqual(
            [c.duplicate_of_id for c in complaints],
            [self.env["guest.complaint"]] * 2 + [complaints[0]] * 2,
        )
        self.assertTrue(all(complaints.mapped("number")))
        self.company.complaint_duplicate_days = 0
        unchecked = self.env["guest.complaint"].create(
            [{"name": "Cold soup", "partner_id": stranger.id}] * 2
        )
        self.assertFalse(unchecked.duplicate_of_id)

    def test_no_check_when_the_window_is_zero(self):
        self.company.complaint_duplicate_days = 0
        self.assertFalse(self._create_complaint().duplicate_of_id)

    def test_batch_create_flags_each_with_one_query(self):
        Complaint = self.env["guest.complaint"]
        vals_list = [
            {"name": "Noisy room", "partner_id": self.guest.id},
            {"name": "Lost luggage", "partner_id": self.other_guest.id},
            {
                "name": "The guide changed our itinerary",
                "partner_id": self.other_guest.id,
            },
        ]
        settings = SQL(
            "SELECT current_setting('pg_trgm.similarity_threshold'),"
            " current_setting('jit')"
        )
        self.env.cr.execute(settings)
        before = self.env.cr.fetchone()
        queries = []
        for batch in (vals_list[:1], vals_list):
            queries_before = self.env.cr.sql_log_count
            found = Complaint._find_open_duplicates(batch)
            queries.append(self.env.cr.sql_log_count - queries_before)
        # The check's settings (pg_trgm's threshold, JIT off) set and restored, and
        # one check for the whole batch.
        self.assertEqual(queries, [3, 3])
        self.assertEqual(found, [self.original.id, None, self.original.id])
        self.env.cr.execute(settings)
        self.assertEqual(self.env.cr.fetchone(), before)
        with Complaint._duplicate_check_settings():
            self.env.cr.execute(settings)
            self.assertEqual(self.env.cr.fetchone(), ("0.5", "off"))
        complaints = Complaint.create(vals_list)
        self.assertEqual(
            complaints.duplicate_of_id, self.original, "the first and third only"
        )
        self.assertEqual(
            complaints.mapped("is_possible_duplicate"), [True, False, True]
        )

    def test_form_shows_and_dismisses_the_flag(self):
        complaint = self._create_complaint(name="Breakfast was cold")
        desk = complaint.with_user(self.user_desk_manager)
        view = self.env.ref("guest_revisit.guest_complaint_view_form")
        form = Form(desk, view=view)
        self.assertEqual(form.duplicate_of_id, self.original)
        desk.action_dismiss_duplicate()
        self.assertFalse(complaint.duplicate_of_id)
        self.assertFalse(complaint.is_possible_duplicate)
        self.assertIn("dismissed the possible duplicate", complaint.message_ids[0].body)

    def test_staff_cannot_flag_dismiss_or_archive(self):
        complaint = self._create_complaint(
            name="Breakfast was cold", user_id=self.user_staff.id
        )
        staff = complaint.with_user(self.user_staff)
        staff.write({"duplicate_of_id": self.original.id, "active": True})
        for vals in (
            {"duplicate_of_id": False},
            {"duplicate_of_id": self._create_complaint().id},
            {"active": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                staff.write(vals)
        with self.assertRaises(AccessError):
            staff.action_dismiss_duplicate()
        with self.assertRaises(AccessError):
            self.env["guest.complaint"].with_user(self.user_staff).create(
                {
                    "name": "Unrelated",
                    "partner_id": self.other_guest.id,
                    "duplicate_of_id": self.original.id,
                }
            )
        self.assertEqual(complaint.duplicate_of_id, self.original)
        self.assertTrue(complaint.active)
        with self.assertRaises(AccessError):
            self.env["guest.complaint.merge"].with_user(self.user_staff).create(
                {
                    "complaint_ids": [(6, 0, (complaint | self.original).ids)],
                    "target_id": self.original.id,
                }
            )

    def _merge(self, complaints, target, user=None):
        wizard = (
            self.env["guest.complaint.merge"]
            .with_user(user or self.user_desk_manager)
            .create({"complaint_ids": [(6, 0, complaints.ids)], "target_id": target.id})
        )
        return wizard.action_merge()

    def test_merge_moves_everything_and_archives(self):
        duplicate = self._create_complaint(name="Breakfast was cold")
        duplicate.message_post(body="The guest called again", message_type="comment")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "raw": b"jpeg",
                "res_model": "guest.complaint",
                "res_id": duplicate.id,
            }
        )
        activity = duplicate.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_staff.id
        )
        revisit = self._create_revisit(complaint_id=duplicate.id)
        follower = self.env["res.partner"].create({"name": "Tour leader"})
        duplicate.message_subscribe(partner_ids=follower.ids)
        messages = duplicate.message_ids

        action = self._merge(duplicate | self.original, self.original)

        self.assertEqual(action["res_id"], self.original.id)
        self.assertEqual(messages.mapped("res_id"), [self.original.id] * len(messages))
        self.assertEqual(attachment.res_id, self.original.id)
        self.assertEqual(activity.res_id, self.original.id)
        self.assertIn(activity, self.original.activity_ids)
        self.assertEqual(revisit.complaint_id, self.original)
        self.assertIn(follower, self.original.message_partner_ids)
        self.assertFalse(duplicate.active)
        self.assertEqual(duplicate.duplicate_of_id, self.original)
        self.assertFalse(self.original.duplicate_of_id)
        self.assertTrue(self.original.active)
        self.assertIn(
            f"merged {duplicate.number} into this complaint",
            self.original.message_ids[0].body,
        )
        self.assertIn(
            f"merged this complaint into {self.original.number}",
            duplicate.message_ids[0].body,
        )
        self.assertNotIn(duplicate, self.env["guest.complaint"].search([]))

    def test_merge_notes_are_in_the_company_language(self):
        load_chinese(self.env, "guest_revisit")
        self.company.partner_id.lang = "zh_CN"
        duplicate = self._create_complaint(name="Breakfast was cold")
        self._merge(duplicate | self.original, self.original)
        self.assertIn("合并到本投诉", self.original.message_ids[0].body)
        self.assertIn(f"合并到 {self.original.number}", duplicate.message_ids[0].body)

    def test_merge_refuses_closed_and_other_companies(self):
        duplicate = self._create_complaint(name="Breakfast was cold")
        self.original.with_user(self.user_desk_manager).action_cancel()
        with self.assertRaisesRegex(UserError, "Only open complaints"):
            self._merge(duplicate | self.original, duplicate)
        other_company = self.env["res.company"].create({"name": "Other Travel"})
        foreign_guest = self.env["res.partner"].create(
            {"name": "Foreign guest", "company_id": other_company.id}
        )
        foreign = self._create_complaint(
            name="Breakfast was cold", partner_id=foreign_guest.id
        )
        with self.assertRaisesRegex(UserError, "different companies"):
            self._merge(duplicate | foreign, duplicate)
        with self.assertRaisesRegex(UserError, "at least two"):
            self._merge(duplicate, duplicate)
        self.assertTrue(duplicate.active and foreign.active)

    def test_merge_from_the_banner(self):
        duplicate = self._create_complaint(name="Breakfast was cold")
        action = duplicate.with_user(self.user_desk_manager).action_merge_duplicates()
        wizard = (
            self.env["guest.complaint.merge"]
            .with_user(self.user_desk_manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.target_id, self.original)
        self.assertEqual(wizard.complaint_ids, duplicate | self.original)
        wizard.action_merge()
        self.assertFalse(duplicate.active)


class TestGuestComplaintDuplicateMails(ComplaintMailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.complaint_mail_join_hours = 2.0

    def _receive(self, email_from, subject, index):
        mail = self.format(
            COMPLAINT_MAIL,
            to=self.alias_email,
            subject=subject,
            email_from=email_from,
            msg_id=f"<gr-duplicate-{index}@example.org>",
            body=f"Nobody answers the phone ({index}).",
        )
        self.env["mail.thread"].message_process(None, mail)

    def _complaints_of(self, email):
        return self.env["guest.complaint"].search(
            [("partner_id.email", "=", email)], order="id"
        )

    def test_ten_identical_mails_make_one_complaint(self):
        with self.mock_mail_gateway():
            for index in range(10):
                self._receive("Zhao Lei <zhao.lei@example.org>", "No answer", index)
        complaint = self._complaints_of("zhao.lei@example.org")
        self.assertEqual(len(complaint), 1)
        bodies = complaint.message_ids.filtered(
            lambda m: m.message_type == "email"
        ).mapped("body")
        self.assertEqual(len(bodies), 10)
        for index in range(10):
            self.assertTrue(any(f"({index})" in body for body in bodies))

    def test_other_subject_or_outside_the_window_makes_a_new_complaint(self):
        with self.mock_mail_gateway():
            self._receive("Zhao Lei <zhao.lei@example.org>", "No answer", 0)
            self._receive("Zhao Lei <zhao.lei@example.org>", "Wrong invoice", 1)
        self.assertEqual(len(self._complaints_of("zhao.lei@example.org")), 2)
        first = self._complaints_of("zhao.lei@example.org")[0]
        first.received_at = fields.Datetime.now() - timedelta(hours=3)
        with self.mock_mail_gateway():
            self._receive("Zhao Lei <zhao.lei@example.org>", "No answer", 2)
        complaints = self._complaints_of("zhao.lei@example.org")
        self.assertEqual(len(complaints), 3)
        self.assertEqual(complaints[2].duplicate_of_id, first, "flagged, not joined")
