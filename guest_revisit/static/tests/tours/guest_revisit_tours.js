import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// Foundation smoke test: the app is in the menu and opens on the complaints board.
registry.category("web_tour.tours").add("guest_revisit_app_menu_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("guest_revisit.menu_guest_revisit_root", "Open the Guest Revisit app"),
        {
            content: "The complaints board is shown",
            trigger: ".o_kanban_view .o_kanban_renderer",
        },
        {
            content: "The Complaints menu is in the app bar",
            trigger: ".o_main_navbar [data-menu-xmlid='guest_revisit.menu_guest_complaint_main']",
        },
    ],
});

// A complaint desk manager working in Chinese registers a complaint, assigns it, records the
// first contact, resolves it, feeds the result back and closes it.
registry.category("web_tour.tours").add("guest_revisit_complaint_desk_tour", {
    url: "/odoo/guest-complaints/new",
    steps: () => [
        {
            content: "The form speaks Chinese",
            trigger: ".o_form_view label.o_form_label:contains('游客')",
        },
        {
            content: "Summary",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 导游擅自更改行程 tour",
        },
        {
            content: "Guest",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Guest",
        },
        {
            content: "Pick the guest",
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item a:contains('Tour Guest')",
            run: "click",
        },
        {
            content: "Urgent",
            trigger: ".o_field_widget[name=severity] input[data-value=urgent]",
            run: "click",
        },
        {
            content: "Responsible",
            trigger: ".o_field_widget[name=user_id] input",
            run: "edit Tour Desk",
        },
        {
            content: "Pick the responsible",
            trigger: ".o_field_widget[name=user_id] .o-autocomplete--dropdown-item a:contains('Tour Desk')",
            run: "click",
        },
        {
            content: "Save: assigning starts the 1 h deadline",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Record the first contact",
            trigger: ".o_form_saved button[name=action_record_first_contact]",
            run: "click",
        },
        {
            content: "Open the solution tab",
            trigger: ".o_notebook .nav-link[name=solution]",
            run: "click",
        },
        {
            content: "Describe the solution",
            trigger: ".o_field_widget[name=corrective_action] textarea",
            run: "edit 退还自费项目费用并致歉",
        },
        {
            content: "Resolve",
            trigger: "button[name=action_resolve]",
            run: "click",
        },
        {
            content: "Feed the result back",
            trigger: ".o_form_saved button[name=action_record_feedback]",
            run: "click",
        },
        {
            content: "The guest asked not to be called again: waive the mandatory revisit",
            trigger: ".o_form_saved button[name=action_waive_revisit]",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit 游客要求不再回访",
        },
        {
            content: "Waive",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Close",
            trigger: ".o_form_saved:not(:has(button[name=action_waive_revisit])) button[name=action_close]",
            run: "click",
        },
        {
            content: "Reopen is now offered: the complaint is closed",
            trigger: ".o_form_saved button[name=action_reopen]",
        },
    ],
});

// The revisit, in Chinese, from plan to approved report. Each tour is one person's part;
// the Python test passes the records between them.
const currentState = (state) =>
    `.o_form_saved .o_statusbar_status .o_arrow_button_current[data-value=${state}]`;

// Picks a selection value by its label, then waits until the field shows it: a click
// landing while the menu re-renders would otherwise be lost without a trace.
const selectSteps = (field, label) => [
    {
        content: `Open the choices of ${field}`,
        trigger: `.o_field_widget[name=${field}] .o_select_menu_toggler`,
        run: "click",
    },
    {
        content: `The choices of ${field} are open`,
        trigger: ".o_select_menu_menu:visible",
    },
    {
        content: `Choose ${label}`,
        trigger: `.o_select_menu_menu .o_select_menu_item:text(${label}):visible`,
        run: "click",
    },
    {
        content: `${field} shows ${label}`,
        trigger: `.o_field_widget[name=${field}] input.o_select_menu_toggler:value(${label})`,
    },
];

const reviewSteps = (comment) => [
    {
        content: "Approve",
        trigger: "button.btn-primary[name=action_open_review]",
        run: "click",
    },
    {
        content: "Guidance for the responsible person",
        trigger: ".modal .o_field_widget[name=comment] textarea",
        run: `edit ${comment}`,
    },
    {
        content: "Confirm",
        trigger: ".modal button[name=action_confirm]",
        run: "click",
    },
];

registry.category("web_tour.tours").add("guest_revisit_plan_tour", {
    steps: () => [
        {
            content: "The plan form speaks Chinese",
            trigger: ".o_form_view .o_form_label:contains('游客')",
        },
        {
            content: "Title",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 贵宾投诉回访 tour",
        },
        {
            content: "Guest",
            trigger: ".o_field_widget[name=partner_ids] input",
            run: "edit Tour VIP",
        },
        {
            content: "Pick the guest",
            trigger: ".o_field_widget[name=partner_ids] .o-autocomplete--dropdown-item a:contains('Tour VIP')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Submit for approval",
            trigger: ".o_form_saved button[name=action_submit]",
            run: "click",
        },
        {
            content: "The plan waits for the department head",
            trigger: currentState("to_approve"),
        },
    ],
});

registry.category("web_tour.tours").add("guest_revisit_plan_approval_tour", {
    steps: () => [
        ...reviewSteps("上午十点前联系游客"),
        {
            content: "The plan runs",
            trigger: currentState("running"),
        },
    ],
});

registry.category("web_tour.tours").add("guest_revisit_record_tour", {
    steps: () => [
        {
            content: "Appointment tab",
            trigger: ".o_notebook .nav-link[name=appointment]",
            run: "click",
        },
        {
            content: "Appointment time",
            trigger: ".o_field_widget[name=appointment_at] input",
            run: "edit 2026-12-01 10:00:00",
        },
        {
            content: "Appointment place",
            trigger: ".o_field_widget[name=appointment_location] input",
            run: "edit 游客酒店大堂",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Book the appointment",
            trigger: ".o_form_saved button[name=action_book_appointment]",
            run: "click",
        },
        {
            content: "The meeting is booked",
            trigger: ".o_field_widget[name=calendar_event_id] a, .o_field_widget[name=calendar_event_id] input:value(2026)",
        },
        ...selectSteps("outcome", "已联系上"),
        {
            content: "Scores tab",
            trigger: ".o_notebook .nav-link[name=scores]",
            run: "click",
        },
        ...["score_service", "score_product", "score_price", "score_information", "score_overall"].map(
            (field) => ({
                content: `Score ${field}: five stars`,
                trigger: `.o_field_widget[name=${field}] a.o_priority_star[aria-label='5']`,
                run: "click",
            })
        ),
        {
            content: "Would recommend: 10",
            trigger: ".o_field_widget[name=recommend_score] .o_selection_badge:text(10)",
            run: "click",
        },
        {
            content: "On-site tab",
            trigger: ".o_notebook .nav-link[name=on_site]",
            run: "click",
        },
        {
            content: "Place of the visit",
            trigger: ".o_field_widget[name=visit_location] input",
            run: "edit 游客酒店大堂",
        },
        {
            content: "Signed by",
            trigger: ".o_field_widget[name=signed_by] input",
            run: "edit 李明",
        },
        {
            content: "Open the signature pad",
            trigger: ".o_field_widget[name=guest_signature] .o_signature",
            run: "click",
        },
        {
            content: "The name is written as the signature",
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Adopt and sign",
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "Signed",
            trigger: ".o_field_widget[name=guest_signature] img.o_signature",
        },
        {
            content: "Complete the revisit",
            trigger: "button[name=action_done]",
            run: "click",
        },
        {
            content: "Done",
            trigger: currentState("done"),
        },
    ],
});

registry.category("web_tour.tours").add("guest_revisit_report_tour", {
    steps: () => [
        {
            content: "Title",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 本月回访报告 tour",
        },
        {
            content: "The report covers the plan",
            trigger: ".o_field_widget[name=plan_id] input",
            run: "edit 贵宾投诉回访",
        },
        {
            content: "Pick the plan",
            trigger: ".o_field_widget[name=plan_id] .o-autocomplete--dropdown-item a:contains('贵宾投诉回访')",
            run: "click",
        },
        {
            content: "Evaluation",
            trigger: ".o_field_widget[name=evaluation] .odoo-editor-editable",
            run: "editor 贵宾回访全部完成，满意度高。",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Submit to the department head",
            trigger: ".o_form_saved button[name=action_submit]",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: currentState("submitted"),
        },
    ],
});

registry.category("web_tour.tours").add("guest_revisit_report_approval_tour", {
    steps: () => [
        ...reviewSteps("表扬回访人员"),
        {
            content: "Approved",
            trigger: currentState("approved"),
        },
    ],
});

// A manager opens the supervision dashboard and drills into one of its numbers.
registry.category("web_tour.tours").add("guest_revisit_dashboard_tour", {
    steps: () => [
        {
            content: "The first-contact rate of the month is shown",
            trigger: ".o_guest_revisit_kpi[data-field=first_contact_rate] .o_guest_revisit_kpi_value:contains(%)",
        },
        {
            content: "The per-employee table lists the tour's staff member",
            trigger: ".o_guest_revisit_employees td:contains(Dashboard Staff)",
        },
        {
            content: "Drill into the first-contact rate",
            trigger: ".o_guest_revisit_kpi[data-field=first_contact_rate]",
            run: "click",
        },
        {
            content: "The complaints behind the number are listed",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=name]:contains(Dashboard complaint)",
        },
    ],
});
