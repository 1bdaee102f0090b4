from odoo.tools import mute_logger

from .common import TestGuestRevisitHelpdeskCommon

MAIL = """Return-Path: <{sender}>
To: {to}
From: Zhou Min <{sender}>
Subject: {subject}
Message-ID: <{subject_id}@guest.example.com>
Date: Tue, 24 Nov 2026 10:00:00 +0800
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset=utf-8

The guide skipped the museum and nobody apologised.
--BOUNDARY
Content-Type: text/plain; name="ticket_photo.txt"
Content-Disposition: attachment; filename="ticket_photo.txt"

museum ticket
--BOUNDARY--
"""


class TestMailAlias(TestGuestRevisitHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        alias_domain = cls.env["mail.alias.domain"].create({"name": "grh.example.com"})
        cls.team.write({"alias_name": "guest-line", "alias_domain_id": alias_domain.id})
        cls.mail_guest = cls.env["res.partner"].create(
            {"name": "Zhou Min", "email": "zhou.min@guests.example.org"}
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def _receive(self, subject, mode):
        self.team.complaint_alias_mode = mode
        tickets = self.env["helpdesk.ticket"].search([])
        complaints = self.env["guest.complaint"].search([])
        self.env["mail.thread"].message_process(
            None,
            MAIL.format(
                sender=self.mail_guest.email,
                to="guest-line@grh.example.com",
                subject=subject,
                subject_id=subject.replace(" ", "-"),
            ),
        )
        return (
            self.env["helpdesk.ticket"].search([]) - tickets,
            self.env["guest.complaint"].search([]) - complaints,
        )

    def test_tickets_only(self):
        tickets, complaints = self._receive("Museum skipped 1", "ticket")
        self.assertEqual(len(tickets), 1)
        self.assertEqual(tickets.team_id, self.team)
        self.assertFalse(complaints)

    def test_complaints_only(self):
        tickets, complaint = self._receive("Museum skipped 2", "complaint")
        self.assertFalse(tickets)
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.name, "Museum skipped 2")
        self.assertEqual(complaint.partner_id, self.mail_guest)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.company_id, self.company)
        self.assertIn("museum", complaint.description)
        # the mail itself and its attachment are on the complaint
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: m.message_type == "email")
        )
        self.assertEqual(complaint.evidence_count, 1)

    def test_tickets_and_complaints(self):
        ticket, complaint = self._receive("Museum skipped 3", "both")
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.complaint_id, complaint)
        self.assertEqual(complaint.channel, "helpdesk")
        self.assertEqual(complaint.partner_id, self.mail_guest)
        # Helpdesk may make the mail gateway's user the ticket's handler; the
        # complaint waits for the desk to assign it.
        self.assertFalse(complaint.user_id)
        self.assertEqual(complaint.state, "new")
        # the mail's attachment reaches the complaint as evidence
        self.assertEqual(complaint.evidence_count, 1)
        self.assertEqual(
            self.env["ir.attachment"]
            .search(
                [("res_model", "=", "guest.complaint"), ("res_id", "=", complaint.id)]
            )
            .name,
            "ticket_photo.txt",
        )
