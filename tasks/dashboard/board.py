"""The leaders' dashboard: where a year's published plans stand, by section and by unit, with
the traffic lights, targets, the weekly trend and last year for comparison.

``build`` puts it together from the maintained figures (tasks.dashboard.upkeep brings them up
to date first): the sums kept by plan and section, plan and unit, plan and week for a year or
a plan; the counted tasks a filter selects, added up, for a narrower view. A fixed number of
queries whatever the number of tasks, and never stale.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from plans.models import Leader, Plan, Section, Task
from tasks.dashboard import sums, upkeep
from tasks.dashboard.comparison import Comparison, previous_year
from tasks.dashboard.figures import (
    DUE_SOON_DAYS,
    Figures,
    LeaderInfo,
    SectionInfo,
    SectionRow,
    UnitInfo,
    target_rows,
    task_rows,
    unit_row,
)
from tasks.dashboard.filters import SORTS, Filters, filtered
from tasks.dashboard.trend import weekly_trend
from tasks.models import (
    CountedResponsibility,
    CountedTask,
    ProgressReport,
    SectionCount,
    TargetTotal,
    UnitCount,
    WeekCount,
)
from tasks.workspace import lights

RANKED = 30


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
    # The targets, the least advanced first: the first ``listed`` (pages show a few), all
    # for the export; ``target_count`` of them in all.
    target_rows: list
    target_count: int
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


def build(user, filters, today, listed=50):
    """The dashboard of ``user`` for ``filters`` on ``today``; the overdue and due-soon lists
    and the targets hold the first ``listed`` (None: all, for the export)."""
    visible = published_plans(user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    if filters.year not in years:
        filters.year = today.year if today.year in years else (years[0] if years else None)
    plans = list(visible.filter(year=filters.year).select_related("owner").order_by("title"))
    if filters.plan not in {plan.pk for plan in plans}:
        filters.plan = None
    chosen = [plan for plan in plans if filters.plan in (None, plan.pk)]
    plan_ids = [plan.pk for plan in chosen]

    sections = [
        SectionInfo(*values)
        for values in Section.objects.filter(plan__in=chosen)
        .order_by("plan__title", "order", "pk")
        .values_list("pk", "plan_id", "parent_id", "label", "title")
    ]
    if filters.section not in {s.pk for s in sections if s.parent_id is None}:
        filters.section = None

    days = lights.yellow_days()
    upkeep.up_to_date(today, days)
    counted = CountedTask.objects.filter(plan_id__in=plan_ids)
    if filters.narrowed:
        counted = filtered(counted, filters, today)
    titles = {plan.pk: plan.title for plan in chosen}
    figures = Figures()
    by_root = {s.pk: SectionRow(s, titles[s.plan_id]) for s in sections if s.parent_id is None}
    for row in _section_figures(counted, filters, plan_ids, today, days):
        section_figures = Figures.from_row(row)
        figures.add(section_figures)
        by_root[row["section_id"]].figures.add(section_figures)

    units, ranked = _units(counted, filters, plan_ids, today)
    _label, key, _descending = SORTS[filters.sort]
    ranked.sort(key=lambda row: (row.order, row.name))
    ranked.sort(key=key, reverse=filters.descending)
    leaders = [
        LeaderInfo(*values)
        for values in Leader.objects.filter(
            Exists(
                CountedResponsibility.objects.filter(leader=OuterRef("pk"), plan_id__in=plan_ids)
            )
        )
        .order_by("name")
        .values_list("pk", "name")
    ]
    still_open = counted.exclude(status=Task.Status.DONE)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    lists = {
        "overdue_tasks": still_open.filter(deadline__lt=today),
        "due_soon_tasks": still_open.filter(deadline__gte=today, deadline__lte=soon),
    }
    totals = _totals(counted, filters, plan_ids)
    # A unit's or a leader's tasks are few: found through them, not a plan at a time.
    selective = bool(filters.unit or filters.leader)
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
        **{
            name: task_rows(rows, titles, listed, today, days, apart=not selective)
            for name, rows in lists.items()
        },
        target_rows=target_rows(totals, [] if selective else plan_ids, listed),
        target_count=totals.count(),
        trend=weekly_trend(_weeks(counted, filters, plan_ids), figures.total, filters.year, today),
        previous=previous_year(chosen, filters.year, today),
    )


def _section_figures(counted, filters, plan_ids, today, days):
    """Rows of SECTION_FIGURES by top-level section: kept, or added up for a filtered view."""
    if filters.narrowed:
        return sums.sections(counted, today, days, by=("section_id",))
    kept = SectionCount.objects.filter(plan_id__in=plan_ids)
    return kept.values("section_id", *sums.SECTION_FIGURES)


def _units(counted, filters, plan_ids, today):
    """The units responsible in the chosen plans (for the unit filter) and the ranking's rows:
    the units responsible for the tasks chosen, with their figures."""
    kept = (
        UnitCount.objects.filter(plan_id__in=plan_ids)
        .values("unit_id", "unit__name", "unit__order")
        .annotate(**{name: Sum(name) for name in sums.UNIT_FIGURES}, last_report=Max("last_report"))
        .filter(Q(lead__gt=0) | Q(supporting__gt=0))
        .order_by("unit__order", "unit__name")
    )
    units = [UnitInfo(row["unit_id"], row["unit__name"], row["unit__order"]) for row in kept]
    if not filters.narrowed:
        return units, [unit_row(row) for row in kept]
    parts = CountedResponsibility.objects.filter(task__in=counted, unit__isnull=False)
    ranked = [
        unit_row({**row, "last_report": None})
        for row in sums.units(parts, today, by=("unit_id", "unit__name", "unit__order"))
    ]
    last = ProgressReport.objects.filter(
        task_id__in=counted.values("pk"), unit_id__in=parts.values("unit_id")
    )
    latest = last.order_by().values("unit_id").annotate(last=Max("created_at"))
    reported = dict(latest.values_list("unit_id", "last"))
    for row in ranked:
        row.last_report = reported.get(row.pk)
    return units, ranked


def _totals(counted, filters, plan_ids):
    totals = TargetTotal.objects.filter(plan_id__in=plan_ids)
    return totals.filter(task__in=counted) if filters.narrowed else totals


def _weeks(counted, filters, plan_ids):
    """(kind, ISO year, week, tasks) rows of the trend: kept, or counted for a filtered view."""
    if filters.narrowed:
        done = sums.weeks(counted, "done", by=())
        rows = done.union(sums.weeks(counted, "due", by=()), all=True)
    else:
        rows = (
            WeekCount.objects.filter(plan_id__in=plan_ids)
            .values("kind", "iso_year", "week")
            .annotate(tasks=Sum("tasks"))
        )
    return [(row["kind"], row["iso_year"], row["week"], row["tasks"]) for row in rows]
