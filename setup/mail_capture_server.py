# Run by setup/run through `odoo shell`: the demo database sends its mail to the
# local mail sink (setup/mail_sink.py) on the port in GUEST_REVISIT_SMTP_PORT, ahead
# of any other server. env is the one odoo shell gives.
# ruff: noqa: F821
import os
import sys

values = {
    "name": "Local mail capture (setup/run)",
    "smtp_host": "127.0.0.1",
    "smtp_port": int(os.environ["GUEST_REVISIT_SMTP_PORT"]),
    "smtp_encryption": "none",
    "smtp_authentication": "login",
    "sequence": 1,
}
server = env["ir.mail_server"].search([("name", "=", values["name"])], limit=1)
if server:
    server.write(values)
else:
    server = env["ir.mail_server"].create(values)
# Mail that waited for a server (or failed without one) goes out now.
env["mail.mail"].search([("state", "=", "exception")]).mark_outgoing()
env.cr.commit()
sys.stdout.write(f"mail server {server.name}: {server.smtp_host}:{server.smtp_port}\n")
