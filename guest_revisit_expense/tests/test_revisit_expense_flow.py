from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.guest_revisit.tests.common import load_chinese

from .common import TestRevisitExpenseCommon


@tagged("post_install", "-at_install")
class TestRevisitExpenseFlow(TestRevisitExpenseCommon):
    """E2: department head, then leader in charge, then finance posts and pays."""

    def test_full_flow_four_users(self):
        expense = self._create_expense(88.0)
        self.assertEqual(expense.revisit_head_id, self.user_department_head)
        self.assertEqual(expense.revisit_leader_id, self.user_leader)
        expense.with_user(self.user_staff).action_submit()
        self.assertEqual(expense.state, "submitted")
        self.assertEqual(expense.manager_id, self.user_department_head)
        self.assertEqual(expense.activity_ids.user_id, self.user_department_head)

        # The leader in charge cannot sign before the department head.
        with self.assertRaisesRegex(UserError, "waiting for Department Head"):
            expense.with_user(self.user_leader).action_approve()

        expense.with_user(self.user_department_head).action_approve()
        self.assertEqual(expense.state, "submitted", "one signature is not enough")
        self.assertEqual(expense.revisit_approval_ids.level, "head")
        self.assertEqual(expense.revisit_next_level, "leader")
        self.assertEqual(expense.activity_ids.user_id, self.user_leader)
        # Signing twice does not count as the second level.
        with self.assertRaisesRegex(UserError, "waiting for Leader in Charge"):
            expense.with_user(self.user_department_head).action_approve()

        expense.with_user(self.user_leader).action_approve()
        self.assertEqual(expense.state, "approved")
        self.assertEqual(
            expense.revisit_approval_ids.mapped("user_id"),
            self.user_department_head | self.user_leader,
        )
        self.assertFalse(expense.activity_ids)

        if not self.env["account.journal"].search_count(
            [("company_id", "=", self.company.id), ("type", "=", "purchase")], limit=1
        ):
            self.skipTest("The company has no chart of accounts to post expenses.")
        self._post_as_finance(expense)
        self.assertEqual(expense.state, "posted")
        self.assertTrue(expense.account_move_id)
        payment_register = (
            self.env["account.payment.register"]
            .with_user(self.user_finance)
            .with_context(
                active_model="account.move", active_ids=expense.account_move_id.ids
            )
            .create({})
        )
        payment_register.action_create_payments()
        self.assertIn(expense.state, ("in_payment", "paid"))

    def test_no_auto_validation_without_approver(self):
        """Upstream approves an expense with no approver on submission: a revisit
        expense without a department head is refused instead, never approved."""
        self.department.manager_id = False
        self.department_service.manager_id = False
        expense = self._create_expense(50.0)
        with self.assertRaisesRegex(UserError, "no manager to approve it"):
            expense.with_user(self.user_staff).action_submit()
        self.assertEqual(expense.state, "draft")

    def test_head_from_parent_department_and_default_leader(self):
        # The staff member manages their own department: the parent's manager heads.
        self.department.manager_id = self.employee_staff
        self.department.revisit_leader_id = False
        expense = self._create_expense(51.0)
        self.assertEqual(expense.revisit_head_id, self.user_department_head)
        self.assertEqual(expense.revisit_leader_id, self.user_default_leader)

    def test_no_leader_refuses_submission(self):
        self.department.revisit_leader_id = False
        self.company.revisit_expense_leader_id = False
        expense = self._create_expense(52.0)
        with self.assertRaisesRegex(UserError, "no leader in charge"):
            expense.with_user(self.user_staff).action_submit()

    def test_staff_cannot_approve_own_expense(self):
        self.department.revisit_leader_id = self.user_staff
        expense = self._submitted(53.0)
        # Their own leadership is skipped: the company default signs.
        self.assertEqual(expense.revisit_leader_id, self.user_default_leader)
        with self.assertRaises(UserError):
            expense.with_user(self.user_staff).action_approve()

    def test_expense_manager_cannot_sign_for_the_levels(self):
        expense = self._submitted(54.0)
        with self.assertRaisesRegex(UserError, "waiting for Department Head"):
            expense.with_user(self.user_expense_manager).action_approve()
        self.assertEqual(expense.state, "submitted")
        self.assertFalse(expense.revisit_approval_ids)

    def test_refuse_by_leader_and_resubmit(self):
        expense = self._submitted(55.0)
        self._approve_as(expense, self.user_department_head)
        action = expense.with_user(self.user_leader).action_revisit_refuse()
        wizard = (
            self.env["hr.expense.refuse.wizard"]
            .with_user(self.user_leader)
            .with_context(**action["context"])
            .create({"reason": "No receipt"})
        )
        wizard.action_refuse()
        self.assertEqual(expense.state, "refused")
        self.assertFalse(expense.revisit_approval_ids, "signatures are void")
        # Another employee may not refuse.
        other = self._submitted(56.0)
        with self.assertRaises(UserError):  # AccessError included
            other.with_user(self.user_staff_other).action_revisit_refuse()
        # Reset and submitted again: every level signs again.
        expense.with_user(self.user_expense_manager).action_reset()
        expense.with_user(self.user_staff).action_submit()
        self.assertEqual(expense.revisit_next_level, "head")

    def test_other_expenses_keep_the_standard_flow(self):
        """An expense without a revisit is approved as Odoo does it."""
        self.employee_staff.expense_manager_id = self.user_expense_manager
        expense = self.env["hr.expense"].create(
            {
                "name": "Office supplies",
                "product_id": self.product_meals.id,
                "employee_id": self.employee_staff.id,
                "total_amount_currency": 57.0,
            }
        )
        expense.with_user(self.user_staff).action_submit()
        self.assertEqual(expense.manager_id, self.user_expense_manager)
        expense.with_user(self.user_expense_manager).action_approve()
        self.assertEqual(expense.state, "approved")
        self.assertFalse(expense.revisit_approval_ids)

    def test_approvers_follow_departments_at_any_depth(self):
        """The head is found by walking up the departments: a manager changed
        three levels up reaches the expense."""
        headquarters = self.env["hr.department"].create({"name": "Headquarters"})
        self.department_service.write(
            {"parent_id": headquarters.id, "manager_id": False}
        )
        self.department.manager_id = self.employee_staff
        self.department.revisit_leader_id = False
        expense = self._create_expense(58.0)
        self.assertFalse(expense.revisit_head_id)
        headquarters.manager_id = self.employee_head
        self.assertEqual(expense.revisit_head_id, self.user_department_head)
        headquarters.revisit_leader_id = self.user_leader
        self.assertEqual(expense.revisit_leader_id, self.user_leader)

    def test_next_approval_activity_in_the_approvers_language(self):
        load_chinese(self.env, "hr_expense")
        self.user_department_head.lang = "en_US"
        self.user_leader.lang = "zh_CN"
        expense = self._create_expense(88.0)
        expense.with_user(self.user_staff).action_submit()
        expense.with_user(self.user_department_head).with_context(
            lang="en_US"
        ).action_approve()
        self.assertEqual(expense.activity_ids.user_id, self.user_leader)
        self.assertEqual(expense.activity_ids.summary, "费用批准")
