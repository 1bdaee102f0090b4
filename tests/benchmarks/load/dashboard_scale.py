"""The dashboard's whole RPC against the hand-written SQL of the same figures
(tests/benchmarks/suite.py's figure 4), in process, on databases the load test
prepared at several sizes: how its time grows from one size to the next.
``python3 dashboard_scale.py -c <odoo.conf> --runs 3 DB:STATE [DB:STATE ...]``;
Markdown on stdout, never an assertion."""

import argparse
import json
import sys
from pathlib import Path

from loadtools import say

from odoo.tools import config


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("databases", nargs="+", help="DB:STATE_FILE")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "--log-level=warn"])
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    # pylint: disable=import-outside-toplevel
    from odoo import api
    from odoo.modules.registry import Registry

    from benchmarks.measure import Table
    from benchmarks.suite import bench_kpis

    table = Table()
    for spec in args.databases:
        database, state_file = spec.split(":", 1)
        state = json.loads(Path(state_file).read_text(encoding="utf-8"))
        with Registry(database).cursor() as cr:
            env = api.Environment(
                cr, 2, {"tz": "Asia/Shanghai", "mail_notify_force_send": False}
            )
            bench_kpis(env, state["data"], args, table)
            cr.rollback()
    say(table.markdown())


if __name__ == "__main__":
    main()
