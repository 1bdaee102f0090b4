"""The performance benchmarks, in one run on one database.

1. Batch create of complaints against ``helpdesk.ticket`` (OCA helpdesk_mgmt).
2. List and grouped kanban reads as the web client asks them, at 1k, 10k and 100k
   complaints: queries and time.
3. The escalation, daily-closing and campaign crons with 10k and 100k open items, of
   which 100 are due, and 10k due at 100k: queries per due item and time.
4. The dashboard's whole RPC (figures, trends, bars, pies, due now) against the same
   numbers in hand-written SQL over the same tables, at 100k complaints (and 1M with
   ``--large``).
5. Peak resident memory of this process during 1 and 4.

It prints a Markdown table and never asserts a time: the figures are for people.
"""

import os
import platform
from datetime import date

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID
from odoo.modules.registry import Registry
from odoo.tools import SQL

from odoo.addons.guest_revisit.tests.common import view_read_specification

from . import dataset
from .dashboard_sql import hand_written_dashboard
from .load.loadtools import cpu_and_memory
from .measure import (
    Table,
    benchmark_env,
    measure,
    ms,
    peak_rss_mb,
    ratio,
    reset_peak_rss,
    say,
    secs,
)

DUE = 100
MANY_DUE = 10000


def run(args):
    """All the benchmarks, on the database of the parsed configuration."""
    registry = Registry(args.database)
    table = Table()
    with registry.cursor() as cr:
        env = benchmark_env(cr)
        say(
            f"# Benchmarks on {args.database}, {args.runs} runs per figure,"
            f" {args.create_runs} per batch create"
        )
        data = dataset.seed(env)
        env.flush_all()
        guests = dataset.insert_guests(env, 20000)
        guests_without_email = dataset.insert_guests(
            env, 2000, tag="quiet", email=False
        )
        dataset.settle(env)

        bench_batch_create(env, data, guests, args, table)
        bench_batch_create(env, data, guests_without_email, args, table, "no e-mail")
        bench_reads(env, data, guests, args, table)
        if args.large:
            say("## 1M complaints (--large)")
            dataset.insert_complaint_history(env, data, 100001, 1000000, guests)
            dataset.settle(env)
        bench_kpis(env, data, args, table)
        bench_crons(env, data, args, table)
        cr.rollback()

    say(f"\n{machine(registry)}\n\n{table.markdown()}")


def bench_batch_create(env, data, guests, args, table, variant=""):
    """Complaints and tickets with the same data. A guest with an e-mail address is
    sent the complaint's acknowledgement (C1), which helpdesk_mgmt does not send: the
    variant with guests without e-mail compares like with like."""
    count = args.create_count
    label = f"{count}, {variant}" if variant else f"{count}"
    say(f"## 1. Batch create of {label} records")
    descriptions = [
        f"<p>The guide changed the itinerary, case {i}.</p>" for i in range(count)
    ]

    def complaint_vals():
        return [
            {
                "name": f"Bench batch complaint {i}",
                "description": descriptions[i],
                "partner_id": guests[i % len(guests)],
                "user_id": data["user_ids"][i % len(data["user_ids"])],
                "category_id": data["category_ids"][i % 3],
            }
            for i in range(count)
        ]

    def ticket_vals():
        return [
            {
                "name": f"Bench batch complaint {i}",
                "description": descriptions[i],
                "partner_id": guests[i % len(guests)],
                "user_id": data["user_ids"][i % len(data["user_ids"])],
                "team_id": data["team_id"],
            }
            for i in range(count)
        ]

    reset_peak_rss()
    ours = measure(
        env, lambda: env["guest.complaint"].create(complaint_vals()), args.create_runs
    )
    theirs = measure(
        env, lambda: env["helpdesk.ticket"].create(ticket_vals()), args.create_runs
    )
    rss = peak_rss_mb()
    table.add(
        "1. Batch create, complaints vs helpdesk.ticket (s)",
        label,
        secs(ours["seconds"]),
        secs(theirs["seconds"]),
        ratio(ours["seconds"], theirs["seconds"]),
        "<= 1.0x",
    )
    table.add(
        "1. Batch create, queries per record",
        label,
        f"{ours['queries'] / count:.1f}",
        f"{theirs['queries'] / count:.1f}",
        ratio(ours["queries"], theirs["queries"]),
        "",
    )
    table.add("5. Peak RSS during 1 (MiB)", label, f"{rss:.0f}", "", "", "")


def bench_reads(env, data, guests, args, table):
    say("## 2. List and kanban reads of a page")
    desk = env["res.users"].browse(data["desk_manager_id"])
    Complaint = env["guest.complaint"].with_user(desk)
    list_spec = view_read_specification(Complaint, "list")
    kanban_spec = view_read_specification(Complaint, "kanban")
    progress_bar = {
        "field": "severity",
        "colors": {"general": "success", "important": "warning", "urgent": "danger"},
    }

    def list_page(domain):
        # The web client's first list page: 80 rows and a count up to 10 000.
        return Complaint.web_search_read(domain, list_spec, limit=80, count_limit=10001)

    def kanban_page(domain):
        # The grouped kanban: stage columns with counts, 40 cards per open column,
        # then the severity progress bars.
        groups = Complaint.with_context(read_group_expand=True).web_read_group(
            domain,
            ["stage_id"],
            ["__count"],
            auto_unfold=True,
            unfold_read_specification=kanban_spec,
            unfold_read_default_limit=40,
        )
        Complaint.read_progress_bar(domain, "stage_id", progress_bar)
        return groups

    # The menu opens the complaints with the "Open" filter; the whole history is
    # what a user sees who removes it.
    open_filter = [("is_closed", "=", False)]
    pages = {
        "list, whole history": lambda: list_page([]),
        "kanban, whole history": lambda: kanban_page([]),
        'list, "Open" filter': lambda: list_page(open_filter),
        'kanban, "Open" filter': lambda: kanban_page(open_filter),
    }

    first = 1
    baseline = {}
    for volume in (1000, 10000, 100000):
        dataset.insert_complaint_history(env, data, first, volume, guests)
        first = volume + 1
        dataset.settle(env)
        for name, work in pages.items():
            figures = measure(env, work, args.runs, warmup=True)
            baseline.setdefault(name, figures)
            table.add(
                f"2. Page read, {name} (queries, time)",
                f"{volume}",
                f"{figures['queries']} q, {ms(figures['seconds'])}",
                f"{baseline[name]['queries']} q, {ms(baseline[name]['seconds'])}"
                " at 1000",
                ratio(figures["seconds"], baseline[name]["seconds"]),
                "flat queries, <= 2x",
            )


def bench_kpis(env, data, args, table):
    env.cr.execute(SQL("SELECT count(*) FROM guest_complaint"))
    volume = env.cr.fetchone()[0]
    say(f"## 4. KPI figures over {volume} complaints")
    office = env["res.users"].browse(data["office_id"])
    Kpi = env["guest.revisit.kpi"].with_user(office)
    # The busiest month of the generated history: every month is about as full.
    month = date.today().replace(day=1) - relativedelta(months=6)

    reset_peak_rss()
    ours = measure(env, lambda: Kpi.get_dashboard_data(month), args.runs, warmup=True)
    rss = peak_rss_mb()
    # The company's days, as the dashboard counts them for every reader.
    tz = env.company._days_tz()
    theirs = measure(
        env, lambda: hand_written_dashboard(env, month, tz), args.runs, warmup=True
    )
    table.add(
        "4. Dashboard RPC (figures, trends, bars, pies, due now) vs hand-written SQL",
        f"{volume}",
        f"{ms(ours['seconds'])}, {ours['queries']} q",
        f"{ms(theirs['seconds'])}, {theirs['queries']} q",
        ratio(ours["seconds"], theirs["seconds"]),
        "<= 1.5x",
    )
    table.add("5. Peak RSS during 4 (MiB)", f"{volume}", f"{rss:.0f}", "", "", "")


def bench_crons(env, data, args, table):
    """The crons over 10k and 100k open items, 100 of each kind due, then 10k due
    at 100k open: queries per due item (flat, at most 10) and time. They run as
    ir.cron runs them, as the superuser; a run of 10k due items is measured once."""
    say(f"## 3. Crons with open items, {DUE} and {MANY_DUE} of them due")
    cron_env = env(user=SUPERUSER_ID)
    crons = (
        ("escalation", cron_env["guest.complaint"]._cron_escalate_overdue),
        ("daily closing", cron_env["guest.revisit"]._cron_flag_left_open),
        ("campaign", cron_env["guest.revisit.plan"]._cron_generate_campaign_revisits),
    )
    plan = dataset.create_campaign(env, data)
    env.flush_all()
    created = 0
    # The 10k due items come on top of the 100k open ones.
    for volume, due in ((10000, DUE), (100000, DUE), (100000, MANY_DUE)):
        # Open items: assigned complaints waiting for their first contact, planned
        # campaign revisits, and campaign guests who already have this period's
        # revisit; ``due`` of each kind are due.
        new_due = due - (DUE if created else 0)
        new_open = max(volume - created - new_due, 0)
        if new_open or new_due:
            _insert_cron_items(env, data, plan, new_open, new_due)
            created += new_open + new_due
            dataset.settle(env)
        runs = 1 if due > DUE else args.runs
        for name, work in crons:
            figures = measure(env, work, runs)
            table.add(
                f"3. Cron: {name} (queries per due item; s, queries)",
                f"{created} open, {due} due",
                f"{figures['queries'] / due:.1f} q/item; "
                f"{secs(figures['seconds'])}, {figures['queries']} q",
                "",
                "",
                "<= 10 q/item, flat",
            )


def _insert_cron_items(env, data, plan, open_count, due):
    """``open_count`` items of each kind that are not due, and ``due`` that are: an
    assigned complaint past its first contact deadline, a campaign revisit left
    open yesterday, and a campaign guest without this period's revisit."""
    guests = dataset.insert_guests(
        env, open_count + 2 * due, data["campaign_type_id"], "cg"
    )
    # Complaints: the first ``due`` of them are past their deadline.
    dataset.insert_open_complaints(env, data, open_count + due, due, guests)
    # Revisits of this period for all but the last ``due`` guests, who are the
    # campaign's work; the first ``due`` were scheduled yesterday, left open.
    dataset.insert_open_revisits(env, data, plan, guests[: open_count + due], due)


def machine(registry):
    cpu, memory = cpu_and_memory()
    with registry.cursor() as cr:
        cr.execute(SQL("SHOW server_version"))
        postgres = cr.fetchone()[0]
    return (
        f"Machine: {cpu}, {os.cpu_count()} CPUs, {memory:.1f} GiB RAM; "
        f"Python {platform.python_version()}, Odoo {odoo.release.version}, "
        f"PostgreSQL {postgres}."
    )
