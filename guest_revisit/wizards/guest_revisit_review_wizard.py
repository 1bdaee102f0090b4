from odoo import api, fields, models


class GuestRevisitReviewWizard(models.TransientModel):
    _name = "guest.revisit.review.wizard"
    _description = "Approve or Return"

    res_model = fields.Char(required=True)
    res_ids = fields.Json(required=True)
    decision = fields.Selection(
        [("approve", "Approve"), ("return", "Return")], required=True
    )
    comment = fields.Text(string="Guidance / Reason")

    @api.model
    def _allowed_models(self):
        return ("guest.revisit.plan", "guest.revisit", "guest.revisit.report")

    def action_confirm(self):
        self.ensure_one()
        if self.res_model not in self._allowed_models():
            return {"type": "ir.actions.act_window_close"}
        records = self.env[self.res_model].browse(self.res_ids).exists()
        records._apply_review(self.decision, self.comment)
        return {"type": "ir.actions.act_window_close"}
