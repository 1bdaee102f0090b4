from collections import defaultdict

from pytz import timezone, utc

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class RevisitBooking(CustomerPortal):
    """The guest books, moves or cancels the time of their revisit without signing
    in: the complaint's access token opens the page until the offer expires; any
    other request gets a 404."""

    def _booking_complaint_sudo(self, complaint_id, access_token):
        """The complaint of a valid, unexpired booking link, in the guest's language;
        any other link is not found."""
        try:
            complaint_sudo = self._document_check_access(
                "guest.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            raise request.not_found() from None
        if not access_token or not complaint_sudo._booking_is_open():
            raise request.not_found()
        return self._booking_in_guest_lang(complaint_sudo)

    def _booking_in_guest_lang(self, complaint_sudo):
        """The page speaks the guest's language when it is installed."""
        lang = complaint_sudo.partner_id.lang
        if lang and request.env["ir.http"].get_nearest_lang(lang) == lang:
            request.lang = request.env["res.lang"]._get_data(code=lang)
            request.update_context(lang=lang)
        return complaint_sudo.with_context(lang=request.env.lang)

    def _booking_render(self, complaint_sudo, access_token, error=None, notice=None):
        complaint_sudo = self._booking_in_guest_lang(complaint_sudo)
        tz = timezone(complaint_sudo.company_id._days_tz())
        refused = bool(complaint_sudo.partner_id._guest_contact_refusal())
        revisit = complaint_sudo._booking_revisit()
        booked = revisit if revisit.calendar_event_id else revisit.browse()
        days = defaultdict(list)
        for slot in complaint_sudo._booking_slots():
            local = utc.localize(slot).astimezone(tz)
            days[local.date()].append((fields.Datetime.to_string(slot), local))
        values = {
            "complaint": complaint_sudo,
            "access_token": access_token,
            "refused": refused,
            "booked": booked,
            "booked_local": booked
            and utc.localize(booked.appointment_at).astimezone(tz),
            "can_change": booked and complaint_sudo._booking_can_change(booked),
            "days": sorted(days.items()),
            "error": error,
            "notice": notice,
            "page_name": "revisit_booking",
        }
        return request.render("guest_revisit.revisit_booking_page", values)

    def _booking_change(self, complaint_sudo, access_token, change, notice):
        """The page after the guest's ``change`` to their booking: the ``notice`` when
        it is made, the reason when it is refused, of which nothing stays."""
        try:
            with request.env.cr.savepoint():
                change()
        except UserError as error:
            return self._booking_render(complaint_sudo, access_token, error=str(error))
        return self._booking_render(complaint_sudo, access_token, notice=notice)

    @http.route(
        "/revisit/booking/<int:complaint_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def revisit_booking(self, complaint_id, access_token=None, **kw):
        complaint_sudo = self._booking_complaint_sudo(complaint_id, access_token)
        return self._booking_render(complaint_sudo, access_token)

    @http.route(
        "/revisit/booking/<int:complaint_id>/book",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def revisit_booking_book(self, complaint_id, access_token=None, slot=None, **kw):
        complaint_sudo = self._booking_complaint_sudo(complaint_id, access_token)
        try:
            moment = fields.Datetime.to_datetime(slot)
        except ValueError:
            moment = None
        if not moment:
            return self._booking_render(
                complaint_sudo,
                access_token,
                error=request.env._("Choose one of the times offered."),
            )
        return self._booking_change(
            complaint_sudo,
            access_token,
            lambda: complaint_sudo._booking_book(moment),
            request.env._(
                "Thank you: your appointment is booked. We have sent you a "
                "confirmation."
            ),
        )

    @http.route(
        "/revisit/booking/<int:complaint_id>/cancel",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def revisit_booking_cancel(self, complaint_id, access_token=None, **kw):
        complaint_sudo = self._booking_complaint_sudo(complaint_id, access_token)
        return self._booking_change(
            complaint_sudo,
            access_token,
            complaint_sudo._booking_cancel,
            request.env._(
                "Your appointment is cancelled. Choose another time, or we will call "
                "you."
            ),
        )

    @http.route("/r/<string:code>", type="http", auth="public", methods=["GET"])
    def revisit_booking_short(self, code, **kw):
        # sudo: a public visitor holds only the short code, which names one offer.
        complaint_sudo = (
            request.env["guest.complaint"]
            .sudo()
            .search([("booking_code", "=", code)], limit=1)
        )
        if not complaint_sudo or not complaint_sudo._booking_is_open():
            raise request.not_found()
        return request.redirect(complaint_sudo._booking_url(), local=False)
