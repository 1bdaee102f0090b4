"""helpdesk_mgmt's own tests, run with this addon installed: tickets, teams, the
portal, the mail gateway and partners still behave as helpdesk_mgmt makes them.

They were written for an English database, while ours is created in Simplified
Chinese: :class:`InEnglish` gives them, inside their own transaction, the English
they expect (the portal's unauthenticated redirect, for one, would otherwise carry
a language prefix). Nothing else is changed in them.

Left out: ``test_js`` (``TestHelpdesMgmtJs``), a ``WebSuite`` subclass. Imported here,
it brings web's own suite methods along (canonical tags, hoot filters, the legacy
QUnit suite), which fail outside web's module path; its own hoot suite checks
helpdesk_mgmt's dashboard JavaScript, which this addon does not touch."""

from odoo.tests import TransactionCase

from odoo.addons.helpdesk_mgmt.tests import (
    test_helpdesk_category_hierarchy,
    test_helpdesk_fetchmail,
    test_helpdesk_portal,
    test_helpdesk_ticket,
    test_helpdesk_ticket_team,
    test_res_partner,
)


class InEnglish(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.default"].set("res.partner", "lang", "en_US")
        users = (
            cls.env.ref("base.user_root")
            | cls.env.ref("base.user_admin")
            | cls.env.ref("base.public_user")
        )
        users.with_context(active_test=False).write({"lang": "en_US"})
        cls.env.company.partner_id.lang = "en_US"
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))


class TestHelpdeskTicket(test_helpdesk_ticket.TestHelpdeskTicket, InEnglish):
    pass


class TestHelpdeskTicketTeam(
    test_helpdesk_ticket_team.TestHelpdeskTicketTeam, InEnglish
):
    pass


class TestHelpdeskPortal(test_helpdesk_portal.TestHelpdeskPortal, InEnglish):
    pass


class TestHelpdeskFetchmail(test_helpdesk_fetchmail.TestHelpdeskFetchmail, InEnglish):
    pass


class TestPartner(test_res_partner.TestPartner, InEnglish):
    pass


class TestHelpdeskCategoryHierarchy(
    test_helpdesk_category_hierarchy.TestHelpdeskCategoryHierarchy, InEnglish
):
    pass
