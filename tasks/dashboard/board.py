"""The leaders' dashboard: where a year's published plans stand, by section and by unit, with
the traffic lights, targets, the weekly trend and last year for comparison.

``build`` puts it together from its parts (filters, figures, trend, comparison) with a fixed
number of grouped queries, whatever the number of tasks; ``cached_build`` keeps it a while.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from plans.models import Leader, Plan, Responsibility, Section, Task, Unit
from tasks.dashboard.comparison import Comparison, previous_year
from tasks.dashboard.figures import (
    DUE_SOON_DAYS,
    Figures,
    LeaderInfo,
    SectionInfo,
    SectionRow,
    UnitInfo,
    counts,
    roots_of,
    target_rows,
    task_rows,
    unit_rows,
)
from tasks.dashboard.filters import SORTS, Filters, filtered_tasks
from tasks.dashboard.trend import weekly_trend
from tasks.workspace import lights
from tasks.workspace.progress import lead_percent

RANKED = 30
# Part of the cache key: a new layout of the cached objects must not meet old pickles.
CACHE_VERSION = 4


@dataclass
class Dashboard:
    filters: Filters
    today: datetime.date
    years: list
    plans: list
    sections: list
    units: list
    # The responsible leaders of the chosen plans, for the leader filter.
    leaders: list
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
    def leader_name(self):
        """The name of the responsible leader chosen in the filters, or ""."""
        return next((x.name for x in self.leaders if x.pk == self.filters.leader), "")

    @property
    def ranking(self):
        """The unit rows the page shows: the first RANKED, or all when asked."""
        return self.unit_rows if self.filters.all_units else self.unit_rows[:RANKED]

    @property
    def several_plans(self):
        """Whether the sections shown come from more than one plan: each plan has its own
        "一、", so a section then needs its plan's name."""
        return len({section.plan_id for section in self.sections}) > 1

    def section_name(self, section, title_chars=40):
        """``section`` as a person reads it: "一、宣传阵地", or "计划名 · 一、宣传阵地" when
        the dashboard covers several plans."""
        name = section.label + Truncator(section.title).chars(title_chars)
        if not self.several_plans:
            return name
        plan_title = next((plan.title for plan in self.plans if plan.pk == section.plan_id), "")
        return f"{plan_title} · {name}"

    @property
    def section_options(self):
        """(id, name) of each top-level section, for the section filter."""
        return [(section.pk, self.section_name(section, 24)) for section in self.sections]

    @property
    def named_section_rows(self):
        """(row, name) of each section row, for the print report."""
        return [(row, self.section_name(row.section)) for row in self.section_rows]

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
            "trend": {
                **self.trend,
                # The axis says which week: 第12周, not a bare 12.
                "labels": [
                    str(_("Week %(week)d") % {"week": week}) for week in self.trend["weeks"]
                ],
            },
            "names": {
                "done": str(_("Done")),
                "open": str(_("Open")),
                "overdue": str(_("Overdue")),
                "actual": str(_("Completed")),
                "expected": str(_("Due by then")),
                "none": str(_("No tasks")),
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
    key = f"dashboard:{CACHE_VERSION}:" + hashlib.sha256(raw.encode()).hexdigest()
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
    roots = roots_of(sections)
    if filters.section not in {s.pk for s in sections if s.parent_id is None}:
        filters.section = None

    tasks = filtered_tasks(chosen, filters, roots, today)
    coloured = lights.annotate_lights(tasks, chosen, today, lead_percent())
    titles = {plan.pk: plan.title for plan in chosen}
    figures = Figures()
    by_root = {s.pk: SectionRow(s, titles[s.plan_id]) for s in sections if s.parent_id is None}
    for row in coloured.order_by().values("section_id").annotate(**counts(today)):
        section_figures = Figures.from_row(row)
        figures.add(section_figures)
        by_root[roots[row["section_id"]]].figures.add(section_figures)

    units = [
        UnitInfo(*values)
        for values in Unit.objects.filter(
            Exists(Responsibility.objects.filter(unit=OuterRef("pk"), task__plan__in=chosen))
        )
        .order_by("order", "name")
        .values_list("pk", "name", "order")
    ]
    leaders = [
        LeaderInfo(*values)
        for values in Leader.objects.filter(
            Exists(Responsibility.objects.filter(leader=OuterRef("pk"), task__plan__in=chosen))
        )
        .order_by("name")
        .values_list("pk", "name")
    ]
    ranked = unit_rows(tasks, today, {unit.pk: unit for unit in units})
    _label, key, _descending = SORTS[filters.sort]
    ranked.sort(key=lambda row: (row.order, row.name))
    ranked.sort(key=key, reverse=filters.descending)
    still_open = coloured.exclude(status=Task.Status.DONE)
    overdue = task_rows(still_open.filter(deadline__lt=today), titles, listed, today)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due_soon = task_rows(
        still_open.filter(deadline__gte=today, deadline__lte=soon), titles, listed, today
    )
    return Dashboard(
        filters=filters,
        today=today,
        years=years,
        plans=plans,
        sections=[s for s in sections if s.parent_id is None],
        units=units,
        leaders=leaders,
        figures=figures,
        section_rows=[row for row in by_root.values() if row.figures.total],
        unit_rows=ranked,
        overdue_tasks=overdue,
        due_soon_tasks=due_soon,
        target_rows=sorted(target_rows(tasks), key=lambda r: (r.percent, r.target_id)),
        trend=weekly_trend(tasks, figures.total, filters.year, today),
        previous=previous_year(chosen, filters.year, today),
    )
