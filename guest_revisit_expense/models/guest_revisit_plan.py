from odoo import fields, models


class GuestRevisitPlan(models.Model):
    _name = "guest.revisit.plan"
    _inherit = ["guest.revisit.plan", "guest.revisit.expense.mixin"]
    _expense_link_field = "revisit_plan_id"

    expense_total = fields.Monetary(
        help="The costs of the plan's revisits from submission on, not refused, in "
        "company currency.",
    )
    expense_currency_id = fields.Many2one(related="company_id.currency_id")

    def action_view_expenses(self):
        action = super().action_view_expenses()
        action["context"] = {"search_default_group_by_revisit": 1}
        return action
