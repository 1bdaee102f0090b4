from odoo import fields, models


class GuestComplaintCategory(models.Model):
    _name = "guest.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    department_id = fields.Many2one(
        "hr.department",
        string="Default Handling Department",
        check_company=True,
        help="Complaints of this category are assigned to this department by default.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
