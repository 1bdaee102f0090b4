from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHelpdeskUi(HttpCase):
    def test_from_a_ticket_to_its_complaint_and_back(self):
        desk = new_test_user(
            self.env,
            login="tour_helpdesk_desk",
            name="Tour Helpdesk Desk",
            groups="guest_revisit.group_revisit_desk_manager,"
            "helpdesk_mgmt.group_helpdesk_user",
            lang="en_US",
        )
        guest = self.env["res.partner"].create(
            {"name": "Tour Helpdesk Guest", "email": "tour.helpdesk@example.com"}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Tour: shopping stops",
                "description": "<p>Too many shopping stops.</p>",
                "partner_id": guest.id,
                "user_id": desk.id,
            }
        )
        self.start_tour(
            f"/odoo/helpdesk-tickets/{ticket.id}",
            "guest_revisit_helpdesk_ticket_to_complaint_tour",
            login=desk.login,
        )
        complaint = ticket.complaint_id
        self.assertTrue(complaint)
        self.assertEqual(complaint.channel, "helpdesk")
        self.assertEqual(complaint.partner_id, guest)
