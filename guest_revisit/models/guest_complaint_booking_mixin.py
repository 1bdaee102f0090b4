import base64
import secrets
from datetime import datetime, time, timedelta

from psycopg2 import errors
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL
from odoo.tools.intervals import Intervals

from ..tools import local_to_utc, utc_naive

# Booked slots start on the quarter hour of the company's day.
SLOT_STEP = timedelta(minutes=15)
# Unbooked offers the reminder cron handles per run; it runs again for the rest.
REMINDER_BATCH = 200


def _round_up(moment, step=SLOT_STEP):
    """``moment`` (aware) rounded up to the next multiple of ``step`` of its day."""
    naive = moment.replace(tzinfo=None)
    return moment + (datetime.min - naive) % step


class GuestComplaintBookingMixin(models.AbstractModel):
    """The guest books the time of their revisit (P3) without signing in: the
    resolution mail, the complaint's portal page and a short link for SMS open a
    page that lists the responsible's free slots. A slot is inside the company
    calendar's working hours (public holidays and make-up working days included),
    the guest type's contact windows and the mandatory revisit's window, and clear
    of the responsible's meetings; it lasts as long as the revisit's method needs.
    The link expires; a booking changes until some hours before it."""

    _name = "guest.complaint.booking.mixin"
    _description = "Revisit Booking by the Guest"

    booking_expires_at = fields.Datetime(
        string="Booking Link Expires", readonly=True, copy=False
    )
    booking_offered_at = fields.Datetime(
        string="Booking Offered", readonly=True, copy=False
    )
    booking_code = fields.Char(
        string="Booking Short Code", readonly=True, copy=False, index="btree_not_null"
    )
    booking_revisit_id = fields.Many2one(
        "guest.revisit", string="Booked Revisit", readonly=True, copy=False
    )
    booking_at = fields.Datetime(
        string="Booked Time", related="booking_revisit_id.appointment_at"
    )
    booking_reminded = fields.Boolean(
        string="Unbooked Guest Called", readonly=True, copy=False
    )
    booking_short_link = fields.Char(
        compute="_compute_booking_short_link",
        help="The booking page's short link, to send the guest by SMS.",
    )

    _booking_code_unique = models.UniqueIndex(
        "(booking_code) WHERE booking_code IS NOT NULL",
        "A booking short code opens one complaint's booking page.",
    )

    @api.depends("booking_code", "booking_expires_at", "state")
    def _compute_booking_short_link(self):
        for complaint in self:
            complaint.booking_short_link = (
                complaint.id and complaint._booking_short_url()
            ) or False

    # ------------------------------------------------------------------
    # The offer
    # ------------------------------------------------------------------

    def _booking_offer(self):
        """Offer these complaints' guests to book their revisit: a new link, valid
        for the company's number of days. A guest who refused contact is offered
        nothing: the page would show them no slot."""
        now = fields.Datetime.now()
        for complaint in self:
            if complaint.partner_id._guest_contact_refusal():
                continue
            complaint._portal_ensure_token()
            complaint._workflow_effects().write(
                {
                    "booking_offered_at": now,
                    "booking_expires_at": now
                    + timedelta(days=complaint.company_id.revisit_booking_valid_days),
                    "booking_code": complaint.booking_code or secrets.token_urlsafe(6),
                    "booking_reminded": False,
                }
            )

    @api.model
    def _booking_effect_fields(self):
        """{field: what sets it} of the booking: the offer at resolution, the rest on
        the guest's page and by the cron; nobody writes them by hand."""
        resolve = self.env._("Resolve")
        page = self.env._("Choose a time (the guest's booking page)")
        return {
            "booking_offered_at": resolve,
            "booking_expires_at": resolve,
            "booking_code": resolve,
            "booking_revisit_id": page,
            "booking_reminded": page,
        }

    def _booking_is_open(self):
        """Whether the guest's booking link still works."""
        self.ensure_one()
        return bool(
            self.booking_expires_at
            and self.booking_expires_at > fields.Datetime.now()
            and self.state in ("resolved", "closed")
        )

    def _booking_url(self):
        """The booking page's link with its access token, '' once closed."""
        self.ensure_one()
        if not self._booking_is_open():
            return ""
        return (
            f"{self.get_base_url()}/revisit/booking/{self.id}"
            f"?access_token={self.access_token}"
        )

    def _booking_offer_url(self):
        """The booking link the guest's mails and pages offer: none to a guest who
        refused contact."""
        self.ensure_one()
        if self.partner_id._guest_contact_refusal():
            return ""
        return self._booking_url()

    def _booking_short_url(self):
        """The short link for an SMS, '' once closed."""
        self.ensure_one()
        if not self._booking_is_open():
            return ""
        return f"{self.get_base_url()}/r/{self.booking_code}"

    # ------------------------------------------------------------------
    # Slots
    # ------------------------------------------------------------------

    def _booking_revisit(self):
        """The planned revisit the guest books: the one booked before, else the
        complaint's first planned one (none yet: the booking creates it)."""
        self.ensure_one()
        booked = self.booking_revisit_id.filtered(lambda r: r.state == "planned")
        return booked or self.revisit_ids.filtered(lambda r: r.state == "planned")[:1]

    def _booking_slot_minutes(self):
        """The length of a booked slot: the revisit's method decides it."""
        self.ensure_one()
        revisit = self._booking_revisit() or self.env["guest.revisit"].new(
            {"complaint_id": self.id, "partner_id": self.partner_id.id}
        )
        if revisit.method == "on_site":
            return self.company_id.revisit_booking_visit_minutes
        return self.company_id.revisit_booking_call_minutes

    def _booking_window(self, now):
        """(start, end), aware, of the bookable times: from now to the end of the
        mandatory revisit's due day, in the company's time zone; None when empty."""
        self.ensure_one()
        if not self.revisit_due_date:
            return None
        tz = self.company_id._days_tz()
        start = utc.localize(now)
        end = local_to_utc(
            self.revisit_due_date + timedelta(days=1), time.min, tz, naive=False
        )
        return (start, end) if start < end else None

    def _booking_contact_windows(self, start, end, tz):
        """The guest type's contact windows on each day from start to end, None when
        the type has none (any working hour suits)."""
        windows = self.partner_id.guest_type_id.contact_window_ids
        if not windows:
            return None
        no_records = self.env["resource.calendar.attendance"]
        day, last_day = start.astimezone(tz).date(), end.astimezone(tz).date()
        intervals = []
        while day <= last_day:
            midnight = datetime.combine(day, time.min)
            for window in windows:
                intervals.append(
                    (
                        tz.localize(midnight + timedelta(hours=window.hour_from)),
                        tz.localize(midnight + timedelta(hours=window.hour_to)),
                        no_records,
                    )
                )
            day += timedelta(days=1)
        return Intervals(intervals)

    def _booking_busy_intervals(self, start, end):
        """The responsible's meetings from start to end, in one query."""
        no_records = self.env["resource.calendar.attendance"]
        events = self.env["calendar.event"].search_fetch(
            [
                ("partner_ids", "in", self.user_id.partner_id.ids),
                ("start", "<", utc_naive(end)),
                ("stop", ">", utc_naive(start)),
                ("show_as", "=", "busy"),
            ],
            ["start", "stop"],
        )
        return Intervals(
            [
                (utc.localize(event.start), utc.localize(event.stop), no_records)
                for event in events
            ]
        )

    def _booking_personal_leaves(self, start, end, tz):
        """The responsible's own leaves (time off) from start to end: whatever
        working schedule their employee keeps, their absence closes the slots."""
        resource = self.env["resource.resource"].search(
            [
                ("user_id", "=", self.user_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
        if not resource:
            return Intervals()
        # On no calendar: the leave counts whichever schedule it was taken on.
        return self.env["resource.calendar"]._leave_intervals_batch(
            start,
            end,
            resources=resource,
            domain=[("time_type", "=", "leave"), ("resource_id", "=", resource.id)],
            tz=tz,
        )[resource.id]

    def _booking_slots(self, now=None):
        """The free slots the guest may book, as naive UTC datetimes in order: the
        company's working hours (holidays and make-up days included) inside the
        guest type's contact windows, less the responsible's leaves and meetings;
        none for a guest who refused contact."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        window = self._booking_window(now or fields.Datetime.now())
        if not (window and calendar and self.user_id):
            return []
        if self.partner_id._guest_contact_refusal():
            return []
        start, end = window
        tz = timezone(calendar.tz or "UTC")
        free = calendar._work_intervals_batch(start, end, tz=tz, compute_leaves=True)[
            False
        ]
        contact_windows = self._booking_contact_windows(start, end, tz)
        if contact_windows is not None:
            free &= contact_windows
        free -= self._booking_personal_leaves(start, end, tz)
        free -= self._booking_busy_intervals(start, end)
        length = timedelta(minutes=self._booking_slot_minutes())
        slots = []
        for begin, stop, _records in free:
            slot = _round_up(begin)
            while slot + length <= stop:
                slots.append(utc_naive(slot))
                slot += length
        return slots

    # ------------------------------------------------------------------
    # Booking, rescheduling, cancelling
    # ------------------------------------------------------------------

    def _booking_check_open(self):
        self.ensure_one()
        if not self._booking_is_open():
            raise UserError(
                self.env._(
                    "This booking link has expired: please call us to agree on a time."
                )
            )
        refusal = self.partner_id._guest_contact_refusal()
        if refusal:
            raise UserError(
                self.env._(
                    "You asked us not to contact you again, and we respect it. "
                    "Thank you."
                )
            )

    def _booking_change_deadline(self, revisit):
        """Until when the guest may change or cancel the booking of ``revisit``."""
        hours = self.company_id.revisit_booking_change_hours
        return revisit.appointment_at - timedelta(hours=hours)

    def _booking_can_change(self, revisit):
        return bool(
            revisit.appointment_at
            and fields.Datetime.now() < self._booking_change_deadline(revisit)
        )

    def _booking_check_changeable(self, revisit):
        if not self._booking_can_change(revisit):
            raise UserError(
                self.env._(
                    "Your appointment is less than %(hours)s hours away: please call "
                    "us to change it.",
                    hours=self.company_id.revisit_booking_change_hours,
                )
            )

    def _booking_slot_taken_error(self):
        return UserError(
            self.env._("Someone has just booked this time: please choose another one.")
        )

    def _booking_lock_responsible(self):
        """Hold the responsible's row until the booking commits. A concurrent
        booking of the same responsible fails at once (NOWAIT); one that started
        before this booking committed fails too, as the row has changed since its
        snapshot: its guest is asked to choose again."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM res_users WHERE id = %s FOR UPDATE NOWAIT",
                        self.user_id.id,
                    )
                )
        except (errors.LockNotAvailable, errors.SerializationFailure) as error:
            raise self._booking_slot_taken_error() from error

    def _booking_mark_responsible(self):
        # A new row version: a concurrent booking whose snapshot predates this one's
        # commit cannot lock the row (serialization failure), so it re-reads the
        # meetings instead of trusting an old view of them.
        self.env.cr.execute(
            SQL(
                "UPDATE res_users SET write_date = write_date WHERE id = %s",
                self.user_id.id,
            )
        )

    def _booking_book(self, slot):
        """Book ``slot`` (naive UTC) for the guest: the revisit's time and a meeting
        of the responsible with the guest, then a confirmation mail with the
        meeting's .ics. A booked guest moves their booking the same way, until the
        company's number of hours before it."""
        self.ensure_one()
        self._booking_check_open()
        revisit = self._booking_revisit()
        if revisit.calendar_event_id:
            self._booking_check_changeable(revisit)
        self._booking_lock_responsible()
        if slot not in self._booking_slots():
            raise self._booking_slot_taken_error()
        vals = {
            "appointment_at": slot,
            "scheduled_at": slot,
            "duration": self._booking_slot_minutes() / 60.0,
        }
        if revisit:
            # Moves a booked meeting, counted as a reschedule.
            revisit.write(vals)
        else:
            revisit = self.env["guest.revisit"].create(
                {
                    "complaint_id": self.id,
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "user_id": self.user_id.id,
                    **vals,
                }
            )
        if not revisit.calendar_event_id:
            # The guest gets our confirmation below, not the calendar's invitation.
            revisit.with_context(no_mail_to_attendees=True)._create_calendar_event()
        self._booking_mark_responsible()
        self._workflow_effects().booking_revisit_id = revisit
        self._booking_post_note(revisit)
        self._booking_send_confirmation(revisit)
        return revisit

    def _booking_cancel(self):
        """The guest cancels their booking: the meeting goes, the revisit stays
        planned and the responsible agrees on a time with the guest."""
        self.ensure_one()
        self._booking_check_open()
        revisit = self._booking_revisit()
        if not revisit.calendar_event_id:
            raise UserError(self.env._("You have no booked time to cancel."))
        self._booking_check_changeable(revisit)
        self._booking_post_note(revisit, cancelled=True)
        revisit.calendar_event_id.unlink()
        revisit.write({"appointment_at": False, "appointment_confirmed": False})

    def _booking_post_note(self, revisit, cancelled=False):
        """A note on the complaint for the staff, in the company's language."""
        in_lang = self._in_chatter_lang()
        tz = timezone(self.company_id._days_tz())
        when = utc.localize(revisit.appointment_at).astimezone(tz)
        values = {"when": when.strftime("%Y-%m-%d %H:%M"), "number": revisit.number}
        if cancelled:
            body = in_lang.env._(
                "The guest cancelled the time booked (%(when)s) for revisit "
                "%(number)s.",
                **values,
            )
        else:
            body = in_lang.env._(
                "The guest booked %(when)s for revisit %(number)s.", **values
            )
        in_lang.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _booking_send_confirmation(self, revisit):
        """The guest's confirmation, in their language, with the meeting's .ics."""
        template = self.env.ref(
            "guest_revisit.mail_template_revisit_booked", raise_if_not_found=False
        )
        event = revisit.calendar_event_id
        if not (template and self.partner_id.email and event):
            return
        ics = event._get_ics_file().get(event.id)
        attachment_ids = []
        if ics:
            attachment_ids = (
                self.env["ir.attachment"]
                .create(
                    {
                        "name": "invitation.ics",
                        "mimetype": "text/calendar",
                        "datas": base64.b64encode(ics),
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
                .ids
            )
        self.message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            attachment_ids=[Command.set(attachment_ids)],
        )

    # ------------------------------------------------------------------
    # Unbooked offers
    # ------------------------------------------------------------------

    @api.model
    def _cron_remind_unbooked(self):
        """A guest who booked no slot within the company's working hours after the
        offer is called: an activity for the responsible, in their language. In
        batches; the cron runs again at once while some remain."""
        now = fields.Datetime.now()
        offers = self.search(
            [
                ("booking_offered_at", "!=", False),
                ("booking_reminded", "=", False),
                ("booking_revisit_id", "=", False),
                ("state", "in", ("resolved", "closed")),
                ("user_id", "!=", False),
            ],
            order="booking_offered_at, id",
            limit=REMINDER_BATCH + 1,
        )
        more = len(offers) > REMINDER_BATCH
        offers = offers[:REMINDER_BATCH]
        due = offers.filtered(lambda c: c._booking_reminder_due_at() <= now)
        call_type = self.env.ref("mail.mail_activity_data_call")
        activity_vals = []
        for complaint in due:
            user = complaint.user_id
            reader = complaint._for_reader(user)
            activity_vals.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": complaint.id,
                    "activity_type_id": call_type.id,
                    "summary": reader.env._(
                        "Call the guest to agree on a revisit time"
                    ),
                    "note": reader.env._(
                        "The guest of %(number)s has booked no time since the offer: "
                        "call them.",
                        number=complaint.number,
                    ),
                    "date_deadline": fields.Date.context_today(reader),
                    "user_id": user.id,
                }
            )
        self.env["mail.activity"].create(activity_vals)
        due._workflow_effects().write({"booking_reminded": True})
        if more:
            self.env.ref(
                "guest_revisit.ir_cron_guest_complaint_booking_reminder"
            )._trigger()
        return due

    def _booking_reminder_due_at(self):
        """When the responsible should call: the company's working hours after the
        offer, public holidays excluded (naive UTC)."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        hours = self.company_id.revisit_booking_reminder_hours
        offered = utc.localize(self.booking_offered_at)
        due = calendar and calendar.plan_hours(hours, offered, compute_leaves=True)
        return (
            utc_naive(due) if due else self.booking_offered_at + timedelta(hours=hours)
        )
