import base64
import os

from odoo.tools import SQL

from .common import TestGuestRevisitCommon

# A 1x1 red PNG: the guest's signature.
SIGNATURE = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0g"
    b"AAAABJRU5ErkJggg=="
)
NAME = "Zhou Anonymtest"
EMAIL = "zhou.anonymtest@example.com"
PHONE = "+86 139 1234 5678"
STREET = "18 Quietlake Road"
# What must be found nowhere after the anonymisation: the identifiers, as typed by
# staff too, and the guest's own words.
SUGGESTION = "I would love a quieter room facing Westlake"
NEEDLES = (NAME, EMAIL, PHONE, "13912345678", STREET, SUGGESTION)
# Text and binary columns, as information_schema names their types.
SCANNED_TYPES = ("character varying", "text", "jsonb", "bytea")
# Odoo's and the mail's tables tied to our records, scanned whole.
MAIL_TABLES = (
    "res_partner",
    "res_users",
    "mail_message",
    "mail_mail",
    "mail_tracking_value",
    "mail_notification",
    "mail_activity",
    "ir_attachment",
    "calendar_event",
)


class TestGuestAnonymizationCommon(TestGuestRevisitCommon):
    """A guest with a complaint, an on-site revisit with a signature and the guest's
    words, attachments, mails to and from them and staff notes naming them."""

    # Addons extend this with their tables.
    extra_tables = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anon_guest = cls.env["res.partner"].create(
            {
                "name": NAME,
                "email": EMAIL,
                "phone": PHONE,
                "street": STREET,
                "city": "Hangzhou",
                "lang": "en_US",
            }
        )
        cls.anon_complaint = cls._resolved_complaint(
            partner_id=cls.anon_guest.id,
            description=f"<p>{NAME} ({PHONE}) says the guide left early.</p>",
        )
        cls.anon_complaint.name = f"{NAME}: the guide left early"
        cls.anon_revisit = cls._revisit_reached(
            cls.anon_complaint,
            method="on_site",
            guest_signature=SIGNATURE,
            signed_by=NAME,
            visit_location=STREET,
            guest_suggestions=SUGGESTION,
            score_overall=4,
            recommend_score="9",
            complaint_satisfaction="satisfied",
        )
        cls.anon_complaint.action_record_feedback()
        cls.anon_complaint.action_close()
        Attachment = cls.env["ir.attachment"]
        cls.anon_attachments = Attachment.create(
            [
                {
                    "name": "id-card.txt",
                    "raw": f"ID card of {NAME}, {PHONE}".encode(),
                    "res_model": "guest.complaint",
                    "res_id": cls.anon_complaint.id,
                },
                {
                    "name": "visit.txt",
                    "raw": f"Visit at {STREET}".encode(),
                    "res_model": "guest.revisit",
                    "res_id": cls.anon_revisit.id,
                },
            ]
        )
        # A mail from the guest, a mail to them, a staff note naming them.
        cls.anon_complaint.message_post(
            body=f"Hello, this is {NAME}, call me on {PHONE}.",
            author_id=cls.anon_guest.id,
            email_from=f"{NAME} <{EMAIL}>",
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        cls.anon_complaint.message_post(
            body=f"Dear {NAME}, we are sorry.",
            partner_ids=cls.anon_guest.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("apology.txt", f"For {NAME}".encode())],
            force_send=False,
        )
        cls.anon_revisit.message_post(
            body=f"Met {NAME} at {STREET}; phone 13912345678.",
            subtype_xmlid="mail.mt_note",
        )
        cls.anon_complaint.activity_schedule(
            "mail.mail_activity_data_todo", summary=f"Call {NAME} back"
        )

    def _anonymize(self, partners=None, user=None, **values):
        partners = partners or self.anon_guest
        wizard = (
            self.env["guest.revisit.anonymize.wizard"]
            .with_user(user or self.user_desk_manager)
            .create(
                {"partner_ids": [(6, 0, partners.ids)], "reason": "Guest's request"}
                | values
            )
        )
        return wizard.action_confirm()

    def _our_tables(self):
        """The tables of our addons' models, and those this test names."""
        tables = {
            model._table
            for model in self.env.registry.values()
            if not model._abstract
            and not model._transient
            and model._auto
            and model._original_module.startswith("guest_revisit")
        }
        return sorted(tables | set(MAIL_TABLES) | set(self.extra_tables))

    def _found(self, needles=NEEDLES):
        """``[(table, column, needle)]`` of every text and binary column of the
        scanned tables that holds a needle, whatever row."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT table_name, column_name, data_type"
                " FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name IN %s"
                " AND data_type IN %s",
                tuple(self._our_tables()),
                SCANNED_TYPES,
            )
        )
        found = []
        for table, column, data_type in cr.fetchall():
            value = (
                SQL("encode(%s, 'escape')", SQL.identifier(column))
                if data_type == "bytea"
                else SQL("%s::text", SQL.identifier(column))
            )
            for needle in needles:
                cr.execute(
                    SQL(
                        "SELECT 1 FROM %s WHERE %s ILIKE %s LIMIT 1",
                        SQL.identifier(table),
                        value,
                        f"%{needle}%",
                    )
                )
                if cr.fetchone():
                    found.append((table, column, needle))
        return found

    def _files_found(self, attachments, needles=NEEDLES):
        """``[(file, needle)]`` of the attachments' files in the filestore that hold a
        needle, the base64 of a binary needle included."""
        found = []
        for attachment in attachments.sudo():
            if not attachment.store_fname:
                continue
            path = attachment._full_path(attachment.store_fname)
            if not os.path.exists(path):
                continue
            with open(path, "rb") as file:
                content = file.read()
            for needle in needles:
                if needle.encode() in content or base64.b64encode(needle.encode()) in (
                    content
                ):
                    found.append((attachment.store_fname, needle))
        return found

    def _guest_attachments(self, partner=None):
        scope = (partner or self.anon_guest)._guest_anonymization_scope()
        return (partner or self.anon_guest)._guest_attachments(scope)
