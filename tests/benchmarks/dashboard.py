"""The supervision dashboard's whole RPC over a large history, alone
(``./setup/bench --dashboard VOLUME``): figure 4 of the suite without the rest of it."""

from odoo.modules.registry import Registry
from odoo.tools import SQL

from . import dataset
from .measure import Table, benchmark_env, say
from .suite import bench_kpis, machine


def run(args):
    """Figure 4 over ``args.dashboard`` complaints of history. On a database kept from
    an earlier run (``setup/bench --keep``) that holds them, its people and history
    are reused: loading a million complaints takes longer than the figures."""
    registry = Registry(args.database)
    table = Table()
    with registry.cursor() as cr:
        env = benchmark_env(cr)
        office = env["res.users"].search([("login", "=", "bench_office")], limit=1)
        env.cr.execute(
            SQL("SELECT count(*) FROM guest_complaint WHERE number LIKE 'BENCH-%%'")
        )
        if office and env.cr.fetchone()[0] >= args.dashboard:
            say("reusing the people and history of an earlier run")
            data = {"office_id": office.id}
        else:
            data = dataset.seed(env)
            env.flush_all()
            guests = dataset.insert_guests(env, 20000)
            dataset.insert_complaint_history(env, data, 1, args.dashboard, guests)
            dataset.settle(env)
        bench_kpis(env, data, args, table)
        cr.rollback()
    say(f"\n{machine(registry)}\n\n{table.markdown()}")
