"""A plan already there: the plans of a federation with the title and year of the one being
imported. The preview says so beside the title and ``import_plan`` among its warnings; the import
goes on (a second plan of that title may be meant, a revised one), the planner decides."""

from django.db.models import Q
from django.utils.translation import gettext as _

from plans.models import Plan

# Plans named in the warning at most: one is the usual case, a few say it is a habit.
SHOWN = 3


def plans_like(federation, title, year, among=None):
    """The plans of ``federation`` (its own and its units') of ``year`` titled ``title``, oldest
    first, at most SHOWN; ``among``: the plans to look in (those the user may see)."""
    title = (title or "").strip()
    if federation is None or year is None or not title:
        return []
    plans = Plan.objects.all() if among is None else among
    return list(
        plans.filter(Q(owner=federation) | Q(owner__federation=federation), year=year, title=title)
        .select_related("owner")
        .order_by("pk")[:SHOWN]
    )


def warning(plan):
    """What the importer is told of ``plan``, one already there, in words."""
    return _(
        "There is already a plan of %(year)s titled “%(title)s” (%(owner)s, %(status)s). Saving "
        "makes a second plan of that title; if it is the same plan, there is no need to import it "
        "again."
    ) % {
        "year": plan.year,
        "title": plan.title,
        "owner": plan.owner.name,
        "status": plan.get_status_display(),
    }
