from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import TestGuestRevisitCommon


class TestGuestRevisitPlan(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.government = cls.env["guest.type"].create(
            {
                "name": "Government (test)",
                "revisit_method": "phone",
                "contact_window_ids": [
                    (0, 0, {"hour_from": 10.0, "hour_to": 11.0}),
                    (0, 0, {"hour_from": 15.0, "hour_to": 16.0}),
                ],
            }
        )
        cls.vip = cls.env["guest.type"].create(
            {"name": "VIP (test)", "revisit_method": "on_site"}
        )
        cls.guest.write(
            {"guest_type_id": cls.government.id, "guest_special_needs": "Wheelchair"}
        )
        cls.guest_declined = cls.env["res.partner"].create(
            {
                "name": "Zhao Lei",
                "guest_type_id": cls.government.id,
                "guest_do_not_contact": True,
                "guest_do_not_contact_reason": "Asked on the phone",
            }
        )
        cls.company.revisit_plan_approval = False

    def _plan(self, **values):
        vals = {
            "name": "Autumn revisit",
            "partner_ids": [(6, 0, self.guest.ids)],
            "date_start": date(2026, 11, 23),
            "date_end": date(2026, 11, 30),
            "user_id": self.user_staff.id,
        }
        vals.update(values)
        return self.env["guest.revisit.plan"].with_user(self.user_staff).create(vals)

    def test_department_of_the_responsible(self):
        plan = self._plan().with_env(self.env)
        self.assertEqual(plan.department_id, self.department)
        plan.user_id = self.user_staff_other
        self.assertEqual(plan.department_id, self.other_department)
        # The office has no employee: the department stays.
        plan.user_id = self.user_office
        self.assertEqual(plan.department_id, self.other_department)

    def test_method_and_time_slot_come_from_the_guest_type(self):
        plan = self._plan()
        self.assertEqual(plan.method, "phone")
        self.assertEqual((plan.time_from, plan.time_to), (10.0, 11.0))
        self.assertFalse(plan.contact_window_warning)
        plan.write({"time_from": 13.0, "time_to": 14.0})
        self.assertIn("15:00-16:00", plan.contact_window_warning)
        self.assertIn(self.government.name, plan.contact_window_warning)
        vip_guest = self.env["res.partner"].create(
            {"name": "VIP guest", "guest_type_id": self.vip.id}
        )
        self.assertEqual(
            self._plan(partner_ids=[(6, 0, vip_guest.ids)]).method, "on_site"
        )

    def test_window_ending_before_it_starts_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._plan(date_start=date(2026, 11, 30), date_end=date(2026, 11, 1))

    def test_preparation_sheet_comes_from_the_archive(self):
        complaint = self._create_complaint()
        plan = self._plan()
        sheet = str(plan.preparation_sheet)
        self.assertIn("Wheelchair", sheet)
        self.assertIn(complaint.number, sheet)
        self.assertIn(self.guest.phone, sheet)

    @freeze_time("2026-11-23 01:00:00")
    def test_running_plan_revisits_each_consenting_guest_once(self):
        plan = self._plan(
            partner_ids=[(6, 0, (self.guest | self.guest_declined).ids)],
            complaint_ids=[(6, 0, self._create_complaint().ids)],
        )
        self.assertIn("Asked on the phone", plan.declined_guests_note)
        plan.action_submit()
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.revisit_ids.partner_id, self.guest)
        revisit = plan.revisit_ids
        self.assertEqual(revisit.complaint_id, plan.complaint_ids)
        # first slot: today 10:00 in Shanghai
        self.assertEqual(revisit.scheduled_at, datetime(2026, 11, 23, 2, 0))
        left_out = plan.message_ids.filtered(lambda m: "Asked on the phone" in m.body)
        self.assertTrue(left_out, "the plan says who was left out and why")
        self.assertEqual(plan.revisit_count, 1)
        self.assertEqual(plan.completion_rate, 0.0)
        self._complete(revisit.with_user(self.user_staff))
        plan.invalidate_recordset(["completion_rate"])
        self.assertEqual(plan.completion_rate, 100.0)

    def test_plan_without_guest_cannot_be_submitted(self):
        plan = self._plan(partner_ids=[(5,)])
        with self.assertRaises(UserError):
            plan.action_submit()

    def test_approval_by_the_department_head(self):
        self.company.revisit_plan_approval = True
        plan = self._plan()
        plan.action_submit()
        self.assertEqual(plan.state, "to_approve")
        self.assertFalse(plan.revisit_ids)
        # the nearest department head up from the staff member's department
        approval = plan.activity_ids
        self.assertEqual(approval.user_id, self.user_department_head)
        with self.assertRaises(AccessError):
            plan.with_user(self.user_staff)._apply_review("approve", "")
        head_plan = self._plan().with_user(self.user_department_head)
        head_plan.user_id = self.user_department_head
        head_plan.action_submit()
        with self.assertRaisesRegex(UserError, "your own"):
            head_plan._apply_review("approve", "")
        as_head = plan.with_user(self.user_department_head)
        with self.assertRaisesRegex(UserError, "reason"):
            as_head._apply_review("return", " ")
        as_head._apply_review("return", "Add the complaint of last week")
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.review_comment, "Add the complaint of last week")
        self.assertFalse(plan.activity_ids)
        plan.action_submit()
        self.env["guest.revisit.review.wizard"].with_user(
            self.user_department_head
        ).create(
            {
                "res_model": plan._name,
                "res_ids": plan.ids,
                "decision": "approve",
                "comment": "Call before noon",
            }
        ).action_confirm()
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.reviewer_id, self.user_department_head)
        self.assertEqual(len(plan.revisit_ids), 1)
        guidance = plan.message_ids.filtered(lambda m: "Call before noon" in m.body)
        self.assertIn(self.user_staff.partner_id, guidance.notified_partner_ids)

    def test_cancel_cancels_planned_revisits(self):
        plan = self._plan()
        plan.action_submit()
        plan.action_cancel()
        self.assertEqual(plan.state, "cancelled")
        self.assertEqual(plan.revisit_ids.state, "cancelled")


class TestGuestRevisitCampaign(TestGuestRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leisure = cls.env["guest.type"].create({"name": "Leisure (test)"})
        Partner = cls.env["res.partner"]
        cls.leisure_guests = Partner.create(
            [
                {"name": f"Leisure guest {i}", "guest_type_id": cls.leisure.id}
                for i in range(3)
            ]
        )
        cls.leisure_declined = Partner.create(
            {
                "name": "Leisure declined",
                "guest_type_id": cls.leisure.id,
                "guest_do_not_contact": True,
                "guest_do_not_contact_reason": "No calls",
            }
        )
        cls.company.revisit_plan_approval = False
        cls.campaign = cls.env["guest.revisit.plan"].create(
            {
                "name": "Quarterly leisure campaign",
                "is_campaign": True,
                "campaign_period": "quarterly",
                "target_guest_type_ids": [(6, 0, cls.leisure.ids)],
                "date_start": date(2026, 1, 1),
                "date_end": date(2027, 12, 31),
                "user_id": cls.user_staff.id,
            }
        )

    def test_cron_run_twice_creates_each_revisit_once(self):
        Plan = self.env["guest.revisit.plan"]
        with freeze_time("2026-11-23 03:00:00"):
            self.campaign.action_submit()
            Plan._cron_generate_campaign_revisits()
            Plan._cron_generate_campaign_revisits()
        revisits = self.campaign.revisit_ids
        self.assertEqual(revisits.partner_id, self.leisure_guests)
        self.assertEqual(len(revisits), 3)
        self.assertEqual(set(revisits.mapped("campaign_period")), {"2026-Q4"})
        left_out = self.campaign.message_ids.filtered(lambda m: "No calls" in m.body)
        self.assertEqual(len(left_out), 1, "the refusal is noted once per period")
        # a guest joining the group later is revisited in the same period, once
        late = self.env["res.partner"].create(
            {"name": "Late guest", "guest_type_id": self.leisure.id}
        )
        with freeze_time("2026-12-01 03:00:00"):
            Plan._cron_generate_campaign_revisits()
        self.assertEqual(len(self.campaign.revisit_ids), 4)
        self.assertIn(late, self.campaign.revisit_ids.partner_id)
        # next quarter: everyone once more
        with freeze_time("2027-01-05 03:00:00"):
            Plan._cron_generate_campaign_revisits()
            Plan._cron_generate_campaign_revisits()
        self.assertEqual(len(self.campaign.revisit_ids), 8)

    def test_database_refuses_a_duplicate_for_the_period(self):
        with freeze_time("2026-11-23 03:00:00"):
            self.campaign.action_submit()
        revisit = self.campaign.revisit_ids[0]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            revisit.copy({"campaign_period": revisit.campaign_period})

    def test_target_tags_and_filter(self):
        tag = self.env["res.partner.category"].create({"name": "Golf"})
        self.leisure_guests[0].category_id = tag
        self.campaign.write(
            {
                "target_category_ids": [(6, 0, tag.ids)],
                "target_domain": "[('name', 'ilike', 'Leisure guest')]",
            }
        )
        self.assertEqual(self.campaign._campaign_guests(), self.leisure_guests[0])

    def test_invalid_target_filter_is_refused(self):
        with self.assertRaisesRegex(Exception, "not valid"):
            self.campaign.target_domain = "[('no_such_field', '=', 1)]"
