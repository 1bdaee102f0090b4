from odoo.addons.guest_revisit.tests.anonymization_common import (
    EMAIL,
    NAME,
    PHONE,
    TestGuestAnonymizationCommon,
)

from .common import TestGuestRevisitHelpdeskCommon


class TestGuestAnonymizationHelpdesk(
    TestGuestRevisitHelpdeskCommon, TestGuestAnonymizationCommon
):
    """The guest's tickets lose their description and the guest's contact; their
    team, stage and dates stay."""

    extra_tables = ("helpdesk_ticket",)

    def test_ticket_description_goes(self):
        ticket = self._create_ticket(
            partner_id=self.anon_guest.id,
            name=f"{NAME} calls about the museum",
            description=f"<p>{NAME} ({PHONE}, {EMAIL}) missed the museum.</p>",
        )
        ticket.message_post(body=f"Called {NAME}", subtype_xmlid="mail.mt_note")
        found = {(table, needle) for table, _column, needle in self._found()}
        self.assertIn(("helpdesk_ticket", NAME), found)

        self._anonymize()

        self.assertEqual(self._found(), [])
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.partner_id, self.anon_guest)
        self.assertIn("[anonymised]", ticket.description)
