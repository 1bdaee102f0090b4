from odoo import api, fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    survey_type = fields.Selection(
        selection_add=[("guest_revisit", "Guest Revisit")],
        ondelete={"guest_revisit": "set default"},
    )
    revisit_mapping_ids = fields.One2many(
        "guest.revisit.survey.mapping",
        "survey_id",
        string="Revisit Fields",
        help="Which question fills which score of the revisit when a guest answers.",
    )
    revisit_ids = fields.One2many("guest.revisit", "survey_id", string="Revisits")

    @api.depends("survey_type")
    @api.depends_context("uid")
    def _compute_allowed_survey_types(self):
        res = super()._compute_allowed_survey_types()
        user = self.env.user
        if user.has_group("survey.group_survey_user") or user.has_group(
            "guest_revisit.group_revisit_admin"
        ):
            for survey in self:
                survey.allowed_survey_types = (survey.allowed_survey_types or []) + [
                    "guest_revisit"
                ]
        return res

    def action_survey_user_input_completed(self):
        action = super().action_survey_user_input_completed()
        if self.survey_type == "guest_revisit":
            action["domain"] = [("survey_id.survey_type", "=", "guest_revisit")]
        return action

    def _revisit_mapping(self):
        """{target field: question} of this questionnaire."""
        self.ensure_one()
        return {m.target: m.question_id for m in self.revisit_mapping_ids}
