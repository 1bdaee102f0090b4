"""A snapshot of one PostgreSQL server's work, for the load test's "load on the
primary": the CPU seconds its processes spent so far (live backends plus the reaped
ones, which the postmaster's children times hold) and its database counters. Prints
JSON. ``python3 pgload.py --data-dir DIR --port PORT --db DB [--odoo-pid PID]``:
with an Odoo server's pid, its CPU seconds too (the master and its workers)."""

import argparse
import json
import os
import time
from pathlib import Path

import psycopg2
from loadtools import say

TICKS = os.sysconf("SC_CLK_TCK")


def _times(pid):
    """utime, stime, cutime, cstime of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command: state ppid ... utime(12) stime(13) cutime(14) cstime(15).
    return [int(value) / TICKS for value in fields[11:15]], int(fields[1])


def cpu_seconds(parent):
    """CPU seconds of the process ``parent`` and its children, live or reaped."""
    (utime, stime, cutime, cstime), _ppid = _times(parent)
    total = utime + stime + cutime + cstime
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            times, ppid = _times(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent:
            total += times[0] + times[1]
    return total


def counters(port, db):
    connection = psycopg2.connect(host="127.0.0.1", port=port, user="odoo", dbname=db)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched,"
                " blks_hit + blks_read FROM pg_stat_database WHERE datname = %s",
                [db],
            )
            transactions, rows, blocks = cursor.fetchone()
    finally:
        connection.close()
    return {"transactions": transactions, "rows_read": rows, "blocks": blocks}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--odoo-pid", type=int, help="also Odoo's CPU seconds")
    args = parser.parse_args()
    postmaster = int(Path(args.data_dir, "postmaster.pid").read_text().split()[0])
    snapshot = {"cpu_seconds": cpu_seconds(postmaster), **counters(args.port, args.db)}
    if args.odoo_pid:
        snapshot["odoo_cpu_seconds"] = cpu_seconds(args.odoo_pid)
    snapshot["time"] = time.time()
    say(json.dumps(snapshot))


if __name__ == "__main__":
    main()
