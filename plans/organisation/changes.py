"""What importing a unit and people list would do: each row created, changed, left alone or in
error, with the reason. Units are matched by name within the federation, people by login name.
The same computation is the preview and, inside the transaction, the plan that is applied."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import Leader, Unit, User

from . import checks, recorded
from . import leaders as leaders_rule
from .vocabulary import read_kind, read_role

CREATE, CHANGE, SAME, ERROR = "create", "change", "same", "error"
ACTION_LABELS = {
    CREATE: gettext_lazy("To be created"),
    CHANGE: gettext_lazy("To be changed"),
    SAME: gettext_lazy("Unchanged"),
    ERROR: gettext_lazy("In error"),
}


@dataclass
class RowOutcome:
    """One row of a sheet: what it becomes, what changes (label, before, after), its errors."""

    row: int
    name: str
    values: dict = field(default_factory=dict)
    existing: object = None
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def action(self):
        if self.errors:
            return ERROR
        if self.existing is None:
            return CREATE
        return CHANGE if self.changes else SAME

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


@dataclass
class Changes:
    units: list
    people: list

    def rows(self):
        return [*self.units, *self.people]

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows())

    def count(self, action):
        return sum(1 for row in self.rows() if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in ACTION_LABELS}

    @property
    def changes_anything(self):
        return any(row.action in (CREATE, CHANGE) for row in self.rows())


def _federation_units(federation):
    units = Unit.objects.filter(federation=federation).select_related("parent")
    return {unit.name: unit for unit in [federation, *units]}


def _check(outcome, key, cleaner, text):
    try:
        outcome.values[key] = cleaner(text)
    except ValidationError as error:
        outcome.errors.extend(error.messages)


def _order(text):
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ValidationError(_("The order %(order)s is not a whole number.") % {"order": text})
    return value


def _unit_row(row, federation, existing, named, seen):
    name = row.get("name", "")
    outcome = RowOutcome(row=row["row"], name=name, existing=existing.get(name))
    if not name:
        outcome.errors.append(_("The unit has no name."))
    elif len(name) > 100:
        outcome.errors.append(_("A unit name has at most 100 characters."))
    elif name in seen:
        outcome.errors.append(
            _("%(name)s is listed twice (row %(row)d).") % {"name": name, "row": seen[name]}
        )
    seen.setdefault(name, row["row"])
    if row.get("kind"):
        kind = read_kind(row["kind"])
        if kind is None:
            outcome.errors.append(_("%(kind)s is not a kind of unit.") % {"kind": row["kind"]})
        outcome.values["kind"] = kind
    parent = row.get("parent", "")
    if name == federation.name:
        parent = ""  # the federation is the top of the tree
    if parent:
        if parent == name:
            outcome.errors.append(_("A unit cannot be its own parent."))
        elif parent not in existing and parent not in named:
            outcome.errors.append(
                _("The parent unit %(parent)s is neither in the list nor on the portal.")
                % {"parent": parent}
            )
        outcome.values["parent"] = parent
    elif outcome.existing is None:
        outcome.values["parent"] = federation.name
    if row.get("short_name"):
        if len(row["short_name"]) > 40:
            outcome.errors.append(_("A short name has at most 40 characters."))
        outcome.values["short_name"] = row["short_name"]
    if row.get("emails"):
        _check(outcome, "emails", checks.clean_emails, row["emails"])
    if row.get("phones"):
        _check(outcome, "phones", checks.clean_phones, row["phones"])
    if row.get("order"):
        _check(outcome, "order", _order, row["order"])
    return outcome


def _unit_changes(outcome):
    values = outcome.values
    # Compared as the audit trail records them (the name is what matched).
    before = recorded.unit_values(outcome.existing)
    labels = _unit_labels()
    for key, old in before.items():
        if key in values and values[key] != old:
            outcome.changes.append((labels[key], _shown(key, old), _shown(key, values[key])))


def _unit_labels():
    return {
        "kind": _("Kind"),
        "parent": _("Parent unit"),
        "short_name": _("Short name"),
        "emails": _("Notification emails"),
        "phones": _("Contact phones"),
        "order": _("Order"),
        "first_name": _("Name"),
        "unit": _("Unit"),
        "role": _("Role"),
        "phone": _("Phone"),
        "email": _("Email"),
        "leader": _("Responsible leader"),
    }


def _shown(key, value):
    if key == "kind" and value:
        return Unit.Kind(value).label
    if key == "role" and value:
        return User.Role(value).label
    if key in ("emails", "phones"):
        return "、".join(value.splitlines())
    return str(value)


def _cycles(outcomes, existing):
    """Mark rows whose parent, as the list would leave it, leads back to the row's unit."""
    parents = {name: unit.parent.name if unit.parent_id else "" for name, unit in existing.items()}
    for outcome in outcomes:
        if not outcome.errors and "parent" in outcome.values:
            parents[outcome.name] = outcome.values["parent"]
    for outcome in outcomes:
        name, steps = parents.get(outcome.name), 0
        while name and steps <= len(parents):
            if name == outcome.name:
                outcome.errors.append(_("The parent units go round in a circle."))
                break
            name, steps = parents.get(name), steps + 1


def unit_changes(federation, rows):
    """A RowOutcome for each row of the unit list."""
    existing = _federation_units(federation)
    named = {row.get("name") for row in rows if row.get("name")}
    seen = {}
    outcomes = [_unit_row(row, federation, existing, named, seen) for row in rows]
    _cycles(outcomes, existing)
    for outcome in outcomes:
        if outcome.existing is not None and not outcome.errors:
            _unit_changes(outcome)
    return outcomes, existing


def _person_row(row, context):
    federation, actor, usernames = context["federation"], context["actor"], context["seen"]
    username = row.get("username", "")
    outcome = RowOutcome(row=row["row"], name=row.get("name", ""))
    if len(outcome.name) > 150:
        outcome.errors.append(_("A name has at most 150 characters."))
    if outcome.name:
        outcome.values["first_name"] = outcome.name
    if not username:
        outcome.errors.append(_("The person has no login name."))
    else:
        _check(outcome, "username", checks.clean_username, username)
        if username in usernames:
            outcome.errors.append(
                _("The login name %(name)s is listed twice (row %(row)d).")
                % {"name": username, "row": usernames[username]}
            )
        usernames.setdefault(username, row["row"])
        user = context["users"].get(username)
        if user is not None and user.federation_id != federation.pk:
            outcome.errors.append(
                _("The login name %(name)s is already used outside this federation.")
                % {"name": username}
            )
        elif user is not None and user.is_admin and not actor.is_admin:
            outcome.errors.append(_("Only an administrator changes an administrator's account."))
        else:
            outcome.existing = user
        if user is None and not outcome.name:
            outcome.errors.append(_("The person has no name."))
    outcome.name = outcome.name or username
    unit_name = row.get("unit", "")
    if unit_name not in context["units"]:
        outcome.errors.append(
            _("The unit %(unit)s is neither in the list nor on the portal.") % {"unit": unit_name}
            if unit_name
            else _("The person has no unit.")
        )
    outcome.values["unit"] = unit_name
    role = read_role(row["role"]) if row.get("role") else None
    if row.get("role") and role is None:
        outcome.errors.append(_("%(role)s is not a role.") % {"role": row["role"]})
    if role == User.Role.ADMIN and not actor.is_admin:
        outcome.errors.append(_("Only an administrator makes administrators."))
    if role or outcome.existing is None:
        outcome.values["role"] = role or User.Role.REPORTER
    if row.get("phone"):
        _check(outcome, "phone", checks.clean_phone, row["phone"])
    if row.get("email"):
        _check(outcome, "email", checks.clean_email, row["email"])
    return outcome


def _person_changes(outcome):
    values = outcome.values
    labels = _unit_labels()
    before = recorded.person_values(outcome.existing)
    for key, old in before.items():
        if key in values and values[key] != old:
            outcome.changes.append((labels[key], _shown(key, old), _shown(key, values[key])))


def _leader_link(outcome, leaders, linked_users):
    """A person with the leader role is linked to the responsible leader of their name (made if
    missing), unless either is linked already or the row gives no name (``leaders``)."""
    if outcome.errors:
        return
    name = outcome.name if "first_name" in outcome.values else ""
    role = outcome.values.get("role", getattr(outcome.existing, "role", ""))
    name = leaders_rule.leader_to_link(name, role, outcome.existing, leaders, linked_users)
    if name is None:
        return
    outcome.values["leader"] = name
    if outcome.existing is not None:
        outcome.changes.append((_unit_labels()["leader"], "", name))


def people_changes(federation, rows, actor, unit_outcomes, existing_units):
    """A RowOutcome for each row of the people list."""
    usernames = [row["username"] for row in rows if row.get("username")]
    users = User.objects.filter(username__in=usernames).select_related("unit", "unit__federation")
    units = set(existing_units) | {o.name for o in unit_outcomes if not o.errors}
    context = {
        "federation": federation,
        "actor": actor,
        "seen": {},
        "users": {user.username: user for user in users},
        "units": units,
    }
    leaders = {leader.name: leader for leader in Leader.objects.filter(federation=federation)}
    linked_users = {leader.user_id for leader in leaders.values() if leader.user_id}
    outcomes = [_person_row(row, context) for row in rows]
    for outcome in outcomes:
        if outcome.existing is not None and not outcome.errors:
            _person_changes(outcome)
        _leader_link(outcome, leaders, linked_users)
    return outcomes


def compute_changes(federation, read, actor):
    """What importing ``read`` (a ReadList) into ``federation`` would do, as ``actor``."""
    units, existing_units = unit_changes(federation, read.units.rows)
    people = people_changes(federation, read.people.rows, actor, units, existing_units)
    return Changes(units=units, people=people)
