from odoo import fields, models

# The step of the work order a stage stands for: the flow's rules key on it, so that
# admins can
# rename, reorder, fold or split stages without breaking them.
STAGE_STATES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("investigating", "Investigating"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class GuestComplaintStage(models.Model):
    _name = "guest.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    state = fields.Selection(
        STAGE_STATES,
        string="Step",
        required=True,
        default="new",
        help="The step of the handling flow this stage stands for.",
    )
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view.",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Complaints in this stage are finished: no deadline is pending.",
    )
    description = fields.Text(translate=True)
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "guest.complaint")],
        help="Mailed to the guest when a complaint enters this stage, in the guest's "
        "language. The first stage's template is the acknowledgement of every new "
        "complaint, whichever stage it starts in.",
    )
    active = fields.Boolean(default=True)
