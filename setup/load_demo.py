# Run by setup/common.sh through `odoo shell` on a database that has the addons and
# zh_CN: loads the demo data of every installed module, as Odoo's "Load demo data"
# (Settings) does. env is the one odoo shell gives.
# ruff: noqa: F821

# The demo company counts in yuan. A company's currency is chosen before any journal
# entry: Odoo refuses to change it afterwards, and account's demo, loaded before ours,
# posts invoices. Odoo's database manager sets it at creation from the country; here it
# is set before the demo data, without the country's accounting localisation.
env.ref("base.main_company").currency_id = env.ref("base.CNY")
env["ir.demo"].install_demo()
env.cr.commit()
