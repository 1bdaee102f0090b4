from datetime import date, datetime, timedelta

from freezegun import freeze_time

from .common import TestGuestRevisitCommon, load_chinese

# Months of their own, away from any demo data: "this month" and "last month".
NOV = datetime(2024, 3, 11, 2, 0)  # 10:00 in Shanghai
OCT = datetime(2024, 2, 12, 2, 0)
MONTH = "2024-03-01"


class TestGuestRevisitKpi(TestGuestRevisitCommon):
    """Every rate against a data set whose answers are known."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Asia/Shanghai"
        cls.company.resource_calendar_id.tz = "Asia/Shanghai"
        hour = timedelta(hours=1)
        minute = timedelta(minutes=1)

        def complaint(user, **values):
            return cls._create_complaint(
                user_id=user.id, received_at=values.pop("received_at", NOV), **values
            )

        # K1 first contact: exactly 60 minutes is on time, 61 is late, a contact
        # still within its deadline is not counted yet, an overdue one is late.
        cls.on_time = complaint(cls.user_staff)
        cls.on_time.write({"assigned_at": NOV, "first_contact_at": NOV + hour})
        cls.late = complaint(cls.user_staff)
        cls.late.write({"assigned_at": NOV, "first_contact_at": NOV + hour + minute})
        cls.overdue = complaint(cls.user_staff_other)
        cls.overdue.write({"assigned_at": NOV})
        cls.pending = complaint(cls.user_staff_other)
        cls.pending.write({"assigned_at": datetime.now() + timedelta(days=1)})
        # K1 feedback and revisit window, K3 resolution: two resolved complaints, one
        # of them reopened once.
        for record, fed_back, revisited in (
            (cls.on_time, NOV + 24 * hour, datetime(2024, 3, 13, 9, 0)),
            (cls.late, NOV + 25 * hour, datetime(2024, 3, 16, 2, 0)),
        ):
            record.write(
                {
                    "stage_id": cls.stages["resolved"].id,
                    "corrective_action": "Refund",
                }
            )
            record.write(
                {
                    "resolved_at": NOV,
                    "fed_back_at": fed_back,
                    "revisit_due_date": date(2024, 3, 13),
                    "revisited_at": revisited,
                }
            )
        cls.late.reopen_count = 1
        # last month: one complaint, contacted late
        cls.october = complaint(cls.user_staff, received_at=OCT)
        cls.october.write({"assigned_at": OCT, "first_contact_at": OCT + 2 * hour})
        # K2, K3: three revisits done, one planned, one cancelled (not counted)
        cls.revisits = cls.env["guest.revisit"]
        for overall, recommend in ((5, "10"), (4, "9"), (0, "3")):
            revisit = cls._create_revisit(scheduled_at=NOV)
            cls._complete(revisit, score_overall=overall, recommend_score=recommend)
            cls.revisits |= revisit
        cls._create_revisit(scheduled_at=NOV, user_id=cls.user_staff_other.id)
        cls._create_revisit(scheduled_at=NOV).action_cancel()
        cls.october_revisit = cls._complete(
            cls._create_revisit(scheduled_at=OCT), score_overall=2, recommend_score="5"
        )

    def _figures(self, user=None, month=MONTH):
        Kpi = self.env["guest.revisit.kpi"]
        if user:
            Kpi = Kpi.with_user(user)
        data = Kpi.get_dashboard_data(month)
        return data, {kpi["field"]: kpi for kpi in data["kpis"]}

    def test_headline_rates(self):
        data, kpis = self._figures()
        self.assertEqual(data["complaint_count"], 4)
        self.assertEqual(data["revisit_count"], 4)
        # on time, late, overdue: 1 of 3 (the pending one is not due yet)
        self.assertAlmostEqual(kpis["first_contact_rate"]["value"], 100 / 3)
        # fed back after exactly 24 h, and after 25 h
        self.assertAlmostEqual(kpis["feedback_rate"]["value"], 50.0)
        # revisited on the due day (17:00 in Shanghai), and three days late
        self.assertAlmostEqual(kpis["revisit_window_rate"]["value"], 50.0)
        self.assertAlmostEqual(kpis["resolution_rate"]["value"], 50.0)
        self.assertAlmostEqual(kpis["completion_rate"]["value"], 75.0)
        self.assertAlmostEqual(kpis["score_overall"]["value"], 4.5)  # unrated left out
        self.assertAlmostEqual(kpis["nps"]["value"], 100 * (2 - 1) / 3)

    def test_change_against_last_month(self):
        _data, kpis = self._figures()
        self.assertEqual(kpis["first_contact_rate"]["previous"], 0.0)
        self.assertAlmostEqual(kpis["first_contact_rate"]["change"], 100 / 3)
        self.assertEqual(kpis["score_overall"]["previous"], 2.0)
        self.assertAlmostEqual(kpis["score_overall"]["change"], 2.5)
        self.assertEqual(kpis["nps"]["previous"], -100.0)
        self.assertIsNone(kpis["feedback_rate"]["previous"])
        self.assertIsNone(kpis["feedback_rate"]["change"])

    def test_month_without_anything_divides_by_nothing(self):
        data, kpis = self._figures(month="2023-01-01")
        self.assertEqual(data["complaint_count"], 0)
        self.assertEqual(data["employees"], [])
        self.assertTrue(all(kpi["value"] is None for kpi in kpis.values()))

    def test_per_employee_matches_the_records(self):
        data, _kpis = self._figures()
        rows = {row["id"]: row for row in data["employees"]}
        staff, other = rows[self.user_staff.id], rows[self.user_staff_other.id]
        self.assertEqual((staff["complaint_count"], staff["revisit_count"]), (2, 3))
        self.assertEqual(staff["values"]["first_contact_rate"], 50.0)
        self.assertEqual(staff["values"]["completion_rate"], 100.0)
        self.assertEqual((other["complaint_count"], other["revisit_count"]), (2, 1))
        self.assertEqual(other["values"]["first_contact_rate"], 0.0)
        self.assertEqual(other["values"]["completion_rate"], 0.0)
        behind = self.env["guest.revisit.kpi"].search(staff["domain"])
        self.assertEqual(
            behind.complaint_id.filtered(lambda c: c.user_id == self.user_staff),
            self.on_time | self.late,
        )

    def test_merged_duplicate_counts_nowhere(self):
        # Another late first contact, then merged into the one on time: the figures
        # and the records behind them are those without it.
        duplicate = self._create_complaint(user_id=self.user_staff.id, received_at=NOV)
        duplicate.write(
            {"assigned_at": NOV, "first_contact_at": NOV + timedelta(hours=3)}
        )
        data, kpis = self._figures()
        self.assertEqual(data["complaint_count"], 5)
        self.assertAlmostEqual(kpis["first_contact_rate"]["value"], 25.0)
        self.env["guest.complaint.merge"].with_user(self.user_desk_manager).create(
            {
                "complaint_ids": [(6, 0, (self.on_time | duplicate).ids)],
                "target_id": self.on_time.id,
            }
        ).action_merge()
        self.assertFalse(duplicate.active)
        data, kpis = self._figures()
        self.assertEqual(data["complaint_count"], 4)
        self.assertAlmostEqual(kpis["first_contact_rate"]["value"], 100 / 3)
        drilldown = kpis["first_contact_rate"]["drilldown"]
        self.assertEqual(
            self.env[drilldown["res_model"]].search(drilldown["domain"]),
            self.on_time | self.late | self.overdue,
        )

    def test_drill_down_domain_finds_the_rows_behind_a_number(self):
        _data, kpis = self._figures()
        rows = self.env["guest.revisit.kpi"].search(
            kpis["first_contact_rate"]["domain"]
        )
        self.assertEqual(rows.complaint_id, self.on_time | self.late | self.overdue)

    def test_staff_see_their_own_figures(self):
        data, kpis = self._figures(user=self.user_staff_other)
        self.assertEqual(data["complaint_count"], 2)
        self.assertEqual(kpis["first_contact_rate"]["value"], 0.0)
        self.assertEqual(
            [row["id"] for row in data["employees"]], [self.user_staff_other.id]
        )
        data, _kpis = self._figures(user=self.user_desk_manager)
        self.assertEqual(data["complaint_count"], 4)

    def test_revisit_on_time_follows_the_working_days(self):
        """Resolved on Friday with Monday a public holiday: due Thursday, and a
        revisit on Thursday is on time."""
        calendar = self.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 11, 29, 16, 0),
                "date_to": datetime(2026, 11, 30, 15, 59),
            }
        )
        complaint = self._create_complaint(
            user_id=self.user_staff.id, corrective_action="Refund"
        )
        with freeze_time("2026-11-27 02:00:00"):
            complaint.action_resolve()
        self.assertEqual(complaint.revisit_due_date, date(2026, 12, 3))
        revisit = self._create_revisit(complaint_id=complaint.id)
        with freeze_time("2026-12-03 09:00:00"):  # 17:00 in Shanghai
            self._complete(revisit)
        self.assertTrue(complaint.revisit_on_time)
        complaint.action_reopen()
        self.assertFalse(complaint.revisited_at, "a new resolution is revisited anew")

    def test_dashboard_queries_do_not_grow_with_the_records(self):
        Kpi = self.env["guest.revisit.kpi"]
        Kpi.get_dashboard_data(MONTH)  # warm the caches
        with self.assertQueryCount(__system__=11):
            Kpi.get_dashboard_data(MONTH)
        for _i in range(20):
            self._create_complaint(user_id=self.user_staff.id, received_at=NOV)
            self._create_revisit(scheduled_at=NOV)
        self.env.invalidate_all()
        Kpi.get_dashboard_data(MONTH)
        with self.assertQueryCount(__system__=11):
            Kpi.get_dashboard_data(MONTH)

    def test_supervision_report_prints_in_chinese(self):
        load_chinese(self.env, "guest_revisit")
        text = self._pdf_text(
            self.user_desk_manager,
            "guest_revisit.action_report_guest_revisit_supervision",
            self.env["guest.revisit.kpi"],
            data={"month": MONTH},
            lang="zh_CN",
        )
        self.assertIn("月度督查报告", text)
        self.assertIn("在时限内首次联系", text)
        self.assertIn("33.3", text)  # the first-contact rate of the month
        self.assertIn(self.user_staff.name, text)

    def test_supervision_report_renders(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "guest_revisit.action_report_guest_revisit_supervision",
                [],
                data={"month": MONTH},
            )[0]
            .decode()
        )
        self.assertIn("2024-03", html)
        self.assertIn(self.user_staff.name, html)
