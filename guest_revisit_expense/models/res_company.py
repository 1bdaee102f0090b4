from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Revisit expenses (E2, E3). Limits are in company currency; 0 means no limit.
    revisit_expense_leader_id = fields.Many2one(
        "res.users",
        string="Default Leader in Charge",
        domain="[('share', '=', False)]",
        help="Second signature on revisit expenses of departments that name no "
        "leader in charge.",
    )
    revisit_expense_limit_per_revisit = fields.Monetary(
        string="Revisit Cost Limit per Revisit",
        currency_field="currency_id",
        help="Revisit costs of one revisit above this total need an extra approval. "
        "0 means no limit.",
    )
    revisit_expense_limit_per_employee_month = fields.Monetary(
        string="Revisit Cost Limit per Employee and Month",
        currency_field="currency_id",
        help="Revisit costs of one employee in one calendar month above this total "
        "need an extra approval. 0 means no limit.",
    )

    _revisit_expense_limits_positive = models.Constraint(
        "CHECK(revisit_expense_limit_per_revisit >= 0 "
        "AND revisit_expense_limit_per_employee_month >= 0)",
        "Revisit cost limits cannot be negative.",
    )
