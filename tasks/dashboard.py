"""The leaders' dashboard: where a year's published plans stand, by section and by unit, with
the traffic lights, targets, the weekly trend and last year for comparison.

Everything is computed with a fixed number of queries whatever the number of tasks: the tasks
are read once as plain rows (their lights are coloured in Python with ``tasks.lights``), and
units, reports, targets and last year are each one grouped query.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, Responsibility, Section, Target, Task, Unit
from tasks import lights
from tasks.models import ProgressReport, TargetFigure
from tasks.progress import lead_percent

DUE_SOON_DAYS = 30
OVERDUE = "overdue"
STATUS_CHOICES = [*Task.Status.choices, (OVERDUE, _("Overdue"))]
SORTS = {
    # URL value: (label, key on a UnitRow, descending first), in the order of the columns.
    "name": (_("Unit"), lambda row: row.name, False),
    "rate": (_("Completion rate"), lambda row: (row.done_rate, -row.overdue), True),
    "on_time": (_("On-time rate"), lambda row: (row.on_time_rate, row.done_rate), True),
    "overdue": (_("Overdue"), lambda row: (row.overdue, row.tasks), True),
    "tasks": (_("Tasks"), lambda row: (row.tasks, row.lead), True),
    "last_report": (
        _("Last report"),
        lambda row: row.last_report or datetime.datetime.min.replace(tzinfo=datetime.UTC),
        True,
    ),
}
DEFAULT_SORT = "rate"


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass
class Filters:
    """What the leader chose, kept in the URL so the view can be bookmarked and shared. A
    value that makes no sense is ignored, never an error."""

    year: int | None = None
    plan: int | None = None
    section: int | None = None
    unit: int | None = None
    status: str | None = None
    deadline_from: datetime.date | None = None
    deadline_to: datetime.date | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, query):
        status = query.get("status")
        sort = query.get("sort")
        return cls(
            year=_int(query.get("year")),
            plan=_int(query.get("plan")),
            section=_int(query.get("section")),
            unit=_int(query.get("unit")),
            status=status if status in dict(STATUS_CHOICES) else None,
            deadline_from=_date(query.get("from")),
            deadline_to=_date(query.get("to")),
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )

    def as_query(self, **changes):
        """The filters as URL parameters, with ``changes`` applied (None drops one)."""
        values = {
            "year": self.year,
            "plan": self.plan,
            "section": self.section,
            "unit": self.unit,
            "status": self.status,
            "from": self.deadline_from,
            "to": self.deadline_to,
            "sort": None if self.sort == DEFAULT_SORT else self.sort,
        }
        values.update(changes)
        return {key: str(value) for key, value in values.items() if value not in (None, "")}


@dataclass
class Figures:
    total: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0
    no_deadline: int = 0
    on_time: int = 0
    lights: Counter = field(default_factory=Counter)

    def add(self, row):
        self.total += 1
        self.lights[row.light.colour] += 1
        if row.status == Task.Status.DONE:
            self.done += 1
            if row.on_time:
                self.on_time += 1
        elif row.deadline is not None:
            if row.light.reason == "overdue":
                self.overdue += 1
            elif row.days_left <= DUE_SOON_DAYS:
                self.due_soon += 1
        if row.deadline is None:
            self.no_deadline += 1

    @property
    def done_rate(self):
        return _percent(self.done, self.total)

    @property
    def on_time_rate(self):
        return _percent(self.on_time, self.done)


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


@dataclass
class TaskRow:
    """A task as the dashboard reads it: plain values, its light and where it belongs."""

    pk: int
    plan_id: int
    section_id: int
    label: str
    title: str
    status: str
    deadline: datetime.date | None
    completed_at: datetime.datetime | None
    reported: int | None
    light: lights.Light = None
    days_left: int | None = None
    plan_title: str = ""

    @property
    def on_time(self):
        return (
            self.completed_at is not None
            and self.deadline is not None
            and self.completed_at.date() <= self.deadline
        )

    @property
    def status_label(self):
        return str(Task.Status(self.status).label)


@dataclass
class SectionRow:
    section: Section
    plan_title: str
    figures: Figures = field(default_factory=Figures)


@dataclass
class UnitRow:
    pk: int
    name: str
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
        return _percent(self.done, self.tasks)

    @property
    def on_time_rate(self):
        return _percent(self.on_time, self.done)


@dataclass
class TargetRow:
    target: Target
    reached: Decimal

    @property
    def percent(self):
        return _percent(self.reached, self.target.value) if self.target.value else 0

    @property
    def reached_display(self):
        return f"{self.reached.normalize():f}"


@dataclass
class Comparison:
    """Last year's plans of the same owners, at the same point of the year and in the end."""

    year: int
    total: int
    done_by_now: int
    done: int

    @property
    def rate_by_now(self):
        return _percent(self.done_by_now, self.total)

    @property
    def final_rate(self):
        return _percent(self.done, self.total)


@dataclass
class Dashboard:
    filters: Filters
    today: datetime.date
    years: list
    plans: list
    sections: list
    units: list
    figures: Figures
    section_rows: list
    unit_rows: list
    overdue_tasks: list
    due_soon_tasks: list
    # Every target, the least advanced first (pages show the first few).
    target_rows: list
    trend: dict
    previous: Comparison | None

    @property
    def year(self):
        return self.filters.year

    @property
    def sections_chart_height(self):
        """Pixels for the by-section bar chart: a readable bar per section."""
        return max(240, 40 * len(self.section_rows) + 60)

    def chart_data(self):
        """What static/js/dashboard.js draws."""
        return {
            "lights": {colour: self.figures.lights[colour] for colour in lights.LABELS},
            "lightLabels": {colour: str(label) for colour, label in lights.LABELS.items()},
            "sections": {
                "labels": [f"{row.section.label}{row.section.title}" for row in self.section_rows],
                "done": [row.figures.done for row in self.section_rows],
                "open": [
                    row.figures.total - row.figures.done - row.figures.overdue
                    for row in self.section_rows
                ],
                "overdue": [row.figures.overdue for row in self.section_rows],
            },
            "trend": self.trend,
            "names": {
                "done": str(_("Done")),
                "open": str(_("Open")),
                "overdue": str(_("Overdue")),
                "actual": str(_("Completed")),
                "expected": str(_("Due by then")),
            },
        }


def published_plans(user):
    """The plans a dashboard covers: published or archived ones the user may see."""
    return Plan.objects.visible_to(user).filter(
        status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED]
    )


def build(user, filters, today):
    """The dashboard of ``user`` for ``filters`` on ``today``."""
    visible = published_plans(user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    if filters.year not in years:
        filters.year = today.year if today.year in years else (years[0] if years else None)
    plans = list(visible.filter(year=filters.year).select_related("owner").order_by("title"))
    if filters.plan not in {plan.pk for plan in plans}:
        filters.plan = None
    chosen = [plan for plan in plans if filters.plan in (None, plan.pk)]

    sections = list(
        Section.objects.filter(plan__in=chosen).order_by("plan__title", "order", "pk")
    )
    roots = _root_of(sections)
    if filters.section not in {s.pk for s in sections if s.parent_id is None}:
        filters.section = None

    tasks = _filtered_tasks(chosen, filters, roots, today)
    rows = _task_rows(tasks, chosen, today)
    figures = Figures()
    by_root = {s.pk: SectionRow(s, "") for s in sections if s.parent_id is None}
    titles = {plan.pk: plan.title for plan in chosen}
    for row in rows:
        figures.add(row)
        by_root[roots[row.section_id]].figures.add(row)
        row.plan_title = titles[row.plan_id]
    for section_row in by_root.values():
        section_row.plan_title = titles[section_row.section.plan_id]

    unit_rows = _unit_rows(tasks, today)
    open_rows = [row for row in rows if row.status != Task.Status.DONE and row.deadline]
    overdue = sorted((r for r in open_rows if r.days_left < 0), key=lambda r: r.deadline)
    due_soon = sorted(
        (r for r in open_rows if 0 <= r.days_left <= DUE_SOON_DAYS), key=lambda r: r.deadline
    )
    target_rows = _target_rows(tasks)
    _label, key, descending = SORTS[filters.sort]
    unit_rows.sort(key=lambda row: row.name)
    unit_rows.sort(key=key, reverse=descending)
    return Dashboard(
        filters=filters,
        today=today,
        years=years,
        plans=plans,
        sections=[s for s in sections if s.parent_id is None],
        units=list(
            Unit.objects.filter(responsibilities__task__plan__in=chosen)
            .distinct()
            .order_by("name")
        ),
        figures=figures,
        section_rows=[row for row in by_root.values() if row.figures.total],
        unit_rows=unit_rows,
        overdue_tasks=overdue,
        due_soon_tasks=due_soon,
        target_rows=sorted(target_rows, key=lambda r: (r.percent, r.target.pk)),
        trend=_trend(rows, filters.year, today),
        previous=_previous_year(chosen, filters.year, today),
    )


def _root_of(sections):
    """Section id → id of its top-level section."""
    parents = {section.pk: section.parent_id for section in sections}
    roots = {}
    for pk in parents:
        top = pk
        while parents.get(top):
            top = parents[top]
        roots[pk] = top
    return roots


def _filtered_tasks(plans, filters, roots, today):
    tasks = Task.objects.filter(plan__in=plans)
    if filters.section:
        tasks = tasks.filter(
            section_id__in=[pk for pk, root in roots.items() if root == filters.section]
        )
    if filters.unit:
        tasks = tasks.filter(
            Exists(Responsibility.objects.filter(task=OuterRef("pk"), unit_id=filters.unit))
        )
    if filters.status == OVERDUE:
        tasks = tasks.overdue(today)
    elif filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.deadline_from:
        tasks = tasks.filter(deadline__gte=filters.deadline_from)
    if filters.deadline_to:
        tasks = tasks.filter(deadline__lte=filters.deadline_to)
    return tasks


def _task_rows(tasks, plans, today):
    starts = {plan.pk: lights.start_of(plan) for plan in plans}
    days = lights.yellow_days()
    fields = [
        "pk",
        "plan_id",
        "section_id",
        "label",
        "title",
        "status",
        "deadline",
        "completed_at",
        "reported",
    ]
    rows = []
    values = tasks.annotate(reported=lead_percent()).order_by("order", "pk").values_list(*fields)
    for values_row in values:
        row = TaskRow(*values_row)
        row.light = lights.light_of(
            row.status,
            row.deadline,
            starts[row.plan_id],
            today=today,
            reported_percent=row.reported,
            days=days,
        )
        row.days_left = (row.deadline - today).days if row.deadline else None
        rows.append(row)
    return rows


def _unit_rows(tasks, today):
    open_task = ~Q(task__status=Task.Status.DONE)
    done = Q(task__status=Task.Status.DONE)
    grouped = (
        Responsibility.objects.filter(task__in=tasks, unit__isnull=False)
        .values("unit_id", "unit__name", "role")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=done),
            on_time=Count(
                "pk", filter=done & Q(task__completed_at__date__lte=F("task__deadline"))
            ),
            overdue=Count("pk", filter=open_task & Q(task__deadline__lt=today)),
        )
    )
    units = {}
    for row in grouped:
        unit = units.setdefault(row["unit_id"], UnitRow(row["unit_id"], row["unit__name"]))
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


def _target_rows(tasks):
    targets = list(Target.objects.filter(task__in=tasks).select_related("task"))
    # Figures are never edited: the highest id per unit and target is that unit's latest.
    latest = (
        TargetFigure.objects.filter(target__task__in=tasks)
        .values("target", "unit")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    totals = dict(
        TargetFigure.objects.filter(pk__in=Subquery(latest))
        .values("target")
        .annotate(total=Sum("value"))
        .values_list("target", "total")
    )
    return [TargetRow(target, totals.get(target.pk) or Decimal(0)) for target in targets]


def _week_end(year, week):
    return datetime.date.fromisocalendar(year, week, 7)


def _trend(rows, year, today):
    """Per ISO week of the plan year up to today: the share of tasks done by the end of that
    week, and the share whose deadline had come by then."""
    if year is None or not rows:
        return {"weeks": [], "actual": [], "expected": []}
    last_week = datetime.date(year, 12, 28).isocalendar().week
    if today.year == year:
        last_week = today.isocalendar().week if today.isocalendar().year == year else last_week
    elif today.year < year:
        last_week = 1
    total = len(rows)
    done_weeks = Counter()
    due_weeks = Counter()
    for row in rows:
        if row.status == Task.Status.DONE and row.completed_at is not None:
            done_weeks[_week_index(row.completed_at.date(), year)] += 1
        if row.deadline is not None:
            due_weeks[_week_index(row.deadline, year)] += 1
    weeks, actual, expected = [], [], []
    done_so_far = done_weeks[0]
    due_so_far = due_weeks[0]
    for week in range(1, last_week + 1):
        done_so_far += done_weeks[week]
        due_so_far += due_weeks[week]
        weeks.append(week)
        actual.append(_percent(done_so_far, total))
        expected.append(_percent(due_so_far, total))
    return {"weeks": weeks, "actual": actual, "expected": expected}


def _week_index(day, year):
    """The ISO week of ``day`` within ``year``: 0 before the year, 53 after it."""
    iso = day.isocalendar()
    if iso.year < year:
        return 0
    if iso.year > year:
        return 53
    return iso.week


def _previous_year(plans, year, today):
    if not plans or year is None:
        return None
    owners = {plan.owner_id for plan in plans}
    try:
        same_day = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        same_day = today.replace(year=today.year - 1, day=28)
    figures = Task.objects.filter(
        plan__owner_id__in=owners,
        plan__year=year - 1,
        plan__status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED],
    ).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Task.Status.DONE)),
        done_by_now=Count(
            "pk", filter=Q(status=Task.Status.DONE, completed_at__date__lte=same_day)
        ),
    )
    if not figures["total"]:
        return None
    return Comparison(year - 1, figures["total"], figures["done_by_now"], figures["done"])

