from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    revisit_expense_leader_id = fields.Many2one(
        related="company_id.revisit_expense_leader_id", readonly=False
    )
    revisit_expense_limit_per_revisit = fields.Monetary(
        related="company_id.revisit_expense_limit_per_revisit",
        readonly=False,
        currency_field="currency_id",
    )
    revisit_expense_limit_per_employee_month = fields.Monetary(
        related="company_id.revisit_expense_limit_per_employee_month",
        readonly=False,
        currency_field="currency_id",
    )
