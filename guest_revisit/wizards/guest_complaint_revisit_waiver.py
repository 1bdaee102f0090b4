from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..models.guest_revisit_workflow_mixin import DESK_MANAGER


class GuestComplaintRevisitWaiver(models.TransientModel):
    _name = "guest.complaint.revisit.waiver"
    _description = "Waive the Mandatory Revisit"

    complaint_ids = fields.Many2many("guest.complaint", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(DESK_MANAGER):
            raise AccessError(
                self.env._("Only a complaint desk manager can waive a revisit.")
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for waiving the revisit."))
        complaints = self.complaint_ids
        complaints.check_access("write")
        not_resolved = complaints.filtered(lambda c: c.state != "resolved")
        if not_resolved:
            raise UserError(
                self.env._(
                    "Only the revisit of a resolved complaint can be waived: "
                    "%(numbers)s.",
                    numbers=", ".join(not_resolved.mapped("number")),
                )
            )
        complaints.filtered(lambda c: not c.revisit_waived)._waive_mandatory_revisit(
            self.reason.strip()
        )
        return {"type": "ir.actions.act_window_close"}
