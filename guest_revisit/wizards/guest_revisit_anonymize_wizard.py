from markupsafe import Markup

from odoo import api, fields, models


class GuestRevisitAnonymizeWizard(models.TransientModel):
    """Shows what anonymising the guests takes, then does it: irreversibly."""

    _name = "guest.revisit.anonymize.wizard"
    _description = "Anonymise Guests"

    partner_ids = fields.Many2many("res.partner", string="Guests", required=True)
    reason = fields.Text(
        required=True, help="Kept in the anonymisation log, e.g. the guest's request."
    )
    force = fields.Boolean(
        string="Despite Open Complaints",
        help="Anonymise even though the guest still has open complaints.",
    )
    summary = fields.Html(compute="_compute_summary", sanitize=False)
    open_complaint_count = fields.Integer(compute="_compute_summary")

    @api.depends("partner_ids")
    def _compute_summary(self):
        labels = {
            "complaints": self.env._("Complaints"),
            "revisits": self.env._("Revisits"),
            "answers": self.env._("Questionnaire answers"),
            "attachments": self.env._("Attachments"),
            "messages": self.env._("Messages and mails"),
            "records": self.env._("Records in all"),
        }
        for wizard in self:
            partners = wizard.partner_ids._origin
            counts = partners._guest_anonymization_counts()
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
                % (label, counts[key])
                for key, label in labels.items()
            )
            wizard.summary = Markup("<table class='table table-sm'>%s</table>") % rows
            wizard.open_complaint_count = len(partners._guest_open_complaints())

    @api.model_create_multi
    def create(self, vals_list):
        # The wizard is the desk manager's: refused to others before it shows counts.
        self.env["res.partner"]._check_guest_anonymize_rights()
        return super().create(vals_list)

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids._guest_anonymize(
            (self.reason or "").strip(), force=self.force, source="request"
        )
        return {"type": "ir.actions.act_window_close"}
