from odoo import models


class GuestRevisitChatterMixin(models.AbstractModel):
    """Notes the server posts in a chatter (crons, escalations, the mail gateway, the
    helpdesk bridge) are read by many: they are written in the company's language,
    not in the language of whoever or whichever cron writes them."""

    _name = "guest.revisit.chatter.mixin"
    _description = "Chatter Notes in the Company's Language"

    def _in_chatter_lang(self):
        """These records in the language of their chatter notes."""
        company = self.company_id[:1] or self.env.company
        return self.with_context(lang=company._chatter_lang())
