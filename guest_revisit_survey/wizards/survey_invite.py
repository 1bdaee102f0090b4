from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime


class SurveyInvite(models.TransientModel):
    """Send a revisit questionnaire through Survey's own invitation (S2): one personal
    answer per consenting guest, linked to the guest's revisit."""

    _inherit = "survey.invite"

    revisit_ids = fields.Many2many(
        "guest.revisit",
        "survey_invite_guest_revisit_rel",
        "invite_id",
        "revisit_id",
        string="Revisits",
    )
    revisit_plan_id = fields.Many2one("guest.revisit.plan")
    # Set by the revisit and plan buttons: Survey's own invitations (whose users may
    # not read revisits) never touch the revisit fields.
    is_revisit_invite = fields.Boolean()
    revisit_recipient_ids = fields.Many2many(
        "res.partner",
        compute="_compute_revisit_recipients",
        string="Guests to Invite",
    )
    revisit_left_out = fields.Text(
        string="Left Out", compute="_compute_revisit_recipients"
    )

    @api.depends("revisit_ids", "revisit_plan_id")
    def _compute_revisit_recipients(self):
        self.revisit_recipient_ids = False
        self.revisit_left_out = False
        for invite in self.filtered("is_revisit_invite"):
            sendable, reasons = invite._revisit_recipients()
            invite.revisit_recipient_ids = sendable.partner_id
            invite.revisit_left_out = "\n".join(reasons) or False

    def _revisit_recipients(self):
        """The revisits whose guest gets the questionnaire, and why the others
        do not."""
        self.ensure_one()
        sendable = self.env["guest.revisit"]
        reasons = []
        for revisit in self.revisit_ids:
            refusal = revisit._survey_refusal()
            if refusal:
                reasons.append(refusal)
            else:
                sendable |= revisit
        plan = self.revisit_plan_id
        if plan:
            planned = plan.revisit_ids.filtered(lambda r: r.state == "planned")
            for guest in plan.partner_ids - planned.partner_id:
                reasons.append(
                    guest._guest_contact_refusal("questionnaire")
                    or self.env._(
                        "%(guest)s has no planned revisit in this plan.",
                        guest=guest.name,
                    )
                )
        return sendable, reasons

    # ------------------------------------------------------------------

    def action_invite(self):
        self.ensure_one()
        if not self.is_revisit_invite:
            return super().action_invite()
        if self.survey_id.survey_type != "guest_revisit":
            raise UserError(
                self.env._(
                    "Questionnaire %(survey)s is not a guest revisit questionnaire.",
                    survey=self.survey_id.title,
                )
            )
        self.survey_id.check_validity()
        sendable, reasons = self._revisit_recipients()
        if not sendable:
            raise UserError(
                self.env._(
                    "No guest can be sent the questionnaire.\n%(reasons)s",
                    reasons="\n".join(reasons),
                )
            )
        if self.revisit_plan_id and reasons:
            self.revisit_plan_id._post_left_out(reasons)
        self.partner_ids = sendable.partner_id
        self.emails = False
        return super(
            SurveyInvite, self.with_context(revisit_send_ids=sendable.ids)
        ).action_invite()

    def _prepare_answers(self, partners, emails):
        revisit_ids = self.env.context.get("revisit_send_ids")
        if not revisit_ids:
            return super()._prepare_answers(partners, emails)
        revisits = self.env["guest.revisit"].browse(revisit_ids)
        # sudo: revisit staff are not survey users; they may send the questionnaire to
        # the guests of revisits they can read (checked above), one answer each.
        survey_sudo = self.survey_id.sudo()
        answers = self.env["survey.user_input"]
        for revisit in revisits:
            answer = revisit.survey_user_input_ids.filtered(
                lambda a, s=survey_sudo: a.survey_id == s and a.state != "done"
            ).sorted("create_date", reverse=True)[:1]
            if answer and self.existing_mode == "resend":
                answer.sudo().deadline = self.deadline
            else:
                answer = survey_sudo._create_answer(
                    partner=revisit.partner_id,
                    check_attempts=False,
                    revisit_id=revisit.id,
                    **self._get_answers_values(),
                ).with_env(self.env)
            answer.sudo()._set_revisit_reminder()
            revisit.survey_id = self.survey_id
            answers |= answer
        return answers

    def _send_mail(self, answer):
        mail = super()._send_mail(answer)
        if answer.revisit_id:
            # The mail is in the guest's language, the note in the sender's.
            staff = self.with_context(lang=self.env.user.lang)
            answer.revisit_id.with_context(lang=self.env.user.lang).message_post(
                body=Markup("<p>%s</p>")
                % staff.env._(
                    "Questionnaire %(survey)s sent to %(guest)s, to answer by "
                    "%(deadline)s.",
                    survey=self.survey_id.with_env(staff.env).title,
                    guest=answer.partner_id.name,
                    deadline=format_datetime(staff.env, answer.deadline)
                    if answer.deadline
                    else "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return mail
