"""Cross-module smoke tests: the four addons are installed together, and the core stands
alone (it never depends on a satellite)."""

import ast
from pathlib import Path

from odoo.tests import TransactionCase, tagged

REPO = Path(__file__).resolve().parent.parent
CORE = "guest_revisit"
SATELLITES = ("guest_revisit_survey", "guest_revisit_expense", "guest_revisit_helpdesk")


def manifest(addon):
    return ast.literal_eval((REPO / addon / "__manifest__.py").read_text())


# Outside an addon, Odoo gives a test case no default tags: name them.
@tagged("standard", "at_install")
class TestInstallation(TransactionCase):
    def test_all_addons_installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", (CORE, *SATELLITES))]
        )
        self.assertEqual(
            {m.name: m.state for m in modules},
            {name: "installed" for name in (CORE, *SATELLITES)},
        )

    def test_helpdesk_bridge_installs_itself(self):
        self.assertTrue(manifest("guest_revisit_helpdesk").get("auto_install"))

    def test_core_never_depends_on_a_satellite(self):
        self.assertFalse(set(manifest(CORE)["depends"]) & set(SATELLITES))
        for satellite in SATELLITES:
            with self.subTest(satellite=satellite):
                self.assertIn(CORE, manifest(satellite)["depends"])

    def test_one_version_and_licence_for_all(self):
        manifests = [manifest(addon) for addon in (CORE, *SATELLITES)]
        self.assertEqual({m["license"] for m in manifests}, {"AGPL-3"})
        for m in manifests:
            self.assertRegex(m["version"], r"^19\.0\.\d+\.\d+\.\d+$")
