from odoo import api, models

from odoo.addons.guest_revisit.tools.anonymize import CLEAR, ERASE


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _guest_anonymization_scope(self):
        """The guest's questionnaire answers and their lines go too."""
        scope = super()._guest_anonymization_scope()
        # sudo: every answer of the guest, whatever the user may read.
        answers = (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [
                    "|",
                    ("partner_id", "in", self.ids),
                    ("revisit_id", "in", scope["guest.revisit"].ids),
                ]
            )
        )
        scope["survey.user_input"] = answers
        scope["survey.user_input.line"] = answers.user_input_line_ids
        return scope

    @api.model
    def _guest_anonymization_fields(self):
        """The answers' free text is the guest's own words; scores, choices and dates
        stay, for the figures."""
        spec = super()._guest_anonymization_fields()
        spec["survey.user_input"] = {"email": CLEAR, "nickname": CLEAR}
        spec["survey.user_input.line"] = {
            "value_char_box": ERASE,
            "value_text_box": ERASE,
        }
        return spec
