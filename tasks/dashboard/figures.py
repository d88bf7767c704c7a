"""The dashboard's counts and rows: a year's tasks added up (Figures), by section and by unit,
the overdue and due-soon lists and the targets, each from one grouped query.

The traffic lights are a SQL expression (``tasks.workspace.lights.annotate_lights``), so that
no page loads every task; Python only adds up sections and units.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q

from plans.models import Responsibility, Target, Task
from tasks.models import ProgressReport
from tasks.workspace import lights, progress

DUE_SOON_DAYS = 30
COUNTED = ("total", "done", "overdue", "due_soon", "no_deadline", "on_time")


def percent_of(part, whole):
    return round(100 * part / whole) if whole else 0


@dataclass
class Figures:
    total: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0
    no_deadline: int = 0
    on_time: int = 0
    lights: Counter = field(default_factory=Counter)

    def add(self, other):
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lights.update(other.lights)

    @classmethod
    def from_row(cls, row):
        """From a row of ``counts`` aggregates."""
        figures = cls(**{name: row[name] for name in COUNTED})
        figures.lights = Counter(
            {colour: row[f"light_{colour}"] for colour in (lights.GREEN, lights.YELLOW, lights.RED)}
        )
        return figures

    @property
    def done_rate(self):
        return percent_of(self.done, self.total)

    @property
    def on_time_rate(self):
        return percent_of(self.on_time, self.done)


def counts(today):
    """The aggregates of Figures.from_row, over tasks annotated with ``light_reason``."""
    done = Q(status=Task.Status.DONE)
    still_open = ~done
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    aggregates = {
        "total": Count("pk"),
        "done": Count("pk", filter=done),
        "on_time": Count("pk", filter=done & Q(completed_at__date__lte=F("deadline"))),
        "overdue": Count("pk", filter=still_open & Q(deadline__lt=today)),
        "due_soon": Count("pk", filter=still_open & Q(deadline__gte=today, deadline__lte=soon)),
        "no_deadline": Count("pk", filter=Q(deadline__isnull=True)),
    }
    for colour in (lights.GREEN, lights.YELLOW, lights.RED):
        reasons = [r for r, c in lights.REASON_COLOURS.items() if c == colour]
        aggregates[f"light_{colour}"] = Count("pk", filter=Q(light_reason__in=reasons))
    return aggregates


@dataclass
class TaskRow:
    """A task in one of the dashboard's lists."""

    pk: int
    plan_id: int
    label: str
    title: str
    status: str
    deadline: datetime.date | None
    light_reason: str
    plan_title: str = ""
    # Who answers for it, names joined with "、" as the document writes them.
    lead_units: str = ""
    leaders: str = ""
    days_overdue: int = 0

    @property
    def light(self):
        return lights.light_for_reason(self.light_reason)

    @property
    def status_label(self):
        return str(Task.Status(self.status).label)


@dataclass(frozen=True)
class SectionInfo:
    """A section as the dashboard needs it (plain values: cached figures unpickle fast)."""

    pk: int
    plan_id: int
    parent_id: int | None
    label: str
    title: str


@dataclass(frozen=True)
class LeaderInfo:
    pk: int
    name: str


@dataclass(frozen=True)
class UnitInfo:
    pk: int
    name: str
    order: int = 0


@dataclass
class SectionRow:
    section: SectionInfo
    plan_title: str
    figures: Figures = field(default_factory=Figures)


@dataclass
class UnitRow:
    pk: int
    name: str
    # The federation's own order of its units (Unit.order), before the name.
    order: int = 0
    lead: int = 0
    supporting: int = 0
    done: int = 0
    on_time: int = 0
    overdue: int = 0
    last_report: datetime.datetime | None = None

    @property
    def tasks(self):
        return self.lead + self.supporting

    @property
    def done_rate(self):
        return percent_of(self.done, self.tasks)

    @property
    def on_time_rate(self):
        return percent_of(self.on_time, self.done)


@dataclass
class TargetRow:
    target_id: int
    task_id: int
    text: str
    value: Decimal
    measure: str
    task_label: str
    task_title: str
    reached: Decimal

    @property
    def percent(self):
        return percent_of(self.reached, self.value) if self.value else 0

    @property
    def reached_display(self):
        return f"{self.reached.normalize():f}"

    @property
    def value_display(self):
        return f"{self.value.normalize():f}"


def roots_of(sections):
    """Section id → id of its top-level section."""
    parents = {section.pk: section.parent_id for section in sections}
    roots = {}
    for pk in parents:
        top = pk
        while parents.get(top):
            top = parents[top]
        roots[pk] = top
    return roots


def task_rows(tasks, titles, limit, today):
    """The first ``limit`` of ``tasks``, soonest deadline first, as TaskRows with their lead
    units, responsible leaders and days overdue on ``today``: two queries, whatever the rows."""
    fields = ["pk", "plan_id", "label", "title", "status", "deadline", "light_reason"]
    ordered = tasks.order_by("deadline", "order", "pk")
    chosen = ordered[:limit] if limit else ordered
    rows = [TaskRow(*row) for row in chosen.values_list(*fields)]
    # The same tasks as a subquery (not a list of ids), so that the query runs even for an
    # empty list and the page's query count does not depend on the data.
    lead_units, leaders = _responsible(chosen.values("pk"))
    for row in rows:
        row.plan_title = titles[row.plan_id]
        row.lead_units = "、".join(lead_units.get(row.pk, []))
        row.leaders = "、".join(leaders.get(row.pk, []))
        if row.deadline and row.deadline < today and row.status != Task.Status.DONE:
            row.days_overdue = (today - row.deadline).days
    return rows


def _responsible(tasks):
    """Task id → names of its lead units, and task id → names of its responsible leaders."""
    lead_units, leaders = {}, {}
    responsibilities = (
        Responsibility.objects.filter(
            task_id__in=tasks, role__in=[Responsibility.Role.LEAD, Responsibility.Role.LEADER]
        )
        .order_by("order", "pk")
        .values_list("task_id", "role", "unit__name", "leader__name")
    )
    for task_id, role, unit_name, leader_name in responsibilities:
        if role == Responsibility.Role.LEAD:
            lead_units.setdefault(task_id, []).append(unit_name)
        else:
            leaders.setdefault(task_id, []).append(leader_name)
    return lead_units, leaders


def unit_rows(tasks, today, names):
    """A row per unit responsible for some of ``tasks``; ``names`` maps unit ids to UnitInfo."""
    open_task = ~Q(task__status=Task.Status.DONE)
    done = Q(task__status=Task.Status.DONE)
    grouped = (
        Responsibility.objects.filter(task__in=tasks, unit__isnull=False)
        .values("unit_id", "role")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=done),
            on_time=Count("pk", filter=done & Q(task__completed_at__date__lte=F("task__deadline"))),
            overdue=Count("pk", filter=open_task & Q(task__deadline__lt=today)),
        )
    )
    units = {}
    for row in grouped:
        info = names[row["unit_id"]]
        unit = units.setdefault(row["unit_id"], UnitRow(info.pk, info.name, info.order))
        if row["role"] == Responsibility.Role.LEAD:
            unit.lead += row["n"]
        else:
            unit.supporting += row["n"]
        unit.done += row["done"]
        unit.on_time += row["on_time"]
        unit.overdue += row["overdue"]
    last_reports = (
        ProgressReport.objects.filter(task__in=tasks, unit_id__in=list(units))
        .values("unit_id")
        .annotate(last=Max("created_at"))
    )
    for report in last_reports:
        units[report["unit_id"]].last_report = report["last"]
    return list(units.values())


def target_rows(tasks):
    fields = ["pk", "task_id", "text", "value", "measure", "task__label", "task__title"]
    targets = Target.objects.filter(task__in=tasks)
    totals = progress.reached(targets)
    return [
        TargetRow(*values, reached=totals.get(values[0]) or Decimal(0))
        for values in targets.values_list(*fields)
    ]
