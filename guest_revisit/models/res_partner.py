from odoo import api, fields, models

from .guest_complaint import PERSONAL_DATA_GROUPS

DO_NOT_CONTACT_SOURCES = [
    ("declined_revisit", "Declined a Revisit"),
    ("guest_request", "Guest's Request"),
    ("complaint", "Complaint"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Guest archive (A1). Personal data: only the revisit groups see it (X2).
    guest_type_id = fields.Many2one("guest.type", index="btree_not_null", tracking=True)
    guest_special_needs = fields.Text(
        string="Special Needs", groups=PERSONAL_DATA_GROUPS
    )
    guest_preferred_contact_times = fields.Char(
        string="Preferred Contact Times", groups=PERSONAL_DATA_GROUPS
    )
    guest_do_not_contact = fields.Boolean(
        string="Do Not Contact",
        tracking=True,
        groups=PERSONAL_DATA_GROUPS,
        help="The guest does not want to be revisited: no revisit, campaign or "
        "questionnaire reaches them.",
    )
    guest_do_not_contact_date = fields.Date(
        string="Do Not Contact Since",
        compute="_compute_guest_do_not_contact_date",
        store=True,
        readonly=False,
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_do_not_contact_reason = fields.Char(
        string="Do Not Contact Reason", groups=PERSONAL_DATA_GROUPS
    )
    guest_do_not_contact_source = fields.Selection(
        DO_NOT_CONTACT_SOURCES,
        string="Do Not Contact Source",
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_guest_complaint_count",
        groups=PERSONAL_DATA_GROUPS,
    )

    @api.depends("guest_do_not_contact")
    def _compute_guest_do_not_contact_date(self):
        # Dated however the refusal is recorded (form, import, a declined revisit).
        for partner in self:
            if not partner.guest_do_not_contact:
                partner.guest_do_not_contact_date = False
            elif not partner.guest_do_not_contact_date:
                partner.guest_do_not_contact_date = fields.Date.context_today(partner)

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

    def _guest_contact_refusal(self):
        """Why this guest may not be contacted, or an empty string when they may."""
        self.ensure_one()
        # sudo: consent is read to honour it, whoever triggers the contact; only the
        # reason string leaves this method.
        guest = self.commercial_partner_id.sudo()
        refusing = guest if guest.guest_do_not_contact else self.sudo()
        if not refusing.guest_do_not_contact:
            return ""
        return self.env._(
            "%(guest)s asked not to be contacted (since %(date)s: %(reason)s).",
            guest=refusing.name,
            date=refusing.guest_do_not_contact_date or "-",
            reason=refusing.guest_do_not_contact_reason or "-",
        )

    def action_view_guest_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit.guest_complaint_action"
        )
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
