"""Volume data for the benchmarks.

A few records are made through the ORM (users, departments, categories, a helpdesk
team, a campaign plan); the volumes (guests, complaints, revisits) are inserted with
one parameterised ``INSERT ... SELECT generate_series`` each, as a migration would
load them: creating a million complaints through the ORM would measure the loader,
not the work the benchmarks are about. The rows carry every stored field the views,
crons and KPIs read, consistent with the complaint flow (deadlines, flags, stages).
"""

import psycopg2

from odoo import fields, sql_db
from odoo.tools import SQL

from odoo.addons.guest_revisit.models.guest_revisit_plan import campaign_period_key

STAFF_COUNT = 12
# Of every 20 complaints of the history: 14 closed, 2 resolved, 1 investigating,
# 1 assigned, 1 new, 1 cancelled.
HISTORY_STATES = (
    ["closed"] * 14
    + ["resolved"] * 2
    + ["investigating", "assigned", "new", "cancelled"]
)


def seed(env):
    """The people and settings every benchmark uses; returns their ids."""
    company = env.company
    stage_by_state = {
        stage.state: stage.id
        for stage in env["guest.complaint.stage"].search([], order="sequence desc")
    }
    groups = "guest_revisit.group_revisit_user"
    users = env["res.users"].create(
        [
            {
                "name": f"Bench staff {i}",
                "login": f"bench_staff_{i}",
                "email": f"bench_staff_{i}@example.com",
                "tz": "Asia/Shanghai",
                "group_ids": [(6, 0, env.ref(groups).ids)],
            }
            for i in range(STAFF_COUNT)
        ]
    )
    heads = env["hr.employee"].create(
        [{"name": f"Bench head {i}", "user_id": users[i].id} for i in range(3)]
    )
    departments = env["hr.department"].create(
        [{"name": f"Bench department {i}", "manager_id": heads[i].id} for i in range(3)]
    )
    env["hr.employee"].create(
        [
            {
                "name": f"Bench employee {i}",
                "user_id": users[i].id,
                "department_id": departments[i % 3].id,
            }
            for i in range(3, STAFF_COUNT)
        ]
    )
    categories = env["guest.complaint.category"].create(
        [
            {"name": f"Bench category {i}", "department_id": departments[i].id}
            for i in range(3)
        ]
    )
    desk_manager, office = env["res.users"].create(
        [
            {
                "name": f"Bench {role}",
                "login": f"bench_{role}",
                "tz": "Asia/Shanghai",
                "group_ids": [
                    (6, 0, env.ref(f"guest_revisit.group_revisit_{role}").ids)
                ],
            }
            for role in ("desk_manager", "office")
        ]
    )
    # The creating user of the batch benchmark may use both applications.
    env.user.group_ids += env.ref("guest_revisit.group_revisit_admin") + env.ref(
        "helpdesk_mgmt.group_helpdesk_manager"
    )
    campaign_type = env["guest.type"].create({"name": "Bench campaign guests"})
    team = env["helpdesk.ticket.team"].create(
        {"name": "Bench team", "user_ids": [(6, 0, users.ids)]}
    )
    return {
        "company_id": company.id,
        "currency_id": company.currency_id.id,
        "stage_by_state": stage_by_state,
        "user_ids": users.ids,
        "desk_manager_id": desk_manager.id,
        "office_id": office.id,
        # The department of each staff member, aligned with user_ids.
        "department_ids": [departments[i % 3].id for i in range(STAFF_COUNT)],
        "category_ids": categories.ids,
        "campaign_type_id": campaign_type.id,
        "team_id": team.id,
    }


def insert_guests(env, count, guest_type_id=None, tag="guest", email=True):
    """``count`` guests (with an e-mail address unless ``email`` is false), copied
    from one made by the ORM so that every column other addons require is filled;
    returns their ids."""
    template = env["res.partner"].create(
        {"name": f"Bench {tag} template", "guest_type_id": guest_type_id}
    )
    env.flush_all()
    overrides = {
        "name": SQL("'Bench ' || %s || ' ' || g", tag),
        "complete_name": SQL("'Bench ' || %s || ' ' || g", tag),
        "email": SQL("%s || '.' || g || '@example.com'", tag) if email else SQL("NULL"),
    }
    env.cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'res_partner' AND column_name != 'id'"
        )
    )
    columns = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (%(columns)s)
            SELECT %(values)s
              FROM res_partner template, generate_series(1, %(count)s) g
             WHERE template.id = %(template)s
            RETURNING id
            """,
            columns=SQL(", ").join(map(SQL.identifier, columns)),
            values=SQL(", ").join(
                overrides.get(column) or SQL.identifier("template", column)
                for column in columns
            ),
            count=count,
            template=template.id,
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]
    # The volume inserts address guests as a range of ids.
    assert ids == list(range(ids[0], ids[0] + count)), "guest ids are not contiguous"
    return ids


def insert_complaint_history(env, data, first, last, guest_ids):
    """Complaints numbered ``first`` to ``last`` over the last three years, in every
    step of the flow, with their deadlines met or missed and already escalated where
    missed, and a done revisit for one closed complaint in four."""
    stages = [data["stage_by_state"][state] for state in HISTORY_STATES]
    env.cr.execute(SQL("SELECT COALESCE(max(id), 0) FROM guest_complaint"))
    last_id_before = env.cr.fetchone()[0]
    env.cr.execute(
        SQL(
            """
            INSERT INTO guest_complaint (
                number, name, company_id, currency_id, partner_id, user_id,
                department_id, category_id, channel, severity, priority,
                compensation_type, received_at, stage_id, state, is_closed,
                assigned_at, first_contact_deadline, first_contact_at,
                first_contact_on_time, first_contact_escalated, resolved_at,
                feedback_deadline, fed_back_at, feedback_on_time,
                feedback_escalated, revisit_due_date, revisited_at,
                revisit_on_time, reopen_count, active, create_uid, create_date,
                write_uid, write_date)
            SELECT 'BENCH-' || g, 'Bench complaint ' || g, %(company)s,
                   %(currency)s,
                   %(first_guest)s + mod(g, %(guest_count)s),
                   CASE WHEN s.state != 'new' THEN u.user_id END,
                   u.department_id,
                   (%(categories)s::int[])[1 + mod(g, 3)],
                   'phone', sev.severity, sev.priority, 'none', t.received_at,
                   s.id, s.state, s.is_closed,
                   t.assigned_at, t.assigned_at + interval '1 hour',
                   t.first_contact_at, t.first_contact_at <= t.assigned_at
                       + interval '1 hour',
                   t.assigned_at IS NOT NULL AND t.first_contact_at IS NULL,
                   t.resolved_at, t.resolved_at + interval '24 hours',
                   t.fed_back_at, t.fed_back_at <= t.resolved_at
                       + interval '24 hours',
                   t.resolved_at IS NOT NULL AND t.fed_back_at IS NULL,
                   (t.resolved_at + interval '3 days')::date, t.revisited_at,
                   t.revisited_at::date <= (t.resolved_at + interval '3 days')::date,
                   CASE WHEN mod(g, 17) = 0 THEN 1 ELSE 0 END,
                   TRUE, 1, t.received_at, 1, t.received_at
              FROM generate_series(%(first)s::bigint, %(last)s::bigint) g
              JOIN guest_complaint_stage s
                ON s.id = (%(stages)s::int[])[1 + mod(g, 20)]
              CROSS JOIN LATERAL (
                  SELECT (%(users)s::int[])[1 + mod(g, %(staff)s)] AS user_id,
                         (%(departments)s::int[])[1 + mod(g, %(staff)s)]
                             AS department_id
              ) u
              CROSS JOIN LATERAL (
                  SELECT (ARRAY['general', 'general', 'general', 'important',
                                'urgent'])[1 + mod(g, 5)] AS severity,
                         (ARRAY['0', '0', '0', '1', '2'])[1 + mod(g, 5)] AS priority
              ) sev
              CROSS JOIN LATERAL (
                  SELECT now() AT TIME ZONE 'UTC'
                         - interval '1 minute' * (mod(g * 7919, 1576800) + 4320)
                         AS received_at
              ) r
              CROSS JOIN LATERAL (
                  SELECT r.received_at,
                         CASE WHEN s.state != 'new'
                              THEN r.received_at + interval '10 minutes' END
                             AS assigned_at,
                         CASE WHEN s.state NOT IN ('new', 'assigned')
                              THEN r.received_at
                                   + interval '1 minute' * (20 + mod(g, 7) * 10) END
                             AS first_contact_at,
                         CASE WHEN s.state IN ('resolved', 'closed')
                              THEN r.received_at + interval '1 day' END
                             AS resolved_at,
                         CASE WHEN s.state = 'closed'
                              THEN r.received_at
                                   + interval '1 hour' * (26 + mod(g, 3) * 12) END
                             AS fed_back_at,
                         CASE WHEN s.state = 'closed'
                              THEN r.received_at
                                   + interval '1 day' * (2 + mod(g, 4)) END
                             AS revisited_at
              ) t
            """,
            **_spread(data, guest_ids),
            currency=data["currency_id"],
            categories=data["category_ids"],
            stages=stages,
            first=first,
            last=last,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO guest_revisit (
                number, company_id, partner_id, complaint_id, user_id,
                department_id, method, state, problem_status, scheduled_at, done_at,
                outcome, score_service, score_product, score_price,
                score_information, score_overall, recommend_score, nps_category,
                is_left_open, create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH-R' || c.id, c.company_id, c.partner_id, c.id, c.user_id,
                   c.department_id, 'phone', 'done', 'none', c.revisited_at,
                   c.revisited_at, 'reached', sc.score, sc.score, sc.score,
                   sc.score, sc.score, sc.recommend::varchar,
                   CASE WHEN sc.recommend >= 9 THEN 'promoter'
                        WHEN sc.recommend >= 7 THEN 'passive'
                        ELSE 'detractor' END,
                   FALSE, 1, c.revisited_at, 1, c.revisited_at
              FROM guest_complaint c
              CROSS JOIN LATERAL (
                  SELECT 1 + mod(c.id, 5) AS score, 4 + mod(c.id, 7) AS recommend
              ) sc
             WHERE c.id > %(after)s AND c.state = 'closed' AND mod(c.id, 4) = 0
            """,
            after=last_id_before,
        )
    )


def insert_open_complaints(env, data, count, due, guest_ids):
    """``count`` assigned complaints waiting for their first contact, of which
    ``due`` are past their deadline and not escalated yet: the escalation cron's
    daily diet."""
    stage = data["stage_by_state"]["assigned"]
    env.cr.execute(
        SQL(
            """
            INSERT INTO guest_complaint (
                number, name, company_id, currency_id, partner_id, user_id,
                department_id, channel, severity, priority, compensation_type,
                received_at, stage_id, state, is_closed, assigned_at,
                first_contact_deadline, first_contact_escalated, active,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH-O' || g, 'Bench open complaint ' || g, %(company)s,
                   %(currency)s,
                   %(first_guest)s + mod(g, %(guest_count)s),
                   (%(users)s::int[])[1 + mod(g, %(staff)s)],
                   (%(departments)s::int[])[1 + mod(g, %(staff)s)],
                   'phone', 'general', '0', 'none', t.assigned_at, %(stage)s,
                   'assigned', FALSE, t.assigned_at, t.assigned_at
                   + interval '1 hour', FALSE, TRUE, 1, t.assigned_at, 1,
                   t.assigned_at
              FROM generate_series(1, %(count)s) g
              CROSS JOIN LATERAL (
                  SELECT now() AT TIME ZONE 'UTC'
                         + CASE WHEN g <= %(due)s THEN interval '-3 hours'
                                ELSE interval '1 day' END AS assigned_at
              ) t
            """,
            **_spread(data, guest_ids),
            currency=data["currency_id"],
            stage=stage,
            count=count,
            due=due,
        )
    )


def create_campaign(env, data):
    """A running monthly campaign over the campaign guest type."""
    today = fields.Date.context_today(env.user)
    plan = env["guest.revisit.plan"].create(
        {
            "name": "Bench monthly campaign",
            "is_campaign": True,
            "campaign_period": "monthly",
            "target_guest_type_ids": [(6, 0, [data["campaign_type_id"]])],
            "date_start": today.replace(day=1),
            "date_end": today.replace(year=today.year + 1),
            "user_id": data["user_ids"][0],
        }
    )
    plan.write(
        {
            "state": "running",
            "campaign_last_period": campaign_period_key("monthly", today),
        }
    )
    return plan


def insert_open_revisits(env, data, plan, guest_ids, due):
    """A planned campaign revisit this period for each guest (a range of ids, as
    insert_guests returns), scheduled tomorrow, except ``due`` of them scheduled
    yesterday and left open: the daily closing's work."""
    period = campaign_period_key("monthly", fields.Date.context_today(env.user))
    env.cr.execute(
        SQL(
            """
            INSERT INTO guest_revisit (
                number, company_id, partner_id, plan_id, campaign_period, user_id,
                department_id, guest_type_id, method, state, problem_status,
                scheduled_at, is_left_open, create_uid, create_date, write_uid,
                write_date)
            SELECT 'BENCH-P' || g.n, %(company)s, %(first_guest)s + g.n - 1, %(plan)s,
                   %(period)s, (%(users)s::int[])[1 + mod(g.n, %(staff)s)],
                   (%(departments)s::int[])[1 + mod(g.n, %(staff)s)],
                   %(type)s, 'phone', 'planned', 'none',
                   now() AT TIME ZONE 'UTC'
                   + CASE WHEN g.n <= %(due)s THEN interval '-1 day'
                          ELSE interval '1 day' END,
                   FALSE, 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
              FROM generate_series(1, %(guest_count)s) AS g(n)
            """,
            **_spread(data, guest_ids),
            plan=plan.id,
            period=period,
            type=data["campaign_type_id"],
            due=due,
        )
    )


def _spread(data, guest_ids):
    """The SQL parameters by which generated rows go round the guests (a range of
    ids), the staff and their departments."""
    return {
        "company": data["company_id"],
        "first_guest": guest_ids[0],
        "guest_count": len(guest_ids),
        "users": data["user_ids"],
        "departments": data["department_ids"],
        "staff": len(data["user_ids"]),
    }


def settle(env):
    """Commit the loaded volume and vacuum the database, as autovacuum would after a
    real load: fresh planner statistics and visibility maps (index-only scans), and no
    autovacuum left to do while the next figures are measured."""
    # A benchmark database is thrown away afterwards; committing lets VACUUM, which
    # cannot run inside a transaction, see the rows.
    env.cr.commit()  # pylint: disable=invalid-commit
    # The whole database: the rolled-back runs of the batch creates leave dead rows in
    # the mail tables, which autovacuum would otherwise clean up during the page reads
    # of a two-CPU machine. Two passes: right after a load, one VACUUM left the new
    # pages out of the visibility map (PostgreSQL 15 here: relallvisible stayed at the
    # old pages, and the planner chose heap scans over index-only scans); the second
    # pass marks them.
    for _pass in range(2):
        vacuum(env, SQL("VACUUM ANALYZE"))


def vacuum(env, statement):
    """Run the VACUUM ``statement`` on a connection of its own (VACUUM cannot run in
    a transaction). The rows of a rolled-back savepoint are dead for everyone at
    once: this reclaims them while the benchmark's transaction goes on."""
    _dbname, params = sql_db.connection_info_for(env.cr.dbname)
    connection = psycopg2.connect(**params)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement.code, statement.params)
    finally:
        connection.close()
