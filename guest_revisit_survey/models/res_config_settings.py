from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    revisit_survey_id = fields.Many2one(
        related="company_id.revisit_survey_id", readonly=False
    )
    revisit_survey_deadline_days = fields.Integer(
        related="company_id.revisit_survey_deadline_days", readonly=False
    )
    revisit_survey_reminder_days = fields.Integer(
        related="company_id.revisit_survey_reminder_days", readonly=False
    )
    revisit_survey_low_overall = fields.Integer(
        related="company_id.revisit_survey_low_overall", readonly=False
    )
    revisit_survey_low_recommend = fields.Integer(
        related="company_id.revisit_survey_low_recommend", readonly=False
    )
