from datetime import time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.guest_revisit import SCORE_FIELDS
from ..tools import local_to_utc

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
            "stage_id",
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
        "guest.complaint.stage": ["state"],
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
        scores = SQL(", ").join(
            SQL("NULLIF(r.%s, 0) AS %s", SQL.identifier(f), SQL.identifier(f))
            for f in SCORE_FIELDS
        )
        no_scores = SQL(", ").join(
            SQL("NULL::float AS %s", SQL.identifier(f)) for f in SCORE_FIELDS
        )
        return SQL(
            """
            WITH complaint AS (
                SELECT c.*, s.state,
                       (c.first_contact_at IS NOT NULL OR c.first_contact_deadline
                        < (now() AT TIME ZONE 'UTC')) AS first_contact_due,
                       (c.fed_back_at IS NOT NULL OR c.feedback_deadline
                        < (now() AT TIME ZONE 'UTC')) AS feedback_due,
                       (NOT COALESCE(c.revisit_waived, FALSE)
                        AND (c.revisited_at IS NOT NULL
                             OR c.revisit_due_date < CURRENT_DATE))
                           AS revisit_window_due,
                       s.state IN ('resolved', 'closed') AS resolution_due
                  FROM guest_complaint c
                  JOIN guest_complaint_stage s ON s.id = c.stage_id
                 WHERE s.state != 'cancelled'
            )
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
                   NULL::float AS completion_rate,
                   NULL::float AS declined_rate,
                   NULL::float AS unreachable_rate,
                   CASE WHEN c.resolution_due
                        THEN CASE WHEN COALESCE(c.reopen_count, 0) = 0
                                  THEN 100 ELSE 0 END
                   END AS resolution_rate,
                   NULL::float AS recovery_rate,
                   %(no_scores)s,
                   NULL::float AS nps,
                   COALESCE(c.first_contact_due, FALSE) AS first_contact_due,
                   COALESCE(c.feedback_due, FALSE) AS feedback_due,
                   COALESCE(c.revisit_window_due, FALSE) AS revisit_window_due,
                   c.resolution_due,
                   FALSE AS planned_contact,
                   FALSE AS recovery_due,
                   FALSE AS nps_answered
              FROM complaint c
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

    # ------------------------------------------------------------------
    # Dashboard (K5): a fixed number of grouped queries, whatever the volume
    # ------------------------------------------------------------------

    def _period_domain(self, start, stop):
        """Rows dated from ``start`` (included) to ``stop`` (excluded), both local
        dates of the user."""
        tz = pytz.timezone(self.env.user.tz or "UTC")

        def utc(day):
            return local_to_utc(day, time.min, tz)

        return [("date", ">=", utc(start)), ("date", "<", utc(stop))]

    @api.model
    def get_dashboard_data(self, month=None):
        """Headline rates of a month (default: this one) against the month before,
        and per employee and department, each with the domain of its rows."""
        start = (
            fields.Date.to_date(month) if month else fields.Date.context_today(self)
        ).replace(day=1)
        stop = start + relativedelta(months=1)
        previous_start = start - relativedelta(months=1)
        current_domain = self._period_domain(start, stop)
        previous_domain = self._period_domain(previous_start, start)
        kpis = self._headline_kpis()
        aggregates = self._aggregates(kpis)
        current = self._read_group(current_domain, [], aggregates)[0]
        previous = self._read_group(previous_domain, [], aggregates)[0]
        headline = []
        for index, (name, label, scope) in enumerate(kpis):
            value, before = _number(current[index]), _number(previous[index])
            headline.append(
                {
                    "field": name,
                    "label": label,
                    "value": value,
                    "previous": before,
                    "change": value - before
                    if value is not None and before is not None
                    else None,
                    "domain": current_domain + scope,
                }
            )
        return {
            "month": fields.Date.to_string(start),
            "previous_month": fields.Date.to_string(previous_start),
            "planned_contact_count": current[-4] or 0,
            "revisit_waived_count": current[-3] or 0,
            "complaint_count": current[-2] or 0,
            "revisit_count": current[-1] or 0,
            "kpis": headline,
            "employees": self._breakdown(current_domain, "user_id", kpis),
            "departments": self._breakdown(current_domain, "department_id", kpis),
        }

    def _aggregates(self, kpis):
        return [f"{name}:avg" for name, _label, _scope in kpis] + [
            "planned_contact_count:sum",
            "revisit_waived_count:sum",
            "complaint_count:sum",
            "revisit_count:sum",
        ]

    def _breakdown(self, domain, group, kpis):
        rows = []
        for record, *values in self._read_group(
            domain, [group], self._aggregates(kpis), order=f"{group} ASC"
        ):
            rows.append(
                {
                    "id": record.id,
                    "name": record.display_name or self.env._("Not assigned"),
                    "values": {
                        name: _number(value)
                        for (name, _label, _scope), value in zip(
                            kpis, values, strict=False
                        )
                    },
                    "scopes": {name: scope for name, _label, scope in kpis},
                    "planned_contact_count": values[-4] or 0,
                    "revisit_waived_count": values[-3] or 0,
                    "complaint_count": values[-2] or 0,
                    "revisit_count": values[-1] or 0,
                    "domain": domain + [(group, "=", record.id)],
                }
            )
        return rows

    @api.model
    def action_print_supervision(self, month=None):
        """The monthly supervision report (PDF) of the dashboard's month."""
        return self.env.ref(
            "guest_revisit.action_report_guest_revisit_supervision"
        ).report_action(self, data={"month": month})


def _number(value):
    """An average over no row is empty, not zero."""
    return None if value is False or value is None else value
