"""What the organisation writes in the audit trail, and how it reads (``plans.audit.display``):
units created, changed, moved, their contacts changed; accounts created, changed, deactivated and
reactivated, passwords reset or changed, people's own details, lists imported, directory logins.

Entries of the organisation belong to a federation and are about a unit or a person (the
subject); they record values as the portal keeps them (a kind, a role: codes, shown as their
labels) and never a password: a reset says only that it was reset, and how. The services record
through ``unit_saved``, ``person_saved`` and ``audit.record``; imported when the app is ready
(``PlansConfig.ready``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans import audit
from plans.audit import display
from plans.models import Unit, User

UNIT_CREATED, UNIT_CHANGED, UNIT_MOVED, UNIT_CONTACTS = (
    "unit.create",
    "unit.update",
    "unit.move",
    "unit.contacts",
)
PERSON_CREATED, PERSON_CHANGED, PERSON_ROLE, PERSON_LEADER = (
    "person.create",
    "person.update",
    "person.role",
    "person.leader_link",
)
DEACTIVATED, REACTIVATED = "person.deactivate", "person.reactivate"
PASSWORD_RESET, PASSWORD_REPLACED, PASSWORD_CHANGED = (
    "person.password_reset",
    "person.password_replaced",
    "person.password_change",
)
PASSWORD_SET_BY_LINK = "person.password_link"
RESET_LINK_SENT = "person.reset_link"
PROFILE_CHANGED = "person.profile"
LEADER_CREATED, LEADER_CHANGED = "leader.create", "leader.update"
LIST_IMPORTED = "list.import"


class Via(models.TextChoices):
    """How a change was made, when not by a page of its own."""

    IMPORT = "import", _("The unit and people list (Excel)")
    DIRECTORY = "directory", _("A directory (LDAP) login")


class Password(models.TextChoices):
    """How a person's password was set: the way only, never the password."""

    INITIAL = "initial", _("A generated initial password, shown once, changed at the first login")
    DIRECTORY = "directory", _("The directory's own: the portal keeps none")
    OWN = "own", _("Chosen by the person")


def lines(value):
    """Values kept one a line (a unit's addresses and phones) joined with 、."""
    if isinstance(value, str):
        return display.text([line.strip() for line in value.splitlines() if line.strip()])
    return display.text(value)


FIELDS = {
    # A unit.
    "name": display.Field(_("Unit name")),
    "short_name": display.Field(_("Short name")),
    "kind": display.Field(_("Kind"), display.choice(Unit.Kind)),
    "parent": display.Field(_("Parent unit")),
    "emails": display.Field(_("Notification emails"), lines),
    "phones": display.Field(_("Contact phones"), lines),
    "order": display.Field(_("Order")),
    # A person.
    "first_name": display.Field(_("Name")),
    "username": display.Field(_("Login name")),
    "unit": display.Field(_("Unit")),
    "role": display.Field(_("Role"), display.choice(User.Role)),
    "phone": display.Field(_("Phone")),
    "email": display.Field(_("Email")),
    "is_active": display.Field(_("Can log in")),
    "directory_account": display.Field(_("Logs in through the directory")),
    "leader": display.Field(_("Responsible leader")),
    "password": display.Field(_("Password"), display.choice(Password)),
    # A responsible leader.
    "title": display.Field(_("Position")),
    "account": display.Field(_("User account")),
    # A list imported.
    "units_created": display.Field(_("Units created")),
    "units_changed": display.Field(_("Units changed")),
    "people_created": display.Field(_("Accounts created")),
    "people_changed": display.Field(_("Accounts changed")),
    "via": display.Field(_("Made through"), display.choice(Via)),
}

ACTIONS = {
    UNIT_CREATED: _("Unit created"),
    UNIT_CHANGED: _("Unit changed"),
    UNIT_MOVED: _("Unit moved under another"),
    UNIT_CONTACTS: _("Unit contacts changed"),
    PERSON_CREATED: _("Account created"),
    PERSON_CHANGED: _("Account details changed"),
    PERSON_ROLE: _("Role or unit changed"),
    PERSON_LEADER: _("Linked to a responsible leader"),
    DEACTIVATED: _("Account deactivated"),
    REACTIVATED: _("Account reactivated"),
    PASSWORD_RESET: _("Password reset"),
    PASSWORD_REPLACED: _("Initial password replaced by the person's own"),
    PASSWORD_CHANGED: _("Password changed by the person"),
    PASSWORD_SET_BY_LINK: _("Password set by the person through a link sent by email"),
    RESET_LINK_SENT: _("Link to set a new password sent by email"),
    PROFILE_CHANGED: _("Own details changed by the person"),
    LEADER_CREATED: _("Responsible leader added"),
    LEADER_CHANGED: _("Responsible leader changed"),
    LIST_IMPORTED: _("Unit and people list imported"),
}

for code, name in ACTIONS.items():
    display.register(code, name, FIELDS)


# --- What is compared and recorded --------------------------------------------------------------


def unit_values(unit):
    """The values of ``unit`` an entry records (its parent by name; addresses and phones one a
    line, as the list import compares them). Uses ``unit.parent``: fetch it with the unit."""
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent.name if unit.parent_id else "",
        "emails": "\n".join(unit.email_list()),
        "phones": "\n".join(unit.phone_list()),
        "order": unit.order,
    }


def person_values(user):
    """The values of ``user`` an entry records (their unit by name), never a password. Uses
    ``user.unit``: fetch it with the user."""
    return {
        "first_name": user.first_name,
        "username": user.username,
        "unit": user.unit.name if user.unit_id else "",
        "role": user.role,
        "phone": user.phone,
        "email": user.email,
        "directory_account": user.directory_account,
    }


def person_name(user):
    """A person as an entry's summary names them: 王宣（wangxuan）."""
    return f"{user.first_name}（{user.username}）" if user.first_name else user.username


def federation_of(user):
    """The federation of ``user``'s unit; None for an administrator without a unit."""
    return user.unit.federation_root if user.unit_id else None


def _difference(before, after):
    """(before, after) of the keys whose values differ."""
    changed = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in changed}, {key: after[key] for key in changed}


def _given(values):
    """The values of something new worth reading: not the empty ones nor the flags not set."""
    return {key: value for key, value in values.items() if value not in (None, "", False)}


def _unit_action(changed):
    if "parent" in changed:
        return UNIT_MOVED
    if set(changed) <= {"emails", "phones"}:
        return UNIT_CONTACTS
    return UNIT_CHANGED


def _person_action(changed):
    if "role" in changed or "unit" in changed:
        return PERSON_ROLE
    if set(changed) == {"leader"}:
        return PERSON_LEADER
    return PERSON_CHANGED


def unit_saved(actor, federation, unit, before, *, via="", into=None):
    """Record ``unit`` of ``federation`` created (``before`` None) or changed from ``before``
    (``unit_values`` taken before the change) by ``actor``; nothing when nothing changed.
    Returns the entry or None; ``into`` as for ``audit.record``."""
    after = unit_values(unit)
    if before is None:
        action, old, new = UNIT_CREATED, None, _given(after)
    else:
        old, new = _difference(before, after)
        if not new:
            return None
        action = _unit_action(new)
    if via:
        new["via"] = via
    return audit.record(
        actor,
        action,
        federation=federation,
        unit=unit,
        summary=unit.name,
        before=old,
        after=new,
        into=into,
    )


def person_saved(
    actor,
    federation,
    user,
    before,
    *,
    action="",
    via="",
    password="",
    leader="",
    by="",
    into=None,
):
    """Record ``user`` of ``federation`` created (``before`` None) or changed from ``before``
    (``person_values`` taken before the change) by ``actor`` (or, when no user made the change,
    by ``by``, an ``AuditEntry.Actor``); how the password was set (a ``Password``) for a new
    account; ``leader``, the name of the responsible leader the person was just linked to;
    ``action`` instead of the one the change implies. Nothing when nothing changed or for an
    account of no federation (an administrator without a unit). Returns the entry or None."""
    if federation is None:
        return None
    after = person_values(user)
    if before is None:
        action, old, new = PERSON_CREATED, None, _given(after)
        if password:
            new["password"] = password
        if leader:
            new["leader"] = leader
    else:
        old, new = _difference(before, after)
        if leader:
            old["leader"], new["leader"] = "", leader
        if not new:
            return None
        action = action or _person_action(new)
    if via:
        new["via"] = via
    return audit.record(
        actor,
        action,
        federation=federation,
        person=user,
        actor=by,
        summary=person_name(user),
        before=old,
        after=new,
        into=into,
    )


def person_event(actor, user, action, *, before=None, after=None):
    """Record ``action`` done to ``user``'s account (deactivated, password reset…) by
    ``actor``, in the federation of their unit. Returns the entry, or None for an account of
    no federation (an administrator without a unit)."""
    federation = federation_of(user)
    if federation is None:
        return None
    return audit.record(
        actor,
        action,
        federation=federation,
        person=user,
        summary=person_name(user),
        before=before,
        after=after,
    )


def leader_values(leader):
    """The values of a responsible leader an entry records: the account by its person's name.
    Uses ``leader.user``: fetch it with the leader."""
    return {
        "leader": leader.name,
        "title": leader.title,
        "account": person_name(leader.user) if leader.user_id else "",
    }


def leader_saved(actor, federation, leader, before):
    """Record a responsible leader of ``federation`` added (``before`` None) or changed from
    ``before`` (``leader_values``) by ``actor``; about the person of their account, if any.
    Nothing when nothing changed. Returns the entry or None."""
    after = leader_values(leader)
    if before is None:
        action, old, new = LEADER_CREATED, None, _given(after)
    else:
        action, (old, new) = LEADER_CHANGED, _difference(before, after)
        if not new:
            return None
    return audit.record(
        actor,
        action,
        federation=federation,
        person=leader.user,
        summary=leader.name,
        before=old,
        after=new,
    )
