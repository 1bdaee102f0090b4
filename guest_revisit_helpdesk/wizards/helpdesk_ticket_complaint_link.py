from odoo import api, fields, models
from odoo.exceptions import AccessError


class HelpdeskTicketComplaintLink(models.TransientModel):
    _name = "helpdesk.ticket.complaint.link"
    _description = "Link a Helpdesk Ticket to a Complaint"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, readonly=True)
    company_id = fields.Many2one(related="ticket_id.company_id")
    guest_id = fields.Many2one(
        "res.partner", string="Ticket Contact", related="ticket_id.partner_id"
    )
    complaint_id = fields.Many2one(
        "guest.complaint",
        required=True,
        domain="[('company_id', '=', company_id), ('state', '!=', 'cancelled')]",
    )
    other_guest = fields.Boolean(compute="_compute_other_guest")

    @api.depends("complaint_id", "guest_id")
    def _compute_other_guest(self):
        for wizard in self:
            wizard.other_guest = bool(
                wizard.complaint_id
                and wizard.guest_id
                and wizard.complaint_id.partner_id.commercial_partner_id
                != wizard.guest_id.commercial_partner_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_complaint_readable()
        return wizards

    def write(self, vals):
        res = super().write(vals)
        if "complaint_id" in vals:
            self._check_complaint_readable()
        return res

    def _check_complaint_readable(self):
        """Only a complaint the user may read is linked: reading the wizard back
        would tell its number and summary (a many2one is read by name as superuser)."""
        for wizard in self:
            try:
                wizard.complaint_id.check_access("read")
            except AccessError as error:
                raise AccessError(
                    self.env._(
                        "You may link a ticket only to a complaint you can read."
                    )
                ) from error

    def action_link(self):
        self.ensure_one()
        self.ticket_id.complaint_id = self.complaint_id
        return {"type": "ir.actions.act_window_close"}
