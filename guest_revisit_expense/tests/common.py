from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.guest_revisit.tests.common import TestGuestRevisitCommon


class TestRevisitExpenseCommon(TestGuestRevisitCommon):
    """Revisit staff in the Guides department, whose manager is the department head;
    a leader in charge of the department, an over-limit approver, finance and an
    expense administrator. Limits are off unless a test sets them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages are asserted in English; the database may default to Chinese.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.department.manager_id = cls.employee_head
        cls.user_leader = new_test_user(
            cls.env, login="gre_leader", groups="base.group_user", name="GRE leader"
        )
        cls.user_default_leader = new_test_user(
            cls.env,
            login="gre_default_leader",
            groups="base.group_user",
            name="GRE default leader",
        )
        cls.user_limit_approver = new_test_user(
            cls.env,
            login="gre_limit",
            groups="guest_revisit_expense.group_revisit_expense_limit_approver",
            name="GRE over-limit approver",
        )
        cls.user_finance = new_test_user(
            cls.env,
            login="gre_finance",
            groups="account.group_account_invoice",
            name="GRE finance",
        )
        cls.user_expense_manager = new_test_user(
            cls.env,
            login="gre_expense_manager",
            groups="hr_expense.group_hr_expense_manager,account.group_account_manager",
            name="GRE expense manager",
        )
        cls.department.revisit_leader_id = cls.user_leader
        (
            cls.env["res.users"].browse([u.id for u in cls.users.values()])
            | cls.user_staff_other
            | cls.user_leader
            | cls.user_default_leader
            | cls.user_limit_approver
            | cls.user_finance
            | cls.user_expense_manager
        ).write({"lang": "en_US"})
        cls.company.write(
            {
                "revisit_expense_leader_id": cls.user_default_leader.id,
                "revisit_expense_limit_per_revisit": 0.0,
                "revisit_expense_limit_per_employee_month": 0.0,
            }
        )
        cls.product_meals = cls.env.ref("guest_revisit_expense.product_revisit_meals")
        cls.product_gifts = cls.env.ref("guest_revisit_expense.product_revisit_gifts")
        cls.revisit = cls._create_revisit()
        cls.today = fields.Date.context_today(cls.env.user)

    @classmethod
    def _create_hr_officer(cls):
        """An HR officer: an expense user with no revisit rights."""
        return new_test_user(
            cls.env,
            login="gre_hr_officer",
            groups="hr_expense.group_hr_expense_user",
            name="GRE HR officer",
        )

    @classmethod
    def _create_expense(cls, amount, revisit=None, user=None, **values):
        vals = {
            "name": "Lunch with the guest",
            "product_id": cls.product_meals.id,
            "employee_id": cls.employee_staff.id,
            "revisit_id": (revisit or cls.revisit).id,
            "total_amount_currency": amount,
        }
        vals.update(values)
        return cls.env["hr.expense"].with_user(user or cls.user_staff).create(vals)

    def _submitted(self, amount, **values):
        expense = self._create_expense(amount, **values)
        expense.with_user(self.user_staff).action_submit()
        return expense

    def _approve_as(self, expense, *users):
        for user in users:
            expense.with_user(user).action_approve()
        return expense

    def _set_limits(self, per_revisit=0.0, per_month=0.0):
        self.company.write(
            {
                "revisit_expense_limit_per_revisit": per_revisit,
                "revisit_expense_limit_per_employee_month": per_month,
            }
        )

    def _post_as_finance(self, expense):
        """Finance posts the receipt through the standard posting wizard."""
        action = expense.with_user(self.user_finance).action_post()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_finance)
            .with_context(**action["context"])
            .browse(action["res_id"])
        )
        return wizard.action_post_entry()
