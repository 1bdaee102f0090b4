from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import TestGuestRevisitCommon

CRUD = ("read", "write", "create", "unlink")
# Configuration every role reads and only the administrator edits.
CONFIGURATION_ACCESS = {
    "staff": "r",
    "desk_manager": "r",
    "department_head": "r",
    "office": "r",
    "admin": "rwcu",
    "employee": "r",
    "portal": "r",
}
# Expected model access per role: the letters of the operations allowed.
MATRIX = {
    "guest.complaint": {
        "staff": "rwc",
        "desk_manager": "rwcu",
        "department_head": "rwc",
        "office": "r",
        "admin": "rwcu",
        "employee": "",
        "portal": "r",
    },
    "guest.complaint.stage": CONFIGURATION_ACCESS,
    "guest.complaint.category": CONFIGURATION_ACCESS,
}


class TestGuestComplaintAccess(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_guest = new_test_user(
            cls.env,
            login="gr_portal",
            groups="base.group_portal",
            partner_id=cls.guest.id,
        )
        cls.role_users = dict(
            cls.users, employee=cls.user_plain_employee, portal=cls.portal_guest
        )

    def test_model_access_matrix(self):
        Access = self.env["ir.model.access"]
        for model, expected_by_role in MATRIX.items():
            for role, letters in expected_by_role.items():
                user = self.role_users[role]
                for operation in CRUD:
                    with self.subTest(model=model, role=role, operation=operation):
                        allowed = Access.with_user(user).check(
                            model, operation, raise_exception=False
                        )
                        self.assertEqual(bool(allowed), operation[0] in letters)

    def test_staff_sees_own_and_department_only(self):
        mine = self._create_complaint(user_id=self.user_staff.id)
        department = (
            self._create_complaint()
        )  # handled by the staff's department (category)
        elsewhere = self._create_complaint(
            category_id=False, department_id=self.other_department.id
        )
        Complaint = self.env["guest.complaint"].with_user(self.user_staff)
        visible = Complaint.search([("id", "in", (mine | department | elsewhere).ids)])
        self.assertEqual(visible, mine | department)
        with self.assertRaises(AccessError):
            elsewhere.with_user(self.user_staff).read(["name"])
        with self.assertRaises(AccessError):
            elsewhere.with_user(self.user_staff).write({"name": "hidden"})
        other_view = (
            self.env["guest.complaint"]
            .with_user(self.user_staff_other)
            .search([("id", "in", (mine | department | elsewhere).ids)])
        )
        self.assertEqual(other_view, elsewhere)

    def test_staff_without_hr_rights_links_employees(self):
        complaint = (
            self.env["guest.complaint"]
            .with_user(self.user_desk_manager)
            .create(
                {
                    "name": "Rude guide",
                    "partner_id": self.guest.id,
                    "employee_ids": [(6, 0, self.employee_staff.ids)],
                    "responsible_employee_id": self.employee_staff.id,
                }
            )
        )
        self.assertEqual(complaint.sudo().employee_ids, self.employee_staff)
        complaint.write({"employee_ids": [(5, 0, 0)]})
        self.assertFalse(complaint.sudo().employee_ids)

    def test_company_wide_roles(self):
        complaints = self._create_complaint() | self._create_complaint(
            category_id=False, department_id=self.other_department.id
        )
        for role in ("desk_manager", "department_head", "office", "admin"):
            with self.subTest(role=role):
                found = (
                    self.env["guest.complaint"]
                    .with_user(self.users[role])
                    .search([("id", "in", complaints.ids)])
                )
                self.assertEqual(found, complaints)
        with self.assertRaises(AccessError):
            complaints[0].with_user(self.user_office).write(
                {"name": "office cannot write"}
            )

    def test_only_desk_manager_deletes(self):
        complaint = self._create_complaint(user_id=self.user_staff.id)
        for role in ("staff", "department_head", "office"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                complaint.with_user(self.users[role]).unlink()
        complaint.with_user(self.user_desk_manager).unlink()
        self.assertFalse(complaint.exists())

    def test_multi_company(self):
        company_2 = self.env["res.company"].create({"name": "Second Resort"})
        foreign = self._create_complaint(company_id=company_2.id, category_id=False)
        for role in ("desk_manager", "office", "staff"):
            with self.subTest(role=role):
                found = (
                    self.env["guest.complaint"]
                    .with_user(self.users[role])
                    .search([("id", "=", foreign.id)])
                )
                self.assertFalse(found)

    def test_personal_data_fields_restricted(self):
        complaint = self._create_complaint()
        self.assertEqual(
            complaint.with_user(self.user_office).read(["contact_phone"])[0][
                "contact_phone"
            ],
            "+86 138 0000 0001",
        )
        fields_seen = (
            self.env["guest.complaint"].with_user(self.portal_guest).fields_get()
        )
        self.assertNotIn("contact_phone", fields_seen)
        self.assertNotIn("contact_email", fields_seen)
        with self.assertRaises(AccessError):
            complaint.with_user(self.portal_guest).read(["contact_phone"])

    def test_portal_guest_reads_only_own(self):
        own = self._create_complaint()
        other_guest = self.env["res.partner"].create({"name": "Someone else"})
        foreign = self._create_complaint(partner_id=other_guest.id)
        found = (
            self.env["guest.complaint"]
            .with_user(self.portal_guest)
            .search([("id", "in", (own | foreign).ids)])
        )
        self.assertEqual(found, own)
