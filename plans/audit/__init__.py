"""Recording changes: who changed what, when, and the values before and after."""

import datetime
from decimal import Decimal

from plans.models import AuditEntry


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


def record(user, action, *, plan=None, task=None, summary="", before=None, after=None):
    """Log one change. ``plan`` defaults to the task's plan."""
    return AuditEntry.objects.create(
        plan=plan or task.plan,
        task=task,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        summary=summary[:500],
        before=_plain(before),
        after=_plain(after),
    )


def changes(instance, fields, old):
    """The ``fields`` of ``instance`` that differ from the dict ``old``, as (before, after)."""
    before, after = {}, {}
    for name in fields:
        new_value = getattr(instance, name)
        if old.get(name) != new_value:
            before[name], after[name] = old.get(name), new_value
    return before, after
