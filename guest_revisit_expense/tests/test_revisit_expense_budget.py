import re
from datetime import datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tools import format_amount

from odoo.addons.guest_revisit.tests.common import load_chinese

from .common import TestRevisitExpenseCommon


@tagged("post_install", "-at_install")
class TestRevisitExpenseBudget(TestRevisitExpenseCommon):
    """E3: one budget over every cost of a revisit or employee-month from submission
    on, re-checked at every approval and at posting, whatever the order of events."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_hr_officer = cls._create_hr_officer()
        cls.user_hr_officer.lang = "en_US"
        cls.has_chart = bool(
            cls.env["account.journal"].search_count(
                [("company_id", "=", cls.company.id), ("type", "=", "purchase")],
                limit=1,
            )
        )

    def setUp(self):
        super().setUp()
        if not self.has_chart:
            self.skipTest("The company has no chart of accounts to post expenses.")
        self._set_limits(per_revisit=500.0)

    def _money(self, amount):
        return format_amount(self.env, amount, self.company.currency_id)

    def _covers(self, amount):
        return re.escape(f"must cover {self._money(amount)}")

    def _approved(self, amount, **values):
        expense = self._submitted(amount, **values)
        return self._approve_as(expense, self.user_department_head, self.user_leader)

    def _refuse_as(self, expense, user, reason="No receipt"):
        action = expense.with_user(user).action_revisit_refuse()
        wizard = (
            self.env["hr.expense.refuse.wizard"]
            .with_user(user)
            .with_context(**action["context"])
            .create({"reason": reason})
        )
        wizard.action_refuse()

    def test_relinked_approved_expense_meets_its_new_budget(self):
        """Approved on one revisit within its limit, re-linked to a revisit whose
        costs are already posted: the approval restarts and the new budget (not
        only older expenses) demands the over-limit approval."""
        revisit_r4 = self._create_revisit()
        revisit_r3 = self.revisit
        expense_x = self._approved(300.0, revisit=revisit_r4)
        expense_y = self._approved(302.0, revisit=revisit_r3)
        self.assertEqual((expense_x | expense_y).mapped("state"), ["approved"] * 2)
        self._post_as_finance(expense_y)
        self.assertEqual(expense_y.state, "posted")

        expense_x.with_user(self.user_department_head).write(
            {"revisit_id": revisit_r3.id}
        )
        self.assertEqual(expense_x.state, "submitted")
        self.assertFalse(expense_x.revisit_approval_ids)
        self.assertTrue(expense_x.revisit_over_limit)
        self.assertEqual(expense_x.revisit_total_revisit, 602.0)
        self._approve_as(expense_x, self.user_department_head, self.user_leader)
        self.assertEqual(expense_x.state, "submitted", "head and leader are not enough")
        self.assertEqual(expense_x.revisit_next_level, "limit")
        with self.assertRaisesRegex(UserError, "approved expense"):
            expense_x.with_user(self.user_finance).action_post()
        for user in (self.user_leader, self.user_expense_manager):
            with self.assertRaises(UserError) as caught:
                expense_x.with_user(user).action_approve()
            message = str(caught.exception)
            # The revisit, its budget, what is committed, what must be covered.
            self.assertIn(revisit_r3.number, message)
            self.assertIn(self._money(500.0), message)
            self.assertIn(self._money(302.0), message)
            self.assertIn(self._money(602.0), message)
            self.assertIn(self._money(102.0), message)
        with self.assertRaisesRegex(UserError, "missing approvals"):
            expense_x.with_user(self.user_expense_manager).write(
                {"approval_state": "approved"}
            )

        expense_x.with_user(self.user_limit_approver).action_approve()
        self.assertEqual(expense_x.state, "approved")
        limit_approval = expense_x.revisit_approval_ids.filtered(
            lambda a: a.level == "limit"
        )
        self.assertEqual(limit_approval.revisit_total, 602.0)
        self._post_as_finance(expense_x)
        self.assertEqual(expense_x.state, "posted")

    def test_refused_then_revived_expense_counts_again(self):
        """Refused, the other expense was posted within the limit; reset and
        submitted again, the refused one counts again and needs the extra approval."""
        expense_1 = self._submitted(300.0)
        expense_2 = self._submitted(303.0)
        self.assertTrue(expense_2.revisit_over_limit, "both submitted: 603 committed")
        self._refuse_as(expense_1, self.user_department_head)
        self.assertEqual(expense_1.state, "refused")
        self.assertFalse(expense_2.revisit_over_limit)
        self._approve_as(expense_2, self.user_department_head, self.user_leader)
        self.assertEqual(expense_2.state, "approved")
        self._post_as_finance(expense_2)
        self.assertEqual(expense_2.state, "posted")

        expense_1.with_user(self.user_hr_officer).action_reset()
        self.assertEqual(expense_1.state, "draft")
        self.assertEqual(expense_1.revisit_total_revisit, 603.0)
        expense_1.with_user(self.user_staff).action_submit()
        self._approve_as(expense_1, self.user_department_head, self.user_leader)
        self.assertEqual(expense_1.state, "submitted")
        self.assertEqual(expense_1.revisit_next_level, "limit")
        with self.assertRaisesRegex(UserError, "approved expense"):
            expense_1.with_user(self.user_finance).action_post()
        with self.assertRaisesRegex(UserError, self._covers(103.0)):
            expense_1.with_user(self.user_leader).action_approve()
        expense_1.with_user(self.user_limit_approver).action_approve()
        self.assertEqual(expense_1.state, "approved")
        self._post_as_finance(expense_1)
        self.assertEqual(expense_1.state, "posted")

    def test_over_limit_approval_covers_the_stated_costs_only(self):
        expense_x = self._submitted(300.0)
        expense_y = self._submitted(302.0)
        self._approve_as(
            expense_x,
            self.user_department_head,
            self.user_leader,
            self.user_limit_approver,
        )
        self.assertEqual(expense_x.state, "approved")
        # The approval covered 602: a third cost makes it 612, which it does not.
        expense_z = self._submitted(10.0)
        self.assertIn(self._money(612.0), expense_x.revisit_over_limit_reason)
        self._approve_as(expense_z, self.user_department_head, self.user_leader)
        self.assertEqual(expense_z.revisit_next_level, "limit")
        # Y needs an approval of its own, for the costs of now.
        self._approve_as(expense_y, self.user_department_head, self.user_leader)
        self.assertEqual(expense_y.revisit_next_level, "limit")
        expense_y.with_user(self.user_limit_approver).action_approve()
        self.assertEqual(
            expense_y.revisit_approval_ids.filtered(
                lambda a: a.level == "limit"
            ).revisit_total,
            612.0,
        )
        # Posting re-checks over what is approved: 602, covered.
        self._post_as_finance(expense_x)
        self.assertEqual(expense_x.state, "posted")

    def test_posting_needs_a_covering_approval_of_the_scope(self):
        """Approved under the limit, the limit then lowered: the approved costs
        are over it with no over-limit approval, and posting says what to cover."""
        expense = self._approved(300.0)
        self._set_limits(per_revisit=250.0)
        with self.assertRaises(UserError) as caught:
            self._post_as_finance(expense)
        message = str(caught.exception)
        self.assertIn("Over-limit Approval", message)
        self.assertRegex(message, self._covers(50.0))
        self.assertFalse(expense.account_move_id)

    def test_employee_month_budget(self):
        self._set_limits(per_month=500.0)
        first = self._approved(300.0, revisit=self._create_revisit())
        second = self._approved(250.0, revisit=self._create_revisit())
        self.assertEqual(first.state, "approved")
        self.assertEqual(second.state, "submitted")
        self.assertEqual(second.revisit_total_employee_month, 550.0)
        with self.assertRaisesRegex(UserError, self._covers(50.0)):
            second.with_user(self.user_leader).action_approve()
        second.with_user(self.user_limit_approver).action_approve()
        self.assertEqual(second.state, "approved")

    def test_budget_row_locked_when_approving_and_posting(self):
        expense = self._submitted(100.0)
        Budget = self.env["hr.expense.revisit.budget"]
        keys = Budget._scope_keys(expense)
        self.assertEqual(len(keys), 2, "the revisit and the employee-month")
        self._approve_as(expense, self.user_department_head)
        rows = Budget.sudo().search([("key", "in", keys)])
        self.assertEqual(len(rows), 2)
        counts = rows.mapped("lock_count")
        self._approve_as(expense, self.user_leader)
        rows.invalidate_recordset()
        self.assertTrue(
            all(
                after > before
                for after, before in zip(rows.mapped("lock_count"), counts, strict=True)
            )
        )

    def test_over_limit_error_in_the_users_language(self):
        load_chinese(self.env, "guest_revisit_expense")
        self.user_leader.lang = "zh_CN"
        self._submitted(300.0)
        expense = self._submitted(250.0)
        self._approve_as(expense, self.user_department_head)
        leader_env = expense.with_user(self.user_leader).with_context(lang="zh_CN")
        leader_env.action_approve()
        with self.assertRaises(UserError) as caught:
            leader_env.action_approve()
        message = str(caught.exception)
        self.assertIn(f"回访 {self.revisit.number} 超出限额", message)
        self.assertIn("超限审批须覆盖超出的", message)
        self.assertIn(self._money(50.0), message)


@tagged("post_install", "-at_install")
class TestRevisitExpenseBudgetJson2(TestRevisitExpenseCommon, HttpCase):
    """Both orders of events of the budget bypasses, each step sent through JSON-2
    as the role that takes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_hr_officer = cls._create_hr_officer()
        cls.company.revisit_expense_limit_per_revisit = 500.0
        tomorrow = datetime.now() + timedelta(days=1)
        cls.keys = {
            user: cls.env["res.users.apikeys"]
            .with_user(user)
            ._generate(None, "budget test", tomorrow)
            for user in (
                cls.user_staff,
                cls.user_department_head,
                cls.user_leader,
                cls.user_limit_approver,
                cls.user_hr_officer,
            )
        }

    def _json2(self, user, method, ids, **params):
        response = self.url_open(
            f"/json/2/hr.expense/{method}",
            json={"ids": ids, "context": {"lang": "en_US"}, **params},
            headers={
                "Authorization": f"bearer {self.keys[user]}",
                "X-Odoo-Database": get_db_name(),
            },
        )
        return response.status_code, response.json()

    def _ok(self, user, method, expense, **params):
        status, body = self._json2(user, method, expense.ids, **params)
        self.assertEqual(status, 200, body)
        expense.invalidate_recordset()

    def _refused(self, user, method, expense, message):
        status, body = self._json2(user, method, expense.ids)
        self.assertNotEqual(status, 200, body)
        self.assertIn(message, body["message"])
        expense.invalidate_recordset()

    def _approved_through_json2(self, expense):
        self._ok(self.user_staff, "action_submit", expense)
        self._ok(self.user_department_head, "action_approve", expense)
        self._ok(self.user_leader, "action_approve", expense)

    def test_relink(self):
        revisit_r4 = self._create_revisit()
        expense_x = self._create_expense(300.0, revisit=revisit_r4)
        expense_y = self._create_expense(302.0)
        self._approved_through_json2(expense_x)
        self._approved_through_json2(expense_y)
        self.assertEqual((expense_x | expense_y).mapped("state"), ["approved"] * 2)
        self._ok(
            self.user_department_head,
            "write",
            expense_x,
            vals={"revisit_id": self.revisit.id},
        )
        self.assertEqual(expense_x.state, "submitted")
        self._ok(self.user_department_head, "action_approve", expense_x)
        self._ok(self.user_leader, "action_approve", expense_x)
        self.assertEqual(expense_x.state, "submitted")
        self._refused(
            self.user_leader, "action_approve", expense_x, "needs the over-limit"
        )
        self._ok(self.user_limit_approver, "action_approve", expense_x)
        self.assertEqual(expense_x.state, "approved")

    def test_refuse_and_revive(self):
        expense_1 = self._create_expense(300.0)
        expense_2 = self._create_expense(303.0)
        self._ok(self.user_staff, "action_submit", expense_1)
        self._ok(
            self.user_department_head,
            "write",
            expense_1,
            vals={"approval_state": "refused"},
        )
        self.assertEqual(expense_1.state, "refused")
        self._approved_through_json2(expense_2)
        self.assertEqual(expense_2.state, "approved")
        self._ok(self.user_hr_officer, "action_reset", expense_1)
        self._approved_through_json2(expense_1)
        self.assertEqual(expense_1.state, "submitted")
        self.assertEqual(expense_1.revisit_next_level, "limit")
        self._refused(
            self.user_leader, "action_approve", expense_1, "needs the over-limit"
        )
        self._ok(self.user_limit_approver, "action_approve", expense_1)
        self.assertEqual(expense_1.state, "approved")
