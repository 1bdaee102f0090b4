from odoo.exceptions import AccessError

from .common import TestGuestRevisitCommon


class TestGuestRevisitAccess(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._create_revisit()
        cls.other = cls._create_revisit(user_id=cls.user_staff_other.id)
        cls.other_company = cls.env["res.company"].create({"name": "Other resort"})
        cls.foreign = cls._create_revisit(
            company_id=cls.other_company.id, user_id=cls.env.user.id
        )
        Plan = cls.env["guest.revisit.plan"]
        cls.own_plan = Plan.create(
            {"name": "Own", "user_id": cls.user_staff.id, "date_end": "2030-01-01"}
        )
        cls.other_plan = Plan.create(
            {
                "name": "Other",
                "user_id": cls.user_staff_other.id,
                "date_end": "2030-01-01",
            }
        )

    def _visible(self, user, model, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def test_staff_see_their_own_and_their_departments_work(self):
        revisits = self.own | self.other | self.foreign
        self.assertEqual(
            self._visible(self.user_staff, "guest.revisit", revisits), self.own
        )
        self.assertEqual(
            self._visible(self.user_staff_other, "guest.revisit", revisits), self.other
        )
        plans = self.own_plan | self.other_plan
        self.assertEqual(
            self._visible(self.user_staff, "guest.revisit.plan", plans), self.own_plan
        )
        with self.assertRaises(AccessError):
            self.other.with_user(self.user_staff).read(["number"])
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_staff).unlink()

    def test_managers_heads_and_office_see_the_company(self):
        revisits = self.own | self.other | self.foreign
        for role in ("desk_manager", "department_head", "office", "admin"):
            self.assertEqual(
                self._visible(self.users[role], "guest.revisit", revisits),
                self.own | self.other,
                role,
            )

    def test_office_reads_only(self):
        office = self.own.with_user(self.user_office)
        office.read(["number", "score_overall"])
        with self.assertRaises(AccessError):
            office.write({"score_overall": 3})
        with self.assertRaises(AccessError):
            self.env["guest.revisit.report"].with_user(self.user_office).create(
                {"name": "R", "date_from": "2026-01-01", "date_to": "2026-01-31"}
            )

    def test_plain_employees_see_nothing(self):
        for model in ("guest.revisit", "guest.revisit.plan", "guest.revisit.report"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_plain_employee).search([])

    def test_guest_archive_is_personal_data(self):
        guest = self.guest.with_user(self.user_plain_employee)
        with self.assertRaises(AccessError):
            guest.read(["guest_avg_satisfaction"])
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_staff_other).read(["guest_signature"])
