import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import load_chinese
from .test_revisit_booking import RevisitBookingCommon


@tagged("post_install", "-at_install")
class TestRevisitBookingPortal(HttpCase, RevisitBookingCommon):
    """The booking page without signing in: its link opens it until it expires, the
    guest books, moves and cancels there; every other request gets a 404."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env, "guest_revisit")
        # Every hour of every day is worked here: slots are offered whenever the
        # test runs.
        cls.calendar.write(
            {
                "attendance_ids": [
                    (5, 0, 0),
                    *[
                        (0, 0, {"name": "Day", "dayofweek": str(day),
                                "hour_from": 0, "hour_to": 24,
                                "day_period": "morning"})
                        for day in range(7)
                    ],
                ]
            }
        )  # fmt: skip
        cls.complaint = cls._resolved_complaint()

    def booking_path(self, complaint=None, token=None):
        complaint = complaint or self.complaint
        return (
            f"/revisit/booking/{complaint.id}"
            f"?access_token={token or complaint.access_token}"
        )

    def csrf_token(self, page):
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def post(self, action, page, **values):
        return self.url_open(
            f"/revisit/booking/{self.complaint.id}/{action}",
            data={
                "csrf_token": self.csrf_token(page),
                "access_token": self.complaint.access_token,
                **values,
            },
        )

    def test_page_lists_the_free_slots_in_the_guest_language(self):
        self.guest.lang = "zh_CN"
        page = self.url_open(self.booking_path())
        self.assertEqual(page.status_code, 200)
        self.assertIn("选择我们致电 / 拜访的时间", page.text)
        offered = re.findall(r'data-slot="([^"]+)"', page.text)
        expected = [
            fields.Datetime.to_string(slot) for slot in self.complaint._booking_slots()
        ]
        self.assertTrue(offered)
        # The page may be a few seconds later than the check.
        self.assertLessEqual(len(expected) - len(offered), 1)
        self.assertTrue(set(offered) <= set(expected) | set(offered[:1]))

    def test_wrong_missing_or_expired_token_is_not_found(self):
        self.assertEqual(self.url_open(self.booking_path()).status_code, 200)
        forged = self.booking_path(token="0" * 36)
        self.assertEqual(self.url_open(forged).status_code, 404)
        bare = f"/revisit/booking/{self.complaint.id}"
        self.assertEqual(self.url_open(bare).status_code, 404)
        other = self._resolved_complaint()
        crossed = self.booking_path(complaint=other, token=self.complaint.access_token)
        self.assertEqual(self.url_open(crossed).status_code, 404)
        self.complaint._workflow_effects().booking_expires_at = (
            fields.Datetime.now() - timedelta(minutes=1)
        )
        self.assertEqual(self.url_open(self.booking_path()).status_code, 404)

    def test_short_link_redirects_to_the_page(self):
        response = self.url_open(
            f"/r/{self.complaint.booking_code}", allow_redirects=False
        )
        self.assertIn(response.status_code, (301, 302, 303))
        self.assertTrue(response.headers["Location"].endswith(self.booking_path()))
        self.assertEqual(self.url_open("/r/nosuchcode").status_code, 404)

    def test_book_move_and_cancel_on_the_page(self):
        self.guest.lang = "en_US"
        page = self.url_open(self.booking_path())
        first, second = re.findall(r'data-slot="([^"]+)"', page.text)[-2:]
        booked = self.post("book", page, slot=first)
        self.assertEqual(booked.status_code, 200)
        self.assertIn("your appointment is booked", booked.text)
        revisit = self.complaint.booking_revisit_id
        self.assertEqual(fields.Datetime.to_string(revisit.appointment_at), first)
        event = revisit.calendar_event_id
        self.assertTrue(event)
        self.assertIn("o_revisit_booking_cancel", booked.text)

        moved = self.post("book", booked, slot=second)
        self.assertEqual(moved.status_code, 200)
        self.assertEqual(fields.Datetime.to_string(event.start), second)
        self.assertEqual(revisit.appointment_reschedule_count, 1)

        cancelled = self.post("cancel", moved)
        self.assertEqual(cancelled.status_code, 200)
        self.assertIn("Your appointment is cancelled", cancelled.text)
        self.assertFalse(event.exists())
        self.assertFalse(revisit.appointment_at)

    def test_a_taken_slot_asks_to_choose_again(self):
        self.guest.lang = "en_US"
        page = self.url_open(self.booking_path())
        slot = re.findall(r'data-slot="([^"]+)"', page.text)[-1]
        start = fields.Datetime.to_datetime(slot)
        self._busy(self.user_staff, start, start + timedelta(minutes=15))
        response = self.post("book", page, slot=slot)
        self.assertEqual(response.status_code, 200)
        self.assertIn("please choose another one", response.text)
        self.assertFalse(self.complaint.booking_revisit_id)
        self.assertFalse(self.complaint.revisit_ids)

    def test_do_not_contact_guest_sees_a_polite_text(self):
        self.guest.write({"guest_do_not_contact": True})
        self.guest.lang = "en_US"
        page = self.url_open(self.booking_path())
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_revisit_booking_refused", page.text)
        self.assertNotIn("o_revisit_booking_slot", page.text)

    def test_the_complaint_page_and_the_mail_offer_the_booking(self):
        page = self.url_open(
            f"/my/complaints/{self.complaint.id}"
            f"?access_token={self.complaint.access_token}"
        )
        self.assertIn(self.booking_path().replace("&", "&amp;"), page.text)
        template = self.env.ref("guest_revisit.mail_template_complaint_resolved")
        body = template._render_field("body_html", self.complaint.ids)[
            self.complaint.id
        ]
        self.assertIn(self.complaint._booking_url().replace("&", "&amp;"), body)
        self.guest.write({"guest_do_not_contact": True})
        body = template._render_field("body_html", self.complaint.ids)[
            self.complaint.id
        ]
        self.assertNotIn("/revisit/booking/", body)

    def test_chinese_guest_books_and_staff_sees_it(self):
        guest = self.env["res.partner"].create(
            {"name": "预约游客", "email": "booking.guest@example.com", "lang": "zh_CN"}
        )
        staff = new_test_user(
            self.env,
            login="booking_tour_staff",
            password="booking_tour_staff_pw",
            groups="guest_revisit.group_revisit_user",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        # Every slot is close at hand here: let the guest still change the booking.
        self.company.revisit_booking_change_hours = 0
        complaint = self._resolved_complaint(partner_id=guest.id, user_id=staff.id)
        self.start_tour(
            self.booking_path(complaint=complaint), "guest_revisit_booking_tour"
        )
        event = complaint.booking_revisit_id.calendar_event_id
        self.assertEqual(event.partner_ids, guest | staff.partner_id)
        self.start_tour(
            "/odoo/calendar?view_type=list",
            "guest_revisit_booking_staff_tour",
            login=staff.login,
        )
