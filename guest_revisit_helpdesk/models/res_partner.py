from odoo import api, models

from odoo.addons.guest_revisit.tools.anonymize import (
    CLEAR,
    ERASE,
    SCRUB,
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _guest_anonymization_scope(self):
        """The guest's helpdesk tickets, and those of their complaints, go too."""
        scope = super()._guest_anonymization_scope()
        # sudo: every ticket of the guest, whatever the user may read.
        scope["helpdesk.ticket"] = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("partner_id", "in", self.ids),
                    ("complaint_id", "in", scope["guest.complaint"].ids),
                ]
            )
        )
        return scope

    @api.model
    def _guest_anonymization_fields(self):
        """The ticket's description is the guest's own words; its team, stage, dates
        and category stay, for the figures."""
        spec = super()._guest_anonymization_fields()
        spec["helpdesk.ticket"] = {
            "description": ERASE,
            "partner_name": CLEAR,
            "partner_email": CLEAR,
            "name": SCRUB,
        }
        return spec
