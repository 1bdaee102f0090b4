from datetime import time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..tools import (
    PERSONAL_DATA_GROUPS,
    cron_batch_size,
    fill_numbers,
    local_date,
    local_to_utc,
)
from .guest_revisit_kpi_definitions import CONTACT_RESULTS, contact_result
from .guest_revisit_workflow_mixin import DEPARTMENT_HEAD, USER, Transition
from .value_checks import check_values

REVISIT_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
OUTCOMES = [
    ("reached", "Reached"),
    ("not_reached", "Not Reached"),
    ("declined", "Guest Declined"),
]
SATISFACTION = [
    ("satisfied", "Satisfied"),
    ("neutral", "Neutral"),
    ("dissatisfied", "Dissatisfied"),
]
WOULD_RETURN = [("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")]
RECOMMEND_SCORES = [(str(score), str(score)) for score in range(11)]
NPS_CATEGORIES = [
    ("promoter", "Promoter"),
    ("passive", "Passive"),
    ("detractor", "Detractor"),
]
PROBLEM_STATUSES = [
    ("none", "No Problem Raised"),
    ("solved", "Solved at Once"),
    ("forwarded", "Forwarded"),
    ("on_site", "On-site Revisit"),
]
REVIEW_STATES = [
    ("to_review", "To Review"),
    ("approved", "Approved"),
    ("returned", "Returned"),
]
# The five satisfaction dimensions (R3), scored 1-5; 0 means not rated.
SCORE_FIELDS = (
    "score_service",
    "score_product",
    "score_price",
    "score_information",
    "score_overall",
)


def nps_category(score):
    """Promoter (9-10), passive (7-8) or detractor (0-6) of a 0-10 answer."""
    if score is None:
        return False
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


class GuestRevisit(models.Model):
    _name = "guest.revisit"
    _description = "Guest Revisit Record"
    _inherit = ["mail.thread", "mail.activity.mixin", "guest.revisit.staff.mixin"]
    _order = "scheduled_at desc, id desc"
    _rec_names_search = ["number", "partner_id"]
    _check_company_auto = True

    plan_id = fields.Many2one(
        "guest.revisit.plan", index="btree_not_null", check_company=True, tracking=True
    )
    complaint_id = fields.Many2one(
        "guest.complaint",
        string="Source Complaint",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, index=True, tracking=True
    )
    guest_type_id = fields.Many2one(related="partner_id.guest_type_id", store=True)
    state = fields.Selection(
        REVISIT_STATES, default="planned", required=True, tracking=True, copy=False
    )
    scheduled_at = fields.Datetime(
        string="Scheduled", default=fields.Datetime.now, index=True, tracking=True
    )
    done_at = fields.Datetime(string="Done On", copy=False, index=True)
    duration = fields.Float(help="Length of the contact, in hours.")
    outcome = fields.Selection(OUTCOMES, tracking=True, copy=False)
    decline_reason = fields.Char(copy=False)
    next_attempt_at = fields.Datetime(
        string="Next Attempt",
        copy=False,
        help="When to try again a guest who was not reached.",
    )
    parent_id = fields.Many2one(
        "guest.revisit", string="Follows Revisit", index="btree_not_null", copy=False
    )
    # One planned contact, however many attempts it takes (K2): the attempts after
    # the first one point to it, and the first attempt carries the contact's result.
    first_attempt_id = fields.Many2one(
        "guest.revisit",
        compute="_compute_first_attempt_id",
        store=True,
        recursive=True,
        index="btree_not_null",
    )
    attempt_ids = fields.One2many(
        "guest.revisit", "first_attempt_id", string="Later Attempts"
    )
    is_first_attempt = fields.Boolean(
        compute="_compute_first_attempt_id", store=True, recursive=True, index=True
    )
    contact_result = fields.Selection(
        CONTACT_RESULTS,
        compute="_compute_contact_result",
        store=True,
        index=True,
        help="On the first attempt: the result of the planned contact over all its "
        "attempts.",
    )
    campaign_period = fields.Char(readonly=True, copy=False)
    # Appointment (P3)
    appointment_at = fields.Datetime(string="Appointment", copy=False, tracking=True)
    appointment_location = fields.Char(string="Appointment Place", copy=False)
    appointment_confirmed = fields.Boolean(copy=False, tracking=True)
    appointment_reschedule_count = fields.Integer(
        string="Rescheduled", readonly=True, copy=False
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Meeting", readonly=True, copy=False
    )
    # Content (R2)
    details_confirmed = fields.Boolean(string="Guest Details Confirmed")
    product_needs = fields.Text()
    usage_requirements = fields.Text()
    service_evaluation = fields.Text()
    complaint_satisfaction = fields.Selection(
        SATISFACTION, string="Satisfaction with Complaint Handling", tracking=True
    )
    dissatisfaction_reason = fields.Text(copy=False)
    # Recorded at completion (recovery rate): the guest's previous rated revisit
    # found them dissatisfied.
    follows_dissatisfied = fields.Boolean(
        string="After a Dissatisfied Revisit", readonly=True, copy=False, index=True
    )
    guest_injured = fields.Boolean(related="complaint_id.guest_injured")
    insurer_satisfaction = fields.Selection(
        SATISFACTION, string="Satisfaction with the Insurer"
    )
    overall_evaluation = fields.Text()
    guest_suggestions = fields.Text(
        string="New Needs & Suggestions", help="In the guest's own words."
    )
    has_new_needs = fields.Boolean(compute="_compute_has_new_needs", store=True)
    business_opportunity = fields.Text()
    # Scores (R3)
    score_service = fields.Integer(string="Service Quality", aggregator="avg")
    score_product = fields.Integer(string="Product", aggregator="avg")
    score_price = fields.Integer(string="Price", aggregator="avg")
    score_information = fields.Integer(string="Information", aggregator="avg")
    score_overall = fields.Integer(string="Overall", aggregator="avg")
    would_return = fields.Selection(WOULD_RETURN, string="Would Come Back")
    recommend_score = fields.Selection(
        RECOMMEND_SCORES, string="Would Recommend (0-10)"
    )
    nps_category = fields.Selection(
        NPS_CATEGORIES, string="NPS", compute="_compute_nps_category", store=True
    )
    # On site (R4)
    visit_location = fields.Char(string="Place of Visit")
    arrived_on_time = fields.Boolean(string="Punctual Arrival")
    guest_signature = fields.Binary(
        copy=False, attachment=True, groups=PERSONAL_DATA_GROUPS
    )
    signed_by = fields.Char(copy=False)
    # Problems raised (R5)
    problem_description = fields.Text(string="Problems Raised")
    problem_status = fields.Selection(
        PROBLEM_STATUSES, default="none", required=True, tracking=True
    )
    forward_department_id = fields.Many2one("hr.department", string="Forward To")
    forwarded_complaint_id = fields.Many2one(
        "guest.complaint", readonly=True, copy=False, check_company=True
    )
    # Daily closing (R6) and review (T2)
    is_left_open = fields.Boolean(
        string="Left Open",
        readonly=True,
        copy=False,
        help="Not completed on its day: flagged to the staff member at day's end.",
    )
    review_state = fields.Selection(REVIEW_STATES, copy=False, tracking=True)
    staff_note_ids = fields.One2many("guest.revisit.staff.note", "revisit_id")
    # Staff see that the guest was anonymised, nothing more.
    partner_anonymized = fields.Boolean(
        string="Guest Anonymised", related="partner_id.guest_anonymized"
    )

    _campaign_once_per_period = models.UniqueIndex(
        "(plan_id, partner_id, campaign_period) WHERE campaign_period IS NOT NULL",
        "A campaign revisits each guest once per period.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    @api.depends("complaint_id.department_id")
    def _compute_department_id(self):
        return super()._compute_department_id()

    @api.depends("plan_id", "partner_id", "complaint_id")
    def _compute_method(self):
        return super()._compute_method()

    @api.depends("parent_id", "parent_id.first_attempt_id")
    def _compute_first_attempt_id(self):
        for revisit in self:
            parent = revisit.parent_id
            revisit.first_attempt_id = parent.first_attempt_id or parent
            revisit.is_first_attempt = not parent

    @api.depends(
        "is_first_attempt",
        "state",
        "outcome",
        "attempt_ids.state",
        "attempt_ids.outcome",
    )
    def _compute_contact_result(self):
        for revisit in self:
            revisit.contact_result = revisit.is_first_attempt and contact_result(
                revisit | revisit.attempt_ids
            )

    @api.depends("recommend_score")
    def _compute_nps_category(self):
        for revisit in self:
            score = revisit.recommend_score
            revisit.nps_category = nps_category(int(score) if score else None)

    @api.depends("guest_suggestions", "product_needs")
    def _compute_has_new_needs(self):
        for revisit in self:
            revisit.has_new_needs = bool(
                (revisit.guest_suggestions or "").strip()
                or (revisit.product_needs or "").strip()
            )

    @api.depends("number", "partner_id")
    def _compute_display_name(self):
        for revisit in self:
            revisit.display_name = (
                f"{revisit.number} {revisit.partner_id.name or ''}".strip()
            )

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------

    @api.constrains(*SCORE_FIELDS)
    def _check_scores(self):
        for revisit in self:
            for field_name in SCORE_FIELDS:
                if not 0 <= revisit[field_name] <= 5:
                    raise ValidationError(
                        self.env._(
                            "%(score)s of revisit %(number)s is %(value)s: scores go "
                            "from 1 (very dissatisfied) to 5 (very satisfied).",
                            score=self._fields[field_name].get_description(self.env)[
                                "string"
                            ],
                            number=revisit.number,
                            value=revisit[field_name],
                        )
                    )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_values(self, vals_list)
        self._workflow_check_create(vals_list)
        fill_numbers(self.env, vals_list, "guest.revisit")
        revisits = super().create(vals_list)
        revisits._check_consent()
        return revisits

    def write(self, vals):
        check_values(self, [vals])
        if vals.get("state") == "done" and "review_state" not in vals:
            # Completing a revisit puts it up for review, whichever way it is done.
            vals = dict(vals, review_state="to_review")
        self._check_review_comment(vals)
        moves = self._workflow_check_write(vals)
        res = super().write(vals)
        if "partner_id" in vals:
            self._check_consent()
        if "appointment_at" in vals or "appointment_location" in vals:
            self._sync_calendar_event()
        if "appointment_confirmed" in vals:
            self._sync_guest_attendance()
        state_moves = moves.get("state", {})
        completed = self.filtered(lambda r: state_moves.get(r.id, (0, 0))[1] == "done")
        completed._on_completed()
        self.filtered(lambda r: r.id in moves.get("review_state", {}))._after_review(
            vals
        )
        return res

    def _creation_message(self):
        # Read by many, and often written by a cron (campaigns): the company's language.
        return super(GuestRevisit, self._in_chatter_lang())._creation_message()

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_book_appointment(self):
        for revisit in self:
            if not revisit.appointment_at:
                raise UserError(
                    self.env._("Set the appointment's time before booking it.")
                )
        self._guard_consent({})
        self.filtered(lambda r: not r.calendar_event_id)._create_calendar_event()

    def action_done(self):
        not_planned = self.filtered(lambda r: r.state != "planned")
        if not_planned:
            raise UserError(
                self.env._(
                    "Only planned revisits can be completed: %(numbers)s.",
                    numbers=", ".join(not_planned.mapped("number")),
                )
            )
        self.write({"state": "done", "review_state": "to_review"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
        self.calendar_event_id.unlink()

    def action_reset_planned(self):
        self.filtered(lambda r: r.state == "cancelled").write({"state": "planned"})

    def action_problem_solved(self):
        for revisit in self:
            revisit._check_problem()
        self.problem_status = "solved"

    def action_forward_as_complaint(self):
        self.ensure_one()
        self._check_problem()
        complaint = self.env["guest.complaint"].create(
            {
                "name": self.env._("Raised at revisit %(number)s", number=self.number),
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "channel": "other",
                "description": self.problem_description,
                "department_id": (
                    self.forward_department_id or self.complaint_id.department_id
                ).id,
            }
        )
        self.write(
            {"forwarded_complaint_id": complaint.id, "problem_status": "forwarded"}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "guest.complaint",
            "res_id": complaint.id,
            "view_mode": "form",
        }

    def action_forward_to_department(self):
        for revisit in self:
            revisit._check_problem()
            manager = revisit.forward_department_id.manager_id.user_id
            if not manager:
                raise UserError(
                    self.env._(
                        "Choose a department with a manager who uses Odoo to forward "
                        "the problem to."
                    )
                )
            revisit.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.with_context(lang=manager.lang).env._(
                    "Problem raised at a revisit"
                ),
                note=revisit.problem_description,
                user_id=manager.id,
            )
        self.problem_status = "forwarded"

    def action_escalate_on_site(self):
        self.ensure_one()
        self._check_problem()
        on_site = self.create(
            {
                "plan_id": self.plan_id.id,
                "complaint_id": self.complaint_id.id,
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id,
                "company_id": self.company_id.id,
                "method": "on_site",
                "parent_id": self.id,
                "problem_description": self.problem_description,
                "scheduled_at": self._next_working_day(fields.Datetime.now()),
            }
        )
        self.problem_status = "on_site"
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": on_site.id,
            "view_mode": "form",
        }

    def _suggested_method(self):
        complaint = self.complaint_id
        if complaint.representative_problem or complaint.valuable_suggestion:
            return "on_site"
        return (
            self.plan_id.method
            # A guest who complained by phone is called back.
            or (complaint.channel == "phone" and "phone")
            or self.partner_id.guest_type_id.revisit_method
        )

    def _department_without_employee(self):
        # Staff with no employee in the company work for the complaint's department.
        return self.complaint_id.department_id or super()._department_without_employee()

    # ------------------------------------------------------------------
    # Transition table (R4, T2)
    # ------------------------------------------------------------------

    @api.model
    def _workflow_transitions(self):
        complete = Transition((USER,), "_guard_complete", self.env._("Complete"))
        approve = Transition(
            (DEPARTMENT_HEAD,), "_guard_reviewable", self.env._("Approve")
        )
        give_back = Transition(
            (DEPARTMENT_HEAD,), "_guard_reviewable", self.env._("Return")
        )
        return {
            "state": {
                ("planned", "done"): complete,
                ("planned", "cancelled"): Transition(
                    (USER,), None, self.env._("Cancel")
                ),
                ("cancelled", "planned"): Transition(
                    (USER,), "_guard_consent", self.env._("Plan Again")
                ),
                ("done", "planned"): give_back,
            },
            "review_state": {
                (False, "to_review"): complete,
                ("returned", "to_review"): complete,
                ("to_review", "approved"): approve,
                ("to_review", "returned"): give_back,
            },
        }

    @api.model
    def _workflow_initial_values(self):
        return {"state": ("planned",), "review_state": ()}

    @api.model
    def _workflow_effect_fields(self):
        return dict(
            super()._workflow_effect_fields(), is_left_open=self.env._("Complete")
        )

    def _workflow_frozen_fields(self):
        frozen = {}
        for revisit in self.filtered(lambda r: r.state == "done"):
            reason = self.env._(
                "Revisit %(number)s is done: its outcome and date change only after "
                "the department head returns it.",
                number=revisit.number,
            )
            frozen[revisit.id] = {"outcome": reason, "done_at": reason}
        return frozen

    def _review_moves(self):
        return {
            "approve": {"review_state": "approved"},
            "return": {"review_state": "returned", "state": "planned"},
        }

    def _guard_complete(self, vals):
        if vals.get("state") != "done":
            # Up for review again only by completing it again.
            raise UserError(
                self.env._("A revisit is put up for review by completing it.")
            )
        self._check_complete(vals)

    def _guard_consent(self, vals):
        refusals = {
            purpose: revisits.partner_id._guest_contact_refusals(purpose)
            for purpose, revisits in self.grouped(
                lambda r: r._contact_purpose()
            ).items()
        }
        for revisit in self:
            refusal = refusals[revisit._contact_purpose()].get(revisit.partner_id)
            if refusal:
                raise UserError(
                    self.env._(
                        "No revisit can be planned for this guest. %(reason)s",
                        reason=refusal,
                    )
                )

    def _contact_purpose(self):
        """The consent this revisit needs: a campaign's is marketing, any other is
        a revisit (the follow-up of the guest's own case or stay)."""
        self.ensure_one()
        return "marketing" if self.plan_id.is_campaign else "revisit"

    def _check_consent(self):
        """A guest who declined revisits gets none: refuse with the consent record."""
        self.filtered(lambda r: r.state == "planned")._guard_consent({})

    # ------------------------------------------------------------------
    # Appointment (P3)
    # ------------------------------------------------------------------

    def _event_vals(self):
        start = self.appointment_at
        return {
            "name": self.env._(
                "Revisit %(number)s: %(guest)s",
                number=self.number,
                guest=self.partner_id.name,
            ),
            "start": start,
            "stop": start + timedelta(hours=self.duration or 1.0),
            "location": self.appointment_location,
            "user_id": self.user_id.id,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
        }

    def _create_calendar_event(self):
        Event = self.env["calendar.event"]
        for revisit in self:
            vals = revisit._event_vals()
            vals["partner_ids"] = [
                (6, 0, (revisit.user_id.partner_id | revisit.partner_id).ids)
            ]
            revisit.calendar_event_id = Event.create(vals)
            revisit._sync_guest_attendance()

    def _sync_calendar_event(self):
        """Moving a booked appointment reschedules its meeting and is counted."""
        for revisit in self.filtered("calendar_event_id"):
            event = revisit.calendar_event_id
            vals = revisit._event_vals()
            if event.start != vals["start"]:
                revisit.appointment_reschedule_count += 1
                revisit.appointment_confirmed = False
                revisit.message_post(
                    body=self.env._(
                        "Appointment rescheduled to %(when)s.",
                        when=fields.Datetime.to_string(vals["start"]),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            event.write({k: vals[k] for k in ("start", "stop", "location", "name")})

    def _sync_guest_attendance(self):
        for revisit in self.filtered("calendar_event_id"):
            attendee = revisit.calendar_event_id.attendee_ids.filtered(
                lambda a, r=revisit: a.partner_id == r.partner_id
            )
            attendee.state = (
                "accepted" if revisit.appointment_confirmed else "needsAction"
            )

    # ------------------------------------------------------------------
    # Completion (R1, R4, R6, R7)
    # ------------------------------------------------------------------

    def _check_complete(self, vals=None):
        vals = vals or {}
        for revisit in self:

            def value(field_name, revisit=revisit):
                return vals[field_name] if field_name in vals else revisit[field_name]

            if not value("outcome"):
                raise UserError(
                    self.env._(
                        "Record the outcome of revisit %(number)s.",
                        number=revisit.number,
                    )
                )
            if value("outcome") != "reached":
                continue
            if value("method") == "on_site" and not (
                vals.get("guest_signature") or revisit.sudo().guest_signature
            ):
                # sudo: only whether a signature exists is checked.
                raise UserError(
                    self.env._(
                        "On-site revisit %(number)s needs the guest's signature.",
                        number=revisit.number,
                    )
                )
            if (
                value("complaint_satisfaction") == "dissatisfied"
                and not (value("dissatisfaction_reason") or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "The guest of revisit %(number)s is dissatisfied: record why, "
                        "so the department can rectify it.",
                        number=revisit.number,
                    )
                )

    def _on_completed(self):
        """The effects of completing a revisit, by its button or a raw write."""
        now = fields.Datetime.now()
        for revisit in self:
            revisit._workflow_effects().write(
                {"done_at": revisit.done_at or now, "is_left_open": False}
            )
        self.activity_unlink(["guest_revisit.mail_act_revisit_left_open"])
        self._record_previous_satisfaction()
        self.filtered(lambda r: r.outcome == "declined")._withdraw_consent()
        self.filtered(lambda r: r.outcome == "not_reached")._schedule_next_attempt()
        self.filtered(
            lambda r: (
                r.outcome == "reached" and r.complaint_satisfaction == "dissatisfied"
            )
        )._reopen_complaint()
        self._close_complaint_revisit_activities()

    def _record_previous_satisfaction(self):
        """Whether the guest's previous rated revisit found them dissatisfied: the
        recovery rate counts these revisits."""
        for revisit in self.filtered(
            lambda r: r.outcome == "reached" and r.complaint_satisfaction
        ):
            # sudo: the guest's previous revisit may be another employee's, hidden by
            # the record rules; only its satisfaction is read.
            previous = self.sudo().search(
                [
                    (
                        "partner_id",
                        "child_of",
                        revisit.partner_id.commercial_partner_id.id,
                    ),
                    ("state", "=", "done"),
                    ("outcome", "=", "reached"),
                    ("complaint_satisfaction", "!=", False),
                    "|",
                    ("done_at", "<", revisit.done_at),
                    "&",
                    ("done_at", "=", revisit.done_at),
                    ("id", "<", revisit.id),
                ],
                order="done_at desc, id desc",
                limit=1,
            )
            revisit._workflow_effects().write(
                {
                    "follows_dissatisfied": previous.complaint_satisfaction
                    == "dissatisfied"
                }
            )

    def _withdraw_consent(self):
        """R1: a guest who declines is not contacted again, from now on and by every
        path; their other planned revisits are cancelled, visibly."""
        for revisit in self:
            reason = revisit.decline_reason or self.env._(
                "Declined revisit %(number)s", number=revisit.number
            )
            # sudo: consent fields are personal data; staff record a refusal they heard.
            # The history keeps the revisit as the evidence of the refusal.
            revisit.partner_id.commercial_partner_id.sudo().with_context(
                guest_consent_channel="phone" if revisit.method == "phone" else "desk",
                guest_consent_evidence=f"guest.revisit,{revisit.id}",
            ).write(
                {
                    "guest_do_not_contact": True,
                    "guest_do_not_contact_reason": reason,
                    "guest_do_not_contact_source": "declined_revisit",
                }
            )
            others = self.search(
                [
                    (
                        "partner_id",
                        "child_of",
                        revisit.partner_id.commercial_partner_id.id,
                    ),
                    ("state", "=", "planned"),
                ]
            )
            for other in others:
                other.message_post(
                    body=self.env._(
                        "Cancelled: the guest declined revisits in %(number)s.",
                        number=revisit.number,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            others.action_cancel()

    def _schedule_next_attempt(self):
        """Not reached: the next contact is a new record, at the time asked or the
        same time on the next working day."""
        vals_list = []
        for revisit in self:
            vals_list.append(
                {
                    "plan_id": revisit.plan_id.id,
                    "complaint_id": revisit.complaint_id.id,
                    "partner_id": revisit.partner_id.id,
                    "user_id": revisit.user_id.id,
                    "company_id": revisit.company_id.id,
                    "method": revisit.method,
                    "parent_id": revisit.id,
                    "scheduled_at": revisit.next_attempt_at
                    or revisit._next_working_day(
                        revisit.scheduled_at or revisit.done_at
                    ),
                }
            )
        return self.create(vals_list)

    def _next_working_day(self, moment):
        """The same time of the staff member's day, on the company calendar's next
        working day (public holidays excluded)."""
        calendar = self.company_id.resource_calendar_id
        calendar_tz = pytz.timezone(calendar.tz or "UTC")
        staff_tz = pytz.timezone(self.user_id.tz or calendar.tz or "UTC")
        local = pytz.utc.localize(moment).astimezone(staff_tz)
        start = local_to_utc(
            local.date() + timedelta(days=1), time.min, calendar_tz, naive=False
        )
        due = calendar.plan_days(1, start, compute_leaves=True) if calendar else None
        next_day = local_date(due, calendar_tz) if due else start.date()
        return local_to_utc(next_day, local.time(), staff_tz)

    def _reopen_complaint(self):
        """R7: a guest dissatisfied with the handling sends the complaint back to its
        department for rectification."""
        for revisit in self:
            complaint = revisit.complaint_id
            if complaint.state not in ("resolved", "closed"):
                continue
            complaint.action_reopen()
            complaint.message_post(
                body=self.env._(
                    "Reopened by revisit %(number)s: the guest is dissatisfied. "
                    "%(reason)s",
                    number=revisit.number,
                    reason=revisit.dissatisfaction_reason,
                ),
                subtype_xmlid="mail.mt_comment",
                partner_ids=complaint.user_id.partner_id.ids,
            )

    def _close_complaint_revisit_activities(self):
        """The complaint's mandatory revisit is done once a revisit reached the guest,
        which the complaint dates for its timeliness (K1); the call about the insurer
        once the guest rated the insurer."""
        reached = self.filtered(lambda r: r.outcome == "reached" and r.complaint_id)
        if not reached:
            return
        types = self.env["guest.complaint"]._mandatory_revisit_types()
        general = reached.complaint_id._activities_of_types(
            [types["revisit"].id, types["revisit_on_site"].id]
        )
        insurer = reached.filtered(
            "insurer_satisfaction"
        ).complaint_id._activities_of_types(types["revisit_insurer"].ids)
        for revisit in reached:
            complaint = revisit.complaint_id
            if complaint.state in ("resolved", "closed") and not complaint.revisited_at:
                complaint._workflow_effects().revisited_at = revisit.done_at
        # The done note goes to the complaint's chatter: in its company's language.
        in_lang = reached.complaint_id._in_chatter_lang()
        feedback = in_lang.env._(
            "Revisited: %(numbers)s", numbers=", ".join(reached.mapped("number"))
        )
        (general | insurer).with_env(in_lang.env).action_feedback(feedback=feedback)

    @api.model
    def _cron_flag_left_open(self):
        """R6: at each staff member's end of day, in their time zone, flag the day's
        records still open, once. In batches: inside a cron job each batch is
        committed with its progress, and a job run again after a crash goes on with
        the revisits not flagged yet. Returns the revisits flagged."""
        batch_size = cron_batch_size(self.env)
        in_cron = bool(self.env.context.get("cron_id"))
        now = fields.Datetime.now()
        domain = Domain(
            [
                ("state", "=", "planned"),
                ("is_left_open", "=", False),
                ("scheduled_at", "<=", now),
            ]
        )
        if in_cron:
            self.env["ir.cron"]._commit_progress(remaining=self.search_count(domain))
        flagged = self.browse()
        last_id = 0
        # Revisits not yet at their staff member's day end stay candidates: the
        # batches go by id so that each is looked at once per run.
        while candidates := self.search(
            domain & Domain("id", ">", last_id), order="id", limit=batch_size
        ):
            last_id = candidates[-1].id
            batch = candidates._flag_left_open(now)
            flagged |= batch
            if in_cron and not self.env["ir.cron"]._commit_progress(len(candidates)):
                break  # out of time: ir.cron runs the job again for the rest
        return flagged

    def _flag_left_open(self, now):
        """Flag those of these open revisits whose day has ended for their staff
        member, with an activity each in that person's language; one create for
        all, without the assignment mail per activity (the activity is the
        reminder, on the staff member's own revisits)."""
        utc_now = pytz.utc.localize(now)
        to_flag = self.browse()
        for revisit in self:
            tz = pytz.timezone(revisit.user_id.tz or "UTC")
            local_now = utc_now.astimezone(tz)
            local_day = local_date(revisit.scheduled_at, tz)
            day_end = revisit.company_id.revisit_day_end_hour
            if local_day < local_now.date() or (
                local_now.hour + local_now.minute / 60.0 >= day_end
            ):
                to_flag |= revisit
        if not to_flag:
            return to_flag
        to_flag.write({"is_left_open": True})
        # Each activity names its revisit, one record at a time: named all at once.
        to_flag.mapped("display_name")
        left_open = self.env.ref("guest_revisit.mail_act_revisit_left_open")
        summaries = {}
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for revisit in to_flag:
            user = revisit.user_id
            if user.lang not in summaries:
                # The cron writes it for the staff member: in their language.
                summaries[user.lang] = left_open.with_context(lang=user.lang).summary
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": revisit.id,
                    "activity_type_id": left_open.id,
                    "summary": summaries[user.lang],
                    "note": left_open.default_note,
                    "user_id": user.id,
                    "date_deadline": utc_now.astimezone(
                        pytz.timezone(user.tz or "UTC")
                    ).date(),
                    "automated": True,
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            vals_list
        )
        return to_flag

    # ------------------------------------------------------------------
    # Problems raised (R5)
    # ------------------------------------------------------------------

    def _check_problem(self):
        if not (self.problem_description or "").strip():
            raise UserError(self.env._("Describe the problem the guest raised first."))
