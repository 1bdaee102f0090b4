from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GuestTypeContactWindow(models.Model):
    _name = "guest.type.contact.window"
    _description = "Guest Type Contact Window"
    _order = "guest_type_id, hour_from"

    guest_type_id = fields.Many2one(
        "guest.type", required=True, ondelete="cascade", index=True
    )
    hour_from = fields.Float(string="From", required=True)
    hour_to = fields.Float(string="To", required=True)

    @api.constrains("hour_from", "hour_to")
    def _check_hours(self):
        for window in self:
            if not 0 <= window.hour_from < window.hour_to <= 24:
                raise ValidationError(
                    self.env._(
                        "A contact window of %(type)s must start before it ends, "
                        "within the day.",
                        type=window.guest_type_id.name,
                    )
                )
