"""What deleting would lose: a section, task or target is deleted only when nothing the units
entered (acknowledgements, reports, figures, requests) hangs on it."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from plans.models import AuditEntry, Plan, Responsibility, Section, Target, Task


class EditRefused(Exception):
    """A change that would destroy the units' work (reports, figures); the message says why."""


# Deleting these along with a task or target loses nothing the units wrote.
_DISPOSABLE = {Plan, Section, Task, Responsibility, Target, AuditEntry}


def _disposable(model):
    # Notifications belong to the execution app, which this app does not import.
    return model in _DISPOSABLE or model._meta.label == "tasks.Notification"


def has_unit_work(objects):
    """Would deleting ``objects`` also delete what units entered (reports, figures, requests,
    acknowledgements)? Asks Django's deletion collector, so it follows every relation."""
    objects = list(objects)
    if not objects:
        return False
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect(objects)
    except (ProtectedError, RestrictedError):  # something refers to them and must stay
        return True
    if any(not _disposable(model) and instances for model, instances in collector.data.items()):
        return True
    return any(
        not _disposable(queryset.model) and queryset.exists() for queryset in collector.fast_deletes
    )
