from odoo import fields, models

ANONYMIZATION_SOURCES = [
    ("request", "Guest's Request"),
    ("retention", "Retention Period"),
]


class GuestRevisitAnonymizationLog(models.Model):
    """One anonymisation of a guest: when, by whom, how much went and why. It holds
    none of the erased data, only the partner's id, which names nobody any more."""

    _name = "guest.revisit.anonymization.log"
    _description = "Guest Anonymisation Log"
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Anonymised By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Guest", readonly=True, ondelete="set null", index=True
    )
    partner_ref = fields.Integer(
        string="Guest ID",
        readonly=True,
        help="The guest's record id, kept should the record itself be deleted.",
    )
    source = fields.Selection(
        ANONYMIZATION_SOURCES, required=True, readonly=True, default="request"
    )
    reason = fields.Text(readonly=True)
    forced = fields.Boolean(
        string="Forced Despite Open Complaints",
        readonly=True,
        help="The guest still had open complaints: a desk manager forced it.",
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    revisit_count = fields.Integer(string="Revisits", readonly=True)
    answer_count = fields.Integer(string="Questionnaire Answers", readonly=True)
    attachment_count = fields.Integer(string="Attachments", readonly=True)
    message_count = fields.Integer(string="Messages", readonly=True)
    record_count = fields.Integer(
        string="Records in All",
        readonly=True,
        help="Every record of ours that held the guest's data.",
    )
