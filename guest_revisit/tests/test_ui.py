from odoo.tests import HttpCase, new_test_user, tagged

from .common import ROLE_GROUPS, load_chinese


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
        load_chinese(self.env, "guest_revisit")
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
        self.assertTrue(complaint.revisit_waived)
        self.assertEqual(complaint.revisit_waived_by_id, desk_manager)
        self.assertEqual(complaint.revisit_waiver_reason, "游客要求不再回访")
        self.assertEqual(complaint.severity, "urgent")
        self.assertEqual(complaint.user_id, desk_manager)
        self.assertTrue(complaint.first_contact_at and complaint.fed_back_at)
        self.assertEqual(complaint.corrective_action, "退还自费项目费用并致歉")

    def test_revisit_from_plan_to_approved_report_in_chinese(self):
        """Plan -> approval -> appointment -> record with scores and signature ->
        report -> department head's approval, each by its own person, in Chinese."""
        load_chinese(self.env, "guest_revisit")
        self.env.company.revisit_plan_approval = True
        people = {
            role: new_test_user(
                self.env,
                login=f"tour_{role}",
                name=f"Tour {role}",
                groups=ROLE_GROUPS[role],
                lang="zh_CN",
                tz="Asia/Shanghai",
            )
            for role in ("staff", "department_head")
        }
        head_employee = self.env["hr.employee"].create(
            {"name": "Tour head", "user_id": people["department_head"].id}
        )
        department = self.env["hr.department"].create(
            {"name": "Tour guest service", "manager_id": head_employee.id}
        )
        self.env["hr.employee"].create(
            {
                "name": "Tour staff",
                "user_id": people["staff"].id,
                "department_id": department.id,
            }
        )
        vip = self.env["guest.type"].create(
            {"name": "Tour VIP type", "revisit_method": "on_site"}
        )
        guest = self.env["res.partner"].create(
            {"name": "Tour VIP Guest", "guest_type_id": vip.id}
        )

        self.start_tour(
            "/odoo/revisit-plans/new", "guest_revisit_plan_tour", login="tour_staff"
        )
        plan = self.env["guest.revisit.plan"].search([("partner_ids", "=", guest.id)])
        self.assertEqual(plan.state, "to_approve")
        self.assertEqual(plan.method, "on_site")
        self.assertEqual(plan.activity_ids.user_id, people["department_head"])

        self.start_tour(
            f"/odoo/revisit-plans/{plan.id}",
            "guest_revisit_plan_approval_tour",
            login="tour_department_head",
        )
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.review_comment, "上午十点前联系游客")
        revisit = plan.revisit_ids
        self.assertEqual(len(revisit), 1)

        self.start_tour(
            f"/odoo/revisits/{revisit.id}",
            "guest_revisit_record_tour",
            login="tour_staff",
        )
        self.assertEqual(revisit.state, "done")
        self.assertEqual(revisit.outcome, "reached")
        self.assertEqual(revisit.score_overall, 5)
        self.assertEqual(revisit.recommend_score, "10")
        self.assertEqual(revisit.nps_category, "promoter")
        self.assertEqual(revisit.calendar_event_id.location, "游客酒店大堂")
        self.assertIn(guest, revisit.calendar_event_id.partner_ids)
        self.assertTrue(revisit.guest_signature)
        self.assertEqual(revisit.signed_by, "李明")

        self.start_tour(
            "/odoo/revisit-reports/new", "guest_revisit_report_tour", login="tour_staff"
        )
        report = self.env["guest.revisit.report"].search(
            [("name", "=", "本月回访报告 tour")]
        )
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.plan_id, plan)
        self.assertEqual(report.revisit_ids, revisit)
        self.assertEqual(report.avg_overall, 5.0)
        self.assertEqual(report.nps, 100.0)

        self.start_tour(
            f"/odoo/revisit-reports/{report.id}",
            "guest_revisit_report_approval_tour",
            login="tour_department_head",
        )
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.reviewer_id, people["department_head"])

    def test_dashboard_drills_into_a_number(self):
        staff = new_test_user(
            self.env,
            login="dashboard_staff",
            name="Dashboard Staff",
            groups=ROLE_GROUPS["staff"],
        )
        manager = new_test_user(
            self.env,
            login="dashboard_manager",
            groups=ROLE_GROUPS["desk_manager"],
        )
        guest = self.env["res.partner"].create({"name": "Dashboard guest"})
        complaint = self.env["guest.complaint"].create(
            {"name": "Dashboard complaint", "partner_id": guest.id, "user_id": staff.id}
        )
        complaint.action_record_first_contact()
        self.start_tour(
            "/odoo/revisit-dashboard",
            "guest_revisit_dashboard_tour",
            login=manager.login,
        )
