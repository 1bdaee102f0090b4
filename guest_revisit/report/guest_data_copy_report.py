from odoo import api, models

from ..models.res_partner import DATA_COPY_FIELDS

# The sections of the copy that list records, and the model whose field labels
# head their columns.
SECTION_MODELS = {
    "profiles": "guest.revisit.guest.profile",
    "complaints": "guest.complaint",
    "revisits": "guest.revisit",
    "consents": "guest.revisit.consent",
}


class ReportGuestDataCopy(models.AbstractModel):
    """The readable PDF of a guest's data copy: the same content as the JSON file,
    in the guest's language. Printing it is an export, and is logged."""

    _name = "report.guest_revisit.report_guest_data_copy"
    _description = "Copy of a Guest's Data (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        partners._check_guest_data_copy_access()
        copies = {}
        for partner in partners:
            copy = partner._guest_data_copy()
            in_lang = self.with_context(lang=copy["language"]).env
            copies[partner.id] = {
                "data": copy,
                "labels": {
                    "guest": self._labels(in_lang, "res.partner", "guest"),
                    **{
                        section: self._labels(in_lang, model, model)
                        for section, model in SECTION_MODELS.items()
                    },
                },
            }
        partners._log_guest_data_copy("PDF")
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "copies": copies,
        }

    @api.model
    def _labels(self, env, model, section):
        fields = env[model]._fields
        return {
            name: fields[name]._description_string(env)
            for name in DATA_COPY_FIELDS[section]
        }
