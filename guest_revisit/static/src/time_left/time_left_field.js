import { Component, onWillDestroy, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatDateTime } from "@web/views/fields/formatters";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const { DateTime } = luxon;

/**
 * The time left before a datetime deadline, in hours and minutes ("3 h 20 min left"),
 * or how long it is overdue, in red. The deadline itself is the stored field (so lists
 * sort and filter on it); only its display is relative, refreshed every minute.
 */
export class TimeLeftField extends Component {
    static template = "guest_revisit.TimeLeftField";
    static props = { ...standardFieldProps };

    setup() {
        this.clock = useState({ now: DateTime.now() });
        const timer = setInterval(() => (this.clock.now = DateTime.now()), 60000);
        onWillDestroy(() => clearInterval(timer));
    }

    get deadline() {
        return this.props.record.data[this.props.name];
    }

    /** Whole minutes from now to the deadline, negative once it is past. */
    get minutesLeft() {
        if (!this.deadline) {
            return null;
        }
        return Math.floor(this.deadline.diff(this.clock.now, "minutes").minutes);
    }

    get isOverdue() {
        return this.minutesLeft !== null && this.minutesLeft < 0;
    }

    get duration() {
        const total = Math.abs(this.minutesLeft);
        const days = Math.floor(total / 1440);
        const hours = Math.floor((total % 1440) / 60);
        const minutes = total % 60;
        if (days) {
            return _t("%(days)s d %(hours)s h", { days, hours });
        }
        if (hours) {
            return _t("%(hours)s h %(minutes)s min", { hours, minutes });
        }
        return _t("%(minutes)s min", { minutes });
    }

    get text() {
        if (this.minutesLeft === null) {
            return "";
        }
        return this.isOverdue
            ? _t("%(duration)s overdue", { duration: this.duration })
            : _t("%(duration)s left", { duration: this.duration });
    }

    get title() {
        return this.deadline ? formatDateTime(this.deadline) : "";
    }
}

export const timeLeftField = {
    component: TimeLeftField,
    displayName: _t("Time Left"),
    supportedTypes: ["datetime"],
};

registry.category("fields").add("guest_revisit_time_left", timeLeftField);
