"""What anonymising a guest does to a value: erase it, or scrub the guest's
identifiers out of it."""

import re

from markupsafe import Markup, escape

# A transparent 1x1 PNG: an erased signature stays a signature (the on-site revisit
# was signed), with nothing of the guest's in it.
BLANK_PNG = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg"
    b"AAAABJRU5ErkJggg=="
)
# Identifiers shorter than this are not searched for inside other texts: they would
# match ordinary words.
MIN_TOKEN_LENGTH = 2
MIN_DIGITS = 7


class GuestScrubber:
    """The guest's identifiers (name, phone, e-mail, address) and the placeholder that
    takes the place of what is erased."""

    def __init__(self, partners, placeholder):
        self.placeholder = placeholder
        tokens = set()
        for partner in partners:
            for value in (
                partner.name,
                partner.email,
                partner.phone,
                partner.street,
                partner.street2,
                partner.vat,
            ):
                value = (value or "").strip()
                if len(value) >= MIN_TOKEN_LENGTH:
                    tokens.add(value)
            digits = re.sub(r"\D", "", partner.phone or "")
            if len(digits) >= MIN_DIGITS:
                tokens.add(digits)
                # The national number, as staff type it.
                if digits.startswith("86") and len(digits) > 11:
                    tokens.add(digits[2:])
        self.tokens = tokens
        self._compile()

    def add_quotes(self, texts):
        """Also scrub these texts (the guest's words) where other records quote
        them."""
        self.tokens |= {text.strip() for text in texts if text and text.strip()}
        self._compile()

    def _compile(self):
        # Longest first: a name inside an e-mail address goes with the address.
        tokens = sorted(self.tokens, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(re.escape(t) for t in tokens), re.IGNORECASE)
            if tokens
            else None
        )
        self._html_pattern = (
            re.compile(
                "|".join(re.escape(str(escape(t))) for t in tokens), re.IGNORECASE
            )
            if tokens
            else None
        )

    def contains(self, value):
        return bool(self._pattern and value and self._pattern.search(str(value)))

    def scrub(self, value, html=False):
        """``value`` with every identifier of the guest replaced by the placeholder."""
        if not value or not self._pattern:
            return value
        if html:
            scrubbed = self._html_pattern.sub(str(escape(self.placeholder)), value)
            return Markup(self._pattern.sub(str(escape(self.placeholder)), scrubbed))
        return self._pattern.sub(self.placeholder, value)

    def erase(self, field, value):
        """What takes the place of ``value`` of ``field``: empty stays empty (a KPI
        that counts filled values keeps its count), text becomes the placeholder."""
        if not value:
            return value
        if field.type == "html":
            return Markup("<p>%s</p>") % self.placeholder
        if field.type in ("binary", "image"):
            return BLANK_PNG
        if field.type in ("char", "text"):
            return self.placeholder
        return False


# How anonymising treats a field: CLEAR empties it, ERASE puts the placeholder in
# place of a filled value (empty stays empty: counts of filled values do not move),
# SCRUB replaces the guest's identifiers (and the erased words quoted) inside it.
CLEAR, ERASE, SCRUB = "clear", "erase", "scrub"
# Erased texts at least this long are also scrubbed where they are quoted (a revisit
# report's summary of problems and suggestions).
MIN_QUOTE_LENGTH = 6
# The writes of the anonymisation itself carry this object in their context; a
# caller over RPC can put any JSON value in a context, never this object.
_ANONYMIZATION = object()
_ANONYMIZATION_KEY = "guest_revisit_anonymization"
ANONYMIZATION_FIELDS = ("guest_anonymized", "guest_anonymized_at")
RETENTION_FIELDS = ("guest_retention_notice_date",)
DESK_MANAGER = "guest_revisit.group_revisit_desk_manager"
# The office sees the guests the retention cron is about to anonymise.
RETENTION_GROUPS = (
    "guest_revisit.group_revisit_office,guest_revisit.group_revisit_desk_manager"
)
# Guests found past the retention period are anonymised this many days later, once
# the office could see them in the preview.
RETENTION_GRACE_DAYS = 30
RETENTION_BATCH = 50

# How a guest is reached: what a copy of their data shows and anonymisation empties.
GUEST_CONTACT_FIELDS = ("email", "phone", "street", "street2", "zip", "city")
# The partner's own data, emptied; its name becomes "Anonymised guest <id>".
PARTNER_FIELDS = (
    *GUEST_CONTACT_FIELDS,
    "vat",
    "website",
    "function",
    "comment",
    "company_name",
    "image_1920",
)
# Mails to and from the guest lose their content; the others (staff's notes) keep
# theirs, with the guest's identifiers scrubbed.
GUEST_MAIL_FIELDS = {
    "subject": ERASE,
    "body": ERASE,
    "email_from": CLEAR,
    "reply_to": CLEAR,
    "incoming_email_to": CLEAR,
    "incoming_email_cc": CLEAR,
    "outgoing_email_to": CLEAR,
}
OTHER_MESSAGE_FIELDS = dict.fromkeys(GUEST_MAIL_FIELDS, SCRUB)
MAIL_FIELDS = {
    "body_html": ERASE,
    "email_to": CLEAR,
    "email_cc": CLEAR,
    "headers": CLEAR,
    "failure_reason": SCRUB,
}
TRACKING_VALUE_FIELDS = dict.fromkeys(
    ("old_value_char", "new_value_char", "old_value_text", "new_value_text"), SCRUB
)
ACTIVITY_FIELDS = dict.fromkeys(("res_name", "summary", "note", "feedback"), SCRUB)
