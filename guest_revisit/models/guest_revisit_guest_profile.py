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
    _description = "Guest Profile (Sensitive Data)"
    _order = "partner_id, company_id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
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
