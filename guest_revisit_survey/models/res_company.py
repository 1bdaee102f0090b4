from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Satisfaction questionnaires (S1-S3).
    revisit_survey_id = fields.Many2one(
        "survey.survey",
        string="Revisit Questionnaire",
        domain="[('survey_type', '=', 'guest_revisit')]",
        help="The questionnaire proposed when a plan or a revisit is sent one.",
    )
    revisit_survey_deadline_days = fields.Integer(
        string="Answer Within (days)",
        default=14,
        help="Guests can answer the questionnaire for this many days after it is sent.",
    )
    revisit_survey_reminder_days = fields.Integer(
        string="Remind After (days)",
        default=5,
        help="Guests who have not answered this many days after the invitation are "
        "reminded once, while the questionnaire is still open.",
    )
    revisit_survey_low_overall = fields.Integer(
        string="Low Overall Score At Most",
        default=2,
        help="An answer whose overall score (1-5) is at most this is a low answer. "
        "0 turns this check off.",
    )
    revisit_survey_low_recommend = fields.Integer(
        string="Low Recommendation At Most",
        default=6,
        help="An answer whose would-recommend score (0-10) is at most this is a low "
        "answer. -1 turns this check off.",
    )

    _revisit_survey_thresholds = models.Constraint(
        "CHECK(revisit_survey_low_overall BETWEEN 0 AND 5"
        " AND revisit_survey_low_recommend BETWEEN -1 AND 10)",
        "Low-answer thresholds are an overall score of 0-5 and a recommendation of "
        "-1 to 10.",
    )
    _revisit_survey_days_positive = models.Constraint(
        "CHECK(revisit_survey_deadline_days > 0 AND revisit_survey_reminder_days > 0)",
        "The answer deadline and the reminder are at least one day after sending.",
    )
