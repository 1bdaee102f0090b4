from odoo import fields, models

STAFF_NOTE_KINDS = [("praise", "Praise"), ("criticism", "Criticism")]


class GuestRevisitStaffNote(models.Model):
    """Praise or criticism of a staff member from the review of revisits (T2): the
    basis of the annual awards."""

    _name = "guest.revisit.staff.note"
    _description = "Staff Praise / Criticism"
    _order = "date desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        string="Staff",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    kind = fields.Selection(STAFF_NOTE_KINDS, required=True, default="praise")
    note = fields.Text(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    author_id = fields.Many2one(
        "res.users",
        string="Noted By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    revisit_id = fields.Many2one(
        "guest.revisit", ondelete="cascade", index="btree_not_null", check_company=True
    )
    report_id = fields.Many2one(
        "guest.revisit.report",
        ondelete="cascade",
        index="btree_not_null",
        check_company=True,
    )
