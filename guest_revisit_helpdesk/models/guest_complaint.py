from odoo import fields, models


class GuestComplaint(models.Model):
    _inherit = "guest.complaint"

    ticket_ids = fields.One2many(
        "helpdesk.ticket", "complaint_id", string="Helpdesk Tickets"
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    def _compute_ticket_count(self):
        # The tickets this user may open: the button leads to them.
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.ticket_count = counts.get(complaint, 0)

    def _on_stage_changed(self, previous_states):
        res = super()._on_stage_changed(previous_states)
        self.filtered(
            lambda c: c.state != previous_states[c.id]
        )._post_progress_on_tickets()
        return res

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"create": False}
        if self.ticket_count == 1:
            action.update(
                view_mode="form",
                views=[(False, "form")],
                res_id=self.ticket_ids.id,
            )
        return action

    def _post_progress_on_tickets(self):
        """The complaint's progress on its tickets' chatter (H1, C7): the helpdesk
        follows the case without rights on the complaint."""
        # sudo: the person moving the complaint may not read its tickets; only the
        # complaint's number and new step are posted there.
        for complaint in self.sudo().filtered("ticket_ids"):
            # Read by the helpdesk team: the company's language, not the writer's.
            in_lang = complaint._in_chatter_lang()
            body = in_lang.env._(
                "Complaint %(complaint)s is now at the step: %(step)s.",
                complaint=complaint.number,
                step=in_lang.stage_id.name,
            )
            for ticket in complaint.ticket_ids:
                ticket.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _copy_evidence(self, attachments):
        """Copies of these attachments on the complaint, as its evidence (C5)."""
        self.ensure_one()
        for attachment in attachments:
            attachment.copy({"res_model": self._name, "res_id": self.id})
