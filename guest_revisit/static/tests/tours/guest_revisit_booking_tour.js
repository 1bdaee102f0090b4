import { registry } from "@web/core/registry";

// A Chinese guest, not signed in, opens the link of the resolution mail and books the
// first free time.
registry.category("web_tour.tours").add("guest_revisit_booking_tour", {
    steps: () => [
        {
            content: "The page speaks the guest's language",
            trigger: "h2:contains('选择我们致电 / 拜访的时间')",
        },
        {
            content: "Book the first free time",
            trigger: "button.o_revisit_booking_slot:first",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The booking is confirmed",
            trigger: ".o_revisit_booking_notice:contains('您的预约已成功')",
        },
        {
            content: "The appointment is shown, with a way to cancel it",
            trigger: ".o_revisit_booking_booked button.o_revisit_booking_cancel",
        },
    ],
});

// The responsible staff member finds the guest's appointment among their meetings.
registry.category("web_tour.tours").add("guest_revisit_booking_staff_tour", {
    steps: () => [
        {
            content: "The meeting with the guest is in the staff member's calendar",
            trigger: ".o_data_row:contains('预约游客')",
        },
        {
            content: "Open it",
            trigger: ".o_data_row:contains('预约游客') .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "The guest is an attendee",
            trigger: ".o_field_widget[name=partner_ids]:contains('预约游客')",
        },
    ],
});
