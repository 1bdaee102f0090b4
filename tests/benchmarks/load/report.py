"""The load test's figures, from the files run_load.sh leaves in its directory:
per action p50 / p95 / max under one user and under N, the ratios, requests per
second, errors, the records check, the crons that ran, the primary's load with and
without the replica, and the replica's routing and dashboard figures. Markdown on
stdout; it never asserts a time."""

import argparse
import json
import os
from pathlib import Path

from loadtools import cpu_and_memory, say
from scenario import WEIGHTS


def load(path):
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def machine():
    cpu, memory = cpu_and_memory()
    load1, load5, _load15 = os.getloadavg()
    return (
        f"Machine: {cpu}, {os.cpu_count()} CPUs, {memory:.1f} GiB RAM; load average"
        f" {load1:.1f} / {load5:.1f} (1 / 5 min) at the end: the CPUs are shared"
        " with whatever else runs."
    )


def ms(value):
    return "-" if value is None else f"{value:.0f}"


def ratio(numerator, denominator):
    if not numerator or not denominator:
        return "-"
    return f"{numerator / denominator:.2f}x"


def action_table(baseline, runs):
    """One row per action: the baseline and each loaded run side by side."""
    header = "| Action | 1 user p50 / p95 / max (ms) |"
    rule = "|---|---|"
    for name, _summary in runs:
        header += f" {name}: n, errors, p50 / p95 / max (ms) | p95 ratio |"
        rule += "---|---|"
    lines = [header, rule]
    for action in WEIGHTS:
        base = baseline["actions"].get(action, {}) if baseline else {}
        row = (
            f"| {action} | {ms(base.get('p50'))} / {ms(base.get('p95'))}"
            f" / {ms(base.get('max'))} |"
        )
        for _name, summary in runs:
            figures = summary["actions"].get(action, {})
            row += (
                f" {figures.get('requests', 0)}, {figures.get('failures', 0)},"
                f" {ms(figures.get('p50'))} / {ms(figures.get('p95'))}"
                f" / {ms(figures.get('max'))} |"
                f" {ratio(figures.get('p95'), base.get('p95'))} |"
            )
        lines.append(row)
    return "\n".join(lines)


def totals(name, summary):
    actions = sum(f["requests"] for f in summary["actions"].values())
    failures = sum(f["failures"] for f in summary["actions"].values())
    seconds = summary["seconds"] or 1
    lost, wrong = summary["records_lost"], summary["records_wrong"]
    unrecorded = summary["complaints_made_in_db"] - summary["complaints_in_ledger"]
    return (
        f"| {name} | {summary.get('users_started')} of {summary['users']}"
        f" | {seconds:.0f} | {summary['rpc_requests']}"
        f" ({summary['rpc_per_second']:.1f}/s) | {actions} ({actions / seconds:.1f}/s)"
        f" | {failures + summary['rpc_failures']}, {summary.get('start_failures')}"
        f" | {summary['records_checked']}"
        f" | {len(lost)} | {len(wrong)} | {unrecorded} |"
    )


def server_load(directory, name, server):
    before = load(directory / f"{name}.{server}.before")
    after = load(directory / f"{name}.{server}.after")
    if not before or not after:
        return None
    return {key: after[key] - before[key] for key in before}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--minutes", type=float, required=True)
    args = parser.parse_args()
    directory = Path(args.dir)
    baseline = load(directory / "baseline.json")
    runs = [
        (label, summary)
        for label, summary in (
            (f"{args.users} users", load(directory / "load.json")),
            (f"{args.users} users, replica", load(directory / "load-replica.json")),
        )
        if summary
    ]
    say(f"\n## Load test on {args.db}\n\n{machine()}\n")
    say(
        "Odoo in production mode: 2 HTTP workers, 1 cron worker; desks over JSON-2"
        " (locust + odoolocust), 1-3 s between actions; our crons every minute.\n"
    )
    if baseline:
        say(action_table(baseline, runs))
        say(
            "\n| Run | users signed in | s | JSON-2 calls | actions"
            " | errors: actions and calls, sign-ins | records checked"
            " | lost | wrong state | created, reply not received |"
        )
        say("|---|---|---|---|---|---|---|---|---|---|")
        say(totals("1 user", baseline))
        for label, summary in runs:
            say(totals(label, summary))
        errors = [
            (label, error)
            for label, summary in [("1 user", baseline), *runs]
            for error in summary["errors"]
        ]
        if errors:
            say("\nErrors:")
            for label, error in errors[:20]:
                say(f"- {label}: {error['name']} x{error['count']}: {error['error']}")
        for name in ("load", "load-replica"):
            crons = directory / f"{name}.crons"
            if crons.exists():
                say(
                    f"\nOur crons that ran during {name}:"
                    f" {crons.read_text(encoding='utf-8').strip()}"
                )
        say(
            "\n| During the load | Odoo CPU s | primary PostgreSQL: CPU s"
            " | transactions | rows read | blocks | replica: CPU s, transactions,"
            " rows read | simulated desks (locust) CPU s |"
        )
        say("|---|---|---|---|---|---|---|---|")
        for name, label in (
            ("load", "without replica"),
            ("load-replica", "with replica"),
        ):
            primary = server_load(directory, name, "primary")
            if not primary:
                continue
            replica = server_load(directory, name, "replica")
            replica_text = (
                f"{replica['cpu_seconds']:.0f}, {replica['transactions']},"
                f" {replica['rows_read']}"
                if replica
                else "-"
            )
            desks = load(directory / f"{name}.json") or {}
            say(
                f"| {label} ({primary['time']:.0f} s)"
                f" | {primary.get('odoo_cpu_seconds', 0):.0f}"
                f" | {primary['cpu_seconds']:.0f} | {primary['transactions']}"
                f" | {primary['rows_read']} | {primary['blocks']} | {replica_text}"
                f" | {ms(desks.get('client_cpu_seconds'))} |"
            )
    replica_md = directory / "replica.md"
    if replica_md.exists():
        say(replica_md.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
