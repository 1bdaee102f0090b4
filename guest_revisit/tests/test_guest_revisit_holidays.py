from datetime import date, datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import TestGuestRevisitCommon

SHANGHAI = pytz.timezone("Asia/Shanghai")
# The State Council's 2026 schedule.
MAKE_UP_DAYS_2026 = {
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
}


def _days(first, last):
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _shanghai(day, hour, minute=0):
    return SHANGHAI.localize(datetime.combine(day, datetime.min.time())).replace(
        hour=hour, minute=minute
    )


class TestGuestRevisitHolidays(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._create_office_calendar("Beijing office")
        cls.company.write(
            {
                "country_id": cls.env.ref("base.cn").id,
                "revisit_working_days": 3,
            }
        )
        cls.user_settings_admin = new_test_user(
            cls.env,
            login="gr_settings_admin",
            groups="base.group_user,base.group_system",
            company_id=cls.company.id,
        )

    def _load(self, years=(2026,), user=None):
        company = self.company.with_user(user or self.user_settings_admin)
        return company._load_public_holidays(list(years))

    def _leaves(self):
        return self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id)]
        )

    def _workdays(self):
        return self.calendar.workday_ids

    def _hours_on(self, day):
        return self.calendar.get_work_hours_count(
            _shanghai(day, 0), _shanghai(day, 0) + timedelta(days=1)
        )

    def _due_after_resolution(self, resolved_at_shanghai):
        complaint = self._create_complaint(
            user_id=self.user_staff.id, corrective_action="Refund"
        )
        resolved_utc = resolved_at_shanghai.astimezone(pytz.utc).replace(tzinfo=None)
        with freeze_time(resolved_utc):
            complaint.action_resolve()
        return complaint.revisit_due_date

    def test_china_2026_schedule(self):
        self._load()
        self.assertEqual(set(self._workdays().mapped("date")), MAKE_UP_DAYS_2026)
        self.assertTrue(all(self._workdays().mapped("holiday_key")))
        for day in MAKE_UP_DAYS_2026:
            self.assertEqual(self._hours_on(day), 8.0, day)
        for day in _days(date(2026, 2, 15), date(2026, 2, 23)) + _days(
            date(2026, 10, 1), date(2026, 10, 7)
        ):
            self.assertEqual(self._hours_on(day), 0.0, day)
        # an ordinary week around them keeps its pattern
        self.assertEqual(self._hours_on(date(2026, 2, 24)), 8.0)
        self.assertEqual(self._hours_on(date(2026, 2, 21)), 0.0)
        leave = self._leaves().filtered(lambda lv: lv.holiday_key == "CN:2026-02-17")
        self.assertEqual(len(leave), 1)
        self.assertFalse(leave.resource_id)
        self.assertEqual(
            pytz.utc.localize(leave.date_from).astimezone(SHANGHAI).date(),
            date(2026, 2, 17),
        )

    def test_make_up_day_in_odoo_computations(self):
        self._load()
        friday_15h = _shanghai(date(2026, 2, 13), 15)
        self.assertEqual(
            self.calendar.plan_hours(4, friday_15h, compute_leaves=True),
            _shanghai(date(2026, 2, 14), 10),
        )
        self.assertEqual(
            self.calendar.plan_days(
                2, _shanghai(date(2026, 2, 13), 0), compute_leaves=True
            )
            .astimezone(SHANGHAI)
            .date(),
            date(2026, 2, 14),
        )
        intervals = self.calendar._work_intervals_batch(
            _shanghai(date(2026, 2, 14), 0), _shanghai(date(2026, 2, 15), 0)
        )[False]
        self.assertEqual(
            [(start.hour, stop.hour) for start, stop, _att in intervals],
            [(8, 12), (13, 17)],
        )
        employee = self.env["hr.employee"].create(
            {"name": "Wang", "resource_calendar_id": self.calendar.id,
             "company_id": self.company.id}
        )  # fmt: skip
        duration = employee._get_work_days_data_batch(
            _shanghai(date(2026, 2, 9), 0), _shanghai(date(2026, 3, 2), 0)
        )[employee.id]
        # 15 weekdays of which 6 are holidays (16-20, 23), plus 2 make-up Saturdays
        self.assertEqual(duration, {"days": 11.0, "hours": 88.0})
        self.assertEqual(
            self.calendar.get_work_duration_data(
                _shanghai(date(2026, 2, 9), 0), _shanghai(date(2026, 3, 2), 0)
            ),
            {"days": 11.0, "hours": 88.0},
        )

    def test_revisit_due_across_spring_festival(self):
        self._load()
        # Thu 12 Feb, late evening: Fri 13, Sat 14 (make-up), Tue 24
        self.assertEqual(
            self._due_after_resolution(_shanghai(date(2026, 2, 12), 23, 30)),
            date(2026, 2, 24),
        )
        # Fri 13 Feb early morning (still 12 Feb in UTC): Sat 14, Tue 24, Wed 25
        self.assertEqual(
            self._due_after_resolution(_shanghai(date(2026, 2, 13), 6, 30)),
            date(2026, 2, 25),
        )

    def test_revisit_due_across_national_day(self):
        self._load()
        # Wed 30 Sep late evening: Thu 8, Fri 9, Sat 10 Oct (make-up)
        self.assertEqual(
            self._due_after_resolution(_shanghai(date(2026, 9, 30), 23, 30)),
            date(2026, 10, 10),
        )
        # Thu 8 Oct early morning: Fri 9, Sat 10 (make-up), Mon 12
        self.assertEqual(
            self._due_after_resolution(_shanghai(date(2026, 10, 8), 6, 30)),
            date(2026, 10, 12),
        )
        # Fri 18 Sep early morning: Sun 20 (make-up), Mon 21, Tue 22
        self.assertEqual(
            self._due_after_resolution(_shanghai(date(2026, 9, 18), 6, 30)),
            date(2026, 9, 22),
        )

    def test_reload_changes_nothing(self):
        created = self._load()
        self.assertEqual(created, len(self._leaves()) + len(self._workdays()))
        before = {
            rec: rec.read(["name", "date_from", "date_to"]) for rec in self._leaves()
        }
        workdays = self._workdays().read(["date", "dayofweek", "name"])
        self.assertEqual(self._load(), 0)
        with freeze_time("2026-12-01"):
            self.env["res.company"]._cron_load_public_holidays()
            self.env["res.company"]._cron_load_public_holidays()
        leaves_2026 = self._leaves().filtered(
            lambda lv: lv.holiday_key.startswith("CN:2026-")
        )
        self.assertEqual(set(leaves_2026), set(before))
        for leave, values in before.items():
            self.assertEqual(leave.read(["name", "date_from", "date_to"]), values)
        self.assertEqual(
            self._workdays()
            .filtered(lambda wd: wd.date.year == 2026)
            .read(["date", "dayofweek", "name"]),
            workdays,
        )

    def test_hand_edited_day_survives_reload(self):
        self._load()
        leave = self._leaves().filtered(lambda lv: lv.holiday_key == "CN:2026-10-07")
        # a region that works on 7 October afternoon only keeps the morning off
        leave.write(
            {
                "name": "Regional holiday",
                "date_to": leave.date_from + timedelta(hours=12),
            }
        )
        workday = self._workdays().filtered(lambda wd: wd.date == date(2026, 10, 10))
        workday.write({"dayofweek": "4", "name": "Regional make-up day"})
        count = len(self._leaves()) + len(self._workdays())
        self.assertEqual(self._load(), 0)
        self.assertEqual(len(self._leaves()) + len(self._workdays()), count)
        self.assertEqual(leave.name, "Regional holiday")
        self.assertEqual(self._hours_on(date(2026, 10, 7)), 4.0)
        self.assertEqual(workday.dayofweek, "4")

    def test_other_country(self):
        self.company.country_id = self.env.ref("base.fr")
        self._load()
        keys = set(self._leaves().mapped("holiday_key"))
        self.assertIn("FR:2026-07-14", keys)
        self.assertIn("FR:2026-12-25", keys)
        self.assertFalse(self._workdays())
        self.assertEqual(self._hours_on(date(2026, 7, 14)), 0.0)

    def test_settings_button(self):
        settings = (
            self.env["res.config.settings"]
            .with_user(self.user_settings_admin)
            .create({"public_holidays_year": 2026})
        )
        action = settings.action_load_public_holidays()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(set(self._workdays().mapped("date")), MAKE_UP_DAYS_2026)
        self.company.country_id = False
        with self.assertRaises(UserError):
            settings.action_load_public_holidays()

    def test_only_admins_load_and_edit(self):
        for user in (self.user_staff, self.user_admin):
            with self.assertRaises(AccessError):
                self._load(user=user)
        self.assertFalse(self._leaves())
        self._load()
        workday = self._workdays()[:1].with_user(self.user_admin)
        self.assertTrue(workday.date)  # internal users read the schedule
        with self.assertRaises(AccessError):
            workday.write({"dayofweek": "4"})
        with self.assertRaises(AccessError):
            workday.unlink()
        with self.assertRaises(AccessError):
            self.env["resource.calendar.workday"].with_user(self.user_admin).create(
                {"calendar_id": self.calendar.id, "date": date(2026, 3, 7)}
            )
