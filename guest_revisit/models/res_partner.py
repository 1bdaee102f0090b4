from collections import defaultdict
from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import html2plaintext

from ..tools import PERSONAL_DATA_GROUPS, GuestScrubber
from ..tools.anonymize import (
    _ANONYMIZATION,
    _ANONYMIZATION_KEY,
    ACTIVITY_FIELDS,
    ANONYMIZATION_FIELDS,
    CLEAR,
    DESK_MANAGER,
    ERASE,
    GUEST_CONTACT_FIELDS,
    GUEST_MAIL_FIELDS,
    MAIL_FIELDS,
    MIN_QUOTE_LENGTH,
    OTHER_MESSAGE_FIELDS,
    PARTNER_FIELDS,
    RETENTION_BATCH,
    RETENTION_FIELDS,
    RETENTION_GRACE_DAYS,
    RETENTION_GROUPS,
    SCRUB,
    TRACKING_VALUE_FIELDS,
)
from .guest_revisit import NPS_CATEGORIES
from .guest_revisit_guest_profile import DO_NOT_CONTACT_SOURCES

# The groups who hand a guest a copy of their data (PIPL art. 45).
DATA_COPY_GROUPS = (
    "guest_revisit.group_revisit_desk_manager",
    "guest_revisit.group_revisit_office",
)
# The version of the data copy's layout, documented in its JSON schema
# (static/schema/guest_data_copy.schema.json).
DATA_COPY_VERSION = 1
DATA_COPY_FIELDS = {
    "guest": [
        "name",
        *GUEST_CONTACT_FIELDS,
        "state_id",
        "country_id",
        "lang",
        "guest_type_id",
    ],
    "guest.revisit.guest.profile": [
        "company_id",
        "special_needs",
        "preferred_contact_times",
        "do_not_contact",
        "do_not_contact_date",
        "do_not_contact_reason",
    ],
    "guest.complaint": [
        "number",
        "company_id",
        "name",
        "received_at",
        "occurred_at",
        "channel",
        "contact_phone",
        "contact_email",
        "description",
        "category_id",
        "severity",
        "stage_id",
        "corrective_action",
        "compensation_type",
        "guest_accepted",
        "resolved_at",
        "guest_satisfied",
    ],
    "guest.revisit": [
        "number",
        "company_id",
        "complaint_id",
        "method",
        "state",
        "scheduled_at",
        "done_at",
        "outcome",
        "decline_reason",
        "complaint_satisfaction",
        "dissatisfaction_reason",
        "service_evaluation",
        "overall_evaluation",
        "guest_suggestions",
        "product_needs",
        "problem_description",
        "score_service",
        "score_product",
        "score_price",
        "score_information",
        "score_overall",
        "would_return",
        "recommend_score",
        "signed_by",
    ],
    "guest.revisit.consent": [
        "date",
        "company_id",
        "purpose",
        "decision",
        "channel",
        "user_id",
    ],
}

# The guest's sensitive archive fields and where each lives on the guest's profile of
# the current company (guest.revisit.guest.profile).
PROFILE_FIELDS = {
    "guest_special_needs": "special_needs",
    "guest_preferred_contact_times": "preferred_contact_times",
    "guest_do_not_contact": "do_not_contact",
    "guest_do_not_contact_date": "do_not_contact_date",
    "guest_do_not_contact_reason": "do_not_contact_reason",
    "guest_do_not_contact_source": "do_not_contact_source",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Guest archive (A1). Personal data: only the revisit groups see the fields, and
    # the profile's record rules decide of which guests (X2).
    guest_type_id = fields.Many2one("guest.type", index="btree_not_null", tracking=True)
    guest_profile_ids = fields.One2many(
        "guest.revisit.guest.profile",
        "partner_id",
        string="Guest Profiles",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_special_needs = fields.Text(
        string="Special Needs",
        compute="_compute_guest_profile",
        inverse="_inverse_guest_profile",
        search="_search_guest_special_needs",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_preferred_contact_times = fields.Char(
        string="Preferred Contact Times",
        compute="_compute_guest_profile",
        inverse="_inverse_guest_profile",
        search="_search_guest_preferred_contact_times",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_do_not_contact = fields.Boolean(
        string="Do Not Contact",
        compute="_compute_guest_profile",
        inverse="_inverse_guest_profile",
        search="_search_guest_do_not_contact",
        groups=PERSONAL_DATA_GROUPS,
        help="The guest does not want to be revisited: no revisit, campaign or "
        "questionnaire reaches them.",
    )
    guest_do_not_contact_date = fields.Date(
        string="Do Not Contact Since",
        compute="_compute_guest_profile",
        inverse="_inverse_guest_profile",
        search="_search_guest_do_not_contact_date",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_do_not_contact_reason = fields.Char(
        string="Do Not Contact Reason",
        compute="_compute_guest_profile",
        inverse="_inverse_guest_profile",
        search="_search_guest_do_not_contact_reason",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_do_not_contact_source = fields.Selection(
        DO_NOT_CONTACT_SOURCES,
        string="Do Not Contact Source",
        compute="_compute_guest_profile",
        inverse="_inverse_guest_profile",
        search="_search_guest_do_not_contact_source",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_consent_ids = fields.One2many(
        "guest.revisit.consent",
        "partner_id",
        string="Consent History",
        groups=PERSONAL_DATA_GROUPS,
    )
    # The records whose guests a revisit staff member may read (profile rules).
    guest_complaint_ids = fields.One2many(
        "guest.complaint",
        "partner_id",
        string="Guest Complaints",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_plan_ids = fields.Many2many(
        "guest.revisit.plan",
        "guest_revisit_plan_partner_rel",
        "partner_id",
        "plan_id",
        string="Guest Revisit Plans",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_guest_complaint_count",
        groups=PERSONAL_DATA_GROUPS,
    )

    # The archive's figures sum up the revisits the user may read: staff see those of
    # their own and their department's revisits, managers and the office the company's.
    guest_revisit_ids = fields.One2many(
        "guest.revisit", "partner_id", string="Revisits", groups=PERSONAL_DATA_GROUPS
    )
    guest_revisit_count = fields.Integer(
        string="Revisit Count",
        compute="_compute_guest_revisit_figures",
        search="_search_guest_revisit_count",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_last_revisit_date = fields.Date(
        string="Last Revisit",
        compute="_compute_guest_revisit_figures",
        search="_search_guest_last_revisit_date",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_avg_satisfaction = fields.Float(
        string="Average Satisfaction",
        compute="_compute_guest_revisit_figures",
        search="_search_guest_avg_satisfaction",
        groups=PERSONAL_DATA_GROUPS,
        help="Average overall score (1-5) of the guest's revisits.",
    )
    guest_nps = fields.Float(
        string="Guest NPS",
        compute="_compute_guest_revisit_figures",
        search="_search_guest_nps",
        groups=PERSONAL_DATA_GROUPS,
        help="Promoter answers minus detractor answers, in % of the guest's answers.",
    )
    guest_nps_category = fields.Selection(
        NPS_CATEGORIES,
        string="Last NPS Answer",
        compute="_compute_guest_revisit_figures",
        search="_search_guest_nps_category",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_has_new_needs = fields.Boolean(
        string="Has New Needs",
        compute="_compute_guest_revisit_figures",
        search="_search_guest_has_new_needs",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_plan_count = fields.Integer(
        string="Revisit Plans",
        compute="_compute_guest_plan_count",
        groups=PERSONAL_DATA_GROUPS,
    )

    # Anonymisation (PIPL art. 47) and retention: the guest's personal data and own
    # words go from the partner and every record of ours; the figures stay.
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

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends_context("uid", "allowed_company_ids")
    @api.depends(
        "guest_revisit_ids.state",
        "guest_revisit_ids.done_at",
        "guest_revisit_ids.outcome",
        "guest_revisit_ids.score_overall",
        "guest_revisit_ids.nps_category",
        "guest_revisit_ids.has_new_needs",
    )
    def _compute_guest_revisit_figures(self):
        # The user's own environment: a revisit they may not read counts for nothing.
        revisits = self.env["guest.revisit"].search(
            [("partner_id", "in", self._origin.ids), ("state", "=", "done")],
            order="done_at desc, id desc",
        )
        revisit_ids = defaultdict(list)
        for revisit in revisits:
            revisit_ids[revisit.partner_id.id].append(revisit.id)
        for partner in self:
            done = revisits.browse(revisit_ids[partner._origin.id])
            reached = done.filtered(lambda r: r.outcome == "reached")
            scores = [s for s in reached.mapped("score_overall") if s]
            answers = reached.filtered("nps_category").mapped("nps_category")
            partner.guest_revisit_count = len(done)
            partner.guest_last_revisit_date = (
                done[:1].done_at and done[:1].done_at.date()
            )
            partner.guest_avg_satisfaction = (
                sum(scores) / len(scores) if scores else 0.0
            )
            partner.guest_nps = (
                100.0
                * (answers.count("promoter") - answers.count("detractor"))
                / len(answers)
                if answers
                else 0.0
            )
            partner.guest_nps_category = answers[0] if answers else False
            partner.guest_has_new_needs = any(reached.mapped("has_new_needs"))

    def _compute_guest_plan_count(self):
        counts = dict(
            self.env["guest.revisit.plan"]._read_group(
                [("partner_ids", "in", self.ids)], ["partner_ids"], ["__count"]
            )
        )
        for partner in self:
            partner.guest_plan_count = counts.get(partner, 0)

    def _compute_guest_complaint_count(self):
        counts = dict(
            self.env["guest.complaint"]._read_group(
                [("partner_id", "child_of", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.guest_complaint_count = sum(
                count
                for complaint_partner, count in counts.items()
                if complaint_partner == partner
                or complaint_partner.commercial_partner_id == partner
            )

    @api.depends_context("uid", "company")
    @api.depends(
        "guest_profile_ids.special_needs",
        "guest_profile_ids.preferred_contact_times",
        "guest_profile_ids.do_not_contact",
        "guest_profile_ids.do_not_contact_date",
        "guest_profile_ids.do_not_contact_reason",
        "guest_profile_ids.do_not_contact_source",
    )
    def _compute_guest_profile(self):
        # The user's own environment: a profile they may not read gives empty values.
        profiles = self._guest_profiles()
        for partner in self:
            profile = profiles.get(
                partner._origin.id, self.env["guest.revisit.guest.profile"]
            )
            for partner_field, profile_field in PROFILE_FIELDS.items():
                partner[partner_field] = profile[profile_field]

    def _inverse_guest_profile(self):
        Profile = self.env["guest.revisit.guest.profile"]
        # sudo: to find a profile the user may not read, and refuse the write with a
        # clear message rather than on the one-profile-per-company constraint.
        existing_sudo = self.sudo()._guest_profiles()
        # All values are read before any is written: writing a profile invalidates
        # the partners' computed values.
        to_write, to_create = [], []
        for partner in self:
            profile_sudo = existing_sudo.get(partner.id, Profile.sudo())
            if profile_sudo:
                self._check_guest_profile_access(profile_sudo.with_env(self.env))
            vals = {
                profile_field: partner[partner_field]
                for partner_field, profile_field in PROFILE_FIELDS.items()
                if (partner[partner_field] or False)
                != (profile_sudo[profile_field] or False)
            }
            if vals and profile_sudo:
                to_write.append((profile_sudo.with_env(self.env), vals))
            elif vals:
                to_create.append(
                    {
                        "partner_id": partner.id,
                        "company_id": self.env.company.id,
                        **vals,
                    }
                )
        for profile, vals in to_write:
            profile.write(vals)
        if to_create:
            try:
                Profile.create(to_create)
            except AccessError as error:
                raise self._guest_profile_access_error() from error
        # The values the profiles compute (the refusal's date) are read back from them:
        # the partner's fields are protected from recomputation while being written.
        self.invalidate_recordset(list(PROFILE_FIELDS))

    def _search_guest_revisit_count(self, operator, value):
        return self._search_guest_figure("guest_revisit_count", operator, value)

    def _search_guest_last_revisit_date(self, operator, value):
        return self._search_guest_figure("guest_last_revisit_date", operator, value)

    def _search_guest_avg_satisfaction(self, operator, value):
        return self._search_guest_figure("guest_avg_satisfaction", operator, value)

    def _search_guest_nps(self, operator, value):
        return self._search_guest_figure("guest_nps", operator, value)

    def _search_guest_nps_category(self, operator, value):
        return self._search_guest_figure("guest_nps_category", operator, value)

    def _search_guest_has_new_needs(self, operator, value):
        return self._search_guest_figure("guest_has_new_needs", operator, value)

    def _search_guest_figure(self, fname, operator, value):
        """Guests whose figure, as the user's readable revisits give it, meets the
        condition (marketing filters: promoters, not revisited for 90 days...)."""
        condition = Domain(fname, operator, value)
        # The user's own environment: only the revisits they may read count.
        revisited = self.browse(
            partner.id
            for [partner] in self.env["guest.revisit"]._read_group(
                [("state", "=", "done")], ["partner_id"]
            )
        )
        matching = revisited.filtered_domain(condition)
        if self.new({}).filtered_domain(condition):
            # A guest with no readable revisit has empty figures, which match.
            return Domain("id", "not in", (revisited - matching).ids)
        return Domain("id", "in", matching.ids)

    def _search_guest_special_needs(self, operator, value):
        return self._search_guest_profile("special_needs", operator, value)

    def _search_guest_preferred_contact_times(self, operator, value):
        return self._search_guest_profile("preferred_contact_times", operator, value)

    def _search_guest_do_not_contact(self, operator, value):
        return self._search_guest_profile("do_not_contact", operator, value)

    def _search_guest_do_not_contact_date(self, operator, value):
        return self._search_guest_profile("do_not_contact_date", operator, value)

    def _search_guest_do_not_contact_reason(self, operator, value):
        return self._search_guest_profile("do_not_contact_reason", operator, value)

    def _search_guest_do_not_contact_source(self, operator, value):
        return self._search_guest_profile("do_not_contact_source", operator, value)

    def _search_guest_profile(self, profile_field, operator, value):
        """Partners whose profile value, as the user reads it, meets the condition:
        only profiles the user may read are searched (their own environment), and a
        guest with no readable profile has empty values, as the form shows."""
        Profile = self.env["guest.revisit.guest.profile"]
        condition = Domain(profile_field, operator, value)
        in_company = Domain("company_id", "=", self.env.company.id)
        if Profile.new({}).filtered_domain(condition):
            # Empty values match: every partner but those whose readable profile
            # does not.
            others = Profile._search(in_company & ~condition)
            return Domain("id", "not in", others.subselect("partner_id"))
        matching = Profile._search(in_company & condition)
        return Domain("id", "in", matching.subselect("partner_id"))

    def _guest_profiles(self):
        """{partner id: profile} of these partners in the current company, among the
        profiles the environment's user may read."""
        profiles = self.env["guest.revisit.guest.profile"].search(
            [
                ("partner_id", "in", self._origin.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        return {profile.partner_id.id: profile for profile in profiles}

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_anonymization_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_anonymization_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_view_guest_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit.guest_complaint_action"
        )
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_guest_revisits(self):
        self.ensure_one()
        return self._guest_archive_action(
            "guest_revisit.guest_revisit_action",
            [("partner_id", "child_of", self.id)],
            {"default_partner_id": self.id},
        )

    def action_view_guest_satisfaction(self):
        """Satisfaction over time (A1): the guest's scores month by month."""
        self.ensure_one()
        action = self._guest_archive_action(
            "guest_revisit.guest_revisit_action_satisfaction",
            [("partner_id", "child_of", self.id), ("state", "=", "done")],
        )
        return action

    def action_view_guest_plans(self):
        self.ensure_one()
        return self._guest_archive_action(
            "guest_revisit.guest_revisit_plan_action",
            [("partner_ids", "in", self.id)],
            {"default_partner_ids": [self.id]},
        )

    def action_create_revisit_plan(self):
        """Marketing (A2): a draft plan for the guests selected in the list."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Revisit Plan"),
            "res_model": "guest.revisit.plan",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_ids": self.ids,
                "default_name": self.env._(
                    "Revisit of %(count)s guests", count=len(self)
                ),
            },
        }

    def action_guest_data_copy_json(self):
        """The guest's data as one JSON file, downloaded (and logged) by the route."""
        self.ensure_one()
        self._check_guest_data_copy_access()
        return {
            "type": "ir.actions.act_url",
            "url": f"/guest_revisit/data_copy/{self.id}/json",
            "target": "download",
        }

    def action_guest_data_copy_pdf(self):
        self.ensure_one()
        self._check_guest_data_copy_access()
        return self.env.ref(
            "guest_revisit.action_report_guest_data_copy"
        ).report_action(self)

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
    # Business methods
    # ------------------------------------------------------------------

    def _check_guest_profile_access(self, profile):
        try:
            profile.check_access("write")
        except AccessError as error:
            raise self._guest_profile_access_error() from error

    def _guest_profile_access_error(self):
        return AccessError(
            self.env._(
                "You may record special needs, contact times and consent only for "
                "the guests of complaints, revisits and plans of yours or of your "
                "department."
            )
        )

    def _guest_contact_refusal(self, purpose="revisit"):
        """Why this guest may not be contacted for this purpose, or an empty string
        when they may. Withdrawing "revisit" consent (do not contact) stops every
        contact; withdrawing questionnaires or marketing stops only those. A refusal
        told to any company is honoured, the guest's company-wide one (their
        commercial partner's) as their contact's."""
        self.ensure_one()
        return self._guest_contact_refusals(purpose)[self]

    def _guest_contact_refusals(self, purpose="revisit"):
        """``_guest_contact_refusal`` of each of these guests, read at once:
        ``{guest: reason or ""}``."""
        reasons = self._guest_do_not_contact_refusals()
        pending = self.filtered(lambda guest: not reasons[guest])
        if purpose == "revisit" or not pending:
            return reasons
        # sudo: consent is read to honour it, whoever triggers the contact; only the
        # refusal's text leaves this method.
        consents_sudo = (
            self.env["guest.revisit.consent"]
            .sudo()
            .search(
                [
                    (
                        "partner_id",
                        "in",
                        (pending | pending.commercial_partner_id).ids,
                    ),
                    ("purpose", "=", purpose),
                ],
                order="date desc, id desc",
            )
        )
        latest = {}
        for consent in consents_sudo:
            latest.setdefault((consent.partner_id, consent.company_id), consent)
        withdrawn = defaultdict(list)
        for (partner, _company), consent in latest.items():
            if consent.decision == "withdrawn":
                withdrawn[partner].append(consent)
        if not withdrawn:
            return reasons
        purposes = dict(
            consents_sudo._fields["purpose"]._description_selection(self.env)
        )
        for guest in pending:
            refusals = withdrawn[guest] + (
                withdrawn[guest.commercial_partner_id]
                if guest.commercial_partner_id != guest
                else []
            )
            if refusals:
                reasons[guest] = self.env._(
                    "%(guest)s withdrew their consent to %(purpose)s on %(date)s.",
                    guest=refusals[0].partner_id.name,
                    purpose=purposes[purpose],
                    date=fields.Date.to_string(refusals[0].date.date()),
                )
        return reasons

    def _guest_do_not_contact_refusal(self):
        """Why this guest may not be contacted at all (the profile's do-not-contact
        flag, in any company), or an empty string."""
        self.ensure_one()
        return self._guest_do_not_contact_refusals()[self]

    def _guest_do_not_contact_refusals(self):
        """``_guest_do_not_contact_refusal`` of each of these guests, read at once."""
        # sudo: consent is read to honour it, whoever triggers the contact; only the
        # reason strings leave this method, and another company's reason does not.
        refusals_sudo = (
            self.env["guest.revisit.guest.profile"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", (self | self.commercial_partner_id).ids),
                    ("do_not_contact", "=", True),
                ]
            )
        )
        by_partner = refusals_sudo.grouped("partner_id")
        empty = refusals_sudo.browse()
        reasons = {}
        for guest in self:
            own = by_partner.get(guest, empty)
            company_wide = by_partner.get(guest.commercial_partner_id, empty)
            reasons[guest] = guest._refusal_reason(own | company_wide)
        return reasons

    def _refusal_reason(self, refusals_sudo):
        self.ensure_one()
        if not refusals_sudo:
            return ""
        refusing = refusals_sudo.sorted(
            lambda p: (
                p.company_id != self.env.company,
                p.partner_id != self.commercial_partner_id,
                p.id,
            )
        )[:1]
        if refusing.company_id == self.env.company:
            reason = refusing.do_not_contact_reason or "-"
        else:
            reason = self.env._(
                "recorded by %(company)s", company=refusing.company_id.name
            )
        return self.env._(
            "%(guest)s asked not to be contacted (since %(date)s: %(reason)s).",
            guest=refusing.partner_id.name,
            date=refusing.do_not_contact_date or "-",
            reason=reason,
        )

    def _guest_record_own_decision(self, purpose, decision, channel):
        """The guest's own decision, from their portal or the link in a mail: it
        holds for every company that knows them, and the message posted on their
        contact is its evidence."""
        self.ensure_one()
        # sudo: the guest records their own decision; they may not read the history.
        consents_sudo = self.env["guest.revisit.consent"].sudo()
        companies = (
            consents_sudo.search([("partner_id", "=", self.id)]).company_id
            | self.env["guest.revisit.guest.profile"]
            .sudo()
            .search([("partner_id", "=", self.id)])
            .company_id
            | (self.company_id or self.env.company)
        )
        company = self.company_id or self.env.company
        in_lang = self.sudo().with_context(lang=company._chatter_lang())
        labels = {
            name: dict(consents_sudo._fields[name]._description_selection(in_lang.env))
            for name in ("purpose", "decision", "channel")
        }
        evidence = in_lang.message_post(
            body=in_lang.env._(
                "The guest's consent to %(purpose)s: %(decision)s (%(channel)s).",
                purpose=labels["purpose"][purpose],
                decision=labels["decision"][decision],
                channel=labels["channel"][channel],
            ),
            author_id=self.id,
            subtype_xmlid="mail.mt_note",
        )
        user = self.env.user if channel == "portal" else self.env["res.users"]
        consents = consents_sudo.browse()
        for company in companies:
            consents |= consents_sudo.with_company(company)._record(
                self, purpose, decision, channel, evidence=evidence, user=user
            )
        return consents

    def _guest_privacy_token(self):
        """The secret of the privacy link in the guest's mails: no login needed, and
        no other guest's page can be guessed from it."""
        self.ensure_one()
        return tools.hmac(self.env(su=True), "guest_revisit-privacy", self.id)

    def _guest_privacy_url(self):
        """The page where the guest manages their consent, linked in every mail."""
        self.ensure_one()
        return (
            f"{self.get_base_url()}/guest_revisit/privacy/"
            f"{self.id}/{self._guest_privacy_token()}"
        )

    def _guest_archive_action(self, xmlid, domain, context=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context or {}
        return action

    def _check_guest_data_copy_access(self):
        """Only the desk's managers and the office hand a guest a copy of their data:
        the copy holds every complaint and revisit of the guest, whoever handled it."""
        if self.env.su or any(self.env.user.has_group(g) for g in DATA_COPY_GROUPS):
            return
        raise AccessError(
            self.env._(
                "Only complaint desk managers and the office may export a copy of "
                "a guest's data."
            )
        )

    def _guest_data_copy(self):
        """Everything we hold about this guest in the companies of the environment,
        in the guest's language: their contact data and profile, complaints, revisits,
        questionnaire answers, consent history and the mails we sent them. The JSON
        file and the PDF show this same content; the fields are documented in
        static/schema/guest_data_copy.schema.json."""
        self.ensure_one()
        self._check_guest_data_copy_access()
        company = self.env.company
        lang = self.lang or company._chatter_lang()
        # sudo: the guest's right to a copy covers all we hold about them, whoever
        # handled it; the access was checked above (or the guest asks themselves).
        guest = self.sudo().with_context(lang=lang, active_test=False)
        env = guest.env
        companies = self.env.companies
        in_guest = [("partner_id", "child_of", guest.id)]
        in_companies = [("company_id", "in", companies.ids)]
        complaints = env["guest.complaint"].search(
            in_guest + in_companies, order="received_at, id"
        )
        revisits = env["guest.revisit"].search(
            in_guest + in_companies, order="scheduled_at, id"
        )
        profiles = env["guest.revisit.guest.profile"].search(
            [("partner_id", "=", guest.id)] + in_companies
        )
        consents = env["guest.revisit.consent"].search(
            [("partner_id", "=", guest.id)] + in_companies, order="date, id"
        )
        return {
            "format": "guest_revisit.guest_data_copy",
            "version": DATA_COPY_VERSION,
            "exported_at": fields.Datetime.to_string(fields.Datetime.now()),
            "language": lang,
            "companies": companies.mapped("name"),
            "guest": guest._guest_data_values(guest, DATA_COPY_FIELDS["guest"])[0],
            "profiles": guest._guest_data_values(
                profiles, DATA_COPY_FIELDS["guest.revisit.guest.profile"]
            ),
            "complaints": guest._guest_data_values(
                complaints, DATA_COPY_FIELDS["guest.complaint"]
            ),
            "revisits": guest._guest_data_values(
                revisits, DATA_COPY_FIELDS["guest.revisit"]
            ),
            "answers": guest._guest_data_copy_answers(companies),
            "consents": guest._guest_data_values(
                consents, DATA_COPY_FIELDS["guest.revisit.consent"]
            ),
            "mails": guest._guest_data_copy_mails(complaints, revisits),
        }

    def _guest_data_copy_answers(self, companies):
        """The guest's questionnaire answers: [{"survey", "date", "lines": [{
        "question", "answer"}]}]. Questionnaires come with guest_revisit_survey."""
        return []

    def _guest_data_copy_mails(self, complaints, revisits):
        """The mails and messages we sent the guest, as plain text."""
        messages = self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.ids),
                ("message_type", "in", ("email", "email_outgoing", "comment")),
                "|",
                ("subtype_id", "=", False),
                ("subtype_id.internal", "=", False),
            ],
            order="date, id",
        )
        return [
            {
                "date": fields.Datetime.to_string(message.date),
                "subject": message.subject or message.record_name or "",
                "from": message.email_from or message.author_id.name or "",
                "body": html2plaintext(message.body or ""),
            }
            for message in messages
        ]

    def _guest_data_values(self, records, field_names):
        """[{field: readable value}] of these records, in the environment's language:
        a selection's label, a related record's name, dates and times in ISO format
        (UTC), HTML as plain text."""
        result = []
        for record in records:
            values = {}
            for name in field_names:
                field = record._fields[name]
                value = record[name]
                if field.type == "selection":
                    labels = dict(field._description_selection(record.env))
                    value = labels.get(value) if value else None
                elif field.type == "many2one":
                    value = value.display_name if value else None
                elif field.type in ("date", "datetime"):
                    value = field.to_string(value) if value else None
                elif field.type == "html":
                    value = html2plaintext(value) if value else None
                elif field.type not in ("boolean", "integer", "float"):
                    value = value or None
                values[name] = value
            result.append(values)
        return result

    def _log_guest_data_copy(self, file_format):
        """Each copy handed out is logged on the guest: who, when (the note's author
        and date) and which format."""
        for partner in self:
            company = partner.company_id or self.env.company
            in_lang = partner.with_context(lang=company._chatter_lang())
            # sudo: the log is written whoever exports, the guest on the portal too.
            in_lang.sudo().message_post(
                body=in_lang.env._(
                    "A copy of the guest's data was exported (%(format)s) by %(user)s.",
                    format=file_format,
                    user=self.env.user.name,
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Anonymisation and retention
    # ------------------------------------------------------------------

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

    def _check_guest_scope_companies(self, scopes):
        """A desk manager erases the data of their own companies only: a guest who
        also has complaints or revisits of another company is refused."""
        if self.env.su:
            return
        allowed = self.env.user.company_ids
        for partner, scope in scopes.items():
            companies = (
                scope["guest.complaint"].company_id | scope["guest.revisit"].company_id
            )
            if companies - allowed:
                raise AccessError(
                    self.env._(
                        "%(guest)s also has complaints or revisits of %(companies)s, "
                        "which you do not work for: an administrator of those "
                        "companies anonymises them.",
                        guest=partner.display_name,
                        companies=", ".join((companies - allowed).mapped("name")),
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

    def _guest_not_anonymizable(self):
        """Partners of our own users and companies: erasing them would lock out a
        colleague or blank a company."""
        # sudo: users and companies are looked up whatever the user may read.
        partners = self.sudo().with_context(active_test=False)
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("partner_id", "in", self.ids)])
            .partner_id
        )
        return (
            partners.filtered(
                lambda p: p in companies or p.user_ids.filtered(lambda u: not u.share)
            )
        ).sudo(False)

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
        colleagues = partners._guest_not_anonymizable()
        if colleagues:
            raise UserError(
                self.env._(
                    "%(partners)s are users or companies of ours, not guests: they "
                    "are not anonymised here.",
                    partners=", ".join(colleagues.mapped("display_name")),
                )
            )
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
        scopes = {partner: partner._guest_anonymization_scope() for partner in partners}
        self._check_guest_scope_companies(scopes)
        for partner in partners:
            scope = scopes[partner]
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
        partners -= partners._guest_not_anonymizable()
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
