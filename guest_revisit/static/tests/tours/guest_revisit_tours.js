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
            content: "Close",
            trigger: ".o_form_saved button[name=action_close]",
            run: "click",
        },
        {
            content: "Reopen is now offered: the complaint is closed",
            trigger: ".o_form_saved button[name=action_reopen]",
        },
    ],
});
