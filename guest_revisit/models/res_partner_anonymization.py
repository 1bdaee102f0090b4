from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..tools import GuestScrubber

# How anonymising treats a field: CLEAR empties it, ERASE puts the placeholder in
# place of a filled value (empty stays empty: counts of filled values do not move),
# SCRUB replaces the guest's identifiers (and the erased words quoted) inside it.
CLEAR, ERASE, SCRUB = "clear", "erase", "scrub"
# Erased texts at least this long are also scrubbed where they are quoted (a revisit
# report's summary of problems and suggestions).
MIN_QUOTE_LENGTH = 6
# The writes of the anonymisation itself carry this object in their context; a
# caller over RPC can put any JSON value in a context, never this object.
_ANONYMIZATION = object()
_ANONYMIZATION_KEY = "guest_revisit_anonymization"
ANONYMIZATION_FIELDS = ("guest_anonymized", "guest_anonymized_at")
RETENTION_FIELDS = ("guest_retention_notice_date",)
DESK_MANAGER = "guest_revisit.group_revisit_desk_manager"
# The office sees the guests the retention cron is about to anonymise.
RETENTION_GROUPS = (
    "guest_revisit.group_revisit_office,guest_revisit.group_revisit_desk_manager"
)
# Guests found past the retention period are anonymised this many days later, once
# the office could see them in the preview.
RETENTION_GRACE_DAYS = 30
RETENTION_BATCH = 50

# The partner's own data, emptied; its name becomes "Anonymised guest <id>".
PARTNER_FIELDS = (
    "email",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "vat",
    "website",
    "function",
    "comment",
    "company_name",
    "image_1920",
)
# Mails to and from the guest lose their content; the others (staff's notes) keep
# theirs, with the guest's identifiers scrubbed.
GUEST_MAIL_FIELDS = {
    "subject": ERASE,
    "body": ERASE,
    "email_from": CLEAR,
    "reply_to": CLEAR,
    "incoming_email_to": CLEAR,
    "incoming_email_cc": CLEAR,
    "outgoing_email_to": CLEAR,
}
OTHER_MESSAGE_FIELDS = dict.fromkeys(GUEST_MAIL_FIELDS, SCRUB)
MAIL_FIELDS = {
    "body_html": ERASE,
    "email_to": CLEAR,
    "email_cc": CLEAR,
    "headers": CLEAR,
    "failure_reason": SCRUB,
}
TRACKING_VALUE_FIELDS = dict.fromkeys(
    ("old_value_char", "new_value_char", "old_value_text", "new_value_text"), SCRUB
)
ACTIVITY_FIELDS = dict.fromkeys(("res_name", "summary", "note", "feedback"), SCRUB)


class ResPartner(models.Model):
    """Anonymisation of guests, on their request (PIPL art. 47) or past the company's
    retention period: their personal data and their own words go from the partner,
    from every record of ours and from the mails, while dates, categories, scores,
    departments, employees and amounts stay, so that every figure is unchanged."""

    _inherit = "res.partner"

    guest_anonymized = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        help="The guest's personal data was erased: what remains are the facts the "
        "figures count.",
    )
    guest_anonymized_at = fields.Datetime(
        string="Anonymised On", readonly=True, copy=False
    )
    guest_retention_notice_date = fields.Date(
        string="Past Retention Since",
        readonly=True,
        copy=False,
        groups=RETENTION_GROUPS,
        help="When the retention cron found the guest past the company's retention "
        "period; it anonymises them after the grace period unless they come back.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_anonymization_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_anonymization_write(vals)
        return super().write(vals)

    def _check_anonymization_write(self, vals):
        """Only the anonymisation and the retention cron set their marks: a raw write
        cannot pretend a guest was anonymised."""
        if self.env.context.get(_ANONYMIZATION_KEY) is _ANONYMIZATION:
            return
        if set(vals) & set(ANONYMIZATION_FIELDS + RETENTION_FIELDS):
            raise AccessError(
                self.env._(
                    "Guests are anonymised through the anonymisation wizard only."
                )
            )

    def action_guest_anonymize(self):
        self._check_guest_anonymize_rights()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Anonymise Guest"),
            "res_model": "guest.revisit.anonymize.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    @api.model
    def action_view_guest_retention_preview(self):
        """The guests the retention cron takes: found past their retention period,
        anonymised once the grace period is over."""
        self._check_retention_preview_rights()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit.res_partner_action_guest_retention_preview"
        )
        action["domain"] = [("id", "in", self._guest_retention_preview().ids)]
        return action

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------

    def _check_guest_anonymize_rights(self):
        if self.env.su or self.env.user.has_group(DESK_MANAGER):
            return
        raise AccessError(
            self.env._(
                "Only complaint desk managers and administrators anonymise guests."
            )
        )

    def _check_retention_preview_rights(self):
        if self.env.su or self.env.user.has_groups(RETENTION_GROUPS):
            return
        raise AccessError(
            self.env._(
                "Only the office, desk managers and administrators see the guests "
                "past their retention period."
            )
        )

    # ------------------------------------------------------------------
    # What anonymising takes: addons extend these two
    # ------------------------------------------------------------------

    def _guest_anonymization_scope(self):
        """``{model name: records}`` of ours that hold these guests' data, read as
        superuser: whoever anonymises, nothing of the guest may stay behind."""
        # sudo: the scope is every record of the guest, whatever the user may read;
        # the rights were checked before.
        env = self.sudo().with_context(active_test=False).env
        complaints = env["guest.complaint"].search([("partner_id", "in", self.ids)])
        revisits = env["guest.revisit"].search([("partner_id", "in", self.ids)])
        return {
            "guest.complaint": complaints,
            "guest.revisit": revisits,
            "guest.revisit.guest.profile": env["guest.revisit.guest.profile"].search(
                [("partner_id", "in", self.ids)]
            ),
            "guest.revisit.staff.note": env["guest.revisit.staff.note"].search(
                [("revisit_id", "in", revisits.ids)]
            ),
            "guest.revisit.report": env["guest.revisit.report"].search(
                [("revisit_ids", "in", revisits.ids)]
            ),
            "guest.revisit.plan": env["guest.revisit.plan"].search(
                [("partner_ids", "in", self.ids)]
            ),
            "calendar.event": revisits.calendar_event_id,
        }

    @api.model
    def _guest_anonymization_fields(self):
        """``{model name: {field: CLEAR | ERASE | SCRUB}}``: what anonymising does to
        each field of the records of the scope. Fields not named keep their value:
        dates, categories, scores, departments, employees, amounts."""
        guest_words = dict.fromkeys(
            (
                "product_needs",
                "usage_requirements",
                "service_evaluation",
                "dissatisfaction_reason",
                "overall_evaluation",
                "guest_suggestions",
                "business_opportunity",
                "problem_description",
                "decline_reason",
                "guest_signature",
            ),
            ERASE,
        )
        return {
            "guest.complaint": {
                "contact_phone": CLEAR,
                "contact_email": CLEAR,
                "insurance_claim_number": CLEAR,
                "description": ERASE,
                "name": SCRUB,
                "other_persons": SCRUB,
                "concerns": SCRUB,
                "root_cause": SCRUB,
                "corrective_action": SCRUB,
                "improvement_measures": SCRUB,
                "revisit_waiver_reason": SCRUB,
            },
            "guest.revisit": {
                **guest_words,
                "signed_by": CLEAR,
                "appointment_location": CLEAR,
                "visit_location": CLEAR,
                "review_comment": SCRUB,
            },
            "guest.revisit.guest.profile": {
                "special_needs": ERASE,
                "preferred_contact_times": ERASE,
                "do_not_contact_reason": ERASE,
            },
            "guest.revisit.staff.note": {"note": SCRUB},
            "guest.revisit.report": {
                "name": SCRUB,
                "issues_summary": SCRUB,
                "evaluation": SCRUB,
                "review_comment": SCRUB,
            },
            "guest.revisit.plan": {
                "name": SCRUB,
                "content": SCRUB,
                "preparation_sheet": SCRUB,
            },
            "calendar.event": {"name": SCRUB, "description": SCRUB, "location": SCRUB},
        }

    # ------------------------------------------------------------------
    # Anonymisation
    # ------------------------------------------------------------------

    def _guest_anonymization_counts(self, scope=None):
        """What anonymising these guests takes: ``{complaints, revisits, answers,
        attachments, messages, records}``."""
        scope = scope if scope is not None else self._guest_anonymization_scope()
        return {
            "complaints": len(scope.get("guest.complaint", [])),
            "revisits": len(scope.get("guest.revisit", [])),
            "answers": len(scope.get("survey.user_input", [])),
            "attachments": len(self._guest_attachments(scope)),
            "messages": len(self._guest_messages(scope)),
            "records": sum(len(records) for records in scope.values()),
        }

    def _guest_open_complaints(self):
        # sudo: the refusal names every open complaint of the guest.
        return (
            self.env["guest.complaint"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("is_closed", "=", False)])
        )

    def _guest_anonymize(self, reason, force=False, source="request"):
        """Anonymise these guests, irreversibly, and log it. Refused while a guest has
        an open complaint, unless a desk manager forces it with a reason. Guests
        anonymised before are left as they are. Returns the logs."""
        self._check_guest_anonymize_rights()
        partners = self.filtered(lambda p: not p.guest_anonymized)
        if not partners:
            return self.env["guest.revisit.anonymization.log"]
        open_complaints = partners._guest_open_complaints()
        if open_complaints and not force:
            raise UserError(
                self.env._(
                    "%(guests)s still have open complaints (%(numbers)s): close them "
                    "first, or force the anonymisation with a reason.",
                    guests=", ".join(open_complaints.partner_id.mapped("display_name")),
                    numbers=", ".join(open_complaints.mapped("number")),
                )
            )
        if open_complaints and not (reason or "").strip():
            raise UserError(
                self.env._("Say why the guest is anonymised despite open complaints.")
            )
        Log = self.env["guest.revisit.anonymization.log"]
        log_vals = []
        for partner in partners:
            scope = partner._guest_anonymization_scope()
            counts = partner._guest_anonymization_counts(scope)
            partner._guest_erase(scope)
            log_vals.append(
                {
                    "partner_id": partner.id,
                    "partner_ref": partner.id,
                    "user_id": self.env.user.id,
                    "source": source,
                    "reason": reason,
                    "forced": partner in open_complaints.partner_id,
                    "complaint_count": counts["complaints"],
                    "revisit_count": counts["revisits"],
                    "answer_count": counts["answers"],
                    "attachment_count": counts["attachments"],
                    "message_count": counts["messages"],
                    "record_count": counts["records"],
                }
            )
        # sudo: the log is written by the anonymisation only; nobody writes it by hand.
        return Log.sudo().create(log_vals).sudo(False)

    def _guest_erase(self, scope):
        """Erase this guest's data from the scope's records, their messages and mails,
        their attachments and the partner."""
        self.ensure_one()
        # sudo: every record of the guest goes, whatever the user may read; the
        # workflow lets the superuser correct closed records, as this must.
        partner = self.sudo().with_context(
            tracking_disable=True,
            mail_notrack=True,
            active_test=False,
            **{_ANONYMIZATION_KEY: _ANONYMIZATION},
        )
        company = self.company_id or self.env.company
        lang_env = partner.with_context(lang=company._chatter_lang()).env
        placeholder = lang_env._("[anonymised]")
        scrubber = GuestScrubber(partner, placeholder)
        spec = self._guest_anonymization_fields()
        scope = {
            model: records.with_env(partner.env) for model, records in scope.items()
        }
        scrubber.add_quotes(self._guest_erased_quotes(scope, spec))
        messages = partner._guest_messages(scope)
        attachments = partner._guest_attachments(scope, messages)
        # The documents go; field attachments (signatures, the avatar) follow their
        # fields below.
        attachments.filtered(lambda a: not a.res_field).unlink()
        for model, records in scope.items():
            self._guest_rewrite(records, spec.get(model, {}), scrubber)
        self._guest_erase_mails(partner, messages, scrubber, spec)
        partner_vals = {
            fname: False
            for fname in PARTNER_FIELDS
            if fname in partner._fields and partner[fname]
        }
        partner_vals["name"] = lang_env._("Anonymised guest %(ref)s", ref=partner.id)
        partner_vals.update(
            guest_anonymized=True,
            guest_anonymized_at=fields.Datetime.now(),
            guest_retention_notice_date=False,
        )
        partner.write(partner_vals)
        # Their portal access goes with their e-mail address, the login.
        partner.user_ids.write({"login": f"anonymised-{partner.id}", "active": False})

    def _guest_erased_quotes(self, scope, spec):
        """The erased texts that other records may quote."""
        quotes = []
        for model, records in scope.items():
            for fname, mode in spec.get(model, {}).items():
                if mode != ERASE or records._fields[fname].type not in ("char", "text"):
                    continue
                quotes.extend(
                    value
                    for value in records.mapped(fname)
                    if value and len(value.strip()) >= MIN_QUOTE_LENGTH
                )
        return quotes

    @api.model
    def _guest_rewrite(self, records, modes, scrubber):
        """Write what anonymising gives each field of these records."""
        if not records or not modes:
            return
        modes = {f: m for f, m in modes.items() if f in records._fields}
        for record in records:
            vals = {}
            for fname, mode in modes.items():
                field = records._fields[fname]
                value = record[fname]
                if not value:
                    continue
                if mode == CLEAR:
                    new = False
                elif mode == ERASE:
                    new = scrubber.erase(field, value)
                else:
                    new = scrubber.scrub(value, html=field.type == "html")
                if new != value:
                    vals[fname] = new
            if vals:
                record.write(vals)

    def _guest_messages(self, scope):
        """The messages on the guest and on the scope's records, and the mails the
        guest sent or was sent anywhere."""
        domains = [
            Domain("model", "=", model) & Domain("res_id", "in", records.ids)
            for model, records in scope.items()
            if records
        ]
        domains += [
            Domain("model", "=", "res.partner") & Domain("res_id", "in", self.ids),
            Domain("author_id", "in", self.ids),
            Domain("partner_ids", "in", self.ids),
        ]
        # sudo: every message of the guest, whoever may read it.
        return self.env["mail.message"].sudo().search(Domain.OR(domains))

    def _guest_attachments(self, scope, messages=None):
        messages = messages if messages is not None else self._guest_messages(scope)
        domains = [
            Domain("res_model", "=", model) & Domain("res_id", "in", records.ids)
            for model, records in scope.items()
            if records
        ]
        domains.append(
            Domain("res_model", "=", "res.partner") & Domain("res_id", "in", self.ids)
        )
        # Field attachments (signatures) too: a search leaves them out unless asked.
        field_attachments = Domain("res_field", "!=", False) | Domain(
            "res_field", "=", False
        )
        # sudo: every attachment of the guest's records, whoever may read it.
        Attachment = self.env["ir.attachment"].sudo()
        return Attachment.search(Domain.OR(domains) & field_attachments) | (
            messages.sudo().attachment_ids
        )

    def _guest_erase_mails(self, partner, messages, scrubber, spec):
        """Mails to and from the guest lose their content; staff's notes lose the
        guest's identifiers; tracking values of erased fields lose their values."""
        env = partner.env

        def is_guest_mail(message):
            return bool(
                message.author_id & partner
                or message.partner_ids & partner
                or scrubber.contains(message.email_from)
            )

        guest_mails = messages.filtered(is_guest_mail)
        self._guest_rewrite(guest_mails, GUEST_MAIL_FIELDS, scrubber)
        self._guest_rewrite(messages - guest_mails, OTHER_MESSAGE_FIELDS, scrubber)
        mails = env["mail.mail"].search(
            Domain("mail_message_id", "in", messages.ids)
            | Domain("recipient_ids", "in", partner.ids)
        )
        self._guest_rewrite(mails, MAIL_FIELDS, scrubber)
        notifications = env["mail.notification"].search(
            [("res_partner_id", "in", partner.ids)]
        )
        self._guest_rewrite(
            notifications,
            {"mail_email_address": CLEAR, "failure_reason": SCRUB},
            scrubber,
        )
        trackings = env["mail.tracking.value"].search(
            [("mail_message_id", "in", messages.ids)]
        )
        erased = {
            (model, fname)
            for model, modes in spec.items()
            for fname, mode in modes.items()
            if mode in (CLEAR, ERASE)
        }
        for tracking in trackings:
            message = tracking.mail_message_id
            if (message.model, tracking.field_id.name) in erased:
                self._guest_rewrite(
                    tracking, dict.fromkeys(TRACKING_VALUE_FIELDS, CLEAR), scrubber
                )
            else:
                self._guest_rewrite(tracking, TRACKING_VALUE_FIELDS, scrubber)
        activity_domains = [
            Domain("res_model", "=", model) & Domain("res_id", "in", records.ids)
            for model, records in self._guest_mail_scope(partner, messages).items()
        ]
        if activity_domains:
            activities = env["mail.activity"].search(Domain.OR(activity_domains))
            self._guest_rewrite(activities, ACTIVITY_FIELDS, scrubber)

    @api.model
    def _guest_mail_scope(self, partner, messages):
        """``{model: records}`` the messages are on, for their activities."""
        scope = {}
        for message in messages.filtered(lambda m: m.model and m.res_id):
            scope.setdefault(message.model, self.env[message.model].browse())
            scope[message.model] |= self.env[message.model].browse(message.res_id)
        return scope

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    @api.model
    def _guest_retention_due(self):
        """Guests past the retention period: every company that holds records of
        theirs keeps guests a number of years, and the last activity of the guest in
        each is older than that. Guests with open complaints and guests anonymised
        before are left out."""
        # sudo: the retention is the companies' rule, whoever runs it.
        env = self.sudo().with_context(active_test=False).env
        now = fields.Datetime.now()
        last = {}
        for model, dates in (
            ("guest.complaint", ("received_at",)),
            ("guest.revisit", ("scheduled_at", "done_at")),
        ):
            groups = env[model]._read_group(
                [("partner_id", "!=", False)],
                ["partner_id", "company_id"],
                [f"{fname}:max" for fname in dates],
            )
            for partner, company, *moments in groups:
                key = (partner.id, company.id)
                last[key] = max(
                    [m for m in moments if m] + [last.get(key, datetime.min)]
                )
        companies = env["res.company"].browse({company for _p, company in last})
        cutoff = {
            company.id: company.guest_retention_years
            and now - relativedelta(years=company.guest_retention_years)
            for company in companies
        }
        candidates = {partner for partner, _c in last}
        for (partner, company), moment in last.items():
            if not cutoff[company] or moment >= cutoff[company]:
                candidates.discard(partner)
        partners = env["res.partner"].browse(candidates)
        partners = partners.filtered(lambda p: not p.guest_anonymized)
        return partners - partners._guest_open_complaints().partner_id

    @api.model
    def _guest_retention_preview(self):
        """The guests the retention cron will anonymise: found past their retention
        period and still so. What the cron takes is this list, once each guest's
        grace period is over."""
        # sudo: the marks are read whatever the user's groups on the field.
        marked = (
            self.sudo()
            .with_context(active_test=False)
            .search([("guest_retention_notice_date", "!=", False)])
        )
        return (marked & self._guest_retention_due()).sudo(False)

    @api.model
    def _cron_guest_retention(self):
        """Daily: mark the guests found past the retention period, unmark those who
        came back, and anonymise, in batches, the marked guests whose grace period is
        over. Run twice, it anonymises each guest once."""
        # sudo: the retention set by an administrator, whatever user runs crons.
        Partner = self.sudo().with_context(
            active_test=False, **{_ANONYMIZATION_KEY: _ANONYMIZATION}
        )
        today = fields.Date.context_today(self)
        due = Partner._guest_retention_due()
        marked = Partner.search([("guest_retention_notice_date", "!=", False)])
        (marked - due).write({"guest_retention_notice_date": False})
        (due - marked).write({"guest_retention_notice_date": today})
        grace_start = today - relativedelta(days=RETENTION_GRACE_DAYS)
        to_anonymize = (
            self._guest_retention_preview()
            .sudo()
            .filtered(lambda p: p.guest_retention_notice_date <= grace_start)
        )
        # Progress is committed in a cron job only: called from elsewhere (a test, a
        # shell), the caller's transaction is left to the caller.
        in_cron = bool(self.env.context.get("cron_id"))
        Cron = self.env["ir.cron"]
        if in_cron:
            Cron._commit_progress(remaining=len(to_anonymize))
        for start in range(0, len(to_anonymize), RETENTION_BATCH):
            batch = to_anonymize[start : start + RETENTION_BATCH]
            batch._guest_anonymize(
                self.env._("Retention period over"), source="retention"
            )
            if in_cron and Cron._commit_progress(len(batch)) <= 0:
                break
