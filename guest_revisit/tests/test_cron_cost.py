from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.addons.guest_revisit.models.guest_revisit import GuestRevisit

from .common import CronJobCase, TestGuestRevisitCommon

# Friday 27 November 2026, 16:00 in Shanghai: a working day, deadlines missed at
# once are escalated within the day.
MORNING = datetime(2026, 11, 27, 1, 0)  # 09:00 in Shanghai
EVENING = datetime(2026, 11, 27, 11, 0)  # 19:00 in Shanghai, after the day's end
# Queries a cron may spend per due item, at any volume.
PER_ITEM_BUDGET = 10
SEVERITIES = ["general", "important", "urgent"]


class CronCostCase(CronJobCase, TestGuestRevisitCommon):
    """The queries of one cron run over a number of due items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"
        cls.company.revisit_day_end_hour = 18.0
        cls.user_staff_other.tz = "Asia/Shanghai"
        # The alerts are recognised by their English text.
        cls.env["res.users"].search([("share", "=", False)]).lang = "en_US"

    def _monthly_campaign(self, name, count):
        """A monthly campaign plan of staff over 2026-2027, targeting a new guest
        type of ``count`` guests; returns the plan and the guests."""
        guest_type = self.env["guest.type"].create({"name": name})
        guests = self.env["res.partner"].create(
            [
                {"name": f"Guest {name} {i}", "guest_type_id": guest_type.id}
                for i in range(count)
            ]
        )
        plan = self.env["guest.revisit.plan"].create(
            {
                "name": name,
                "is_campaign": True,
                "campaign_period": "monthly",
                "target_guest_type_ids": [(6, 0, guest_type.ids)],
                "date_start": date(2026, 1, 1),
                "date_end": date(2027, 12, 31),
                "user_id": self.user_staff.id,
            }
        )
        return plan, guests


class TestCronCost(CronCostCase):
    def test_escalation_cost_per_item_is_flat(self):
        Complaint = self.env["guest.complaint"]
        with freeze_time(MORNING):
            Complaint._cron_escalate_overdue()  # what the database holds already
        queries = {}
        for count in (10, 50):
            with freeze_time(MORNING):
                complaints = Complaint.create(
                    [
                        {
                            "name": f"Complaint {i}",
                            "partner_id": self.guest.id,
                            "category_id": self.category.id,
                            "channel": "phone",
                            "severity": SEVERITIES[i % 3],
                            "user_id": (self.user_staff, self.user_staff_other)[
                                i % 2
                            ].id,
                        }
                        for i in range(count)
                    ]
                )
            with freeze_time(MORNING + timedelta(hours=2)):
                queries[count] = self._queries(Complaint._cron_escalate_overdue)
            self.assertTrue(all(complaints.mapped("first_contact_escalated")))
            fired = self.env["guest.complaint.escalation"].search(
                [("complaint_id", "in", complaints.ids), ("fired_at", "!=", False)]
            )
            self.assertEqual(fired.complaint_id, complaints)
            for complaint in complaints:
                alerted = fired.filtered(lambda e, c=complaint: e.complaint_id == c)
                overdue = self._activities(
                    complaint, "guest_revisit.mail_act_complaint_escalation"
                ).filtered(lambda a: "Overdue" in str(a.note))
                self.assertEqual(
                    overdue.user_id,
                    alerted.user_ids,
                    "an alert each, for the people of the levels due",
                )
                self.assertEqual(len(overdue), len(alerted.user_ids))
        self.assertFlatCost(queries, PER_ITEM_BUDGET)

    def test_daily_closing_cost_per_item_is_flat(self):
        Revisit = self.env["guest.revisit"]
        with freeze_time(EVENING):
            Revisit._cron_flag_left_open()  # what the database holds already
        queries = {}
        for count in (10, 50):
            revisits = Revisit.create(
                [
                    {
                        "partner_id": self.guest.id,
                        "user_id": (self.user_staff, self.user_staff_other)[i % 2].id,
                        "method": "phone",
                        "scheduled_at": MORNING,
                    }
                    for i in range(count)
                ]
            )
            with freeze_time(EVENING):
                queries[count] = self._queries(Revisit._cron_flag_left_open)
            self.assertTrue(all(revisits.mapped("is_left_open")))
            self.assertEqual(
                revisits.activity_ids.mapped("res_id"),
                revisits.ids,
                "one activity each",
            )
        self.assertFlatCost(queries, PER_ITEM_BUDGET)

    def test_campaign_cost_per_item_is_flat(self):
        Plan = self.env["guest.revisit.plan"]
        self.company.revisit_plan_approval = False
        with freeze_time(MORNING):
            Plan._cron_generate_campaign_revisits()  # what the database holds already
        queries = {}
        for count in (10, 50):
            plan, guests = self._monthly_campaign(f"Campaign of {count}", count)
            with freeze_time(MORNING):
                plan.action_submit()
                plan.revisit_ids.unlink()  # the cron's own work is measured
                queries[count] = self._queries(Plan._cron_generate_campaign_revisits)
            self.assertEqual(plan.revisit_ids.partner_id, guests)
        self.assertFlatCost(queries, PER_ITEM_BUDGET)


class TestCronResume(CronCostCase):
    """A job that crashes in a batch keeps the batches committed before; run again,
    it handles the rest, and no item twice."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("guest_revisit.cron_batch_size", 2)

    def test_daily_closing_interrupted_flags_each_once(self):
        revisits = self.env["guest.revisit"].create(
            [
                {
                    "partner_id": self.guest.id,
                    "user_id": self.user_staff.id,
                    "method": "phone",
                    "scheduled_at": MORNING,
                }
                for _i in range(5)
            ]
        )
        self._run_cron_job_killed_once(
            "guest_revisit.ir_cron_guest_revisit_daily_closing",
            EVENING,
            GuestRevisit,
            "_flag_left_open",
        )
        self.assertTrue(all(revisits.mapped("is_left_open")))
        for revisit in revisits:
            self.assertEqual(len(revisit.activity_ids), 1, revisit.number)

    def test_campaign_interrupted_creates_each_once(self):
        self.company.revisit_plan_approval = False
        plan, guests = self._monthly_campaign("Resumed campaign", 5)
        with freeze_time(MORNING):
            plan.action_submit()
        plan.revisit_ids.unlink()
        self._run_cron_job_killed_once(
            "guest_revisit.ir_cron_guest_revisit_campaigns",
            MORNING,
            GuestRevisit,
            "create",
            lambda records, vals_list: any(
                vals.get("plan_id") == plan.id for vals in vals_list
            ),
        )
        self.assertEqual(plan.revisit_ids.partner_id, guests)
        self.assertEqual(len(plan.revisit_ids), 5, "each guest once")
