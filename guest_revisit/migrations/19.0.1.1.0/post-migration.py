from odoo import SUPERUSER_ID, api

from odoo.addons.guest_revisit.tools import reload_mail_templates


def migrate(cr, version):
    """Every mail to a guest now links to the page where they withdraw their consent,
    and the resolution mail offers a time for the revisit: databases of the first
    release get the new template texts (a new install loads them anyway)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_mail_templates(env, "guest_revisit", "data/mail_template_data.xml")
