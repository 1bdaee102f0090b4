from odoo import fields, models


class GuestRevisit(models.Model):
    _name = "guest.revisit"
    _inherit = ["guest.revisit", "guest.revisit.expense.mixin"]
    _expense_link_field = "revisit_id"

    expense_ids = fields.One2many("hr.expense", "revisit_id", string="Expenses")
    expense_total = fields.Monetary(
        help="The revisit's costs from submission on, not refused, in company "
        "currency: the total its limit counts.",
    )
    expense_currency_id = fields.Many2one(related="company_id.currency_id")

    def action_view_expenses(self):
        action = super().action_view_expenses()
        action["context"] = self._expense_default_context()
        return action

    def action_add_expense(self):
        """A standard expense form, prefilled for this revisit (E1)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Cost"),
            "res_model": "hr.expense",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._expense_default_context(),
        }

    def _expense_default_context(self):
        self.ensure_one()
        employee = self._expense_employee()
        context = {
            "default_revisit_id": self.id,
            "default_company_id": self.company_id.id,
            "default_name": self.env._(
                "Revisit %(number)s: %(guest)s",
                number=self.number,
                guest=self.partner_id.name,
            ),
        }
        if employee:
            context["default_employee_id"] = employee.id
        return context

    def _expense_employee(self):
        """Who incurred the cost: the revisit's staff member, else the current user."""
        self.ensure_one()
        return (
            self.user_id.with_company(self.company_id).employee_id
            or self.env.user.with_company(self.company_id).employee_id
        )
