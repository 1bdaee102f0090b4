from odoo import api, models


class ReportGuestRevisitSupervision(models.AbstractModel):
    """The monthly supervision report: the dashboard's figures, printed."""

    _name = "report.guest_revisit.report_supervision"
    _description = "Monthly Supervision Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        figures = self.env["guest.revisit.kpi"].get_dashboard_data(
            (data or {}).get("month")
        )
        return {
            "doc_ids": docids,
            "doc_model": "guest.revisit.kpi",
            "docs": self.env.company,
            "figures": figures,
            "company": self.env.company,
        }
