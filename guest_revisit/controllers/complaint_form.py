from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

# The form's texts, as the visitor typed them.
FORM_FIELDS = ("name", "phone", "email", "what", "where", "when")
# The field only robots fill: named to tempt them, hidden from people.
HONEYPOT_FIELD = "website_url"


class GuestComplaintForm(http.Controller):
    """The public complaint form a site's poster leads to (its QR code): guests send a
    complaint, with photos, without signing in."""

    @http.route(
        "/complaint/new",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def complaint_new(self, site=None, **post):
        site_sudo = self._get_site(site)
        if request.httprequest.method != "POST":
            return self._render_form(site_sudo)
        values = {field: (post.get(field) or "").strip() for field in FORM_FIELDS}
        Submission = request.env["guest.complaint.form.submission"]
        # Read no further than a photo may be: a larger one is refused unread.
        max_bytes = Submission._max_photo_bytes()
        photos = [
            (upload.filename, upload.read(max_bytes + 1))
            for upload in request.httprequest.files.getlist("photos")
            if upload.filename
        ]
        try:
            # sudo: visitors create neither guests, complaints nor attachments;
            # _submit checks the whole form and its limits before it creates them.
            complaint_sudo = Submission.sudo()._submit(
                site_sudo,
                values,
                photos,
                request.httprequest.remote_addr,
                honeypot=post.get(HONEYPOT_FIELD),
            )
        except UserError as error:
            return self._render_form(site_sudo, values, error.args[0].splitlines())
        return request.render(
            "guest_revisit.complaint_form_thanks",
            {
                "site": site_sudo,
                "complaint_number": complaint_sudo.number,
                # Only the address the visitor typed, when the mail went to it: a
                # guest matched by phone keeps their own address private.
                "email": values["email"]
                if complaint_sudo.partner_id.email_normalized
                == Submission._email_key(values["email"])
                else False,
                "res_company": complaint_sudo.company_id,
            },
        )

    def _get_site(self, token):
        """The active site of this link; no site for a form without one."""
        # sudo: visitors read no site; the unguessable token is their right to it.
        Site_sudo = request.env["guest.complaint.site"].sudo()
        if not token:
            return Site_sudo
        site_sudo = Site_sudo.search([("access_token", "=", token)], limit=1)
        if not site_sudo:
            raise request.not_found()
        return site_sudo

    def _render_form(self, site_sudo, values=None, errors=None):
        return request.render(
            "guest_revisit.complaint_form",
            {
                "site": site_sudo,
                "values": values or {},
                "errors": errors or [],
                "honeypot_field": HONEYPOT_FIELD,
                "max_photo_mb": request.env[
                    "guest.complaint.form.submission"
                ]._max_photo_bytes()
                // (1024 * 1024),
                "res_company": site_sudo.company_id or request.env.company,
            },
            status=400 if errors else 200,
        )
