import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import TestGuestRevisitCommon


@tagged("post_install", "-at_install")
class TestGuestComplaintPortal(HttpCase, TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="gr_portal_guest",
            groups="base.group_portal",
            partner_id=cls.guest.id,
            password="gr_portal_guest_pw",
        )
        cls.other_guest = cls.env["res.partner"].create(
            {"name": "Other Guest", "email": "other.guest@example.com"}
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="gr_portal_other",
            groups="base.group_portal",
            partner_id=cls.other_guest.id,
            password="gr_portal_other_pw",
        )
        cls.complaint = cls._create_complaint(
            name="Shopping stops",
            user_id=cls.user_staff.id,
            corrective_action="Refund of the shopping stop excursion",
        )
        cls.complaint.action_resolve()

    def test_guest_sees_stage_solution_and_result(self):
        self.authenticate("gr_portal_guest", "gr_portal_guest_pw")
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.complaint.number, listing.text)
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Refund of the shopping stop excursion", page.text)
        stage = self.complaint.stage_id.with_context(lang=self.portal_user.lang)
        self.assertIn(stage.name, page.text)
        self.assertNotIn("+86 138 0000 0001", page.text, "no personal data on the page")

    def test_second_guest_cannot_open_it(self):
        self.authenticate("gr_portal_other", "gr_portal_other_pw")
        listing = self.url_open("/my/complaints")
        self.assertNotIn(self.complaint.number, listing.text)
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertNotIn("Refund of the shopping stop excursion", page.text)
        self.assertTrue(page.url.endswith("/my"), "redirected to the portal home")

    def test_share_link_with_token_works_without_login(self):
        url = self.complaint._get_share_url(redirect=False)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Refund of the shopping stop excursion", page.text)
        forged = self.url_open(
            f"/my/complaints/{self.complaint.id}?access_token=forged"
        )
        self.assertNotIn("Refund of the shopping stop excursion", forged.text)

    def test_mail_link_opens_the_portal_in_the_guest_language(self):
        """The link a Chinese guest is mailed opens the complaint in Chinese, signed
        in or not, and never goes through an English URL."""
        self.env["res.lang"]._activate_lang("zh_CN")
        # The default language's links carry no prefix, whichever it is here.
        self.env["ir.default"].set("res.partner", "lang", "en_US")
        chinese_guest = self.env["res.partner"].create(
            {
                "name": "王芳",
                "email": "gr.wang.fang.portal@example.org",
                "lang": "zh_CN",
            }
        )
        complaint = self._create_complaint(
            name="接送迟到",
            partner_id=chinese_guest.id,
            user_id=self.user_staff.id,
            corrective_action="退还接送费用",
        )
        complaint.action_resolve()
        url = complaint._get_guest_portal_url()
        self.assertIn(f"/zh_CN/my/complaints/{complaint.id}?access_token=", url)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("/en/", page.url)
        self.assertIn("退还接送费用", page.text)
        stage_zh = complaint.stage_id.with_context(lang="zh_CN").name
        self.assertNotEqual(
            stage_zh, complaint.stage_id.with_context(lang="en_US").name
        )
        self.assertIn(stage_zh, page.text)
        # an English guest's link carries no language
        self.guest.lang = "en_US"
        self.assertNotIn("/en/", self.complaint._get_guest_portal_url())

    def test_signed_in_guest_reads_the_portal_in_their_language(self):
        """A Chinese guest who signs in on a browser last used in English (its
        ``frontend_lang`` cookie) reads their complaints in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.default"].set("res.partner", "lang", "en_US")
        self.portal_user.lang = "zh_CN"
        self.url_open("/en/my/home")
        self.assertEqual(self.opener.cookies.get("frontend_lang"), "en_US")
        login_page = self.url_open("/web/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page.text)
        signed_in = self.url_open(
            "/web/login",
            data={
                "login": "gr_portal_guest",
                "password": "gr_portal_guest_pw",
                "csrf_token": csrf.group(1),
            },
        )
        self.assertEqual(signed_in.status_code, 200)
        self.assertIn("/my", signed_in.url)
        listing = self.url_open("/my/complaints")
        stage_zh = self.complaint.stage_id.with_context(lang="zh_CN").name
        self.assertIn(stage_zh, listing.text)
        stage_en = self.complaint.stage_id.with_context(lang="en_US").name
        self.assertNotIn(stage_en, listing.text)
