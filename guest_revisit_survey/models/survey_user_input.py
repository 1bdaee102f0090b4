from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models

from odoo.addons.guest_revisit.tools import cron_batch_size


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    revisit_id = fields.Many2one("guest.revisit", index="btree_not_null", readonly=True)
    revisit_remind_at = fields.Datetime(
        string="Reminder Due",
        readonly=True,
        copy=False,
        help="When the guest is reminded, once, if they have not answered.",
    )
    revisit_reminded_at = fields.Datetime(
        string="Reminded On", readonly=True, copy=False
    )
    revisit_applied = fields.Boolean(
        string="Applied to the Revisit",
        readonly=True,
        copy=False,
        help="This answer filled the revisit's scores.",
    )
    revisit_low_answer = fields.Boolean(string="Low Answer", readonly=True, copy=False)

    def _mark_done(self):
        # Only answers completed now: one submitted twice is applied once.
        newly_done = self.filtered(lambda a: a.state != "done" and a.revisit_id)
        res = super()._mark_done()
        newly_done._apply_to_revisits()
        return res

    # ------------------------------------------------------------------
    # Closed loop to the revisit (S2, S3)
    # ------------------------------------------------------------------

    def _apply_to_revisits(self):
        """Fill each revisit from its guest's answer, complete a questionnaire revisit,
        tell its chatter, and follow a low answer up at once."""
        for answer in self:
            # sudo: the guest submits through the public pages; what is written is
            # this answer's own content on the revisit it was sent for. Notes are
            # for the staff, read by many: in the company's language, not the guest's.
            revisit = answer.revisit_id.sudo()._in_chatter_lang()
            applied = revisit.survey_user_input_ids.filtered("revisit_applied")
            if applied or answer.test_entry:
                revisit._post_survey_answer(answer, applied=False)
                continue
            values = answer._revisit_values()
            answer.revisit_applied = True
            revisit.write(values)
            revisit._post_survey_answer(answer, applied=True)
            if revisit.state == "planned" and revisit.method == "questionnaire":
                revisit._complete_from_survey()
            if revisit._is_low_survey_answer():
                answer.revisit_low_answer = True
                revisit._follow_up_low_answer(answer)

    def _revisit_values(self):
        """The revisit fields this answer fills, through its questionnaire's mapping."""
        self.ensure_one()
        values = {}
        lines = self.user_input_line_ids
        for mapping in self.survey_id.revisit_mapping_ids:
            value = mapping._value_from_lines(lines)
            if value is not None:
                values[mapping.target] = value
        return values

    def _revisit_summary(self):
        """The answer as an HTML list of questions and answers, for the chatter."""
        self.ensure_one()
        rows = []
        for question in self.predefined_question_ids.filtered(lambda q: not q.is_page):
            lines = self.user_input_line_ids.filtered(
                lambda ln, q=question: ln.question_id == q
            )
            if not lines or all(lines.mapped("skipped")):
                continue
            rows.append(
                Markup("<li>%s: <b>%s</b></li>")
                % (
                    escape(question.title),
                    escape(", ".join(str(ln.display_name) for ln in lines)),
                )
            )
        return Markup("<ul>%s</ul>") % Markup("").join(rows) if rows else Markup("")

    # ------------------------------------------------------------------
    # Reminder (S2)
    # ------------------------------------------------------------------

    def _set_revisit_reminder(self):
        for answer in self:
            days = answer.revisit_id.company_id.revisit_survey_reminder_days or 1
            answer.revisit_remind_at = fields.Datetime.now() + timedelta(days=days)

    @api.model
    def _cron_remind_revisit_guests(self):
        """Remind, once, each guest who has not answered by the reminder date while
        their questionnaire is still open; a guest who no longer consents is not.
        In batches: inside a cron job each batch is committed with its progress,
        and a job run again after a crash goes on with the guests not reminded yet.
        Returns the answers whose guest was reminded."""
        batch_size = cron_batch_size(self.env)
        in_cron = bool(self.env.context.get("cron_id"))
        Cron = self.env["ir.cron"]
        now = fields.Datetime.now()
        domain = [
            ("revisit_id", "!=", False),
            ("state", "!=", "done"),
            ("revisit_remind_at", "<=", now),
            ("revisit_reminded_at", "=", False),
            "|",
            ("deadline", "=", False),
            ("deadline", ">", now),
        ]
        if in_cron:
            Cron._commit_progress(remaining=self.search_count(domain))
        reminded = self.browse()
        # Each batch is marked reminded, so the next search finds the rest.
        while answers := self.search(domain, order="id", limit=batch_size):
            reminded |= answers._remind_revisit_guests(now)
            if in_cron and not Cron._commit_progress(len(answers)):
                break  # out of time: ir.cron runs the job again for the rest
        return reminded

    def _remind_revisit_guests(self, now):
        """Mark these answers reminded and mail the guests who may be contacted,
        with one note per revisit in its company's language. Returns the answers
        whose guest was reminded."""
        self.revisit_reminded_at = now
        template = self.env.ref(
            "guest_revisit_survey.mail_template_revisit_survey_reminder",
            raise_if_not_found=False,
        )
        if not template:
            return self.browse()
        refusals = self.partner_id._guest_contact_refusals("questionnaire")
        to_remind = self.filtered(
            lambda a: (
                a.revisit_id.state != "cancelled" and not refusals.get(a.partner_id)
            )
        )
        if not to_remind:
            return to_remind
        template.send_mail_batch(
            to_remind.ids, email_layout_xmlid="mail.mail_notification_light"
        )
        # The cron's note is read by many: in the company's language.
        by_lang = to_remind.grouped(lambda a: a.revisit_id._in_chatter_lang().env.lang)
        for lang, answers in by_lang.items():
            in_lang = answers.with_context(lang=lang)
            bodies = defaultdict(list)
            for answer in answers:
                bodies[answer.revisit_id.id].append(
                    in_lang.env._(
                        "Questionnaire reminder sent to %(guest)s.",
                        guest=answer.partner_id.name,
                    )
                )
            answers.revisit_id._message_log_batch(
                bodies={
                    revisit_id: Markup("<br/>").join(texts)
                    for revisit_id, texts in bodies.items()
                },
            )
        return to_remind
