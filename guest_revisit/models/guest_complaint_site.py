import base64
import uuid
from urllib.parse import urlencode

from odoo import api, fields, models

SITE_KINDS = [
    ("hotel", "Hotel"),
    ("resort", "Resort"),
    ("tour", "Tour"),
    ("site", "Scenic Site"),
]
# Pixels of the QR image: sharp on an A5 poster, scanned from a metre away.
QR_SIZE = 600


class GuestComplaintSite(models.Model):
    """A place guests complain about (hotel, resort, tour, scenic site): its poster's
    QR code opens the public complaint form for it, without login."""

    _name = "guest.complaint.site"
    _description = "Complaint Site"
    _order = "sequence, name, id"
    _check_company_auto = True

    def _default_access_token(self):
        return uuid.uuid4().hex

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(SITE_KINDS, required=True, default="hotel")
    active = fields.Boolean(default=True)
    # The poster's link: unguessable, so that only the printed posters lead to the
    # form of a site; a new one makes the old posters lead nowhere.
    access_token = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self._default_access_token(),
    )
    form_url = fields.Char(string="Form Link", compute="_compute_form_url")
    qr_code_url = fields.Char(compute="_compute_form_url")
    qr_code = fields.Binary(string="QR Code", compute="_compute_qr_code")
    complaint_ids = fields.One2many("guest.complaint", "site_id", string="Complaints")
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    _access_token_unique = models.Constraint(
        "UNIQUE(access_token)", "Each site has a link of its own."
    )

    @api.depends("access_token")
    def _compute_form_url(self):
        for site in self:
            site.form_url = site.get_base_url() + site._get_form_path()
            site.qr_code_url = "/report/barcode/?" + urlencode(
                {
                    "barcode_type": "QR",
                    "value": site.form_url,
                    "width": QR_SIZE,
                    "height": QR_SIZE,
                }
            )

    @api.depends("form_url")
    def _compute_qr_code(self):
        Report = self.env["ir.actions.report"]
        for site in self:
            site.qr_code = base64.b64encode(
                Report.barcode("QR", site.form_url, width=300, height=300)
            )

    def _compute_complaint_count(self):
        counts = dict(
            self.env["guest.complaint"]._read_group(
                [("site_id", "in", self.ids)], ["site_id"], ["__count"]
            )
        )
        for site in self:
            site.complaint_count = counts.get(site, 0)

    def action_renew_access_token(self):
        """A new link for these sites: the posters printed before lead nowhere."""
        for site in self:
            site.access_token = self._default_access_token()

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "guest_revisit.guest_complaint_action"
        )
        action["domain"] = [("site_id", "=", self.id)]
        action["context"] = {"default_site_id": self.id}
        return action

    def action_print_poster(self):
        return self.env.ref(
            "guest_revisit.action_report_guest_complaint_site_poster"
        ).report_action(self)

    def _get_form_path(self):
        self.ensure_one()
        return "/complaint/new?" + urlencode({"site": self.access_token})
