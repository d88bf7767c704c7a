"""Applying an imported unit and people list: everything or nothing, in one transaction. Each
unit and person created or changed is recorded in the audit trail, and the import as a whole;
the entries are saved together (a few INSERTs for thousands of rows)."""

from dataclasses import dataclass, field

from django.db import transaction

from plans import audit
from plans.models import Leader, Unit

from . import accounts, recorded
from . import leaders as leaders_rule
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


def _apply_units(outcomes, units, result, log):
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
            before = recorded.unit_values(unit) if unit.pk else None
            for key in UNIT_FIELDS:
                if outcome.values.get(key) is not None:
                    setattr(unit, key, outcome.values[key])
            if outcome.values.get("parent"):
                unit.parent = units[outcome.values["parent"]]
            created = unit.pk is None
            unit.save()
            units[unit.name] = unit
            log.unit(unit, before)
            if created:
                result.units_created += 1
            else:
                result.units_changed += 1
        # By identity: comparing the rows themselves (dataclasses) made 2,000 units quadratic.
        done = {id(o) for o in ready}
        waiting = [o for o in waiting if id(o) not in done]


def _apply_people(federation, outcomes, units, result, log):
    leaders = {leader.name: leader for leader in Leader.objects.filter(federation=federation)}
    for outcome in outcomes:
        if outcome.action not in (CREATE, CHANGE):
            continue
        fields = {key: outcome.values[key] for key in PERSON_FIELDS if key in outcome.values}
        fields["unit"] = units[outcome.values["unit"]]
        if outcome.existing is None:
            before = None
            user, password = accounts.new_account(username=outcome.values["username"], **fields)
            result.people_created += 1
            result.passwords.append((user.first_name, user.username, password))
        else:
            user = outcome.existing
            before = recorded.person_values(user)
            for key, value in fields.items():
                setattr(user, key, value)
            user.save()
            result.people_changed += 1
        leader = outcome.values.get("leader", "")
        if leader:
            leaders_rule.link(federation, leader, user, leaders)
        log.person(user, before, leader)


@dataclass
class _Log:
    """The entries of one import, saved together once it is applied."""

    federation: object
    actor: object
    entries: list = field(default_factory=list)

    def unit(self, unit, before):
        recorded.unit_saved(
            self.actor,
            self.federation,
            unit,
            before,
            via=recorded.Via.IMPORT,
            into=self.entries,
        )

    def person(self, user, before, leader):
        recorded.person_saved(
            self.actor,
            self.federation,
            user,
            before,
            via=recorded.Via.IMPORT,
            password=recorded.Password.INITIAL,
            leader=leader,
            into=self.entries,
        )

    def save(self, result):
        """The import as a whole, after its rows, and every entry saved."""
        counts = {
            "units_created": result.units_created,
            "units_changed": result.units_changed,
            "people_created": result.people_created,
            "people_changed": result.people_changed,
        }
        audit.record(
            self.actor,
            recorded.LIST_IMPORTED,
            federation=self.federation,
            after={**counts, "via": recorded.Via.IMPORT},
            into=self.entries,
        )
        audit.record_all(self.entries)


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
        result, log = Applied(), _Log(federation, actor)
        _apply_units(changes.units, units, result, log)
        _apply_people(federation, changes.people, units, result, log)
        log.save(result)
    return result
