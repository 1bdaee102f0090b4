from datetime import date, datetime, time

import pytz

from odoo.tests import BaseCase

from odoo.addons.guest_revisit.tools import local_date, local_to_utc, utc_naive


class TestLocalDays(BaseCase):
    """Stored datetimes are naive UTC; the flow counts days in a time zone."""

    def test_early_morning_in_shanghai_is_the_same_local_day(self):
        # 06:30 in Beijing is 22:30 UTC the day before.
        resolved_at = datetime(2026, 2, 13, 22, 30)
        self.assertEqual(local_date(resolved_at, "Asia/Shanghai"), date(2026, 2, 14))
        self.assertEqual(local_date(resolved_at, "UTC"), date(2026, 2, 13))
        self.assertEqual(local_date(resolved_at, None), date(2026, 2, 13))
        aware = pytz.utc.localize(resolved_at)
        zone = pytz.timezone("Asia/Shanghai")
        self.assertEqual(local_date(aware, zone), date(2026, 2, 14))

    def test_local_day_start_as_stored(self):
        start = local_to_utc(date(2026, 2, 14), time.min, "Asia/Shanghai")
        self.assertEqual(start, datetime(2026, 2, 13, 16, 0))
        self.assertIsNone(start.tzinfo)
        aware = local_to_utc(date(2026, 2, 14), None, "Asia/Shanghai", naive=False)
        self.assertEqual(aware.utcoffset().total_seconds(), 8 * 3600)
        self.assertEqual(utc_naive(aware), start)
