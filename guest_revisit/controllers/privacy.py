import json

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.guest_revisit_consent import CONSENT_PURPOSES

DECISIONS = ("granted", "withdrawn")


class GuestPrivacy(CustomerPortal):
    """The guest's rights over their data (PIPL arts. 15, 45): they see and change
    their consent on their portal, or without signing in through the link in every
    mail we send them, and they download a copy of their data."""

    # ------------------------------------------------------------------
    # The guest's portal
    # ------------------------------------------------------------------

    @http.route("/my/privacy", type="http", auth="user", website=True)
    def portal_my_privacy(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            self._privacy_values(
                request.env.user.partner_id,
                "/my/privacy/consent",
                downloads=True,
                **kw,
            ),
            page_name="guest_privacy",
        )
        return request.render("guest_revisit.portal_my_privacy", values)

    @http.route(
        "/my/privacy/consent", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_privacy_consent(self, purpose=None, decision=None, **kw):
        self._record_decision(request.env.user.partner_id, purpose, decision, "portal")
        return request.redirect("/my/privacy?saved=1")

    @http.route(
        "/my/privacy/data_copy.<string:file_format>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_data_copy(self, file_format, **kw):
        # sudo: the guest asks for their own data, which they may not read as such.
        partner_sudo = request.env.user.partner_id.sudo()
        return self._data_copy_response(partner_sudo, file_format)

    # ------------------------------------------------------------------
    # The link in the guest's mails: no login, the token is the key
    # ------------------------------------------------------------------

    @http.route(
        "/guest_revisit/privacy/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def guest_privacy_link(self, partner_id, token, purpose=None, decision=None, **kw):
        partner_sudo = self._partner_from_token(partner_id, token)
        url = f"/guest_revisit/privacy/{partner_id}/{token}"
        if request.httprequest.method == "POST":
            self._record_decision(partner_sudo, purpose, decision, "link")
            return request.redirect(f"{url}?saved=1")
        # The page speaks the guest's language, whoever's browser opens it.
        if partner_sudo.lang:
            request.update_context(lang=partner_sudo.lang)
        values = self._privacy_values(partner_sudo, url, downloads=False, **kw)
        return request.render("guest_revisit.guest_privacy_page", values)

    # ------------------------------------------------------------------
    # The guest's form (desk managers and the office)
    # ------------------------------------------------------------------

    @http.route(
        "/guest_revisit/data_copy/<int:partner_id>/<string:file_format>",
        type="http",
        auth="user",
    )
    def guest_data_copy(self, partner_id, file_format, **kw):
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise NotFound()
        partner.check_access("read")
        partner._check_guest_data_copy_access()
        return self._data_copy_response(partner, file_format)

    # ------------------------------------------------------------------

    def _partner_from_token(self, partner_id, token):
        # sudo: the visitor is not signed in; the token proves they are the guest.
        partner_sudo = request.env["res.partner"].sudo().browse(partner_id).exists()
        if not partner_sudo or not consteq(
            partner_sudo._guest_privacy_token(), token or ""
        ):
            raise NotFound()
        return partner_sudo

    def _privacy_values(self, partner, action_url, downloads, **kw):
        purposes = dict(
            request.env["guest.revisit.consent"]
            ._fields["purpose"]
            ._description_selection(request.env)
        )
        partner = partner.with_env(request.env).sudo()
        return {
            "guest": partner,
            "purposes": [
                {
                    "key": key,
                    "label": purposes[key],
                    "refusal": partner._guest_contact_refusal(key),
                }
                for key, _label in CONSENT_PURPOSES
            ],
            "do_not_contact": bool(partner._guest_do_not_contact_refusal()),
            "action_url": action_url,
            "downloads": downloads,
            "saved": bool(kw.get("saved")),
        }

    def _record_decision(self, partner, purpose, decision, channel):
        if purpose not in dict(CONSENT_PURPOSES) or decision not in DECISIONS:
            raise NotFound()
        partner._guest_record_own_decision(purpose, decision, channel)

    def _data_copy_response(self, partner, file_format):
        if file_format == "json":
            copy = partner._guest_data_copy()
            partner._log_guest_data_copy("JSON")
            content = json.dumps(copy, ensure_ascii=False, indent=2)
            mimetype = "application/json; charset=utf-8"
        elif file_format == "pdf":
            # Rendering the report logs the export.
            content, _report_type = (
                request.env["ir.actions.report"]
                .with_env(partner.env)
                ._render_qweb_pdf(
                    "guest_revisit.action_report_guest_data_copy", partner.ids
                )
            )
            mimetype = "application/pdf"
        else:
            raise NotFound()
        filename = f"guest-data-{partner.id}.{file_format}"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Disposition", f'attachment; filename="{filename}"'),
            ],
        )
