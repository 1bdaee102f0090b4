import json

from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController


class GuestRevisitReportController(ReportController):
    """The web client downloads every PDF through ``/report/download``, a read/write
    route: with a read replica, even a report that only reads would load the primary.
    Ours only read (none keeps its PDF as an attachment), so their downloads are
    served read-only and Odoo sends them to the replica; other reports keep the
    read/write cursor they may need."""

    def _report_download_readonly(self, rule, args):
        try:
            url, report_type = json.loads(request.httprequest.values.get("data", ""))
            path = url.split("?", 1)[0]
            report_name = path.split("/report/", 1)[1].split("/")[1]
        except (ValueError, TypeError, IndexError, AttributeError):
            return False
        if report_type != "qweb-pdf" or not report_name.startswith("guest_revisit"):
            return False
        report = request.env["ir.actions.report"]._get_report_from_name(report_name)
        return bool(report) and not report.attachment_use

    @http.route(readonly=_report_download_readonly)
    def report_download(self, data, context=None, token=None, readonly=True):
        return super().report_download(
            data, context=context, token=token, readonly=readonly
        )
