import json
from datetime import datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, get_db_name, tagged
from odoo.tools import mute_logger

from odoo.addons.guest_revisit.tests.test_access_matrix import AccessMatrixCase

from .common import REVISIT, TestGuestRevisitHelpdeskCommon


class TestHelpdeskAccess(TestGuestRevisitHelpdeskCommon):
    """Both sides' rules hold: a helpdesk user without revisit rights sees that a
    ticket has a complaint, and its number and step, never the complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(user_id=cls.user_helpdesk_agent.id)
        cls.complaint = cls._create_complaint(
            user_id=cls.user_staff.id, corrective_action="Refund"
        )
        cls.ticket.complaint_id = cls.complaint

    def test_helpdesk_agent_opens_the_ticket_form(self):
        ticket = self.ticket.with_user(self.user_helpdesk_agent)
        form = Form(ticket)
        self.assertEqual(form.complaint_number, self.complaint.number)
        self.assertEqual(form.complaint_state, "assigned")
        arch = ticket.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="complaint_number"', arch)
        for hidden in ("action_view_complaint", "action_convert_to_complaint"):
            self.assertNotIn(hidden, arch)

    def test_helpdesk_agent_cannot_read_the_complaint(self):
        ticket = self.ticket.with_user(self.user_helpdesk_agent)
        with self.assertRaises(AccessError):
            ticket.read(["complaint_id"])
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.user_helpdesk_agent).read(["contact_phone"])
        with self.assertRaises(AccessError):
            ticket.action_convert_to_complaint()

    def test_revisit_user_sees_the_link_and_the_button(self):
        self.complaint.user_id = self.user_helpdesk_staff
        ticket = self.ticket.with_user(self.user_helpdesk_staff)
        self.assertEqual(ticket.complaint_id, self.complaint)
        arch = ticket.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_view_complaint", arch)
        action = ticket.action_view_complaint()
        self.assertEqual(action["res_id"], self.complaint.id)

    def test_helpdesk_agent_closes_the_ticket_and_the_revisit_is_scheduled(self):
        self.ticket.with_user(self.user_helpdesk_agent).stage_id = self.stage_done
        self.assertEqual(self.complaint.state, "resolved")
        self.assertEqual(len(self._activities(self.complaint, REVISIT)), 1)
        self.assertEqual(self.ticket.complaint_state, "resolved")

    def test_office_reads_but_cannot_convert(self):
        office_helpdesk = self.user_office
        office_helpdesk.group_ids |= self.env.ref("helpdesk_mgmt.group_helpdesk_user")
        ticket = self._create_ticket().with_user(office_helpdesk)
        with self.assertRaises(AccessError):
            ticket.action_convert_to_complaint()
        self.assertEqual(
            self.ticket.with_user(office_helpdesk).complaint_id, self.complaint
        )

    def test_revisit_staff_without_helpdesk_rights_cannot_link_tickets(self):
        wizard = self.env["helpdesk.ticket.complaint.link"].create(
            {"ticket_id": self._create_ticket().id, "complaint_id": self.complaint.id}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_staff).action_link()

    def test_link_wizard_tells_nothing_of_an_unreadable_complaint(self):
        Link = self.env["helpdesk.ticket.complaint.link"]
        ticket = self._create_ticket()
        for user in (self.user_helpdesk_agent, self.user_helpdesk_staff):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Link.with_user(user).create(
                    {"ticket_id": ticket.id, "complaint_id": self.complaint.id}
                )
        # Nor by pointing a wizard of a readable complaint at another one.
        own = self._create_complaint(user_id=self.user_helpdesk_staff.id)
        wizard = Link.with_user(self.user_helpdesk_staff).create(
            {"ticket_id": ticket.id, "complaint_id": own.id}
        )
        self.assertEqual(wizard.complaint_id.display_name, own.display_name)
        with self.assertRaises(AccessError):
            wizard.write({"complaint_id": self.complaint.id})
        self.assertEqual(wizard.complaint_id, own)
        # Nor by writing the link on the ticket over the API.
        ticket_as_staff = ticket.with_user(self.user_helpdesk_staff)
        with self.assertRaises(AccessError):
            ticket_as_staff.write({"complaint_id": self.complaint.id})
        with self.assertRaises(AccessError):
            ticket_as_staff.create(
                {
                    "name": "Linked at once",
                    "description": "Linked at once",
                    "team_id": self.team.id,
                    "complaint_id": self.complaint.id,
                }
            )
        self.assertFalse(ticket.complaint_id)
        # Once the complaint is theirs, the same link is made.
        self.complaint.user_id = self.user_helpdesk_staff
        wizard.write({"complaint_id": self.complaint.id})
        wizard.action_link()
        self.assertEqual(ticket.complaint_id, self.complaint)


class TestHelpdeskAccessMatrix(AccessMatrixCase, TestGuestRevisitHelpdeskCommon):
    def test_model_access_of_every_role(self):
        self.assertAccessMatrix(
            {
                "helpdesk.ticket.complaint.link": {
                    "staff": "crwu",
                    "desk_manager": "crwu",
                    "department_head": "crwu",
                    "admin": "crwu",
                    "helpdesk_agent": "crwu",
                },
            },
            {
                **self.users,
                "employee": self.user_plain_employee,
                "helpdesk_agent": self.user_helpdesk_agent,
            },
        )


@tagged("post_install", "-at_install")
class TestHelpdeskLinkJson2(HttpCase, TestGuestRevisitHelpdeskCommon):
    """The link wizard, tried through Odoo's external JSON-2 API by a helpdesk agent
    who may not read complaints."""

    def test_agent_learns_nothing_of_a_complaint(self):
        complaint = self._create_complaint(user_id=self.user_staff.id)
        ticket = self._create_ticket(user_id=self.user_helpdesk_agent.id)
        agent = self.user_helpdesk_agent.with_user(self.user_helpdesk_agent)
        key = agent.env["res.users.apikeys"]._generate(
            scope="rpc",
            name="integration",
            expiration_date=datetime.now() + timedelta(days=1),
        )
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/json/2/helpdesk.ticket.complaint.link/create",
                data=json.dumps(
                    {
                        "vals_list": [
                            {"ticket_id": ticket.id, "complaint_id": complaint.id}
                        ],
                        "context": {"lang": "zh_CN"},
                    }
                ),
                headers={
                    "Authorization": f"Bearer {key}",
                    "Content-Type": "application/json",
                    "X-Odoo-Database": get_db_name(),
                },
            )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("您只能将工单关联到您有权查看的投诉", response.json()["message"])
        self.assertNotIn(complaint.number, response.text)
        self.assertNotIn(complaint.name, response.text)
