"""A snapshot of one PostgreSQL server's work, for the load test's "load on the
primary": the CPU seconds its processes spent so far (live backends plus the reaped
ones, which the postmaster's children times hold) and its database counters. Prints
JSON. ``python3 pgload.py --data-dir DIR --port PORT --db DB``."""

import argparse
import json
import os
from pathlib import Path

import psycopg2

TICKS = os.sysconf("SC_CLK_TCK")


def _times(pid):
    """utime, stime, cutime, cstime of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command: state ppid ... utime(12) stime(13) cutime(14) cstime(15).
    return [int(value) / TICKS for value in fields[11:15]], int(fields[1])


def cpu_seconds(data_dir):
    postmaster = int(Path(data_dir, "postmaster.pid").read_text().split()[0])
    (utime, stime, cutime, cstime), _ppid = _times(postmaster)
    total = utime + stime + cutime + cstime
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            times, ppid = _times(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
        if ppid == postmaster:
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
    args = parser.parse_args()
    print(
        json.dumps(
            {"cpu_seconds": cpu_seconds(args.data_dir), **counters(args.port, args.db)}
        )
    )


if __name__ == "__main__":
    main()
