from datetime import date, datetime

from freezegun import freeze_time

from .common import TestGuestRevisitHelpdeskCommon

FRIDAY_10H_SHANGHAI = datetime(2026, 11, 27, 2, 0)  # closing time, UTC


class TestTicketRevisit(TestGuestRevisitHelpdeskCommon):
    """Teams that revisit every closed ticket: tickets with no complaint are revisited
    on the complaint's working-day rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"
        cls.company.write(
            {"revisit_working_days": 3, "revisit_priority_working_days": 1}
        )
        cls.team.revisit_closed_tickets = True

    def _close_on_friday(self, ticket, user=None):
        with freeze_time(FRIDAY_10H_SHANGHAI):
            self._close(
                ticket.with_user(user or self.user_helpdesk_agent), self.stage_done
            )

    def test_closed_ticket_is_revisited_after_three_working_days(self):
        ticket = self._create_ticket(user_id=self.user_helpdesk_agent.id)
        self._close_on_friday(ticket)
        activity = self._ticket_activities(ticket)
        self.assertEqual(len(activity), 1)
        # Friday + 3 working days, across the weekend: as a complaint's revisit
        self.assertEqual(activity.date_deadline, date(2026, 12, 2))
        self.assertEqual(ticket.revisit_due_date, date(2026, 12, 2))
        self.assertEqual(activity.user_id, self.user_helpdesk_agent)

    def test_high_priority_ticket_is_revisited_sooner(self):
        ticket = self._create_ticket(priority="3")
        self._close_on_friday(ticket)
        self.assertEqual(
            self._ticket_activities(ticket).date_deadline, date(2026, 11, 30)
        )

    def test_team_without_the_setting_revisits_no_ticket(self):
        self.team.revisit_closed_tickets = False
        ticket = self._create_ticket()
        self._close_on_friday(ticket)
        self.assertFalse(self._ticket_activities(ticket))
        self.assertFalse(ticket.revisit_due_date)

    def test_guest_who_declined_is_not_revisited(self):
        self.guest.write(
            {"guest_do_not_contact": True, "guest_do_not_contact_reason": "No calls"}
        )
        ticket = self._create_ticket()
        self._close_on_friday(ticket)
        self.assertFalse(self._ticket_activities(ticket))
        self.assertTrue(self._notes(ticket, "No calls"))

    def test_ticket_without_contact_is_not_revisited(self):
        ticket = self._create_ticket(partner_id=False)
        self._close_on_friday(ticket)
        self.assertFalse(self._ticket_activities(ticket))
        self.assertFalse(ticket.revisit_due_date)

    def test_moving_between_closed_stages_schedules_nothing_more(self):
        ticket = self._create_ticket()
        self._close_on_friday(ticket)
        other_done = self.stage_done.copy({"name": "Solved"})
        ticket.stage_id = other_done
        self.assertEqual(len(self._ticket_activities(ticket)), 1)
