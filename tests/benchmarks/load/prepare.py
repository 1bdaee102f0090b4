"""The database of the load test: the benchmarks' people (tests/benchmarks/dataset.py),
an API key per simulated role, guests and a history of complaints in every step of
the flow. Run by ``./setup/bench --load`` as
``python3 tests/benchmarks/load/prepare.py -c <odoo.conf> -d <db> --state <file>``;
``--complaints`` is the size of the history, and a second run with a larger number
on the same database (or a copy of it) adds the rest.

The state file (JSON) keeps the seeded ids and the API keys: the keys are stored
hashed, the load test needs them in clear."""

import argparse
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

from loadtools import say

from odoo.tools import SQL, config

GUESTS = 20000
KEY_DAYS = 30


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--state", required=True, help="JSON file of ids and keys")
    parser.add_argument("--complaints", type=int, default=10000)
    return parser.parse_args()


def api_key(env, user_id, name):
    user = env["res.users"].browse(user_id)
    return (
        env["res.users.apikeys"]
        .with_user(user)
        ._generate(
            scope="rpc",
            name=name,
            expiration_date=datetime.now() + timedelta(days=KEY_DAYS),
        )
    )


def prepare(env, state_path, complaints):
    # pylint: disable=import-outside-toplevel
    from benchmarks import dataset

    state_file = Path(state_path)
    if state_file.exists():
        state = json.loads(state_file.read_text(encoding="utf-8"))
        state["data"]["stage_by_state"] = dict(state["data"]["stage_by_state"])
    else:
        data = dataset.seed(env)
        env.flush_all()
        guests = dataset.insert_guests(env, GUESTS)
        keys = {
            "desk_manager": api_key(env, data["desk_manager_id"], "load desk"),
            "office": api_key(env, data["office_id"], "load office"),
            "staff": {
                str(user_id): api_key(env, user_id, "load staff")
                for user_id in data["user_ids"]
            },
        }
        state = {
            "data": data,
            "guests": [guests[0], guests[-1]],
            "keys": keys,
            "complaints": 0,
        }
    # The office signs in to print the supervision report (routing check of the
    # replica): its password is its login, as the demo users'.
    office = env["res.users"].browse(state["data"]["office_id"])
    office.password = office.login
    if complaints > state["complaints"]:
        guests = list(range(state["guests"][0], state["guests"][1] + 1))
        dataset.insert_complaint_history(
            env, state["data"], state["complaints"] + 1, complaints, guests
        )
        state["complaints"] = complaints
    env.cr.execute(SQL("SELECT count(*) FROM guest_complaint"))
    count = env.cr.fetchone()[0]
    dataset.settle(env)
    state_file.write_text(json.dumps(state, indent=1), encoding="utf-8")
    say(f"{env.cr.dbname}: {count} complaints")


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    # pylint: disable=import-outside-toplevel
    from odoo import api
    from odoo.modules.registry import Registry

    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, {"tz": "Asia/Shanghai"})
        prepare(env, args.state, args.complaints)


if __name__ == "__main__":
    main()
