from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ROLE_GROUPS, load_chinese


@tagged("post_install", "-at_install")
class TestGuestRevisitDashboardUi(HttpCase):
    def test_department_head_drills_from_a_completion_bar_in_chinese(self):
        """This month, 看板导游部: three planned contacts (two reached, one still
        planned) and a complaint; 看板客房部: one planned contact. The bar of
        看板导游部 lists its three."""
        load_chinese(self.env, "guest_revisit")
        head = new_test_user(
            self.env,
            login="dashboard_head",
            name="看板部门负责人",
            groups=ROLE_GROUPS["department_head"],
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        Department = self.env["hr.department"]
        guides = Department.create({"name": "看板导游部"})
        housekeeping = Department.create({"name": "看板客房部"})
        staff = {}
        for department in guides | housekeeping:
            user = new_test_user(
                self.env,
                login=f"dashboard_staff_{department.id}",
                groups=ROLE_GROUPS["staff"],
            )
            self.env["hr.employee"].create(
                {
                    "name": user.name,
                    "user_id": user.id,
                    "department_id": department.id,
                }
            )
            staff[department] = user
        Revisit = self.env["guest.revisit"]
        now = fields.Datetime.now()
        guests = self.env["res.partner"].create(
            [{"name": f"看板宾客 {i}"} for i in range(3)] + [{"name": "看板他人宾客"}]
        )
        planned = Revisit.create(
            [
                {
                    "partner_id": guest.id,
                    "user_id": staff[guides].id,
                    "method": "phone",
                    "scheduled_at": now,
                }
                for guest in guests[:3]
            ]
        )
        for revisit in planned[:2]:
            revisit.write({"outcome": "reached"})
            revisit.action_done()
        other = Revisit.create(
            {
                "partner_id": guests[3].id,
                "user_id": staff[housekeeping].id,
                "method": "phone",
                "scheduled_at": now,
            }
        )
        self.env["guest.complaint"].create(
            {
                "name": "看板投诉",
                "partner_id": guests[0].id,
                "user_id": staff[guides].id,
                "department_id": guides.id,
                "cause_category": "service",
            }
        )
        self.assertEqual(set(planned.mapped("department_id")), {guides})
        self.assertEqual(other.department_id, housekeeping)
        self.start_tour(
            "/odoo/revisit-dashboard",
            "guest_revisit_dashboard_chinese_tour",
            login=head.login,
        )
