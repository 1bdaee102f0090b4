import base64
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import TestGuestRevisitCommon

REVISIT = "guest_revisit.mail_act_complaint_revisit"
REVISIT_INSURER = "guest_revisit.mail_act_complaint_revisit_insurer"
LEFT_OPEN = "guest_revisit.mail_act_revisit_left_open"
# a 1x1 PNG: what the signature widget stores
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )
)


class TestGuestRevisitRecord(TestGuestRevisitCommon):
    def test_guest_who_declined_gets_no_revisit_and_is_told_why(self):
        self.guest.write(
            {
                "guest_do_not_contact": True,
                "guest_do_not_contact_reason": "Does not want calls",
            }
        )
        with self.assertRaisesRegex(UserError, "Does not want calls"):
            self._create_revisit()
        complaint = self._resolved_complaint()
        with self.assertRaisesRegex(UserError, "Does not want calls"):
            complaint.action_create_revisit()

    def test_department_of_the_staff_member_else_of_the_complaint(self):
        self.assertEqual(self._create_revisit().department_id, self.department)
        # The office has no employee: the complaint's handling department.
        complaint = self._create_complaint(department_id=self.other_department.id)
        revisit = self._create_revisit(
            complaint_id=complaint.id, user_id=self.user_office.id
        )
        self.assertEqual(revisit.department_id, self.other_department)
        # With neither, the department set by hand stays; a new staff member's
        # employee gives theirs.
        revisit = self._create_revisit(
            user_id=self.user_office.id, department_id=self.department_service.id
        )
        self.assertEqual(revisit.department_id, self.department_service)
        revisit.user_id = self.user_staff_other
        self.assertEqual(revisit.department_id, self.other_department)

    def test_scores_out_of_range_are_refused(self):
        revisit = self._create_revisit()
        for field_name, value in (("score_service", 6), ("score_overall", -1)):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                revisit.write({field_name: value})
        with self.assertRaisesRegex(ValidationError, "0-10"), self.cr.savepoint():
            revisit.write({"recommend_score": "11"})
        revisit.write({"score_service": 5, "recommend_score": "10"})
        self.assertEqual(revisit.nps_category, "promoter")

    def test_nps_categories(self):
        revisit = self._create_revisit()
        for score, category in (
            ("0", "detractor"),
            ("6", "detractor"),
            ("7", "passive"),
            ("8", "passive"),
            ("9", "promoter"),
        ):
            revisit.recommend_score = score
            self.assertEqual(revisit.nps_category, category, score)

    def test_on_site_revisit_needs_the_guests_signature(self):
        revisit = self._create_revisit(method="on_site").with_user(self.user_staff)
        revisit.write({"outcome": "reached", "visit_location": "Lobby"})
        with self.assertRaisesRegex(UserError, "signature"):
            revisit.action_done()
        revisit.write({"guest_signature": SIGNATURE, "signed_by": "Li Ming"})
        revisit.action_done()
        self.assertEqual(revisit.state, "done")
        self.assertTrue(revisit.done_at)
        self.assertEqual(revisit.review_state, "to_review")

    def test_outcome_is_required(self):
        with self.assertRaisesRegex(UserError, "outcome"):
            self._create_revisit().action_done()

    def test_dissatisfied_guest_reopens_the_complaint(self):
        complaint = self._resolved_complaint()
        revisit = complaint.action_create_revisit()
        revisit = self.env["guest.revisit"].browse(revisit["res_id"])
        self.assertEqual(revisit.complaint_id, complaint)
        revisit.write({"outcome": "reached", "complaint_satisfaction": "dissatisfied"})
        with self.assertRaisesRegex(UserError, "dissatisfied"):
            revisit.action_done()
        revisit.dissatisfaction_reason = "The refund never arrived"
        revisit.action_done()
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "The refund never arrived" in m.body
            )
        )

    def test_satisfied_revisit_closes_the_mandatory_revisit_activity(self):
        complaint = self._resolved_complaint(
            guest_injured=True,
            insurer_id=self.env["res.partner"].create({"name": "Insurer"}).id,
            insurance_claim_number="CL-1",
            insurance_claim_status="filed",
        )
        self.assertTrue(self._activities(complaint, REVISIT))
        revisit = self._create_revisit(complaint_id=complaint.id)
        self._complete(revisit, complaint_satisfaction="satisfied")
        self.assertFalse(self._activities(complaint, REVISIT))
        self.assertTrue(
            self._activities(complaint, REVISIT_INSURER),
            "the call about the claim stays until the guest rated the insurer",
        )
        follow_up = self._create_revisit(complaint_id=complaint.id)
        self._complete(follow_up, insurer_satisfaction="satisfied")
        self.assertFalse(self._activities(complaint, REVISIT_INSURER))
        self.assertEqual(complaint.state, "resolved")

    def test_declining_withdraws_consent_everywhere(self):
        first, second = self._create_revisit(), self._create_revisit()
        self._complete(first, outcome="declined", decline_reason="Too many calls")
        self.assertTrue(self.guest.guest_do_not_contact)
        self.assertEqual(self.guest.guest_do_not_contact_source, "declined_revisit")
        self.assertEqual(self.guest.guest_do_not_contact_reason, "Too many calls")
        self.assertEqual(second.state, "cancelled")
        with self.assertRaisesRegex(UserError, "Too many calls"):
            self._create_revisit()
        complaint = self._resolved_complaint()
        self.assertFalse(self._activities(complaint, REVISIT))

    @freeze_time("2026-11-27 02:00:00")
    def test_not_reached_is_tried_again_next_working_day(self):
        friday_10h = datetime(2026, 11, 27, 2, 0)
        revisit = self._create_revisit(scheduled_at=friday_10h)
        self._complete(revisit, outcome="not_reached")
        next_try = self.env["guest.revisit"].search([("parent_id", "=", revisit.id)])
        self.assertEqual(next_try.state, "planned")
        # Monday, same time (Shanghai)
        self.assertEqual(next_try.scheduled_at, friday_10h + timedelta(days=3))
        asked = self._create_revisit(scheduled_at=friday_10h)
        self._complete(
            asked, outcome="not_reached", next_attempt_at=datetime(2026, 11, 28, 8, 0)
        )
        self.assertEqual(
            self.env["guest.revisit"]
            .search([("parent_id", "=", asked.id)])
            .scheduled_at,
            datetime(2026, 11, 28, 8, 0),
        )

    def test_appointment_is_a_meeting_with_the_guest(self):
        revisit = self._create_revisit(method="on_site").with_user(self.user_staff)
        with self.assertRaises(UserError):
            revisit.action_book_appointment()
        revisit.write(
            {
                "appointment_at": datetime(2026, 12, 1, 6, 0),
                "appointment_location": "Guest's hotel lobby",
            }
        )
        revisit.action_book_appointment()
        event = revisit.calendar_event_id
        self.assertEqual(event.start, datetime(2026, 12, 1, 6, 0))
        self.assertEqual(event.location, "Guest's hotel lobby")
        self.assertEqual(event.partner_ids, self.user_staff.partner_id | self.guest)
        revisit.appointment_confirmed = True
        guest_attendance = event.attendee_ids.filtered(
            lambda a: a.partner_id == self.guest
        )
        self.assertEqual(guest_attendance.state, "accepted")
        revisit.appointment_at = datetime(2026, 12, 2, 6, 0)
        self.assertEqual(event.start, datetime(2026, 12, 2, 6, 0))
        self.assertEqual(revisit.appointment_reschedule_count, 1)
        self.assertFalse(revisit.appointment_confirmed)
        self.assertEqual(guest_attendance.state, "needsAction")

    def test_problems_raised_are_solved_or_forwarded(self):
        revisit = self._create_revisit().with_user(self.user_staff)
        with self.assertRaises(UserError):
            revisit.action_problem_solved()
        revisit.problem_description = "The shuttle bus was late again"
        action = revisit.action_forward_as_complaint()
        complaint = self.env["guest.complaint"].browse(action["res_id"])
        self.assertEqual(complaint.partner_id, self.guest)
        self.assertIn("shuttle bus", str(complaint.description))
        self.assertEqual(revisit.problem_status, "forwarded")

        other = self._create_revisit(problem_description="Room too cold")
        other.forward_department_id = self.department_service
        other.action_forward_to_department()
        self.assertEqual(other.activity_ids.user_id, self.user_department_head)

        third = self._create_revisit(problem_description="Needs a visit")
        action = third.action_escalate_on_site()
        on_site = self.env["guest.revisit"].browse(action["res_id"])
        self.assertEqual(on_site.method, "on_site")
        self.assertEqual(on_site.parent_id, third)
        self.assertEqual(third.problem_status, "on_site")

    def test_department_head_reviews_records(self):
        revisit = self._complete(self._create_revisit())
        with self.assertRaises(AccessError):
            revisit.with_user(self.user_staff)._apply_review("approve", "")
        head = revisit.with_user(self.user_department_head)
        head._apply_review("return", "Ask about the product needs too")
        self.assertEqual(revisit.state, "planned")
        self.assertEqual(revisit.review_state, "returned")
        revisit.action_done()
        head._apply_review("approve", "Good call")
        self.assertEqual(revisit.review_state, "approved")
        note = self.env["guest.revisit.staff.note"].with_user(self.user_department_head)
        note.create(
            {
                "user_id": self.user_staff.id,
                "kind": "praise",
                "note": "Patient",
                "revisit_id": revisit.id,
            }
        )
        self.assertEqual(revisit.staff_note_ids.kind, "praise")
        with self.assertRaises(AccessError):
            note.with_user(self.user_staff).create(
                {"user_id": self.user_staff.id, "note": "Self-praise"}
            )


class TestDailyClosing(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.revisit_day_end_hour = 18.0
        cls.user_staff.tz = "Asia/Shanghai"
        cls.user_staff_other.tz = "America/New_York"

    def test_flagged_at_each_staff_members_day_end_once(self):
        Revisit = self.env["guest.revisit"]
        # 23 Nov 2026, 09:00 in Shanghai and 09:00 in New York
        shanghai = self._create_revisit(scheduled_at=datetime(2026, 11, 23, 1, 0))
        new_york = self._create_revisit(
            user_id=self.user_staff_other.id, scheduled_at=datetime(2026, 11, 23, 14, 0)
        )
        done = self._create_revisit(scheduled_at=datetime(2026, 11, 23, 2, 0))
        self._complete(done)
        # 18:30 in Shanghai, 05:30 in New York
        ours = shanghai | new_york | done
        with freeze_time("2026-11-23 10:30:00"):
            flagged = Revisit._cron_flag_left_open() & ours
        self.assertEqual(flagged, shanghai)
        self.assertTrue(shanghai.is_left_open)
        self.assertEqual(shanghai.activity_ids.user_id, self.user_staff)
        # 18:30 in New York: only the New York record; Shanghai's not flagged twice
        with freeze_time("2026-11-23 23:30:00"):
            flagged = Revisit._cron_flag_left_open() & ours
        self.assertEqual(flagged, new_york)
        self.assertEqual(len(shanghai.activity_ids), 1)
        self.assertEqual(new_york.activity_ids.user_id, self.user_staff_other)
        # completing it clears the flag and its activity
        self._complete(shanghai)
        self.assertFalse(shanghai.is_left_open)
        self.assertFalse(shanghai.activity_ids)
