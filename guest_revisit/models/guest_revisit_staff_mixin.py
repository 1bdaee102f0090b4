from odoo import api, fields, models

from ..tools import staff_departments


class GuestRevisitStaffMixin(models.AbstractModel):
    """A numbered document of one staff member's work in a company, reviewed by the
    department head: filed under the department of the staff member's employee in
    the company, which stays editable."""

    _name = "guest.revisit.staff.mixin"
    _inherit = ["guest.revisit.review.mixin"]
    _description = "Staff Member's Work"

    number = fields.Char(
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Staff",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        index="btree_not_null",
    )

    @api.depends("user_id")
    def _compute_department_id(self):
        departments = staff_departments(self.env, self.user_id, self.company_id)
        for record in self:
            record.department_id = (
                departments.get((record.user_id.id, record.company_id.id))
                or record._department_without_employee()
            )

    def _department_without_employee(self):
        """The department when the staff member has no employee in the company."""
        self.ensure_one()
        return self.department_id
