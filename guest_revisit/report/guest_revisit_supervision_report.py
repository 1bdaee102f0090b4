from odoo import api, models


class ReportGuestRevisitSupervision(models.AbstractModel):
    """The supervision report: the dashboard's figures of its period, printed
    (the charts as tables: the same numbers on every PDF renderer)."""

    _name = "report.guest_revisit.report_supervision"
    _description = "Monthly Supervision Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        figures = self.env["guest.revisit.kpi"].get_dashboard_data(
            data.get("month"),
            period=data.get("period") or "month",
            company_id=data.get("company_id"),
            department_id=data.get("department_id"),
        )
        return {
            "doc_ids": docids,
            "doc_model": "guest.revisit.kpi",
            "docs": self.env.company,
            "figures": figures,
            "company": self.env.company,
        }
