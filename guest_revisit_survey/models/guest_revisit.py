from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

SURVEY_STATES = [
    ("not_sent", "Not Sent"),
    ("sent", "Sent"),
    ("started", "Started"),
    ("done", "Answered"),
]


class GuestRevisit(models.Model):
    _inherit = "guest.revisit"

    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        readonly=True,
        copy=False,
        index="btree_not_null",
        domain="[('survey_type', '=', 'guest_revisit')]",
    )
    survey_user_input_ids = fields.One2many(
        "survey.user_input", "revisit_id", string="Questionnaire Answers"
    )
    survey_state = fields.Selection(
        SURVEY_STATES,
        string="Questionnaire Status",
        compute="_compute_survey_state",
        store=True,
        help="Not sent, sent (not opened yet), started or answered by the guest.",
    )
    survey_answer_count = fields.Integer(
        string="Answers", compute="_compute_survey_answer_count"
    )

    @api.depends("survey_user_input_ids.state")
    def _compute_survey_state(self):
        for revisit in self:
            states = set(revisit.survey_user_input_ids.mapped("state"))
            if "done" in states:
                revisit.survey_state = "done"
            elif "in_progress" in states:
                revisit.survey_state = "started"
            elif states:
                revisit.survey_state = "sent"
            else:
                revisit.survey_state = "not_sent"

    def _compute_survey_answer_count(self):
        counts = dict(
            self.env["survey.user_input"]._read_group(
                [("revisit_id", "in", self.ids)], ["revisit_id"], ["__count"]
            )
        )
        for revisit in self:
            revisit.survey_answer_count = counts.get(revisit, 0)

    # ------------------------------------------------------------------
    # Sending (S2)
    # ------------------------------------------------------------------

    def action_send_survey(self):
        return self._survey_invite_action()

    def _survey_invite_action(self, plan=None):
        company = (plan or self[:1]).company_id or self.env.company
        survey = self._default_revisit_survey(company)
        if not survey:
            raise UserError(
                self.env._(
                    "Choose the revisit questionnaire in the Guest Revisit settings "
                    "first."
                )
            )
        survey.check_validity()
        template = self.env.ref(
            "guest_revisit_survey.mail_template_revisit_survey_invite",
            raise_if_not_found=False,
        )
        context = {
            "default_survey_id": survey.id,
            "default_is_revisit_invite": True,
            "default_revisit_ids": [(6, 0, self.ids)],
            "default_revisit_plan_id": plan.id if plan else False,
            "default_template_id": template.id if template else False,
            "default_email_layout_xmlid": "mail.mail_notification_light",
            "default_send_email": True,
            "default_deadline": fields.Datetime.now()
            + timedelta(days=company.revisit_survey_deadline_days or 14),
        }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Questionnaire"),
            "res_model": "survey.invite",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "guest_revisit_survey.survey_invite_view_form_revisit"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
            "context": context,
        }

    @api.model
    def _default_revisit_survey(self, company):
        survey = company.revisit_survey_id or self.env.ref(
            "guest_revisit_survey.survey_guest_satisfaction", raise_if_not_found=False
        )
        return survey if survey and survey.active else self.env["survey.survey"]

    def _survey_refusal(self):
        """Why this revisit's guest cannot be sent a questionnaire, or ''."""
        self.ensure_one()
        refusal = self.partner_id._guest_contact_refusal("questionnaire")
        if refusal:
            return refusal
        if self.state != "planned":
            return self.env._(
                "%(guest)s: revisit %(number)s is %(state)s, not planned.",
                guest=self.partner_id.name,
                number=self.number,
                state=dict(self._fields["state"]._description_selection(self.env)).get(
                    self.state
                ),
            )
        if self.survey_state == "done":
            return self.env._(
                "%(guest)s already answered the questionnaire of revisit %(number)s.",
                guest=self.partner_id.name,
                number=self.number,
            )
        if not self.partner_id.email:
            return self.env._(
                "%(guest)s has no e-mail address.", guest=self.partner_id.name
            )
        return ""

    def action_view_survey_answers(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "survey.action_survey_user_input"
        )
        action["domain"] = [("revisit_id", "in", self.ids)]
        action["context"] = {"create": False}
        answers = self.survey_user_input_ids
        if len(answers) == 1:
            action["views"] = [(False, "form")]
            action["view_mode"] = "form"
            action["res_id"] = answers.id
        return action

    # ------------------------------------------------------------------
    # Answer received (S2, S3)
    # ------------------------------------------------------------------

    def _post_survey_answer(self, answer, applied):
        self.ensure_one()
        if applied:
            intro = self.env._(
                "%(guest)s answered the questionnaire %(survey)s; the scores are "
                "filled from the answer.",
                guest=answer.partner_id.name or answer.email or "",
                survey=answer.survey_id.title,
            )
        else:
            intro = self.env._(
                "%(guest)s answered the questionnaire %(survey)s again; the revisit "
                "keeps the scores of the first answer.",
                guest=answer.partner_id.name or answer.email or "",
                survey=answer.survey_id.title,
            )
        self.message_post(
            body=Markup("<p>%s %s</p>%s")
            % (intro, answer._get_html_link(), answer._revisit_summary()),
            author_id=self.env.ref("base.partner_root").id,
            subtype_xmlid="mail.mt_note",
        )

    def _complete_from_survey(self):
        """A questionnaire revisit is done once its guest answered."""
        self.ensure_one()
        if not self.outcome:
            self.outcome = "reached"
        try:
            with self.env.cr.savepoint():
                self.action_done()
        except UserError as error:
            # The guest's answer is kept whatever the record still lacks: staff
            # complete it by hand.
            self.message_post(
                body=self.env._(
                    "The answer could not complete the revisit: %(error)s",
                    error=error.args[0],
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _is_low_survey_answer(self):
        self.ensure_one()
        company = self.company_id
        overall = company.revisit_survey_low_overall
        recommend = company.revisit_survey_low_recommend
        if overall and 0 < self.score_overall <= overall:
            return True
        return bool(
            self.recommend_score
            and recommend >= 0
            and int(self.recommend_score) <= recommend
        )

    def _low_answer_manager(self):
        """The complaint desk manager to follow a low answer up: the manager of the
        complaint's department, else of the revisit's, else a desk manager of the
        company."""
        self.ensure_one()
        manager = (
            self.complaint_id.department_id.manager_id.user_id
            or self.department_id.manager_id.user_id
        )
        if manager:
            return manager[:1]
        # sudo: only to choose whom to alert among the users of a group.
        desk_managers = (
            self.env.ref("guest_revisit.group_revisit_desk_manager")
            .sudo()
            .all_user_ids.filtered(
                lambda u: self.company_id in u.company_ids and not u.share
            )
        )
        return desk_managers.sorted("id")[:1] or self.user_id

    def _follow_up_low_answer(self, answer):
        """S3: at once, an activity for the desk manager, and the source complaint
        reopened with the answer linked."""
        self.ensure_one()
        manager = self._low_answer_manager()
        summary = self._low_answer_summary()
        # The activity is the desk manager's: in their language.
        reader = self.with_context(lang=manager.lang or self.env.lang)
        note = Markup("<p>%s %s</p>%s") % (
            reader.env._("Follow the guest up:"),
            answer._get_html_link(),
            answer._revisit_summary(),
        )
        self.activity_schedule(
            "guest_revisit_survey.mail_act_revisit_low_answer",
            summary=reader._low_answer_summary(),
            note=note,
            user_id=manager.id,
        )
        complaint = self.complaint_id
        if complaint.state not in ("resolved", "closed"):
            return
        complaint.action_reopen()
        complaint.message_post(
            body=Markup("<p>%s %s</p>%s")
            % (
                self.env._(
                    "Reopened by the questionnaire answer of revisit %(number)s: "
                    "%(summary)s.",
                    number=self.number,
                    summary=summary,
                ),
                answer._get_html_link(),
                answer._revisit_summary(),
            ),
            subtype_xmlid="mail.mt_comment",
            partner_ids=complaint.user_id.partner_id.ids,
        )

    def _low_answer_summary(self):
        return self.env._(
            "Low questionnaire answer: overall %(overall)s/5, recommend %(rec)s/10",
            overall=self.score_overall or "-",
            rec=self.recommend_score or "-",
        )
