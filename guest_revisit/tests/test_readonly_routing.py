from contextlib import contextmanager

from psycopg2.errors import ReadOnlySqlTransaction

from odoo.tools import SQL, mute_logger

from odoo.addons.web.controllers.dataset import DataSet
from odoo.addons.web.controllers.report import ReportController

from .kpi_definitions_common import KpiDefinitionsCommon

# The dashboard's methods the web client calls over JSON-RPC (call_kw).
DASHBOARD_RPC = ("get_dashboard_data", "action_print_supervision")
SUPERVISION = "guest_revisit.action_report_guest_revisit_supervision"


class TestReadonlyRouting(KpiDefinitionsCommon):
    """Odoo serves a request on a read-only cursor, which a read replica can take,
    when its route is read-only: ``call_kw`` when the method is ``@api.readonly``,
    the report rendering routes always. The dashboard's methods and its PDF report
    are read only, and write nothing."""

    @contextmanager
    def _read_only_transaction(self):
        """What runs inside happens in a read-only transaction, as on a replica: a
        write, pending ones included, fails. Rolled back afterwards."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # what the test's set-up left pending
        self.env.cr.execute(SQL("SAVEPOINT read_only_routing"))
        self.env.cr.execute(SQL("SET LOCAL transaction_read_only = on"))
        try:
            yield
            self.env.flush_all()
            self.env.cr.precommit.run()
        finally:
            self.env.cr.execute(SQL("ROLLBACK TO SAVEPOINT read_only_routing"))
            self.env.cr.precommit.clear()
            self.env.invalidate_all(flush=False)

    def test_read_only_transaction_refuses_a_write(self):
        """The check of the tests below can fail."""
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(ReadOnlySqlTransaction),
            self._read_only_transaction(),
        ):
            self.guest.name = "Written"

    def test_dashboard_rpc_methods_are_routed_read_only(self):
        Kpi = self.registry["guest.revisit.kpi"]
        for method_name in DASHBOARD_RPC:
            with self.subTest(method=method_name):
                # As web's call_kw decides it (DataSet._call_kw_readonly).
                method = next(
                    getattr(cls, method_name)
                    for cls in Kpi.mro()
                    if hasattr(getattr(cls, method_name, None), "_readonly")
                )
                self.assertTrue(method._readonly)
        self.assertTrue(callable(DataSet.call_kw.original_routing["readonly"]))
        # /report/<converter>/<report> is read only; the web client's download
        # (/report/download) is a read/write route in Odoo 19.
        self.assertIs(ReportController.report_routes.original_routing["readonly"], True)

    def test_dashboard_rpc_writes_nothing(self):
        Kpi = self.env["guest.revisit.kpi"].with_user(self.user_office)
        for period in ("month", "quarter", "year"):
            with self.subTest(period=period), self._read_only_transaction():
                data = Kpi.get_dashboard_data("2024-03-01", period=period)
                self.assertTrue(data["kpis"])
        with self._read_only_transaction():
            action = Kpi.action_print_supervision("2024-03-01", period="month")
        self.assertEqual(action["report_name"], "guest_revisit.report_supervision")

    def test_supervision_report_renders_read_only(self):
        Report = self.env["ir.actions.report"].with_user(self.user_office)
        with self._read_only_transaction():
            html = Report._render_qweb_html(
                SUPERVISION, [], data={"month": "2024-03-01", "period": "month"}
            )[0].decode()
        self.assertIn("o_guest_revisit_supervision_kpis", html)
