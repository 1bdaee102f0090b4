from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import PERSONAL_DATA_GROUPS, fill_numbers, local_date
from .guest_complaint_duplicate_mixin import open_summaries_trigram_index
from .guest_revisit_workflow_mixin import DESK_MANAGER, USER, Transition
from .value_checks import check_values

SEVERITIES = [
    ("general", "General"),
    ("important", "Important"),
    ("urgent", "Urgent"),
]
CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("website", "Online Chat / Website"),
    ("on_site", "On Site"),
    ("social", "Review Site / Social Media"),
    ("helpdesk", "Helpdesk Ticket"),
    ("other", "Other"),
]
CAUSE_CATEGORIES = [
    ("service", "Service Flaw"),
    ("product", "Product Problem"),
    ("third_party", "Third Party"),
    ("force_majeure", "Force Majeure"),
    ("misunderstanding", "Misunderstanding"),
]
COMPENSATION_TYPES = [
    ("none", "None"),
    ("refund", "Refund"),
    ("voucher", "Voucher"),
    ("upgrade", "Upgrade"),
    ("gift", "Gift"),
]
# The two deadlines of the flow: (deadline field, done-at field, escalated flag,
# activity xmlid).
DEADLINES = {
    "first_contact": (
        "first_contact_deadline",
        "first_contact_at",
        "first_contact_escalated",
        "guest_revisit.mail_act_complaint_first_contact",
    ),
    "feedback": (
        "feedback_deadline",
        "fed_back_at",
        "feedback_escalated",
        "guest_revisit.mail_act_complaint_feedback",
    ),
}
SEVERITY_RANK = {"general": 0, "important": 1, "urgent": 2}
# The steps in which a complaint's first contact and feedback deadlines run.
DEADLINE_STATES = ("new", "assigned", "investigating", "resolved")
# The steps after which its mandatory revisit is due.
REVISIT_DUE_STATES = ("resolved", "closed")


def _sql_list(values):
    return ", ".join(f"'{value}'" for value in values)


class GuestComplaint(models.Model):
    _name = "guest.complaint"
    _description = "Guest Complaint"
    # hr.mixin: staff without HR rights may still link the employees involved (Odoo 19
    # requires read access to a many2many's comodel otherwise).
    # The duplicate mixin first: its message_new runs before mail.thread's creates.
    _inherit = [
        "guest.complaint.duplicate.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "hr.mixin",
        "guest.revisit.workflow.mixin",
        "guest.revisit.mandatory.mixin",
        "guest.complaint.booking.mixin",
    ]
    _order = "priority desc, received_at desc, id desc"
    _rec_names_search = ["number", "name", "partner_id"]
    _check_company_auto = True

    def _default_stage_id(self):
        return self.env["guest.complaint.stage"].search(
            [("state", "=", "new")], limit=1
        )

    def _default_currency_id(self):
        return self.env.company.currency_id

    # Registration (C1, C2)
    number = fields.Char(
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    # Trigram index: similar summaries are found at intake (duplicate mixin).
    name = fields.Char(string="Summary", required=True, tracking=True, index="trigram")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, tracking=True, index=True
    )
    contact_phone = fields.Char(
        compute="_compute_contact",
        store=True,
        readonly=False,
        index="btree_not_null",
        groups=PERSONAL_DATA_GROUPS,
    )
    contact_email = fields.Char(
        compute="_compute_contact",
        store=True,
        readonly=False,
        index="btree_not_null",
        groups=PERSONAL_DATA_GROUPS,
    )
    received_at = fields.Datetime(
        required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    occurred_at = fields.Datetime()
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    site_id = fields.Many2one(
        "guest.complaint.site",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    description = fields.Html()
    employee_ids = fields.Many2many(
        "hr.employee", string="Employees Involved", check_company=True
    )
    other_persons = fields.Char(
        string="Other Persons Involved",
        help="People involved who are not employees, e.g. outside guides or drivers.",
    )
    concerns = fields.Char(
        string="Tour / Itinerary / Stay",
        help="The tour, itinerary or stay the complaint is about.",
    )
    category_id = fields.Many2one(
        "guest.complaint.category", tracking=True, check_company=True, index=True
    )
    # Evaluation and assignment (C3, C4)
    severity = fields.Selection(
        SEVERITIES, required=True, default="general", tracking=True, index=True
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Top")],
        compute="_compute_priority",
        store=True,
        readonly=False,
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Handling Department",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    stage_id = fields.Many2one(
        "guest.complaint.stage",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids",
        tracking=True,
        copy=False,
        ondelete="restrict",
    )
    state = fields.Selection(
        string="Step", related="stage_id.state", store=True, index=True
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    color = fields.Integer()
    assigned_at = fields.Datetime(readonly=True, copy=False)
    first_contact_deadline = fields.Datetime(
        compute="_compute_first_contact_deadline", store=True, copy=False
    )
    first_contact_at = fields.Datetime(copy=False, tracking=True)
    first_contact_on_time = fields.Boolean(
        compute="_compute_first_contact_on_time", store=True, copy=False
    )
    first_contact_escalated = fields.Boolean(readonly=True, copy=False)
    # Investigation (C5)
    root_cause = fields.Text()
    cause_category = fields.Selection(CAUSE_CATEGORIES, tracking=True)
    responsible_department_id = fields.Many2one(
        "hr.department", string="Department at Fault", check_company=True
    )
    responsible_employee_id = fields.Many2one(
        "hr.employee", string="Employee at Fault", check_company=True
    )
    evidence_count = fields.Integer(compute="_compute_evidence_count")
    # Solution (C6)
    corrective_action = fields.Text(string="Solution")
    compensation_type = fields.Selection(
        COMPENSATION_TYPES, default="none", required=True, tracking=True
    )
    compensation_amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self._default_currency_id(), required=True
    )
    improvement_measures = fields.Text()
    guest_accepted = fields.Boolean(string="Guest Accepted the Solution", tracking=True)
    # Result (C7)
    resolved_at = fields.Datetime(readonly=True, copy=False)
    feedback_deadline = fields.Datetime(
        compute="_compute_feedback_deadline", store=True, copy=False
    )
    fed_back_at = fields.Datetime(
        string="Result Fed Back At", copy=False, tracking=True
    )
    feedback_on_time = fields.Boolean(
        compute="_compute_feedback_on_time", store=True, copy=False
    )
    feedback_escalated = fields.Boolean(readonly=True, copy=False)
    # The deadline the desk works against now: the first contact's, then the result
    # feedback's. Stored, so that lists and kanban sort and filter on it.
    open_deadline = fields.Datetime(
        compute="_compute_open_deadline",
        store=True,
        help="The first contact's deadline until the guest is contacted, then the "
        "result feedback's until it is given.",
    )
    guest_satisfied = fields.Selection(
        [("satisfied", "Satisfied"), ("dissatisfied", "Dissatisfied")],
        string="Guest Satisfaction",
        tracking=True,
        copy=False,
    )
    reopen_count = fields.Integer(readonly=True, copy=False)
    # Mandatory revisit (C10)
    revisit_requested_date = fields.Date(
        string="Revisit Date Asked by the Guest",
        tracking=True,
        copy=False,
        help="When set, the mandatory revisit is due that day instead of after the "
        "company's working days.",
    )
    revisit_due_date = fields.Date(readonly=True, copy=False, index=True)
    revisit_waived = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="The mandatory revisit was waived: counted apart in the figures, never "
        "as on time.",
    )
    revisit_waived_by_id = fields.Many2one(
        "res.users", string="Waived By", readonly=True, copy=False
    )
    revisit_waived_at = fields.Datetime(string="Waived On", readonly=True, copy=False)
    revisit_waiver_reason = fields.Text(
        string="Waiver Reason", readonly=True, copy=False, tracking=True
    )
    revisited_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When a revisit first reached the guest after the last resolution.",
    )
    revisit_on_time = fields.Boolean(
        string="Revisited On Time",
        compute="_compute_revisit_on_time",
        store=True,
        copy=False,
        help="Revisited by the due date, counted in the company calendar's time zone.",
    )
    representative_problem = fields.Boolean(
        tracking=True,
        help="A problem representative of others: the guest is revisited on site.",
    )
    valuable_suggestion = fields.Boolean(
        string="Sincere Opinion / Valuable Suggestion",
        tracking=True,
        help="The guest gave sincere opinions or good suggestions: the guest is "
        "revisited on site.",
    )
    # Injured guests handed to an insurer (C9)
    guest_injured = fields.Boolean(
        tracking=True,
        help="The guest was injured and handed to an insurer: a phone revisit about "
        "the claim and the guest's satisfaction with the insurer is mandatory.",
    )
    insurer_id = fields.Many2one("res.partner", tracking=True)
    insurance_claim_number = fields.Char(string="Claim Number", tracking=True)
    insurance_claim_status = fields.Selection(
        [
            ("filed", "Filed"),
            ("in_progress", "In Progress"),
            ("settled", "Settled"),
            ("rejected", "Rejected"),
        ],
        string="Claim Status",
        tracking=True,
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    revisit_ids = fields.One2many("guest.revisit", "complaint_id", string="Revisits")
    revisit_count = fields.Integer(compute="_compute_revisit_count")
    # Staff see that the guest was anonymised, nothing more.
    partner_anonymized = fields.Boolean(
        string="Guest Anonymised", related="partner_id.guest_anonymized"
    )

    # A list page reads its first rows in _order; the kanban reads each column's first
    # cards in _order, then counts the columns and their severity bars: all from an
    # index, not from the whole table (tests/benchmarks measures them). They also serve
    # lookups by priority or stage alone, which need no index of their own. The
    # partial index counts the open complaints alone, as the desk's default "Open"
    # filter asks, so that those counts follow the work open, not the history kept.
    _order_idx = models.Index("(priority DESC, received_at DESC, id DESC)")
    _stage_order_idx = models.Index(
        "(stage_id, priority DESC, received_at DESC, id DESC)"
    )
    _company_stage_severity_idx = models.Index("(company_id, stage_id, severity)")
    _open_stage_severity_idx = models.Index(
        "(company_id, stage_id, severity) WHERE is_closed IS NOT TRUE"
    )
    # The escalation cron looks only at pending deadlines: these stay small however many
    # complaints are kept.
    _first_contact_pending_idx = models.Index(
        "(first_contact_deadline) WHERE first_contact_at IS NULL"
        " AND first_contact_escalated IS NOT TRUE"
    )
    _feedback_pending_idx = models.Index(
        "(feedback_deadline) WHERE fed_back_at IS NULL"
        " AND feedback_escalated IS NOT TRUE"
    )
    # The dashboard's "due now" lists every open deadline, escalated or not, the
    # nearest first: these hold only those, whatever the history kept.
    _first_contact_open_idx = models.Index(
        "(first_contact_deadline, id) WHERE first_contact_at IS NULL"
        f" AND state IN ({_sql_list(DEADLINE_STATES)})"
    )
    _feedback_open_idx = models.Index(
        "(feedback_deadline, id) WHERE fed_back_at IS NULL"
        f" AND state IN ({_sql_list(DEADLINE_STATES)})"
    )
    _revisit_due_idx = models.Index(
        "(revisit_due_date, id) WHERE revisited_at IS NULL"
        " AND revisit_waived IS NOT TRUE"
        f" AND state IN ({_sql_list(REVISIT_DUE_STATES)})"
    )
    # Similar summaries at intake are looked for among the open complaints only.
    _open_name_trigram_idx = models.Index(open_summaries_trigram_index)

    _compensation_amount_positive = models.Constraint(
        "CHECK(compensation_amount >= 0)",
        "The compensation amount cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------

    def _compute_revisit_count(self):
        counts = dict(
            self.env["guest.revisit"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.revisit_count = counts.get(complaint, 0)

    @api.depends("partner_id")
    def _compute_contact(self):
        for complaint in self:
            complaint.contact_phone = complaint.partner_id.phone
            complaint.contact_email = complaint.partner_id.email

    @api.depends("severity")
    def _compute_priority(self):
        for complaint in self:
            complaint.priority = str(SEVERITY_RANK[complaint.severity])

    @api.depends("category_id")
    def _compute_department_id(self):
        for complaint in self:
            if complaint.category_id.department_id:
                complaint.department_id = complaint.category_id.department_id

    @api.depends("assigned_at", "severity")
    def _compute_first_contact_deadline(self):
        # Company settings are read when the deadline is set, not tracked: changing them
        # applies to later assignments and leaves past deadlines as they were.
        for complaint in self:
            complaint.first_contact_deadline = complaint._deadline_after(
                complaint.assigned_at, "first_contact"
            )

    @api.depends("resolved_at", "severity")
    def _compute_feedback_deadline(self):
        for complaint in self:
            complaint.feedback_deadline = complaint._deadline_after(
                complaint.resolved_at, "feedback"
            )

    @api.depends(
        "state",
        "first_contact_deadline",
        "first_contact_at",
        "feedback_deadline",
        "fed_back_at",
    )
    def _compute_open_deadline(self):
        for complaint in self:
            pending = [
                complaint[deadline]
                for deadline, done, _flag, _activity in DEADLINES.values()
                if complaint[deadline] and not complaint[done]
            ]
            finished = complaint.state in ("closed", "cancelled")
            complaint.open_deadline = pending[0] if pending and not finished else False

    @api.depends("first_contact_at", "first_contact_deadline")
    def _compute_first_contact_on_time(self):
        for complaint in self:
            complaint.first_contact_on_time = bool(
                complaint.first_contact_at
                and complaint.first_contact_deadline
                and complaint.first_contact_at <= complaint.first_contact_deadline
            )

    @api.depends("fed_back_at", "feedback_deadline")
    def _compute_feedback_on_time(self):
        for complaint in self:
            complaint.feedback_on_time = bool(
                complaint.fed_back_at
                and complaint.feedback_deadline
                and complaint.fed_back_at <= complaint.feedback_deadline
            )

    @api.depends("revisited_at", "revisit_due_date", "revisit_waived")
    def _compute_revisit_on_time(self):
        for complaint in self:
            if complaint.revisit_waived:
                complaint.revisit_on_time = False
                continue
            revisited_day = complaint.revisited_at and local_date(
                complaint.revisited_at, complaint._calendar_tz()
            )
            complaint.revisit_on_time = bool(
                revisited_day
                and complaint.revisit_due_date
                and revisited_day <= complaint.revisit_due_date
            )

    def _calendar_tz(self):
        return pytz.timezone((self.company_id or self.env.company)._days_tz())

    def _compute_evidence_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for complaint in self:
            complaint.evidence_count = counts.get(complaint.id, 0)

    @api.depends(
        "first_contact_deadline", "first_contact_at", "feedback_deadline", "fed_back_at"
    )
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.is_overdue = any(
                complaint[deadline]
                and not complaint[done]
                and complaint[deadline] < now
                for deadline, done, _flag, _activity in DEADLINES.values()
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        now = fields.Datetime.now()
        overdue = [
            "|",
            "&",
            ("first_contact_deadline", "<", now),
            ("first_contact_at", "=", False),
            "&",
            ("feedback_deadline", "<", now),
            ("fed_back_at", "=", False),
        ]
        if (operator == "in") == (True in value):
            return overdue
        return ["!", *overdue]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([("active", "=", True)], order=stages._order)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    @api.depends("number", "name")
    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = (
                f"{complaint.number} {complaint.name or ''}".strip()
            )

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------

    @api.constrains("occurred_at", "received_at")
    def _check_occurred_before_received(self):
        for complaint in self:
            if complaint.occurred_at and complaint.occurred_at > complaint.received_at:
                raise ValidationError(
                    self.env._(
                        "Complaint %(number)s: it cannot have occurred after it was "
                        "received.",
                        number=complaint.number,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------------

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        """Same signature as ``BaseModel._read_group`` (a test checks it against
        Odoo's): grouping by stage in the stages' order, as the kanban columns and
        their progress bars ask, reads the groups without joining every complaint
        to its stage to sort (the join tripled the time of the columns' counts at
        100k complaints), then ``_sort_groups_by_stage`` sorts the handful of
        groups."""
        # Odoo's public read_group hands the group-bys over as any sequence.
        groupby, aggregates, having = tuple(groupby), tuple(aggregates), list(having)
        if self._read_group_sorts_by_stage(groupby, offset, limit, order):
            # Without an order, the groups come sorted by the raw values.
            groups = super()._read_group(domain, groupby, aggregates, having)
            return self._sort_groups_by_stage(groups)
        return super()._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    @api.model
    def _read_group_sorts_by_stage(self, groupby, offset, limit, order):
        """Whether the groups are all asked for, first by stage, in the group-bys'
        own order (ascending), as the web client's grouped views ask."""
        if not groupby or groupby[0] != "stage_id" or offset or limit or not order:
            return False
        terms = [term.split() for term in order.split(",")]
        return [term[0] for term in terms] == list(groupby) and all(
            len(term) == 1 or (len(term) == 2 and term[1].lower() == "asc")
            for term in terms
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_values(vals_list)
        vals_list = [self._state_as_stage(vals) for vals in vals_list]
        self._workflow_check_create(vals_list)
        fill_numbers(self.env, vals_list, "guest.complaint")
        if "default_stage_id" not in self.env.context:
            # A complaint registered with its responsible is born assigned: one insert
            # rather than an insert and a stage move. The stage is always written out
            # so that mail.thread tracks it on creation (_track_template).
            now = fields.Datetime.now()
            assigned_stage = first_stage = None
            for vals in vals_list:
                if vals.get("stage_id"):
                    continue
                if vals.get("user_id"):
                    assigned_stage = assigned_stage or self._stage_of_state("assigned")
                    vals["stage_id"] = assigned_stage.id
                    vals.setdefault("assigned_at", now)
                else:
                    first_stage = first_stage or self._default_stage_id()
                    vals["stage_id"] = first_stage.id
        complaints = super().create(vals_list)
        complaints.filtered(lambda c: c.user_id and c.state == "new")._move_to_state(
            "assigned"
        )
        complaints._sync_deadline_activities()
        complaints.filtered(
            lambda c: c.severity != "general" and not c.is_closed
        )._notify_severity()
        complaints._mail_acknowledgement()
        return complaints

    def write(self, vals):
        self._check_values([vals])
        vals = self._state_as_stage(vals)
        if vals.get("user_id") and "stage_id" not in vals:
            # Giving a new complaint its responsible assigns it, in the same write.
            unassigned = self.filtered(lambda c: c.state == "new")
            if unassigned and unassigned != self:
                return (self - unassigned).write(vals) and unassigned.write(vals)
            if unassigned:
                vals = dict(vals, stage_id=self._stage_of_state("assigned").id)
        raised = self.env["guest.complaint"]
        if vals.get("severity"):
            raised = self.filtered(
                lambda c: SEVERITY_RANK[vals["severity"]] > SEVERITY_RANK[c.severity]
            )
        previous_states = {complaint.id: complaint.state for complaint in self}
        # Refused before anything is written, so a refused move leaves no trace.
        self._workflow_check_write(vals)
        res = super().write(vals)
        if vals.get("stage_id"):
            self._on_stage_changed(previous_states)
        if {"stage_id", "user_id", "severity", "first_contact_at", "fed_back_at"} & set(
            vals
        ):
            self._sync_deadline_activities()
        raised._notify_severity()
        return res

    @api.model
    def _state_as_stage(self, vals):
        """The step follows the stage: writing the step is moving to its stage."""
        if "state" not in vals:
            return vals
        vals = dict(vals)
        state = vals.pop("state")
        if state:
            vals["stage_id"] = self._stage_of_state(state).id
        return vals

    # ------------------------------------------------------------------
    # Action methods
    # ------------------------------------------------------------------

    def action_assign(self):
        self._move_to_state("assigned")

    def action_record_first_contact(self):
        self.check_access("write")
        self.filtered(lambda c: not c.first_contact_at)._workflow_effects().write(
            {"first_contact_at": fields.Datetime.now()}
        )
        self.filtered(lambda c: c.state == "assigned")._move_to_state("investigating")

    def action_start_investigation(self):
        self._move_to_state("investigating")

    def action_resolve(self):
        self._move_to_state("resolved")

    def action_record_feedback(self):
        unresolved = self.filtered(lambda c: c.state != "resolved")
        if unresolved:
            raise UserError(
                self.env._(
                    "Only resolved complaints can have their result fed back: "
                    "%(numbers)s.",
                    numbers=", ".join(unresolved.mapped("number")),
                )
            )
        self.check_access("write")
        self.filtered(lambda c: not c.fed_back_at)._workflow_effects().write(
            {"fed_back_at": fields.Datetime.now()}
        )

    def action_close(self):
        self._move_to_state("closed")

    def action_cancel(self):
        self._move_to_state("cancelled")

    def action_reopen(self):
        not_reopenable = self.filtered(lambda c: c.state not in ("resolved", "closed"))
        for complaint in not_reopenable:
            raise UserError(
                complaint._workflow_no_move_message("state", complaint.state, "")
                or self.env._(
                    "Only resolved or closed complaints can be reopened: %(numbers)s.",
                    numbers=", ".join(not_reopenable.mapped("number")),
                )
            )
        self._move_to_state("investigating")

    def action_waive_revisit(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Waive the Revisit"),
            "res_model": "guest.complaint.revisit.waiver",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_ids": self.ids},
        }

    def action_correct_time(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct a Recorded Time"),
            "res_model": "guest.complaint.time.correction",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_create_revisit(self):
        """Record the mandatory revisit (C10): a revisit of the guest, due on the
        revisit date, on site when the complaint asks for it."""
        self.ensure_one()
        refusal = self.partner_id._guest_contact_refusal()
        if refusal:
            raise UserError(refusal)
        revisit = self.env["guest.revisit"].create(
            {
                "complaint_id": self.id,
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "user_id": (self.user_id or self.env.user).id,
                "scheduled_at": fields.Datetime.now(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "guest.revisit",
            "res_id": revisit.id,
            "view_mode": "form",
        }

    def action_view_revisits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit.guest_revisit_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {
            "default_complaint_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_evidence(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_attachment")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {"default_res_model": self._name, "default_res_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _sort_groups_by_stage(self, groups):
        """Groups whose first key is a stage, in the stages' own order. Python's
        sort is stable, so the later group-bys keep their order within a stage; no
        stage sorts last, as NULL does in SQL."""
        stages = self.env["guest.complaint.stage"].browse(
            group[0].id for group in groups if group[0]
        )
        rank = {stage.id: index for index, stage in enumerate(stages.sorted())}
        return sorted(groups, key=lambda group: rank.get(group[0].id, len(rank)))

    @api.model
    def _check_values(self, vals_list):
        """Readable messages for values people can get wrong over the API, before the
        ORM's own conversion errors."""
        check_values(self, vals_list)

    # ------------------------------------------------------------------
    # Transition table (C8, C10)
    # ------------------------------------------------------------------

    @api.model
    def _workflow_transitions(self):
        assign = Transition((USER,), "_guard_has_responsible", self.env._("Assign"))
        investigate = Transition(
            (USER,), "_guard_has_responsible", self.env._("Investigate")
        )
        resolve = Transition((USER,), "_guard_resolvable", self.env._("Resolve"))
        close = Transition((USER,), "_guard_closable", self.env._("Close"))
        reopen = Transition((USER,), "_guard_has_responsible", self.env._("Reopen"))
        cancel = Transition((DESK_MANAGER,), None, self.env._("Cancel"))
        return {
            "state": {
                ("new", "assigned"): assign,
                ("new", "investigating"): investigate,
                ("new", "resolved"): resolve,
                ("new", "cancelled"): cancel,
                ("assigned", "investigating"): investigate,
                ("assigned", "resolved"): resolve,
                ("assigned", "cancelled"): cancel,
                ("investigating", "assigned"): assign,
                ("investigating", "resolved"): resolve,
                ("investigating", "cancelled"): cancel,
                ("resolved", "closed"): close,
                ("resolved", "investigating"): reopen,
                ("resolved", "assigned"): reopen,
                ("resolved", "cancelled"): cancel,
                ("closed", "investigating"): reopen,
                ("closed", "assigned"): reopen,
            }
        }

    @api.model
    def _workflow_initial_values(self):
        return {"state": ("new", "assigned")}

    @api.model
    def _workflow_effect_fields(self):
        contacted = self.env._("Guest Contacted")
        fed_back = self.env._("Result Fed Back")
        correct = self.env._("Correct a Recorded Time")
        waive = self.env._("Waive the Revisit")
        return {
            "assigned_at": self.env._("Assign"),
            "first_contact_at": contacted,
            "first_contact_on_time": contacted,
            "first_contact_deadline": correct,
            "first_contact_escalated": contacted,
            "resolved_at": self.env._("Resolve"),
            "fed_back_at": fed_back,
            "feedback_on_time": fed_back,
            "feedback_deadline": correct,
            "feedback_escalated": fed_back,
            "reopen_count": self.env._("Reopen"),
            "revisit_due_date": self.env._("Resolve"),
            "revisited_at": self.env._("Complete (on the revisit)"),
            "revisit_on_time": self.env._("Complete (on the revisit)"),
            "revisit_waived": waive,
            "revisit_waived_by_id": waive,
            "revisit_waived_at": waive,
            "revisit_waiver_reason": waive,
            **self._booking_effect_fields(),
        }

    def _workflow_target(self, field_name, vals):
        if field_name == "state":
            if vals.get("stage_id"):
                return self.env["guest.complaint.stage"].browse(vals["stage_id"]).state
            return None
        return super()._workflow_target(field_name, vals)

    def _workflow_no_move_message(self, field_name, current, target):
        if field_name != "state":
            return None
        if current == "cancelled":
            return self.env._(
                "Complaint %(number)s is cancelled: it cannot be reopened or moved. "
                "Register a new complaint instead.",
                number=self.number,
            )
        if target == "new":
            return self.env._(
                "Complaint %(number)s cannot go back to a new stage once handling has "
                "started.",
                number=self.number,
            )
        if current == "closed" and target == "cancelled":
            return self.env._(
                "Complaint %(number)s is closed: it cannot be cancelled.",
                number=self.number,
            )
        if target == "closed":
            return self.env._(
                "Complaint %(number)s must be resolved before it is closed.",
                number=self.number,
            )
        return None

    def _guard_has_responsible(self, vals):
        for complaint in self:
            if not (vals["user_id"] if "user_id" in vals else complaint.user_id):
                raise UserError(
                    self.env._(
                        "Complaint %(number)s needs a responsible person first.",
                        number=complaint.number,
                    )
                )

    def _guard_resolvable(self, vals):
        self._guard_has_responsible(vals)
        for complaint in self:

            def value(field_name, complaint=complaint):
                return vals[field_name] if field_name in vals else complaint[field_name]

            if not (value("corrective_action") or "").strip():
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot be resolved without a solution: "
                        "describe the corrective action first.",
                        number=complaint.number,
                    )
                )
            if value("guest_injured") and not (
                value("insurer_id") and value("insurance_claim_number")
            ):
                raise UserError(
                    self.env._(
                        "Complaint %(number)s: the guest was injured; enter the "
                        "insurer and the claim number before resolving.",
                        number=complaint.number,
                    )
                )

    def _guard_closable(self, vals):
        """Closed only once the result was fed back and the mandatory revisit, and for
        an injured guest the call about the claim, are done or waived."""
        pending = self._mandatory_revisit_pending()
        for complaint in self:
            if not complaint.fed_back_at:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot be closed before its result has "
                        "been fed back: record the feedback first.",
                        number=complaint.number,
                    )
                )
            if pending.get(complaint.id):
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot be closed yet, still to do: "
                        "%(pending)s. Complete it, or have a desk manager waive it "
                        "with a reason (Waive the Revisit).",
                        number=complaint.number,
                        pending=", ".join(pending[complaint.id]),
                    )
                )

    def _mandatory_revisit_pending(self):
        """{complaint id: [what is still to do]} of the mandatory revisit since the last
        resolution, in one query for all complaints."""
        injured = self.filtered(lambda c: c.guest_injured and not c.revisit_waived)
        claim_called = set()
        if injured:
            revisits = self.env["guest.revisit"].search(
                [
                    ("complaint_id", "in", injured.ids),
                    ("state", "=", "done"),
                    ("outcome", "=", "reached"),
                    ("insurer_satisfaction", "!=", False),
                ]
            )
            claim_called = {
                revisit.complaint_id.id
                for revisit in revisits
                if revisit.done_at
                and revisit.complaint_id.resolved_at
                and revisit.done_at >= revisit.complaint_id.resolved_at
            }
        pending = {}
        for complaint in self.filtered(lambda c: not c.revisit_waived):
            missing = []
            if not complaint.revisited_at:
                missing.append(self.env._("the mandatory revisit"))
            if complaint.guest_injured and complaint.id not in claim_called:
                missing.append(self.env._("the call about the insurance claim"))
            if missing:
                pending[complaint.id] = missing
        return pending

    def _waive_mandatory_revisit(self, reason):
        """Record who waived the mandatory revisit, when and why; its activities are
        closed with the reason."""
        self._workflow_effects().write(
            {
                "revisit_waived": True,
                "revisit_waived_by_id": self.env.user.id,
                "revisit_waived_at": fields.Datetime.now(),
                "revisit_waiver_reason": reason,
            }
        )
        revisit_type_ids = [t.id for t in self._mandatory_revisit_types().values()]
        activities = self._activities_of_types(revisit_type_ids)
        if activities:
            activities.action_feedback(
                feedback=self.env._("Waived: %(reason)s", reason=reason)
            )
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "Mandatory revisit waived by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Stage flow (C8)
    # ------------------------------------------------------------------

    def _move_to_state(self, state):
        if self:
            self.write({"stage_id": self._stage_of_state(state).id})

    @api.model
    def _stage_of_state(self, state):
        stage = self.env["guest.complaint.stage"].search(
            [("state", "=", state)], limit=1
        )
        if not stage:
            raise UserError(
                self.env._("No active stage stands for the step %(step)s.", step=state)
            )
        return stage

    def _on_stage_changed(self, previous_states):
        """Apply the effects of entering a step, for buttons and kanban drag-and-drop
        alike: one method per kind of move."""
        moved = self.filtered(lambda c: c.state != previous_states[c.id])
        moved.filtered(
            lambda c: (
                c.state in ("assigned", "investigating", "resolved")
                and not c.assigned_at
            )
        )._on_taken_up()
        reopened = moved.filtered(
            lambda c: (
                previous_states[c.id] in ("resolved", "closed")
                and c.state in ("assigned", "investigating", "cancelled")
            )
        )
        reopened.filtered(lambda c: c.state != "cancelled")._on_reopened()
        reopened._drop_mandatory_revisit()
        moved.filtered(lambda c: c.state == "resolved")._on_resolved()
        moved.filtered(
            lambda c: c.state in ("closed", "cancelled")
        )._close_escalations()

    def _on_taken_up(self):
        self._workflow_effects().write({"assigned_at": fields.Datetime.now()})

    def _on_reopened(self):
        """A reopened complaint is worked again from its result on: its counter goes up
        and what followed the first result is cleared."""
        cleared = {
            "resolved_at": False,
            "revisited_at": False,
            "fed_back_at": False,
            "feedback_escalated": False,
            "guest_satisfied": False,
            "revisit_waived": False,
            "revisit_waived_by_id": False,
            "revisit_waived_at": False,
            "revisit_waiver_reason": False,
        }
        by_count = defaultdict(lambda: self.browse())
        for complaint in self:
            by_count[complaint.reopen_count + 1] |= complaint
        for reopen_count, complaints in by_count.items():
            complaints._workflow_effects().write(
                dict(cleared, reopen_count=reopen_count)
            )

    def _on_resolved(self):
        self._workflow_effects().write({"resolved_at": fields.Datetime.now()})
        self._schedule_mandatory_revisit()
        self._booking_offer()

    # ------------------------------------------------------------------
    # Mandatory revisit (C10)
    # ------------------------------------------------------------------

    def _mandatory_revisit_basis(self):
        """Due after the resolution, sooner for important and urgent complaints,
        unless the guest asked for a date."""
        self.ensure_one()
        return (
            self.resolved_at,
            self.severity in ("important", "urgent"),
            self.revisit_requested_date,
        )

    def _mandatory_revisit_activities(self):
        """On site for representative problems and valuable suggestions; an injured
        guest also gets a call about the insurance claim."""
        self.ensure_one()
        activity_types = self._mandatory_revisit_types()
        keys = [
            "revisit_on_site"
            if self.representative_problem or self.valuable_suggestion
            else "revisit"
        ]
        if self.guest_injured:
            keys.append("revisit_insurer")
        return [
            (activity_types[key], self._mandatory_revisit_note(key)) for key in keys
        ]

    def _mandatory_revisit_write_due(self, due):
        self._workflow_effects().revisit_due_date = due

    def _mandatory_revisit_declined(self, reason):
        # Consent is honoured, visibly: the revisit is waived, citing the guest's
        # refusal on record.
        self._waive_mandatory_revisit(
            self._in_chatter_lang().env._(
                "No mandatory revisit: %(reason)s", reason=reason
            )
        )

    def _mandatory_revisit_note(self, key):
        if key == "revisit_insurer":
            return self.env._(
                "Call the guest about claim %(claim)s with %(insurer)s: its progress "
                "and the guest's satisfaction with the insurer.",
                claim=self.insurance_claim_number,
                insurer=self.insurer_id.name,
            )
        if key == "revisit_on_site":
            return self.env._(
                "Visit the guest on site: representative problem or valuable "
                "suggestion."
            )
        return False

    def _drop_mandatory_revisit(self):
        """A reopened or cancelled complaint is not revisited yet: its pending revisit
        goes, and the next resolution schedules a new one."""
        revisit_type_ids = [t.id for t in self._mandatory_revisit_types().values()]
        self._activities_of_types(revisit_type_ids).unlink()
        self._workflow_effects().revisit_due_date = False

    def _activities_of_types(self, activity_type_ids):
        """The open activities of these types on these complaints, in one query."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "in", activity_type_ids),
            ]
        )

    def _mandatory_revisit_types(self):
        return {
            key: self.env.ref(f"guest_revisit.mail_act_complaint_{key}")
            for key in ("revisit", "revisit_on_site", "revisit_insurer")
        }

    def _close_escalations(self):
        """A finished complaint leaves no escalation open in anyone's activities."""
        escalations = self._activities_of_types(
            self.env.ref("guest_revisit.mail_act_complaint_escalation").ids
        )
        if escalations:
            in_lang = self._in_chatter_lang()
            escalations.with_env(in_lang.env).action_feedback(
                feedback=in_lang.env._("The complaint is finished.")
            )

    # ------------------------------------------------------------------
    # Deadlines and reminders (C4, C7, X4)
    # ------------------------------------------------------------------

    def _deadline_after(self, start, kind):
        if not start:
            return False
        company = self.company_id or self.env.company
        urgent = self.severity == "urgent"
        if kind == "first_contact":
            hours = (
                company.complaint_urgent_first_contact_hours
                if urgent
                else company.complaint_first_contact_hours
            )
        else:
            hours = (
                company.complaint_urgent_feedback_hours
                if urgent
                else company.complaint_feedback_hours
            )
        return start + timedelta(hours=hours)

    def _sync_deadline_activities(self):
        """Keep one activity per pending deadline for the responsible person: scheduled
        when the deadline starts, moved with the responsible or the deadline, marked
        done when the contact or feedback is recorded, dropped when the complaint no
        longer needs it."""
        if not self:
            return
        activity_types = {
            kind: self.env.ref(xmlid) for kind, (_d, _a, _f, xmlid) in DEADLINES.items()
        }
        activities = self._activities_of_types([t.id for t in activity_types.values()])
        by_key = {(a.res_id, a.activity_type_id.id): a for a in activities}
        to_create, to_done, to_drop = [], [], self.env["mail.activity"]
        res_model_id = self.env["ir.model"]._get_id(self._name)
        for complaint in self:
            for kind, (deadline_field, done_field, _flag, _xmlid) in DEADLINES.items():
                activity_type = activity_types[kind]
                activity = by_key.get((complaint.id, activity_type.id))
                deadline = complaint[deadline_field]
                pending = (
                    deadline
                    and not complaint[done_field]
                    and complaint.user_id
                    and complaint.state not in ("closed", "cancelled")
                )
                if pending:
                    deadline_date = fields.Date.context_today(complaint, deadline)
                    if not activity:
                        to_create.append(
                            {
                                "res_model_id": res_model_id,
                                "res_id": complaint.id,
                                "activity_type_id": activity_type.id,
                                # The type's name is shown in each reader's language;
                                # the note is in the assignee's.
                                "summary": False,
                                "note": complaint._for_reader(
                                    complaint.user_id
                                )._deadline_note(kind),
                                "date_deadline": deadline_date,
                                "user_id": complaint.user_id.id,
                            }
                        )
                    elif (activity.user_id, activity.date_deadline) != (
                        complaint.user_id,
                        deadline_date,
                    ):
                        activity.write(
                            {
                                "user_id": complaint.user_id.id,
                                "date_deadline": deadline_date,
                            }
                        )
                elif activity and complaint[done_field]:
                    in_lang = complaint._in_chatter_lang()
                    to_done.append(
                        (
                            activity.with_env(in_lang.env),
                            in_lang._deadline_done_feedback(kind),
                        )
                    )
                elif activity:
                    to_drop |= activity
        if to_create:
            # The responsible is already told of the assignment by mail: the deadline
            # activity does not send a second one.
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(to_create)
        for activity, feedback in to_done:
            activity.action_feedback(feedback=feedback)
        to_drop.unlink()

    def _creation_message(self):
        # Read by many, and written by the mail gateway too: the company's language.
        return super(GuestComplaint, self._in_chatter_lang())._creation_message()

    def _deadline_note(self, kind):
        deadline_field = DEADLINES[kind][0]
        deadline = fields.Datetime.context_timestamp(self, self[deadline_field])
        if kind == "first_contact":
            return self.env._(
                "Contact the guest before %(deadline)s.",
                deadline=deadline.strftime("%Y-%m-%d %H:%M"),
            )
        return self.env._(
            "Feed the result back to the intake desk and the guest before "
            "%(deadline)s.",
            deadline=deadline.strftime("%Y-%m-%d %H:%M"),
        )

    def _deadline_done_feedback(self, kind):
        on_time = (
            self.first_contact_on_time
            if kind == "first_contact"
            else self.feedback_on_time
        )
        return self.env._("Done on time.") if on_time else self.env._("Done late.")

    # ------------------------------------------------------------------
    # Escalation (C3)
    # ------------------------------------------------------------------

    def _notify_severity(self):
        """Important: the superiors are told. Urgent: they get an activity each at
        once, and the complaint goes to the top. Whom to tell is the escalation
        ladder's first rung (guest.complaint.escalation.level)."""
        self.env["guest.complaint.escalation"]._alert_severity(self)

    @api.model
    def _cron_escalate_overdue(self):
        """Escalate each missed first contact or feedback along its severity's
        ladder, each level once per deadline."""
        self.env["guest.complaint.escalation"]._cron_escalate()

    # ------------------------------------------------------------------
    # Guest communication (C1, C7)
    # ------------------------------------------------------------------

    def _get_guest_portal_url(self):
        """The guest's link to the complaint's portal page, with its access token,
        in the guest's language: the page opens in it, signed in or not. The
        default language carries no prefix, as the website's routing wants."""
        self.ensure_one()
        url = self.get_base_url() + self._get_share_url()
        lang = self.env["res.lang"]._get_data(code=self.partner_id.lang)
        # sudo: the default language of partners, a setting any guest's link needs.
        default_lang = self.env["ir.default"].sudo()._get("res.partner", "lang")
        if not default_lang:
            default_lang = next(iter(self.env["res.lang"]._get_active_by("code")))
        if lang and lang.active and lang.code != default_lang:
            return url.replace(self.access_url, f"/{lang.url_code}{self.access_url}", 1)
        return url

    def _track_template(self, changes):
        """The guest is mailed the template of each stage a complaint enters, as
        project and helpdesk do, in the guest's language; mass-mail mode sends it to
        the guest alone, without the followers. The first stage's template is the
        acknowledgement, mailed by ``create`` for the whole batch at once: no
        complaint comes back to that stage."""
        res = super()._track_template(changes)
        complaint = self[0]
        template = complaint.stage_id.mail_template_id
        if (
            "stage_id" in changes
            and template
            and complaint.partner_id.email
            and complaint.stage_id != self._default_stage_id()
        ):
            res["stage_id"] = (
                template,
                {"composition_mode": "mass_mail", **complaint._guest_mail_values()},
            )
        return res

    def _mail_acknowledgement(self):
        """Acknowledge new complaints with the first stage's template: one composer
        renders and mails the batch (a composer per complaint cost four times the
        queries of the batch create)."""
        template = self._default_stage_id().mail_template_id
        complaints = self.filtered(lambda c: c.partner_id.email)
        if template and complaints:
            complaints.message_mail_with_source(template, **self._guest_mail_values())

    def _guest_mail_values(self):
        """Composer values of the guests' mails: a caller that queues its
        notifications (``mail_notify_force_send``) queues these too."""
        if self.env.context.get("mail_notify_force_send", True):
            return {}
        return {"force_send": False}

    def _message_mail_after_hook(self, mails):
        """Mass mails to a complaint's guest (the stages' templates) stay in the
        chatter as guest mails: mass mails have no subtype, and the guest's portal
        lists only messages of a public one."""
        # The composer hands its mails over as sudo: only their messages' subtype is
        # set here, on mails it just made for these complaints.
        guests = {complaint.id: complaint.partner_id for complaint in self}
        guest_mails = mails.filtered(
            lambda mail: (
                mail.model == self._name
                and guests.get(mail.res_id, self.env["res.partner"])
                & mail.recipient_ids
            )
        )
        guest_mails.mail_message_id.subtype_id = self.env.ref(
            "guest_revisit.mt_complaint_guest_mail"
        )
        return super()._message_mail_after_hook(mails)

    def _notify_get_recipients_classify(
        self, message, recipients_data, model_description, msg_vals=False
    ):
        """For every mail notification of a complaint, portal builds the guest's
        access link, and writes a signup token on the guest for it. That link only
        serves when the guest is among the recipients. Staff's notices, "you have
        been assigned" to each responsible of a batch create first, are classified
        as if the complaint had no customer: one write on the guest less per notice."""
        if self.partner_id and self.partner_id.id not in {
            recipient["id"] for recipient in recipients_data
        }:
            self = self.with_context(guest_revisit_notify_without_customer=True)
        return super()._notify_get_recipients_classify(
            message, recipients_data, model_description, msg_vals=msg_vals
        )

    def _mail_get_partner_fields(self, introspect_fields=False):
        # The guest is the complaint's customer, except for a notice without them.
        if self.env.context.get("guest_revisit_notify_without_customer"):
            return []
        return super()._mail_get_partner_fields(introspect_fields=introspect_fields)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the complaints alias registers a complaint: the sender is the
        guest, found by address or created, so that no mail bounces."""
        values = dict(custom_values or {})
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not partner and msg_dict.get("email_from"):
            partner = self._partner_find_from_emails_single([msg_dict["email_from"]])
        values.update(
            {
                "name": msg_dict.get("subject") or self.env._("Complaint by e-mail"),
                "partner_id": partner.id,
                "channel": "email",
                "description": msg_dict.get("body"),
            }
        )
        return super().message_new(msg_dict, custom_values=values)
