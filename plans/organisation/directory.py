"""The federation's directory as its pages show it: the unit tree in the federation's own order,
its people and its leaders, searched and filtered, each in a constant number of queries."""

from collections import defaultdict

from django.db.models import Count, Q

from plans.models import Leader, Unit, User


def federation_units(federation):
    """The federation and every unit under it."""
    return Unit.objects.filter(Q(pk=federation.pk) | Q(federation=federation))


def unit_tree(federation, kind="", query=""):
    """The units in tree order (each after its parent, siblings by the federation's order),
    each with ``depth`` and ``people`` (active accounts); narrowed to ``kind`` and to names,
    short names, addresses and phone numbers containing ``query``. One query."""
    units = federation_units(federation).annotate(
        people=Count("users", filter=Q(users__is_active=True))
    )
    children = defaultdict(list)
    for unit in units.order_by("order", "name"):
        children[unit.parent_id].append(unit)
    ordered = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, ()):
            unit.depth = depth
            ordered.append(unit)
            walk(unit.pk, depth + 1)

    walk(None, 0)
    query = query.strip().lower()
    return [
        unit
        for unit in ordered
        if (not kind or unit.kind == kind)
        and (
            not query
            or query in unit.name.lower()
            or query in unit.short_name.lower()
            or query in unit.emails.lower()
            or query in unit.phones
        )
    ]


def people(federation, role="", unit=None, active=None, query=""):
    """The accounts of the federation's units, narrowed by role, unit, active and a text found
    in the name, login, phone or email. One query."""
    found = User.objects.filter(unit__in=federation_units(federation)).select_related(
        "unit", "leader_profile"
    )
    if role:
        found = found.filter(role=role)
    if unit is not None:
        found = found.filter(unit=unit)
    if active is not None:
        found = found.filter(is_active=active)
    if query:
        found = found.filter(
            Q(first_name__icontains=query)
            | Q(username__icontains=query)
            | Q(phone__icontains=query)
            | Q(email__icontains=query)
        )
    return found.order_by("unit__order", "unit__name", "username")


def leaders(federation):
    """The federation's responsible leaders with the account each is linked to. One query."""
    return Leader.objects.filter(federation=federation).select_related("user", "user__unit")
