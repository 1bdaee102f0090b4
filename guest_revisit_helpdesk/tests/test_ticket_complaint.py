import base64

from odoo.exceptions import UserError

from odoo.addons.guest_revisit.tests.common import load_chinese

from .common import REVISIT, TICKET_REVISIT, TestGuestRevisitHelpdeskCommon


class TestTicketComplaint(TestGuestRevisitHelpdeskCommon):
    def _convert(self, ticket, user=None):
        ticket = ticket.with_user(user or self.user_helpdesk_staff)
        action = ticket.action_convert_to_complaint()
        complaint = self.env["guest.complaint"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "guest.complaint")
        return complaint

    def _ready(self, complaint):
        complaint.corrective_action = "Refund of the museum ticket"
        return complaint

    # ------------------------------------------------------------------
    # Convert and link
    # ------------------------------------------------------------------

    def test_convert_carries_the_guest_contact_over(self):
        ticket = self._create_ticket()
        self.env["ir.attachment"].create(
            {
                "name": "guide_report.txt",
                "datas": base64.b64encode(b"guide report"),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        complaint = self._convert(ticket)
        self.assertEqual(ticket.complaint_id, complaint)
        self.assertEqual(complaint.ticket_ids, ticket)
        self.assertEqual(complaint.partner_id, self.guest)
        self.assertEqual(complaint.name, ticket.name)
        self.assertIn("museum visit", complaint.description)
        self.assertEqual(complaint.channel, "helpdesk")
        self.assertEqual(complaint.company_id, ticket.company_id)
        self.assertEqual(complaint.received_at, ticket.create_date)
        # the ticket's handler is revisit staff: they keep the case
        self.assertEqual(complaint.user_id, self.user_helpdesk_staff)
        self.assertEqual(complaint.state, "assigned")
        evidence = self.env["ir.attachment"].search(
            [("res_model", "=", "guest.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(evidence.mapped("name"), ["guide_report.txt"])
        self.assertEqual(evidence.raw, b"guide report")
        self.assertEqual(ticket.complaint_number, complaint.number)
        self.assertTrue(self._notes(ticket, complaint.number))
        self.assertTrue(self._notes(complaint, ticket.number))
        self.assertEqual(complaint.with_user(self.user_helpdesk_staff).ticket_count, 1)

    def test_converted_ticket_of_an_open_complaints_guest_is_flagged(self):
        open_complaint = self._create_complaint(name="Lost luggage at the airport")
        complaint = self._convert(self._create_ticket())
        self.assertEqual(complaint.duplicate_of_id, open_complaint)

    def test_convert_finds_the_guest_by_email(self):
        guest = self.env["res.partner"].create(
            {"name": "Qian Hui", "email": "qian.hui@guests.example.org"}
        )
        ticket = self._create_ticket(
            partner_id=False, partner_email="Qian Hui <qian.hui@guests.example.org>"
        )
        self.assertEqual(self._convert(ticket).partner_id, guest)
        # a new address makes a new guest, for those who may create contacts
        ticket = self._create_ticket(
            partner_id=False, partner_email="Sun Li <sun.li@guests.example.org>"
        )
        with self.assertRaises(UserError):
            self._convert(ticket)
        self.assertEqual(self._convert(ticket, self.env.user).partner_id.name, "Sun Li")

    def test_convert_needs_a_contact_and_happens_once(self):
        with self.assertRaises(UserError):
            self._convert(self._create_ticket(partner_id=False))
        ticket = self._create_ticket()
        self._convert(ticket)
        with self.assertRaises(UserError):
            self._convert(ticket)

    def test_handler_without_revisit_rights_leaves_the_complaint_unassigned(self):
        ticket = self._create_ticket(user_id=self.user_helpdesk_agent.id)
        complaint = self._convert(ticket, user=self.user_helpdesk_desk)
        self.assertFalse(complaint.user_id)
        self.assertEqual(complaint.state, "new")

    def test_link_to_an_existing_complaint(self):
        complaint = self._create_complaint(user_id=self.user_staff.id)
        ticket = self._create_ticket()
        wizard = (
            self.env["helpdesk.ticket.complaint.link"]
            .with_user(self.user_helpdesk_desk)
            .create({"ticket_id": ticket.id, "complaint_id": complaint.id})
        )
        self.assertFalse(wizard.other_guest)
        wizard.action_link()
        self.assertEqual(ticket.complaint_id, complaint)
        self.assertEqual(complaint.ticket_ids, ticket)
        self.assertTrue(self._notes(ticket, complaint.number))
        self.assertTrue(self._notes(complaint, ticket.number))
        # unlinking is told on both sides as well
        ticket.complaint_id = False
        self.assertEqual(len(self._notes(complaint, ticket.number)), 2)
        self.assertFalse(ticket.complaint_number)

    def test_link_warns_about_another_guest(self):
        other = self.env["res.partner"].create({"name": "Other guest"})
        complaint = self._create_complaint(partner_id=other.id)
        wizard = self.env["helpdesk.ticket.complaint.link"].create(
            {"ticket_id": self._create_ticket().id, "complaint_id": complaint.id}
        )
        self.assertTrue(wizard.other_guest)

    # ------------------------------------------------------------------
    # Closing schedules one revisit
    # ------------------------------------------------------------------

    def test_closing_the_ticket_resolves_the_complaint_and_schedules_the_revisit(self):
        self.team.revisit_closed_tickets = True  # no second revisit on the ticket
        ticket = self._create_ticket()
        complaint = self._ready(self._convert(ticket))
        self._close(ticket.with_user(self.user_helpdesk_staff), self.stage_done)
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.resolved_at)
        self.assertTrue(complaint.revisit_due_date)
        activity = self._activities(complaint, REVISIT)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, complaint.revisit_due_date)
        self.assertEqual(activity.user_id, self.user_helpdesk_staff)
        self.assertFalse(self._ticket_activities(ticket))
        self.assertFalse(ticket.revisit_due_date)

    def test_complaint_resolved_first_then_ticket_closed_one_revisit(self):
        ticket = self._create_ticket()
        complaint = self._ready(self._convert(ticket))
        complaint.action_resolve()
        self.assertEqual(len(self._activities(complaint, REVISIT)), 1)
        self._close(ticket, self.stage_done)
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(len(self._activities(complaint, REVISIT)), 1)

    def test_ticket_closed_first_then_complaint_closed_one_revisit(self):
        ticket = self._create_ticket()
        complaint = self._ready(self._convert(ticket))
        self._close(ticket, self.stage_done)
        complaint.action_record_feedback()
        self.assertEqual(len(self._activities(complaint, REVISIT)), 1)
        with self.assertRaisesRegex(UserError, "mandatory revisit"):
            complaint.action_close()
        self._revisit_reached(complaint)
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_two_tickets_of_one_complaint_one_revisit(self):
        first, second = self._create_ticket(), self._create_ticket(name="Again")
        complaint = self._ready(self._convert(first))
        second.complaint_id = complaint
        (first | second).stage_id = self.stage_done
        self.assertEqual(len(self._activities(complaint, REVISIT)), 1)

    def test_complaint_not_ready_keeps_the_ticket_open(self):
        ticket = self._create_ticket()
        complaint = self._convert(ticket)  # no solution yet
        with self.assertRaises(UserError) as caught:
            self._close(ticket, self.stage_done)
        self.assertIn(complaint.number, str(caught.exception))
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertEqual(complaint.state, "assigned")

    def test_cancelled_ticket_does_not_resolve_the_complaint(self):
        self.team.revisit_closed_tickets = True
        ticket = self._create_ticket()
        complaint = self._convert(ticket)
        self._close(ticket, self.stage_cancelled)
        self.assertEqual(complaint.state, "assigned")
        self.assertFalse(self._activities(complaint, REVISIT))
        self.assertFalse(self._ticket_activities(ticket, TICKET_REVISIT))

    def test_cancelled_complaint_is_left_alone(self):
        ticket = self._create_ticket()
        complaint = self._convert(ticket)
        complaint.action_cancel()
        self._close(ticket, self.stage_done)
        self.assertEqual(complaint.state, "cancelled")
        self.assertFalse(self._activities(complaint, REVISIT))

    # ------------------------------------------------------------------
    # Progress on the ticket's chatter
    # ------------------------------------------------------------------

    def test_complaint_progress_is_posted_on_the_ticket(self):
        ticket = self._create_ticket(user_id=self.user_helpdesk_agent.id)
        complaint = self._convert(ticket, user=self.user_helpdesk_desk)
        complaint.with_user(self.user_desk_manager).user_id = self.user_staff
        stages = [complaint.stage_id.name]
        complaint.action_record_first_contact()
        stages.append(complaint.stage_id.name)
        self._ready(complaint).action_resolve()
        stages.append(complaint.stage_id.name)
        progress = self._notes(ticket, f"{complaint.number} ")
        for stage in stages:
            self.assertTrue(
                progress.filtered(lambda m, s=stage: s in m.body), f"step {stage}"
            )
        self.assertTrue(
            all(m.subtype_id == self.env.ref("mail.mt_note") for m in progress)
        )


class TestTicketComplaintNotesLanguage(TestGuestRevisitHelpdeskCommon):
    """The notes linking a ticket and a complaint are read by both teams: they are
    written in the company's language, whoever links them."""

    def test_link_notes_in_the_company_language(self):
        load_chinese(self.env, "guest_revisit_helpdesk")
        self.company.partner_id.lang = "zh_CN"
        self.user_helpdesk_staff.lang = "en_US"
        ticket = self._create_ticket()
        action = (
            ticket.with_user(self.user_helpdesk_staff)
            .with_context(lang="en_US")
            .action_convert_to_complaint()
        )
        complaint = self.env["guest.complaint"].browse(action["res_id"])
        self.assertTrue(self._notes(complaint, "已关联服务台工单"))
        self.assertFalse(self._notes(complaint, "Linked to helpdesk ticket"))
        self.assertTrue(self._notes(ticket, "已关联投诉"))
