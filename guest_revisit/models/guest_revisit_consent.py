from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CONSENT_PURPOSES = [
    ("revisit", "Revisits (any contact)"),
    ("questionnaire", "Questionnaires"),
    ("marketing", "Marketing Campaigns"),
]
CONSENT_DECISIONS = [
    ("granted", "Granted"),
    ("withdrawn", "Withdrawn"),
]
CONSENT_CHANNELS = [
    ("phone", "Phone"),
    ("mail", "Mail"),
    ("portal", "Portal"),
    ("desk", "Desk"),
    ("link", "Link in a Mail"),
]
# The records that may prove a decision: the message that carried it (a mail, the
# guest's portal action posted on their contact), the revisit or the complaint.
CONSENT_EVIDENCE_MODELS = [
    ("mail.message", "Message"),
    ("guest.revisit", "Revisit"),
    ("guest.complaint", "Complaint"),
]


class GuestRevisitConsent(models.Model):
    """One decision of a guest on being contacted for a purpose (PIPL art. 15: consent
    may be withdrawn at any time). The history is only appended to: the guest's
    current consent is the latest entry per purpose, and the do-not-contact flag of
    their profile is the latest entry of the "revisit" purpose, which covers every
    contact. An entry holds no personal text of its own: the evidence is a reference
    to the record that carries it."""

    _name = "guest.revisit.consent"
    _inherit = ["guest.revisit.guest.data.mixin"]
    _description = "Guest Consent Decision"
    _order = "date desc, id desc"
    _check_company_auto = True

    purpose = fields.Selection(CONSENT_PURPOSES, required=True)
    decision = fields.Selection(CONSENT_DECISIONS, required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    channel = fields.Selection(CONSENT_CHANNELS, required=True, default="desk")
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        help="Empty when the guest recorded it themselves through a link in a mail.",
    )
    evidence_ref = fields.Reference(
        selection=CONSENT_EVIDENCE_MODELS,
        string="Evidence",
        help="The message, revisit or complaint through which the guest said it.",
    )

    @api.constrains("date")
    def _check_date(self):
        # The latest decision counts: a date to come would outrank the guest's next
        # one. A minute of slack for clocks.
        limit = fields.Datetime.now() + timedelta(minutes=1)
        for consent in self:
            if consent.date > limit:
                raise ValidationError(
                    self.env._(
                        "A consent decision is recorded when it was taken, not in "
                        "the future (%(date)s).",
                        date=fields.Datetime.to_string(consent.date),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Who recorded a decision is who is signed in, not whom they name.
            vals_list = [dict(vals, user_id=self.env.user.id) for vals in vals_list]
        consents = super().create(vals_list)
        consents.filtered(lambda c: c.purpose == "revisit")._apply_to_profiles()
        return consents

    def write(self, vals):
        # The history is evidence: it is appended to, never rewritten; only the
        # framework itself (e.g. anonymising the evidence) may touch it.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A consent decision cannot be changed: record a new one instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A consent decision cannot be deleted: record a new one instead."
                )
            )

    @api.model
    def _record(self, partners, purpose, decision, channel, evidence=None, user=None):
        """Record one decision of each of these guests, in the current company."""
        if user is None:
            user = self.env.user
        return self.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "purpose": purpose,
                    "decision": decision,
                    "channel": channel,
                    "user_id": user.id,
                    "evidence_ref": evidence
                    and f"{evidence._name},{evidence.id}"
                    or False,
                }
                for partner in partners
            ]
        )

    def _apply_to_profiles(self):
        """The do-not-contact flag of each profile follows its latest revisit entry."""
        Profile = self.env["guest.revisit.guest.profile"]
        # sudo: the guest or a staff member records a decision they are entitled to;
        # the profile only takes its consequence.
        latest_sudo = (
            self.sudo()
            .search(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("purpose", "=", "revisit"),
                ],
                order="date desc, id desc",
            )
            .grouped(lambda c: (c.partner_id, c.company_id))
        )
        profiles_sudo = (
            Profile.sudo()
            .search(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
            .grouped(lambda p: (p.partner_id, p.company_id))
        )
        to_create = []
        for key, consents_sudo in latest_sudo.items():
            latest = consents_sudo[0]
            if latest not in self:
                continue  # a decision recorded after the date of the new one stands
            withdrawn = latest.decision == "withdrawn"
            vals = {"do_not_contact": withdrawn}
            if withdrawn:
                vals.update(latest._profile_refusal_vals())
            profile_sudo = profiles_sudo.get(key)
            if profile_sudo:
                if profile_sudo.do_not_contact != withdrawn:
                    profile_sudo.with_context(guest_consent_recorded=True).write(vals)
            elif withdrawn:
                to_create.append(dict(vals, partner_id=key[0].id, company_id=key[1].id))
        if to_create:
            Profile.sudo().with_context(guest_consent_recorded=True).create(to_create)

    def _profile_refusal_vals(self):
        """The profile's refusal fields for this withdrawal, in the company's language
        (the reason is read by the company's staff)."""
        self.ensure_one()
        if self.channel not in ("portal", "link"):
            return {}
        company = self.company_id.with_context(lang=self.company_id._chatter_lang())
        return {
            "do_not_contact_source": "guest_request",
            "do_not_contact_reason": company.env._(
                "Withdrawn by the guest (%(channel)s)",
                channel=dict(
                    self._fields["channel"]._description_selection(company.env)
                )[self.channel],
            ),
        }
