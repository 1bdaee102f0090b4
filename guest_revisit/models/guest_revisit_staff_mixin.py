from odoo import api, fields, models

from ..tools import staff_departments
from .guest_type import REVISIT_METHODS


class GuestRevisitStaffMixin(models.AbstractModel):
    """A numbered document of one staff member's work in a company, reviewed by the
    department head: filed under the department of the staff member's employee in
    the company, which stays editable, with the way the guests are contacted."""

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
    method = fields.Selection(
        REVISIT_METHODS,
        compute="_compute_method",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
    )

    @api.depends("user_id")
    def _compute_department_id(self):
        departments = staff_departments(self.env, self.user_id, self.company_id)
        for record in self:
            record.department_id = (
                departments.get((record.user_id.id, record.company_id.id))
                or record._department_without_employee()
            )

    def _compute_method(self):
        for record in self:
            record.method = record._suggested_method() or record.method or "phone"

    def _department_without_employee(self):
        """The department when the staff member has no employee in the company."""
        self.ensure_one()
        return self.department_id

    def _suggested_method(self):
        """The way of contact the record's guests or origin suggest, if any."""
        self.ensure_one()
        return False
