from odoo import fields, models

REVISIT_METHODS = [
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("email", "E-mail"),
    ("im", "IM (WeChat / QQ)"),
    ("sms", "SMS"),
    ("questionnaire", "Questionnaire"),
    ("on_site", "On-site Visit"),
]


class GuestType(models.Model):
    _name = "guest.type"
    _description = "Guest Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    revisit_method = fields.Selection(
        REVISIT_METHODS,
        string="Suggested Revisit Method",
        default="phone",
        required=True,
        help="How guests of this type are revisited unless a plan says otherwise (P2).",
    )
    contact_window_ids = fields.One2many(
        "guest.type.contact.window",
        "guest_type_id",
        string="Contact Windows",
        help="The times of day when guests of this type are contacted, e.g. government "
        "guests 10:00-11:00 and 15:00-16:00.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(string="Guests", compute="_compute_partner_count")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("guest_type_id", "in", self.ids)], ["guest_type_id"], ["__count"]
            )
        )
        for guest_type in self:
            guest_type.partner_count = counts.get(guest_type, 0)
