from odoo import fields, models

COMPLAINT_ALIAS_MODES = [
    ("ticket", "Tickets"),
    ("complaint", "Complaints"),
    ("both", "Tickets and Complaints"),
]


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    revisit_closed_tickets = fields.Boolean(
        string="Revisit Every Closed Ticket",
        help="Tickets with no complaint are revisited too: closing one schedules a "
        "revisit of its guest, due after the company's revisit working days.",
    )
    complaint_alias_mode = fields.Selection(
        COMPLAINT_ALIAS_MODES,
        string="Incoming Mail Creates",
        required=True,
        default="ticket",
        help="What a mail to this team's alias creates: a ticket, a guest complaint "
        "(no ticket), or a ticket converted into a complaint at once.",
    )
