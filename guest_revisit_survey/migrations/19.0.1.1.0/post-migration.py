from odoo import SUPERUSER_ID, api

from odoo.addons.guest_revisit.tools import reload_mail_templates


def migrate(cr, version):
    """The questionnaire mails now link to the page where the guest withdraws their
    consent: databases of the first release get the new template texts."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_mail_templates(env, "guest_revisit_survey", "data/mail_template_data.xml")
