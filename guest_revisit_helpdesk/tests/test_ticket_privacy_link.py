from markupsafe import Markup

from odoo.addons.guest_revisit.tests.common import load_chinese

from .common import TestGuestRevisitHelpdeskCommon


class TestTicketPrivacyLink(TestGuestRevisitHelpdeskCommon):
    """helpdesk_mgmt's mails to a ticket's guest link to the guest's privacy page."""

    def _mail_to(self, partner, ticket, recipients):
        ticket.with_context(mail_notify_force_send=False).message_post(
            body=Markup("<p>Your ticket is being handled.</p>"),
            partner_ids=recipients.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("model", "=", "helpdesk.ticket")],
            order="id desc",
            limit=1,
        )

    def test_a_mail_to_the_guest_links_to_their_privacy_page(self):
        ticket = self._create_ticket()
        mail = self._mail_to(self.guest, ticket, self.guest)
        self.assertIn(self.guest._guest_privacy_url(), mail.body_html)

    def test_the_guests_link_goes_to_nobody_else(self):
        other = self.env["res.partner"].create(
            {"name": "Another customer", "email": "other@example.com", "lang": "en_US"}
        )
        ticket = self._create_ticket()
        mail = self._mail_to(other, ticket, self.guest | other)
        self.assertTrue(mail)
        self.assertNotIn(self.guest._guest_privacy_url(), mail.body_html)
        self.assertNotIn("/guest_revisit/privacy/", mail.body_html)

    def test_the_link_reads_in_the_mails_language(self):
        load_chinese(self.env, "guest_revisit_helpdesk")
        self.guest.lang = "zh_CN"
        ticket = self._create_ticket()
        mail = self._mail_to(self.guest, ticket, self.guest)
        self.assertIn(self.guest._guest_privacy_url(), mail.body_html)
        self.assertIn("在此撤回或管理您的同意", mail.body_html)
