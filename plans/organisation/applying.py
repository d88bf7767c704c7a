"""Applying an imported unit and people list: everything or nothing, in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction

from plans.models import Leader, Unit

from . import accounts
from .changes import CHANGE, CREATE, compute_changes


class HasErrors(Exception):
    """The list has rows in error; nothing was changed."""


@dataclass
class Applied:
    units_created: int = 0
    units_changed: int = 0
    people_created: int = 0
    people_changed: int = 0
    # (name, login name, initial password) of each new account, shown once.
    passwords: list = field(default_factory=list)


UNIT_FIELDS = ("kind", "short_name", "emails", "phones", "order")
PERSON_FIELDS = ("first_name", "role", "phone", "email")


def _apply_units(outcomes, units, result):
    """Create and change units, each after its parent (rows may list a child first)."""
    waiting = [o for o in outcomes if o.action in (CREATE, CHANGE)]
    while waiting:
        ready = [
            o for o in waiting if o.values.get("parent", "") in units or "parent" not in o.values
        ]
        if not ready:  # _cycles() in the preview refuses any list that would get here
            raise HasErrors
        for outcome in ready:
            unit = outcome.existing or Unit(name=outcome.name)
            for key in UNIT_FIELDS:
                if outcome.values.get(key) is not None:
                    setattr(unit, key, outcome.values[key])
            if outcome.values.get("parent"):
                unit.parent = units[outcome.values["parent"]]
            created = unit.pk is None
            unit.save()
            units[unit.name] = unit
            if created:
                result.units_created += 1
            else:
                result.units_changed += 1
        waiting = [o for o in waiting if o not in ready]


def _apply_people(federation, outcomes, units, result):
    leaders = {leader.name: leader for leader in Leader.objects.filter(federation=federation)}
    for outcome in outcomes:
        if outcome.action not in (CREATE, CHANGE):
            continue
        fields = {key: outcome.values[key] for key in PERSON_FIELDS if key in outcome.values}
        fields["unit"] = units[outcome.values["unit"]]
        if outcome.existing is None:
            user, password = accounts.create_account(username=outcome.values["username"], **fields)
            result.people_created += 1
            result.passwords.append((user.first_name, user.username, password))
        else:
            user = outcome.existing
            for key, value in fields.items():
                setattr(user, key, value)
            user.save()
            result.people_changed += 1
        if outcome.values.get("leader"):
            leader = leaders.get(outcome.name) or Leader(federation=federation, name=outcome.name)
            leader.user = user
            leader.save()


def apply_list(federation, read, actor):
    """Import ``read`` (a ReadList) into ``federation`` as ``actor``: the changes the preview
    showed, computed again inside the transaction. Raises HasErrors, changing nothing, when a
    row is in error. Applying the same list again changes nothing."""
    with transaction.atomic():
        # One import of a federation at a time: the second waits and then sees the first's work.
        Unit.objects.select_for_update().filter(pk=federation.pk).first()
        changes = compute_changes(federation, read, actor)
        if changes.has_errors:
            raise HasErrors
        units = {unit.name: unit for unit in Unit.objects.filter(federation=federation)}
        units[federation.name] = federation
        result = Applied()
        _apply_units(changes.units, units, result)
        _apply_people(federation, changes.people, units, result)
    return result
