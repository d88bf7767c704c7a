"""What each task counts for on the dashboard and in the review queue, worked out from the
data as it is now: its counted row (plan, top-level section, status, deadline, the day it falls
behind), the units (and whether each has acknowledged it) and leaders responsible for it, and
its targets with what the units reached together.

``tally`` is the one place that reads tasks for the maintained figures: the refresh of a few
changed tasks and the rebuild of them all run it, in the same queries.
"""

import functools
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import F, OuterRef
from django.utils import timezone

from plans.models import Responsibility, Section, Target, Task
from tasks.dashboard.figures import ids, percent_of, roots_of
from tasks.models import Acknowledgement, ProgressReport
from tasks.workspace import lights, progress


@functools.lru_cache(maxsize=4096)
def _start(published_at, year):
    """Where a plan's expected progress starts (one computation per plan, not per task)."""
    return lights.start_of(SimpleNamespace(published_at=published_at, year=year))


def _lead_percents(task_ids):
    """Task id → the latest percent its lead unit reported (tasks.workspace.progress)."""
    reports = ProgressReport.objects.filter(role=Responsibility.Role.LEAD, percent__isnull=False)
    if task_ids is not None:
        reports = reports.filter(task_id__in=ids(task_ids))
    latest = {}
    ordered = reports.order_by("task_id", "-created_at", "-pk").values_list("task_id", "percent")
    for task_id, percent in ordered:
        latest.setdefault(task_id, percent)
    return latest


COUNTED_COLUMNS = (
    "task_id",
    "plan_id",
    "section_id",
    "status",
    "deadline",
    "order",
    "completed_on",
    "behind_from",
)
TOTAL_COLUMNS = ("target_id", "task_id", "plan_id", "value", "reached", "percent")


def tally(task_ids=None):
    """What ``task_ids`` (None: every task) count for now, as rows of values: the counted
    tasks (COUNTED_COLUMNS of CountedTask) and their targets' totals (TOTAL_COLUMNS of
    TargetTotal). Tasks that no longer exist have none. Responsibilities are copied as they
    are, in the database (``responsibilities``)."""
    tasks = Task.objects.values_list(
        "pk",
        "plan_id",
        "section_id",
        "status",
        "deadline",
        "order",
        "completed_at",
        "plan__published_at",
        "plan__year",
    )
    targets = Target.objects.all()
    sections = Section.objects.all()
    if task_ids is not None:
        chosen = ids(task_ids)
        tasks = tasks.filter(pk__in=chosen)
        targets = targets.filter(task_id__in=chosen)
        sections = sections.filter(plan__in=Task.objects.filter(pk__in=chosen).values("plan"))
    pairs = sections.order_by().values_list("pk", "parent")
    roots = roots_of([SimpleNamespace(pk=pk, parent_id=parent) for pk, parent in pairs])
    percents = _lead_percents(task_ids)
    counted = [_counted(row, roots, percents) for row in tasks.order_by()]
    return counted, _totals(targets)


def responsibilities(task_ids=None):
    """The responsibilities of ``task_ids`` (None: all) as CountedResponsibility values, with
    whether the unit has acknowledged the task: a query to insert from."""
    rows = Responsibility.objects.all()
    if task_ids is not None:
        rows = rows.filter(task_id__in=ids(task_ids))
    return rows.order_by().values(
        "task_id",
        "role",
        "unit_id",
        "leader_id",
        plan=F("task__plan"),
        acknowledged=Acknowledgement.exists_for(OuterRef("task"), OuterRef("unit")),
    )


def _counted(row, roots, percents):
    pk, plan, section, status, deadline, order, completed_at, published_at, year = row
    done = status == Task.Status.DONE
    # Only a done task's completion counts (on time, the trend, last year by this date).
    completed_on = timezone.localdate(completed_at) if done and completed_at else None
    start = _start(published_at, year)
    behind = lights.behind_from(status, deadline, start, percents.get(pk))
    return (pk, plan, roots[section], status, deadline, order, completed_on, behind)


def _totals(targets):
    """TargetTotal values of ``targets``: what was reached (0 when nobody reported) and its
    share of the goal, the order the dashboard lists targets in."""
    reached = progress.reached(targets)
    rows = []
    for pk, task, plan, value in targets.order_by().values_list(
        "pk", "task_id", "task__plan_id", "value"
    ):
        total = reached.get(pk) or Decimal(0)
        rows.append((pk, task, plan, value, total, percent_of(total, value) if value else 0))
    return rows
