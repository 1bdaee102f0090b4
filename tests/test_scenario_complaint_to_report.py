"""A guest's complaint through all four addons, each step done by the role that does
it in the company, through the ORM: a mail to the helpdesk alias opens a ticket and a
complaint (C1, H1), the desk assigns it (C3, C4), staff contact the guest and find a
solution (C5, C6), closing the ticket resolves the complaint and schedules its
revisit (H1, C10), the guest's low questionnaire answer reopens it (S2, S3, R7), the
revisit's cost is signed twice and posted (E1, E2), and the month's report is
approved (T1, T2)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.guest_revisit_expense.tests.common import TestRevisitExpenseCommon
from odoo.addons.guest_revisit_helpdesk.tests.common import (
    REVISIT,
    TestGuestRevisitHelpdeskCommon,
)
from odoo.addons.guest_revisit_survey.tests.common import LOW, TestRevisitSurveyCommon

LOW_ACTIVITY = "guest_revisit_survey.mail_act_revisit_low_answer"

MAIL = """Return-Path: <{sender}>
To: guest-line@scenario.example.com
From: Chen Jing <{sender}>
Subject: The guide skipped the museum
Message-ID: <museum-skipped@guests.example.org>
Date: Tue, 24 Nov 2026 10:00:00 +0800
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

The guide skipped the museum on day two and nobody apologised.
"""


# Outside an addon, Odoo gives a test case no default tags: name them.
@tagged("standard", "post_install", "-at_install")
class TestComplaintToReport(
    TestGuestRevisitHelpdeskCommon, TestRevisitSurveyCommon, TestRevisitExpenseCommon
):
    """The fixtures of the three satellites' tests together: the core's roles, the
    helpdesk team and its people, the shipped questionnaire, the expense approvers and
    finance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "scenario.example.com"}
        )
        cls.team.write(
            {
                "alias_name": "guest-line",
                "alias_domain_id": alias_domain.id,
                "complaint_alias_mode": "both",
            }
        )
        cls.mail_guest = cls.env["res.partner"].create(
            {
                "name": "Chen Jing",
                "email": "chen.jing@guests.example.org",
                "lang": "en_US",
            }
        )

    def _receive_mail(self):
        tickets = self.env["helpdesk.ticket"].search([])
        complaints = self.env["guest.complaint"].search([])
        # The mail gateway: no user of ours, as the incoming mail server runs it.
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].message_process(
                None, MAIL.format(sender=self.mail_guest.email)
            )
        return (
            self.env["helpdesk.ticket"].search([]) - tickets,
            self.env["guest.complaint"].search([]) - complaints,
        )

    def test_mail_to_approved_report(self):
        # 1. The guest's mail opens a ticket and the complaint linked to it.
        ticket, complaint = self._receive_mail()
        self.assertEqual(len(ticket), 1)
        self.assertEqual(len(complaint), 1)
        self.assertRecordValues(
            complaint,
            [
                {
                    "partner_id": self.mail_guest.id,
                    "channel": "helpdesk",
                    "state": "new",
                    "company_id": self.company.id,
                    "user_id": False,
                }
            ],
        )
        self.assertEqual(ticket.complaint_id, complaint)
        self.assertEqual(ticket.team_id, self.team)
        self.assertTrue(complaint.number)
        self.assertIn("museum", complaint.description)

        # 2. The complaint desk evaluates and assigns it; plain staff may not.
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_staff_other).write({"severity": "important"})
        complaint.with_user(self.user_helpdesk_desk).write(
            {
                "severity": "important",
                "category_id": self.category.id,
                "user_id": self.user_staff.id,
            }
        )
        self.assertRecordValues(
            complaint,
            [
                {
                    "state": "assigned",
                    "department_id": self.department.id,
                    "user_id": self.user_staff.id,
                }
            ],
        )
        self.assertTrue(complaint.first_contact_deadline)

        # 3. The responsible calls the guest, investigates and records the solution.
        staff_complaint = complaint.with_user(self.user_staff)
        staff_complaint.action_record_first_contact()
        self.assertTrue(complaint.first_contact_at)
        staff_complaint.write(
            {
                "root_cause": "The guide shortened the day to catch the train.",
                "cause_category": "service",
                "corrective_action": "Apology, refund of the museum ticket",
            }
        )

        # 4. A helpdesk agent, who may not read complaints, closes the ticket: the
        # complaint is resolved and its mandatory revisit is scheduled for the
        # responsible.
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_helpdesk_agent).read(["name"])
        self._close(ticket.with_user(self.user_helpdesk_agent), self.stage_done)
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.resolved_at)
        revisit_activity = self._activities(complaint, REVISIT)
        self.assertEqual(len(revisit_activity), 1)
        self.assertEqual(revisit_activity.user_id, self.user_staff)
        self.assertEqual(revisit_activity.date_deadline, complaint.revisit_due_date)

        # 5. Staff revisit the guest by questionnaire; the guest answers low.
        revisit = (
            self.env["guest.revisit"]
            .with_user(self.user_staff)
            .create(
                {
                    "complaint_id": complaint.id,
                    "partner_id": self.mail_guest.id,
                    "user_id": self.user_staff.id,
                    "method": "questionnaire",
                }
            )
        )
        self._send(revisit, user=self.user_staff)
        answer = revisit.survey_user_input_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.partner_id, self.mail_guest)
        self.assertEqual(revisit.survey_state, "sent")
        self._answer(answer, LOW)
        self.assertRecordValues(
            revisit,
            [
                {
                    "state": "done",
                    "outcome": "reached",
                    "score_overall": 1,
                    "nps_category": "detractor",
                    "survey_state": "done",
                    "review_state": "to_review",
                }
            ],
        )
        self.assertTrue(answer.revisit_low_answer)

        # 6. The low answer reopens the complaint and its manager is told at once.
        self.assertEqual(complaint.state, "investigating")
        low_activity = revisit.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(LOW_ACTIVITY)
        )
        # The manager of the complaint's department (the department head here, as
        # the expense approvers are set up).
        self.assertEqual(low_activity.user_id, self.department.manager_id.user_id)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: f'data-oe-id="{answer.id}"' in (m.body or "")
            )
        )
        # The department head approves the revisit record.
        self._review(revisit, self.user_department_head)
        self.assertEqual(revisit.review_state, "approved")

        # 7. The revisit's cost: entered by staff, signed by the department head
        # and then the leader in charge, posted by finance.
        expense = self._create_expense(120.0, revisit=revisit)
        self.assertEqual(revisit.expense_ids, expense)
        expense.with_user(self.user_staff).action_submit()
        self.assertEqual(expense.state, "submitted")
        with self.assertRaises(UserError):
            expense.with_user(self.user_staff).action_approve()
        expense.with_user(self.user_department_head).action_approve()
        self.assertEqual(expense.state, "submitted", "one signature is not enough")
        expense.with_user(self.user_leader).action_approve()
        self.assertEqual(expense.state, "approved")
        self.assertEqual(
            expense.revisit_approval_ids.user_id,
            self.user_department_head | self.user_leader,
        )
        self.assertTrue(
            self.env["account.journal"].search_count(
                [("company_id", "=", self.company.id), ("type", "=", "purchase")]
            ),
            "the company needs a chart of accounts to post expenses",
        )
        self._post_as_finance(expense)
        self.assertEqual(expense.state, "posted")
        self.assertEqual(expense.account_move_id.state, "posted")

        # 8. The desk compiles the month's report of the department; the
        # department head approves it.
        report = (
            self.env["guest.revisit.report"]
            .with_user(self.user_desk_manager)
            .create({"name": "Guides, this month", "department_id": self.department.id})
        )
        report.action_compile()
        # With it, the two planned revisits the satellites' fixtures make in the
        # department: not done, so in no score.
        self.assertIn(revisit, report.revisit_ids)
        self.assertEqual(
            (report.revisit_ids - revisit).mapped("state"), ["planned", "planned"]
        )
        self.assertRecordValues(
            report,
            [{"done_count": 1, "avg_overall": 1.0, "detractor_count": 1}],
        )
        # Not without the desk's evaluation.
        with self.assertRaises(UserError):
            report.action_submit()
        report.evaluation = "<p>One low score: the guide's briefing is retrained.</p>"
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        with self.assertRaises(UserError):
            self._review(report, self.user_desk_manager)
        self._review(report, self.user_department_head, comment="Call the guide in")
        self.assertEqual(report.state, "approved")
        self.assertTrue(
            report.message_ids.filtered(lambda m: "Call the guide in" in (m.body or ""))
        )
