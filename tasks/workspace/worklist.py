"""A unit's tasks grouped the way people plan their week: what is late, what is due this
month, what comes later — with the traffic light, filtered by plan and status."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, Task
from tasks.models import Acknowledgement
from tasks.workspace import lights, progress
from unionplans.lib import params

OVERDUE = "overdue"
STATUS_CHOICES = [*Task.Status.choices, (OVERDUE, _("Overdue"))]


@dataclass
class Group:
    key: str
    title: str
    tasks: list = field(default_factory=list)


def _end_of_month(day):
    next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return next_month - datetime.timedelta(days=1)


def group_by_urgency(tasks, today):
    """Split ``tasks`` into overdue, due this month, later, without a deadline and done (in
    that order), keeping the order given within each group."""
    groups = {
        "overdue": Group("overdue", _("Overdue")),
        "month": Group("month", _("Due this month")),
        "later": Group("later", _("Later")),
        "open": Group("open", _("No fixed deadline")),
        "done": Group("done", _("Done")),
    }
    month_end = _end_of_month(today)
    for task in tasks:
        if task.is_done:
            key = "done"
        elif task.deadline is None:
            key = "open"
        elif task.deadline < today:
            key = "overdue"
        elif task.deadline <= month_end:
            key = "month"
        else:
            key = "later"
        groups[key].tasks.append(task)
    return list(groups.values())


@dataclass
class Filters:
    """The filters of the page, read from (and kept in) the URL: ``?plan=3&status=overdue``."""

    plan: int | None = None
    status: str = ""

    @classmethod
    def from_query(cls, query):
        return cls(
            plan=params.parse_int(query.get("plan")),
            status=params.parse_choice(query.get("status"), dict(STATUS_CHOICES), ""),
        )

    @property
    def active(self):
        return self.plan is not None or bool(self.status)


def unit_tasks(user, unit):
    """Every task of a published (or archived) plan that ``unit`` leads or supports, as ``user``
    may see them, with ``unit_role``, ``reported_percent`` (the lead unit's latest) and
    ``acknowledged`` (by ``unit``)."""
    return (
        Task.objects.visible_to(user)
        .for_unit(unit)
        .annotate(
            reported_percent=progress.lead_percent(),
            acknowledged=Exists(Acknowledgement.objects.filter(task=OuterRef("pk"), unit=unit)),
        )
    )


def plans_of(tasks):
    """The plans of ``tasks`` for the plan filter: one query."""
    return Plan.objects.filter(pk__in=tasks.values("plan_id")).order_by("-year", "title")


def work_list(user, unit, filters, today):
    """The filtered tasks of ``unit`` in deadline order, each with its ``light``: one query."""
    tasks = unit_tasks(user, unit)
    if filters.plan is not None:
        tasks = tasks.filter(plan_id=filters.plan)
    if filters.status == OVERDUE:
        tasks = tasks.overdue(today)
    elif filters.status:
        tasks = tasks.filter(status=filters.status)
    tasks = list(tasks.select_related("plan", "section").order_by("deadline", "plan_id", "order"))
    for task in tasks:
        task.light = lights.light(task, today=today, reported_percent=task.reported_percent)
    return tasks
