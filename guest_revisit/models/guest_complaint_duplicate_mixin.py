from contextlib import contextmanager
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.modules.db import FunctionStatus
from odoo.tools import SQL

from .guest_revisit_workflow_mixin import DESK_MANAGER

# pg_trgm similarity from which two summaries are "similar", set as pg_trgm's own
# threshold while the check runs: the trigram index then hands over only the close
# ones (at pg_trgm's default 0.3 it hands over thousands of loose candidates that
# are each read from the table and dropped).
SUMMARY_SIMILARITY = 0.5
# pg_trgm's own default threshold, in force until a session first loads the extension.
PG_TRGM_DEFAULT_SIMILARITY = "0.3"


def open_summaries_trigram_index(registry):
    """The trigram index of the open complaints' summaries: the duplicate check
    compares a new summary with those only, and this index stays as small as the work
    open however long the history kept. None without pg_trgm (no index then)."""
    if not registry.has_trigram:
        return None
    column = "name"
    if registry.has_unaccent == FunctionStatus.INDEXABLE:
        column = "unaccent(name)"
    # Without fastupdate: GIN's pending list of new entries is read through by every
    # search until a vacuum, which made each check of a busy intake slow.
    return (
        f"USING gin ({column} gin_trgm_ops) WITH (fastupdate = off)"
        " WHERE is_closed IS NOT TRUE AND active"
    )


class GuestComplaintDuplicateMixin(models.AbstractModel):
    """Duplicates caught at intake, whichever door a complaint comes in by: a
    complaint of the same guest, phone or e-mail as an open complaint of the recent
    days, or with a summary similar to one, is flagged as its possible duplicate.
    Repeated mails from one address join the open complaint instead."""

    _name = "guest.complaint.duplicate.mixin"
    _description = "Complaint Duplicates at Intake"

    # Merged complaints are archived: they stay readable, out of the desk's lists.
    active = fields.Boolean(default=True)
    duplicate_of_id = fields.Many2one(
        "guest.complaint",
        string="Possible Duplicate Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    is_possible_duplicate = fields.Boolean(
        compute="_compute_is_possible_duplicate", store=True
    )

    @api.constrains("duplicate_of_id")
    def _check_duplicate_of_other(self):
        for complaint in self:
            if complaint.duplicate_of_id == complaint:
                raise ValidationError(
                    self.env._(
                        "Complaint %(number)s cannot be a duplicate of itself.",
                        number=complaint.number,
                    )
                )

    @api.depends("duplicate_of_id")
    def _compute_is_possible_duplicate(self):
        for complaint in self:
            complaint.is_possible_duplicate = bool(complaint.duplicate_of_id)

    @api.model_create_multi
    def create(self, vals_list):
        # The form sends its defaults (active, no duplicate): only a flag set or an
        # archived complaint is the desk manager's to create.
        if any(
            vals.get("duplicate_of_id") or not vals.get("active", True)
            for vals in vals_list
        ):
            self._check_duplicate_fields_access()
        checked = [
            i for i, vals in enumerate(vals_list) if "duplicate_of_id" not in vals
        ]
        to_check = [vals_list[i] for i in checked]
        for vals, duplicate_id in zip(
            to_check, self._find_open_duplicates(to_check), strict=True
        ):
            if duplicate_id:
                vals["duplicate_of_id"] = duplicate_id
        repeats = {
            checked[later]: checked[first]
            for later, first in self._repeats_in_batch(to_check).items()
        }
        if not repeats:
            return super().create(vals_list)
        # An import repeating a guest: the first of them is created first, the
        # others then as its possible duplicates.
        firsts = [i for i in range(len(vals_list)) if i not in repeats]
        created = dict(
            zip(firsts, super().create([vals_list[i] for i in firsts]), strict=True)
        )
        later = sorted(repeats)
        for i in later:
            vals_list[i]["duplicate_of_id"] = created[repeats[i]].id
        created.update(
            zip(later, super().create([vals_list[i] for i in later]), strict=True)
        )
        return self.browse([created[i].id for i in range(len(vals_list))])

    def write(self, vals):
        if self._duplicate_fields_changed(vals):
            self._check_duplicate_fields_access()
        return super().write(vals)

    def _duplicate_fields_changed(self, vals):
        """Whether ``vals`` changes the flag or the archive of any of these."""
        if "duplicate_of_id" in vals and any(
            complaint.duplicate_of_id.id != (vals["duplicate_of_id"] or False)
            for complaint in self
        ):
            return True
        return "active" in vals and any(
            complaint.active != bool(vals["active"]) for complaint in self
        )

    def _check_duplicate_fields_access(self):
        """The flag and the archive are the desk manager's: staff can neither hide a
        complaint nor mark or unmark one as a duplicate, through any door."""
        if self.env.su or self.env.user.has_group(DESK_MANAGER):
            return
        raise AccessError(
            self.env._(
                "Only a complaint desk manager can flag, dismiss or merge duplicate "
                "complaints, or archive a complaint."
            )
        )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail repeating an open complaint of the same address joins it: the mail
        gateway posts it on the complaint returned, as it would a reply."""
        values = custom_values or {}
        joined = self._open_complaint_of_mail(
            values.get("partner_id"),
            values.get("name") or msg_dict.get("subject") or "",
            values.get("company_id") or self.env.company.id,
        )
        if joined:
            joined.message_update(msg_dict)
            # The gateway posts the mail with the thread's creation subtype: this is
            # a guest's mail on an existing complaint, not a creation.
            return joined.with_context(guest_complaint_joined_mail=True)
        return super().message_new(msg_dict, custom_values=custom_values)

    def _creation_subtype(self):
        if self.env.context.get("guest_complaint_joined_mail"):
            return self.env.ref("mail.mt_comment")
        return super()._creation_subtype()

    def action_dismiss_duplicate(self):
        """The desk manager saw the complaint is not a duplicate: the flag goes, a
        note says who dismissed it."""
        self._check_duplicate_fields_access()
        flagged = self.filtered("duplicate_of_id")
        for complaint in flagged:
            in_lang = complaint._in_chatter_lang()
            in_lang.message_post(
                body=in_lang.env._(
                    "%(user)s dismissed the possible duplicate of %(number)s.",
                    user=self.env.user.name,
                    number=complaint.duplicate_of_id.number,
                ),
                subtype_xmlid="mail.mt_note",
            )
        flagged.write({"duplicate_of_id": False})

    def action_merge_duplicates(self):
        """Open the merge wizard on these complaints and those they may duplicate."""
        complaints = self | self.duplicate_of_id
        target = self.duplicate_of_id[:1] or self[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Complaints"),
            "res_model": "guest.complaint.merge",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_complaint_ids": complaints.ids,
                "default_target_id": target.id,
            },
        }

    # ------------------------------------------------------------------
    # The checks, in SQL: one query for a batch, each match an index probe
    # ------------------------------------------------------------------

    @api.model
    def _repeats_in_batch(self, vals_list):
        """The complaints of one batch that repeat an earlier one of the batch
        (same company, and same guest, phone or e-mail), none of them flagged
        already: {index: index of the first one}."""
        first_of = {}
        repeats = {}
        for (
            index,
            company_id,
            partner_id,
            phone,
            email,
            _name,
            _since,
        ) in self._intake_rows(vals_list):
            keys = [
                (company_id, field, value)
                for field, value in (
                    ("partner", partner_id),
                    ("phone", phone),
                    ("email", email),
                )
                if value
            ]
            earlier = [first_of[key] for key in keys if key in first_of]
            first = min(earlier) if earlier else index
            if earlier and not vals_list[index].get("duplicate_of_id"):
                repeats[index] = first
            for key in keys:
                first_of.setdefault(key, first)
        return repeats

    @api.model
    def _find_open_duplicates(self, vals_list):
        """For each of ``vals_list``, the id of the open complaint it may duplicate,
        or None: the earliest one of the same guest, phone or e-mail received within
        the company's window, else the most similar summary in that window. One query
        for the batch."""
        result = [None] * len(vals_list)
        query = self._open_duplicates_sql(vals_list)
        if query:
            with self._duplicate_check_settings():
                self.env.cr.execute(query)
                for index, duplicate_id in self.env.cr.fetchall():
                    result[index] = duplicate_id
        return result

    @contextmanager
    def _duplicate_check_settings(self):
        """The check's settings for the transaction (set_config's is_local), then
        back to what they were, so that no other query of the transaction sees
        them: pg_trgm's threshold at SUMMARY_SIMILARITY, and no JIT compilation
        (the check of a batch is a loop of index probes that PostgreSQL's estimate
        would compile first: most of a second for 1000 new complaints, more than
        the probes take). Until a session first uses pg_trgm its threshold is
        unknown (not yet loaded): its default is then the one to restore."""
        if not self.env.registry.has_trigram:
            yield
            return
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT threshold, jit,"
                "       set_config('pg_trgm.similarity_threshold', %s, true),"
                "       set_config('jit', 'off', true)"
                "  FROM (SELECT COALESCE(current_setting("
                "'pg_trgm.similarity_threshold', true), %s) AS threshold,"
                "               current_setting('jit') AS jit OFFSET 0) s",
                str(SUMMARY_SIMILARITY),
                PG_TRGM_DEFAULT_SIMILARITY,
            )
        )
        threshold, jit = cr.fetchone()[:2]
        try:
            yield
        finally:
            cr.execute(
                SQL(
                    "SELECT set_config('pg_trgm.similarity_threshold', %s, true),"
                    "       set_config('jit', %s, true)",
                    threshold,
                    jit,
                )
            )

    @api.model
    def _intake_rows(self, vals_list):
        """What the checks compare of each new complaint, for those the company
        checks (a window of days, a guest): (index in vals_list, company, guest,
        phone, e-mail, summary, start of the window)."""
        Company = self.env["res.company"]
        rows = []
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )
        partners.fetch(["phone", "email"])
        now = fields.Datetime.now()
        for index, vals in enumerate(vals_list):
            company = Company.browse(vals.get("company_id")) or self.env.company
            days = company.complaint_duplicate_days
            if not days or not vals.get("partner_id"):
                continue
            partner = partners.browse(vals["partner_id"])
            phone = vals["contact_phone"] if "contact_phone" in vals else partner.phone
            email = vals["contact_email"] if "contact_email" in vals else partner.email
            rows.append(
                (
                    index,
                    company.id,
                    partner.id,
                    phone or None,
                    email or None,
                    vals.get("name") or None,
                    now - timedelta(days=days),
                )
            )
        return rows

    @api.model
    def _open_duplicates_sql(self, vals_list):
        """The query of _find_open_duplicates, None when nothing is to be checked.
        Each arm of it is a probe of one index (partner, phone, e-mail, the summary's
        trigram index)."""
        rows = self._intake_rows(vals_list)
        if not rows:
            return None
        self.env["guest.complaint"].flush_model(
            ["partner_id", "contact_phone", "contact_email", "name", "company_id"]
            + ["is_closed", "active", "received_at"]
        )
        columns = list(zip(*rows, strict=True))

        def open_in_window(condition, rank, order):
            return SQL(
                """(SELECT c.id, %(rank)s AS rank
                      FROM guest_complaint c
                     WHERE %(condition)s
                       AND c.company_id = v.company_id
                       AND c.received_at >= v.since
                       AND c.is_closed IS NOT TRUE
                       AND c.active
                     ORDER BY %(order)s
                     LIMIT 1)""",
                rank=rank,
                condition=condition,
                order=order,
            )

        earliest = SQL("c.received_at, c.id")
        arms = [
            open_in_window(SQL("c.partner_id = v.partner_id"), 0, earliest),
            open_in_window(SQL("c.contact_phone = v.phone"), 0, earliest),
            open_in_window(SQL("c.contact_email = v.email"), 0, earliest),
        ]
        similar = self._summary_similarity_sql(SQL("c.name"), SQL("v.name"))
        if similar:
            # The open complaints with a similar summary, from the open summaries'
            # trigram index alone (OFFSET 0 keeps the planner from mixing in the
            # window's index, a scan of every recent complaint); then any one in the
            # window, unordered: the scan stops at the first, where ranking them all
            # would read every candidate of a common complaint.
            arms.append(
                SQL(
                    """(SELECT c.id, 1 AS rank
                          FROM (SELECT c.id, c.company_id, c.received_at
                                  FROM guest_complaint c
                                 WHERE %(similar)s
                                   AND c.is_closed IS NOT TRUE
                                   AND c.active
                                OFFSET 0) c
                         WHERE c.company_id = v.company_id
                           AND c.received_at >= v.since
                         LIMIT 1)""",
                    similar=similar,
                )
            )
        return SQL(
            """
                SELECT v.idx, m.id
                  FROM unnest(%(idx)s::int[], %(company)s::int[], %(partner)s::int[],
                              %(phone)s::varchar[], %(email)s::varchar[],
                              %(name)s::varchar[], %(since)s::timestamp[])
                       AS v(idx, company_id, partner_id, phone, email, name, since)
                 CROSS JOIN LATERAL (
                     SELECT m.id FROM (%(arms)s) m ORDER BY m.rank, m.id LIMIT 1
                 ) m
                """,
            idx=list(columns[0]),
            company=list(columns[1]),
            partner=list(columns[2]),
            phone=list(columns[3]),
            email=list(columns[4]),
            name=list(columns[5]),
            since=list(columns[6]),
            arms=SQL(" UNION ALL ").join(arms),
        )

    @api.model
    def _open_complaint_of_mail(self, partner_id, subject, company_id):
        """The open complaint a mail repeats: same guest, similar subject (the same
        one when PostgreSQL has no pg_trgm), received within the company's short
        window; the earliest one if several."""
        company = self.env["res.company"].browse(company_id)
        hours = company.complaint_mail_join_hours
        if not partner_id or not hours:
            return self.env["guest.complaint"]
        self.env["guest.complaint"].flush_model(
            ["partner_id", "name", "company_id", "is_closed", "active", "received_at"]
        )
        similar = self._summary_similarity_sql(
            SQL("c.name"), SQL("%s::varchar", subject)
        ) or SQL("c.name = %s", subject)
        with self._duplicate_check_settings():
            self.env.cr.execute(
                SQL(
                    """
                    SELECT c.id
                      FROM guest_complaint c
                     WHERE c.partner_id = %(partner)s
                       AND c.company_id = %(company)s
                       AND c.received_at >= %(since)s
                       AND c.is_closed IS NOT TRUE
                       AND c.active
                       AND %(similar)s
                     ORDER BY c.received_at, c.id
                     LIMIT 1
                    """,
                    partner=partner_id,
                    company=company.id,
                    since=fields.Datetime.now() - timedelta(hours=hours),
                    similar=similar,
                )
            )
            row = self.env.cr.fetchone()
        return self.env["guest.complaint"].browse(row[0] if row else [])

    @api.model
    def _summary_similarity_sql(self, column, value):
        """The condition "the summary ``column`` is similar to ``value``" the way the
        open summaries' trigram index serves it (at the threshold of
        _duplicate_check_settings), or None without pg_trgm. The index is on
        unaccent(name) when unaccent is indexable (registry)."""
        registry = self.env.registry
        if not registry.has_trigram:
            return None
        if registry.has_unaccent == FunctionStatus.INDEXABLE:
            column, value = registry.unaccent(column), registry.unaccent(value)
        return SQL("%s %% %s", column, value)
