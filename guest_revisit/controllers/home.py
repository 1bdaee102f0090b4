from odoo.http import request

from odoo.addons.portal.controllers.web import Home


class GuestRevisitHome(Home):
    """Portal pages speak the language of whoever signs in: the login page set the
    ``frontend_lang`` cookie to the visitor's language before they were known, and
    that cookie outranks the user's own language on every portal page."""

    def _login_redirect(self, uid, redirect=None):
        # sudo: the user just signed in; only their language is read, to set it.
        lang = request.env["res.users"].browse(uid).sudo().lang
        if lang and request.env["ir.http"].get_nearest_lang(lang) == lang:
            request.future_response.set_cookie("frontend_lang", lang)
        return super()._login_redirect(uid, redirect=redirect)
