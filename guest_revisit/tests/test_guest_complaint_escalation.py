from datetime import datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tests.common import warmup
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.guest_revisit.models.guest_complaint_escalation import (
    GuestComplaintEscalation,
)

from .common import TestGuestRevisitCommon, load_chinese

ESCALATION = "guest_revisit.mail_act_complaint_escalation"
CRON = "guest_revisit.ir_cron_guest_complaint_escalate"
# Friday 27 November 2026, 16:00 in Shanghai (UTC+8): the company calendar's
# working day ends at 17:00.
FRIDAY_16H = datetime(2026, 11, 27, 8, 0)
MONDAY = datetime(2026, 11, 30)
LATER = datetime(2026, 12, 7, 8, 0)  # Monday, 16:00 in Shanghai


class TestGuestComplaintEscalation(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Shanghai"
        cls.user_leader = new_test_user(
            cls.env,
            login="gr_leader",
            groups="guest_revisit.group_revisit_department_head",
            name="GR leader in charge",
            company_id=cls.company.id,
        )
        cls.company.complaint_leader_user_id = cls.user_leader
        # Notes are checked in English; one test switches a user to Chinese.
        (
            cls.user_desk_manager | cls.user_department_head | cls.user_leader
        ).lang = "en_US"
        cls.Escalation = cls.env["guest.complaint.escalation"]

    def _escalations(self, complaint, kind="first_contact"):
        return self.Escalation.search(
            [("complaint_id", "=", complaint.id), ("deadline_kind", "=", kind)]
        )

    def _overdue_activities(self, complaint):
        """The escalation activities of missed deadlines, apart from the alert an
        urgent complaint gives at registration."""
        return self._activities(complaint, ESCALATION).filtered(
            lambda a: "Overdue" in str(a.note)
        )

    def _cron(self):
        self.env["guest.complaint"]._cron_escalate_overdue()

    def _run_cron_job(self):
        """The cron as ir.cron runs it: a job of its own, committing its batches."""
        with self.enter_registry_test_mode():
            self.env.ref(CRON).method_direct_trigger()

    def test_default_ladder(self):
        Level = self.env["guest.complaint.escalation.level"]
        ladders = Level._ladders()

        def rungs(severity):
            return [
                (
                    level.notify_manager,
                    level.notify_department_head,
                    level.notify_leader,
                    level.delay_hours,
                )
                for level in Level._ladder_of(ladders, self.company, severity)
            ]

        self.assertEqual(rungs("general"), [(True, False, False, 0)])
        self.assertEqual(rungs("important"), [(True, True, False, 0)])
        self.assertEqual(
            rungs("urgent"), [(True, True, False, 0), (False, False, True, 2)]
        )

    def test_urgent_overdue_first_contact_alerts_manager_and_department_head(self):
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(
                severity="urgent", user_id=self.user_staff.id
            )
        with freeze_time(FRIDAY_16H + timedelta(minutes=35)):
            self._cron()
        overdue = self._overdue_activities(complaint)
        self.assertEqual(
            overdue.user_id, self.user_desk_manager | self.user_department_head
        )
        self.assertTrue(complaint.first_contact_escalated)
        fired = self._escalations(complaint).filtered("fired_at")
        self.assertEqual(
            fired.level_id, self.env.ref("guest_revisit.escalation_level_urgent")
        )
        self.assertEqual(fired.user_ids, overdue.user_id)
        notes = complaint.message_ids.filtered(lambda m: "Alerted" in str(m.body))
        self.assertEqual(len(notes), 1, "one chatter note per firing")
        self.assertIn(self.user_department_head.name, notes.body)

    def test_leader_alerted_after_working_hours_past_a_weekend_and_holiday(self):
        # Monday is a public holiday: the two working hours after a deadline at
        # 16:30 on Friday are Friday's last half hour and Tuesday 8:00-9:30.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": MONDAY - timedelta(hours=8),
                "date_to": MONDAY + timedelta(hours=16, seconds=-1),
            }
        )
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(
                severity="urgent", user_id=self.user_staff.id
            )
        self.assertEqual(
            complaint.first_contact_deadline, FRIDAY_16H + timedelta(minutes=30)
        )
        tuesday_9h30 = datetime.combine(
            MONDAY.date() + timedelta(days=1), time(1, 30)
        )  # UTC
        for moment in (
            FRIDAY_16H + timedelta(hours=1),
            MONDAY + timedelta(hours=4),  # Monday noon in Shanghai
            tuesday_9h30 - timedelta(minutes=5),
        ):
            with freeze_time(moment):
                self._cron()
            self.assertNotIn(
                self.user_leader, self._overdue_activities(complaint).user_id
            )
        leader_level = self._escalations(complaint).filtered(
            lambda e: e.level_id.notify_leader
        )
        self.assertEqual(leader_level.due_at, tuesday_9h30)
        self.assertFalse(leader_level.fired_at)
        with freeze_time(tuesday_9h30 + timedelta(minutes=1)):
            self._cron()
            self._cron()
        leader_activities = self._overdue_activities(complaint).filtered(
            lambda a: a.user_id == self.user_leader
        )
        self.assertEqual(len(leader_activities), 1, "the leader is alerted once")
        self.assertEqual(len(self._overdue_activities(complaint)), 3)
        notes = complaint.message_ids.filtered(lambda m: "Alerted" in str(m.body))
        self.assertEqual(len(notes), 2, "one note for each firing")

    def test_met_deadline_drops_the_levels_still_waiting(self):
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(
                severity="urgent", user_id=self.user_staff.id
            )
        with freeze_time(FRIDAY_16H + timedelta(hours=1)):
            self._cron()
            complaint.action_record_first_contact()
        with freeze_time(FRIDAY_16H + timedelta(days=5)):
            self._cron()
        self.assertEqual(len(self._escalations(complaint)), 1, "only the fired level")
        self.assertNotIn(self.user_leader, self._overdue_activities(complaint).user_id)

    def test_feedback_escalated_again_for_the_deadline_after_reopening(self):
        with freeze_time(FRIDAY_16H):
            complaint = self._resolved_complaint()
        with freeze_time(FRIDAY_16H + timedelta(hours=25)):
            self._cron()
            self.assertTrue(complaint.feedback_escalated)
            complaint.action_record_feedback()
            complaint.action_reopen()
            self.assertFalse(complaint.feedback_escalated)
            complaint.action_resolve()
        with freeze_time(FRIDAY_16H + timedelta(hours=50)):
            self._cron()
            self._cron()
        escalations = self._escalations(complaint, "feedback")
        self.assertEqual(len(escalations), 2, "once per deadline")
        self.assertEqual(len(set(escalations.mapped("deadline"))), 2)
        self.assertTrue(complaint.feedback_escalated)
        self.assertEqual(len(self._overdue_activities(complaint)), 2)

    def test_activity_in_the_assignees_language(self):
        load_chinese(self.env, "guest_revisit")
        self.user_department_head.lang = "zh_CN"
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(
                severity="important", user_id=self.user_staff.id
            )
        with freeze_time(FRIDAY_16H + timedelta(hours=2)):
            self._cron()
        activities = self._activities(complaint, ESCALATION)
        by_user = {activity.user_id: activity for activity in activities}
        self.assertEqual(
            set(by_user), {self.user_desk_manager, self.user_department_head}
        )
        head_activity = by_user[self.user_department_head]
        # No summary of its own: each reader sees the type's name in their language.
        self.assertFalse(head_activity.summary)
        self.assertFalse(by_user[self.user_desk_manager].summary)
        self.assertIn("逾期", str(head_activity.note))
        self.assertIn("Overdue", str(by_user[self.user_desk_manager].note))
        # 17:00 in Shanghai, the assignees' time zone
        self.assertIn("17:00", str(head_activity.note))

    def test_level_nobody_matches_alerts_the_department_head(self):
        self.company.complaint_leader_user_id = False
        self.env["guest.complaint.escalation.level"].create(
            {"severity": "general", "notify_leader": True, "sequence": 20}
        ).company_id = self.company
        self.env["guest.complaint.escalation.level"].create(
            {
                "severity": "general",
                "notify_manager": True,
                "company_id": self.company.id,
            }
        )
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(user_id=self.user_staff.id)
        with freeze_time(FRIDAY_16H + timedelta(hours=2)):
            self._cron()
        self.assertEqual(
            self._overdue_activities(complaint).user_id,
            self.user_desk_manager | self.user_department_head,
        )

    def test_severity_without_ladder_is_not_escalated(self):
        self.env.ref("guest_revisit.escalation_level_general").active = False
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(user_id=self.user_staff.id)
        with freeze_time(FRIDAY_16H + timedelta(hours=2)):
            self._cron()
        self.assertFalse(self._escalations(complaint))
        self.assertFalse(complaint.first_contact_escalated)
        self.assertFalse(self._activities(complaint, ESCALATION))

    def test_registration_alerts_follow_the_ladder(self):
        """The people told when an urgent complaint is registered are those of the
        ladder's levels due at the deadline: one rule for both."""
        self.env.ref(
            "guest_revisit.escalation_level_urgent"
        ).notify_department_head = False
        complaint = self._create_complaint(
            severity="urgent", user_id=self.user_staff.id
        )
        self.assertEqual(
            self._activities(complaint, ESCALATION).user_id, self.user_desk_manager
        )

    def test_only_administrators_change_the_ladder_and_nobody_fakes_a_firing(self):
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(user_id=self.user_staff.id)
        level = self.env.ref("guest_revisit.escalation_level_general")
        for user in (
            self.user_staff,
            self.user_desk_manager,
            self.user_department_head,
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    level.with_user(user).delay_hours = 5
                with self.assertRaises(AccessError):
                    self.Escalation.with_user(user).create(
                        {
                            "complaint_id": complaint.id,
                            "deadline_kind": "first_contact",
                            "deadline": complaint.first_contact_deadline,
                            "level_id": level.id,
                            "due_at": complaint.first_contact_deadline,
                            "fired_at": FRIDAY_16H,
                        }
                    )
        level.with_user(self.user_admin).delay_hours = 1
        self.assertEqual(level.delay_hours, 1)
        self.assertTrue(level.with_user(self.user_staff).display_name)

    def test_escalation_history_is_read_by_managers_of_the_company(self):
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(user_id=self.user_staff.id)
        with freeze_time(FRIDAY_16H + timedelta(hours=2)):
            self._cron()
        fired = self._escalations(complaint)
        domain = [("id", "=", fired.id)]
        for user in (
            self.user_desk_manager,
            self.user_department_head,
            self.user_office,
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self.Escalation.with_user(user).search(domain), fired)
        with self.assertRaisesRegex(UserError, "archive it"):
            fired.level_id.with_user(self.user_admin).unlink()
        # Staff learn of escalations from the chatter, not from the history of
        # every complaint.
        with self.assertRaises(AccessError):
            self.Escalation.with_user(self.user_staff).search(domain)
        company_2 = self.env["res.company"].create({"name": "Other Resort"})
        self.user_desk_manager.company_ids = company_2 | self.company
        self.assertFalse(
            self.Escalation.with_user(self.user_desk_manager)
            .with_context(allowed_company_ids=company_2.ids)
            .search(domain),
            "another company's escalations stay in it",
        )

    def test_unique_key_refuses_a_level_fired_twice(self):
        """Two transactions that both saw a deadline unescalated cannot both
        record its level: the second insert fails and its alerts roll back."""
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(user_id=self.user_staff.id)
        with freeze_time(FRIDAY_16H + timedelta(hours=2)):
            self._cron()
        fired = self._escalations(complaint)
        self.assertEqual(len(fired), 1)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            fired.copy({"fired_at": False})
            self.env.flush_all()

    def test_second_worker_cannot_take_the_running_job(self):
        """ir.cron locks the job's row while a worker runs it: another worker,
        on its own connection, skips the job."""
        cron = self.env.ref(CRON)
        self.assertTrue(
            IrCron._acquire_one_job(self.env.cr, cron.id, include_not_ready=True)
        )
        with self.registry.cursor() as other_worker_cr:
            self.assertIsNone(
                IrCron._acquire_one_job(
                    other_worker_cr, cron.id, include_not_ready=True
                )
            )
            other_worker_cr.rollback()

    def test_interrupted_batch_run_again_escalates_each_once(self):
        """A crash in the second batch keeps the first, committed; the job run
        again escalates the rest, and nothing twice."""
        self.env["ir.config_parameter"].set_param(
            "guest_revisit.escalation_batch_size", 2
        )
        with freeze_time(FRIDAY_16H):
            complaints = self.env["guest.complaint"].browse(
                self._create_complaint(user_id=self.user_staff.id).id for _i in range(5)
            )
        calls = []
        fire = GuestComplaintEscalation._fire

        def fire_crashing_once(escalations, now):
            if escalations:
                calls.append(len(escalations))
                if len(calls) == 2:
                    raise RuntimeError("worker killed")
            return fire(escalations, now)

        with (
            freeze_time(FRIDAY_16H + timedelta(hours=2)),
            patch.object(GuestComplaintEscalation, "_fire", fire_crashing_once),
            mute_logger("odoo.addons.base.models.ir_cron"),
        ):
            self._run_cron_job()
        self.assertGreater(len(calls), 2, "the job ran again after the crash")
        fired = self.Escalation.search_count(
            [("fired_at", "=", FRIDAY_16H + timedelta(hours=2))]
        )
        self.assertEqual(
            sum(calls) - calls[1], fired, "the batch done before the crash was kept"
        )
        for complaint in complaints:
            self.assertTrue(complaint.first_contact_escalated)
            self.assertEqual(len(self._overdue_activities(complaint)), 1)
            self.assertEqual(len(self._escalations(complaint)), 1)

    def test_cron_job_commits_and_completes(self):
        with freeze_time(FRIDAY_16H):
            complaint = self._create_complaint(user_id=self.user_staff.id)
        with freeze_time(FRIDAY_16H + timedelta(hours=2)):
            self._run_cron_job()
            self._run_cron_job()
        self.assertEqual(
            self._overdue_activities(complaint).user_id, self.user_desk_manager
        )


class TestGuestComplaintEscalationPerformance(TestGuestRevisitCommon):
    def _overdue_batch(self, count):
        """Complaints of every severity, each with a deadline of its own (one
        minute apart), all missed two hours later."""
        severities = ["general", "important", "urgent"]
        complaints = self.env["guest.complaint"]
        for i in range(count):
            with freeze_time(LATER + timedelta(minutes=i)):
                complaints |= self._create_complaint(
                    user_id=self.user_staff.id, severity=severities[i % 3]
                )
        return complaints

    @warmup
    def test_cron_batch_queries(self):
        """A batch of 30 missed deadlines, the levels due fired at once and the
        later ones scheduled on the working calendar: 77 queries, under 3 per
        item, the calendar's for the urgent ones included (its dated extra
        working days too), and the company's mail domain that the notices read."""
        # Mail is set up as in production, with or without demo data.
        self.env.company.alias_domain_id = self.env["mail.alias.domain"].create(
            {"name": "escalation.example.com"}
        )
        # What the database holds already is escalated first.
        with freeze_time(LATER):
            self.env["guest.complaint"]._cron_escalate_overdue()
        complaints = self._overdue_batch(30)
        self.env.invalidate_all()
        with (
            freeze_time(LATER + timedelta(hours=2)),
            self.assertQueryCount(__system__=77),
        ):
            self.env["guest.complaint"]._cron_escalate_overdue()
        self.assertTrue(all(complaints.mapped("first_contact_escalated")))
        self.assertEqual(
            len(
                self.env["guest.complaint.escalation"].search(
                    [("complaint_id", "in", complaints.ids)]
                )
            ),
            40,
            "a level each, and the urgent ones' leader level scheduled",
        )
