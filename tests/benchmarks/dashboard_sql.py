"""The supervision dashboard's full answer (figures, trends, bars, pies, due now)
straight from the tables, as a developer would write it by hand: the yardstick of the
dashboard's RPC in the benchmarks."""

from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL

DUE_LIMIT = 20

# One row per complaint and per planned contact or revisit, each figure 100 / 0 where
# it counts, NULL where it does not: as the definitions of the readme's table.
FACTS = """
    SELECT c.user_id, c.department_id, c.received_at AS date,
           CASE WHEN c.first_contact_at IS NOT NULL
                     OR c.first_contact_deadline < %(now)s
                THEN CASE WHEN c.first_contact_on_time THEN 100 ELSE 0 END END
               AS first_contact,
           CASE WHEN c.fed_back_at IS NOT NULL OR c.feedback_deadline < %(now)s
                THEN CASE WHEN c.feedback_on_time THEN 100 ELSE 0 END END AS feedback,
           CASE WHEN NOT COALESCE(c.revisit_waived, FALSE)
                     AND (c.revisited_at IS NOT NULL OR c.revisit_due_date < %(today)s)
                THEN CASE WHEN c.revisit_on_time THEN 100 ELSE 0 END END
               AS revisit_window,
           NULL::integer AS completion, NULL::integer AS declined,
           NULL::integer AS unreachable,
           CASE WHEN c.state IN ('resolved', 'closed')
                THEN CASE WHEN COALESCE(c.reopen_count, 0) = 0 THEN 100 ELSE 0 END END
               AS resolution,
           NULL::integer AS recovery, NULL::integer AS score, NULL::integer AS nps,
           1 AS complaints, 0 AS revisits, 0 AS planned,
           CASE WHEN c.revisit_waived THEN 1 ELSE 0 END AS waived
      FROM guest_complaint c
     WHERE c.state != 'cancelled' AND c.active
       AND c.received_at >= %(start)s AND c.received_at < %(stop)s
    UNION ALL
    SELECT r.user_id, r.department_id, r.scheduled_at, NULL, NULL, NULL,
           CASE WHEN r.planned THEN CASE WHEN r.contact_result = 'completed'
                                         THEN 100 ELSE 0 END END,
           CASE WHEN r.planned THEN CASE WHEN r.contact_result = 'declined'
                                         THEN 100 ELSE 0 END END,
           CASE WHEN r.planned THEN CASE WHEN r.contact_result = 'unreachable'
                                         THEN 100 ELSE 0 END END,
           NULL,
           CASE WHEN r.state = 'done' AND r.outcome = 'reached'
                     AND r.follows_dissatisfied
                THEN CASE WHEN r.complaint_satisfaction = 'satisfied'
                          THEN 100 ELSE 0 END END,
           NULLIF(r.score_overall, 0),
           CASE r.nps_category WHEN 'promoter' THEN 100 WHEN 'passive' THEN 0
                               WHEN 'detractor' THEN -100 END,
           0, 1, CASE WHEN r.planned THEN 1 ELSE 0 END, 0
      FROM (SELECT *, is_first_attempt AND contact_result IS DISTINCT FROM 'cancelled'
                          AS planned
              FROM guest_revisit
             WHERE state != 'cancelled'
               AND scheduled_at >= %(start)s AND scheduled_at < %(stop)s) r
"""
FIGURES = """
    avg(first_contact), avg(feedback), avg(revisit_window), avg(completion),
    avg(declined), avg(unreachable), avg(resolution), avg(recovery), avg(score),
    avg(nps), count(first_contact), count(feedback), count(revisit_window),
    count(completion), count(resolution), count(recovery), count(score), count(nps),
    sum(planned), sum(waived), sum(complaints), sum(revisits)
"""


def hand_written_dashboard(env, month, tz_name):
    """Every number of ``get_dashboard_data(month)``, in plain SQL."""
    tz = pytz.timezone(tz_name)

    def utc(day):
        return (
            tz.localize(datetime.combine(day, time.min))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )

    now, today = fields.Datetime.now(), fields.Date.today()
    start = month.replace(day=1)
    stop = start + relativedelta(months=1)
    previous = start - relativedelta(months=1)
    first = stop - relativedelta(months=12)
    cr = env.cr
    rows = []

    def facts(period_start, period_stop):
        return SQL(
            FACTS,
            now=now,
            today=today,
            start=utc(period_start),
            stop=utc(period_stop),
        )

    for period_start, period_stop, key in (
        (start, stop, SQL("NULL::integer")),
        (previous, start, SQL("NULL::integer")),
        (start, stop, SQL("user_id")),
        (start, stop, SQL("department_id")),
    ):
        cr.execute(
            SQL(
                "SELECT %s, %s FROM (%s) facts GROUP BY 1",
                key,
                SQL(FIGURES),
                facts(period_start, period_stop),
            )
        )
        rows.append(cr.fetchall())
    cr.execute(
        SQL(
            """SELECT date_trunc('month', timezone(%s, timezone('UTC', date))),
                      avg(first_contact), avg(feedback), avg(completion), avg(score),
                      avg(nps)
                 FROM (%s) facts GROUP BY 1""",
            tz_name,
            facts(first, stop),
        )
    )
    rows.append(cr.fetchall())
    for column in ("cause_category", "channel"):
        cr.execute(
            SQL(
                """SELECT %s, count(*) FROM guest_complaint
                    WHERE state != 'cancelled' AND active
                      AND received_at >= %s AND received_at < %s
                    GROUP BY 1""",
                SQL.identifier(column),
                utc(start),
                utc(stop),
            )
        )
        rows.append(cr.fetchall())
    open_states = ("new", "assigned", "investigating", "resolved")
    for deadline, condition in (
        (
            "first_contact_deadline",
            SQL(
                "state IN %s AND first_contact_at IS NULL"
                " AND first_contact_deadline IS NOT NULL",
                open_states,
            ),
        ),
        (
            "feedback_deadline",
            SQL(
                "state IN %s AND fed_back_at IS NULL AND feedback_deadline IS NOT NULL",
                open_states,
            ),
        ),
        (
            "revisit_due_date",
            SQL(
                "state IN ('resolved', 'closed') AND revisit_due_date IS NOT NULL"
                " AND revisited_at IS NULL AND revisit_waived IS NOT TRUE"
            ),
        ),
    ):
        cr.execute(
            SQL(
                """SELECT c.id, c.number, c.name, p.name, c.%s
                     FROM guest_complaint c
                     LEFT JOIN res_users u ON u.id = c.user_id
                     LEFT JOIN res_partner p ON p.id = u.partner_id
                    WHERE c.active AND %s ORDER BY c.%s, c.id LIMIT %s""",
                SQL.identifier(deadline),
                condition,
                SQL.identifier(deadline),
                DUE_LIMIT,
            )
        )
        rows.append(cr.fetchall())
    cr.execute(SQL("SELECT id, name FROM hr_department ORDER BY name"))
    rows.append(cr.fetchall())
    return rows
