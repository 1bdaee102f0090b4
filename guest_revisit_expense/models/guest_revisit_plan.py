from odoo import fields, models


class GuestRevisitPlan(models.Model):
    _inherit = "guest.revisit.plan"

    expense_count = fields.Integer(
        string="Costs Count", compute="_compute_expense_stats"
    )
    expense_total = fields.Monetary(
        string="Costs",
        currency_field="expense_currency_id",
        compute="_compute_expense_stats",
        help="The costs of the plan's revisits from submission on, not refused, in "
        "company currency.",
    )
    expense_currency_id = fields.Many2one(related="company_id.currency_id")

    def _compute_expense_stats(self):
        # The count opens the list of every expense; the total is the cost
        # committed to the budget, as the limits count it.
        counts = dict(
            self.env["hr.expense"]._read_group(
                [("revisit_plan_id", "in", self.ids)], ["revisit_plan_id"], ["__count"]
            )
        )
        costs = self.env["hr.expense.revisit.budget"]._costs_by(
            "revisit_plan_id", self.ids
        )
        for plan in self:
            plan.expense_count = counts.get(plan, 0)
            plan.expense_total = costs.get(plan, (0, 0.0))[1]

    def action_view_expenses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit_expense.hr_expense_action_revisit"
        )
        action["domain"] = [("revisit_plan_id", "=", self.id)]
        action["context"] = {"search_default_group_by_revisit": 1}
        return action
