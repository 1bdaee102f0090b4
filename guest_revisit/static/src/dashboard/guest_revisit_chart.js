/* global Chart */
import { Component, onWillStart, onWillUnmount, useEffect, useRef } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { cookie } from "@web/core/browser/cookie";
import { getColor } from "@web/core/colors/colors";

/**
 * One chart of the dashboard, drawn with the Chart.js that Odoo bundles for its graph
 * view (loaded the same way). Clicking a bar, point or slice calls ``onSegmentClick``
 * with the index of the label and of the dataset.
 */
export class GuestRevisitChart extends Component {
    static template = "guest_revisit.DashboardChart";
    static props = {
        type: String,
        labels: Array,
        datasets: Array,
        name: String,
        unit: { type: String, optional: true },
        onSegmentClick: Function,
    };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => this.renderChart(),
            () => [this.props.labels, this.props.datasets]
        );
        onWillUnmount(() => this.chart?.destroy());
    }

    get config() {
        const scheme = cookie.get("color_scheme");
        const isPie = this.props.type === "pie";
        const datasets = this.props.datasets.map((dataset, index) => {
            const color = isPie
                ? this.props.labels.map((_label, i) =>
                      getColor(i, scheme, this.props.labels.length)
                  )
                : getColor(index, scheme, this.props.datasets.length);
            return {
                ...dataset,
                backgroundColor: color,
                borderColor: isPie ? undefined : color,
                spanGaps: true,
                tension: 0.2,
            };
        });
        const unit = this.props.unit || "";
        return {
            type: this.props.type,
            data: { labels: this.props.labels, datasets },
            options: {
                // drawn at once, so that a click or a print sees the final chart
                animation: false,
                maintainAspectRatio: false,
                onClick: (event, elements) => {
                    if (elements.length) {
                        const { index, datasetIndex } = elements[0];
                        this.props.onSegmentClick(index, datasetIndex);
                    }
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
                plugins: {
                    legend: { display: isPie || this.props.datasets.length > 1 },
                    tooltip: {
                        callbacks: {
                            label: (context) => {
                                const value = isPie ? context.parsed : context.parsed.y;
                                const shown =
                                    value === null || value === undefined
                                        ? "-"
                                        : `${Number(value).toFixed(1)}${isPie ? "" : unit}`;
                                return `${context.dataset.label || context.label}: ${shown}`;
                            },
                        },
                    },
                },
                scales: isPie ? {} : { y: { beginAtZero: true } },
            },
        };
    }

    renderChart() {
        this.chart?.destroy();
        if (this.canvasRef.el) {
            this.chart = new Chart(this.canvasRef.el, this.config);
        }
    }
}
