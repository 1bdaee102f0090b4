from datetime import date, datetime

from .common import load_chinese
from .kpi_definitions_common import KpiDefinitionsCommon


class TestGuestRevisitKpiDefinitions(KpiDefinitionsCommon):
    """Every figure of the hand-computed set (see ``KpiDefinitionsCommon``) on the
    plan, the report and the KPI model."""

    def _dashboard(self, month="2024-03-01"):
        data = self.env["guest.revisit.kpi"].get_dashboard_data(month)
        return data, {kpi["field"]: kpi["value"] for kpi in data["kpis"]}

    def test_follow_ups_belong_to_their_first_attempt(self):
        self.assertEqual(len(self.follow_ups), 2)
        self.assertEqual(
            self.follow_ups.first_attempt_id,
            self.plan_revisits.filtered(lambda r: r.outcome == "not_reached"),
        )
        self.assertFalse(any(self.follow_ups.mapped("is_first_attempt")))
        self.assertFalse(any(self.follow_ups.mapped("contact_result")))
        self.assertEqual(
            sorted(self.plan_revisits.mapped("contact_result")),
            ["completed"] * 7 + ["declined"] + ["unreachable"] * 2,
        )
        # a follow-up of a follow-up still belongs to the first attempt
        first = self.second_attempt.parent_id
        self.assertEqual(self.second_attempt.first_attempt_id, first)
        self.assertEqual(first.contact_result, "completed")

    def test_plan_of_ten_guests_is_seventy_percent(self):
        plan = self.plan
        self.assertEqual(plan.revisit_count, 12, "every attempt is a record")
        self.assertEqual(plan.planned_contact_count, 10)
        self.assertEqual(plan.revisit_done_count, 7)
        self.assertEqual(plan.declined_count, 1)
        self.assertEqual(plan.unreachable_count, 2)
        self.assertAlmostEqual(plan.completion_rate, 70.0)

    def test_report_per_department(self):
        Report = self.env["guest.revisit.report"].with_user(self.user_desk_manager)
        expected = {
            # department: planned, completed, declined, unreachable, rate
            self.department: (10, 7, 1, 2, 70.0),
            self.other_department: (2, 1, 0, 0, 50.0),
            False: (12, 8, 1, 2, 100 * 8 / 12),
        }
        for department, (
            planned,
            done,
            declined,
            unreachable,
            rate,
        ) in expected.items():
            report = Report.create(
                {
                    "name": "March",
                    "date_from": date(2024, 3, 1),
                    "date_to": date(2024, 3, 31),
                    "department_id": department and department.id,
                }
            )
            with self.subTest(department=department and department.name):
                self.assertEqual(
                    (
                        report.planned_count,
                        report.done_count,
                        report.declined_count,
                        report.unreachable_count,
                    ),
                    (planned, done, declined, unreachable),
                )
                self.assertAlmostEqual(report.completion_rate, rate)
                self.assertAlmostEqual(report.declined_rate, 100 * declined / planned)
                self.assertAlmostEqual(
                    report.unreachable_rate, 100 * unreachable / planned
                )
        february = Report.create(
            {
                "name": "February",
                "date_from": date(2024, 2, 1),
                "date_to": date(2024, 2, 29),
            }
        )
        self.assertEqual((february.planned_count, february.done_count), (2, 1))
        self.assertAlmostEqual(february.completion_rate, 50.0)
        self.assertAlmostEqual(february.declined_rate, 50.0)

    def test_kpi_dashboard_headline_and_change(self):
        data, kpis = self._dashboard()
        self.assertEqual(data["planned_contact_count"], 12)
        self.assertAlmostEqual(kpis["completion_rate"], 100 * 8 / 12)
        self.assertAlmostEqual(kpis["declined_rate"], 100 * 1 / 12)
        self.assertAlmostEqual(kpis["unreachable_rate"], 100 * 2 / 12)
        # the waived revisit is neither on time nor late: counted apart
        self.assertAlmostEqual(kpis["revisit_window_rate"], 100.0)
        self.assertEqual(data["revisit_waived_count"], 1)
        completion = next(k for k in data["kpis"] if k["field"] == "completion_rate")
        self.assertAlmostEqual(completion["previous"], 50.0)
        self.assertAlmostEqual(completion["change"], 100 * 8 / 12 - 50.0)
        # the drill-down of the completion rate lists the planned contacts only
        rows = self.env["guest.revisit.kpi"].search(completion["domain"])
        self.assertEqual(len(rows), 12)
        self.assertNotIn(self.follow_ups[0], rows.revisit_id)

    def test_kpi_per_employee_and_department(self):
        data, _kpis = self._dashboard()
        expected = {
            # planned, completion, declined, unreachable (%)
            "employees": {
                self.user_staff.id: (10, 70.0, 10.0, 20.0),
                self.user_staff_other.id: (2, 50.0, 0.0, 0.0),
            },
            "departments": {
                self.department.id: (10, 70.0, 10.0, 20.0),
                self.other_department.id: (2, 50.0, 0.0, 0.0),
            },
        }
        for breakdown, rows in expected.items():
            found = {row["id"]: row for row in data[breakdown]}
            for key, (planned, completion, declined, unreachable) in rows.items():
                row = found[key]
                with self.subTest(breakdown=breakdown, row=row["name"]):
                    self.assertEqual(row["planned_contact_count"], planned)
                    values = row["values"]
                    self.assertAlmostEqual(values["completion_rate"], completion)
                    self.assertAlmostEqual(values["declined_rate"], declined)
                    self.assertAlmostEqual(values["unreachable_rate"], unreachable)

    def test_february_alone(self):
        _data, kpis = self._dashboard("2024-02-01")
        self.assertAlmostEqual(kpis["completion_rate"], 50.0)
        self.assertAlmostEqual(kpis["declined_rate"], 50.0)
        self.assertAlmostEqual(kpis["unreachable_rate"], 0.0)

    def test_new_figures_are_labelled_in_chinese(self):
        load_chinese(self.env, "guest_revisit")
        data = (
            self.env["guest.revisit.kpi"]
            .with_context(lang="zh_CN")
            .get_dashboard_data("2024-03-01")
        )
        labels = {kpi["field"]: kpi["label"] for kpi in data["kpis"]}
        self.assertEqual(labels["declined_rate"], "宾客拒绝的回访")
        self.assertEqual(labels["unreachable_rate"], "未联系上的宾客")
        fields_info = (
            self.env["guest.revisit.plan"]
            .with_context(lang="zh_CN")
            .fields_get(["planned_contact_count", "unreachable_count"], ["string"])
        )
        self.assertEqual(fields_info["planned_contact_count"]["string"], "计划联系数")
        self.assertEqual(fields_info["unreachable_count"]["string"], "未联系上的联系")

    def test_recovery_rate(self):
        """April: a Guides guest dissatisfied then satisfied (recovered), a
        Housekeeping guest dissatisfied then neutral (not recovered), a guest
        satisfied twice (not counted): 1 of 2, 100 % in Guides, 0 % in Housekeeping."""
        april = datetime(2024, 4, 8, 2, 0)
        guests = self.env["res.partner"].create(
            [{"name": f"April guest {i}"} for i in range(3)]
        )
        rows = [
            (guests[0], self.user_staff, ("dissatisfied", "satisfied")),
            (guests[1], self.user_staff_other, ("dissatisfied", "neutral")),
            (guests[2], self.user_staff, ("satisfied", "satisfied")),
        ]
        later = self.env["guest.revisit"]
        for guest, user, satisfactions in rows:
            for satisfaction in satisfactions:
                revisit = self._complete(
                    self._create_revisit(
                        partner_id=guest.id, user_id=user.id, scheduled_at=april
                    ),
                    complaint_satisfaction=satisfaction,
                    dissatisfaction_reason=satisfaction == "dissatisfied" and "Noisy",
                )
            later |= revisit
        self.assertEqual(later.mapped("follows_dissatisfied"), [True, True, False])
        data, kpis = self._dashboard("2024-04-01")
        self.assertAlmostEqual(kpis["recovery_rate"], 50.0)
        departments = {row["id"]: row["values"] for row in data["departments"]}
        self.assertAlmostEqual(departments[self.department.id]["recovery_rate"], 100.0)
        self.assertAlmostEqual(
            departments[self.other_department.id]["recovery_rate"], 0.0
        )
        employees = {row["id"]: row["values"] for row in data["employees"]}
        self.assertAlmostEqual(employees[self.user_staff.id]["recovery_rate"], 100.0)
        report = self.env["guest.revisit.report"].create(
            {
                "name": "April",
                "date_from": date(2024, 4, 1),
                "date_to": date(2024, 4, 30),
            }
        )
        self.assertEqual(report.recovery_count, 1)
        self.assertAlmostEqual(report.recovery_rate, 50.0)
        # March had no guest dissatisfied twice in a row: no figure
        _data, kpis = self._dashboard()
        self.assertIsNone(kpis["recovery_rate"])
