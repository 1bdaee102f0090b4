from odoo import api, fields, models

from odoo.addons.guest_revisit.tools.anonymize import CLEAR, ERASE


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _guest_data_copy_answers(self, companies):
        """The guest's questionnaire answers, every line with the question and the
        answer as the guest gave it (free text in full)."""
        answers = super()._guest_data_copy_answers(companies)
        user_inputs = self.env["survey.user_input"].search(
            [
                ("partner_id", "child_of", self.ids),
                ("state", "!=", "new"),
                "|",
                ("revisit_id", "=", False),
                ("revisit_id.company_id", "in", companies.ids),
            ],
            order="create_date, id",
        )
        for user_input in user_inputs:
            answers.append(
                {
                    "survey": user_input.survey_id.title or "",
                    "date": fields.Datetime.to_string(
                        user_input.end_datetime or user_input.create_date
                    ),
                    "revisit": user_input.revisit_id.number or None,
                    "lines": [
                        {
                            "question": line.question_id.title or "",
                            "answer": (
                                line.value_text_box
                                if line.answer_type == "text_box"
                                else line.display_name
                            )
                            or "",
                        }
                        for line in user_input.user_input_line_ids
                        if not line.skipped
                    ],
                }
            )
        return answers

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
