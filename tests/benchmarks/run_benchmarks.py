"""Entry point of the benchmarks: ``./setup/bench`` runs
``python3 tests/benchmarks/run_benchmarks.py -c <odoo.conf> -d <database>``."""

import argparse
import sys
from pathlib import Path

from odoo.tools import config


def parse_args():
    parser = argparse.ArgumentParser(description="Guest revisit benchmarks")
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--large", action="store_true", help="also 1M complaints for the KPI figures"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per figure")
    parser.add_argument(
        "--create-count",
        type=int,
        default=1000,
        help="records per batch create (the full figure: 10000)",
    )
    parser.add_argument(
        "--create-runs",
        type=int,
        help="runs per batch create figure (default: --runs)",
    )
    parser.add_argument(
        "--duplicates",
        type=int,
        default=0,
        metavar="VOLUME",
        help="only the duplicate check at intake, over VOLUME complaints",
    )
    parser.add_argument(
        "--dashboard",
        type=int,
        default=0,
        metavar="VOLUME",
        help="only the dashboard's RPC against its hand-written SQL, over VOLUME "
        "complaints",
    )
    args = parser.parse_args()
    if args.create_runs is None:
        args.create_runs = args.runs
    return args


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    # The suite imports our addons, which are importable once the addons path is set.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if args.duplicates:
        from benchmarks.duplicates import run  # pylint: disable=import-outside-toplevel

        run(args)
        return
    if args.dashboard:
        from benchmarks.dashboard import run  # pylint: disable=import-outside-toplevel

        run(args)
        return
    from benchmarks.booking import (
        run as run_booking,  # pylint: disable=import-outside-toplevel
    )
    from benchmarks.suite import run  # pylint: disable=import-outside-toplevel

    run(args)
    run_booking(args)


if __name__ == "__main__":
    main()
