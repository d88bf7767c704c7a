"""The leaders' dashboard: where a year's published plans stand, by section and by unit, with
the traffic lights, targets, the weekly trend and last year for comparison.

Everything is computed in the database with a fixed number of grouped queries, whatever the
number of tasks: the traffic lights are a SQL expression (``tasks.lights.annotate_lights``), so
no page loads every task. Python only adds up sections, units and weeks.
"""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.db.models.functions import ExtractIsoYear, ExtractWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, Responsibility, Section, Target, Task, Unit
from tasks.models import ProgressReport
from tasks.workspace import lights, progress
from tasks.workspace.progress import lead_percent
from unionplans.lib import params

DUE_SOON_DAYS = 30
RANKED = 30
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
    # The ranking shows its first RANKED units unless all are asked for.
    all_units: bool = False

    @classmethod
    def from_query(cls, query):
        return cls(
            year=params.parse_int(query.get("year")),
            plan=params.parse_int(query.get("plan")),
            section=params.parse_int(query.get("section")),
            unit=params.parse_int(query.get("unit")),
            status=params.parse_choice(query.get("status"), dict(STATUS_CHOICES)),
            deadline_from=params.parse_date(query.get("from")),
            deadline_to=params.parse_date(query.get("to")),
            sort=params.parse_choice(query.get("sort"), SORTS, DEFAULT_SORT),
            all_units=params.parse_choice(query.get("units"), {"all"}) == "all",
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
            "units": "all" if self.all_units else None,
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

    def add(self, other):
        for name in ("total", "done", "overdue", "due_soon", "no_deadline", "on_time"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lights.update(other.lights)

    @classmethod
    def from_row(cls, row):
        """From a row of ``_counts`` aggregates."""
        figures = cls(**{name: row[name] for name in COUNTED})
        figures.lights = Counter(
            {colour: row[f"light_{colour}"] for colour in (lights.GREEN, lights.YELLOW, lights.RED)}
        )
        return figures

    @property
    def done_rate(self):
        return _percent(self.done, self.total)

    @property
    def on_time_rate(self):
        return _percent(self.on_time, self.done)


COUNTED = ("total", "done", "overdue", "due_soon", "no_deadline", "on_time")


def _counts(today):
    """The aggregates of Figures.from_row, over tasks annotated with ``light_reason``."""
    done = Q(status=Task.Status.DONE)
    still_open = ~done
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    counts = {
        "total": Count("pk"),
        "done": Count("pk", filter=done),
        "on_time": Count("pk", filter=done & Q(completed_at__date__lte=F("deadline"))),
        "overdue": Count("pk", filter=still_open & Q(deadline__lt=today)),
        "due_soon": Count("pk", filter=still_open & Q(deadline__gte=today, deadline__lte=soon)),
        "no_deadline": Count("pk", filter=Q(deadline__isnull=True)),
    }
    for colour in (lights.GREEN, lights.YELLOW, lights.RED):
        reasons = [r for r, c in lights.REASON_COLOURS.items() if c == colour]
        counts[f"light_{colour}"] = Count("pk", filter=Q(light_reason__in=reasons))
    return counts


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


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
class UnitInfo:
    pk: int
    name: str


@dataclass
class SectionRow:
    section: SectionInfo
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
        return _percent(self.reached, self.value) if self.value else 0

    @property
    def reached_display(self):
        return f"{self.reached.normalize():f}"

    @property
    def value_display(self):
        return f"{self.value.normalize():f}"


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
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def year(self):
        return self.filters.year

    @property
    def ranking(self):
        """The unit rows the page shows: the first RANKED, or all when asked."""
        return self.unit_rows if self.filters.all_units else self.unit_rows[:RANKED]

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


def cached_build(user, filters, today, listed=50):
    """``build``, kept DASHBOARD_CACHE_SECONDS for everyone who sees the same plans: leaders
    and big screens reload it often, and at a province's size it is the heaviest page."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return build(user, filters, today, listed)
    scope = "all" if user.is_admin else f"federation-{user.federation_id}"
    raw = repr((scope, sorted(filters.as_query().items()), today.isoformat(), listed))
    key = "dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = build(user, filters, today, listed)
        cache.set(key, dashboard, seconds)
    return dashboard


def build(user, filters, today, listed=50):
    """The dashboard of ``user`` for ``filters`` on ``today``; the overdue and due-soon lists
    hold the first ``listed`` tasks (None: all, for the export)."""
    visible = published_plans(user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    if filters.year not in years:
        filters.year = today.year if today.year in years else (years[0] if years else None)
    plans = list(visible.filter(year=filters.year).select_related("owner").order_by("title"))
    if filters.plan not in {plan.pk for plan in plans}:
        filters.plan = None
    chosen = [plan for plan in plans if filters.plan in (None, plan.pk)]

    sections = [
        SectionInfo(*values)
        for values in Section.objects.filter(plan__in=chosen)
        .order_by("plan__title", "order", "pk")
        .values_list("pk", "plan_id", "parent_id", "label", "title")
    ]
    roots = _root_of(sections)
    if filters.section not in {s.pk for s in sections if s.parent_id is None}:
        filters.section = None

    tasks = _filtered_tasks(chosen, filters, roots, today)
    coloured = lights.annotate_lights(tasks, chosen, today, lead_percent())
    titles = {plan.pk: plan.title for plan in chosen}
    figures = Figures()
    by_root = {s.pk: SectionRow(s, titles[s.plan_id]) for s in sections if s.parent_id is None}
    for row in coloured.order_by().values("section_id").annotate(**_counts(today)):
        section_figures = Figures.from_row(row)
        figures.add(section_figures)
        by_root[roots[row["section_id"]]].figures.add(section_figures)

    units = [
        UnitInfo(*values)
        for values in Unit.objects.filter(
            Exists(Responsibility.objects.filter(unit=OuterRef("pk"), task__plan__in=chosen))
        )
        .order_by("name")
        .values_list("pk", "name")
    ]
    unit_rows = _unit_rows(tasks, today, {unit.pk: unit.name for unit in units})
    _label, key, descending = SORTS[filters.sort]
    unit_rows.sort(key=lambda row: row.name)
    unit_rows.sort(key=key, reverse=descending)
    still_open = coloured.exclude(status=Task.Status.DONE)
    overdue = _listed(still_open.filter(deadline__lt=today), titles, listed)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due_soon = _listed(still_open.filter(deadline__gte=today, deadline__lte=soon), titles, listed)
    return Dashboard(
        filters=filters,
        today=today,
        years=years,
        plans=plans,
        sections=[s for s in sections if s.parent_id is None],
        units=units,
        figures=figures,
        section_rows=[row for row in by_root.values() if row.figures.total],
        unit_rows=unit_rows,
        overdue_tasks=overdue,
        due_soon_tasks=due_soon,
        target_rows=sorted(_target_rows(tasks), key=lambda r: (r.percent, r.target_id)),
        trend=_trend(tasks, figures.total, filters.year, today),
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


def _listed(tasks, titles, limit):
    """The first ``limit`` of ``tasks``, soonest deadline first, as TaskRows."""
    fields = ["pk", "plan_id", "label", "title", "status", "deadline", "light_reason"]
    values = tasks.order_by("deadline", "order", "pk").values_list(*fields)
    rows = [TaskRow(*row) for row in (values[:limit] if limit else values)]
    for row in rows:
        row.plan_title = titles[row.plan_id]
    return rows


def _unit_rows(tasks, today, names):
    """A row per unit responsible for some of ``tasks``; ``names`` maps unit ids to names."""
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
        unit = units.setdefault(row["unit_id"], UnitRow(row["unit_id"], names[row["unit_id"]]))
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
    fields = ["pk", "task_id", "text", "value", "measure", "task__label", "task__title"]
    targets = Target.objects.filter(task__in=tasks)
    totals = progress.reached(targets)
    return [
        TargetRow(*values, reached=totals.get(values[0]) or Decimal(0))
        for values in targets.values_list(*fields)
    ]


def _trend(tasks, total, year, today):
    """Per ISO week of the plan year up to today: the share of tasks done by the end of that
    week, and the share whose deadline had come by then."""
    if year is None or not total:
        return {"weeks": [], "actual": [], "expected": []}
    last_week = datetime.date(year, 12, 28).isocalendar().week
    if today.year == year and today.isocalendar().year == year:
        last_week = today.isocalendar().week
    elif today.year < year:
        last_week = 1
    done = _per_week(
        tasks.filter(status=Task.Status.DONE, completed_at__isnull=False), "completed_at", year
    )
    due = _per_week(tasks.filter(deadline__isnull=False), "deadline", year)
    weeks, actual, expected = [], [], []
    done_so_far, due_so_far = done[0], due[0]
    for week in range(1, last_week + 1):
        done_so_far += done[week]
        due_so_far += due[week]
        weeks.append(week)
        actual.append(_percent(done_so_far, total))
        expected.append(_percent(due_so_far, total))
    return {"weeks": weeks, "actual": actual, "expected": expected}


def _per_week(tasks, field_name, year):
    """How many of ``tasks`` fall in each ISO week of ``year`` by ``field_name`` (0: before the
    year, 53: after it), counted in the database."""
    counts = Counter()
    grouped = (
        tasks.order_by()
        .annotate(iso_year=ExtractIsoYear(field_name), iso_week=ExtractWeek(field_name))
        .values("iso_year", "iso_week")
        .annotate(n=Count("pk"))
    )
    for row in grouped:
        if row["iso_year"] < year:
            counts[0] += row["n"]
        elif row["iso_year"] > year:
            counts[53] += row["n"]
        else:
            counts[row["iso_week"]] += row["n"]
    return counts


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
