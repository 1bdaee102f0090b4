"""The load test's simulated desk staff, for locust with odoolocust (JSON-2), run by
``./setup/bench --load`` from the virtualenv .run/locust-venv (locust pins gevent and
Flask versions of its own: it is kept out of Odoo's Python).

Environment: LOAD_STATE (the JSON of tests/benchmarks/load/prepare.py), LOAD_DB,
LOAD_PORT, LOAD_SUMMARY (where the figures of this run are written as JSON).

Each simulated user is one desk: the desk manager's, one staff member's and the
quality office's API keys (the seeded users' roles). Every action of scenario.py is
timed as a whole (request type ``action``); odoolocust times each JSON-2 call too.
At the end, every record the load made is read back and compared with the ledger."""

import json
import os
import sys
import time
from http import HTTPStatus
from pathlib import Path

import httpx
from locust import between, events
from odoolib.tools import AuthenticationError
from OdooLocust.OdooLocustUser import OdooLocustUser, json2_callback_fire

sys.path.insert(0, str(Path(__file__).resolve().parent))
# pylint: disable=wrong-import-position
from scenario import NAME_PREFIX, SKIPPED, WEIGHTS, DeskDay, Ledger, check_ledger

STATE = json.loads(Path(os.environ["LOAD_STATE"]).read_text(encoding="utf-8"))
STATE["tag"] = os.environ.get("LOAD_TAG", "")
DATABASE = os.environ["LOAD_DB"]
PORT = int(os.environ["LOAD_PORT"])
HOST = "127.0.0.1"
BASE_URL = f"http://{HOST}:{PORT}"
# odoolib's timeout for a call.
TIMEOUT = 60
LEDGER = Ledger()
START_ATTEMPTS = 3
STARTED_USERS = []
START_FAILURES = []
STARTED = time.time()
# The load generator's own CPU: here it shares the CPUs with Odoo and PostgreSQL.
CPU_STARTED = time.process_time()


def json2_client():
    """An HTTP client for Odoo's JSON-2 endpoint."""
    return httpx.Client(base_url=f"{BASE_URL}/json/2/", timeout=TIMEOUT)


def connect(api_key, client):
    """The ``call`` of scenario.py: odoolib's JSON-2 request, timed by odoolocust, sent
    through ``client``. odoolib posts each call through a new HTTP client of its own,
    which loads the certificate store anew (about 40 ms of CPU a call): the simulated
    desks would take from the CPUs they share with Odoo what a browser never spends."""
    headers = {
        "Authorization": f"Bearer {api_key}",
        "X-Odoo-Database": DATABASE,
    }

    def call(model, method, **params):
        start = time.time()
        response = client.post(f"{model}/{method}", headers=headers, json=params)
        json2_callback_fire(f"{model}/{method}", start, response)
        if response.status_code == HTTPStatus.UNAUTHORIZED:
            raise AuthenticationError(
                "Authentication failed. Please check your API key."
            )
        if response.status_code != HTTPStatus.OK:
            raise ValueError(
                f"Unexpected status code {response.status_code}: {response.text}"
            )
        return response.json()

    return call


def action_rounds():
    """Every action in rounds, each round with the actions whose weight reaches
    it: a short run of one user still meets every action, in the day's
    proportions."""
    rounds = max(WEIGHTS.values())
    return [
        name
        for turn in range(rounds)
        for name, weight in WEIGHTS.items()
        if weight > turn
    ]


def _task(name):
    def run(user):
        user.run_action(name)

    run.__name__ = name.replace(" ", "_")
    return run


class DeskUser(OdooLocustUser):
    host = HOST
    port = PORT
    database = DATABASE
    protocol = "json2"
    password = STATE["keys"]["desk_manager"]
    # A person reads the screen before the next click.
    wait_time = between(1, 3)
    # LOAD_CYCLE=1 (the one-user baseline): the actions in rounds, see action_rounds.
    if os.environ.get("LOAD_CYCLE") == "1":
        tasks = [lambda user: user.run_action(user.next_action())]
    else:
        tasks = {_task(name): weight for name, weight in WEIGHTS.items()}
    _count = 0
    _cycle = action_rounds()

    def on_start(self):
        """Sign in as a person would: again after a failed attempt. Attempts that
        fail are counted as errors of the run."""
        # One client a desk, as one browser: Odoo's workers close each connection
        # after their answer, the client opens the next one.
        self.http = json2_client()
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                self._open_desk()
                result = super().on_start()
            except Exception:  # pylint: disable=broad-except
                START_FAILURES.append(attempt)
                if attempt == START_ATTEMPTS:
                    raise
                time.sleep(2)
            else:
                STARTED_USERS.append(self.day.staff_user_id)
                return result
        return None

    def _open_desk(self):
        DeskUser._count += 1
        staff_ids = STATE["data"]["user_ids"]
        staff_id = staff_ids[DeskUser._count % len(staff_ids)]
        self.day = DeskDay(
            connect(STATE["keys"]["desk_manager"], self.http),
            connect(STATE["keys"]["staff"][str(staff_id)], self.http),
            connect(STATE["keys"]["office"], self.http),
            staff_id,
            STATE,
            LEDGER,
            seed=DeskUser._count,
        )
        self.day.open_views()

    def next_action(self):
        self._turn = getattr(self, "_turn", -1) + 1
        return self._cycle[self._turn % len(self._cycle)]

    def run_action(self, name):
        start = time.perf_counter()
        error = None
        try:
            result = self.day.actions()[name]()
        except Exception as exc:  # pylint: disable=broad-except
            error, result = exc, None
        if result is SKIPPED:
            return
        events.request.fire(
            request_type="action",
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=0,
            exception=error,
            context={},
        )


def _figures(entry):
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95),
        "max": entry.max_response_time,
        "rps": entry.total_rps,
    }


@events.test_stop.add_listener
def _summary(environment, **_kwargs):
    stats = environment.stats
    actions = {
        entry.name: _figures(entry)
        for entry in stats.entries.values()
        if entry.method == "action"
    }
    rpc_requests = sum(
        e.num_requests for e in stats.entries.values() if e.method != "action"
    )
    rpc_failures = sum(
        e.num_failures for e in stats.entries.values() if e.method != "action"
    )
    duration = max(stats.last_request_timestamp or time.time(), STARTED) - max(
        stats.start_time or STARTED, STARTED
    )
    client_cpu_seconds = time.process_time() - CPU_STARTED
    desk = connect(STATE["keys"]["desk_manager"], json2_client())
    checked, lost, wrong = check_ledger(desk, LEDGER)
    made = desk(
        "guest.complaint",
        "search_count",
        domain=[["name", "=like", f"{NAME_PREFIX} {STATE['tag']} %"]],
    )
    summary = {
        "users": environment.runner.target_user_count if environment.runner else None,
        "seconds": duration,
        "rpc_requests": rpc_requests,
        "rpc_failures": rpc_failures,
        "users_started": len(STARTED_USERS),
        "start_failures": len(START_FAILURES),
        "rpc_per_second": rpc_requests / duration if duration else 0,
        "client_cpu_seconds": client_cpu_seconds,
        "actions": actions,
        "errors": [
            {
                "name": error.name,
                "error": str(error.error)[:300],
                "count": error.occurrences,
            }
            for error in stats.errors.values()
        ],
        "records_checked": checked,
        "records_lost": lost,
        "records_wrong": wrong,
        "complaints_in_ledger": len(LEDGER.complaints),
        "complaints_made_in_db": made,
    }
    Path(os.environ["LOAD_SUMMARY"]).write_text(
        json.dumps(summary, indent=1), encoding="utf-8"
    )
