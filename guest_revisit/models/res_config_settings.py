from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_first_contact_hours = fields.Float(
        related="company_id.complaint_first_contact_hours", readonly=False
    )
    complaint_feedback_hours = fields.Float(
        related="company_id.complaint_feedback_hours", readonly=False
    )
    complaint_urgent_first_contact_hours = fields.Float(
        related="company_id.complaint_urgent_first_contact_hours", readonly=False
    )
    complaint_urgent_feedback_hours = fields.Float(
        related="company_id.complaint_urgent_feedback_hours", readonly=False
    )
    revisit_working_days = fields.Integer(
        related="company_id.revisit_working_days", readonly=False
    )
    revisit_priority_working_days = fields.Integer(
        related="company_id.revisit_priority_working_days", readonly=False
    )
    revisit_plan_approval = fields.Boolean(
        related="company_id.revisit_plan_approval", readonly=False
    )
    revisit_day_end_hour = fields.Float(
        related="company_id.revisit_day_end_hour", readonly=False
    )
    complaint_leader_user_id = fields.Many2one(
        related="company_id.complaint_leader_user_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
