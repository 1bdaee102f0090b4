from odoo import fields, models


class GuestRevisitGuestDataMixin(models.AbstractModel):
    """Data of one guest in one company, deleted with the guest."""

    _name = "guest.revisit.guest.data.mixin"
    _description = "Guest Data in a Company"

    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
