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
