"""With a read replica, Odoo sends the requests it serves read-only there: the
dashboard's RPC, its print action and our PDF downloads must be among them (and a
report of another addon keeps its read/write cursor)."""

import json
from unittest.mock import patch
from urllib.parse import urlencode

from odoo.http import request
from odoo.tests import HttpCase, tagged

from odoo.addons.web.controllers.report import ReportController

from .common import Json2Client, TestGuestRevisitCommon


@tagged("post_install", "-at_install")
class TestGuestRevisitReplicaRouting(Json2Client, TestGuestRevisitCommon, HttpCase):
    def _cursor_modes(self, cls, method_name):
        """Patch ``cls.method_name`` to record whether each call ran on a read-only
        cursor; returns the patcher and the list it fills."""
        modes = []
        original = getattr(cls, method_name)

        def spy(this, *args, **kwargs):
            modes.append(request.env.cr.readonly)
            return original(this, *args, **kwargs)

        return patch.object(cls, method_name, spy), modes

    def _download(self, url):
        query = urlencode(
            {"data": json.dumps([url, "qweb-pdf"]), "context": "{}", "token": "test"}
        )
        return self.url_open(f"/report/download?{query}")

    def test_dashboard_rpcs_are_read_only(self):
        Kpi = type(self.env["guest.revisit.kpi"])
        for method in ("get_dashboard_data", "action_print_supervision"):
            self.assertTrue(getattr(getattr(Kpi, method), "_readonly", False), method)
        patcher, modes = self._cursor_modes(Kpi, "get_dashboard_data")
        with patcher:
            response = self._json2(
                self.user_office, "guest.revisit.kpi", "get_dashboard_data"
            )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(modes, [True])

    def test_our_pdf_downloads_are_read_only(self):
        patcher, modes = self._cursor_modes(ReportController, "report_routes")
        self.authenticate(self.user_office.login, self.user_office.login)
        with patcher:
            response = self._download(
                "/report/pdf/guest_revisit.report_supervision?options="
                + json.dumps({"period": "month"})
            )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(modes, [True])

    def test_other_reports_keep_a_read_write_cursor(self):
        module = self.env["ir.module.module"].search([("name", "=", "base")])
        patcher, modes = self._cursor_modes(ReportController, "report_routes")
        self.authenticate("admin", "admin")
        with patcher:
            response = self._download(
                f"/report/pdf/base.report_irmodulereference/{module.id}"
            )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(modes, [False])
