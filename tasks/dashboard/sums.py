"""The dashboard's figures added up in SQL from the counted rows (tasks.models.figures) on a
given day: by plan and top-level section, by plan and unit (with the review queue's tasks not
acknowledged), by plan and ISO week.

The same expressions count the rows the dashboard keeps (tasks.dashboard.upkeep, on the day of
``FigureState.as_of``) and the figures of a filtered dashboard, which adds up only the tasks
its filters select. The lights are the rules of tasks.workspace.lights as dates: red from the
day after the deadline, yellow from ``LIGHT_YELLOW_DAYS`` before it or from the day the task
falls behind (``behind_from``).
"""

import datetime

from django.db.models import CharField, Count, F, Max, Q, Value
from django.db.models.functions import ExtractIsoYear, ExtractWeek

from plans.models import Responsibility, Task
from plans.wording.years import move_date
from tasks import access

DUE_SOON_DAYS = 30
DONE = Task.Status.DONE
# The columns of a section's figures, in the order of SectionCount and Figures.
SECTION_FIGURES = (
    "total",
    "done",
    "on_time",
    "no_deadline",
    "overdue",
    "due_soon",
    "green",
    "yellow",
    "red",
    "done_by_year_ago",
)
UNIT_FIGURES = ("lead", "supporting", "done", "on_time", "overdue")


def _day(today, days):
    return today + datetime.timedelta(days=days)


def section_figures(today, days):
    """Aggregates (named as SECTION_FIGURES) over counted tasks on ``today``, with ``days`` of
    yellow before a deadline."""
    done = Q(status=DONE)
    still_open = ~done
    overdue = still_open & Q(deadline__lt=today)
    near = Q(deadline__lte=_day(today, days))
    behind = Q(behind_from__lte=today)
    comparison_day = move_date(today, -1)
    conditions = {
        "done": done,
        "on_time": done & Q(completed_on__lte=F("deadline")),
        "no_deadline": Q(deadline__isnull=True),
        "overdue": overdue,
        "due_soon": still_open & Q(deadline__gte=today, deadline__lte=_day(today, DUE_SOON_DAYS)),
        "green": done
        | Q(deadline__isnull=True)
        # Not behind: never behind (NULL) or not yet.
        | (Q(deadline__gt=_day(today, days)) & ~behind),
        "yellow": still_open & Q(deadline__gte=today) & (near | behind),
        "red": overdue,
        "done_by_year_ago": done & Q(completed_on__lte=comparison_day),
    }
    figures = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
    return {"total": Count("pk"), **figures}


def sections(counted, today, days, by=("plan_id", "section_id")):
    """``counted`` (CountedTask rows) grouped ``by`` (plan and top-level section), with the
    figures."""
    return counted.order_by().values(*by).annotate(**section_figures(today, days))


def unit_figures(today):
    """Aggregates (named as UNIT_FIGURES) over counted responsibilities of units on
    ``today``: each responsibility counts the task once for its unit."""
    done = Q(task__status=DONE)
    return {
        "lead": Count("pk", filter=Q(role=Responsibility.Role.LEAD)),
        "supporting": Count("pk", filter=Q(role=Responsibility.Role.SUPPORTING)),
        "done": Count("pk", filter=done),
        "on_time": Count("pk", filter=done & Q(task__completed_on__lte=F("task__deadline"))),
        "overdue": Count("pk", filter=~done & Q(task__deadline__lt=today)),
    }


def units(parts, today, by=("plan_id", "unit_id"), kept=False):
    """``parts`` (CountedResponsibility rows of units) grouped ``by`` (plan and unit), with
    the figures; ``kept``: also the tasks not acknowledged, kept for the review queue (the
    dashboard does not show them)."""
    figures = unit_figures(today)
    if kept:
        not_acknowledged = Q(role__in=access.UNIT_ROLES, acknowledged=False)
        figures["not_acknowledged"] = Count("pk", filter=not_acknowledged)
    return parts.order_by().values(*by).annotate(**figures)


def last_reports(reports):
    """``reports`` (ProgressReport rows) by plan and unit: when each unit last reported."""
    return (
        reports.order_by()
        .values("unit_id", plan=F("task__plan_id"))
        .annotate(last=Max("created_at"))
        .values("plan", "unit_id", "last")
    )


def weeks(counted, kind, by=("plan_id",)):
    """``counted`` grouped ``by`` (plan) and ISO week of completion (``kind`` "done") or of
    the deadline ("due"), counted."""
    if kind == "done":
        counted, day = counted.filter(status=DONE, completed_on__isnull=False), "completed_on"
    else:
        counted, day = counted.filter(deadline__isnull=False), "deadline"
    return (
        counted.order_by()
        .annotate(
            kind=Value(kind, output_field=CharField()),
            iso_year=ExtractIsoYear(day),
            week=ExtractWeek(day),
        )
        .values(*by, "kind", "iso_year", "week")
        .annotate(tasks=Count("pk"))
    )
