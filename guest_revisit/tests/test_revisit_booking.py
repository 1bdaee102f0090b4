from datetime import date, datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import TestGuestRevisitCommon, load_chinese

SHANGHAI = pytz.timezone("Asia/Shanghai")
# A Monday, 09:00 in Shanghai: the complaint is resolved then.
MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 1, 0)


def shanghai(day, hour, minute=0):
    """``day`` at ``hour:minute`` in Shanghai, as a naive UTC datetime."""
    local = SHANGHAI.localize(datetime.combine(day, datetime.min.time()))
    moment = local.replace(hour=hour, minute=minute)
    return moment.astimezone(pytz.utc).replace(tzinfo=None)


def local(slot):
    return pytz.utc.localize(slot).astimezone(SHANGHAI)


class RevisitBookingCommon(TestGuestRevisitCommon):
    """A Shanghai office working Monday to Friday, 8-12 and 13-17."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._create_office_calendar("Shanghai office")
        cls.company.write(
            {
                "revisit_working_days": 3,
                "revisit_booking_valid_days": 14,
                "revisit_booking_change_hours": 24.0,
                "revisit_booking_reminder_hours": 8.0,
                "revisit_booking_call_minutes": 15,
                "revisit_booking_visit_minutes": 60,
            }
        )
        cls.guest.lang = "en_US"

    def _busy(self, user, start, stop, **values):
        return self.env["calendar.event"].create(
            {
                "name": "Busy",
                "start": start,
                "stop": stop,
                "user_id": user.id,
                "partner_ids": [(6, 0, user.partner_id.ids)],
                **values,
            }
        )


class TestRevisitBookingSlots(RevisitBookingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(NOW):
            cls.complaint = cls._resolved_complaint()

    def slots(self, complaint=None):
        with freeze_time(NOW):
            return (complaint or self.complaint)._booking_slots()

    def test_offer_on_resolution(self):
        complaint = self.complaint
        self.assertEqual(complaint.booking_offered_at, NOW)
        self.assertEqual(complaint.booking_expires_at, NOW + timedelta(days=14))
        self.assertTrue(complaint.booking_code)
        self.assertEqual(complaint.revisit_due_date, date(2026, 12, 10))
        with freeze_time(NOW):
            self.assertIn(
                f"/revisit/booking/{complaint.id}?access_token=",
                complaint._booking_url(),
            )

    def test_slots_in_working_hours_until_the_due_day(self):
        slots = self.slots()
        # From now (Monday 09:00) to Thursday, the due day: 12 + 16 slots of 15
        # minutes on Monday, 32 on each of the three next days.
        self.assertEqual(len(slots), 28 + 3 * 32)
        self.assertEqual(slots[0], shanghai(MONDAY, 9))
        self.assertEqual(slots[-1], shanghai(MONDAY + timedelta(days=3), 16, 45))
        for slot in slots:
            moment = local(slot)
            self.assertLess(moment.weekday(), 5)
            hour = moment.hour + moment.minute / 60
            self.assertTrue(8 <= hour < 12 or 13 <= hour < 17, moment)
            self.assertEqual(moment.minute % 15, 0)
        self.assertEqual(slots, sorted(set(slots)))

    def test_slots_skip_public_holidays_and_use_make_up_days(self):
        wednesday, saturday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=5)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "resource_id": False,
                "date_from": shanghai(wednesday, 0),
                "date_to": shanghai(wednesday, 23, 59),
            }
        )
        self.env["resource.calendar.workday"].create(
            {"calendar_id": self.calendar.id, "date": saturday, "dayofweek": "0"}
        )
        # The due day as the calendar would give it with these days: the window
        # covers the make-up Saturday.
        self.complaint._workflow_effects().revisit_due_date = saturday
        days = {local(slot).date() for slot in self.slots()}
        self.assertNotIn(wednesday, days)
        self.assertIn(saturday, days)
        self.assertNotIn(saturday + timedelta(days=1), days)
        self.assertIn(MONDAY + timedelta(days=4), days)

    def test_slots_skip_the_responsible_leaves(self):
        tuesday = MONDAY + timedelta(days=1)
        Leave = self.env["resource.calendar.leaves"]
        # Time off on another schedule than the company's still counts; another
        # staff member's leave blocks nothing.
        other_schedule = self.calendar.copy({"name": "Part time"})
        Leave.create(
            {
                "name": "Time off",
                "calendar_id": other_schedule.id,
                "resource_id": self.employee_staff.resource_id.id,
                "date_from": shanghai(tuesday, 0),
                "date_to": shanghai(tuesday, 12),
            }
        )
        Leave.create(
            {
                "name": "Colleague's time off",
                "resource_id": self.user_staff_other.employee_ids.resource_id.id,
                "date_from": shanghai(tuesday, 12),
                "date_to": shanghai(tuesday, 23, 59),
            }
        )
        tuesday_hours = {
            local(slot).hour for slot in self.slots() if local(slot).date() == tuesday
        }
        self.assertEqual(tuesday_hours, {13, 14, 15, 16})

    def test_slots_inside_contact_windows(self):
        guest_type = self.env["guest.type"].create(
            {
                "name": "Government",
                "contact_window_ids": [
                    (0, 0, {"hour_from": 10, "hour_to": 11}),
                    (0, 0, {"hour_from": 16.5, "hour_to": 20}),
                ],
            }
        )
        self.guest.guest_type_id = guest_type
        slots = self.slots()
        self.assertEqual(len(slots), 4 * (4 + 2))
        for slot in slots:
            moment = local(slot)
            hour = moment.hour + moment.minute / 60
            self.assertTrue(10 <= hour < 11 or 16.5 <= hour < 17, moment)

    def test_slots_around_busy_events(self):
        self._busy(self.user_staff, shanghai(MONDAY, 9, 20), shanghai(MONDAY, 10, 30))
        # Someone else's meeting and a meeting shown as free block nothing.
        self._busy(self.user_staff_other, shanghai(MONDAY, 11), shanghai(MONDAY, 12))
        self._busy(
            self.user_staff,
            shanghai(MONDAY, 13),
            shanghai(MONDAY, 14),
            show_as="free",
        )
        monday = [local(s) for s in self.slots() if local(s).date() == MONDAY]
        starts = [(m.hour, m.minute) for m in monday]
        self.assertEqual(starts[:2], [(9, 0), (10, 30)])
        self.assertIn((11, 0), starts)
        self.assertIn((13, 0), starts)
        for moment in monday:
            end = moment + timedelta(minutes=15)
            self.assertFalse(
                end > SHANGHAI.localize(datetime(2026, 12, 7, 9, 20))
                and moment < SHANGHAI.localize(datetime(2026, 12, 7, 10, 30)),
                moment,
            )

    def test_slot_queries_do_not_grow_with_meetings(self):
        def count_queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            slots = self.slots()
            return self.env.cr.sql_log_count - before, slots

        tuesday = MONDAY + timedelta(days=1)
        self._busy(self.user_staff, shanghai(tuesday, 8), shanghai(tuesday, 8, 30))
        self.env.flush_all()
        # Once to warm the registry's caches, then measured.
        count_queries()
        queries, slots = count_queries()
        for hour in (9, 10, 11, 13, 14, 15, 16):
            self._busy(
                self.user_staff, shanghai(tuesday, hour), shanghai(tuesday, hour, 30)
            )
        self.env.flush_all()
        busy_queries, busy_slots = count_queries()
        self.assertEqual(busy_queries, queries)
        self.assertEqual(len(busy_slots), len(slots) - 14)

    def test_slot_length_from_the_method(self):
        self.complaint.representative_problem = True
        slots = self.slots()
        self.assertEqual(len(slots), 3 + 4 + 3 * 8)
        self.assertEqual(slots[1] - slots[0], timedelta(hours=1))

    def test_no_slots_after_the_window(self):
        with freeze_time(datetime(2026, 12, 10, 10, 0)):
            self.assertEqual(self.complaint._booking_slots(), [])

    def test_do_not_contact_guest_gets_no_slots(self):
        self.guest.write(
            {"guest_do_not_contact": True, "guest_do_not_contact_reason": "No calls"}
        )
        self.assertEqual(self.slots(), [])
        with freeze_time(NOW), self.assertRaises(UserError):
            self.complaint._booking_book(shanghai(MONDAY, 9))

    def test_no_offer_for_a_do_not_contact_guest(self):
        guest = self.env["res.partner"].create(
            {"name": "Quiet", "email": "quiet@example.com"}
        )
        guest.write({"guest_do_not_contact": True})
        with freeze_time(NOW):
            complaint = self._resolved_complaint(partner_id=guest.id)
            self.assertFalse(complaint.booking_expires_at)
            self.assertEqual(complaint._booking_url(), "")


class TestRevisitBookingAccess(RevisitBookingCommon):
    def test_staff_resolve_offers_but_cannot_forge_the_booking(self):
        with freeze_time(NOW):
            complaint = self._create_complaint(
                user_id=self.user_staff.id, corrective_action="Apology"
            ).with_user(self.user_staff)
            complaint.action_record_first_contact()
            complaint.action_resolve()
        self.assertEqual(complaint.booking_expires_at, NOW + timedelta(days=14))
        revisit = self._create_revisit(complaint_id=complaint.id)
        for values in (
            {"booking_expires_at": NOW + timedelta(days=365)},
            {"booking_code": "guessed"},
            {"booking_revisit_id": revisit.id},
            {"booking_reminded": True},
        ):
            for user in (self.user_staff, self.user_desk_manager, self.user_admin):
                with self.subTest(values=values, user=user.login):
                    with self.assertRaises(UserError):
                        complaint.with_user(user).write(values)
        self.assertEqual(complaint.booking_expires_at, NOW + timedelta(days=14))
        self.assertFalse(complaint.booking_revisit_id)


class TestRevisitBookingFlow(RevisitBookingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(NOW):
            cls.complaint = cls._resolved_complaint()

    def test_book_reschedule_cancel(self):
        complaint = self.complaint.sudo()
        tuesday = MONDAY + timedelta(days=1)
        first, second = shanghai(tuesday, 10), shanghai(tuesday, 14, 30)
        with freeze_time(NOW):
            revisit = complaint._booking_book(first)
        self.assertEqual(revisit.complaint_id, self.complaint)
        self.assertEqual(revisit.user_id, self.user_staff)
        self.assertEqual(revisit.appointment_at, first)
        self.assertEqual(revisit.scheduled_at, first)
        event = revisit.calendar_event_id
        self.assertEqual(event.start, first)
        self.assertEqual(event.stop, first + timedelta(minutes=15))
        self.assertEqual(event.partner_ids, self.guest | self.user_staff.partner_id)
        self.assertEqual(self.complaint.booking_revisit_id, revisit)
        self.assertNotIn(first, self.slots_now())
        # The staff member sees the meeting as theirs.
        self.assertIn(
            event,
            self.env["calendar.event"]
            .with_user(self.user_staff)
            .search([("partner_ids", "in", self.user_staff.partner_id.ids)]),
        )
        confirmation = self.complaint.message_ids.filtered(
            lambda m: (
                self.guest in m.partner_ids
                and "invitation.ics" in m.attachment_ids.mapped("name")
            )
        )
        self.assertEqual(len(confirmation), 1)
        self.assertIn(b"BEGIN:VCALENDAR", confirmation.attachment_ids.raw)

        with freeze_time(NOW):
            moved = complaint._booking_book(second)
        self.assertEqual(moved, revisit)
        self.assertEqual(revisit.calendar_event_id, event)
        self.assertEqual(event.start, second)
        self.assertEqual(revisit.appointment_reschedule_count, 1)
        slots = self.slots_now()
        self.assertIn(first, slots)
        self.assertNotIn(second, slots)

        with freeze_time(NOW):
            complaint._booking_cancel()
        self.assertFalse(event.exists())
        self.assertFalse(revisit.appointment_at)
        self.assertEqual(revisit.state, "planned")
        self.assertIn(second, self.slots_now())

    def slots_now(self):
        with freeze_time(NOW):
            return self.complaint._booking_slots()

    def test_a_taken_or_unoffered_slot_is_refused(self):
        tuesday = MONDAY + timedelta(days=1)
        self._busy(self.user_staff, shanghai(tuesday, 10), shanghai(tuesday, 11))
        with freeze_time(NOW):
            for slot in (
                shanghai(tuesday, 10),  # busy
                shanghai(tuesday, 12),  # lunch
                shanghai(tuesday, 10, 7),  # not a slot start
                shanghai(MONDAY + timedelta(days=5), 9),  # after the due day
            ):
                with self.assertRaises(UserError):
                    self.complaint.sudo()._booking_book(slot)
        self.assertFalse(self.complaint.revisit_ids)

    def test_no_change_close_to_the_appointment(self):
        tuesday = MONDAY + timedelta(days=1)
        with freeze_time(NOW):
            self.complaint.sudo()._booking_book(shanghai(tuesday, 10))
        # Less than 24 hours before.
        with freeze_time(shanghai(MONDAY, 11)):
            with self.assertRaises(UserError):
                self.complaint.sudo()._booking_book(shanghai(tuesday, 15))
            with self.assertRaises(UserError):
                self.complaint.sudo()._booking_cancel()
        self.assertEqual(
            self.complaint.booking_revisit_id.appointment_at, shanghai(tuesday, 10)
        )

    def test_expired_link_books_nothing(self):
        with freeze_time(NOW + timedelta(days=15)):
            self.assertFalse(self.complaint._booking_is_open())
            self.assertEqual(self.complaint._booking_url(), "")
            with self.assertRaises(UserError):
                self.complaint.sudo()._booking_book(shanghai(MONDAY, 9))

    def test_unbooked_guest_is_called(self):
        Complaint = self.env["guest.complaint"]
        self.user_staff.lang = "en_US"
        other_guest = self.env["res.partner"].create(
            {"name": "Booked guest", "email": "booked@example.com"}
        )
        with freeze_time(NOW):
            booked = self._resolved_complaint(partner_id=other_guest.id)
            booked.sudo()._booking_book(shanghai(MONDAY + timedelta(days=1), 9))
        ours = self.complaint | booked

        def remind():
            # Offers of other data in the database are none of this test's business.
            return Complaint._cron_remind_unbooked() & ours

        with freeze_time(NOW):
            # Just offered: not yet.
            self.assertFalse(remind())
        # Eight working hours after Monday 09:00: Tuesday 09:00 (lunch excluded).
        with freeze_time(shanghai(MONDAY + timedelta(days=1), 8, 30)):
            self.assertFalse(remind())
        with freeze_time(shanghai(MONDAY + timedelta(days=1), 9, 30)):
            self.assertEqual(remind(), self.complaint)
            # Once.
            self.assertFalse(remind())
        activity = self._activities(self.complaint, "mail.mail_activity_data_call")
        self.assertEqual(activity.user_id, self.user_staff)
        self.assertEqual(activity.summary, "Call the guest to agree on a revisit time")
        self.assertFalse(self._activities(booked, "mail.mail_activity_data_call"))

    def test_reminder_in_the_assignee_language(self):
        load_chinese(self.env, "guest_revisit")
        chinese_staff = new_test_user(
            self.env,
            login="gr_booking_zh",
            groups="guest_revisit.group_revisit_user",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        with freeze_time(NOW):
            complaint = self._resolved_complaint(user_id=chinese_staff.id)
        with freeze_time(shanghai(MONDAY + timedelta(days=1), 9, 30)):
            self.env["guest.complaint"]._cron_remind_unbooked()
        activity = self._activities(complaint, "mail.mail_activity_data_call")
        self.assertEqual(activity.summary, "致电客人约定回访时间")


@tagged("post_install", "-at_install")
class TestRevisitBookingConcurrency(RevisitBookingCommon):
    """Two guests of one responsible take the same slot in two transactions: one
    meeting is made, the other guest is asked to choose again."""

    def test_one_slot_two_guests(self):
        registry = self.env.registry
        with registry.cursor() as cr:
            # Committed data: the two transactions below must both see it. The
            # company's own calendar gives working hours before the revisit is due.
            env = self.env(cr=cr, su=True)
            responsible = env.ref("base.user_admin")
            guests = env["res.partner"].create(
                [{"name": f"Racer {n}", "lang": "en_US"} for n in (1, 2)]
            )
            complaints = env["guest.complaint"].create(
                [
                    {
                        "name": "Race",
                        "partner_id": guest.id,
                        "company_id": responsible.company_id.id,
                        "user_id": responsible.id,
                        "channel": "phone",
                        "corrective_action": "Apology",
                    }
                    for guest in guests
                ]
            )
            complaints.action_record_first_contact()
            complaints.action_resolve()
            ids = {
                "user": responsible.id,
                "guests": guests.ids,
                "complaints": complaints.ids,
            }
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._drop_race_data, ids)

        cr1, cr2 = registry.cursor(), registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1, env2 = (
            self.env(cr=cr, su=True, context={"mail_notify_force_send": False})
            for cr in (cr1, cr2)
        )
        first, second = (
            env["guest.complaint"].browse(complaint_id)
            for env, complaint_id in zip((env1, env2), ids["complaints"], strict=True)
        )
        # Both guests see the slot: both transactions have their snapshot.
        slot = first._booking_slots()[0]
        self.assertIn(slot, second._booking_slots())

        first._booking_book(slot)
        # While the first booking is not committed, the second fails at once.
        with self.assertRaises(UserError):
            second._booking_book(slot)
        env1.flush_all()
        cr1.commit()
        # Committed now, but after the second transaction's snapshot: still refused.
        with self.assertRaises(UserError):
            second._booking_book(slot)
        cr2.rollback()
        env2.invalidate_all()
        self.assertNotIn(slot, second._booking_slots())
        events = env2["calendar.event"].search(
            [
                ("res_model", "=", "guest.revisit"),
                ("start", "=", slot),
                ("user_id", "=", ids["user"]),
            ]
        )
        self.assertEqual(len(events), 1)
        self.assertEqual(
            env2["guest.complaint"].browse(ids["complaints"]).booking_revisit_id,
            env2["guest.revisit"].search([("calendar_event_id", "in", events.ids)]),
        )

    def _drop_race_data(self, ids):
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr, su=True)
            complaints = env["guest.complaint"].browse(ids["complaints"])
            revisits = env["guest.revisit"].search(
                [("complaint_id", "in", complaints.ids)]
            )
            revisits.calendar_event_id.unlink()
            env["mail.activity"].search(
                [("res_model", "in", ("guest.complaint", "guest.revisit")),
                 ("res_id", "in", complaints.ids + revisits.ids)]
            ).unlink()  # fmt: skip
            revisits.unlink()
            complaints.unlink()
            env["res.partner"].browse(ids["guests"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit
