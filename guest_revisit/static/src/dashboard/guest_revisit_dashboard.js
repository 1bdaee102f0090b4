import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

// Rates are percentages, scores are out of 5, NPS is a signed number.
const SCORE_FIELDS = ["score_overall"];

/**
 * The supervision dashboard (K5): the month's headline rates against the month before,
 * per employee and per department; every number opens the rows behind it.
 */
export class GuestRevisitDashboard extends Component {
    static template = "guest_revisit.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load(month = null) {
        this.state.data = await this.orm.call("guest.revisit.kpi", "get_dashboard_data", [], {
            month,
        });
    }

    shiftMonth(step) {
        const [year, month] = this.state.data.month.split("-").map(Number);
        const date = new Date(Date.UTC(year, month - 1 + step, 1));
        return this.load(date.toISOString().slice(0, 10));
    }

    format(field, value) {
        if (value === null || value === undefined || value === false) {
            return "-";
        }
        if (SCORE_FIELDS.includes(field)) {
            return value.toFixed(2);
        }
        if (field === "nps") {
            return value.toFixed(0);
        }
        return `${value.toFixed(1)}%`;
    }

    formatChange(kpi) {
        if (kpi.change === null || kpi.change === undefined) {
            return "";
        }
        const digits = SCORE_FIELDS.includes(kpi.field) ? 2 : 1;
        return `${kpi.change >= 0 ? "+" : ""}${kpi.change.toFixed(digits)}`;
    }

    changeClass(kpi) {
        if (!kpi.change) {
            return "text-muted";
        }
        return kpi.change > 0 ? "text-success" : "text-danger";
    }

    open(name, domain) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: "guest.revisit.kpi",
            views: [
                [false, "list"],
                [false, "pivot"],
                [false, "graph"],
            ],
            domain,
            target: "current",
        });
    }

    openKpi(kpi) {
        return this.open(kpi.label, kpi.domain);
    }

    openRow(row, kpi) {
        return this.open(`${row.name}: ${kpi.label}`, [...row.domain, ...row.scopes[kpi.field]]);
    }

    async print() {
        const action = await this.orm.call("guest.revisit.kpi", "action_print_supervision", [], {
            month: this.state.data.month,
        });
        return this.action.doAction(action);
    }

    get breakdowns() {
        return [
            { key: "employees", title: _t("Per Employee"), rows: this.state.data.employees },
            { key: "departments", title: _t("Per Department"), rows: this.state.data.departments },
        ];
    }
}

registry.category("actions").add("guest_revisit_dashboard", GuestRevisitDashboard);
