"""Recording changes: who changed what, when, and the values before and after — of a plan, or
of a federation's organisation (see ``plans.models.AuditEntry``). ``record`` is the one way to
write an entry; a service writing many at once (a list imported) collects them with ``into``
and saves them together with ``record_all``."""

import datetime
from decimal import Decimal

from plans.models import AuditEntry

# Rows per INSERT when many entries are saved at once.
BATCH_SIZE = 500


def _plain(value):
    """JSON-safe form of a recorded value."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record(
    user,
    action,
    *,
    plan=None,
    task=None,
    federation=None,
    unit=None,
    person=None,
    actor="",
    summary="",
    before=None,
    after=None,
    into=None,
):
    """Log one change by ``user`` (or, when no user made it, by ``actor``, an
    ``AuditEntry.Actor``). Of a plan: ``plan`` defaults to the task's plan. Of a federation's
    organisation: ``federation``, and the ``unit`` or ``person`` it is about. Saved at once,
    or appended to the list ``into`` for ``record_all``; returns the entry."""
    if plan is None and task is not None:
        plan = task.plan
    entry = AuditEntry(
        plan=plan,
        task=task,
        federation=federation,
        unit=unit,
        person=person,
        user=user if user is not None and user.is_authenticated else None,
        actor=actor,
        action=action,
        summary=summary[:500],
        before=_plain(before),
        after=_plain(after),
    )
    if into is None:
        entry.save()
    else:
        into.append(entry)
    return entry


def record_all(entries):
    """Save the entries collected by ``record(..., into=entries)``, a few INSERTs for many."""
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)


def changes(instance, fields, old):
    """The ``fields`` of ``instance`` that differ from the dict ``old``, as (before, after)."""
    before, after = {}, {}
    for name in fields:
        new_value = getattr(instance, name)
        if old.get(name) != new_value:
            before[name], after[name] = old.get(name), new_value
    return before, after
