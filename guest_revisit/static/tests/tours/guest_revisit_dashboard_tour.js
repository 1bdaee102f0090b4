/* global Chart */
import { registry } from "@web/core/registry";

/**
 * Clicks the bar of ``label`` on the chart drawn in the anchor canvas, where a person
 * would click: in the middle of the bar.
 */
function clickBar(canvas, label) {
    const chart = Chart.getChart(canvas);
    const index = chart.data.labels.indexOf(label);
    if (index < 0) {
        throw new Error(`No bar for ${label} in ${chart.data.labels.join(", ")}`);
    }
    const bar = chart.getDatasetMeta(0).data[index];
    const rect = canvas.getBoundingClientRect();
    const init = {
        bubbles: true,
        clientX: rect.left + bar.x,
        clientY: rect.top + (bar.y + bar.base) / 2,
    };
    // Chart.js reads the pointer from mousemove and click events
    canvas.dispatchEvent(new MouseEvent("mousemove", init));
    canvas.dispatchEvent(new MouseEvent("click", init));
}

// A department head working in Chinese opens the supervision dashboard, sees its
// charts and drills from a completion bar into the revisits behind it.
registry.category("web_tour.tours").add("guest_revisit_dashboard_chinese_tour", {
    url: "/odoo/revisit-dashboard",
    steps: () => [
        {
            content: "The dashboard speaks Chinese",
            trigger: ".o_guest_revisit_dashboard h2:contains(督查看板)",
        },
        {
            content: "The completion rate is shown with its unit",
            trigger:
                ".o_guest_revisit_kpi[data-field=completion_rate] .o_guest_revisit_kpi_value:contains(%)",
        },
        {
            content: "An empty figure says why",
            trigger: ".o_guest_revisit_kpi[data-field=recovery_rate] .o_guest_revisit_kpi_empty:contains(本期)",
        },
        {
            content: "The trend lines are drawn",
            trigger: ".o_guest_revisit_chart[data-chart=trend_completion] canvas",
        },
        {
            content: "The causes are drawn as a pie",
            trigger: ".o_guest_revisit_chart[data-chart=cause_category] canvas",
        },
        {
            content: "Click the completion bar of the tour's department",
            trigger: ".o_guest_revisit_chart[data-chart=completion_departments] canvas",
            run() {
                clickBar(this.anchor, "看板导游部");
            },
        },
        {
            content: "The breadcrumb names the department and the figure",
            trigger: ".o_breadcrumb:contains(看板导游部)",
        },
        {
            content: "The department's three planned contacts are listed, and only they",
            trigger:
                ".o_list_view tbody:has(.o_data_row:nth-child(3)):not(:has(.o_data_row:nth-child(4))) .o_data_cell[name=partner_id]:contains(看板宾客)",
        },
        {
            content: "The other department's revisit is not among them",
            trigger: ".o_list_view:not(:has(.o_data_cell:contains(看板他人宾客)))",
        },
    ],
});
