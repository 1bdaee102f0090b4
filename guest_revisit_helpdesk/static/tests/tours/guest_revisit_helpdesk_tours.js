import { registry } from "@web/core/registry";

// A complaint desk manager who works the helpdesk converts a ticket into a complaint, sees
// the complaint carry the ticket over, and goes back to the ticket from the complaint.
registry.category("web_tour.tours").add("guest_revisit_helpdesk_ticket_to_complaint_tour", {
    steps: () => [
        {
            content: "Convert the ticket to a complaint",
            trigger: ".o_form_view button[name=action_convert_to_complaint]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The complaint takes the ticket's title",
            trigger: ".o_form_view .o_field_widget[name=name] input:value('Tour: shopping stops')",
        },
        {
            content: "The complaint's guest is the ticket's contact",
            trigger: ".o_field_widget[name=partner_id] input:value('Tour Helpdesk Guest')",
        },
        {
            content: "Back to the ticket from the complaint",
            trigger: ".o_form_view button[name=action_view_tickets]",
            run: "click",
        },
        {
            content: "The ticket shows its complaint",
            trigger: ".o_form_view .o_field_widget[name=complaint_number]:contains('TS')",
        },
        {
            content: "And the complaint's smart button",
            trigger: ".o_form_view button[name=action_view_complaint]",
        },
    ],
});
