import { registry } from "@web/core/registry";
import { _t } from "@web/core/l10n/translation";
import { PriorityField, priorityField } from "@web/views/fields/priority/priority_field";

/**
 * A 1-5 score stored as an integer (0: not scored), given with stars as the priority
 * widget does for a selection: the scores stay integers for averages and checks.
 */
export class ScoreStarsField extends PriorityField {
    get options() {
        return [0, 1, 2, 3, 4, 5].map((score) => [score, String(score)]);
    }
}

export const scoreStarsField = {
    ...priorityField,
    component: ScoreStarsField,
    displayName: _t("Score Stars"),
    supportedTypes: ["integer"],
    extractProps({ options }, dynamicInfo) {
        return {
            // Several on a form: no shortcut of their own, and saved with the form.
            withCommand: false,
            readonly: dynamicInfo.readonly,
            autosave: "autosave" in options ? !!options.autosave : false,
        };
    },
};

registry.category("fields").add("guest_revisit_score_stars", scoreStarsField);
