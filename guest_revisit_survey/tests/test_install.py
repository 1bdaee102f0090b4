from odoo.tests import TransactionCase


class TestInstall(TransactionCase):
    def test_installed_with_its_dependencies(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("guest_revisit_survey", "guest_revisit", "survey"))]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 3)
