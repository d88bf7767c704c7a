"""Editing a plan's own values: a new blank draft, and its title, year and preamble."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from plans import audit
from plans.drafting.snapshots import PLAN_FIELDS, field_names, only, plan_snapshot
from plans.drafting.versioning import versioned_update
from plans.models import Plan


@dataclass
class PlanData:
    title: str
    year: int
    preamble: str


@transaction.atomic
def create_plan(owner, year, title, *, user):
    """A blank draft plan."""
    plan = Plan.objects.create(owner=owner, year=year, title=title)
    audit.record(user, "plan.create", plan=plan, summary=_("Created the plan"))
    return plan


@transaction.atomic
def update_plan(plan, data, *, loaded_version, user):
    """Save the title, year and preamble. Raises EditConflict when the plan was saved since
    ``loaded_version``."""
    after = {"title": data.title, "year": data.year, "preamble": data.preamble}
    saved = versioned_update(
        Plan.objects, plan.pk, loaded_version=loaded_version, snapshot=plan_snapshot, after=after
    )
    if not saved.changed:
        return saved.current
    plan.refresh_from_db()
    audit.record(
        user,
        "plan.update",
        plan=plan,
        summary=_("Changed the plan: %(fields)s")
        % {"fields": field_names(saved.changed, PLAN_FIELDS)},
        before=only(saved.before, saved.changed),
        after=only(after, saved.changed),
    )
    return plan
