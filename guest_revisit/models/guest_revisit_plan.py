from collections import defaultdict
from datetime import date, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate, format_duration, split_every
from odoo.tools.safe_eval import safe_eval

from ..tools import cron_batch_size, fill_numbers, local_to_utc
from .guest_revisit_kpi_definitions import PLANNED_CONTACT_DOMAIN, contact_figures
from .guest_revisit_workflow_mixin import DEPARTMENT_HEAD, USER, Transition
from .value_checks import check_values

_lt = LazyTranslate(__name__)

PLAN_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("running", "Running"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
CAMPAIGN_PERIODS = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("annual", "Annual"),
]


def campaign_period_key(period, day):
    """The period a campaign revisit belongs to, e.g. 2026-11, 2026-Q4 or 2026."""
    if period == "monthly":
        return f"{day.year}-{day.month:02d}"
    if period == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


class GuestRevisitPlan(models.Model):
    _name = "guest.revisit.plan"
    _description = "Guest Revisit Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "guest.revisit.staff.mixin"]
    _order = "date_start desc, id desc"
    _rec_names_search = ["number", "name"]
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    user_id = fields.Many2one(string="Responsible")
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, tracking=True, copy=False
    )
    is_campaign = fields.Boolean(
        string="Campaign",
        help="A periodic campaign over a target group: each period, every consenting "
        "guest of the group gets one revisit (P4).",
    )
    campaign_period = fields.Selection(CAMPAIGN_PERIODS, default="quarterly")
    target_guest_type_ids = fields.Many2many("guest.type", string="Target Guest Types")
    target_category_ids = fields.Many2many("res.partner.category", string="Target Tags")
    target_domain = fields.Char(
        string="Target Filter",
        default="[]",
        help="A further filter on guests, e.g. of a country or city.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "guest_revisit_plan_partner_rel",
        "plan_id",
        "partner_id",
        string="Guests",
    )
    complaint_ids = fields.Many2many(
        "guest.complaint", string="Source Complaints", check_company=True
    )
    # Purposes (P1): several may apply.
    purpose_guidance = fields.Boolean(string="Experience & Product Guidance")
    purpose_satisfaction = fields.Boolean(string="Satisfaction & Service Extension")
    purpose_relationship = fields.Boolean(string="Relationship Building")
    date_start = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(
        string="To",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
    )
    time_from = fields.Float(
        string="Time Slot From",
        compute="_compute_time_slot",
        store=True,
        readonly=False,
        precompute=True,
    )
    time_to = fields.Float(
        string="Time Slot To",
        compute="_compute_time_slot",
        store=True,
        readonly=False,
        precompute=True,
    )
    contact_window_warning = fields.Char(compute="_compute_contact_window_warning")
    content = fields.Html(string="Content / Questions")
    preparation_sheet = fields.Html(
        compute="_compute_preparation_sheet",
        sanitize=False,
        help="What to know before contacting each guest, from the guest archive.",
    )
    declined_guests_note = fields.Char(compute="_compute_declined_guests_note")
    revisit_ids = fields.One2many("guest.revisit", "plan_id")
    revisit_count = fields.Integer(compute="_compute_revisit_stats")
    planned_contact_count = fields.Integer(
        compute="_compute_revisit_stats", string="Planned Contacts"
    )
    revisit_done_count = fields.Integer(
        compute="_compute_revisit_stats", string="Completed Contacts"
    )
    declined_count = fields.Integer(
        compute="_compute_revisit_stats", string="Declined Contacts"
    )
    unreachable_count = fields.Integer(
        compute="_compute_revisit_stats", string="Unreachable Contacts"
    )
    completion_rate = fields.Float(
        compute="_compute_revisit_stats", string="Completion (%)"
    )
    campaign_last_period = fields.Char(readonly=True, copy=False)

    _dates_in_order = models.Constraint(
        "CHECK(date_end >= date_start)",
        "A plan's window cannot end before it starts.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("partner_ids", "target_guest_type_ids")
    def _compute_method(self):
        return super()._compute_method()

    @api.depends("partner_ids", "target_guest_type_ids")
    def _compute_time_slot(self):
        for plan in self:
            window = plan._guest_type().contact_window_ids[:1]
            if window:
                plan.time_from, plan.time_to = window.hour_from, window.hour_to
            elif not plan.time_to:
                plan.time_from, plan.time_to = 9.0, 17.0

    def _suggested_method(self):
        return self._guest_type().revisit_method

    def _guest_type(self):
        """The guest type that suggests method and time (P2): the targeted one of a
        campaign, else the guests' type when they share one."""
        types = self.target_guest_type_ids or self.partner_ids.guest_type_id
        return types if len(types) == 1 else self.env["guest.type"]

    @api.depends("time_from", "time_to", "partner_ids", "target_guest_type_ids")
    def _compute_contact_window_warning(self):
        for plan in self:
            plan.contact_window_warning = plan._contact_window_warning()

    def _contact_window_warning(self):
        types = self.target_guest_type_ids or self.partner_ids.guest_type_id
        outside = types.filtered(
            lambda t: (
                t.contact_window_ids
                and not any(
                    w.hour_from <= self.time_from and self.time_to <= w.hour_to
                    for w in t.contact_window_ids
                )
            )
        )
        if not outside:
            return False
        return self.env._(
            "The time slot is outside the contact windows of %(types)s: %(windows)s.",
            types=", ".join(outside.mapped("name")),
            windows="; ".join(
                outside.contact_window_ids.mapped(
                    lambda w: (
                        f"{format_duration(w.hour_from)}-{format_duration(w.hour_to)}"
                    )
                )
            ),
        )

    @api.depends("partner_ids")
    def _compute_declined_guests_note(self):
        for plan in self:
            refusals = plan.partner_ids._guest_contact_refusals(
                plan._contact_purpose()
            ).values()
            plan.declined_guests_note = " ".join(r for r in refusals if r) or False

    @api.depends("partner_ids")
    def _compute_preparation_sheet(self):
        Complaint = self.env["guest.complaint"]
        Revisit = self.env["guest.revisit"]
        for plan in self:
            guests = plan.partner_ids
            complaints = Complaint.search([("partner_id", "in", guests.ids)])
            revisits = Revisit.search(
                [("partner_id", "in", guests.ids), ("state", "=", "done")],
                order="done_at desc",
            )
            plan.preparation_sheet = Markup("").join(
                plan._preparation_of(
                    guest,
                    complaints.filtered(lambda c, g=guest: c.partner_id == g),
                    revisits.filtered(lambda r, g=guest: r.partner_id == g),
                )
                for guest in guests
            )

    def _preparation_of(self, guest, complaints, revisits):
        """One guest's preparation card (P1)."""
        rows = [
            (self.env._("Guest"), guest.name),
            (self.env._("Title"), guest.function or ""),
            (self.env._("Guest Type"), guest.guest_type_id.name or ""),
            (
                self.env._("Contacts"),
                " / ".join(filter(None, [guest.phone, guest.email])),
            ),
            (
                self.env._("Preferred Contact Times"),
                guest.guest_preferred_contact_times or "",
            ),
            (self.env._("Special Needs"), guest.guest_special_needs or ""),
            (
                self.env._("Complaints"),
                "; ".join(f"{c.display_name} ({c.stage_id.name})" for c in complaints),
            ),
            (
                self.env._("Last Revisits"),
                "; ".join(
                    f"{fields.Date.to_string(r.done_at.date())} {r.number}"
                    for r in revisits[:3]
                ),
            ),
        ]
        refusal = guest._guest_contact_refusal(self._contact_purpose())
        if refusal:
            rows.append((self.env._("Do Not Contact"), refusal))
        body = Markup("").join(
            Markup("<tr><th>%s</th><td>%s</td></tr>") % (escape(k), escape(v))
            for k, v in rows
        )
        return Markup(
            '<table class="table table-sm o_guest_preparation">%s</table>'
        ) % (body)

    def _compute_revisit_stats(self):
        attempts = dict(
            self.env["guest.revisit"]._read_group(
                [("plan_id", "in", self.ids), ("state", "!=", "cancelled")],
                ["plan_id"],
                ["__count"],
            )
        )
        contacts = {}
        for plan, result, count in self.env["guest.revisit"]._read_group(
            [("plan_id", "in", self.ids), *PLANNED_CONTACT_DOMAIN],
            ["plan_id", "contact_result"],
            ["__count"],
        ):
            contacts.setdefault(plan, {})[result] = count
        for plan in self:
            figures = contact_figures(contacts.get(plan, {}))
            plan.revisit_count = attempts.get(plan, 0)
            plan.planned_contact_count = figures["planned_count"]
            plan.revisit_done_count = figures["completed_count"]
            plan.declined_count = figures["declined_count"]
            plan.unreachable_count = figures["unreachable_count"]
            plan.completion_rate = figures["completion_rate"]

    @api.depends("number", "name")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = f"{plan.number} {plan.name or ''}".strip()

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------

    @api.constrains("time_from", "time_to")
    def _check_time_slot(self):
        for plan in self:
            if not 0 <= plan.time_from < plan.time_to <= 24:
                raise ValidationError(
                    self.env._(
                        "The time slot of plan %(plan)s must start before it ends, "
                        "within the day.",
                        plan=plan.name,
                    )
                )

    @api.constrains("target_domain")
    def _check_target_domain(self):
        for plan in self:
            try:
                self.env["res.partner"].search_count(plan._target_filter(), limit=1)
            except (ValueError, SyntaxError, NameError) as error:
                raise ValidationError(
                    self.env._(
                        "The target filter of plan %(plan)s is not valid: %(error)s",
                        plan=plan.name,
                        error=error,
                    )
                ) from error

    @api.onchange("complaint_ids")
    def _onchange_complaint_ids(self):
        # The guests of the source complaints are the plan's guests (P1).
        self.partner_ids |= self.complaint_ids.partner_id

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_values(self, vals_list)
        self._workflow_check_create(vals_list)
        fill_numbers(self.env, vals_list, "guest.revisit.plan")
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, [vals])
        self._check_review_comment(vals)
        moves = self._workflow_check_write(vals).get("state", {})
        res = super().write(vals)
        if moves:
            self._on_state_changed(moves, vals)
        return res

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_submit(self):
        not_draft = self.filtered(lambda p: p.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Only draft plans can be submitted: %(plan)s.",
                    plan=", ".join(not_draft.mapped("name")),
                )
            )
        needs_approval = self.filtered(lambda p: p.company_id.revisit_plan_approval)
        needs_approval.write({"state": "to_approve"})
        (self - needs_approval).write({"state": "running"})

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset_draft(self):
        self.filtered(lambda p: p.state == "cancelled").write({"state": "draft"})

    def action_view_revisits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit.guest_revisit_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id, "default_method": self.method}
        return action

    # ------------------------------------------------------------------
    # Flow: draft -> to approve -> running -> done / cancelled (P5)
    # ------------------------------------------------------------------

    @api.model
    def _workflow_transitions(self):
        submit = Transition((USER,), "_guard_submittable", self.env._("Submit"))
        cancel = Transition((USER,), None, self.env._("Cancel"))
        return {
            "state": {
                ("draft", "to_approve"): submit,
                ("draft", "running"): submit,
                ("draft", "cancelled"): cancel,
                ("to_approve", "running"): Transition(
                    (DEPARTMENT_HEAD,), "_guard_reviewable", self.env._("Approve")
                ),
                ("to_approve", "draft"): Transition(
                    (DEPARTMENT_HEAD,), "_guard_reviewable", self.env._("Return")
                ),
                ("to_approve", "cancelled"): cancel,
                ("running", "done"): Transition(
                    (USER,), None, self.env._("Mark as Done")
                ),
                ("running", "cancelled"): cancel,
                ("cancelled", "draft"): Transition(
                    (USER,), None, self.env._("Reset to Draft")
                ),
            }
        }

    @api.model
    def _workflow_initial_values(self):
        return {"state": ("draft",)}

    def _review_moves(self):
        return {"approve": {"state": "running"}, "return": {"state": "draft"}}

    def _guard_submittable(self, vals):
        for plan in self:
            if not plan.is_campaign and not plan.partner_ids:
                raise UserError(
                    self.env._("Plan %(plan)s has no guest to revisit.", plan=plan.name)
                )
            needs_approval = plan.company_id.revisit_plan_approval
            if needs_approval != (vals["state"] == "to_approve"):
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is submitted with its button Submit: it goes "
                        "for approval when the company asks for one, else it starts.",
                        plan=plan.name,
                    )
                )

    def _on_state_changed(self, moves, vals):
        """The effects of entering a state, by a button or a write of the state."""
        entered = defaultdict(lambda: self.browse())
        for plan in self:
            origin, target = moves.get(plan.id, (None, None))
            if target:
                entered[target] |= plan
                if origin == "to_approve":
                    entered["reviewed"] |= plan
        entered["reviewed"]._after_review(vals)
        entered["reviewed"].activity_unlink(["guest_revisit.mail_act_review"])
        entered["to_approve"]._ask_review(_lt("Approve the revisit plan"))
        started = entered["running"]
        started.filtered(lambda p: not p.is_campaign)._generate_guest_revisits()
        started.filtered("is_campaign")._generate_campaign_revisits()
        entered["cancelled"].revisit_ids.filtered(lambda r: r.state == "planned").write(
            {"state": "cancelled"}
        )

    # ------------------------------------------------------------------
    # Revisit generation
    # ------------------------------------------------------------------

    def _first_slot(self):
        """The plan's first date and time slot, as a UTC datetime for the staff."""
        tz = pytz.timezone(self.user_id.tz or self.env.user.tz or "UTC")
        day = max(self.date_start, fields.Date.context_today(self))
        if day > self.date_end:
            day = self.date_end
        hours = int(self.time_from)
        minutes = round((self.time_from - hours) * 60)
        return local_to_utc(day, time(hours, minutes), tz)

    def _revisit_vals(self, guest, period=False):
        complaint = self.complaint_ids.filtered(lambda c: c.partner_id == guest)[:1]
        return {
            "plan_id": self.id,
            "partner_id": guest.id,
            "complaint_id": complaint.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "method": self.method,
            "scheduled_at": self._first_slot(),
            "campaign_period": period,
        }

    def _contact_purpose(self):
        """The consent the plan's guests must have given: marketing for a campaign,
        revisits otherwise."""
        self.ensure_one()
        return "marketing" if self.is_campaign else "revisit"

    def _consenting(self, guests):
        """Split guests into those who may be contacted and a note on the others."""
        refusals = guests._guest_contact_refusals(self._contact_purpose())
        consenting = guests.filtered(lambda g: not refusals[g])
        return consenting, [r for r in refusals.values() if r]

    def _post_left_out(self, refusals):
        if refusals:
            # Posted by the campaign cron too, read by many: the company's language.
            in_lang = self._in_chatter_lang()
            self.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    in_lang.env._("Left out, by their wish:"),
                    Markup("").join(Markup("<li>%s</li>") % r for r in refusals),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _generate_guest_revisits(self):
        vals_list = []
        for plan in self:
            existing = plan.revisit_ids.partner_id
            consenting, refusals = plan._consenting(plan.partner_ids - existing)
            plan._post_left_out(refusals)
            vals_list += [plan._revisit_vals(guest) for guest in consenting]
        return self.env["guest.revisit"].create(vals_list)

    def _campaign_guests(self, extra_domain=()):
        domain = self._target_filter() + list(extra_domain)
        if self.target_guest_type_ids:
            domain += [("guest_type_id", "in", self.target_guest_type_ids.ids)]
        if self.target_category_ids:
            domain += [("category_id", "in", self.target_category_ids.ids)]
        if not self.target_guest_type_ids and not self.target_category_ids:
            domain += [("guest_type_id", "!=", False)]
        domain += [("company_id", "in", [False, self.company_id.id])]
        return self.env["res.partner"].search(domain)

    def _target_filter(self):
        return list(
            safe_eval(self.target_domain or "[]", {"context_today": date.today})
        )

    def _generate_campaign_revisits(self, today=None):
        """One revisit per consenting guest of the target group and period; a guest
        who already has one for the period gets none, however often this runs.
        Created in batches: inside a cron job each batch is committed with its
        progress, and a job run again after a crash goes on with the guests still
        without a revisit for the period."""
        # The plan's responsible is given every revisit of the campaign: they follow
        # them, without an assignment mail per revisit.
        Revisit = self.env["guest.revisit"].with_context(
            mail_auto_subscribe_no_notify=True
        )
        batch_size = cron_batch_size(self.env)
        in_cron = bool(self.env.context.get("cron_id"))
        Cron = self.env["ir.cron"]
        created = Revisit
        for plan in self.filtered(lambda p: p.state == "running" and p.is_campaign):
            day = today or fields.Date.context_today(plan)
            if not plan.date_start <= day <= plan.date_end:
                continue
            period = campaign_period_key(plan.campaign_period, day)
            # The guests who have their revisit of the period are left out by the
            # database: a campaign's past revisits are not read.
            already = (
                Revisit.with_context(active_test=False)
                ._search([("plan_id", "=", plan.id), ("campaign_period", "=", period)])
                .subselect("partner_id")
            )
            consenting, refusals = plan._consenting(
                plan._campaign_guests([("id", "not in", already)])
            )
            if period != plan.campaign_last_period:
                # Once per period, committed with the first batch: a run again
                # after a crash does not note the guests left out twice.
                plan._post_left_out(refusals)
                plan.campaign_last_period = period
            if in_cron:
                Cron._commit_progress(remaining=len(consenting))
            for guest_ids in split_every(batch_size, consenting.ids):
                guests = consenting.browse(guest_ids)
                created |= Revisit.create(
                    [plan._revisit_vals(guest, period) for guest in guests]
                )
                if in_cron and not Cron._commit_progress(len(guests)):
                    return created  # out of time: ir.cron runs the job again
        if in_cron:
            Cron._commit_progress(remaining=0)
        return created

    @api.model
    def _cron_generate_campaign_revisits(self):
        self.search(
            [("state", "=", "running"), ("is_campaign", "=", True)]
        )._generate_campaign_revisits()
