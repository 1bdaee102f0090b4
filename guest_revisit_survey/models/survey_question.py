from odoo import api, fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    revisit_mapping_ids = fields.One2many(
        "guest.revisit.survey.mapping", "question_id", string="Revisit Fields"
    )

    @api.constrains("question_type", "scale_min", "scale_max")
    def _check_revisit_mapping_type(self):
        # Changing a mapped question's type must keep it fitting its revisit field.
        self.revisit_mapping_ids._check_question_fits()


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    revisit_value = fields.Char(
        help="What choosing this answer records on the revisit when the question is "
        "mapped to a revisit field: a score (1-5, or 0-10 for the recommendation) or "
        "yes / maybe / no for 'Would Come Back'.",
    )

    @api.constrains("revisit_value")
    def _check_revisit_value(self):
        self.question_id.revisit_mapping_ids._check_question_fits()
