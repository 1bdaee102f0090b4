from odoo import api, fields, models


class ResourceCalendarWorkday(models.Model):
    """A dated working day outside the weekly pattern, e.g. a make-up Saturday (调休):
    on that date the calendar works the hours of one of its normal weekdays."""

    _name = "resource.calendar.workday"
    _description = "Extra Working Day"
    _order = "date"

    name = fields.Char(string="Reason")
    calendar_id = fields.Many2one(
        "resource.calendar", string="Working Hours", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="calendar_id.company_id", store=True)
    date = fields.Date(required=True)
    dayofweek = fields.Selection(
        selection="_selection_dayofweek",
        string="Hours As On",
        required=True,
        default="0",
        help="The working hours of this weekday of the weekly pattern apply on "
        "this date.",
    )
    holiday_key = fields.Char(
        readonly=True,
        copy=False,
        help="Set when loaded from the public holidays package: country and date. "
        "A reload never creates this day again nor changes it.",
    )

    _calendar_date_unique = models.Constraint(
        "UNIQUE(calendar_id, date)",
        "A working schedule has one extra working day per date.",
    )

    @api.model
    def _selection_dayofweek(self):
        """The weekdays of the weekly pattern, in the reader's language."""
        attendance_model = self.env["resource.calendar.attendance"]
        return attendance_model._fields["dayofweek"]._description_selection(self.env)

    @api.onchange("date")
    def _onchange_date(self):
        """By default a make-up day works like the weekday it falls on, else Monday."""
        if self.date and self.date.weekday() < 5:
            self.dayofweek = str(self.date.weekday())
