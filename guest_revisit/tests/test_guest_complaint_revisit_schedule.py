from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import TestGuestRevisitCommon

REVISIT = "guest_revisit.mail_act_complaint_revisit"
REVISIT_ON_SITE = "guest_revisit.mail_act_complaint_revisit_on_site"
REVISIT_INSURER = "guest_revisit.mail_act_complaint_revisit_insurer"
FRIDAY_10H_SHANGHAI = datetime(2026, 11, 27, 2, 0)  # resolution time, UTC


class TestMandatoryRevisitSchedule(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Shanghai"
        cls.company.write(
            {"revisit_working_days": 3, "revisit_priority_working_days": 1}
        )

    def _resolve_on_friday(self, **values):
        complaint = self._create_complaint(
            user_id=self.user_staff.id, corrective_action="Refund", **values
        )
        with freeze_time(FRIDAY_10H_SHANGHAI):
            complaint.action_resolve()
        return complaint

    def _public_holiday(self, day):
        # the whole day in Shanghai (UTC+8), for every resource of the calendar
        start = datetime.combine(day, time()) - timedelta(hours=8)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": start,
                "date_to": start + timedelta(hours=24, seconds=-1),
            }
        )

    def test_three_working_days_across_the_weekend(self):
        complaint = self._resolve_on_friday()
        self.assertEqual(complaint.revisit_due_date, date(2026, 12, 2))
        activity = self._activities(complaint, REVISIT)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 12, 2))
        self.assertEqual(activity.user_id, self.user_staff)

    def test_public_holiday_is_not_a_working_day(self):
        self._public_holiday(date(2026, 11, 30))
        complaint = self._resolve_on_friday()
        self.assertEqual(complaint.revisit_due_date, date(2026, 12, 3))

    def test_important_and_urgent_are_revisited_sooner(self):
        self.assertEqual(
            self._resolve_on_friday(severity="important").revisit_due_date,
            date(2026, 11, 30),
        )
        self._public_holiday(date(2026, 11, 30))
        self.assertEqual(
            self._resolve_on_friday(severity="urgent").revisit_due_date,
            date(2026, 12, 1),
        )

    def test_setting_change_applies_to_later_resolutions(self):
        first = self._resolve_on_friday()
        self.company.revisit_working_days = 5
        second = self._resolve_on_friday()
        self.assertEqual(first.revisit_due_date, date(2026, 12, 2))
        self.assertEqual(second.revisit_due_date, date(2026, 12, 4))

    def test_date_asked_by_the_guest_wins(self):
        complaint = self._resolve_on_friday(revisit_requested_date=date(2026, 12, 10))
        self.assertEqual(complaint.revisit_due_date, date(2026, 12, 10))
        self.assertEqual(
            self._activities(complaint, REVISIT).date_deadline, date(2026, 12, 10)
        )

    def test_reopen_drops_the_revisit_and_next_resolution_schedules_one(self):
        complaint = self._resolve_on_friday()
        complaint.action_reopen()
        self.assertFalse(self._activities(complaint, REVISIT))
        self.assertFalse(complaint.revisit_due_date)
        with freeze_time(FRIDAY_10H_SHANGHAI):
            complaint.action_resolve()
        self.assertEqual(len(self._activities(complaint, REVISIT)), 1)

    def test_closing_waits_for_the_mandatory_revisit(self):
        complaint = self._resolve_on_friday()
        complaint.action_record_feedback()
        with self.assertRaisesRegex(UserError, "mandatory revisit"):
            complaint.action_close()
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(len(self._activities(complaint, REVISIT)), 1)
        self._revisit_reached(complaint)
        self.assertFalse(self._activities(complaint, REVISIT))
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_representative_problem_or_suggestion_is_revisited_on_site(self):
        for flag in ("representative_problem", "valuable_suggestion"):
            with self.subTest(flag=flag):
                complaint = self._resolve_on_friday(**{flag: True})
                self.assertFalse(self._activities(complaint, REVISIT))
                on_site = self._activities(complaint, REVISIT_ON_SITE)
                self.assertEqual(on_site.date_deadline, date(2026, 12, 2))

    def test_injured_guest_gets_a_call_about_the_claim(self):
        insurer = self.env["res.partner"].create({"name": "Ping An Insurance"})
        complaint = self._create_complaint(
            user_id=self.user_staff.id,
            corrective_action="Medical costs covered",
            guest_injured=True,
        )
        with self.assertRaisesRegex(UserError, "insurer"):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "assigned")
        complaint.write(
            {
                "insurer_id": insurer.id,
                "insurance_claim_number": "PA-2026-118",
                "insurance_claim_status": "filed",
            }
        )
        with freeze_time(FRIDAY_10H_SHANGHAI):
            complaint.action_resolve()
        call = self._activities(complaint, REVISIT_INSURER)
        self.assertEqual(len(call), 1)
        self.assertIn("PA-2026-118", call.note)
        self.assertIn("Ping An Insurance", call.note)
        self.assertEqual(
            len(self._activities(complaint, REVISIT)), 1, "and the usual revisit"
        )
        complaint.action_reopen()
        self.assertFalse(self._activities(complaint, REVISIT_INSURER))
