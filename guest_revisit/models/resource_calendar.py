from datetime import datetime, time, timedelta

import holidays
from pytz import timezone, utc

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools.date_utils import float_to_time
from odoo.tools.intervals import Intervals

from ..tools import local_to_utc


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    workday_ids = fields.One2many(
        "resource.calendar.workday", "calendar_id", string="Extra Working Days"
    )

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        """The weekly pattern, plus the dated extra working days: on such a date the
        hours of its chosen weekday are worked. Every computation on the calendar
        (plan_days, plan_hours, work intervals, durations) goes through here."""
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        if self.flexible_hours:
            return result
        first_day = start_dt.astimezone(utc).date() - timedelta(days=1)
        last_day = end_dt.astimezone(utc).date() + timedelta(days=1)
        workdays = self.workday_ids.filtered(
            lambda workday: first_day <= workday.date <= last_day
        )
        if not workdays:
            return result
        attendances = self.env["resource.calendar.attendance"].search(
            Domain.AND(
                [
                    Domain(domain or Domain.TRUE),
                    Domain("calendar_id", "=", self.id),
                    Domain("display_type", "=", False),
                    Domain("day_period", "!=" if not lunch else "=", "lunch"),
                ]
            )
        )
        week_type_of = self.env["resource.calendar.attendance"].get_week_type

        def day_attendances(day, dayofweek):
            return attendances.filtered(
                lambda att: (
                    att.dayofweek == dayofweek
                    and (
                        not self.two_weeks_calendar
                        or int(att.week_type) == week_type_of(day)
                    )
                )
            )

        naive_intervals = []
        for workday in workdays:
            # A date the weekly pattern already works is not worked twice.
            if day_attendances(workday.date, str(workday.date.weekday())):
                continue
            for attendance in day_attendances(workday.date, workday.dayofweek):
                naive_intervals.append(
                    (
                        datetime.combine(
                            workday.date, float_to_time(attendance.hour_from)
                        ),
                        datetime.combine(
                            workday.date, float_to_time(attendance.hour_to)
                        ),
                        attendance,
                    )
                )
        if not naive_intervals:
            return result
        resources_list = (
            [*resources, self.env["resource.resource"]]
            if resources
            else [self.env["resource.resource"]]
        )
        resource_calendars = (
            resources._get_calendar_at(start_dt, tz) if resources else {}
        )
        for resource in resources_list:
            if resource and (
                not resource_calendars.get(resource)
                or resource_calendars[resource].flexible_hours
            ):
                continue
            resource_tz = tz or timezone((resource or self).tz)
            low, high = start_dt.astimezone(resource_tz), end_dt.astimezone(resource_tz)
            extra = []
            for day_from, day_to, attendance in naive_intervals:
                start = max(low, resource_tz.localize(day_from))
                stop = min(high, resource_tz.localize(day_to))
                if start < stop:
                    extra.append((start, stop, attendance))
            if extra:
                result[resource.id] = result[resource.id] | Intervals(
                    extra, keep_distinct=True
                )
        return result

    def _load_public_holidays(self, country_code, years):
        """Create the country's public holidays of the years as leaves of the whole
        calendar and its make-up working days as extra working days, only the dates not
        loaded before: a reload changes nothing and hand edits stay. Returns the number
        of days created."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._("Only administrators can load public holidays.")
            )
        language = (self.env.lang or "").replace("-", "_")
        try:
            country_class = holidays.country_holidays(country_code)
            supported = getattr(country_class, "supported_languages", ())
            public_holidays = holidays.country_holidays(
                country_code,
                years=years,
                language=language if language in supported else None,
            )
        except NotImplementedError as error:
            raise UserError(
                self.env._(
                    "No public holidays are known for the country %(country)s.",
                    country=country_code,
                )
            ) from error
        years = set(years)
        make_up_days = sorted(
            day
            for day in getattr(public_holidays, "weekend_workdays", ())
            if day.year in years
        )

        def key(day):
            return f"{country_code}:{day.isoformat()}"

        Leave = self.env["resource.calendar.leaves"]
        Workday = self.env["resource.calendar.workday"]
        loaded_leaves = set(
            Leave.search(
                [("calendar_id", "=", self.id), ("holiday_key", "!=", False)]
            ).mapped("holiday_key")
        )
        existing_workdays = Workday.search([("calendar_id", "=", self.id)])
        loaded_workdays = set(existing_workdays.mapped("holiday_key"))
        workday_dates = set(existing_workdays.mapped("date"))
        calendar_tz = timezone(self.tz or "UTC")

        def utc_naive(day, at):
            return local_to_utc(day, at, calendar_tz)

        leave_vals = [
            {
                "name": name,
                "calendar_id": self.id,
                "company_id": self.company_id.id,
                "resource_id": False,
                "time_type": "leave",
                "date_from": utc_naive(day, time.min),
                "date_to": utc_naive(day, time(23, 59, 59)),
                "holiday_key": key(day),
            }
            for day, name in sorted(public_holidays.items())
            if day.year in years and key(day) not in loaded_leaves
        ]
        pattern_days = self.attendance_ids.filtered(
            lambda att: not att.display_type
        ).mapped("dayofweek")
        dayofweek = min(pattern_days, key=int) if pattern_days else "0"
        workday_vals = [
            {
                "name": self.env._("Make-up working day"),
                "calendar_id": self.id,
                "date": day,
                "dayofweek": dayofweek,
                "holiday_key": key(day),
            }
            for day in make_up_days
            if key(day) not in loaded_workdays and day not in workday_dates
        ]
        Leave.create(leave_vals)
        Workday.create(workday_vals)
        return len(leave_vals) + len(workday_vals)

    def _public_holidays_known(self, country_code, year):
        """Whether the package has the official schedule of the year: for a country
        that moves working days (China), the year must carry its make-up days, as the
        current one does; other countries follow fixed rules."""
        try:
            public_holidays = holidays.country_holidays(country_code, years=year)
        except NotImplementedError:
            return False
        if not public_holidays:
            return False
        if not hasattr(public_holidays, "weekend_workdays"):
            return True
        this_year = fields.Date.context_today(self).year
        moved_days = public_holidays.weekend_workdays
        if not any(day.year == this_year for day in moved_days):
            return True
        return any(day.year == year for day in moved_days)
