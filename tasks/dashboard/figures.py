"""The dashboard's counts and rows: a year's tasks added up (Figures), by section and by unit,
the overdue and due-soon lists and the targets, read from the maintained figures
(tasks.models.figures: kept sums, or counted rows added up for a filtered view), each list in
one query whatever the number of tasks.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from plans.models import Responsibility, Task
from tasks.dashboard import sums
from tasks.workspace import lights

DUE_SOON_DAYS = sums.DUE_SOON_DAYS
COUNTED = ("total", "done", "overdue", "due_soon", "no_deadline", "on_time")
COLOURS = (lights.GREEN, lights.YELLOW, lights.RED)


NONE = [0]  # no row has the id 0: "none of them", as a list the query still runs with


def ids(values):
    """``values`` as a list for ``__in``, never empty: the maintained figures are read and
    refreshed with the same queries whatever changed or is listed, so that pages keep a
    constant query count."""
    return sorted(values) or NONE


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
        """From a row of section figures (tasks.dashboard.sums.SECTION_FIGURES)."""
        figures = cls(**{name: row[name] for name in COUNTED})
        figures.lights = Counter({colour: row[colour] for colour in COLOURS})
        return figures

    @property
    def done_rate(self):
        return percent_of(self.done, self.total)

    @property
    def on_time_rate(self):
        return percent_of(self.on_time, self.done)


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


# Past this many plans the lists are read in one ordered scan instead of a plan at a time.
PLANS_APART = 100
# Stands for each plan's id in the query compiled once for them all (``_first``).
PLAN = -7_000_000_001


def task_rows(counted, titles, limit, today, days, apart=True):
    """The first ``limit`` (None: all) of ``counted`` (CountedTask rows), soonest deadline
    first, as TaskRows with their lights, lead units, responsible leaders and days overdue on
    ``today``: two queries, whatever the rows. ``apart``: read a plan at a time (``_first``);
    not for a unit's or a leader's tasks, which their own index finds faster."""
    fields = ["task_id", "plan_id", "task__label", "task__title", "status", "deadline"]
    plans = list(titles) if apart else []
    order = ("deadline", "order", "task_id")
    rows = []
    for values in _first(counted, plans, limit, order, [*fields, "order", "behind_from"]):
        status, deadline = values["status"], values["deadline"]
        reason = lights.reason_on(status, deadline, values["behind_from"], today, days)
        rows.append(TaskRow(*(values[name] for name in fields), reason))
    lead_units, leaders = _responsible(ids(row.pk for row in rows))
    for row in rows:
        row.plan_title = titles[row.plan_id]
        row.lead_units = "、".join(lead_units.get(row.pk, []))
        row.leaders = "、".join(leaders.get(row.pk, []))
        if row.deadline and row.deadline < today and row.status != Task.Status.DONE:
            row.days_overdue = (today - row.deadline).days
    return rows


def _first(rows, plans, limit, order, fields):
    """``fields`` (dicts) of the first ``limit`` (None: all) of ``rows`` (of ``plans``) in
    ``order``, which ``fields`` include. With a limit and not too many plans on PostgreSQL,
    each plan's first ones are read apart and put together: each is a short walk of an index
    that starts with the plan (open tasks by deadline, targets by share reached), where one
    walk across plans would pass every other plan's rows first."""
    ordered = rows.order_by(*order)
    if not limit or connection.vendor != "postgresql" or not 1 < len(plans) <= PLANS_APART:
        return list((ordered[:limit] if limit else ordered).values(*fields))
    # One plan's query is compiled once and repeated for each plan (its id a parameter):
    # the ORM's union of twenty querysets costs more to compile than to run.
    sql, params = ordered.filter(plan_id=PLAN).values(*fields)[:limit].query.sql_with_params()
    quote = connection.ops.quote_name
    statement = "SELECT * FROM ({}) each_plan ORDER BY {} LIMIT %s".format(
        " UNION ALL ".join(f"({sql})" for _plan in plans),
        ", ".join(quote(name) for name in order),
    )
    values = [plan if value is PLAN else value for plan in plans for value in params] + [limit]
    with connection.cursor() as cursor:
        cursor.execute(statement, values)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _plan(value, plan):
    return plan if type(value) is int and value == PLAN else value


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


def unit_row(values):
    """A UnitRow from a row of unit figures with the unit's name and order."""
    row = UnitRow(values["unit_id"], values["unit__name"], values["unit__order"])
    for name in (*sums.UNIT_FIGURES, "last_report"):
        setattr(row, name, values[name])
    return row


def target_rows(totals, plans, limit):
    """The first ``limit`` (None: all) of ``totals`` (TargetTotal rows of ``plans``; [] to
    read them in one go), the least advanced first, as TargetRows."""
    fields = [
        "target_id",
        "task_id",
        "target__text",
        "value",
        "target__measure",
        "target__task__label",
        "target__task__title",
        "reached",
    ]
    first = _first(totals, plans, limit, ("percent", "target_id"), [*fields, "percent"])
    return [TargetRow(*(values[name] for name in fields)) for values in first]
