from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    holiday_key = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set when loaded from the public holidays package: country and date. "
        "A reload never creates this day again nor changes it, so hand edits stay.",
    )
