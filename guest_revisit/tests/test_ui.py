from odoo.tests import HttpCase, new_test_user, tagged

from .common import ROLE_GROUPS


@tagged("post_install", "-at_install")
class TestGuestRevisitUi(HttpCase):
    def test_app_menu_tour_as_admin(self):
        self.start_tour("/odoo", "guest_revisit_app_menu_tour", login="admin")

    def test_every_role_logs_in_and_opens_the_app(self):
        menu = self.env.ref("guest_revisit.menu_guest_revisit_root")
        for role, group in ROLE_GROUPS.items():
            with self.subTest(role=role):
                user = new_test_user(
                    self.env, login=f"ui_{role}", groups=group, password=f"ui_{role}_pw"
                )
                self.authenticate(user.login, f"ui_{role}_pw")
                response = self.url_open("/odoo/guest-complaints")
                self.assertEqual(response.status_code, 200)
                visible = (
                    self.env["ir.ui.menu"]
                    .with_user(user)
                    .search([("id", "=", menu.id)])
                )
                self.assertEqual(visible, menu, f"{role} sees the app")
                self.logout()

    def test_complaint_desk_tour_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "guest_revisit")]
        )._update_translations(["zh_CN"])
        desk_manager = new_test_user(
            self.env,
            login="tour_desk",
            name="Tour Desk Manager",
            groups="guest_revisit.group_revisit_desk_manager",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        self.env["res.partner"].create(
            {"name": "Tour Guest", "email": "tour.guest@example.com"}
        )
        self.start_tour(
            "/odoo/guest-complaints/new",
            "guest_revisit_complaint_desk_tour",
            login=desk_manager.login,
        )
        complaint = self.env["guest.complaint"].search(
            [("partner_id.name", "=", "Tour Guest")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.name, "导游擅自更改行程 tour")
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.severity, "urgent")
        self.assertEqual(complaint.user_id, desk_manager)
        self.assertTrue(complaint.first_contact_at and complaint.fed_back_at)
        self.assertEqual(complaint.corrective_action, "退还自费项目费用并致歉")
