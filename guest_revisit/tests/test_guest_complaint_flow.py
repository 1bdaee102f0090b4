from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import TestGuestRevisitCommon

FIRST_CONTACT = "guest_revisit.mail_act_complaint_first_contact"
FEEDBACK = "guest_revisit.mail_act_complaint_feedback"
ESCALATION = "guest_revisit.mail_act_complaint_escalation"
T0 = datetime(2026, 11, 23, 2, 0, 0)  # 10:00 in Shanghai


class TestGuestComplaintFlow(TestGuestRevisitCommon):
    def test_registration_number_and_defaults(self):
        complaint = self._create_complaint()
        self.assertRegex(complaint.number, r"^TS\d{6}-\d{5}$")
        self.assertEqual(complaint.state, "new")
        self.assertEqual(
            complaint.department_id, self.department, "default from the category"
        )
        self.assertEqual(complaint.contact_email, "li.ming@example.com")
        self.assertEqual(complaint.contact_phone, "+86 138 0000 0001")
        other = self._create_complaint()
        self.assertNotEqual(complaint.number, other.number)

    def test_full_flow_with_deadlines_and_activities(self):
        with freeze_time(T0):
            complaint = self._create_complaint()
            complaint.user_id = self.user_staff
            self.assertEqual(
                complaint.state, "assigned", "setting a responsible assigns"
            )
            self.assertEqual(complaint.assigned_at, T0)
            self.assertEqual(complaint.first_contact_deadline, T0 + timedelta(hours=1))
            activity = self._activities(complaint, FIRST_CONTACT)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.user_staff)
        with freeze_time(T0 + timedelta(minutes=40)):
            complaint.action_record_first_contact()
            self.assertEqual(complaint.state, "investigating")
            self.assertTrue(complaint.first_contact_on_time)
            self.assertFalse(self._activities(complaint, FIRST_CONTACT), "marked done")
            done = self.env["mail.message"].search(
                [
                    ("model", "=", "guest.complaint"),
                    ("res_id", "=", complaint.id),
                    ("mail_activity_type_id", "=", self.env.ref(FIRST_CONTACT).id),
                ]
            )
            self.assertEqual(len(done), 1, "the done activity is logged in the chatter")
        with freeze_time(T0 + timedelta(hours=5)):
            complaint.write(
                {
                    "corrective_action": "Refund the optional tour",
                    "compensation_type": "refund",
                    "compensation_amount": 200.0,
                }
            )
            complaint.action_resolve()
            self.assertEqual(complaint.state, "resolved")
            self.assertEqual(complaint.resolved_at, T0 + timedelta(hours=5))
            self.assertEqual(complaint.feedback_deadline, T0 + timedelta(hours=29))
            self.assertEqual(len(self._activities(complaint, FEEDBACK)), 1)
        with freeze_time(T0 + timedelta(hours=30)):
            complaint.action_record_feedback()
            self.assertFalse(
                complaint.feedback_on_time, "fed back 25 h after resolution"
            )
            self.assertFalse(self._activities(complaint, FEEDBACK))
            complaint.guest_satisfied = "satisfied"
            self._revisit_reached(complaint)
            complaint.action_close()
            self.assertEqual(complaint.state, "closed")
            self.assertTrue(complaint.is_closed)

    def test_first_contact_late_and_exactly_on_deadline(self):
        with freeze_time(T0):
            late = self._create_complaint(user_id=self.user_staff.id)
            exact = self._create_complaint(user_id=self.user_staff.id)
        with freeze_time(T0 + timedelta(hours=1)):
            exact.action_record_first_contact()
        with freeze_time(T0 + timedelta(hours=1, seconds=1)):
            late.action_record_first_contact()
        self.assertTrue(exact.first_contact_on_time, "exactly 60 minutes is on time")
        self.assertFalse(late.first_contact_on_time)

    def test_urgent_uses_tighter_deadlines_and_settings_apply_to_later_assignments(
        self,
    ):
        with freeze_time(T0):
            urgent = self._create_complaint(
                severity="urgent", user_id=self.user_staff.id
            )
            self.assertEqual(urgent.first_contact_deadline, T0 + timedelta(minutes=30))
            self.assertEqual(urgent.priority, "2")
            settings = self.env["res.config.settings"].create(
                {
                    "complaint_first_contact_hours": 2.0,
                    "complaint_urgent_first_contact_hours": 0.25,
                }
            )
            settings.execute()
            general = self._create_complaint(user_id=self.user_staff.id)
            urgent_after = self._create_complaint(
                severity="urgent", user_id=self.user_staff.id
            )
        self.assertEqual(general.first_contact_deadline, T0 + timedelta(hours=2))
        self.assertEqual(
            urgent_after.first_contact_deadline, T0 + timedelta(minutes=15)
        )
        self.assertEqual(
            urgent.first_contact_deadline,
            T0 + timedelta(minutes=30),
            "past deadlines stay",
        )

    def test_raising_severity_tightens_the_pending_deadline(self):
        with freeze_time(T0):
            complaint = self._create_complaint(user_id=self.user_staff.id)
            complaint.severity = "urgent"
        self.assertEqual(complaint.first_contact_deadline, T0 + timedelta(minutes=30))

    def test_reassignment_moves_the_activity(self):
        complaint = self._create_complaint(user_id=self.user_staff.id)
        complaint.user_id = self.user_staff_other
        activity = self._activities(complaint, FIRST_CONTACT)
        self.assertEqual(activity.user_id, self.user_staff_other)
        self.assertEqual(len(activity), 1)

    def test_guards(self):
        complaint = self._create_complaint()
        with self.assertRaisesRegex(UserError, "responsible person"):
            complaint.action_resolve()
        complaint.user_id = self.user_staff
        with self.assertRaisesRegex(UserError, "without a solution"):
            complaint.action_resolve()
        complaint.corrective_action = "   "
        with self.assertRaisesRegex(UserError, "without a solution"):
            complaint.action_resolve()
        with self.assertRaisesRegex(UserError, "must be resolved"):
            complaint.stage_id = self.stages["closed"]
        complaint.corrective_action = "Apologise"
        complaint.action_resolve()
        with self.assertRaisesRegex(UserError, "fed back"):
            complaint.action_close()
        with self.assertRaisesRegex(UserError, "cannot go back"):
            complaint.stage_id = self.stages["new"]
        self.assertEqual(
            complaint.state, "resolved", "nothing lost by the refused moves"
        )
        self.assertEqual(complaint.corrective_action, "Apologise")

    def test_negative_compensation_refused(self):
        complaint = self._create_complaint()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            complaint.compensation_amount = -5
            complaint.flush_recordset()

    def test_occurred_after_received_refused(self):
        with self.assertRaises(ValidationError):
            self._create_complaint(received_at=T0, occurred_at=T0 + timedelta(days=1))

    def test_reopen_counts_and_cancelled_cannot_reopen(self):
        complaint = self._create_complaint(
            user_id=self.user_staff.id, corrective_action="Fix"
        )
        complaint.action_resolve()
        complaint.action_record_feedback()
        self._revisit_reached(complaint)
        complaint.action_close()
        complaint.action_reopen()
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(
            complaint.fed_back_at, "the next result must be fed back again"
        )
        complaint.action_resolve()
        complaint.action_reopen()
        self.assertEqual(complaint.reopen_count, 2)
        complaint.action_cancel()
        with self.assertRaisesRegex(UserError, "cancelled"):
            complaint.action_reopen()
        with self.assertRaisesRegex(UserError, "cancelled"):
            complaint.stage_id = self.stages["investigating"]
        self.assertFalse(
            self._activities(complaint, FIRST_CONTACT)
            | self._activities(complaint, FEEDBACK),
            "a cancelled complaint has no pending deadline",
        )

    def test_configurable_stage_keeps_the_flow(self):
        extra = self.env["guest.complaint.stage"].create(
            {
                "name": "Waiting for the supplier",
                "state": "investigating",
                "sequence": 25,
            }
        )
        complaint = self._create_complaint(user_id=self.user_staff.id)
        complaint.stage_id = extra
        self.assertEqual(complaint.state, "investigating")
        complaint.corrective_action = "Supplier refunds"
        complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")

    def test_important_notifies_manager_and_urgent_alerts_manager_and_head(self):
        important = self._create_complaint(severity="important")
        message = important.message_ids.filtered(
            lambda m: "Important" in (m.body or "")
        )
        # The ladder's first level of important complaints: manager and head.
        self.assertEqual(
            message.partner_ids,
            (self.user_desk_manager | self.user_department_head).partner_id,
        )
        self.assertFalse(self._activities(important, ESCALATION))
        urgent = self._create_complaint(severity="urgent")
        activities = self._activities(urgent, ESCALATION)
        self.assertEqual(
            activities.user_id, self.user_desk_manager | self.user_department_head
        )
        self.assertEqual(urgent.priority, "2")
        general = self._create_complaint()
        general.severity = "urgent"
        self.assertEqual(
            len(self._activities(general, ESCALATION)),
            2,
            "raising to urgent alerts too",
        )
        urgent.action_cancel()
        self.assertFalse(
            self._activities(urgent, ESCALATION),
            "a finished complaint leaves none open",
        )

    def test_urgent_by_desk_manager_alerts_department_heads_of_the_company(self):
        """With no parent department manager, the company's department heads are
        alerted, even when the desk manager cannot read other companies' users."""
        company_2 = self.env["res.company"].create({"name": "Other Resort"})
        new_test_user(
            self.env,
            login="gr_head_c2",
            groups="guest_revisit.group_revisit_department_head",
            company_id=company_2.id,
        )
        complaint = (
            self.env["guest.complaint"]
            .with_user(self.user_desk_manager)
            .create(
                {
                    "name": "Injury on the excursion",
                    "partner_id": self.guest.id,
                    "department_id": self.other_department.id,
                    "severity": "urgent",
                }
            )
        )
        alerted = self._activities(complaint, ESCALATION).user_id
        self.assertIn(self.user_department_head, alerted)
        self.assertNotIn("gr_head_c2", alerted.mapped("login"))


class TestGuestComplaintEscalationCron(TestGuestRevisitCommon):
    def test_overdue_escalated_exactly_once(self):
        with freeze_time(T0):
            overdue = self._create_complaint(user_id=self.user_staff.id)
            contacted = self._create_complaint(user_id=self.user_staff.id)
            contacted.action_record_first_contact()
            not_due = self._create_complaint()
        Complaint = self.env["guest.complaint"]
        with freeze_time(T0 + timedelta(hours=2)):
            Complaint._cron_escalate_overdue()
            Complaint._cron_escalate_overdue()
        self.assertTrue(overdue.first_contact_escalated)
        escalations = self._activities(overdue, ESCALATION)
        self.assertEqual(
            len(escalations), 1, "one escalation, however often the cron runs"
        )
        self.assertEqual(escalations.user_id, self.user_desk_manager)
        self.assertFalse(self._activities(contacted, ESCALATION))
        self.assertFalse(self._activities(not_due, ESCALATION))
        self.assertFalse(contacted.first_contact_escalated)

    def test_overdue_feedback_escalated_once(self):
        with freeze_time(T0):
            complaint = self._create_complaint(
                user_id=self.user_staff.id, corrective_action="Fix"
            )
            complaint.action_record_first_contact()
            complaint.action_resolve()
        with freeze_time(T0 + timedelta(hours=25)):
            self.env["guest.complaint"]._cron_escalate_overdue()
            self.env["guest.complaint"]._cron_escalate_overdue()
        self.assertTrue(complaint.feedback_escalated)
        self.assertEqual(len(self._activities(complaint, ESCALATION)), 1)

    def test_claim_is_atomic(self):
        """A second worker that read the same candidates claims none of them."""
        with freeze_time(T0):
            complaint = self._create_complaint(user_id=self.user_staff.id)
        Escalation = self.env["guest.complaint.escalation"]
        with freeze_time(T0 + timedelta(hours=2)):
            now = datetime.now()
            ladders = self.env["guest.complaint.escalation.level"]._ladders()
            candidates = self.env["guest.complaint"].search(
                Escalation._missed_domain("first_contact", now, ladders)
            )
            self.assertIn(complaint, candidates)
            Escalation._schedule_ladders(candidates, "first_contact", now, ladders)
            self.assertFalse(Escalation._claim(candidates, "first_contact"))
            Escalation._schedule_ladders(candidates, "first_contact", now, ladders)
        self.assertEqual(len(self._activities(complaint, ESCALATION)), 1)
        self.assertEqual(
            len(
                Escalation.search(
                    [("complaint_id", "=", complaint.id), ("fired_at", "!=", False)]
                )
            ),
            1,
        )
