"""The duplicate check at intake over a large history of complaints.

The history is the shape a desk keeps after a few years: closed complaints over three
years, the open ones among the last weeks, summaries varied as people write them
(pieces of several word lists, so that most are unique and some are close), guests
with phones and e-mails. A batch of new complaints is then created with the check and
without it (the window set to 0 days skips it), and the plan of the check's query is
read to see which indexes it uses.
"""

import statistics

from odoo.modules.registry import Registry
from odoo.tools import SQL

from . import dataset
from .measure import Table, benchmark_env, measure, ratio, say, secs
from .suite import machine

WHO = [
    "The guide",
    "Our driver",
    "The hotel room",
    "Breakfast",
    "The coach",
    "The tour leader",
    "The restaurant",
    "Check-in",
    "The air conditioning",
    "The airport shuttle",
    "The cable car",
    "The boat trip",
    "The ticket office",
    "The front desk",
    "The minibar",
    "The swimming pool",
    "The local guide",
    "The luggage service",
    "The massage",
    "The museum visit",
]
WHAT = [
    "was late",
    "was rude to us",
    "was dirty",
    "changed the itinerary",
    "charged us extra",
    "was cancelled",
    "smelled of smoke",
    "was far too noisy",
    "was cold",
    "broke down",
    "skipped the promised stop",
    "lost our booking",
    "ignored our complaint",
    "was overcrowded",
    "had no hot water",
    "gave wrong information",
    "refused the voucher",
    "kept us waiting",
    "was not as advertised",
    "forgot the children's seats",
]
WHERE = [
    "in Guilin",
    "in Xi'an",
    "at the Great Wall",
    "in Hangzhou",
    "in Lijiang",
    "in Chengdu",
    "at the Bund",
    "in Sanya",
    "in Zhangjiajie",
    "in Suzhou",
    "at Huangshan",
    "in Dali",
    "in Xiamen",
    "in Harbin",
    "in Kunming",
    "at West Lake",
    "in Qingdao",
    "in Lhasa",
    "in Dunhuang",
    "in Pingyao",
]
WHEN = [
    "on the first day",
    "on the second morning",
    "after dinner",
    "during the night",
    "on the last evening",
    "at the start of the tour",
    "twice",
    "again today",
    "for three days",
    "before departure",
    "at noon",
    "right after arrival",
]
# Of the history, the open complaints (about 1 in 100) are among the last 30 days.
OPEN_EVERY = 100


def _summary_sql(g):
    """A varied summary for the generated row number ``g`` (an SQL expression)."""
    return SQL(
        "(%(who)s::text[])[1 + mod(%(g)s * 7, 20)]"
        " || ' ' || (%(what)s::text[])[1 + mod(%(g)s * 13 / 20, 20)]"
        " || ' ' || (%(where)s::text[])[1 + mod(%(g)s * 17 / 400, 20)]"
        " || ' ' || (%(when)s::text[])[1 + mod(%(g)s * 19 / 8000, 12)]"
        " || ', booking ' || (%(g)s * 7919 %% 100000)",
        who=WHO,
        what=WHAT,
        where=WHERE,
        when=WHEN,
        g=g,
    )


def insert_history(env, data, volume, guest_ids):
    """``volume`` complaints: closed over three years, 1 in OPEN_EVERY open in the
    last 30 days; each with its guest's phone and e-mail."""
    stages = data["stage_by_state"]
    env.cr.execute(
        SQL(
            """
            INSERT INTO guest_complaint (
                number, name, company_id, currency_id, partner_id, contact_phone,
                contact_email, channel, severity, priority, compensation_type,
                received_at, stage_id, state, is_closed, active, create_uid,
                create_date, write_uid, write_date)
            SELECT 'DUP-' || g, %(summary)s, %(company)s, %(currency)s, p.id,
                   '+86 139 ' || lpad(p.id::text, 8, '0'), p.email, 'phone',
                   'general', '0', 'none', t.received_at, s.id, s.state,
                   s.is_closed, TRUE, 1, t.received_at, 1, t.received_at
              FROM generate_series(1, %(volume)s::bigint) g
              JOIN res_partner p
                ON p.id = %(first_guest)s + mod(g * 31, %(guest_count)s)
              JOIN guest_complaint_stage s
                ON s.id = CASE WHEN mod(g, %(open_every)s) = 0 THEN %(open)s
                               ELSE %(closed)s END
              CROSS JOIN LATERAL (
                  SELECT now() AT TIME ZONE 'UTC' - CASE
                      WHEN mod(g, %(open_every)s) = 0
                      THEN interval '1 minute' * mod(g * 7919, 43200)
                      ELSE interval '1 minute' * mod(g * 7919, 1576800) END
                      AS received_at
              ) t
            """,
            summary=_summary_sql(SQL("g")),
            company=data["company_id"],
            currency=data["currency_id"],
            first_guest=guest_ids[0],
            guest_count=len(guest_ids),
            open_every=OPEN_EVERY,
            open=stages["assigned"],
            closed=stages["closed"],
            volume=volume,
        )
    )


def reclaim(env):
    """Vacuum the complaints, their indexes included: a rolled-back create leaves its
    rows in the indexes, and the next batch's check would read the previous batch's
    summaries (all alike) as dead candidates. INDEX_CLEANUP ON: with so few dead
    rows VACUUM would otherwise leave the indexes as they are."""
    dataset.vacuum(env, SQL("VACUUM (INDEX_CLEANUP ON) guest_complaint"))


def bench_duplicates(env, data, new_guests, args, table):
    """Create with the check against create without, over ``args.duplicates``
    complaints of history (loaded); the plan of the check."""
    volume = args.duplicates
    count = args.create_count
    say(f"## 6. Duplicate check at intake over {volume} complaints")
    company = env.company
    env.cr.execute(
        SQL(
            "SELECT name FROM guest_complaint WHERE is_closed IS NOT TRUE"
            " AND number LIKE 'DUP-%%' ORDER BY id LIMIT %s",
            count,
        )
    )
    open_summaries = [row[0] for row in env.cr.fetchall()]

    def complaint_vals():
        # One in ten repeats an open complaint's summary with a word more; the
        # guests are new ones (no match by guest, phone or e-mail): the check does
        # all of its work.
        return [
            {
                "name": (
                    f"{open_summaries[i % len(open_summaries)]} again"
                    if i % 10 == 0
                    else f"Bench new complaint {i}: the shuttle {i % 37} was late"
                ),
                "partner_id": new_guests[i % len(new_guests)],
                "user_id": data["user_ids"][i % len(data["user_ids"])],
                "category_id": data["category_ids"][i % 3],
            }
            for i in range(count)
        ]

    def create(days):
        def work():
            company.complaint_duplicate_days = days
            complaints = env["guest.complaint"].create(complaint_vals())
            # Counted before the run is rolled back.
            return len(complaints.filtered("duplicate_of_id"))

        return work

    Complaint = env["guest.complaint"]

    check_only = measure(
        env,
        lambda: Complaint._find_open_duplicates(complaint_vals()),
        args.runs,
        warmup=True,
    )
    # The first create of the process fills the ORM's and the server's caches: a
    # warm-up batch of each kind first. Then the two kinds in turns, each first in
    # every other turn, so that neither the order nor a busy moment of the machine
    # falls on one kind only.
    samples = {7: [], 0: []}
    flagged = 0
    for turn in range(args.create_runs + 1):
        for days in (7, 0) if turn % 2 else (0, 7):
            result = measure(env, create(days), 1)
            reclaim(env)
            if turn:
                samples[days].append(result["seconds"])
            if days:
                flagged = result["result"]
    say(
        "batch creates (s), with the check: "
        + ", ".join(secs(s) for s in samples[7])
        + "; without: "
        + ", ".join(secs(s) for s in samples[0])
    )
    checked = {"seconds": statistics.median(samples[7])}
    unchecked = {"seconds": statistics.median(samples[0])}
    table.add(
        "6. Batch create with the duplicate check vs without (s)",
        f"{count} over {volume}",
        secs(checked["seconds"]),
        secs(unchecked["seconds"]),
        ratio(checked["seconds"], unchecked["seconds"]),
        "<= 1.2x",
    )
    table.add(
        "6. Batch create without the check plus the check alone (s)",
        f"{count} over {volume}",
        secs(unchecked["seconds"] + check_only["seconds"]),
        secs(unchecked["seconds"]),
        ratio(unchecked["seconds"] + check_only["seconds"], unchecked["seconds"]),
        "<= 1.2x",
    )
    table.add(
        "6. The check alone (s, queries; flagged of the batch)",
        f"{count} over {volume}",
        f"{secs(check_only['seconds'])}, {check_only['queries']} q",
        f"{flagged} flagged",
        "",
        "1 query",
    )
    company.complaint_duplicate_days = 7
    query = Complaint._open_duplicates_sql(complaint_vals()[:10])
    with Complaint._duplicate_check_settings():
        env.cr.execute(SQL("EXPLAIN (ANALYZE, COSTS OFF) %s", query))
        plan = "\n".join(row[0] for row in env.cr.fetchall())
    say(plan)
    env.cr.execute(
        SQL(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'guest_complaint'"
            " AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
    )
    trigram_indexes = [row[0] for row in env.cr.fetchall()]
    used = [name for name in trigram_indexes if name in plan]
    table.add(
        "6. Trigram index in the check's plan",
        f"{volume}",
        ", ".join(used) or "not used",
        "",
        "",
        "used",
    )


def run(args):
    """Only this benchmark (``--duplicates VOLUME``), printed as its own table. On a
    database kept from an earlier run (``setup/bench --keep``), its people, guests
    and history are reused: loading a million complaints takes longer than the
    figures."""
    registry = Registry(args.database)
    table = Table()
    with registry.cursor() as cr:
        env = benchmark_env(cr)
        kept = _kept_run(env, args.duplicates)
        if kept:
            data, history_guests, new_guests = kept
            say("reusing the people, guests and history of an earlier run")
            # The earlier run's rolled-back batches left their summaries in the
            # trigram index as dead rows that each check would read through: the
            # figures are of the check over the history, so vacuum them first.
            dataset.settle(env)
            reclaim(env)
        else:
            data = dataset.seed(env)
            env.flush_all()
            history_guests = dataset.insert_guests(env, 20000)
            new_guests = dataset.insert_guests(env, 1000, tag="newcomer")
            insert_history(env, data, args.duplicates, history_guests)
            dataset.settle(env)
        bench_duplicates(env, data, new_guests, args, table)
        cr.rollback()
    say(f"\n{machine(registry)}\n\n{table.markdown()}")


def _kept_run(env, volume):
    """(data, history guests, new guests) of an earlier run on this database when
    it left the whole history, else None."""
    users = env["res.users"].search([("login", "=like", "bench_staff_%")], order="id")
    env.cr.execute(
        SQL("SELECT count(*) FROM guest_complaint WHERE number LIKE 'DUP-%%'")
    )
    if not users or env.cr.fetchone()[0] < volume:
        return None
    company = env.company

    def guests(tag):
        return (
            env["res.partner"]
            .search(
                [
                    ("name", "=like", f"Bench {tag} %"),
                    ("name", "!=", f"Bench {tag} template"),
                ],
                order="id",
            )
            .ids
        )

    data = {
        "company_id": company.id,
        "currency_id": company.currency_id.id,
        "stage_by_state": {
            stage.state: stage.id
            for stage in env["guest.complaint.stage"].search([], order="sequence desc")
        },
        "user_ids": users.ids,
        "category_ids": env["guest.complaint.category"]
        .search([("name", "=like", "Bench category %")], order="id")
        .ids,
    }
    return data, guests("guest"), guests("newcomer")
