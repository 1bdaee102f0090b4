from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .guest_complaint_form_submission import (
    DEFAULT_CONTACT_LIMIT,
    DEFAULT_IP_LIMIT,
    DEFAULT_MAX_PHOTO_MB,
)


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
    revisit_booking_valid_days = fields.Integer(
        related="company_id.revisit_booking_valid_days", readonly=False
    )
    revisit_booking_change_hours = fields.Float(
        related="company_id.revisit_booking_change_hours", readonly=False
    )
    revisit_booking_reminder_hours = fields.Float(
        related="company_id.revisit_booking_reminder_hours", readonly=False
    )
    revisit_booking_call_minutes = fields.Integer(
        related="company_id.revisit_booking_call_minutes", readonly=False
    )
    revisit_booking_visit_minutes = fields.Integer(
        related="company_id.revisit_booking_visit_minutes", readonly=False
    )
    complaint_duplicate_days = fields.Integer(
        related="company_id.complaint_duplicate_days", readonly=False
    )
    complaint_mail_join_hours = fields.Float(
        related="company_id.complaint_mail_join_hours", readonly=False
    )
    complaint_leader_user_id = fields.Many2one(
        related="company_id.complaint_leader_user_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    complaint_form_ip_limit = fields.Integer(
        string="Complaints per Address and Hour",
        config_parameter="guest_revisit.complaint_form_ip_limit",
        default=DEFAULT_IP_LIMIT,
    )
    complaint_form_contact_limit = fields.Integer(
        string="Complaints per Phone or E-mail and Day",
        config_parameter="guest_revisit.complaint_form_contact_limit",
        default=DEFAULT_CONTACT_LIMIT,
    )
    complaint_form_max_photo_mb = fields.Integer(
        string="Largest Photo (MB)",
        config_parameter="guest_revisit.complaint_form_max_photo_mb",
        default=DEFAULT_MAX_PHOTO_MB,
    )
    guest_retention_years = fields.Integer(
        related="company_id.guest_retention_years", readonly=False
    )
    public_holidays_year = fields.Integer(
        string="Holidays Year",
        default=lambda self: fields.Date.context_today(self).year,
    )

    @api.constrains(
        "complaint_form_ip_limit",
        "complaint_form_contact_limit",
        "complaint_form_max_photo_mb",
    )
    def _check_complaint_form_limits(self):
        for settings in self:
            if (
                settings.complaint_form_ip_limit < 0
                or settings.complaint_form_contact_limit < 0
                or settings.complaint_form_max_photo_mb < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The public form's limits are counts of zero or more, and "
                        "its photos may have at least 1 MB."
                    )
                )

    def action_load_public_holidays(self):
        """Load the company's country holidays of the chosen year onto its working
        schedule, and say what was done."""
        self.ensure_one()
        company = self.company_id
        if not company.country_id:
            raise UserError(
                self.env._(
                    "The company %(company)s has no country: set its country to load "
                    "its public holidays.",
                    company=company.display_name,
                )
            )
        if not company.resource_calendar_id:
            raise UserError(
                self.env._(
                    "The company %(company)s has no working schedule.",
                    company=company.display_name,
                )
            )
        created = company._load_public_holidays([self.public_holidays_year])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s days of %(year)s loaded for %(country)s onto "
                    "%(calendar)s (days loaded before are kept as they are).",
                    count=created,
                    year=self.public_holidays_year,
                    country=company.country_id.name,
                    calendar=company.resource_calendar_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
