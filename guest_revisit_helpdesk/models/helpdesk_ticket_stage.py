from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    revisit_on_close = fields.Boolean(
        string="Closing Revisits the Guest",
        default=True,
        help="A ticket closed in this stage resolves its complaint, which schedules "
        "the guest's mandatory revisit; without a complaint, teams that revisit every "
        "closed ticket schedule one on the ticket. Leave it off for stages such as "
        "cancelled, rejected or duplicate.",
    )
