from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    revisit_leader_id = fields.Many2one(
        "res.users",
        string="Leader in Charge",
        domain="[('share', '=', False)]",
        help="Signs revisit expenses of this department after its manager. Empty: "
        "the parent department's, else the company's default leader in charge.",
    )
