from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.guest_revisit.models.guest_revisit import (
    RECOMMEND_SCORES,
    SCORE_FIELDS,
    WOULD_RETURN,
)

MAPPING_TARGETS = [
    ("score_service", "Service Quality (1-5)"),
    ("score_product", "Product (1-5)"),
    ("score_price", "Price (1-5)"),
    ("score_information", "Information (1-5)"),
    ("score_overall", "Overall (1-5)"),
    ("would_return", "Would Come Back (yes / maybe / no)"),
    ("recommend_score", "Would Recommend (0-10)"),
    ("guest_suggestions", "New Needs & Suggestions (text)"),
]
# Question types that can fill each kind of revisit field.
NUMBER_TYPES = ("numerical_box", "scale", "simple_choice")
TARGET_TYPES = {
    **dict.fromkeys(SCORE_FIELDS, NUMBER_TYPES),
    "recommend_score": NUMBER_TYPES,
    "would_return": ("simple_choice",),
    "guest_suggestions": ("text_box", "char_box"),
}
# The range of numbers a field takes: 0 means "not rated" for the 1-5 scores.
TARGET_RANGES = {
    **dict.fromkeys(SCORE_FIELDS, (1, 5)),
    "recommend_score": (0, 10),
}
RETURN_VALUES = {key for key, _label in WOULD_RETURN}
RECOMMEND_VALUES = {key for key, _label in RECOMMEND_SCORES}


def parse_number(value):
    """An integer from an answer value (``'4'``, ``4.0``), or None."""
    if value in (None, False, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number == int(number) else None


class GuestRevisitSurveyMapping(models.Model):
    """Which question of a questionnaire fills which field of the revisit (S1): a
    company can use its own questionnaire by mapping its questions."""

    _name = "guest.revisit.survey.mapping"
    _description = "Revisit Questionnaire Mapping"
    _order = "survey_id, sequence, id"

    sequence = fields.Integer(default=10)
    survey_id = fields.Many2one(
        "survey.survey", required=True, index=True, ondelete="cascade"
    )
    question_id = fields.Many2one(
        "survey.question",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('survey_id', '=', survey_id), ('is_page', '=', False)]",
    )
    question_type = fields.Selection(related="question_id.question_type")
    target = fields.Selection(MAPPING_TARGETS, string="Revisit Field", required=True)

    _one_question_per_target = models.UniqueIndex(
        "(survey_id, target)",
        "Each revisit field is filled by one question of the questionnaire.",
    )

    @api.constrains("question_id", "target", "survey_id")
    def _check_question_fits(self):
        for mapping in self:
            question = mapping.question_id
            target_label = dict(
                self._fields["target"]._description_selection(self.env)
            )[mapping.target]
            if question.survey_id != mapping.survey_id:
                raise ValidationError(
                    self.env._(
                        "Question %(question)s is not part of questionnaire "
                        "%(survey)s.",
                        question=question.title,
                        survey=mapping.survey_id.title,
                    )
                )
            if question.question_type not in TARGET_TYPES[mapping.target]:
                raise ValidationError(
                    self.env._(
                        "Question %(question)s (%(type)s) cannot fill %(target)s: "
                        "use a question of type %(types)s.",
                        question=question.title,
                        type=question.question_type or self.env._("section"),
                        target=target_label,
                        types=", ".join(
                            dict(
                                question._fields[
                                    "question_type"
                                ]._description_selection(self.env)
                            )[qtype]
                            for qtype in TARGET_TYPES[mapping.target]
                        ),
                    )
                )
            low, high = TARGET_RANGES.get(mapping.target, (None, None))
            if question.question_type == "scale" and low is not None:
                if question.scale_min < low - 1 or question.scale_max > high:
                    raise ValidationError(
                        self.env._(
                            "The scale of question %(question)s goes from %(min)s to "
                            "%(max)s: %(target)s takes %(low)s to %(high)s.",
                            question=question.title,
                            min=question.scale_min,
                            max=question.scale_max,
                            target=target_label,
                            low=low,
                            high=high,
                        )
                    )
            if question.question_type == "simple_choice":
                bad = question.suggested_answer_ids.filtered(
                    lambda a, m=mapping: m._choice_value(a) is None
                )
                if bad:
                    raise ValidationError(
                        self.env._(
                            "Give each choice of question %(question)s the value it "
                            "records in %(target)s (Revisit Value): %(choices)s.",
                            question=question.title,
                            target=target_label,
                            choices=", ".join(bad.mapped("value")),
                        )
                    )

    def _choice_value(self, choice):
        """The value a chosen answer records in the mapped field, or None."""
        self.ensure_one()
        value = (choice.revisit_value or "").strip().lower()
        if self.target == "would_return":
            return value if value in RETURN_VALUES else None
        return self._number_value(parse_number(value))

    def _number_value(self, number):
        if number is None:
            return None
        low, high = TARGET_RANGES[self.target]
        if not low <= number <= high:
            return None
        return str(number) if self.target == "recommend_score" else number

    def _value_from_lines(self, lines):
        """The revisit value of the answer lines to the mapped question, or None
        when the question was skipped or its answer does not fit."""
        self.ensure_one()
        line = lines.filtered(
            lambda ln: ln.question_id == self.question_id and not ln.skipped
        )[:1]
        if not line:
            return None
        if self.target == "guest_suggestions":
            return (line.value_text_box or line.value_char_box or "").strip() or None
        if line.answer_type == "suggestion":
            return self._choice_value(line.suggested_answer_id)
        if line.answer_type == "scale":
            return self._number_value(line.value_scale)
        if line.answer_type == "numerical_box":
            return self._number_value(parse_number(line.value_numerical_box))
        return None
