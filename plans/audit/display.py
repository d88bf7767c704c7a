"""Audit entries as people read them: the one renderer behind the plan's change log and the
record of changes on a task page.

In the spirit of pretix's ``logdisplay``, each layer registers what it writes: its actions (a
readable name) and the fields those actions record (a label and how a value is shown). The
document registers its drafting actions (``plans.drafting.history``), the execution registers its
workflow actions from its own module, so this module never needs to know about either.

An entry nobody registered still renders: a neutral name, its summary and its values under a
neutral label. Whatever was recorded, a reader never sees a raw action code or a Python dict;
dates read as dates and times as times in Asia/Shanghai (``TIME_ZONE``).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "Y-m-d H:i"

# What JSON gives back for a recorded date or time (``plans.audit._plain`` writes isoformat).
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

UNKNOWN_ACTION = _("Change recorded")
UNKNOWN_FIELD = _("Other details")
SYSTEM = _("system")


# --- How values are shown -----------------------------------------------------------------------


def _empty(value):
    return value is None or value == "" or value == [] or value == {}


def _local(moment):
    # A naive time was recorded in the server's zone: read it as such.
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment)


def text(value):
    """Any recorded value as plain text, or None when nothing was recorded: lists joined with 、,
    the values of a dict joined likewise (never its repr), dates as dates and times in local
    time, yes or no for a flag."""
    if _empty(value):
        return None
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        parts = [part for part in map(text, value) if part is not None]
        return "、".join(parts) or None
    if isinstance(value, datetime.datetime):
        return dateformat.format(_local(value), TIME_FORMAT)
    if isinstance(value, datetime.date):
        return dateformat.format(value, DATE_FORMAT)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, str) and _ISO_TIME.match(value):
        return moment(value)
    return str(value)


def date(value):
    """A recorded date (an ISO string once read back from JSON) as a date."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return text(datetime.date.fromisoformat(value))
        except ValueError:
            return value  # not a real date after all: shown as written
    return text(value)


def moment(value):
    """A recorded time (an ISO string once read back from JSON), in local time."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    return text(value)


def choice(choices):
    """Show a code of the ``choices`` (a TextChoices class) as its label; an unknown code is
    shown as recorded."""

    def show(value):
        try:
            return str(choices(value).label)
        except ValueError:
            return text(value)

    return show


def figures(value):
    """Reported figures, ``[{"target": ..., "value": ...}]``, as "target：value" joined with ；
    (the separator of the language: "新建书屋：12", "Libraries: 12")."""
    if not isinstance(value, list):
        return text(value)
    separator = pgettext("between a label and what follows", ": ")
    parts = []
    for item in value:
        if isinstance(item, dict) and "target" in item:
            parts.append(
                separator.join(filter(None, (text(item.get("target")), text(item.get("value")))))
            )
        else:
            parts.append(text(item))
    return "；".join(part for part in parts if part) or None


# --- The registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A recorded field: its label and how its value is shown; a hidden one is not shown."""

    label: str
    show: Callable = text
    hidden: bool = False


@dataclass(frozen=True)
class Action:
    name: str
    fields: dict


# Recorded but not shown, for example a time that is the entry's own.
HIDDEN = Field("", hidden=True)

_ACTIONS = {}


def fields(labels, **shows):
    """``Field``s for a dict of labels (name → label), shown as text unless ``shows`` names
    another way for a field (name → function)."""
    return {name: Field(label, shows.get(name, text)) for name, label in labels.items()}


def register(code, name, recorded):
    """Make the action ``code`` readable: ``name`` is what it is called, ``recorded`` (name →
    ``Field``) the fields its entries hold. Registering one code twice differently is an error:
    two layers would be writing the same action."""
    action = Action(name, dict(recorded))
    if _ACTIONS.get(code, action) != action:
        raise ImproperlyConfigured(f"The audit action {code!r} is registered twice.")
    _ACTIONS[code] = action


def is_registered(code):
    """Whether some layer has registered the action ``code``."""
    return code in _ACTIONS


# --- Rendering ----------------------------------------------------------------------------------


@dataclass
class Change:
    """One field of an entry: ``before`` and ``after`` are text, None when not recorded."""

    label: str
    before: str | None
    after: str | None


@dataclass
class Row:
    """One entry as read: what happened (``label``), its summary and the fields it changed;
    ``who`` made the change."""

    entry: object
    label: str
    summary: str
    changes: list

    @property
    def who(self):
        """The person who made the change (their name, else their login), else what made it
        (the directory), else the system."""
        entry = self.entry
        if entry.user_id is not None:
            return entry.user.get_full_name() or entry.user.username
        if entry.actor:
            return entry.get_actor_display()
        return str(SYSTEM)


def _as_dict(values):
    if values is None:
        return {}
    if isinstance(values, dict):
        return values
    return {None: values}  # a value recorded bare: shown under the neutral label


def _show(field, value):
    try:
        return field.show(value)
    except Exception:  # a value of an unexpected shape must not break the page
        return text(value)


def _changes(action, entry):
    before, after = _as_dict(entry.before), _as_dict(entry.after)
    result = []
    names = dict.fromkeys([*before, *after])
    # In the order the fields were registered (PostgreSQL's jsonb keeps no order of its own);
    # fields nobody registered after them.
    order = {name: index for index, name in enumerate(action.fields)}
    for name in sorted(names, key=lambda name: order.get(name, len(order))):
        field = action.fields.get(name) or Field(UNKNOWN_FIELD)
        if field.hidden:
            continue
        change = Change(field.label, _show(field, before.get(name)), _show(field, after.get(name)))
        if change.before is not None or change.after is not None:
            result.append(change)
    return result


def render(entry):
    """The ``Row`` of one audit entry."""
    action = _ACTIONS.get(entry.action) or Action(UNKNOWN_ACTION, {})
    return Row(entry, action.name, entry.summary, _changes(action, entry))


def rows(entries):
    """The ``Row`` of each of ``entries``, in their order."""
    return [render(entry) for entry in entries]
