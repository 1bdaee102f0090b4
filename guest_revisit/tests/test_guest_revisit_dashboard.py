from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.sql_db import Cursor

from .common import load_chinese
from .kpi_definitions_common import MARCH, KpiDefinitionsCommon

# The dashboard's queries, whatever the number of records, departments or employees.
DASHBOARD_QUERIES = 11


class TestGuestRevisitDashboard(KpiDefinitionsCommon):
    """The dashboard's RPC over the hand-computed set of ``KpiDefinitionsCommon``:
    March, Guides 10 planned contacts 7 completed, Housekeeping 2 planned 1
    completed; February, Guides 2 planned 1 completed."""

    def _dashboard(self, month="2024-03-01", **kwargs):
        data = self.env["guest.revisit.kpi"].get_dashboard_data(month, **kwargs)
        return data, {kpi["field"]: kpi for kpi in data["kpis"]}

    def _behind(self, drilldown):
        return self.env[drilldown["res_model"]].search(drilldown["domain"])

    def test_completion_per_department_and_employee_drills_down(self):
        data, kpis = self._dashboard()
        self.assertAlmostEqual(kpis["completion_rate"]["value"], 100 * 8 / 12)
        self.assertEqual(kpis["completion_rate"]["count"], 12)
        guides_first = self.plan_revisits
        housekeeping_first = self.second_attempt.parent_id | self.env[
            "guest.revisit"
        ].search(
            [
                ("user_id", "=", self.user_staff_other.id),
                ("state", "=", "planned"),
                ("is_first_attempt", "=", True),
            ]
        )
        expected = {
            "departments": {
                self.department.id: (70.0, guides_first),
                self.other_department.id: (50.0, housekeeping_first),
            },
            "employees": {
                self.user_staff.id: (70.0, guides_first),
                self.user_staff_other.id: (50.0, housekeeping_first),
            },
        }
        for breakdown, rows in expected.items():
            found = {row["id"]: row for row in data[breakdown]}
            for key, (rate, records) in rows.items():
                row = found[key]
                with self.subTest(breakdown=breakdown, row=row["name"]):
                    self.assertAlmostEqual(row["values"]["completion_rate"], rate)
                    drilldown = row["drilldowns"]["completion_rate"]
                    self.assertEqual(drilldown["res_model"], "guest.revisit")
                    behind = self._behind(drilldown)
                    self.assertEqual(behind, records)
                    self.assertEqual(len(behind), row["counts"]["completion_rate"])
                    self.assertNotIn(self.follow_ups[0], behind)

    def test_every_figure_drills_down_to_the_records_it_counts(self):
        _data, kpis = self._dashboard()
        checked = 0
        for name, kpi in kpis.items():
            with self.subTest(figure=name):
                behind = self._behind(kpi["drilldown"])
                self.assertEqual(len(behind), kpi["count"])
                rows = self.env["guest.revisit.kpi"].search(kpi["domain"])
                self.assertEqual(
                    behind,
                    rows.complaint_id
                    if kpi["drilldown"]["res_model"] == "guest.complaint"
                    else rows.revisit_id,
                )
                checked += bool(kpi["count"])
        self.assertGreaterEqual(checked, 5, "most figures count rows in March")
        self.assertEqual(
            self._behind(kpis["revisit_window_rate"]["drilldown"]), self.revisited
        )

    def test_units_and_empty_reasons(self):
        _data, kpis = self._dashboard()
        completion = kpis["completion_rate"]
        self.assertEqual((completion["unit"], completion["change_unit"]), ("%", "pp"))
        self.assertAlmostEqual(completion["change"], 100 * 8 / 12 - 50.0)
        self.assertEqual(completion["empty_reason"], "")
        self.assertEqual(kpis["score_overall"]["change_unit"], "score points")
        self.assertEqual(kpis["nps"]["change_unit"], "points")
        # nobody was dissatisfied twice in March
        self.assertIsNone(kpis["recovery_rate"]["value"])
        self.assertTrue(kpis["recovery_rate"]["empty_reason"])
        # a month with nothing due says so on every figure
        _data, empty = self._dashboard("2023-01-01")
        self.assertEqual(
            empty["completion_rate"]["empty_reason"], "No revisit due in this period"
        )
        self.assertTrue(all(k["empty_reason"] for k in empty.values()))
        self.assertTrue(all(k["value"] is None for k in empty.values()))

    def test_chinese_units_and_reasons(self):
        load_chinese(self.env, "guest_revisit")
        Kpi = self.env["guest.revisit.kpi"].with_context(lang="zh_CN")
        data = Kpi.get_dashboard_data("2023-01-01", period="quarter")
        kpis = {kpi["field"]: kpi for kpi in data["kpis"]}
        self.assertEqual(kpis["completion_rate"]["empty_reason"], "本期无到期回访")
        self.assertEqual(kpis["completion_rate"]["change_unit"], "个百分点")
        self.assertEqual(kpis["score_overall"]["change_unit"], "分")
        self.assertEqual(data["period_label"], "2023年第1季度")

    def test_period_filters(self):
        # the first quarter holds February and March: Guides 12 contacts, 8 done
        data, kpis = self._dashboard("2024-02-20", period="quarter")
        self.assertEqual(
            (data["date_from"], data["date_to"]), ("2024-01-01", "2024-03-31")
        )
        self.assertEqual(data["planned_contact_count"], 14)
        self.assertAlmostEqual(kpis["completion_rate"]["value"], 100 * 9 / 14)
        guides = next(r for r in data["departments"] if r["id"] == self.department.id)
        self.assertAlmostEqual(guides["values"]["completion_rate"], 100 * 8 / 12)
        # the quarter before had nothing: no change, and why
        self.assertIsNone(kpis["completion_rate"]["previous"])
        self.assertIsNone(kpis["completion_rate"]["change"])
        self.assertTrue(kpis["completion_rate"]["previous_empty_reason"])
        year, year_kpis = self._dashboard("2024-07-01", period="year")
        self.assertEqual(year["period_label"], "2024")
        self.assertEqual(year["planned_contact_count"], 14)
        self.assertAlmostEqual(year_kpis["completion_rate"]["value"], 100 * 9 / 14)
        _data, february = self._dashboard("2024-02-01", period="month")
        self.assertAlmostEqual(february["completion_rate"]["value"], 50.0)
        self.assertEqual(
            self._behind(february["completion_rate"]["drilldown"]).mapped(
                "scheduled_at"
            ),
            [datetime(2024, 2, 12, 2, 0)] * 2,
        )

    def test_periods_are_the_companys_days_for_every_reader(self):
        kpi = self.env["guest.revisit.kpi"]
        march = (date(2024, 3, 1), date(2024, 4, 1))
        in_shanghai = kpi._period_domain(*march)
        # Midnight in Shanghai, the company calendar's time zone.
        self.assertEqual(in_shanghai[0][2], datetime(2024, 2, 29, 16, 0))
        figures = {k["field"]: k["value"] for k in self._dashboard()[0]["kpis"]}
        self.env.user.tz = "America/New_York"
        self.assertEqual(kpi._period_domain(*march), in_shanghai)
        self.assertEqual(
            {k["field"]: k["value"] for k in self._dashboard()[0]["kpis"]}, figures
        )

    def test_company_and_department_filters(self):
        data, kpis = self._dashboard(department_id=self.department.id)
        self.assertEqual(data["planned_contact_count"], 10)
        self.assertAlmostEqual(kpis["completion_rate"]["value"], 70.0)
        self.assertEqual(
            self._behind(kpis["completion_rate"]["drilldown"]), self.plan_revisits
        )
        self.assertEqual([r["id"] for r in data["departments"]], [self.department.id])
        # a parent department holds its sub-departments
        parent, parent_kpis = self._dashboard(department_id=self.department_service.id)
        self.assertEqual(parent["planned_contact_count"], 10)
        self.assertAlmostEqual(parent_kpis["completion_rate"]["value"], 70.0)
        _data, other = self._dashboard(department_id=self.other_department.id)
        self.assertAlmostEqual(other["completion_rate"]["value"], 50.0)
        elsewhere = self.env["res.company"].create({"name": "Elsewhere Travel"})
        empty, empty_kpis = self._dashboard(company_id=elsewhere.id)
        self.assertEqual(empty["planned_contact_count"], 0)
        self.assertIsNone(empty_kpis["completion_rate"]["value"])
        self.assertFalse(self._behind(empty_kpis["completion_rate"]["drilldown"]))
        same, _kpis = self._dashboard(company_id=self.company.id)
        self.assertEqual(same["planned_contact_count"], 12)
        departments = {d["id"] for d in same["filters"]["departments"]}
        self.assertLessEqual(
            {self.department.id, self.other_department.id}, departments
        )

    def test_trend_over_twelve_months(self):
        data, _kpis = self._dashboard()
        trend = data["trend"]
        self.assertEqual(len(trend["labels"]), 12)
        self.assertEqual(
            (trend["labels"][0], trend["labels"][-1]), ("2023-04", "2024-03")
        )
        series = {s["field"]: s for s in trend["series"]}
        self.assertEqual(
            set(series),
            {
                "first_contact_rate",
                "feedback_rate",
                "completion_rate",
                "score_overall",
                "nps",
            },
        )
        completion = series["completion_rate"]
        self.assertAlmostEqual(completion["values"][-1], 100 * 8 / 12)
        self.assertAlmostEqual(completion["values"][-2], 50.0)
        self.assertEqual(completion["values"][:-2], [None] * 10)
        self.assertEqual(len(self._behind(completion["drilldowns"][-2])), 2)
        self.assertAlmostEqual(series["score_overall"]["values"][-1], 4.0)

    def test_pies_of_causes_and_channels(self):
        self.revisited.cause_category = "service"
        data, _kpis = self._dashboard()
        pies = {pie["field"]: pie for pie in data["pies"]}
        causes = {s["key"]: s for s in pies["cause_category"]["segments"]}
        self.assertEqual(set(causes), {"service", False})
        self.assertEqual(causes["service"]["label"], "Service Flaw")
        self.assertEqual(self._behind(causes["service"]["drilldown"]), self.revisited)
        self.assertEqual(self._behind(causes[False]["drilldown"]), self.waived)
        channels = pies["channel"]["segments"]
        self.assertEqual([(s["key"], s["count"]) for s in channels], [("phone", 2)])
        self.assertEqual(
            self._behind(channels[0]["drilldown"]), self.revisited | self.waived
        )
        _data, _kpis = self._dashboard("2023-01-01")
        self.assertTrue(all(p["empty_reason"] for p in _data["pies"]))

    def test_due_now_nearest_deadline_first(self):
        now = datetime(2026, 12, 1, 2, 0)
        with freeze_time(now):
            overdue, later, feedback, revisit = (
                self._create_complaint(
                    user_id=self.user_staff_other.id,
                    department_id=self.other_department.id,
                )
                for _i in range(4)
            )
            overdue.first_contact_deadline = now - timedelta(minutes=90)
            later.first_contact_deadline = now + timedelta(hours=26, minutes=5)
            feedback.write(
                {
                    "first_contact_at": now,
                    "feedback_deadline": now + timedelta(hours=2, minutes=30),
                }
            )
            revisit.write(
                {"stage_id": self.stages["resolved"].id, "corrective_action": "Refund"}
            )
            # due by the end of the day in Shanghai: 16:00 UTC
            revisit.write(
                {
                    "first_contact_at": now,
                    "fed_back_at": now,
                    "resolved_at": now,
                    "revisit_due_date": date(2026, 12, 1),
                }
            )
            # Housekeeping: away from the demo data's deadlines
            data, _kpis = self._dashboard(
                "2026-12-01", department_id=self.other_department.id
            )
        due = data["due"]
        self.assertEqual(
            [row["minutes_left"] for row in due],
            sorted(row["minutes_left"] for row in due),
        )
        self.assertEqual(
            {complaint.department_id for complaint in overdue | later},
            {self.other_department},
        )
        mine = [
            (row["res_id"], row["kind"], row["minutes_left"], row["overdue"])
            for row in due
            if row["res_id"] in (overdue | later | feedback | revisit).ids
        ]
        self.assertEqual(
            mine,
            [
                (overdue.id, "first_contact", -90, True),
                (feedback.id, "feedback", 150, False),
                (revisit.id, "revisit", 14 * 60, False),
                (later.id, "first_contact", 26 * 60 + 5, False),
            ],
        )
        by_id = {row["res_id"]: row for row in due if row["kind"] != "feedback"}
        self.assertEqual(by_id[overdue.id]["time_left"], "Overdue by 1 h 30 min")
        self.assertEqual(by_id[later.id]["time_left"], "26 h 5 min left")
        # Guides: both complaints still wait for their first contact, but their
        # mandatory revisits are done or waived
        guides, _kpis = self._dashboard(department_id=self.department.id)
        kinds = {(row["res_id"], row["kind"]) for row in guides["due"]}
        complaints = self.revisited | self.waived
        self.assertLessEqual({(c.id, "first_contact") for c in complaints}, kinds)
        self.assertFalse({(c.id, "revisit") for c in complaints} & kinds)

    def test_dashboard_is_readonly_and_writes_nothing(self):
        Kpi = self.env["guest.revisit.kpi"]
        self.assertTrue(getattr(type(Kpi).get_dashboard_data, "_readonly", False))
        self.env.flush_all()
        statements = []
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=True):
            statements.append(str(query).lstrip().split(None, 1)[0].upper())
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            Kpi.get_dashboard_data("2024-03-01", period="quarter")
            self.env.flush_all()
        self.assertTrue(statements)
        self.assertFalse(
            {"INSERT", "UPDATE", "DELETE"} & set(statements), "the dashboard only reads"
        )

    def test_queries_do_not_grow_with_the_records(self):
        Kpi = self.env["guest.revisit.kpi"]
        Kpi.get_dashboard_data("2024-03-01")  # warm the caches
        with self.assertQueryCount(__system__=DASHBOARD_QUERIES):
            Kpi.get_dashboard_data("2024-03-01")
        department = self.env["hr.department"].create({"name": "Front Desk"})
        for index in range(5):
            user = self.env["res.users"].create(
                {"name": f"Desk {index}", "login": f"desk_{index}"}
            )
            self.env["hr.employee"].create(
                {"name": user.name, "user_id": user.id, "department_id": department.id}
            )
            complaint = self._create_complaint(user_id=user.id, received_at=MARCH)
            complaint.cause_category = "product"
            self._complete(
                self._create_revisit(user_id=user.id, scheduled_at=MARCH),
                score_overall=5,
            )
        self.env.invalidate_all()
        Kpi.get_dashboard_data("2024-03-01")
        with self.assertQueryCount(__system__=DASHBOARD_QUERIES):
            Kpi.get_dashboard_data("2024-03-01")

    def test_supervision_report_of_a_quarter_prints_the_charts_as_tables(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "guest_revisit.action_report_guest_revisit_supervision",
                [],
                data={
                    "month": "2024-02-01",
                    "period": "quarter",
                    "department_id": self.department.id,
                },
            )[0]
            .decode()
        )
        self.assertIn("2024 Q1", html)
        self.assertIn("2024-01-01", html)
        # Guides in the quarter: 8 of 12 planned contacts, up from nothing
        self.assertIn("66.7%", html)
        self.assertIn("o_guest_revisit_supervision_trend", html)
        self.assertIn("2024-03", html)
        self.assertIn("Complaints per channel", html)
        self.assertNotIn(self.user_staff_other.name, html)
