import os
import re
from datetime import datetime, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

# Limits of the public complaint form when the settings hold none.
DEFAULT_IP_LIMIT = 10
DEFAULT_CONTACT_LIMIT = 3
# The windows the limits count in: an hour per address (a hotel's guests may share
# one), a day per phone or e-mail.
IP_WINDOW = timedelta(hours=1)
CONTACT_WINDOW = timedelta(days=1)
# How long submissions are kept for the counts.
KEEP_DAYS = 7
MAX_PHOTOS = 5
DEFAULT_MAX_PHOTO_MB = 5
# Photos only, told by their content and their name: no SVG, which may hold scripts.
PHOTO_MIMETYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
SUMMARY_LENGTH = 80


class GuestComplaintFormSubmission(models.Model):
    """One complaint sent through the public form: what its rate limits count. Kept in
    the database, so that every worker counts the same submissions."""

    _name = "guest.complaint.form.submission"
    _description = "Public Complaint Form Submission"
    _order = "id desc"

    ip_address = fields.Char(string="IP Address", required=True, index=True)
    phone_key = fields.Char(index="btree_not_null")
    email_key = fields.Char(index="btree_not_null")
    complaint_id = fields.Many2one(
        "guest.complaint", index="btree_not_null", ondelete="cascade"
    )
    _create_date_idx = models.Index("(create_date)")

    @api.autovacuum
    def _gc_old_submissions(self):
        self.search(
            [("create_date", "<", fields.Datetime.now() - timedelta(days=KEEP_DAYS))]
        ).unlink()

    @api.model
    def _phone_key(self, phone):
        """A phone number as digits, without China's country code: the same guest
        typing "+86 138 0000 0001" or "13800000001" is one guest."""
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        return digits or False

    @api.model
    def _email_key(self, email):
        return email_normalize(email or "") or False

    @api.model
    def _check_rate(self, ip_address, phone, email):
        """Refuse one more submission from this address, phone or e-mail beyond the
        limits of the settings. A lock per address and contact makes concurrent
        requests of two workers count one after the other."""
        params = self.env["ir.config_parameter"].sudo()  # sudo: limits, read by all
        ip_limit = int(
            params.get_param("guest_revisit.complaint_form_ip_limit", DEFAULT_IP_LIMIT)
        )
        contact_limit = int(
            params.get_param(
                "guest_revisit.complaint_form_contact_limit", DEFAULT_CONTACT_LIMIT
            )
        )
        phone_key, email_key = self._phone_key(phone), self._email_key(email)
        for key in sorted(filter(None, (ip_address, phone_key, email_key))):
            self.env.cr.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    f"guest_complaint_form:{key}",
                )
            )
        now = fields.Datetime.now()
        refused = (
            ip_limit
            and self.search_count(
                [
                    ("ip_address", "=", ip_address),
                    ("create_date", ">=", now - IP_WINDOW),
                ]
            )
            >= ip_limit
        )
        contact_domains = [
            Domain(field, "=", key)
            for field, key in (("phone_key", phone_key), ("email_key", email_key))
            if key
        ]
        if contact_limit and contact_domains and not refused:
            refused = (
                self.search_count(
                    Domain.OR(contact_domains)
                    & Domain("create_date", ">=", now - CONTACT_WINDOW)
                )
                >= contact_limit
            )
        if refused:
            raise UserError(
                self.env._(
                    "You have sent several complaints in a short time. Please try "
                    "again later, or call us: we are glad to help."
                )
            )
        return {"phone_key": phone_key, "email_key": email_key}

    @api.model
    def _max_photo_bytes(self):
        params = self.env["ir.config_parameter"].sudo()  # sudo: a limit, read by all
        megabytes = int(
            params.get_param(
                "guest_revisit.complaint_form_max_photo_mb", DEFAULT_MAX_PHOTO_MB
            )
        )
        return megabytes * 1024 * 1024

    @api.model
    def _submit(self, site, values, photos, ip_address, honeypot=None):
        """Register a complaint sent through the public form: the guest found by
        e-mail or phone, or created, the photos attached, the guest acknowledged.

        ``values`` holds the form's texts (name, phone, email, what, where, when),
        ``photos`` (file name, content) pairs. Everything is checked before anything
        is created, and what is created is created together or not at all. Errors
        are in the visitor's language (the environment's)."""
        if honeypot:
            # Only robots fill the field people do not see.
            raise UserError(
                self.env._("Your complaint could not be sent. Please try again.")
            )
        company = site.company_id or self.env.company
        occurred_at = self._check_form_values(values, company)
        self._check_photos(photos)
        keys = self._check_rate(ip_address, values.get("phone"), values.get("email"))
        with self.env.cr.savepoint():
            partner = self._find_or_create_guest(values, keys, company)
            complaint = (
                self.env["guest.complaint"]
                .with_context(mail_notify_force_send=False)
                .create(
                    self._prepare_complaint_values(
                        site, company, partner, values, occurred_at
                    )
                )
            )
            self.env["ir.attachment"].create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": "guest.complaint",
                        "res_id": complaint.id,
                    }
                    for name, content in photos
                ]
            )
            self.create(
                {"ip_address": ip_address, "complaint_id": complaint.id, **keys}
            )
        return complaint

    @api.model
    def _check_form_values(self, values, company):
        """Every mistake of the form at once, one per line; the time of the event in
        UTC."""
        errors = []
        if not values.get("name"):
            errors.append(self.env._("Please tell us your name."))
        email = values.get("email")
        if not values.get("phone") and not email:
            errors.append(
                self.env._("Please give a phone number or an e-mail address.")
            )
        if values.get("phone") and not self._phone_key(values["phone"]):
            errors.append(self.env._("The phone number has no digits."))
        if email and not self._email_key(email):
            errors.append(
                self.env._(
                    "%(email)s is not an e-mail address.",
                    email=email,
                )
            )
        if not values.get("what"):
            errors.append(self.env._("Please tell us what happened."))
        occurred_at = False
        if values.get("when"):
            try:
                local = datetime.strptime(values["when"], "%Y-%m-%dT%H:%M")
            except ValueError:
                errors.append(self.env._("The time of the event is not a date."))
            else:
                tz = pytz.timezone(company._days_tz())
                occurred_at = (
                    tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
                )
                if occurred_at > fields.Datetime.now():
                    errors.append(self.env._("The time of the event is in the future."))
        if errors:
            raise ValidationError("\n".join(errors))
        return occurred_at

    @api.model
    def _check_photos(self, photos):
        if len(photos) > MAX_PHOTOS:
            raise ValidationError(
                self.env._("Please send at most %(count)s photos.", count=MAX_PHOTOS)
            )
        max_bytes = self._max_photo_bytes()
        errors = []
        for name, content in photos:
            extension = os.path.splitext(name)[1].lower()
            if len(content) > max_bytes:
                errors.append(
                    self.env._(
                        "%(file)s is too large: a photo may have at most %(size)s MB.",
                        file=name,
                        size=max_bytes // (1024 * 1024),
                    )
                )
            elif (
                extension not in PHOTO_EXTENSIONS
                or guess_mimetype(content) not in PHOTO_MIMETYPES
            ):
                errors.append(
                    self.env._(
                        "%(file)s is not a photo: please send JPEG, PNG, GIF or WebP "
                        "images.",
                        file=name,
                    )
                )
        if errors:
            raise ValidationError("\n".join(errors))

    @api.model
    def _find_or_create_guest(self, values, keys, company):
        """The guest of this e-mail, else of this phone, else a new one in the
        visitor's language. A guest found is left as it is: an anonymous form does
        not change anyone's contact details."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        of_company = Domain("company_id", "in", [False, company.id])
        if keys["email_key"]:
            partner = Partner.search(
                of_company & Domain("email_normalized", "=", keys["email_key"]),
                order="id",
                limit=1,
            )
            if partner:
                return partner
        if keys["phone_key"]:
            # The stored numbers are written in many ways: their last digits find
            # the candidates, their digits decide.
            candidates = Partner.search(
                of_company & Domain("phone", "ilike", keys["phone_key"][-4:]),
                order="id",
            )
            partner = candidates.filtered(
                lambda p: self._phone_key(p.phone) == keys["phone_key"]
            )[:1]
            if partner:
                return partner
        lang = self.env["res.lang"]._get_data(code=self.env.lang)
        return Partner.create(
            {
                "name": values["name"],
                "phone": values.get("phone") or False,
                "email": values.get("email") or False,
                "lang": lang.code if lang and lang.active else False,
            }
        )

    @api.model
    def _prepare_complaint_values(self, site, company, partner, values, occurred_at):
        what = values["what"]
        summary = what.splitlines()[0].strip()
        if len(summary) > SUMMARY_LENGTH:
            summary = summary[: SUMMARY_LENGTH - 1] + "\u2026"
        description = plaintext2html(what)
        if values.get("where"):
            # A label for the staff who read it: in the company's language.
            label = self.with_context(lang=company._chatter_lang()).env._("Where:")
            description += Markup("<p><strong>%s</strong> %s</p>") % (
                label,
                values["where"],
            )
        return {
            "name": summary,
            "description": description,
            "partner_id": partner.id,
            "contact_phone": values.get("phone") or partner.phone,
            "contact_email": values.get("email") or partner.email,
            "occurred_at": occurred_at,
            "channel": "website",
            "site_id": site.id,
            "company_id": company.id,
        }
