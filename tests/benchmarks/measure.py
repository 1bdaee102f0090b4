"""Timing, query counting and peak memory for the benchmarks.

Each figure is the median of several runs. A run happens inside a savepoint that is
rolled back afterwards, so every run starts from the same data; the ORM's pending
writes and the commit-time work (tracking, followers) are included in the time, as
they would be in a request.
"""

import statistics
import sys
import time
from pathlib import Path

from odoo import api
from odoo.tools import SQL

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")
ADMIN_ID = 2  # base.user_admin: the creating user, as in a migration script


def benchmark_env(cr):
    """The environment the benchmarks work in: the administrator, in Shanghai time.
    Mails are queued, not sent during the request: the benchmark measures our work,
    not an SMTP server."""
    return api.Environment(
        cr, ADMIN_ID, {"tz": "Asia/Shanghai", "mail_notify_force_send": False}
    )


def measure(env, work, runs, warmup=False):
    """Run ``work()`` ``runs`` times, each rolled back; returns the median seconds,
    the median number of queries and the last run's result."""
    if warmup:
        _run_once(env, work)
    samples = [_run_once(env, work) for _ in range(runs)]
    return {
        "seconds": statistics.median(s for s, _q, _r in samples),
        "queries": int(statistics.median(q for _s, q, _r in samples)),
        "result": samples[-1][2],
    }


def _run_once(env, work):
    cr = env.cr
    cr.execute(SQL("SAVEPOINT benchmark_run"))
    env.invalidate_all()
    queries_before = cr.sql_log_count
    start = time.perf_counter()
    result = work()
    env.flush_all()
    cr.precommit.run()
    seconds = time.perf_counter() - start
    queries = cr.sql_log_count - queries_before
    cr.execute(SQL("ROLLBACK TO SAVEPOINT benchmark_run"))
    cr.precommit.clear()
    cr.postcommit.clear()
    env.invalidate_all(flush=False)
    return seconds, queries, result


def reset_peak_rss():
    """Start measuring this process's peak resident memory afresh (Linux)."""
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb():
    """This process's peak resident memory since the last reset, in MiB."""
    for line in STATUS.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def say(text):
    """Progress and results go to standard output, as they come."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Table:
    """The printed result: one Markdown table, pasted as is into the README."""

    HEADER = ("Benchmark", "Volume", "Ours", "Reference", "Ratio", "Goal")

    def __init__(self):
        self.rows = []

    def add(self, name, volume, ours, reference="", ratio="", goal=""):
        row = (name, volume, ours, reference, ratio, goal)
        self.rows.append(row)
        say("  " + " | ".join(str(cell) for cell in row))

    def markdown(self):
        widths = [
            max(len(str(row[i])) for row in (self.HEADER, *self.rows))
            for i in range(len(self.HEADER))
        ]

        def line(cells):
            padded = (str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
            return "| " + " | ".join(padded) + " |"

        rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        return "\n".join([line(self.HEADER), rule, *map(line, self.rows)])


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def secs(seconds):
    return f"{seconds:.2f} s"


def ratio(ours, reference):
    return f"{ours / reference:.2f}x" if reference else "n/a"
