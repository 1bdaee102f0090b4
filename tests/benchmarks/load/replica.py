"""Where Odoo serves the read-only work when it has a read replica, and how fast the
dashboard is there: run by ``./setup/bench --load --replica`` with two Odoo servers
on the same database, one without a replica (``--url-primary``) and one with
``db_replica_host/port`` (``--url-replica``), both without cron threads.

1. Routing: the dashboard RPC, a KPI read (the grouped list of guest.revisit.kpi)
   and the supervision PDF, each called through the server with the replica; the
   scans of the complaint and revisit tables counted on each PostgreSQL server
   (pg_stat_user_tables: each server counts its own reads) before and after.
2. The dashboard RPC through each server: median of ``--runs`` calls, and the ratio.

Prints Markdown; writes the figures as JSON with ``--json``. Never asserts a time."""

import argparse
import json
import statistics
import time
from pathlib import Path

import psycopg2
import requests
from loadtools import say

TABLES = ("guest_complaint", "guest_revisit")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-user", default="odoo")
    parser.add_argument("--primary-port", type=int, required=True)
    parser.add_argument("--replica-port", type=int, required=True)
    parser.add_argument("--url-primary", required=True)
    parser.add_argument("--url-replica", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json")
    return parser.parse_args()


def table_reads(args, port):
    """Scans and rows read of our two big tables on one server, and its commits."""
    connection = psycopg2.connect(
        host=args.pg_host, port=port, user=args.pg_user, dbname=args.db
    )
    try:
        with connection.cursor() as cursor:
            # Statistics are per transaction snapshot: a fresh one each time.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)"
                " FROM pg_stat_user_tables WHERE relname = ANY(%s)",
                [list(TABLES)],
            )
            scans = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = %s",
                [args.db],
            )
            commits = int(cursor.fetchone()[0])
    finally:
        connection.close()
    return {"scans": scans, "commits": commits}


def json2(url, key, db, model, method, **params):
    response = requests.post(
        f"{url}/json/2/{model}/{method}",
        json=params,
        headers={"Authorization": f"Bearer {key}", "X-Odoo-Database": db},
        timeout=600,
    )
    response.raise_for_status()
    return response.json()


def supervision_pdf(url, db, login):
    """The supervision report as the web client downloads it (/report/download)."""
    session = requests.Session()
    session.post(
        f"{url}/web/session/authenticate",
        json={"params": {"db": db, "login": login, "password": login}},
        timeout=60,
    ).raise_for_status()
    report_url = "/report/pdf/guest_revisit.report_supervision?" + (
        "options=" + requests.utils.quote(json.dumps({"period": "month"}))
    )
    # The web client posts the same parameters (with its CSRF token).
    response = session.get(
        f"{url}/report/download",
        params={
            "data": json.dumps([report_url, "qweb-pdf"]),
            "context": json.dumps({}),
            "token": "bench",
        },
        timeout=600,
    )
    response.raise_for_status()
    if not response.content.startswith(b"%PDF"):
        raise RuntimeError(f"not a PDF: {response.text[:300]}")
    return response


def routed(args, label, work):
    """Run ``work`` and report the table scans and commits it caused on each server."""
    before = {
        "primary": table_reads(args, args.primary_port),
        "replica": table_reads(args, args.replica_port),
    }
    work()
    # A backend that has just been active reports its statistics at the latest after
    # PostgreSQL's idle interval (10 s).
    time.sleep(11)
    after = {
        "primary": table_reads(args, args.primary_port),
        "replica": table_reads(args, args.replica_port),
    }
    return {
        "action": label,
        **{
            f"{server}_{counter}": after[server][counter] - before[server][counter]
            for server in ("primary", "replica")
            for counter in ("scans", "commits")
        },
    }


def timed(work, runs):
    work()  # warm up the worker and the caches of the server it runs on
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    args = parse_args()
    state = json.loads(Path(args.state).read_text(encoding="utf-8"))
    key = state["keys"]["office"]
    office_login = "bench_office"

    def dashboard(url):
        return lambda: json2(
            url, key, args.db, "guest.revisit.kpi", "get_dashboard_data"
        )

    def kpi_read():
        return json2(
            args.url_replica,
            key,
            args.db,
            "guest.revisit.kpi",
            "web_read_group",
            domain=[],
            groupby=["department_id"],
            aggregates=["__count"],
        )

    routing = [
        # The control: what the servers do meanwhile with no request at all.
        routed(args, "nothing (control, same duration)", lambda: time.sleep(1)),
        routed(args, "dashboard RPC (get_dashboard_data)", dashboard(args.url_replica)),
        routed(args, "KPI grouped read (web_read_group)", kpi_read),
        routed(
            args,
            "supervision PDF (/report/download)",
            lambda: supervision_pdf(args.url_replica, args.db, office_login),
        ),
    ]
    primary = timed(dashboard(args.url_primary), args.runs)
    replica = timed(dashboard(args.url_replica), args.runs)
    connection = psycopg2.connect(
        host=args.pg_host, port=args.primary_port, user=args.pg_user, dbname=args.db
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM guest_complaint")
        volume = cursor.fetchone()[0]
    connection.close()

    say(f"\n### Read replica, {args.db} ({volume} complaints)\n")
    say(
        "| Through the server with the replica | primary: table scans, commits"
        " | replica: table scans, commits |"
    )
    say("|---|---|---|")
    for row in routing:
        say(
            f"| {row['action']} | {row['primary_scans']}, {row['primary_commits']}"
            f" | {row['replica_scans']}, {row['replica_commits']} |"
        )
    say(
        "\n(The primary's commits include the servers' own bookkeeping: the session"
        " and registry checks of each request.)\n"
    )
    say(
        f"| Dashboard RPC, median of {args.runs} | on the primary | on the replica"
        " | ratio | goal |"
    )
    say("|---|---|---|---|---|")
    say(
        f"| {volume} complaints | {primary * 1000:.0f} ms | {replica * 1000:.0f} ms"
        f" | {replica / primary:.2f}x | <= 1.2x |"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "volume": volume,
                    "routing": routing,
                    "dashboard_primary_s": primary,
                    "dashboard_replica_s": replica,
                },
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
