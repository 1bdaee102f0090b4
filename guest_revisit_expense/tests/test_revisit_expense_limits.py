from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TestRevisitExpenseCommon


@tagged("post_install", "-at_install")
class TestRevisitExpenseLimits(TestRevisitExpenseCommon):
    """E3: limits per revisit and per employee and month, and the extra approval."""

    def _fully_approved(self, amount, **values):
        expense = self._submitted(amount, **values)
        return self._approve_as(expense, self.user_department_head, self.user_leader)

    def test_within_limit_two_levels(self):
        self._set_limits(per_revisit=100.0)
        expense = self._fully_approved(60.0)
        self.assertEqual(expense.state, "approved")
        self.assertFalse(expense.revisit_over_limit)
        self.assertEqual(expense.revisit_remaining_revisit, 40.0)

    def test_over_limit_needs_the_extra_approval(self):
        self._set_limits(per_revisit=100.0)
        expense = self._fully_approved(130.0)
        self.assertEqual(expense.state, "submitted", "head and leader are not enough")
        self.assertTrue(expense.revisit_over_limit)
        self.assertIn("over the limit", expense.revisit_over_limit_reason)
        self.assertEqual(expense.revisit_remaining_revisit, -30.0)
        self.assertEqual(expense.revisit_next_level, "limit")
        # Nobody else gives it: not the head, not the leader, not the expense admin.
        for user in (
            self.user_department_head,
            self.user_leader,
            self.user_expense_manager,
        ):
            with self.assertRaisesRegex(UserError, "over-limit approval"):
                expense.with_user(user).action_approve()
        self.assertIn(self.user_limit_approver, expense.activity_ids.user_id)
        self.assertNotIn(self.user_leader, expense.activity_ids.user_id)
        expense.with_user(self.user_limit_approver).action_approve()
        self.assertEqual(expense.state, "approved")
        self.assertEqual(
            expense.revisit_approval_ids.mapped("level"), ["head", "leader", "limit"]
        )

    def test_splitting_does_not_escape_the_limit(self):
        self._set_limits(per_revisit=100.0)
        first = self._fully_approved(60.0)
        self.assertEqual(first.state, "approved")
        second = self._fully_approved(50.0)
        self.assertEqual(second.revisit_total_revisit, 110.0)
        self.assertTrue(second.revisit_over_limit)
        self.assertEqual(second.state, "submitted")
        self.assertEqual(second.revisit_next_level, "limit")

    def test_split_wizard_sends_parts_back_to_the_approvers(self):
        self._set_limits(per_revisit=1000.0)
        expense = self._fully_approved(80.0)
        action = expense.with_user(self.user_expense_manager).action_split_wizard()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        split = wizard.with_user(self.user_expense_manager).action_split_expense()
        parts = self.env["hr.expense"].search(split["domain"])
        self.assertEqual(len(parts), 2)
        self.assertEqual(set(parts.mapped("state")), {"submitted"})
        self.assertFalse(parts.revisit_approval_ids)

    def test_employee_month_limit_and_month_boundary(self):
        self._set_limits(per_month=100.0)
        other_revisit = self._create_revisit()
        january = self._submitted(70.0, date=date(2026, 1, 31))
        february = self._submitted(60.0, revisit=other_revisit, date=date(2026, 2, 1))
        self.assertFalse(january.revisit_over_limit)
        self.assertFalse(february.revisit_over_limit, "another month: its own total")
        self.assertEqual(february.revisit_total_employee_month, 60.0)
        late_january = self._create_expense(
            40.0, revisit=other_revisit, date=date(2026, 1, 15)
        )
        self.assertEqual(late_january.revisit_total_employee_month, 110.0)
        self.assertTrue(late_january.revisit_over_limit)
        self.assertIn("2026-01", late_january.revisit_over_limit_reason)
        self.assertEqual(late_january.revisit_remaining_employee_month, -10.0)

    def test_currency_converted_at_the_expense_date(self):
        self._set_limits(per_revisit=100.0)
        currency = self.env["res.currency"].create(
            {"name": "GRX", "symbol": "X", "rounding": 0.01}
        )
        # 1 company unit = 2 GRX in January, = 1 GRX in February.
        self.env["res.currency.rate"].create(
            [
                {
                    "name": date(2026, 1, 1),
                    "rate": 2.0,
                    "currency_id": currency.id,
                    "company_id": self.company.id,
                },
                {
                    "name": date(2026, 2, 1),
                    "rate": 1.0,
                    "currency_id": currency.id,
                    "company_id": self.company.id,
                },
            ]
        )
        january = self._create_expense(
            180.0, currency_id=currency.id, date=date(2026, 1, 20)
        )
        self.assertEqual(january.revisit_amount_company, 90.0)
        self.assertFalse(january.revisit_over_limit)
        february = self._create_expense(
            180.0,
            revisit=self._create_revisit(),
            currency_id=currency.id,
            date=date(2026, 2, 20),
        )
        self.assertEqual(february.revisit_amount_company, 180.0)
        self.assertTrue(february.revisit_over_limit)

    def test_refused_expenses_do_not_count(self):
        self._set_limits(per_revisit=100.0)
        refused = self._submitted(90.0)
        refused.with_user(self.user_department_head)._check_can_refuse()
        refused.with_user(self.user_department_head)._do_refuse("Duplicate")
        self.assertEqual(refused.state, "refused")
        expense = self._fully_approved(70.0)
        self.assertEqual(expense.revisit_total_revisit, 70.0)
        self.assertEqual(expense.state, "approved")

    def test_amount_changed_after_approval_needs_new_approval(self):
        self._set_limits(per_revisit=100.0)
        expense = self._fully_approved(60.0)
        self.assertEqual(expense.state, "approved")
        expense.with_user(self.user_expense_manager).write(
            {"total_amount_currency": 140.0}
        )
        self.assertEqual(expense.state, "submitted")
        self.assertFalse(expense.revisit_approval_ids)
        self.assertEqual(expense.revisit_next_level, "head")
        self.assertTrue(
            any("approvals start again" in str(m.body) for m in expense.message_ids)
        )
        self._approve_as(expense, self.user_department_head, self.user_leader)
        self.assertEqual(expense.revisit_next_level, "limit", "now over the limit")
        expense.with_user(self.user_limit_approver).action_approve()
        self.assertEqual(expense.state, "approved")

    def test_amount_changed_between_levels_restarts(self):
        expense = self._submitted(61.0)
        self._approve_as(expense, self.user_department_head)
        expense.with_user(self.user_department_head).write(
            {"total_amount_currency": 62.0}
        )
        self.assertFalse(expense.revisit_approval_ids)
        with self.assertRaisesRegex(UserError, "waiting for Department Head"):
            expense.with_user(self.user_leader).action_approve()

    def test_posting_rechecks_the_limit(self):
        """Approved within the limit, then the limit was lowered: posting refuses."""
        self._set_limits(per_revisit=100.0)
        expense = self._fully_approved(80.0)
        self.assertEqual(expense.state, "approved")
        self._set_limits(per_revisit=50.0)
        with self.assertRaisesRegex(UserError, "Over-limit Approval"):
            expense.with_user(self.user_finance).action_post()
        with self.assertRaisesRegex(UserError, "Over-limit Approval"):
            expense.sudo()._post_without_wizard()
        self.assertFalse(expense.account_move_id)

    def test_in_process_bypasses_are_refused(self):
        self._set_limits(per_revisit=100.0)
        expense = self._fully_approved(150.0)
        self.assertEqual(expense.state, "submitted")
        manager = self.user_expense_manager
        with self.assertRaisesRegex(UserError, "over-limit approval"):
            expense.with_user(manager)._do_approve(check=False)
        with self.assertRaisesRegex(UserError, "missing approvals"):
            expense.with_user(manager).write({"approval_state": "approved"})
        with self.assertRaisesRegex(UserError, "missing approvals"):
            expense.sudo().write({"approval_state": "approved"})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            expense.sudo().write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "set by the approval flow"):
            expense.with_user(manager).write({"revisit_leader_id": manager.id})
        with self.assertRaisesRegex(UserError, "set by the approval flow"):
            expense.with_user(manager).write(
                {"revisit_approval_ids": [(0, 0, {"level": "limit"})]}
            )
        with self.assertRaises(AccessError):
            self.env["hr.expense.revisit.approval"].with_user(manager).create(
                {
                    "expense_id": expense.id,
                    "level": "limit",
                    "user_id": manager.id,
                    "currency_id": expense.currency_id.id,
                    "amount_currency": expense.total_amount_currency,
                }
            )
        with self.assertRaisesRegex(UserError, "approved"):
            expense.with_user(manager).action_post()
        with self.assertRaisesRegex(UserError, "missing approvals"):
            self._create_expense(20.0, user=manager, approval_state="approved")
        self.assertEqual(expense.state, "submitted")
        self.assertEqual(len(expense.revisit_approval_ids), 2)

    def test_no_limit_by_default(self):
        expense = self._fully_approved(100000.0)
        self.assertEqual(expense.state, "approved")
        self.assertFalse(expense.revisit_has_limit_revisit)
