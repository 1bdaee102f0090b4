from collections import defaultdict, namedtuple

from odoo import api, models
from odoo.exceptions import AccessError, UserError

# The writes a transition makes as its own effect carry this object in their context.
# A caller over RPC can put any JSON value in a context, never this object.
_TRANSITION_EFFECT = object()
_EFFECT_KEY = "guest_revisit_transition_effect"

# One allowed move: the groups that may make it (any of them), the guard method that
# refuses it when the record is not ready, and the button people use for it.
Transition = namedtuple("Transition", "groups guard button")

USER = "guest_revisit.group_revisit_user"
DESK_MANAGER = "guest_revisit.group_revisit_desk_manager"
DEPARTMENT_HEAD = "guest_revisit.group_revisit_department_head"


class GuestRevisitWorkflowMixin(models.AbstractModel):
    """A transition table per workflow field: every write of a workflow field, by a
    button, a wizard, a cron or a raw ``write`` / ``create`` over the API, is one of
    the moves the table allows the user, and meets the move's guard. The values that
    transitions set are written by the transitions only."""

    _name = "guest.revisit.workflow.mixin"
    _inherit = ["guest.revisit.chatter.mixin"]
    _description = "Workflow Transition Table"

    @api.model
    def _workflow_transitions(self):
        """``{field: {(from, to): Transition}}``."""
        return {}

    @api.model
    def _workflow_initial_values(self):
        """``{field: values a record may be created with}``."""
        return {}

    @api.model
    def _workflow_effect_fields(self):
        """``{field: label of the button that sets it}``, set by transitions only."""
        return {}

    def _workflow_frozen_fields(self):
        """``{record id: {field: reason}}`` of fields this record no longer lets anyone
        change outside a transition."""
        return {}

    def _workflow_no_move_message(self, field_name, current, target):
        """A message of the model's own for a move no table allows, ``None`` for the
        generic one."""
        return None

    def _workflow_target(self, field_name, vals):
        """The value ``vals`` gives ``field_name``, ``None`` when it gives none."""
        return vals.get(field_name) if field_name in vals else None

    def _workflow_effects(self):
        """This recordset, for the writes that a transition makes as its effect."""
        return self.with_context(**{_EFFECT_KEY: _TRANSITION_EFFECT})

    def _in_workflow_effect(self):
        return self.env.context.get(_EFFECT_KEY) is _TRANSITION_EFFECT

    def _workflow_loading_data(self):
        """Module data and demo data are loaded as they are written, steps included."""
        return self.env.su and bool(self.env.context.get("install_filename"))

    def _workflow_trusted(self):
        """Module data, migrations and superuser jobs load records as they are; a
        transition's own effects write what it sets."""
        return self.env.su or self._in_workflow_effect()

    # ------------------------------------------------------------------

    def _workflow_label(self, field_name, value):
        field = self._fields[field_name]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value or "-")
        return value or "-"

    def _workflow_field_string(self, field_name):
        return self._fields[field_name].get_description(self.env)["string"]

    def _workflow_next_steps(self, field_name, current):
        steps = [
            self.env._(
                "%(state)s (%(button)s)",
                state=self._workflow_label(field_name, to),
                button=transition.button,
            )
            for (origin, to), transition in self._workflow_transitions()[
                field_name
            ].items()
            if origin == current and self._workflow_may(transition)
        ]
        return ", ".join(steps) or self.env._("none for you")

    def _workflow_may(self, transition):
        return self.env.su or any(self.env.user.has_group(g) for g in transition.groups)

    @api.model
    def _workflow_check_create(self, vals_list):
        """A record is born in one of its initial values, unless module data loads
        it; controlled values are set by transitions, not at creation."""
        if self._workflow_trusted():
            return
        initial = self._workflow_initial_values()
        effect_fields = self._workflow_effect_fields()
        for vals in vals_list:
            for field_name, allowed in initial.items():
                value = self._workflow_target(field_name, vals)
                if value not in (None, False) and value not in allowed:
                    raise UserError(
                        self.env._(
                            "A new %(model)s starts as %(states)s, not as %(state)s: "
                            "create it, then use its buttons.",
                            model=self._workflow_model_name(),
                            states=" / ".join(
                                self._workflow_label(field_name, v) for v in allowed
                            ),
                            state=self._workflow_label(field_name, value),
                        )
                    )
            for field_name, button in effect_fields.items():
                if vals.get(field_name):
                    raise UserError(
                        self._workflow_effect_message(field_name, button, None)
                    )

    def _workflow_model_name(self):
        # The model's name as ir.model translates it: ``_description`` is English.
        return self.env["ir.model"]._get(self._name).name

    def _workflow_effect_message(self, field_name, button, record):
        return self.env._(
            "%(field)s of %(record)s is set by the workflow: use the button "
            "%(button)s.",
            field=self._workflow_field_string(field_name),
            record=record.display_name if record else self._workflow_model_name(),
            button=button,
        )

    def _workflow_changes(self, field_name, value):
        field = self._fields[field_name]
        new = field.convert_to_record(field.convert_to_cache(value, self), self)
        return self[field_name] != new

    def _workflow_check_controlled(self, vals):
        """Refuse a change of the values that transitions set, or that the record's
        state no longer lets anyone change."""
        effect_fields = self._workflow_effect_fields()
        for field_name in set(effect_fields) & set(vals):
            for record in self:
                if record._workflow_changes(field_name, vals[field_name]):
                    raise UserError(
                        self._workflow_effect_message(
                            field_name, effect_fields[field_name], record
                        )
                    )
        frozen = self._workflow_frozen_fields() if self else {}
        for record in self:
            for field_name, reason in frozen.get(record.id, {}).items():
                if field_name in vals and record._workflow_changes(
                    field_name, vals[field_name]
                ):
                    raise UserError(reason)

    def _workflow_check_write(self, vals):
        """Refuse a write that is no allowed move, before anything is written, and run
        the moves' guards on the records as they will be. Returns the moves made:
        ``{field: {record id: (from, to)}}``."""
        if self._workflow_loading_data():
            return {}
        trusted = self._workflow_trusted()
        if not trusted:
            self._workflow_check_controlled(vals)
        moves = {}
        for field_name, table in self._workflow_transitions().items():
            target = self._workflow_target(field_name, vals)
            if target is None:
                continue
            by_transition = defaultdict(lambda: self.browse())
            for record in self:
                current = record[field_name]
                if current == target:
                    continue
                transition = table.get((current, target))
                if transition is None:
                    raise UserError(
                        record._workflow_no_move_message(field_name, current, target)
                        or self.env._(
                            "%(record)s cannot go from %(from)s to %(to)s. From "
                            "%(from)s it can go to: %(steps)s.",
                            record=record.display_name,
                            to=self._workflow_label(field_name, target),
                            steps=self._workflow_next_steps(field_name, current),
                            **{"from": self._workflow_label(field_name, current)},
                        )
                    )
                if not trusted and not self._workflow_may(transition):
                    raise AccessError(
                        self.env._(
                            "You may not move %(record)s from %(from)s to %(to)s "
                            "(button %(button)s).",
                            record=record.display_name,
                            to=self._workflow_label(field_name, target),
                            button=transition.button,
                            **{"from": self._workflow_label(field_name, current)},
                        )
                    )
                by_transition[transition] |= record
                moves.setdefault(field_name, {})[record.id] = (current, target)
            for transition, records in by_transition.items():
                if transition.guard:
                    getattr(records, transition.guard)(vals)
        return moves
