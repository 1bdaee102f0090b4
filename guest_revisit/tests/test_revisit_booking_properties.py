from datetime import timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_revisit_booking import NOW, RevisitBookingCommon


class BookingMachine(RuleBasedStateMachine):
    """Two guests of one responsible book, move and cancel in any order while time
    passes; after every step no meeting overlaps another, each booking is its
    revisit's meeting, and a booking was a free slot when it was made. ``case`` is
    the running test."""

    case = None
    reached = None

    def __init__(self):
        super().__init__()
        self.savepoint = self.case.env.cr.savepoint()
        self.now = NOW
        self.complaints = [c.sudo() for c in self.case.complaints]

    def teardown(self):
        self.savepoint.close(rollback=True)
        self.case.env.invalidate_all()

    def _attempt(self, call):
        try:
            with self.case.env.cr.savepoint(), freeze_time(self.now):
                return call(), None
        except UserError as refusal:
            return None, refusal

    @rule(guest=st.integers(0, 1), choice=st.integers(0, 120))
    def book(self, guest, choice):
        complaint = self.complaints[guest]
        with freeze_time(self.now):
            slots = complaint._booking_slots()
            revisit = complaint._booking_revisit()
            changeable = not revisit.calendar_event_id or complaint._booking_can_change(
                revisit
            )
        # Mostly offered slots, sometimes a time that is not one (taken, or off).
        if choice < len(slots) and choice % 7:
            slot = slots[choice]
        else:
            slot = self.now + timedelta(minutes=7 * choice + 1)
        booked, refusal = self._attempt(lambda: complaint._booking_book(slot))
        if slot in slots and changeable:
            self.case.assertFalse(refusal, refusal)
            self.case.assertEqual(booked.calendar_event_id.start, slot)
            self.reached.add("moved" if revisit.calendar_event_id else "booked")
        else:
            self.case.assertTrue(refusal, f"{slot} booked though not offered")
            self.reached.add("refused")

    @rule(guest=st.integers(0, 1))
    def cancel(self, guest):
        complaint = self.complaints[guest]
        with freeze_time(self.now):
            revisit = complaint._booking_revisit()
            allowed = bool(
                revisit.calendar_event_id and complaint._booking_can_change(revisit)
            )
        _done, refusal = self._attempt(complaint._booking_cancel)
        self.case.assertEqual(not refusal, allowed, refusal)
        if allowed:
            self.reached.add("cancelled")

    @rule(hours=st.sampled_from([1, 5, 20]))
    def time_passes(self, hours):
        self.now += timedelta(hours=hours)

    @invariant()
    def bookings_are_their_meetings(self):
        for complaint in self.complaints:
            revisit = complaint.booking_revisit_id
            event = revisit.calendar_event_id
            if event:
                self.case.assertEqual(revisit.appointment_at, event.start)
                self.case.assertEqual(revisit.scheduled_at, event.start)
            elif revisit:
                self.case.assertFalse(revisit.appointment_at)

    @invariant()
    def no_meetings_overlap(self):
        events = self.case.env["calendar.event"].search(
            [("partner_ids", "in", self.case.user_staff.partner_id.ids)],
            order="start",
        )
        for before, after in zip(events, events[1:], strict=False):
            self.case.assertLessEqual(before.stop, after.start)


@tagged("post_install", "-at_install")
class TestRevisitBookingProperties(RevisitBookingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        second_guest = cls.env["res.partner"].create(
            {"name": "Second guest", "email": "second@example.com", "lang": "en_US"}
        )
        # Some bookings close enough to be frozen, most still changeable.
        cls.company.revisit_booking_change_hours = 4.0
        with freeze_time(NOW):
            cls.complaints = [
                cls._resolved_complaint(),
                cls._resolved_complaint(partner_id=second_guest.id),
            ]

    def test_random_bookings_keep_the_guarantees(self):
        BookingMachine.case = self
        BookingMachine.reached = set()
        run_state_machine_as_test(
            BookingMachine,
            settings=settings(
                max_examples=12,
                stateful_step_count=10,
                deadline=None,
                derandomize=True,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
        # The sequences go deep enough to book, move and cancel, not only refuse.
        self.assertLessEqual(
            {"booked", "moved", "cancelled", "refused"}, BookingMachine.reached
        )
