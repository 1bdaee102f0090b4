from odoo.tests import new_test_user

from odoo.addons.guest_revisit.tests.common import TestGuestRevisitCommon

REVISIT = "guest_revisit.mail_act_complaint_revisit"
TICKET_REVISIT = "guest_revisit_helpdesk.mail_act_ticket_revisit"


class TestGuestRevisitHelpdeskCommon(TestGuestRevisitCommon):
    """The core's company, roles and guest, plus a helpdesk team and people on both
    sides: a desk manager who works the helpdesk too, revisit staff with helpdesk
    rights and a helpdesk agent with no revisit rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_helpdesk_desk = new_test_user(
            cls.env,
            login="grh_desk",
            name="GRH desk manager",
            groups="guest_revisit.group_revisit_desk_manager,"
            "helpdesk_mgmt.group_helpdesk_user",
        )
        cls.user_helpdesk_staff = new_test_user(
            cls.env,
            login="grh_staff",
            name="GRH staff",
            groups="guest_revisit.group_revisit_user,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.user_helpdesk_agent = new_test_user(
            cls.env,
            login="grh_agent",
            name="GRH agent",
            groups="helpdesk_mgmt.group_helpdesk_user",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Guest line",
                "user_ids": [
                    (
                        6,
                        0,
                        (
                            cls.user_helpdesk_desk
                            | cls.user_helpdesk_staff
                            | cls.user_helpdesk_agent
                        ).ids,
                    )
                ],
            }
        )
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )

    @classmethod
    def _create_ticket(cls, **values):
        vals = {
            "name": "The guide skipped the museum",
            "description": "<p>The guide skipped the museum visit.</p>",
            "team_id": cls.team.id,
            "partner_id": cls.guest.id,
            "user_id": cls.user_helpdesk_staff.id,
        }
        vals.update(values)
        return cls.env["helpdesk.ticket"].create(vals)

    @staticmethod
    def _close(ticket, stage):
        ticket.stage_id = stage

    def _ticket_activities(self, ticket, xmlid=TICKET_REVISIT):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    @staticmethod
    def _notes(record, text):
        return record.message_ids.filtered(lambda m: text in (m.body or ""))
