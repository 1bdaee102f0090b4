import base64
import re
import shutil
import subprocess
import tempfile
import unicodedata
import unittest
from datetime import datetime, timedelta
from unittest.mock import patch

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from ..models.guest_complaint_site import QR_SIZE
from .common import TestGuestRevisitCommon, load_chinese

# a 1x1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAIAAAUAAeIhvDMAAAAASUVORK5CYII="
)
# the first bytes of a Windows program
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
POSTER_REPORT = "guest_revisit.action_report_guest_complaint_site_poster"


@tagged("post_install", "-at_install")
class TestGuestComplaintPublicForm(HttpCase, TestGuestRevisitCommon):
    """The public complaint form a site's QR code opens: without login, in the
    visitor's language, refusing robots, floods and anything but photos."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.default"].set("res.partner", "lang", "en_US")
        cls.site = cls.env["guest.complaint.site"].create(
            {"name": "West Lake Resort", "kind": "resort"}
        )
        cls.set_limits(ip=0, contact=0, photo_mb=5)
        cls.Submission = cls.env["guest.complaint.form.submission"]
        # The limits count from what this test sends alone.
        cls.Submission.search([]).unlink()

    @classmethod
    def set_limits(cls, ip, contact, photo_mb):
        params = cls.env["ir.config_parameter"]
        params.set_param("guest_revisit.complaint_form_ip_limit", ip)
        params.set_param("guest_revisit.complaint_form_contact_limit", contact)
        params.set_param("guest_revisit.complaint_form_max_photo_mb", photo_mb)

    def _site_url(self, prefix=""):
        return f"{prefix}/complaint/new?site={self.site.access_token}"

    def _open_form(self, prefix="", headers=None):
        page = self.url_open(self._site_url(prefix), headers=headers)
        self.assertEqual(page.status_code, 200)
        return page, re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]

    def _submit(self, prefix="", headers=None, photos=(), **values):
        _page, csrf_token = self._open_form(prefix, headers)
        data = {
            "csrf_token": csrf_token,
            "name": "Wang Fang",
            "phone": "",
            "email": "gr.wang.fang@example.com",
            "what": "The shower of room 1208 is cold\nNobody came to fix it.",
            "where": "Room 1208",
            "when": "",
            **values,
        }
        files = [("photos", (name, content)) for name, content in photos]
        return self.url_open(
            self._site_url(prefix), data=data, files=files or None, headers=headers
        )

    def _counts(self):
        return (
            self.env["guest.complaint"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "guest.complaint")]
            ),
            self.Submission.search_count([]),
        )

    def _assert_refused(self, response, message, counts_before):
        self.assertEqual(response.status_code, 400)
        self.assertIn(message, response.text)
        self.assertEqual(self._counts(), counts_before, "something was created")

    def test_complaint_with_photos_for_a_new_guest(self):
        when = fields.Datetime.now() - timedelta(days=1)
        tz = pytz.timezone(self.site.company_id._days_tz())
        local_when = pytz.utc.localize(when).astimezone(tz).strftime("%Y-%m-%dT%H:%M")
        response = self._submit(
            photos=[("shower.png", PNG), ("bathroom.PNG", PNG)],
            phone="+86 138 0000 0101",
            when=local_when,
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["guest.complaint"].search([("site_id", "=", self.site.id)])
        self.assertEqual(len(complaint), 1)
        self.assertIn(complaint.number, response.text)
        self.assertEqual(complaint.channel, "website")
        self.assertEqual(complaint.company_id, self.site.company_id)
        self.assertEqual(complaint.name, "The shower of room 1208 is cold")
        self.assertIn("Nobody came to fix it.", complaint.description)
        self.assertIn("Room 1208", complaint.description)
        self.assertEqual(complaint.occurred_at, when.replace(second=0, microsecond=0))
        self.assertEqual(complaint.state, "new")
        guest = complaint.partner_id
        self.assertEqual(guest.name, "Wang Fang")
        self.assertEqual(guest.email, "gr.wang.fang@example.com")
        self.assertEqual(guest.phone, "+86 138 0000 0101")
        self.assertEqual(guest.lang, "en_US")
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", "guest.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(sorted(photos.mapped("name")), ["bathroom.PNG", "shower.png"])
        self.assertEqual(set(photos.mapped("mimetype")), {"image/png"})
        self.assertEqual(photos[0].raw, PNG)
        self.assertEqual(complaint.evidence_count, 2)
        # acknowledged with the registration mail, as every channel is
        acknowledgement = self.env["mail.mail"].search(
            [
                ("model", "=", "guest.complaint"),
                ("res_id", "=", complaint.id),
                ("recipient_ids", "in", guest.ids),
            ]
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(complaint.number, acknowledgement.subject)
        submission = self.Submission.search([("complaint_id", "=", complaint.id)])
        self.assertEqual(submission.ip_address, "127.0.0.1")
        self.assertEqual(submission.phone_key, "13800000101")
        self.assertEqual(submission.email_key, "gr.wang.fang@example.com")

    def test_known_guest_matched_by_email_or_phone(self):
        by_email = self.env["res.partner"].create(
            {"name": "Zhao Lei", "email": "GR.Zhao.Lei@Example.com"}
        )
        by_phone = self.env["res.partner"].create(
            {"name": "Qian Yu", "phone": "+86 139-0000-0202"}
        )
        self._submit(name="Zhao", email="gr.zhao.lei@example.com")
        self._submit(name="Qian", email="", phone="13900000202")
        complaints = self.env["guest.complaint"].search(
            [("site_id", "=", self.site.id)], order="id"
        )
        self.assertEqual(complaints.partner_id, by_email | by_phone)
        self.assertEqual(complaints[0].partner_id, by_email)
        self.assertEqual(complaints[1].partner_id, by_phone)
        # an anonymous form changes no one's details
        self.assertEqual(by_email.name, "Zhao Lei")
        self.assertFalse(by_phone.email)
        self.assertEqual(complaints[1].contact_phone, "13900000202")
        # the thanks page shows no address the visitor did not type
        private = self.env["res.partner"].create(
            {
                "name": "Zhou Min",
                "phone": "+86 137 0000 0303",
                "email": "gr.zhou.private@example.com",
            }
        )
        response = self._submit(name="Zhou", email="", phone="13700000303")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("gr.zhou.private", response.text)
        self.assertEqual(
            self.env["guest.complaint"]
            .search([("site_id", "=", self.site.id)], order="id desc", limit=1)
            .partner_id,
            private,
        )

    def test_missing_and_wrong_values_refused_together(self):
        before = self._counts()
        future = (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
        response = self._submit(name="", email="not-an-address", what="", when=future)
        for message in (
            "Please tell us your name.",
            "not-an-address is not an e-mail address.",
            "Please tell us what happened.",
            "The time of the event is in the future.",
        ):
            self.assertIn(message, response.text)
        self._assert_refused(response, "Your complaint was not sent yet", before)
        response = self._submit(email="", phone="")
        self._assert_refused(
            response, "Please give a phone number or an e-mail address.", before
        )
        # what was typed is kept for the next try
        self.assertIn("Room 1208", response.text)

    def test_unknown_site_not_found(self):
        self.assertEqual(
            self.url_open("/complaint/new?site=no-such-token").status_code, 404
        )
        self.site.action_archive()
        self.assertEqual(self.url_open(self._site_url()).status_code, 404)

    def test_honeypot_refused(self):
        before = self._counts()
        response = self._submit(website_url="https://spam.example.com")
        self._assert_refused(
            response, "Your complaint could not be sent. Please try again.", before
        )

    def test_large_or_foreign_uploads_refused(self):
        before = self._counts()
        huge = b"\xff\xd8\xff\xe0" + b"\x00" * (20 * 1024 * 1024)
        response = self._submit(photos=[("lobby.jpg", huge)])
        self._assert_refused(
            response, "lobby.jpg is too large: a photo may have at most 5 MB.", before
        )
        response = self._submit(photos=[("shower.png", PNG), ("setup.exe", EXE)])
        self._assert_refused(
            response,
            "setup.exe is not a photo: please send JPEG, PNG, GIF or WebP images.",
            before,
        )
        # a program named as a photo is no photo either
        response = self._submit(photos=[("shower.png", EXE)])
        self._assert_refused(response, "shower.png is not a photo", before)
        response = self._submit(photos=[(f"p{n}.png", PNG) for n in range(6)])
        self._assert_refused(response, "Please send at most 5 photos.", before)
        # the size is the settings'
        self.set_limits(ip=0, contact=0, photo_mb=1)
        response = self._submit(photos=[("big.png", PNG + b"\x00" * 1024 * 1024)])
        self._assert_refused(response, "at most 1 MB", before)

    def test_rate_limit_per_address(self):
        self.set_limits(ip=2, contact=0, photo_mb=5)
        for n in range(2):
            response = self._submit(email=f"gr.guest{n}@example.com")
            self.assertEqual(response.status_code, 200)
        before = self._counts()
        response = self._submit(email="gr.guest9@example.com")
        self._assert_refused(
            response, "You have sent several complaints in a short time.", before
        )
        # an hour later the address may send again
        self.env.cr.execute(
            SQL(
                "UPDATE guest_complaint_form_submission SET create_date = %s",
                fields.Datetime.now() - timedelta(hours=2),
            )
        )
        self.assertEqual(self._submit(email="gr.guest9@example.com").status_code, 200)

    def test_rate_limit_per_phone_or_email(self):
        self.set_limits(ip=0, contact=1, photo_mb=5)
        self.assertEqual(
            self._submit(phone="+86 138 0000 0303", email="").status_code, 200
        )
        before = self._counts()
        # the same phone, written another way, with an e-mail besides
        response = self._submit(phone="138-0000-0303", email="gr.other@example.com")
        self._assert_refused(
            response, "You have sent several complaints in a short time.", before
        )
        self.assertEqual(self._submit(email="gr.other@example.com").status_code, 200)
        # the rule is the model's, whatever calls it
        with self.assertRaises(UserError):
            self.Submission._check_rate("10.0.0.1", False, "GR.Other@example.com")

    def test_nothing_half_created(self):
        """A failure after the checks (here the photos' storage) leaves no guest and
        no complaint behind."""
        before = self._counts()
        Attachment = type(self.env["ir.attachment"])
        with (
            patch.object(
                Attachment, "create", side_effect=UserError("The disk is full.")
            ),
            mute_logger("odoo.http"),
        ):
            response = self._submit(photos=[("shower.png", PNG)])
        self._assert_refused(response, "The disk is full.", before)

    def test_chinese_visitor(self):
        """A Chinese browser reads the form, its errors and its thanks in Chinese, and
        the guest it creates is Chinese."""
        load_chinese(self.env, "guest_revisit")
        chinese = {"Accept-Language": "zh-CN,zh;q=0.9"}
        page, _csrf_token = self._open_form(headers=chinese)
        self.assertIn("告诉我们出了什么问题", page.text)
        self.assertIn("电话", page.text)
        self.assertNotIn("Tell us what went wrong", page.text)
        response = self._submit(headers=chinese, name="")
        self.assertIn("请告诉我们您的姓名。", response.text)
        response = self._submit(headers=chinese, name="王芳", photos=[("a.exe", EXE)])
        self.assertIn("a.exe 不是照片", response.text)
        response = self._submit(headers=chinese, name="王芳")
        self.assertEqual(response.status_code, 200)
        self.assertIn("感谢您", response.text)
        complaint = self.env["guest.complaint"].search([("site_id", "=", self.site.id)])
        self.assertEqual(complaint.partner_id.lang, "zh_CN")
        # and is acknowledged in Chinese
        acknowledgement = self.env["mail.mail"].search(
            [("model", "=", "guest.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(
            acknowledgement.mapped("subject"), [f"您的投诉 {complaint.number} 已登记"]
        )
        # the language in the link outranks the browser's
        page, _csrf_token = self._open_form(prefix="/zh_CN")
        self.assertIn("告诉我们出了什么问题", page.text)

    def test_poster_pdf_in_chinese_with_qr_code(self):
        if not (shutil.which("pdftotext") and shutil.which("pdfimages")):
            raise unittest.SkipTest("poppler-utils is not installed")
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            raise unittest.SkipTest("wkhtmltopdf cannot make PDFs here")
        load_chinese(self.env, "guest_revisit")
        self.company.partner_id.lang = "zh_CN"
        self.site.name = "灵隐山居温泉度假村"
        self.assertIn(
            f"/complaint/new?site={self.site.access_token}", self.site.form_url
        )
        self.assertIn("barcode_type=QR", self.site.qr_code_url)
        self.assertEqual(self.env.ref(POSTER_REPORT).paperformat_id.format, "A5")
        content, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.user_admin)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(POSTER_REPORT, self.site.ids)
        )
        self.assertEqual(report_type, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            text = subprocess.run(
                ["pdftotext", pdf.name, "-"], capture_output=True, check=True
            ).stdout.decode()
            images = subprocess.run(
                ["pdfimages", "-list", pdf.name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()[2:]
        # Noto CJK's radicals read back as their Kangxi look-alikes: NFKC folds them.
        text = unicodedata.normalize("NFKC", text)
        for expected in ("灵隐山居温泉度假村", "请告诉我们", "扫码", "照片"):
            self.assertIn(expected, text)
        # one page, whose one image is the QR code fetched from the barcode route
        self.assertEqual(text.count("\f"), 1)
        self.assertEqual(len(images), 1, images)
        self.assertEqual(images[0].split()[3:5], [str(QR_SIZE), str(QR_SIZE)])

    def test_site_access(self):
        """Staff read the sites, only the administrators change them; a new link
        replaces the old one."""
        self.assertEqual(self.site.with_user(self.user_staff).name, "West Lake Resort")
        with self.assertRaises(AccessError):
            self.site.with_user(self.user_staff).write({"name": "Renamed"})
        old_token = self.site.access_token
        self.site.with_user(self.user_admin).action_renew_access_token()
        self.assertNotEqual(self.site.access_token, old_token)
        self.assertEqual(
            self.url_open(f"/complaint/new?site={old_token}").status_code, 404
        )
        self.assertTrue(self.site.qr_code)

    def test_limits_set_in_the_settings(self):
        self.env["res.config.settings"].create(
            {
                "complaint_form_ip_limit": 4,
                "complaint_form_contact_limit": 2,
                "complaint_form_max_photo_mb": 8,
            }
        ).execute()
        params = self.env["ir.config_parameter"]
        self.assertEqual(params.get_param("guest_revisit.complaint_form_ip_limit"), "4")
        self.assertEqual(
            params.get_param("guest_revisit.complaint_form_contact_limit"), "2"
        )
        self.assertEqual(self.Submission._max_photo_bytes(), 8 * 1024 * 1024)
        for values in (
            {"complaint_form_ip_limit": -1},
            {"complaint_form_max_photo_mb": 0},
        ):
            with self.assertRaises(ValidationError):
                self.env["res.config.settings"].create(values)
