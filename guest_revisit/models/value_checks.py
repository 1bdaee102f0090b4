from collections import defaultdict

from odoo import fields
from odoo.exceptions import ValidationError


def check_values(model, vals_list):
    """Refuse, in the user's language, the values of ``vals_list`` that the ORM would
    refuse with a raw conversion error: an unknown choice, text for a number or a
    date, the id of a record that does not exist."""
    missing_ids = defaultdict(set)
    for vals in vals_list:
        for field_name, value in vals.items():
            field = model._fields.get(field_name)
            if field is None or value in (False, None, ""):
                continue
            label = field.get_description(model.env)["string"]
            if field.type == "selection" and not callable(field.selection):
                allowed = dict(field._description_selection(model.env))
                if value not in allowed:
                    raise ValidationError(
                        model.env._(
                            "%(field)s: %(value)s is not a valid choice. Choose one "
                            "of: %(choices)s.",
                            field=label,
                            value=value,
                            choices=", ".join(allowed.values()),
                        )
                    )
            elif field.type in ("integer", "float", "monetary"):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    try:
                        float(value)
                    except (TypeError, ValueError):
                        raise ValidationError(
                            model.env._(
                                "%(field)s: %(value)s is not a number.",
                                field=label,
                                value=value,
                            )
                        ) from None
            elif field.type in ("date", "datetime"):
                convert = (
                    fields.Date.to_date
                    if field.type == "date"
                    else fields.Datetime.to_datetime
                )
                try:
                    convert(value)
                except (TypeError, ValueError):
                    raise ValidationError(
                        model.env._(
                            "%(field)s: %(value)s is not a date. Write it as "
                            "%(format)s.",
                            field=label,
                            value=value,
                            format="YYYY-MM-DD"
                            if field.type == "date"
                            else "YYYY-MM-DD HH:MM:SS",
                        )
                    ) from None
            elif field.type == "many2one" and isinstance(value, int):
                missing_ids[field_name].add(value)
            elif field.type == "many2one" and isinstance(value, str):
                if not value.isdigit():
                    raise ValidationError(
                        model.env._(
                            "%(field)s: %(value)s is not the id of a record.",
                            field=label,
                            value=value,
                        )
                    )
                missing_ids[field_name].add(int(value))
    for field_name, ids in missing_ids.items():
        field = model._fields[field_name]
        # sudo: only whether the records exist is checked; access is the ORM's concern.
        existing = model.env[field.comodel_name].sudo().browse(ids).exists()
        unknown = ids - set(existing.ids)
        if unknown:
            raise ValidationError(
                model.env._(
                    "%(field)s: there is no %(model)s with the id %(ids)s.",
                    field=field.get_description(model.env)["string"],
                    model=model.env["ir.model"]._get(field.comodel_name).name,
                    ids=", ".join(str(i) for i in sorted(unknown)),
                )
            )
