import json

import jsonschema

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import TestGuestRevisitCommon, load_chinese

SCHEMA_PATH = "guest_revisit/static/schema/guest_data_copy.schema.json"


def data_copy_schema():
    with file_open(SCHEMA_PATH) as schema_file:
        return json.load(schema_file)


class GuestDataCopyCommon(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The copy is in the guest's language: English here, Chinese in the PDF test.
        cls.guest.lang = "en_US"
        cls.complaint = cls._resolved_complaint(
            name="The bus was late", description="<p>We waited two hours.</p>"
        )
        cls.revisit = cls._revisit_reached(
            cls.complaint, score_overall=4, guest_suggestions="Earlier buses"
        )
        cls.env["guest.revisit.consent"].create(
            {
                "partner_id": cls.guest.id,
                "purpose": "marketing",
                "decision": "withdrawn",
                "channel": "phone",
            }
        )
        cls.complaint.message_post(
            body="We are sorry about the bus.",
            subject="About your complaint",
            partner_ids=cls.guest.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _export_logs(self, partner=None):
        return (partner or self.guest).message_ids.filtered(
            lambda m: "copy of the guest's data was exported" in (m.body or "")
        )


class TestGuestDataCopy(GuestDataCopyCommon):
    def test_json_validates_against_the_documented_fields(self):
        copy = self.guest.with_user(self.user_office)._guest_data_copy()
        # What the guest downloads: the JSON text, read back.
        copy = json.loads(json.dumps(copy, ensure_ascii=False))
        jsonschema.validate(copy, data_copy_schema())
        self.assertEqual(copy["guest"]["email"], "li.ming@example.com")
        self.assertEqual(
            [c["number"] for c in copy["complaints"]], [self.complaint.number]
        )
        self.assertEqual(copy["complaints"][0]["description"], "We waited two hours.")
        self.assertEqual([r["number"] for r in copy["revisits"]], [self.revisit.number])
        self.assertEqual(copy["revisits"][0]["score_overall"], 4)
        self.assertEqual(copy["revisits"][0]["guest_suggestions"], "Earlier buses")
        self.assertEqual(
            [(c["purpose"], c["decision"]) for c in copy["consents"]],
            [("Marketing Campaigns", "Withdrawn")],
        )
        self.assertIn("We are sorry about the bus.", [m["body"] for m in copy["mails"]])

    def test_schema_rejects_an_undocumented_field(self):
        copy = json.loads(json.dumps(self.guest._guest_data_copy()))
        copy["complaints"][0]["internal_note"] = "not documented"
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.validate(copy, data_copy_schema())

    def test_office_and_desk_managers_export_revisit_staff_cannot(self):
        for role in ("office", "desk_manager", "admin"):
            with self.subTest(role=role):
                guest = self.guest.with_user(self.users[role])
                self.assertEqual(
                    guest.action_guest_data_copy_json()["type"], "ir.actions.act_url"
                )
                self.assertTrue(guest._guest_data_copy()["complaints"])
        for user in (self.user_staff, self.user_department_head):
            with self.subTest(user=user.login):
                guest = self.guest.with_user(user)
                with self.assertRaises(AccessError):
                    guest._guest_data_copy()
                with self.assertRaises(AccessError):
                    guest.action_guest_data_copy_json()
                with self.assertRaises(AccessError):
                    guest.action_guest_data_copy_pdf()
                with self.assertRaises(AccessError):
                    self.env["report.guest_revisit.report_guest_data_copy"].with_user(
                        user
                    )._get_report_values(guest.ids)
        self.assertFalse(self._export_logs(), "a refused export is not logged")

    def test_each_export_is_logged(self):
        self.env["report.guest_revisit.report_guest_data_copy"].with_user(
            self.user_office
        )._get_report_values(self.guest.ids)
        log = self._export_logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.user_office.partner_id)
        self.assertIn("(PDF)", log.body)
        self.assertIn(self.user_office.name, log.body)


@tagged("post_install", "-at_install")
class TestGuestDataCopyPdf(GuestDataCopyCommon):
    def test_pdf_is_in_the_guest_language(self):
        load_chinese(self.env, "guest_revisit")
        self.guest.lang = "zh_CN"
        text = self._pdf_text(
            self.user_office, "guest_revisit.action_report_guest_data_copy", self.guest
        )
        self.assertIn("您的个人数据副本", text)
        self.assertIn("您的投诉", text)
        self.assertIn(self.complaint.number, text)
        self.assertIn("We waited two hours.", text)
        self.assertNotIn("Your complaints", text)
        self.assertEqual(len(self._export_logs()), 1)
