from datetime import datetime, time

from odoo import api, fields, models

DO_NOT_CONTACT_SOURCES = [
    ("declined_revisit", "Declined a Revisit"),
    ("guest_request", "Guest's Request"),
    ("complaint", "Complaint"),
    ("other", "Other"),
]


class GuestRevisitGuestProfile(models.Model):
    """A guest's sensitive archive data in one company (X2): special needs, contact
    times and consent. Kept apart from res.partner so that record rules, not field
    groups alone, decide whose data a user reads: staff read the guests of their own
    and their department's complaints, revisits and plans, managers, heads and the
    office those of their company. The guest's form shows it through res.partner."""

    _name = "guest.revisit.guest.profile"
    _inherit = ["guest.revisit.guest.data.mixin"]
    _description = "Guest Profile (Sensitive Data)"
    _order = "partner_id, company_id"
    _rec_name = "partner_id"
    _check_company_auto = True

    special_needs = fields.Text()
    preferred_contact_times = fields.Char()
    do_not_contact = fields.Boolean(
        help="The guest does not want to be revisited: no revisit, campaign or "
        "questionnaire reaches them.",
    )
    do_not_contact_date = fields.Date(
        string="Do Not Contact Since",
        compute="_compute_do_not_contact_date",
        store=True,
        readonly=False,
    )
    do_not_contact_reason = fields.Char()
    do_not_contact_source = fields.Selection(DO_NOT_CONTACT_SOURCES)
    consent_ids = fields.One2many(
        "guest.revisit.consent",
        compute="_compute_consent_ids",
        string="Consent History",
    )

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)",
        "A guest has one profile per company.",
    )

    @api.depends("do_not_contact")
    def _compute_do_not_contact_date(self):
        # Dated however the refusal is recorded (form, import, a declined revisit).
        for profile in self:
            if not profile.do_not_contact:
                profile.do_not_contact_date = False
            elif not profile.do_not_contact_date:
                profile.do_not_contact_date = fields.Date.context_today(profile)

    def _compute_consent_ids(self):
        consents = (
            self.env["guest.revisit.consent"]
            .search(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
            .grouped(lambda c: (c.partner_id, c.company_id))
        )
        for profile in self:
            profile.consent_ids = consents.get(
                (profile.partner_id, profile.company_id),
                self.env["guest.revisit.consent"],
            )

    @api.model_create_multi
    def create(self, vals_list):
        profiles = super().create(vals_list)
        profiles.filtered("do_not_contact")._record_consent_change()
        return profiles

    def write(self, vals):
        changing = self.browse()
        if "do_not_contact" in vals:
            changing = self.filtered(
                lambda p: p.do_not_contact != bool(vals["do_not_contact"])
            )
        res = super().write(vals)
        changing._record_consent_change()
        return res

    def _record_consent_change(self):
        """Whichever way the do-not-contact flag changes (form, import, a declined
        revisit, a raw write), the consent history records it: the flag is the
        latest decision on being contacted at all. The channel and the evidence come
        from the context of the path that changed it (a declined revisit, the mail
        gateway...), else it was recorded at the desk."""
        if self.env.context.get("guest_consent_recorded") or not self:
            return
        context = self.env.context
        evidence = context.get("guest_consent_evidence") or False
        now = fields.Datetime.now()
        vals_list = [
            {
                "partner_id": profile.partner_id.id,
                "company_id": profile.company_id.id,
                "purpose": "revisit",
                "decision": "withdrawn" if profile.do_not_contact else "granted",
                "channel": context.get("guest_consent_channel") or "desk",
                "evidence_ref": evidence,
                "date": profile._consent_change_date(now),
            }
            for profile in self
        ]
        # sudo: whoever may set the flag records its history; nobody may rewrite it.
        self.env["guest.revisit.consent"].sudo().with_context(
            guest_consent_recorded=True
        ).create(vals_list)

    def _consent_change_date(self, now):
        """When the flag's change was decided: a refusal recorded with an earlier
        "since" date (an import of past refusals) keeps it, any other change is now."""
        self.ensure_one()
        since = self.do_not_contact and self.do_not_contact_date
        if since and since < now.date():
            return datetime.combine(since, time.min)
        return now
