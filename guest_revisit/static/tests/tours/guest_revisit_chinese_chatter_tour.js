import { registry } from "@web/core/registry";

// Two English words in a row: a sentence, not a name, a number or a code.
const ENGLISH_SENTENCE = /[A-Za-z]{4,} [A-Za-z]{3,}/;
// What a reader takes in of the chatter: the activities' names and notes, the messages'
// bodies and tracked changes.
const READ_PARTS = [
    ".o-mail-Activity-info",
    ".o-mail-Activity-note",
    ".o-mail-Message-body",
    ".o-mail-Message-tracking",
].join(", ");

const CARD = ".o_kanban_record:contains('导游擅自更改行程')";
const ROW = ".o_data_row:contains('导游擅自更改行程')";

// A Chinese desk manager finds a complaint overdue on the board and in the list, then
// opens it after its usual flow and its escalation by the cron: its activities and
// chatter hold no English sentence.
registry.category("web_tour.tours").add("guest_revisit_chatter_in_chinese_tour", {
    steps: () => [
        {
            content: "The card shows how long the feedback is overdue, in red",
            trigger: `${CARD} .o_guest_revisit_time_left.text-danger:contains('已逾期')`,
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The deadline column shows it too",
            trigger: `${ROW} .o_guest_revisit_time_left.text-danger:contains('已逾期')`,
        },
        {
            content: "Open the complaint",
            trigger: `${ROW} .o_data_cell[name=name]`,
            run: "click",
        },
        {
            content: "The form speaks Chinese",
            trigger: ".o_form_view label.o_form_label:contains('游客')",
        },
        {
            content: "The activities are listed",
            trigger: ".o-mail-Chatter .o-mail-Activity .o-mail-Activity-note",
        },
        {
            content: "The cron's escalation note is shown",
            trigger: ".o-mail-Chatter .o-mail-Message-body:contains('逾期')",
        },
        {
            content: "No English sentence in the activities or the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message",
            run() {
                const english = [...document.querySelectorAll(`.o-mail-Chatter :is(${READ_PARTS})`)]
                    .map((element) => element.innerText.trim())
                    .filter((text) => ENGLISH_SENTENCE.test(text));
                if (english.length) {
                    throw new Error(`English in the chatter: ${english.join(" | ")}`);
                }
            },
        },
    ],
});
