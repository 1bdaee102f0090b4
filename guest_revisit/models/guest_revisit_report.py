from datetime import time

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate, is_html_empty

from ..tools import local_to_utc
from .guest_revisit import SCORE_FIELDS
from .guest_revisit_kpi_definitions import contact_figures, recovery_figures
from .guest_revisit_workflow_mixin import DEPARTMENT_HEAD, USER, Transition
from .value_checks import check_values

_lt = LazyTranslate(__name__)

REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("returned", "Returned"),
]


class GuestRevisitReport(models.Model):
    """A revisit report (T1) over a period or a plan. Its figures are compiled from the
    records and kept with the report, as reviewed and printed; a draft is recompiled
    whenever its scope changes or on demand."""

    _name = "guest.revisit.report"
    _description = "Guest Revisit Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "guest.revisit.review.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Compiled By",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        REPORT_STATES, default="draft", required=True, tracking=True, copy=False
    )
    # The current month unless told otherwise: the usual monthly report.
    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: fields.Date.end_of(
            fields.Date.context_today(self), "month"
        ),
    )
    plan_id = fields.Many2one("guest.revisit.plan", check_company=True)
    department_id = fields.Many2one("hr.department")
    revisit_ids = fields.Many2many("guest.revisit", readonly=True)
    # Figures (T1)
    revisit_count = fields.Integer(readonly=True)
    planned_count = fields.Integer(string="Planned Contacts", readonly=True)
    done_count = fields.Integer(string="Completed Contacts", readonly=True)
    declined_count = fields.Integer(string="Declined Contacts", readonly=True)
    declined_rate = fields.Float(string="Declined (%)", readonly=True)
    unreachable_count = fields.Integer(string="Unreachable Contacts", readonly=True)
    unreachable_rate = fields.Float(string="Unreachable (%)", readonly=True)
    recovery_count = fields.Integer(string="Recovered Guests", readonly=True)
    recovery_rate = fields.Float(
        string="Recovery (%)",
        readonly=True,
        help="Guests dissatisfied at a revisit who are satisfied at their next one.",
    )
    reached_count = fields.Integer(string="Reached", readonly=True)
    completion_rate = fields.Float(string="Completion (%)", readonly=True)
    avg_service = fields.Float(string="Service Quality", readonly=True)
    avg_product = fields.Float(string="Product", readonly=True)
    avg_price = fields.Float(string="Price", readonly=True)
    avg_information = fields.Float(string="Information", readonly=True)
    avg_overall = fields.Float(string="Overall", readonly=True)
    promoter_count = fields.Integer(string="Promoters", readonly=True)
    passive_count = fields.Integer(string="Passives", readonly=True)
    detractor_count = fields.Integer(string="Detractors", readonly=True)
    nps = fields.Float(string="NPS", readonly=True)
    dissatisfied_count = fields.Integer(string="Dissatisfied", readonly=True)
    issues_summary = fields.Html(
        string="Issues and Suggestions", readonly=True, sanitize=True
    )
    evaluation = fields.Html()
    staff_note_ids = fields.One2many(
        "guest.revisit.staff.note", "report_id", string="Praise / Criticism"
    )

    _dates_in_order = models.Constraint(
        "CHECK(date_to >= date_from)",
        "A report's period cannot end before it starts.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_values(self, vals_list)
        self._workflow_check_create(vals_list)
        reports = super().create(vals_list)
        reports._compile()
        return reports

    def write(self, vals):
        check_values(self, [vals])
        self._check_review_comment(vals)
        moves = self._workflow_check_write(vals).get("state", {})
        res = super().write(vals)
        if {"date_from", "date_to", "plan_id", "department_id"} & set(vals):
            self._compile()
        if moves:
            submitted = self.filtered(
                lambda r: moves.get(r.id, (0, 0))[1] == "submitted"
            )
            submitted._ask_review(_lt("Review the revisit report"))
            self.filtered(
                lambda r: moves.get(r.id, (0, 0))[0] == "submitted"
            )._after_review(vals)
        return res

    @api.model
    def _workflow_transitions(self):
        submit = Transition((USER,), "_guard_submittable", self.env._("Submit"))
        return {
            "state": {
                ("draft", "submitted"): submit,
                ("returned", "submitted"): submit,
                ("submitted", "approved"): Transition(
                    (DEPARTMENT_HEAD,), "_guard_reviewable", self.env._("Approve")
                ),
                ("submitted", "returned"): Transition(
                    (DEPARTMENT_HEAD,), "_guard_reviewable", self.env._("Return")
                ),
            }
        }

    def _guard_submittable(self, vals):
        """A report goes to its reviewer with the evaluation written."""
        empty = self.filtered(
            lambda r: is_html_empty(vals.get("evaluation", r.evaluation))
        )
        if empty:
            raise UserError(
                self.env._(
                    "Write the evaluation of %(reports)s before submitting it.",
                    reports=", ".join(empty.mapped("display_name")),
                )
            )

    @api.model
    def _workflow_initial_values(self):
        return {"state": ("draft",)}

    def _review_moves(self):
        return {"approve": {"state": "approved"}, "return": {"state": "returned"}}

    @api.onchange("plan_id")
    def _onchange_plan_id(self):
        if self.plan_id:
            self.date_from = self.plan_id.date_start
            self.date_to = self.plan_id.date_end
            self.department_id = self.plan_id.department_id

    def _scope_domain(self):
        """The revisits a report covers: scheduled in its period (company time), of
        its plan and department when given, cancelled ones left out."""
        tz = self.company_id._days_tz()
        start, end = (
            local_to_utc(day, moment, tz)
            for day, moment in ((self.date_from, time.min), (self.date_to, time.max))
        )
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "!=", "cancelled"),
            ("scheduled_at", ">=", start),
            ("scheduled_at", "<=", end),
        ]
        if self.plan_id:
            domain.append(("plan_id", "=", self.plan_id.id))
        if self.department_id:
            domain.append(("department_id", "child_of", self.department_id.id))
        return domain

    def action_compile(self):
        if self.filtered(lambda r: r.state not in ("draft", "returned")):
            raise UserError(
                self.env._("A submitted or approved report keeps its figures.")
            )
        self._compile()

    def _compile(self):
        Revisit = self.env["guest.revisit"]
        for report in self.filtered(lambda r: r.state in ("draft", "returned")):
            revisits = Revisit.search(report._scope_domain())
            done = revisits.filtered(lambda r: r.state == "done")
            reached = done.filtered(lambda r: r.outcome == "reached")
            # Planned contacts are the first attempts dated in the period; their
            # follow-ups carry no result of their own.
            results = {}
            for revisit in revisits.filtered("is_first_attempt"):
                result = revisit.contact_result
                results[result] = results.get(result, 0) + 1
            contacts = contact_figures(results)
            nps_counts = {
                category: len(
                    reached.filtered(lambda r, c=category: r.nps_category == c)
                )
                for category in ("promoter", "passive", "detractor")
            }
            answered = sum(nps_counts.values())
            vals = {
                "revisit_ids": [(6, 0, revisits.ids)],
                "revisit_count": len(revisits),
                "planned_count": contacts["planned_count"],
                "done_count": contacts["completed_count"],
                "declined_count": contacts["declined_count"],
                "declined_rate": contacts["declined_rate"],
                "unreachable_count": contacts["unreachable_count"],
                "unreachable_rate": contacts["unreachable_rate"],
                "reached_count": len(reached),
                "completion_rate": contacts["completion_rate"],
                **recovery_figures(revisits),
                "promoter_count": nps_counts["promoter"],
                "passive_count": nps_counts["passive"],
                "detractor_count": nps_counts["detractor"],
                "nps": (
                    100.0
                    * (nps_counts["promoter"] - nps_counts["detractor"])
                    / answered
                    if answered
                    else 0.0
                ),
                "dissatisfied_count": len(
                    reached.filtered(
                        lambda r: r.complaint_satisfaction == "dissatisfied"
                    )
                ),
                "issues_summary": report._issues_summary(reached),
            }
            for field_name in SCORE_FIELDS:
                # A dimension the guest did not rate (0) is left out of its average.
                scores = [s for s in reached.mapped(field_name) if s]
                vals[field_name.replace("score_", "avg_")] = (
                    sum(scores) / len(scores) if scores else 0.0
                )
            # figures only: the scope is unchanged, so this does not recompile
            report.write(vals)

    def _issues_summary(self, revisits):
        items = []
        labels = {
            "problem_description": self.env._("Problem"),
            "guest_suggestions": self.env._("Suggestion"),
            "dissatisfaction_reason": self.env._("Dissatisfied"),
            "business_opportunity": self.env._("Opportunity"),
        }
        for revisit in revisits:
            for field_name, label in labels.items():
                text = (revisit[field_name] or "").strip()
                if text:
                    items.append(
                        Markup("<li><b>%s</b> %s (%s): %s</li>")
                        % (label, revisit.number, revisit.partner_id.name, escape(text))
                    )
        return Markup("<ul>%s</ul>") % Markup("").join(items) if items else False

    def action_submit(self):
        if self.filtered(lambda r: r.state not in ("draft", "returned")):
            raise UserError(
                self.env._("Only draft or returned reports can be submitted.")
            )
        self._compile()
        self.write({"state": "submitted"})

    def action_view_revisits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit.guest_revisit_action"
        )
        action["domain"] = [("id", "in", self.revisit_ids.ids)]
        return action
