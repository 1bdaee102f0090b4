from odoo import fields, models


class GuestRevisitExpenseMixin(models.AbstractModel):
    """The costs of a revisit or a plan: how many expenses it has, and the total
    committed to the budget from submission on, not refused, in company currency,
    as the limits count it."""

    _name = "guest.revisit.expense.mixin"
    _description = "Revisit Costs"
    # The hr.expense field that links an expense to these records.
    _expense_link_field = None

    expense_count = fields.Integer(
        string="Costs Count", compute="_compute_expense_stats"
    )
    expense_total = fields.Monetary(
        string="Costs",
        currency_field="expense_currency_id",
        compute="_compute_expense_stats",
    )
    # Related to the inheriting records' company currency.
    expense_currency_id = fields.Many2one("res.currency")

    def _compute_expense_stats(self):
        # The count opens the list of every expense; the total is the cost
        # committed to the budget, as the limits count it.
        link = self._expense_link_field
        counts = dict(
            self.env["hr.expense"]._read_group(
                [(link, "in", self.ids)], [link], ["__count"]
            )
        )
        costs = self.env["hr.expense.revisit.budget"]._costs_by(link, self.ids)
        for record in self:
            record.expense_count = counts.get(record, 0)
            record.expense_total = costs.get(record, (0, 0.0))[1]

    def action_view_expenses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit_expense.hr_expense_action_revisit"
        )
        action["domain"] = [(self._expense_link_field, "=", self.id)]
        return action
