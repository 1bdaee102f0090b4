import base64

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import TestRevisitExpenseCommon


@tagged("post_install", "-at_install")
class TestRevisitExpense(TestRevisitExpenseCommon):
    """E1: revisit costs as standard expenses; access of each role."""

    def test_products_shipped(self):
        for key in ("transport", "meals", "gifts", "accommodation", "other"):
            product = self.env.ref(f"guest_revisit_expense.product_revisit_{key}")
            self.assertTrue(product.can_be_expensed)

    def test_add_cost_opens_a_prefilled_expense(self):
        complaint = self._resolved_complaint()
        revisit = self._create_revisit(complaint_id=complaint.id)
        action = revisit.with_user(self.user_staff).action_add_expense()
        self.assertEqual(action["res_model"], "hr.expense")
        form = Form(
            self.env["hr.expense"]
            .with_user(self.user_staff)
            .with_context(**action["context"])
        )
        form.product_id = self.product_gifts
        form.total_amount_currency = 35.0
        expense = form.save()
        self.assertEqual(expense.revisit_id, revisit)
        self.assertEqual(expense.employee_id, self.employee_staff)
        self.assertIn(revisit.number, expense.name)
        self.assertEqual(expense.complaint_id, complaint)
        # The receipt is attached the standard way.
        attachment = self.env["ir.attachment"].create(
            {
                "name": "receipt.txt",
                "datas": base64.b64encode(b"receipt"),
                "res_model": "hr.expense",
                "res_id": expense.id,
            }
        )
        expense.with_user(self.user_staff).attach_document(
            attachment_ids=attachment.ids
        )
        self.assertEqual(expense.nb_attachment, 1)
        self.assertEqual(expense.message_main_attachment_id, attachment)

    def test_smart_buttons_count_and_total(self):
        plan = self.env["guest.revisit.plan"].create(
            {
                "name": "Autumn complaints",
                "partner_ids": [(6, 0, self.guest.ids)],
                "user_id": self.user_staff.id,
            }
        )
        revisit = self._create_revisit(plan_id=plan.id)
        submitted = self._submitted(30.0, revisit=revisit)
        draft = self._create_expense(
            20.0, revisit=revisit, product_id=self.product_gifts.id
        )
        refused = self._submitted(99.0, revisit=revisit)
        refused.with_user(self.user_department_head)._do_refuse("No receipt")
        # The button lists every expense; its total is what the limit counts:
        # submitted and later, not refused, not drafts.
        self.assertEqual(revisit.expense_count, 3)
        self.assertEqual(revisit.expense_total, 30.0)
        self.assertEqual(plan.expense_count, 3)
        self.assertEqual(plan.expense_total, 30.0)
        self.assertEqual(submitted.revisit_total_revisit, 30.0)
        self.assertEqual(draft.revisit_total_revisit, 50.0, "with the draft itself")
        draft.with_user(self.user_staff).action_submit()
        revisit.invalidate_recordset(["expense_total"])
        self.assertEqual(revisit.expense_total, 50.0)
        action = revisit.action_view_expenses()
        self.assertEqual(
            self.env["hr.expense"].search(action["domain"]),
            revisit.expense_ids,
        )
        self.assertEqual(action["context"]["default_revisit_id"], revisit.id)
        action = plan.action_view_expenses()
        self.assertEqual(len(self.env["hr.expense"].search(action["domain"])), 3)

    def test_access_per_role(self):
        expense = self._submitted(40.0)
        # Staff: their own (read once submitted), not others'.
        self.assertTrue(expense.with_user(self.user_staff).read(["name"]))
        with self.assertRaises(AccessError):
            expense.with_user(self.user_staff_other).read(["name"])
        # Department head and leader in charge: the expenses they approve.
        self.assertTrue(expense.with_user(self.user_department_head).read(["name"]))
        self.assertTrue(expense.with_user(self.user_leader).read(["name"]))
        # Finance and over-limit approvers: every revisit expense of the company.
        self.assertTrue(expense.with_user(self.user_finance).read(["name"]))
        self.assertTrue(expense.with_user(self.user_limit_approver).read(["name"]))
        Expense = self.env["hr.expense"]
        self.assertIn(
            expense, Expense.with_user(self.user_finance).search([]), "finance"
        )
        self.assertNotIn(
            expense, Expense.with_user(self.user_staff_other).search([]), "others"
        )
        # Approvals are read-only for everybody.
        self._approve_as(expense, self.user_department_head)
        approval = expense.revisit_approval_ids
        for user in (self.user_department_head, self.user_expense_manager):
            with self.assertRaises(AccessError):
                approval.with_user(user).write({"level": "limit"})
            with self.assertRaises(AccessError):
                approval.with_user(user).unlink()

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {
                "revisit_expense_limit_per_revisit": 500.0,
                "revisit_expense_limit_per_employee_month": 2000.0,
                "revisit_expense_leader_id": self.user_leader.id,
            }
        )
        settings.execute()
        self.assertEqual(self.company.revisit_expense_limit_per_revisit, 500.0)
        self.assertEqual(self.company.revisit_expense_limit_per_employee_month, 2000.0)
        self.assertEqual(self.company.revisit_expense_leader_id, self.user_leader)
