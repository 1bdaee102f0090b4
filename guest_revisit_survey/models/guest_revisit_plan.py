from odoo import fields, models
from odoo.exceptions import UserError


class GuestRevisitPlan(models.Model):
    _inherit = "guest.revisit.plan"

    survey_sent_count = fields.Integer(
        string="Questionnaires Sent", compute="_compute_survey_counts"
    )
    survey_started_count = fields.Integer(
        string="Questionnaires Started", compute="_compute_survey_counts"
    )
    survey_done_count = fields.Integer(
        string="Questionnaires Answered", compute="_compute_survey_counts"
    )

    def _compute_survey_counts(self):
        groups = self.env["guest.revisit"]._read_group(
            [("plan_id", "in", self.ids), ("survey_state", "!=", "not_sent")],
            ["plan_id", "survey_state"],
            ["__count"],
        )
        counts = {}
        for plan, state, count in groups:
            counts.setdefault(plan, {})[state] = count
        for plan in self:
            by_state = counts.get(plan, {})
            plan.survey_sent_count = sum(by_state.values())
            plan.survey_started_count = by_state.get("started", 0)
            plan.survey_done_count = by_state.get("done", 0)

    def action_send_survey(self):
        """S2: one personal questionnaire per planned revisit of the running plan;
        guests without one are listed as left out in the wizard."""
        self.ensure_one()
        if self.state != "running":
            raise UserError(
                self.env._(
                    "Plan %(plan)s is not running: questionnaires go to the revisits "
                    "of a running plan.",
                    plan=self.name,
                )
            )
        revisits = self.revisit_ids.filtered(lambda r: r.state == "planned")
        return revisits._survey_invite_action(plan=self)

    def action_view_survey_answers(self):
        self.ensure_one()
        return self.revisit_ids.action_view_survey_answers()
