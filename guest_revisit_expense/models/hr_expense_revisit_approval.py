from odoo import fields, models

APPROVAL_LEVELS = [
    ("head", "Department Head"),
    ("leader", "Leader in Charge"),
    ("limit", "Over-limit Approval"),
]


class HrExpenseRevisitApproval(models.Model):
    """One signature on a revisit expense. Nobody has the right to create, change or
    delete these records: only the approval flow of hr.expense writes them, after it
    has checked that the current user may sign the level."""

    _name = "hr.expense.revisit.approval"
    _description = "Revisit Expense Approval"
    _order = "id"
    _check_company_auto = True

    expense_id = fields.Many2one(
        "hr.expense", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="expense_id.company_id", store=True)
    level = fields.Selection(APPROVAL_LEVELS, required=True)
    user_id = fields.Many2one("res.users", string="Approved By", required=True)
    approved_at = fields.Datetime(
        string="Approved On", required=True, default=fields.Datetime.now
    )
    currency_id = fields.Many2one("res.currency", required=True)
    amount_currency = fields.Monetary(
        string="Approved Amount",
        currency_field="currency_id",
        help="The expense's total when it was approved: another total needs a new "
        "approval.",
    )
