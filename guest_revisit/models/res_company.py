from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Deadlines of the complaint flow (C4, C7, C3), in hours.
    complaint_first_contact_hours = fields.Float(
        string="First Contact Within (hours)", default=1.0
    )
    complaint_feedback_hours = fields.Float(
        string="Result Feedback Within (hours)", default=24.0
    )
    complaint_urgent_first_contact_hours = fields.Float(
        string="Urgent: First Contact Within (hours)", default=0.5
    )
    complaint_urgent_feedback_hours = fields.Float(
        string="Urgent: Result Feedback Within (hours)", default=12.0
    )
    # The top of the escalation ladder (C3): the leader in charge of complaints.
    complaint_leader_user_id = fields.Many2one(
        "res.users",
        string="Leader in Charge of Complaints",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Alerted by the escalation levels that name the leader in charge, e.g. "
        "when an urgent complaint stays overdue.",
    )
    # Mandatory revisit after resolution (C10), in working days of the company calendar.
    revisit_working_days = fields.Integer(
        string="Revisit Within (working days)", default=3
    )
    revisit_priority_working_days = fields.Integer(
        string="Important / Urgent: Revisit Within (working days)", default=1
    )

    # Plans wait for the department head's approval before they run (P5).
    revisit_plan_approval = fields.Boolean(string="Plans Need Approval")
    # Daily closing (R6): the hour, in each staff member's time zone, when the day's
    # revisits left open are flagged.
    revisit_day_end_hour = fields.Float(string="Revisits Closed Daily At", default=18.0)
    # The guest books the revisit's time (P3): how long the link lasts, until when a
    # booking may change, when the responsible calls an unbooked guest, slot lengths.
    revisit_booking_valid_days = fields.Integer(
        string="Booking Link Valid For (days)", default=14
    )
    revisit_booking_change_hours = fields.Float(
        string="Booking Changes Until (hours before)", default=24.0
    )
    revisit_booking_reminder_hours = fields.Float(
        string="Call Unbooked Guests After (working hours)", default=8.0
    )
    revisit_booking_call_minutes = fields.Integer(
        string="Booked Call (minutes)", default=15
    )
    revisit_booking_visit_minutes = fields.Integer(
        string="Booked On-site Visit (minutes)", default=60
    )

    # Guests' personal data is kept this long after their last complaint or revisit,
    # then the retention cron anonymises them (PIPL art. 19); 0: kept until erased
    # on request.
    guest_retention_years = fields.Integer(
        string="Anonymise Guests After (years)",
        help="Years after a guest's last complaint or revisit; 0 turns it off.",
    )
    # Duplicates at intake: a new complaint matching an open one received within this
    # many days is flagged; mails from one address with a similar subject within the
    # hours join the open complaint instead of opening another.
    complaint_duplicate_days = fields.Integer(
        string="Flag Duplicates Within (days)", default=7
    )
    complaint_mail_join_hours = fields.Float(
        string="Join Repeated Mails Within (hours)", default=2.0
    )

    _revisit_working_days_positive = models.Constraint(
        "CHECK(revisit_working_days > 0 AND revisit_priority_working_days > 0)",
        "Revisits are due after at least one working day.",
    )
    _complaint_duplicate_windows_positive = models.Constraint(
        "CHECK(complaint_duplicate_days >= 0 AND complaint_mail_join_hours >= 0)",
        "The duplicate windows cannot be negative.",
    )
    _revisit_day_end_hour_in_day = models.Constraint(
        "CHECK(revisit_day_end_hour > 0 AND revisit_day_end_hour <= 24)",
        "The day's end is an hour of the day.",
    )
    _guest_retention_years_positive = models.Constraint(
        "CHECK(guest_retention_years >= 0)",
        "The retention period cannot be negative.",
    )

    _revisit_booking_positive = models.Constraint(
        "CHECK(revisit_booking_valid_days > 0 AND revisit_booking_change_hours >= 0 "
        "AND revisit_booking_reminder_hours > 0 AND revisit_booking_call_minutes > 0 "
        "AND revisit_booking_visit_minutes > 0)",
        "Booking links last at least a day and booked slots last some minutes.",
    )

    def _days_tz(self):
        """The time zone the company counts its days in (periods, "today", working
        days): its working calendar's, so that every reader gets the same figures."""
        self.ensure_one()
        return self.resource_calendar_id.tz or "UTC"

    def _chatter_lang(self):
        """The language of the notes the server posts in this company's chatters (crons,
        escalations): one message is read by many, so it is the company's language, or
        the first active language when the company has none."""
        self.ensure_one()
        if self.partner_id.lang:
            return self.partner_id.lang
        installed = self.env["res.lang"].get_installed()  # cached: no query
        return installed[0][0] if installed else None

    def _load_public_holidays(self, years):
        """Load the public holidays and make-up working days of the company's country
        onto its working schedule. Returns the number of days created, None when the
        company has no country or no working schedule."""
        self.ensure_one()
        if not self.country_id or not self.resource_calendar_id:
            return None
        return self.resource_calendar_id._load_public_holidays(
            self.country_id.code, years
        )

    def _cron_load_public_holidays(self):
        """Monthly: this year's and, once the package has its official schedule, next
        year's holidays of every company's country; days loaded before are kept."""
        this_year = fields.Date.context_today(self).year
        for company in self.search([("partner_id.country_id", "!=", False)]):
            calendar = company.resource_calendar_id
            if not calendar:
                continue
            years = [this_year]
            if calendar._public_holidays_known(company.country_id.code, this_year + 1):
                years.append(this_year + 1)
            # sudo: the yearly load an administrator enabled, whatever user runs crons
            company.sudo()._load_public_holidays(years)
