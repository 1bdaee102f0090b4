from odoo import api, fields, models

from .guest_complaint import PERSONAL_DATA_GROUPS
from .guest_revisit import NPS_CATEGORIES

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

    guest_revisit_ids = fields.One2many(
        "guest.revisit", "partner_id", string="Revisits", groups=PERSONAL_DATA_GROUPS
    )
    guest_revisit_count = fields.Integer(
        string="Revisit Count",
        compute="_compute_guest_revisit_figures",
        store=True,
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_last_revisit_date = fields.Date(
        string="Last Revisit",
        compute="_compute_guest_revisit_figures",
        store=True,
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_avg_satisfaction = fields.Float(
        string="Average Satisfaction",
        compute="_compute_guest_revisit_figures",
        store=True,
        groups=PERSONAL_DATA_GROUPS,
        help="Average overall score (1-5) of the guest's revisits.",
    )
    guest_nps = fields.Float(
        string="Guest NPS",
        compute="_compute_guest_revisit_figures",
        store=True,
        groups=PERSONAL_DATA_GROUPS,
        help="Promoter answers minus detractor answers, in % of the guest's answers.",
    )
    guest_nps_category = fields.Selection(
        NPS_CATEGORIES,
        string="Last NPS Answer",
        compute="_compute_guest_revisit_figures",
        store=True,
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_has_new_needs = fields.Boolean(
        string="Has New Needs",
        compute="_compute_guest_revisit_figures",
        store=True,
        groups=PERSONAL_DATA_GROUPS,
    )
    guest_plan_count = fields.Integer(
        string="Revisit Plans",
        compute="_compute_guest_plan_count",
        groups=PERSONAL_DATA_GROUPS,
    )

    @api.depends(
        "guest_revisit_ids.state",
        "guest_revisit_ids.done_at",
        "guest_revisit_ids.outcome",
        "guest_revisit_ids.score_overall",
        "guest_revisit_ids.nps_category",
        "guest_revisit_ids.has_new_needs",
    )
    def _compute_guest_revisit_figures(self):
        # sudo: the archive's figures cover all of a guest's revisits, whoever saves
        # one; only aggregates are stored.
        revisits = (
            self.env["guest.revisit"]
            .sudo()
            .search(
                [("partner_id", "in", self.ids), ("state", "=", "done")],
                order="done_at desc, id desc",
            )
        )
        for partner in self:
            done = revisits.filtered(lambda r, p=partner: r.partner_id.id == p.id)
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

    def _guest_archive_action(self, xmlid, domain, context=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context or {}
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
