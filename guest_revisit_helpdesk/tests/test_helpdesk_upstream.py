"""helpdesk_mgmt's own tests, run with this addon installed: tickets, teams, the
portal, the mail gateway and partners still behave as helpdesk_mgmt makes them.

They run in the English they were written for (:class:`InEnglish`, shared by
the addons' tests): the portal's unauthenticated redirect, for one, would otherwise
carry a language prefix. Nothing else is changed in them.

Left out: ``test_js`` (``TestHelpdesMgmtJs``), a ``WebSuite`` subclass. Imported here,
it brings web's own suite methods along (canonical tags, hoot filters, the legacy
QUnit suite), which fail outside web's module path; its own hoot suite checks
helpdesk_mgmt's dashboard JavaScript, which this addon does not touch."""

from odoo.addons.guest_revisit.tests.common import InEnglish
from odoo.addons.helpdesk_mgmt.tests import (
    test_helpdesk_category_hierarchy,
    test_helpdesk_fetchmail,
    test_helpdesk_portal,
    test_helpdesk_ticket,
    test_helpdesk_ticket_team,
    test_res_partner,
)


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
