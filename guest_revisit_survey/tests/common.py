from odoo.tests import Form

from odoo.addons.guest_revisit.tests.common import TestGuestRevisitCommon

# The shipped questionnaire's questions, by the revisit field each one fills.
QUESTIONS = {
    "score_service": "q_service",
    "score_product": "q_product",
    "score_price": "q_price",
    "score_information": "q_information",
    "score_overall": "q_overall",
    "would_return": "q_return",
    "recommend_score": "q_recommend",
    "guest_suggestions": "q_suggestions",
}
SATISFIED = {
    "score_service": 5,
    "score_product": 4,
    "score_price": 3,
    "score_information": 4,
    "score_overall": 5,
    "would_return": "yes",
    "recommend_score": 9,
    "guest_suggestions": "More family tours, please.",
}
LOW = dict(SATISFIED, score_overall=1, recommend_score=3, would_return="no")


class TestRevisitSurveyCommon(TestGuestRevisitCommon):
    """The shipped questionnaire, a questionnaire revisit of the common guest and
    helpers to send it and answer it as Survey's controllers do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("guest_revisit_survey.survey_guest_satisfaction")
        cls.questions = {
            target: cls.env.ref(f"guest_revisit_survey.survey_guest_satisfaction_{q}")
            for target, q in QUESTIONS.items()
        }
        cls.company.write(
            {
                "revisit_survey_id": cls.survey.id,
                "revisit_survey_low_overall": 2,
                "revisit_survey_low_recommend": 6,
                "revisit_survey_deadline_days": 14,
                "revisit_survey_reminder_days": 5,
            }
        )
        # Staff read chatter notes in English here; guests get mails in their language.
        cls.env["res.lang"]._activate_lang("en_US")
        (cls.user_staff | cls.user_desk_manager | cls.user_staff_other).write(
            {"lang": "en_US"}
        )
        cls.user_desk_manager.email = "desk.manager@example.com"
        cls.user_staff.email = "staff@example.com"
        cls.guest_2 = cls.env["res.partner"].create(
            {"name": "Wang Fang", "email": "wang.fang@example.com", "lang": "en_US"}
        )
        cls.revisit = cls._create_revisit(method="questionnaire")

    # ------------------------------------------------------------------

    def _invite(self, records, user=None):
        """The Send Questionnaire wizard of a revisit or a plan, as it opens."""
        records = records.with_user(user) if user else records
        action = records.action_send_survey()
        return Form(
            self.env["survey.invite"]
            .with_user(user or self.env.user)
            .with_context(**action["context"]),
            view=action["views"][0][0],
        ).save()

    def _send(self, records, user=None):
        invite = self._invite(records, user=user)
        invite.action_invite()
        return invite

    def _post_values(self, values):
        """What the survey page posts, by question, for revisit-field values."""
        post = {}
        for target, value in values.items():
            question = self.questions[target]
            if target == "would_return":
                choice = question.suggested_answer_ids.filtered(
                    lambda a, v=value: a.revisit_value == v
                )
                post[question] = str(choice.id)
            else:
                post[question] = str(value)
        return post

    def _answer(self, answer, values):
        """Save the answers and complete, as /survey/submit does for a one-page
        questionnaire (the HTTP tests go through the controller itself)."""
        answer = answer.sudo()
        answer._mark_in_progress()
        for question, value in self._post_values(values).items():
            answer._save_lines(question, value)
        answer._mark_done()
        return answer
