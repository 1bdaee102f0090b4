from odoo.tests import HttpCase, tagged

from .common import TestRevisitExpenseCommon


@tagged("post_install", "-at_install")
class TestRevisitExpenseRpc(TestRevisitExpenseCommon, HttpCase):
    """E3: every bypass, tried through JSON-RPC by an expense administrator (who also
    is an accountant), is refused with a clear error and changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.revisit_expense_limit_per_revisit = 100.0
        cls.expense = cls._create_expense(150.0)
        cls.expense.with_user(cls.user_staff).action_submit()
        cls.expense.with_user(cls.user_department_head).action_approve()
        cls.expense.with_user(cls.user_leader).action_approve()

    def setUp(self):
        super().setUp()
        self.assertEqual(self.expense.state, "submitted")
        self.assertEqual(self.expense.revisit_next_level, "limit")
        self.authenticate("gre_expense_manager", "gre_expense_manager")

    def _call(self, method, args, kwargs=None, model="hr.expense"):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _assert_refused(self, reply, message):
        self.assertIn("error", reply, f"the call succeeded: {reply}")
        self.assertIn(message, reply["error"]["data"]["message"])
        self.expense.invalidate_recordset()
        self.expense.revisit_approval_ids.invalidate_recordset()
        self.assertEqual(self.expense.approval_state, "submitted")
        self.assertEqual(self.expense.state, "submitted")
        self.assertFalse(self.expense.account_move_id)
        self.assertEqual(
            self.expense.revisit_approval_ids.mapped("level"), ["head", "leader"]
        )

    def test_action_approve(self):
        reply = self._call("action_approve", [self.expense.ids])
        self._assert_refused(reply, "needs the over-limit approval")

    def test_do_approve(self):
        reply = self._call("_do_approve", [self.expense.ids], {"check": False})
        self._assert_refused(reply, "cannot be called remotely")

    def test_write_approval_state(self):
        reply = self._call("write", [self.expense.ids, {"approval_state": "approved"}])
        self._assert_refused(reply, "missing approvals: Over-limit Approval")

    def test_write_state(self):
        reply = self._call("write", [self.expense.ids, {"state": "approved"}])
        self._assert_refused(reply, "cannot be written directly")

    def test_action_post(self):
        reply = self._call("action_post", [self.expense.ids])
        self._assert_refused(reply, "approved")

    def test_forge_approvers_or_signatures(self):
        manager = self.user_expense_manager
        reply = self._call("write", [self.expense.ids, {"revisit_head_id": manager.id}])
        self._assert_refused(reply, "set by the approval flow")
        reply = self._call(
            "create",
            [
                {
                    "expense_id": self.expense.id,
                    "level": "limit",
                    "user_id": manager.id,
                    "currency_id": self.expense.currency_id.id,
                    "amount_currency": self.expense.total_amount_currency,
                }
            ],
            model="hr.expense.revisit.approval",
        )
        self._assert_refused(reply, "not allowed to create")

    def test_create_approved(self):
        reply = self._call(
            "create",
            [
                {
                    "name": "Approved from the start",
                    "product_id": self.product_meals.id,
                    "employee_id": self.employee_staff.id,
                    "revisit_id": self.revisit.id,
                    "total_amount_currency": 10.0,
                    "approval_state": "approved",
                }
            ],
        )
        self._assert_refused(reply, "missing approvals")

    def test_split_then_approve(self):
        """Splitting the cost in parts below the limit does not escape it."""
        reply = self._call(
            "create",
            [
                {
                    "name": "Second half",
                    "product_id": self.product_meals.id,
                    "employee_id": self.employee_staff.id,
                    "revisit_id": self.revisit.id,
                    "total_amount_currency": 40.0,
                }
            ],
        )
        half = self.env["hr.expense"].browse(reply["result"])
        half.with_user(self.user_staff).action_submit()
        half.with_user(self.user_department_head).action_approve()
        half.with_user(self.user_leader).action_approve()
        self.assertEqual(half.revisit_next_level, "limit")
        reply = self._call("write", [half.ids, {"approval_state": "approved"}])
        self._assert_refused(reply, "missing approvals: Over-limit Approval")
        self.assertEqual(half.state, "submitted")
