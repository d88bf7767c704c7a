"""The audit trail of a task as people read it: what happened, who did it, before and after."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from plans.models import Task
from tasks.workspace import workflow

ACTIONS = {
    workflow.ACKNOWLEDGED: _("Acknowledged"),
    workflow.REPORTED: _("Progress reported"),
    workflow.STATUS_CHANGED: _("Status changed"),
    workflow.COMPLETION_REQUESTED: _("Completion requested"),
    workflow.COMPLETION_ACCEPTED: _("Completion accepted"),
    workflow.COMPLETION_RETURNED: _("Completion sent back"),
    workflow.EXTENSION_REQUESTED: _("Extension requested"),
    workflow.EXTENSION_APPROVED: _("Extension approved"),
    workflow.EXTENSION_REJECTED: _("Extension rejected"),
}

FIELDS = {
    "status": _("Status"),
    "deadline": _("Deadline"),
    "deadline_text": _("Deadline as written"),
    "proposed_deadline": _("Proposed deadline"),
    "unit": _("Unit"),
    "percent": _("Percent done"),
    "figures": _("Figures"),
    "attachments": _("Attachments"),
    "links": _("Links"),
}

# Values that are dates when read back from the JSON of an audit entry.
DATE_FIELDS = {"deadline", "proposed_deadline"}


@dataclass
class Change:
    label: str
    before: object
    after: object


@dataclass
class Row:
    entry: object
    label: str
    changes: list


def _value(name, value):
    if value is None or value == "" or value == []:
        return None
    if name == "status":
        try:
            return Task.Status(value).label
        except ValueError:
            return value
    if name in DATE_FIELDS and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if name == "figures" and isinstance(value, list):
        return "；".join(
            f"{item.get('target')} {item.get('value')}" if isinstance(item, dict) else str(item)
            for item in value
        )
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return value


def rows(entries):
    """Display rows for audit entries (any action: unknown ones show their code)."""
    result = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        if not isinstance(before, dict):
            before = {"value": before}
        if not isinstance(after, dict):
            after = {"value": after}
        names = list(dict.fromkeys([*before, *after]))
        changes = [
            Change(
                FIELDS.get(name, name),
                _value(name, before.get(name)),
                _value(name, after.get(name)),
            )
            for name in names
            if name != "at"  # the entry's own time is shown
        ]
        changes = [c for c in changes if c.before is not None or c.after is not None]
        result.append(Row(entry, ACTIONS.get(entry.action, entry.action), changes))
    return result
