from datetime import time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.guest_complaint import DEADLINE_STATES, REVISIT_DUE_STATES
from ..models.guest_revisit import SCORE_FIELDS
from ..models.guest_revisit_kpi_definitions import PLANNED_CONTACT_DOMAIN
from ..tools import local_date, local_to_utc

KINDS = [("complaint", "Complaint"), ("revisit", "Revisit")]
# The dashboard's figures, in display order, with the rows each one counts.
KPI_SCOPES = {
    "first_contact_rate": [("first_contact_due", "=", True)],
    "feedback_rate": [("feedback_due", "=", True)],
    "revisit_window_rate": [("revisit_window_due", "=", True)],
    "completion_rate": [("planned_contact", "=", True)],
    "declined_rate": [("planned_contact", "=", True)],
    "unreachable_rate": [("planned_contact", "=", True)],
    "resolution_rate": [("resolution_due", "=", True)],
    "recovery_rate": [("recovery_due", "=", True)],
    "score_overall": [("score_overall", ">", 0)],
    "nps": [("nps_answered", "=", True)],
}
PERIODS = ("month", "quarter", "year")
# The figures followed month by month on the dashboard.
TREND_FIELDS = [
    "first_contact_rate",
    "feedback_rate",
    "completion_rate",
    "score_overall",
    "nps",
]
# Deadlines of each kind shown as due now.
DUE_LIMIT = 20


class GuestRevisitKpi(models.Model):
    """Supervision facts (K1-K4): one row per complaint and one per revisit, read
    from stored, indexed fields. Every rate is a column of 100 (met) or 0 (missed),
    left empty where it does not apply yet, so that its average is the rate in any
    grouping: per month, employee or department."""

    _name = "guest.revisit.kpi"
    _description = "Complaint and Revisit Supervision"
    _auto = False
    _order = "date desc"
    _rec_name = "date"
    # Pending writes to these fields are flushed before the view is read.
    _depends = {
        "guest.complaint": [
            "received_at",
            "company_id",
            "user_id",
            "department_id",
            "partner_id",
            "severity",
            "state",
            "active",
            "first_contact_at",
            "first_contact_deadline",
            "first_contact_on_time",
            "fed_back_at",
            "feedback_deadline",
            "feedback_on_time",
            "revisited_at",
            "revisit_due_date",
            "revisit_on_time",
            "reopen_count",
            "revisit_waived",
        ],
        "guest.revisit": [
            "scheduled_at",
            "company_id",
            "user_id",
            "department_id",
            "partner_id",
            "complaint_id",
            "state",
            "nps_category",
            "is_first_attempt",
            "contact_result",
            "outcome",
            "complaint_satisfaction",
            "follows_dissatisfied",
            *SCORE_FIELDS,
        ],
    }

    kind = fields.Selection(KINDS, readonly=True)
    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Employee", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    complaint_id = fields.Many2one("guest.complaint", readonly=True)
    revisit_id = fields.Many2one("guest.revisit", readonly=True)
    severity = fields.Selection(
        [("general", "General"), ("important", "Important"), ("urgent", "Urgent")],
        readonly=True,
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    revisit_count = fields.Integer(string="Revisits", readonly=True)
    planned_contact_count = fields.Integer(string="Planned Contacts", readonly=True)
    revisit_waived_count = fields.Integer(
        string="Mandatory Revisits Waived", readonly=True
    )
    # K1 timeliness
    first_contact_rate = fields.Float(
        string="First Contact On Time (%)", aggregator="avg", readonly=True
    )
    feedback_rate = fields.Float(
        string="Result Fed Back On Time (%)", aggregator="avg", readonly=True
    )
    revisit_window_rate = fields.Float(
        string="Revisited On Time (%)", aggregator="avg", readonly=True
    )
    # K2 completion, K3 resolution and satisfaction
    completion_rate = fields.Float(
        string="Revisit Completion (%)",
        aggregator="avg",
        readonly=True,
        help="Planned contacts completed (guest reached, revisit done), whatever "
        "the number of attempts.",
    )
    declined_rate = fields.Float(
        string="Contacts Declined (%)", aggregator="avg", readonly=True
    )
    unreachable_rate = fields.Float(
        string="Contacts Unreachable (%)", aggregator="avg", readonly=True
    )
    resolution_rate = fields.Float(
        string="Resolved Without Reopening (%)", aggregator="avg", readonly=True
    )
    recovery_rate = fields.Float(
        string="Recovery (%)",
        aggregator="avg",
        readonly=True,
        help="Guests dissatisfied at a revisit who are satisfied at their next one.",
    )
    score_service = fields.Float(
        string="Service Quality", aggregator="avg", readonly=True
    )
    score_product = fields.Float(string="Product", aggregator="avg", readonly=True)
    score_price = fields.Float(string="Price", aggregator="avg", readonly=True)
    score_information = fields.Float(
        string="Information", aggregator="avg", readonly=True
    )
    score_overall = fields.Float(string="Overall", aggregator="avg", readonly=True)
    nps = fields.Float(
        string="NPS",
        aggregator="avg",
        readonly=True,
        help="Promoters count 100, passives 0, detractors -100: the average is the "
        "NPS.",
    )
    # Which rows a rate counts: the ORM reads an empty number as 0 in domains, so the
    # drill-down filters on these instead.
    first_contact_due = fields.Boolean(string="Counts for First Contact", readonly=True)
    feedback_due = fields.Boolean(string="Counts for Feedback", readonly=True)
    revisit_window_due = fields.Boolean(
        string="Counts for Revisit Window", readonly=True
    )
    resolution_due = fields.Boolean(string="Counts for Resolution", readonly=True)
    planned_contact = fields.Boolean(readonly=True)
    recovery_due = fields.Boolean(string="Counts for Recovery", readonly=True)
    nps_answered = fields.Boolean(string="NPS Answered", readonly=True)

    @property
    def _table_query(self):
        # A plain UNION ALL of two arms whose columns have the same types, without a
        # WITH clause: PostgreSQL then merges it into the ORM's query, and its
        # parallel workers aggregate each arm's rows where they read them (rates
        # are integers in both arms, scores the revisit's integers).
        scores = SQL(", ").join(
            SQL("NULLIF(r.%s, 0) AS %s", SQL.identifier(f), SQL.identifier(f))
            for f in SCORE_FIELDS
        )
        no_scores = SQL(", ").join(
            SQL("NULL::integer AS %s", SQL.identifier(f)) for f in SCORE_FIELDS
        )
        return SQL(
            """
            SELECT c.id * 2 AS id, 'complaint' AS kind, c.received_at AS date,
                   c.company_id, c.user_id, c.department_id, c.partner_id,
                   c.id AS complaint_id, NULL::integer AS revisit_id, c.severity,
                   1 AS complaint_count, 0 AS revisit_count,
                   0 AS planned_contact_count,
                   CASE WHEN c.revisit_waived THEN 1 ELSE 0 END
                       AS revisit_waived_count,
                   CASE WHEN c.first_contact_due
                        THEN CASE WHEN c.first_contact_on_time THEN 100 ELSE 0 END
                   END AS first_contact_rate,
                   CASE WHEN c.feedback_due
                        THEN CASE WHEN c.feedback_on_time THEN 100 ELSE 0 END
                   END AS feedback_rate,
                   CASE WHEN c.revisit_window_due
                        THEN CASE WHEN c.revisit_on_time THEN 100 ELSE 0 END
                   END AS revisit_window_rate,
                   NULL::integer AS completion_rate,
                   NULL::integer AS declined_rate,
                   NULL::integer AS unreachable_rate,
                   CASE WHEN c.resolution_due
                        THEN CASE WHEN COALESCE(c.reopen_count, 0) = 0
                                  THEN 100 ELSE 0 END
                   END AS resolution_rate,
                   NULL::integer AS recovery_rate,
                   %(no_scores)s,
                   NULL::integer AS nps,
                   COALESCE(c.first_contact_due, FALSE) AS first_contact_due,
                   COALESCE(c.feedback_due, FALSE) AS feedback_due,
                   COALESCE(c.revisit_window_due, FALSE) AS revisit_window_due,
                   c.resolution_due,
                   FALSE AS planned_contact,
                   FALSE AS recovery_due,
                   FALSE AS nps_answered
              FROM (SELECT c.*,
                       (c.first_contact_at IS NOT NULL OR c.first_contact_deadline
                        < (now() AT TIME ZONE 'UTC')) AS first_contact_due,
                       (c.fed_back_at IS NOT NULL OR c.feedback_deadline
                        < (now() AT TIME ZONE 'UTC')) AS feedback_due,
                       (NOT COALESCE(c.revisit_waived, FALSE)
                        AND (c.revisited_at IS NOT NULL
                             OR c.revisit_due_date < CURRENT_DATE))
                           AS revisit_window_due,
                       c.state IN ('resolved', 'closed') AS resolution_due
                      FROM guest_complaint c
                     WHERE c.state != 'cancelled' AND c.active) c
            UNION ALL
            SELECT r.id * 2 + 1, 'revisit', r.scheduled_at,
                   r.company_id, r.user_id, r.department_id, r.partner_id,
                   r.complaint_id, r.id, NULL,
                   0, 1,
                   CASE WHEN r.planned_contact THEN 1 ELSE 0 END,
                   0,
                   NULL, NULL, NULL,
                   CASE WHEN r.planned_contact
                        THEN CASE WHEN r.contact_result = 'completed'
                                  THEN 100 ELSE 0 END
                   END,
                   CASE WHEN r.planned_contact
                        THEN CASE WHEN r.contact_result = 'declined'
                                  THEN 100 ELSE 0 END
                   END,
                   CASE WHEN r.planned_contact
                        THEN CASE WHEN r.contact_result = 'unreachable'
                                  THEN 100 ELSE 0 END
                   END,
                   NULL,
                   CASE WHEN r.recovery_due
                        THEN CASE WHEN r.complaint_satisfaction = 'satisfied'
                                  THEN 100 ELSE 0 END
                   END,
                   %(scores)s,
                   CASE r.nps_category WHEN 'promoter' THEN 100
                                       WHEN 'passive' THEN 0
                                       WHEN 'detractor' THEN -100 END,
                   FALSE, FALSE, FALSE, FALSE,
                   r.planned_contact,
                   r.recovery_due,
                   r.nps_category IS NOT NULL
              FROM (SELECT *,
                           COALESCE(is_first_attempt, FALSE)
                           AND contact_result IS DISTINCT FROM 'cancelled'
                               AS planned_contact,
                           (state = 'done' AND outcome = 'reached'
                            AND COALESCE(follows_dissatisfied, FALSE))
                               AS recovery_due
                      FROM guest_revisit) r
             WHERE r.state != 'cancelled'
            """,
            no_scores=no_scores,
            scores=scores,
        )

    @api.model
    def _headline_kpis(self):
        """The dashboard's figures in display order: (field, label, the domain of the
        rows the figure counts)."""
        labels = {
            "first_contact_rate": self.env._("First contact within the deadline"),
            "feedback_rate": self.env._("Result fed back within the deadline"),
            "revisit_window_rate": self.env._("Revisited within the working days"),
            "completion_rate": self.env._("Revisits completed"),
            "declined_rate": self.env._("Revisits declined by the guest"),
            "unreachable_rate": self.env._("Guests not reached"),
            "resolution_rate": self.env._("Resolved without reopening"),
            "recovery_rate": self.env._(
                "Dissatisfied guests satisfied at the next revisit"
            ),
            "score_overall": self.env._("Overall satisfaction (1-5)"),
            "nps": self.env._("NPS"),
        }
        return [(name, labels[name], scope) for name, scope in KPI_SCOPES.items()]

    def _empty_reasons(self):
        """Why a figure has no value: nothing it counts fell in the period."""
        no_revisit = self.env._("No revisit due in this period")
        return {
            "first_contact_rate": self.env._("No first contact due in this period"),
            "feedback_rate": self.env._("No result feedback due in this period"),
            "revisit_window_rate": self.env._(
                "No mandatory revisit due in this period"
            ),
            "completion_rate": no_revisit,
            "declined_rate": no_revisit,
            "unreachable_rate": no_revisit,
            "resolution_rate": self.env._("No complaint resolved in this period"),
            "recovery_rate": self.env._(
                "No guest was dissatisfied at an earlier revisit in this period"
            ),
            "score_overall": self.env._("No revisit rated in this period"),
            "nps": self.env._("No guest rated the recommendation in this period"),
        }

    def _units(self, name):
        """(unit of the figure, unit of its change): rates change by percentage
        points, the satisfaction score and the NPS by points."""
        if name == "score_overall":
            return "", self.env._("score points")
        if name == "nps":
            return "", self.env._("points")
        return "%", self.env._("pp")

    def _source_scopes(self):
        """Each figure's rows as records of the model they come from, for the
        drill-down: (model, date field, domain). Mirrors the view's columns."""
        now = fields.Datetime.now()
        complaint = [("state", "!=", "cancelled")]
        revisit = [("state", "!=", "cancelled")]
        planned = revisit + PLANNED_CONTACT_DOMAIN
        return {
            "first_contact_rate": (
                "guest.complaint",
                "received_at",
                complaint
                + [
                    "|",
                    ("first_contact_at", "!=", False),
                    ("first_contact_deadline", "<", now),
                ],
            ),
            "feedback_rate": (
                "guest.complaint",
                "received_at",
                complaint
                + ["|", ("fed_back_at", "!=", False), ("feedback_deadline", "<", now)],
            ),
            "revisit_window_rate": (
                "guest.complaint",
                "received_at",
                complaint
                + [
                    ("revisit_waived", "=", False),
                    "|",
                    ("revisited_at", "!=", False),
                    ("revisit_due_date", "<", self._company_today()),
                ],
            ),
            "completion_rate": ("guest.revisit", "scheduled_at", planned),
            "declined_rate": ("guest.revisit", "scheduled_at", planned),
            "unreachable_rate": ("guest.revisit", "scheduled_at", planned),
            "resolution_rate": (
                "guest.complaint",
                "received_at",
                [("state", "in", ("resolved", "closed"))],
            ),
            "recovery_rate": (
                "guest.revisit",
                "scheduled_at",
                [
                    ("state", "=", "done"),
                    ("outcome", "=", "reached"),
                    ("follows_dissatisfied", "=", True),
                ],
            ),
            "score_overall": (
                "guest.revisit",
                "scheduled_at",
                revisit + [("score_overall", ">", 0)],
            ),
            "nps": (
                "guest.revisit",
                "scheduled_at",
                revisit + [("nps_category", "!=", False)],
            ),
        }

    # ------------------------------------------------------------------
    # Dashboard (K5): a fixed number of grouped queries, whatever the volume
    # ------------------------------------------------------------------

    def _company_today(self):
        return local_date(fields.Datetime.now(), self.env.company._days_tz())

    def _utc(self, day):
        """The UTC start of a day of the company: every reader counts the same
        periods, whatever their own time zone."""
        return local_to_utc(day, time.min, self.env.company._days_tz())

    def _period_domain(self, start, stop, date_field="date"):
        """Rows dated from ``start`` (included) to ``stop`` (excluded), both local
        dates of the company."""
        return [
            (date_field, ">=", self._utc(start)),
            (date_field, "<", self._utc(stop)),
        ]

    def _period_bounds(self, day, period):
        """(start, stop, previous start) of the month, quarter or year of ``day``."""
        if period == "year":
            start, step = day.replace(month=1, day=1), relativedelta(years=1)
        elif period == "quarter":
            month = 3 * ((day.month - 1) // 3) + 1
            start, step = day.replace(month=month, day=1), relativedelta(months=3)
        else:
            start, step = day.replace(day=1), relativedelta(months=1)
        return start, start + step, start - step

    def _period_label(self, start, period):
        if period == "year":
            return str(start.year)
        if period == "quarter":
            return self.env._(
                "%(year)s Q%(quarter)s",
                year=start.year,
                quarter=(start.month - 1) // 3 + 1,
            )
        return start.strftime("%Y-%m")

    @api.model
    @api.readonly
    def get_dashboard_data(
        self, month=None, period="month", company_id=None, department_id=None
    ):
        """The dashboard of the month, quarter or year that holds the date ``month``
        (default: today), optionally of one company and one department (with its
        sub-departments): headline figures against the period before, 12-month
        trends, completion per department and employee, complaints per cause and
        channel, and the deadlines due now. Every number comes with the domain of
        its rows: ``domain`` on this model, ``drilldown`` on the records' model.
        Reads only, in a fixed number of queries."""
        if period not in PERIODS:
            period = "month"
        day = fields.Date.to_date(month) if month else self._company_today()
        start, stop, previous_start = self._period_bounds(day, period)
        filters = self._filter_domain(company_id, department_id)
        current_domain = self._period_domain(start, stop) + filters
        previous_domain = self._period_domain(previous_start, start) + filters
        kpis = self._headline_kpis()
        aggregates = self._aggregates(kpis)
        current = self._read_group(current_domain, [], aggregates)[0]
        previous = self._read_group(previous_domain, [], aggregates)[0]
        sources = self._source_scopes()
        reasons = self._empty_reasons()
        headline = []
        for index, (name, label, scope) in enumerate(kpis):
            value, before = _number(current[index]), _number(previous[index])
            unit, change_unit = self._units(name)
            headline.append(
                {
                    "field": name,
                    "label": label,
                    "value": value,
                    "previous": before,
                    "change": value - before
                    if value is not None and before is not None
                    else None,
                    "unit": unit,
                    "change_unit": change_unit,
                    "empty_reason": reasons[name] if value is None else "",
                    "previous_empty_reason": self.env._(
                        "No figure in the previous period"
                    )
                    if before is None
                    else "",
                    "count": current[len(kpis) + index],
                    "domain": current_domain + scope,
                    "drilldown": self._drilldown(
                        sources[name], start, stop, filters, label
                    ),
                }
            )
        totals = current[2 * len(kpis) :]
        return {
            "period": period,
            "month": fields.Date.to_string(start),
            "previous_month": fields.Date.to_string(previous_start),
            "date_from": fields.Date.to_string(start),
            "date_to": fields.Date.to_string(stop - relativedelta(days=1)),
            "period_label": self._period_label(start, period),
            "previous_label": self._period_label(previous_start, period),
            "company_id": company_id or False,
            "department_id": department_id or False,
            "planned_contact_count": totals[0] or 0,
            "revisit_waived_count": totals[1] or 0,
            "complaint_count": totals[2] or 0,
            "revisit_count": totals[3] or 0,
            "kpis": headline,
            "employees": self._breakdown(
                current_domain, "user_id", kpis, sources, (start, stop, filters)
            ),
            "departments": self._breakdown(
                current_domain, "department_id", kpis, sources, (start, stop, filters)
            ),
            "trend": self._trend(stop, filters, sources),
            "pies": self._pies(start, stop, filters),
            "due": self._due_now(filters),
            "filters": self._filter_options(),
        }

    def _filter_domain(self, company_id, department_id):
        """Company and department (with its sub-departments) filters; both fields
        exist, with the same meaning, on complaints, revisits and this view."""
        domain = []
        if company_id:
            domain.append(("company_id", "=", company_id))
        if department_id:
            departments = self.env["hr.department"].search(
                [("id", "child_of", department_id)]
            )
            domain.append(("department_id", "in", departments.ids))
        return domain

    def _filter_options(self):
        companies = self.env.companies
        departments = self.env["hr.department"].search_fetch(
            [("company_id", "in", [False, *companies.ids])],
            ["name"],
            order="name",
        )
        return {
            "companies": [{"id": c.id, "name": c.name} for c in companies],
            "departments": [{"id": d.id, "name": d.name} for d in departments],
        }

    def _drilldown(self, source, start, stop, filters, name, extra=()):
        """A list of the records behind a number: their model and domain."""
        model, date_field, scope = source
        return {
            "res_model": model,
            "name": name,
            "domain": self._period_domain(start, stop, date_field)
            + filters
            + scope
            + list(extra),
        }

    def _aggregates(self, kpis):
        return (
            [f"{name}:avg" for name, _label, _scope in kpis]
            + [f"{name}:count" for name, _label, _scope in kpis]
            + [
                "planned_contact_count:sum",
                "revisit_waived_count:sum",
                "complaint_count:sum",
                "revisit_count:sum",
            ]
        )

    def _breakdown(self, domain, group, kpis, sources=None, period=None):
        rows = []
        size = len(kpis)
        for record, *values in self._read_group(
            domain, [group], self._aggregates(kpis), order=f"{group} ASC"
        ):
            name = record.display_name or self.env._("Not assigned")
            row = {
                "id": record.id,
                "name": name,
                "values": {
                    kpi_name: _number(value)
                    for (kpi_name, _label, _scope), value in zip(
                        kpis, values, strict=False
                    )
                },
                "counts": {
                    kpi_name: count
                    for (kpi_name, _label, _scope), count in zip(
                        kpis, values[size:], strict=False
                    )
                },
                "scopes": {kpi_name: scope for kpi_name, _label, scope in kpis},
                "planned_contact_count": values[-4] or 0,
                "revisit_waived_count": values[-3] or 0,
                "complaint_count": values[-2] or 0,
                "revisit_count": values[-1] or 0,
                "domain": domain + [(group, "=", record.id)],
            }
            if sources:
                start, stop, filters = period
                row["drilldowns"] = {
                    kpi_name: self._drilldown(
                        sources[kpi_name],
                        start,
                        stop,
                        filters,
                        f"{name}: {label}",
                        [(group, "=", record.id)],
                    )
                    for kpi_name, label, _scope in kpis
                }
            rows.append(row)
        return rows

    def _trend(self, stop, filters, sources):
        """The 12 months up to the period's end: one grouped query."""
        first = stop - relativedelta(months=12)
        months = [first + relativedelta(months=i) for i in range(12)]
        aggregates = [f"{name}:avg" for name in TREND_FIELDS]
        tz = self.env.company._days_tz()
        groups = {
            (when.year, when.month): values
            for when, *values in self.with_context(tz=tz)._read_group(
                self._period_domain(first, stop) + filters, ["date:month"], aggregates
            )
        }
        labels = {name: label for name, label, _scope in self._headline_kpis()}
        nothing = [None] * len(TREND_FIELDS)
        series = []
        for index, name in enumerate(TREND_FIELDS):
            unit, _change_unit = self._units(name)
            series.append(
                {
                    "field": name,
                    "label": labels[name],
                    "unit": unit,
                    "values": [
                        _number(groups.get((m.year, m.month), nothing)[index])
                        for m in months
                    ],
                    "drilldowns": [
                        self._drilldown(
                            sources[name],
                            m,
                            m + relativedelta(months=1),
                            filters,
                            f"{m:%Y-%m}: {labels[name]}",
                        )
                        for m in months
                    ],
                }
            )
        return {"labels": [f"{m:%Y-%m}" for m in months], "series": series}

    def _pies(self, start, stop, filters):
        """Complaints of the period per cause category and per channel."""
        Complaint = self.env["guest.complaint"]
        domain = (
            self._period_domain(start, stop, "received_at")
            + filters
            + [("state", "!=", "cancelled")]
        )
        titles = {
            "cause_category": self.env._("Complaints per cause"),
            "channel": self.env._("Complaints per channel"),
        }
        empty_labels = {
            "cause_category": self.env._("Cause not found yet"),
            "channel": self.env._("None"),
        }
        pies = []
        for fname, title in titles.items():
            empty = empty_labels[fname]
            labels = dict(Complaint._fields[fname]._description_selection(self.env))
            segments = [
                {
                    "key": key or False,
                    "label": labels.get(key, empty),
                    "count": count,
                    "drilldown": {
                        "res_model": "guest.complaint",
                        "name": f"{title}: {labels.get(key, empty)}",
                        "domain": domain + [(fname, "=", key or False)],
                    },
                }
                for key, count in Complaint._read_group(
                    domain, [fname], ["__count"], order=f"{fname} ASC"
                )
            ]
            pies.append(
                {
                    "field": fname,
                    "title": title,
                    "segments": segments,
                    "empty_reason": ""
                    if segments
                    else self.env._("No complaint received in this period"),
                }
            )
        return pies

    def _due_now(self, filters):
        """Open deadlines (first contact, feedback, mandatory revisit), the nearest
        first: one indexed search per kind, ``DUE_LIMIT`` of each at most."""
        Complaint = self.env["guest.complaint"]
        now = fields.Datetime.now()
        kind_labels = {
            "first_contact": self.env._("First contact"),
            "feedback": self.env._("Result feedback"),
            "revisit": self.env._("Mandatory revisit"),
        }
        kinds = [
            (
                "first_contact",
                "first_contact_deadline",
                [
                    ("state", "in", DEADLINE_STATES),
                    ("first_contact_at", "=", False),
                    ("first_contact_deadline", "!=", False),
                ],
            ),
            (
                "feedback",
                "feedback_deadline",
                [
                    ("state", "in", DEADLINE_STATES),
                    ("fed_back_at", "=", False),
                    ("feedback_deadline", "!=", False),
                ],
            ),
            (
                "revisit",
                "revisit_due_date",
                [
                    ("state", "in", REVISIT_DUE_STATES),
                    ("revisit_due_date", "!=", False),
                    ("revisited_at", "=", False),
                    ("revisit_waived", "=", False),
                ],
            ),
        ]
        rows = []
        for kind, deadline_field, domain in kinds:
            complaints = Complaint.search_fetch(
                domain + filters,
                ["number", "name", "user_id", deadline_field],
                order=f"{deadline_field} ASC, id ASC",
                limit=DUE_LIMIT,
            )
            for complaint in complaints:
                deadline = complaint[deadline_field]
                if deadline_field == "revisit_due_date":
                    # due by the end of that day, the user's day
                    deadline = self._utc(deadline + relativedelta(days=1))
                minutes = int((deadline - now).total_seconds() // 60)
                rows.append(
                    {
                        "kind": kind,
                        "kind_label": kind_labels[kind],
                        "res_model": "guest.complaint",
                        "res_id": complaint.id,
                        "name": f"{complaint.number or ''} {complaint.name}".strip(),
                        "user": complaint.user_id.name or "",
                        "deadline": fields.Datetime.to_string(deadline),
                        "minutes_left": minutes,
                        "overdue": minutes < 0,
                        "time_left": self._time_left(minutes),
                    }
                )
        rows.sort(key=lambda row: row["minutes_left"])
        return rows[:DUE_LIMIT]

    def _time_left(self, minutes):
        hours, rest = divmod(abs(minutes), 60)
        if minutes < 0:
            return self.env._(
                "Overdue by %(hours)s h %(minutes)s min", hours=hours, minutes=rest
            )
        return self.env._("%(hours)s h %(minutes)s min left", hours=hours, minutes=rest)

    @api.model
    @api.readonly
    def action_print_supervision(
        self, month=None, period="month", company_id=None, department_id=None
    ):
        """The supervision report (PDF) of the dashboard's period and filters; an
        action to print it, read only like the report's route."""
        return self.env.ref(
            "guest_revisit.action_report_guest_revisit_supervision"
        ).report_action(
            self,
            data={
                "month": month,
                "period": period,
                "company_id": company_id,
                "department_id": department_id,
            },
        )


def _number(value):
    """An average over no row is empty, not zero."""
    return None if value is False or value is None else value
