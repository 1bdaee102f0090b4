from datetime import date, datetime

from odoo.exceptions import UserError

from .common import TestGuestRevisitCommon


class TestGuestRevisitReport(TestGuestRevisitCommon):
    """Figures against a data set computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.guests = Partner.create([{"name": f"Report guest {i}"} for i in range(6)])
        # a month of its own, away from any demo data
        march = datetime(2024, 3, 11, 2, 0)
        rows = [
            # outcome, (service, product, price, information, overall), recommend
            ("reached", (5, 4, 3, 5, 5), "10", "satisfied", "More golf"),
            ("reached", (4, 4, 0, 4, 4), "9", "satisfied", ""),
            ("reached", (3, 0, 2, 3, 3), "7", "neutral", ""),
            ("reached", (2, 2, 1, 2, 1), "3", "dissatisfied", ""),
            ("not_reached", (0, 0, 0, 0, 0), False, False, ""),
        ]
        cls.revisits = cls.env["guest.revisit"]
        for guest, (outcome, scores, recommend, satisfaction, needs) in zip(
            cls.guests, rows, strict=False
        ):
            revisit = cls._create_revisit(partner_id=guest.id, scheduled_at=march)
            revisit.write(
                {
                    "outcome": outcome,
                    "score_service": scores[0],
                    "score_product": scores[1],
                    "score_price": scores[2],
                    "score_information": scores[3],
                    "score_overall": scores[4],
                    "recommend_score": recommend,
                    "complaint_satisfaction": satisfaction,
                    "dissatisfaction_reason": satisfaction == "dissatisfied"
                    and "Rude driver",
                    "guest_suggestions": needs,
                    # the next attempt falls after the period
                    "next_attempt_at": outcome == "not_reached"
                    and datetime(2024, 4, 3, 2, 0),
                }
            )
            revisit.action_done()
            cls.revisits |= revisit
        # still planned: counts against completion
        cls.revisits |= cls._create_revisit(
            partner_id=cls.guests[5].id, scheduled_at=march
        )
        # out of the period, and cancelled: left out
        cls._create_revisit(
            partner_id=cls.guests[5].id, scheduled_at=datetime(2024, 4, 2, 2, 0)
        )
        cls._create_revisit(
            partner_id=cls.guests[5].id, scheduled_at=march
        ).action_cancel()

    def _report(self, **values):
        vals = {
            "name": "March",
            "date_from": date(2024, 3, 1),
            "date_to": date(2024, 3, 31),
        }
        vals.update(values)
        return (
            self.env["guest.revisit.report"]
            .with_user(self.user_desk_manager)
            .create(vals)
        )

    def test_figures(self):
        report = self._report()
        self.assertEqual(report.revisit_ids, self.revisits)
        self.assertEqual(report.revisit_count, 6)
        # six planned contacts: four reached, one not reached, one still planned
        self.assertEqual(report.planned_count, 6)
        self.assertEqual(report.done_count, 4)
        self.assertEqual(report.unreachable_count, 1)
        self.assertEqual(report.reached_count, 4)
        self.assertAlmostEqual(report.completion_rate, 100 * 4 / 6)
        self.assertAlmostEqual(report.avg_service, (5 + 4 + 3 + 2) / 4)
        self.assertAlmostEqual(report.avg_product, (4 + 4 + 2) / 3)  # 0 = not rated
        self.assertAlmostEqual(report.avg_price, (3 + 2 + 1) / 3)
        self.assertAlmostEqual(report.avg_information, (5 + 4 + 3 + 2) / 4)
        self.assertAlmostEqual(report.avg_overall, (5 + 4 + 3 + 1) / 4)
        self.assertEqual(
            (report.promoter_count, report.passive_count, report.detractor_count),
            (2, 1, 1),
        )
        self.assertAlmostEqual(report.nps, 100 * (2 - 1) / 4)
        self.assertEqual(report.dissatisfied_count, 1)
        self.assertIn("More golf", report.issues_summary)
        self.assertIn("Rude driver", report.issues_summary)

    def test_plan_scope_and_recompile(self):
        plan = self.env["guest.revisit.plan"].create(
            {
                "name": "Plan",
                "partner_ids": [(6, 0, self.guests[:1].ids)],
                "date_start": date(2024, 3, 1),
                "date_end": date(2024, 3, 31),
            }
        )
        self.revisits[:2].plan_id = plan
        report = self._report(plan_id=plan.id)
        self.assertEqual(report.revisit_count, 2)
        self.revisits[2].plan_id = plan
        report.action_compile()
        self.assertEqual(report.revisit_count, 3)

    def test_submit_and_review(self):
        report = self._report(department_id=self.department.id)
        self.assertEqual(report.revisit_count, 6)
        report.evaluation = "<p>A first look</p>"
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.activity_ids.user_id, self.user_department_head)
        with self.assertRaises(UserError):
            report.action_compile()
        head = report.with_user(self.user_department_head)
        head._apply_review("return", "Add an evaluation")
        self.assertEqual(report.state, "returned")
        report.write({"evaluation": "<p>Good month</p>"})
        report.action_submit()
        head._apply_review("approve", "Praise the guides")
        self.assertEqual(report.state, "approved")
        self.assertFalse(report.activity_ids)
        self.assertTrue(
            report.message_ids.filtered(
                lambda m: (
                    "Praise the guides" in m.body
                    and self.user_desk_manager.partner_id in m.notified_partner_ids
                )
            )
        )


class TestGuestArchiveFigures(TestGuestRevisitCommon):
    def test_partner_figures_and_marketing_filters(self):
        Partner = self.env["res.partner"]
        self._complete(
            self._create_revisit(),
            score_overall=4,
            recommend_score="10",
            guest_suggestions="A spa package",
        )
        self._complete(self._create_revisit(), score_overall=2, recommend_score="5")
        guest = self.guest.with_user(self.user_office)
        self.assertEqual(guest.guest_revisit_count, 2)
        self.assertAlmostEqual(guest.guest_avg_satisfaction, 3.0)
        self.assertEqual(guest.guest_nps, 0.0)
        self.assertTrue(guest.guest_has_new_needs)
        self.assertTrue(guest.guest_last_revisit_date)
        self.assertIn(self.guest, Partner.search([("guest_has_new_needs", "=", True)]))
        latest = self.guest.guest_nps_category
        self.assertIn(latest, ("promoter", "detractor"))
        action = self.guest.action_create_revisit_plan()
        self.assertEqual(action["context"]["default_partner_ids"], self.guest.ids)
        self.assertEqual(
            self.guest.with_user(self.user_staff).action_view_guest_satisfaction()[
                "domain"
            ][0],
            ("partner_id", "child_of", self.guest.id),
        )
