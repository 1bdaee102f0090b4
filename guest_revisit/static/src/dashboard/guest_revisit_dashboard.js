import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { GuestRevisitChart } from "./guest_revisit_chart";

// Rates are percentages, scores are out of 5, NPS is a signed number.
const SCORE_FIELDS = ["score_overall"];
const PERIOD_MONTHS = { month: 1, quarter: 3, year: 12 };

/**
 * The supervision dashboard (K5): the period's headline figures against the period
 * before, 12-month trends, completion per department and employee, complaints per
 * cause and channel, and the deadlines due now. Every number, bar, point and slice
 * opens the records behind it.
 */
export class GuestRevisitDashboard extends Component {
    static template = "guest_revisit.Dashboard";
    static components = { GuestRevisitChart };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            data: null,
            period: "month",
            date: null,
            companyId: false,
            departmentId: false,
        });
        this.periods = [
            ["month", _t("Month")],
            ["quarter", _t("Quarter")],
            ["year", _t("Year")],
        ];
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("guest.revisit.kpi", "get_dashboard_data", [], {
            month: this.state.date,
            period: this.state.period,
            company_id: this.state.companyId || null,
            department_id: this.state.departmentId || null,
        });
        this.state.date = this.state.data.date_from;
    }

    shiftPeriod(step) {
        const [year, month] = this.state.data.date_from.split("-").map(Number);
        const shift = step * PERIOD_MONTHS[this.state.period];
        const date = new Date(Date.UTC(year, month - 1 + shift, 1));
        this.state.date = date.toISOString().slice(0, 10);
        return this.load();
    }

    onPeriodChange(ev) {
        this.state.period = ev.target.value;
        return this.load();
    }

    onCompanyChange(ev) {
        this.state.companyId = Number(ev.target.value) || false;
        return this.load();
    }

    onDepartmentChange(ev) {
        this.state.departmentId = Number(ev.target.value) || false;
        return this.load();
    }

    format(field, value, unit = "") {
        if (value === null || value === undefined || value === false) {
            return "-";
        }
        if (SCORE_FIELDS.includes(field)) {
            return value.toFixed(2);
        }
        if (field === "nps") {
            return value.toFixed(0);
        }
        return `${value.toFixed(1)}${unit || "%"}`;
    }

    formatChange(kpi) {
        if (kpi.change === null || kpi.change === undefined) {
            return "";
        }
        const digits = SCORE_FIELDS.includes(kpi.field) ? 2 : 1;
        return `${kpi.change >= 0 ? "+" : ""}${kpi.change.toFixed(digits)} ${kpi.change_unit}`;
    }

    changeClass(kpi) {
        if (!kpi.change) {
            return "text-muted";
        }
        return kpi.change > 0 ? "text-success" : "text-danger";
    }

    /** Lists the records behind a number: ``drilldown`` is {res_model, name, domain}. */
    openRecords(drilldown) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: drilldown.name,
            res_model: drilldown.res_model,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: drilldown.domain,
            target: "current",
        });
    }

    openKpi(kpi) {
        return this.openRecords(kpi.drilldown);
    }

    openRow(row, kpi) {
        return this.openRecords(row.drilldowns[kpi.field]);
    }

    openDue(row) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: row.res_model,
            res_id: row.res_id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    async print() {
        const action = await this.orm.call("guest.revisit.kpi", "action_print_supervision", [], {
            month: this.state.data.date_from,
            period: this.state.period,
            company_id: this.state.companyId || null,
            department_id: this.state.departmentId || null,
        });
        return this.action.doAction(action);
    }

    get trendCharts() {
        const series = Object.fromEntries(this.state.data.trend.series.map((s) => [s.field, s]));
        const chart = (key, title, fields) => ({
            key,
            title,
            series: fields.map((field) => series[field]),
            datasets: fields.map((field) => ({
                label: series[field].label,
                data: series[field].values,
            })),
            unit: series[fields[0]].unit,
        });
        return [
            chart("timeliness", _t("Timeliness"), ["first_contact_rate", "feedback_rate"]),
            chart("completion", _t("Completion"), ["completion_rate"]),
            chart("satisfaction", _t("Satisfaction"), ["score_overall"]),
            chart("nps", _t("NPS"), ["nps"]),
        ];
    }

    get barCharts() {
        const label = _t("Revisits completed (%)");
        return [
            { key: "departments", title: _t("Completion per Department") },
            { key: "employees", title: _t("Completion per Employee") },
        ].map((chart) => {
            const rows = this.state.data[chart.key].filter(
                (row) => row.values.completion_rate !== null
            );
            return {
                ...chart,
                rows,
                labels: rows.map((row) => row.name),
                datasets: [{ label, data: rows.map((row) => row.values.completion_rate) }],
            };
        });
    }

    get pieCharts() {
        return this.state.data.pies.map((pie) => ({
            ...pie,
            labels: pie.segments.map((segment) => segment.label),
            datasets: [{ label: pie.title, data: pie.segments.map((segment) => segment.count) }],
        }));
    }

    get breakdowns() {
        return [
            { key: "employees", title: _t("Per Employee"), rows: this.state.data.employees },
            { key: "departments", title: _t("Per Department"), rows: this.state.data.departments },
        ];
    }
}

registry.category("actions").add("guest_revisit_dashboard", GuestRevisitDashboard);
