"""A complaint desk's day, as the actions its people do over Odoo's JSON-2 API: the
load test (locustfile.py) runs them under many simulated users, the test
tests/test_load_scenario.py runs each once. Plain Python: no locust, no Odoo import.

Each action is what the web client asks for that screen (the grouped kanban with its
counts and progress bars, a list page, a grouped list, a form) or that button. The
complaints a simulated desk creates go through assign, first contact, resolve and a
completed revisit; the ``Ledger`` keeps the state each record was driven to, so that
the end of a run can check that nothing was lost.

``call(model, method, **params)`` is the transport: one POST to
``/json/2/<model>/<method>``, returning the decoded result or raising."""

import itertools
import random
import threading

OPEN = [["is_closed", "=", False]]
PROGRESS_BAR = {
    "field": "severity",
    "colors": {"general": "success", "important": "warning", "urgent": "danger"},
}
RELATED_READ = {"fields": {"display_name": {}}}
NAME_PREFIX = "Load complaint"
# What an action returns when this desk has no complaint waiting for it: no request
# was made, nothing is timed.
SKIPPED = object()

# A desk's day: the screens are opened far more often than a case moves on.
WEIGHTS = {
    "kanban": 10,
    "list": 10,
    "list grouped": 3,
    "form": 8,
    "create": 4,
    "assign": 4,
    "first contact": 4,
    "resolve": 3,
    "complete revisit": 3,
    "dashboard": 2,
}


def view_specification(call, model, view_type):
    """The read specification of the model's default view of this type, as the web
    client builds it from ``get_views``: every field, related records by name."""
    result = call(model, "get_views", views=[[False, view_type]])
    fields_info = result["models"][model]["fields"]
    return {
        name: RELATED_READ
        if info["type"] in ("many2one", "one2many", "many2many")
        else {}
        for name, info in fields_info.items()
    }


class Ledger:
    """The records the load made and the states they may be in: the state a
    finished call drove them to, or either side of the call in flight when the run
    stopped. Shared by the simulated users of one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self.complaints = {}
        self.revisits = {}

    def expect(self, kind, record_id, *states):
        with self._lock:
            getattr(self, kind)[record_id] = set(states)


def check_ledger(call, ledger):
    """Read back every record of the ledger: returns (checked, lost, wrong) where
    ``lost`` are ids that no longer exist and ``wrong`` ids in another state."""
    checked, lost, wrong = 0, [], []
    for kind, model in (
        ("complaints", "guest.complaint"),
        ("revisits", "guest.revisit"),
    ):
        expected = getattr(ledger, kind)
        ids = sorted(expected)
        found = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in call(
                model, "search_read", domain=[["id", "in", chunk]], fields=["state"]
            ):
                found[row["id"]] = row["state"]
        for record_id in ids:
            checked += 1
            if record_id not in found:
                lost.append((model, record_id))
            elif found[record_id] not in expected[record_id]:
                wrong.append((model, record_id, found[record_id]))
    return checked, lost, wrong


class DeskDay:
    """One simulated member of a complaint desk: the desk manager's screens and
    buttons (``desk``), the handling staff member's (``staff``, whose user id is
    ``staff_user_id``) and the quality office's dashboard (``office``)."""

    _numbers = itertools.count(1)

    def __init__(self, desk, staff, office, staff_user_id, setup, ledger, seed=None):
        self.desk = desk
        self.staff = staff
        self.office = office
        self.staff_user_id = staff_user_id
        self.setup = setup
        self.ledger = ledger
        self.random = random.Random(seed)
        # Complaints of this desk by the state they wait in, the oldest first.
        self.waiting = {"new": [], "assigned": [], "investigating": [], "resolved": []}
        self.specs = {}

    def name_prefix(self):
        """The names of this run's complaints start with it."""
        return f"{NAME_PREFIX} {self.setup.get('tag', '')}".strip()

    # -- the screens ---------------------------------------------------------

    def open_views(self):
        """What the web client loads once per session: the views' fields."""
        for view_type in ("kanban", "list", "form"):
            self.spec(view_type)

    def spec(self, view_type):
        if view_type not in self.specs:
            self.specs[view_type] = view_specification(
                self.desk, "guest.complaint", view_type
            )
        return self.specs[view_type]

    def kanban(self):
        """The complaints menu's kanban: stage columns with counts, 40 cards per
        column, the severity progress bars."""
        groups = self.desk(
            "guest.complaint",
            "web_read_group",
            domain=OPEN,
            groupby=["stage_id"],
            aggregates=["__count"],
            auto_unfold=True,
            unfold_read_specification=self.spec("kanban"),
            unfold_read_default_limit=40,
            context={"read_group_expand": True},
        )
        self.desk(
            "guest.complaint",
            "read_progress_bar",
            domain=OPEN,
            group_by="stage_id",
            progress_bar=PROGRESS_BAR,
        )
        return groups

    def list(self):
        """The first page of the list: 80 rows and a count up to 10,000."""
        return self.desk(
            "guest.complaint",
            "web_search_read",
            domain=OPEN,
            specification=self.spec("list"),
            limit=80,
            count_limit=10001,
        )

    def list_grouped(self):
        """The list grouped by department, folded, as "Group By" shows it."""
        return self.desk(
            "guest.complaint",
            "web_read_group",
            domain=[],
            groupby=["department_id"],
            aggregates=["__count"],
        )

    def form(self):
        """A complaint of the staff member, opened in its form."""
        found = self.staff(
            "guest.complaint",
            "search",
            domain=[["user_id", "=", self.staff_user_id]],
            limit=50,
        )
        if not found:
            return SKIPPED
        return self.staff(
            "guest.complaint",
            "web_read",
            ids=[self.random.choice(found)],
            specification=self.spec("form"),
        )

    def dashboard(self):
        """The supervision dashboard of this month, as the quality office opens it."""
        return self.office("guest.revisit.kpi", "get_dashboard_data")

    # -- the buttons ---------------------------------------------------------

    def register_complaint(self):
        """The desk registers a guest's complaint by phone."""
        guests = self.setup["guests"]
        number = next(self._numbers)
        complaint_id = self.desk(
            "guest.complaint",
            "create",
            vals_list=[
                {
                    "name": f"{self.name_prefix()} {self.staff_user_id}-{number}",
                    "partner_id": self.random.randint(guests[0], guests[1]),
                    "category_id": self.random.choice(
                        self.setup["data"]["category_ids"]
                    ),
                    "channel": "phone",
                }
            ],
        )[0]
        self.ledger.expect("complaints", complaint_id, "new")
        self.waiting["new"].append(complaint_id)
        return complaint_id

    def _advance(self, state, to_state, work):
        """Move this desk's oldest complaint waiting in ``state`` by ``work(id)``."""
        if not self.waiting[state]:
            return SKIPPED
        complaint_id = self.waiting[state].pop(0)
        self.ledger.expect("complaints", complaint_id, state, to_state)
        work(complaint_id)
        self.ledger.expect("complaints", complaint_id, to_state)
        if to_state in self.waiting:
            self.waiting[to_state].append(complaint_id)
        return complaint_id

    def assign(self):
        """The desk manager gives a new complaint to the staff member."""
        return self._advance(
            "new",
            "assigned",
            lambda complaint_id: self.desk(
                "guest.complaint",
                "write",
                ids=[complaint_id],
                vals={"user_id": self.staff_user_id, "severity": "important"},
            ),
        )

    def first_contact(self):
        """The staff member has called the guest."""
        return self._advance(
            "assigned",
            "investigating",
            lambda complaint_id: self.staff(
                "guest.complaint", "action_record_first_contact", ids=[complaint_id]
            ),
        )

    def resolve(self):
        """The staff member records the solution and resolves the complaint."""

        def work(complaint_id):
            self.staff(
                "guest.complaint",
                "write",
                ids=[complaint_id],
                vals={
                    "cause_category": "service",
                    "root_cause": "The guide shortened the day.",
                    "corrective_action": "Apology and refund of the ticket",
                },
            )
            self.staff("guest.complaint", "action_resolve", ids=[complaint_id])

        return self._advance("investigating", "resolved", work)

    def complete_revisit(self):
        """The staff member calls the guest of a resolved complaint back and
        completes the mandatory revisit: the guest is satisfied."""
        if not self.waiting["resolved"]:
            return SKIPPED
        complaint_id = self.waiting["resolved"].pop(0)
        action = self.staff(
            "guest.complaint", "action_create_revisit", ids=[complaint_id]
        )
        revisit_id = action["res_id"]
        self.ledger.expect("revisits", revisit_id, "planned", "done")
        self.staff(
            "guest.revisit",
            "write",
            ids=[revisit_id],
            vals={
                "outcome": "reached",
                "complaint_satisfaction": "satisfied",
                "score_service": 5,
                "score_product": 4,
                "score_price": 4,
                "score_information": 5,
                "score_overall": 5,
                "recommend_score": "9",
            },
        )
        self.staff("guest.revisit", "action_done", ids=[revisit_id])
        self.ledger.expect("revisits", revisit_id, "done")
        return revisit_id

    def actions(self):
        """The actions by their names in WEIGHTS."""
        return {
            "kanban": self.kanban,
            "list": self.list,
            "list grouped": self.list_grouped,
            "form": self.form,
            "create": self.register_complaint,
            "assign": self.assign,
            "first contact": self.first_contact,
            "resolve": self.resolve,
            "complete revisit": self.complete_revisit,
            "dashboard": self.dashboard,
        }
