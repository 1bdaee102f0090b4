from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.guest_revisit_workflow_mixin import DESK_MANAGER

CORRECTABLE_TIMES = [
    ("first_contact_at", "First Contact"),
    ("fed_back_at", "Result Fed Back At"),
    ("resolved_at", "Resolved At"),
]


class GuestComplaintTimeCorrection(models.TransientModel):
    _name = "guest.complaint.time.correction"
    _description = "Correct a Recorded Time"

    complaint_id = fields.Many2one("guest.complaint", required=True)
    field_name = fields.Selection(
        CORRECTABLE_TIMES, string="Time", required=True, default="first_contact_at"
    )
    current_value = fields.Datetime(compute="_compute_current_value")
    new_value = fields.Datetime(string="Correct Time", required=True)
    reason = fields.Text(required=True)

    @api.depends("complaint_id", "field_name")
    def _compute_current_value(self):
        for wizard in self:
            wizard.current_value = (
                wizard.field_name and wizard.complaint_id[wizard.field_name]
            )

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(DESK_MANAGER):
            raise AccessError(
                self.env._("Only a complaint desk manager can correct a recorded time.")
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the correction."))
        complaint = self.complaint_id
        complaint.check_access("write")
        if not complaint[self.field_name]:
            raise UserError(
                self.env._("Only a time already recorded can be corrected.")
            )
        if self.new_value > fields.Datetime.now():
            raise UserError(self.env._("A recorded time cannot be in the future."))
        if self.new_value < complaint.received_at:
            raise UserError(
                self.env._("A recorded time cannot be before the complaint arrived.")
            )
        label = dict(self._fields["field_name"]._description_selection(self.env))[
            self.field_name
        ]
        old = complaint[self.field_name]
        complaint._workflow_effects().write({self.field_name: self.new_value})
        complaint.message_post(
            body=self.env._(
                "%(time)s corrected by %(user)s from %(old)s to %(new)s: %(reason)s",
                time=label,
                user=self.env.user.name,
                old=fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(self, old)
                ),
                new=fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(self, self.new_value)
                ),
                reason=self.reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
