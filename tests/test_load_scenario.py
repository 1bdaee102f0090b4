"""The load test's desk (tests/benchmarks/load/scenario.py) in one pass, over the
same JSON-2 calls locust makes, against the test server: every action of a desk's
day works as its role (grouped kanban and list reads included), and the records it
drove are read back in the state the ledger expects."""

import sys
from pathlib import Path

from odoo.tests import HttpCase, tagged

from odoo.addons.guest_revisit.tests.common import (
    Json2Client,
    TestGuestRevisitCommon,
)

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks" / "load"))
# pylint: disable=wrong-import-position
import scenario  # noqa: E402


# Outside an addon, Odoo gives a test case no default tags: name them.
@tagged("standard", "post_install", "-at_install")
class TestLoadScenario(Json2Client, TestGuestRevisitCommon, HttpCase):
    def _client(self, user):
        """scenario.py's ``call`` as ``user``, with an API key as locust has."""
        key = self._api_key(user, name="load test")

        def call(model, method, **params):
            response = self._json2_post(key, model, method, params, timeout=60)
            self.assertEqual(
                response.status_code, 200, f"{model}.{method}: {response.text}"
            )
            return response.json()

        return call

    def test_a_desk_day_in_one_pass(self):
        setup = {
            "guests": [self.guest.id, self.guest.id],
            "data": {"category_ids": self.category.ids},
            "tag": "one-pass",
        }
        ledger = scenario.Ledger()
        day = scenario.DeskDay(
            self._client(self.user_desk_manager),
            self._client(self.user_staff),
            self._client(self.user_office),
            self.user_staff.id,
            setup,
            ledger,
            seed=1,
        )
        actions = day.actions()
        self.assertEqual(set(actions), set(scenario.WEIGHTS))
        day.open_views()
        # Nothing waits yet: the buttons of later steps make no request.
        self.assertIs(actions["assign"](), scenario.SKIPPED)

        complaint_id = actions["create"]()
        for step in ("assign", "first contact", "resolve"):
            self.assertEqual(actions[step](), complaint_id, step)
        revisit_id = actions["complete revisit"]()

        complaint = self.env["guest.complaint"].browse(complaint_id)
        self.assertRecordValues(
            complaint,
            [
                {
                    "state": "resolved",
                    "user_id": self.user_staff.id,
                    "severity": "important",
                }
            ],
        )
        self.assertTrue(complaint.first_contact_at)
        self.assertTrue(complaint.name.startswith(f"{scenario.NAME_PREFIX} one-pass"))
        self.assertRecordValues(
            self.env["guest.revisit"].browse(revisit_id),
            [{"state": "done", "complaint_id": complaint_id, "outcome": "reached"}],
        )
        self.assertEqual(ledger.complaints, {complaint_id: {"resolved"}})
        self.assertEqual(ledger.revisits, {revisit_id: {"done"}})

        kanban = actions["kanban"]()
        columns = {group["stage_id"][0]: group for group in kanban["groups"]}
        resolved_column = columns[self.stages["resolved"].id]
        self.assertGreaterEqual(resolved_column["__count"], 1)
        self.assertIn(
            complaint_id, [card["id"] for card in resolved_column["__records"]]
        )
        listed = actions["list"]()
        self.assertIn(complaint_id, [row["id"] for row in listed["records"]])
        grouped = actions["list grouped"]()
        self.assertEqual(
            sum(group["__count"] for group in grouped["groups"]),
            self.env["guest.complaint"].search_count([]),
        )
        form = actions["form"]()
        self.assertEqual(form[0]["user_id"]["id"], self.user_staff.id)
        dashboard = actions["dashboard"]()
        self.assertIn("kpis", dashboard)

        checked, lost, wrong = scenario.check_ledger(
            self._client(self.user_desk_manager), ledger
        )
        self.assertEqual((checked, lost, wrong), (2, [], []))

    def test_the_check_finds_a_record_in_another_state(self):
        ledger = scenario.Ledger()
        complaint = self._create_complaint()
        ledger.expect("complaints", complaint.id, "resolved")
        ledger.expect("complaints", complaint.id + 10**6, "new")
        checked, lost, wrong = scenario.check_ledger(
            self._client(self.user_desk_manager), ledger
        )
        self.assertEqual(checked, 2)
        self.assertEqual(lost, [("guest.complaint", complaint.id + 10**6)])
        self.assertEqual(wrong, [("guest.complaint", complaint.id, "new")])
