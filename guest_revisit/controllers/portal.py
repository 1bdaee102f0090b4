from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

COMPLAINTS_PER_PAGE = 20


class GuestComplaintPortal(CustomerPortal):
    """A guest follows their complaints' stage, solution and result (C7: right to be
    informed)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["guest.complaint"]
            values["complaint_count"] = (
                Complaint.search_count([]) if Complaint.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["guest.complaint"]
        if not Complaint.has_access("read"):
            return request.redirect("/my")
        total = Complaint.search_count([])
        pager = portal_pager(
            url="/my/complaints", total=total, page=page, step=COMPLAINTS_PER_PAGE
        )
        complaints = Complaint.search(
            [],
            order="received_at desc, id desc",
            limit=COMPLAINTS_PER_PAGE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            complaints=complaints,
            page_name="complaint",
            pager=pager,
            default_url="/my/complaints",
        )
        return request.render("guest_revisit.portal_my_complaints", values)

    @http.route(
        ["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True
    )
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access(
                "guest.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            {"complaint": complaint_sudo, "page_name": "complaint"},
            "my_complaints_history",
            False,
            **kw,
        )
        return request.render("guest_revisit.portal_my_complaint", values)
