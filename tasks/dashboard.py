"""The figures of the leaders' dashboard, computed with a fixed number of queries whatever the
size of the plans."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from plans.models import Plan, Responsibility, Section, Task

DUE_SOON_DAYS = 30


@dataclass
class Counts:
    total: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0
    no_deadline: int = 0


@dataclass
class SectionRow:
    section: Section
    counts: Counts = field(default_factory=Counts)


@dataclass
class UnitRow:
    name: str
    lead: int = 0
    supporting: int = 0
    overdue: int = 0


@dataclass
class Dashboard:
    year: int | None
    plans: list
    counts: Counts
    sections: list
    units: list
    overdue_tasks: list


def _count_expressions(today):
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    still_open = ~Q(status=Task.Status.DONE)
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(status=Task.Status.DONE)),
        "overdue": Count("pk", filter=still_open & Q(deadline__lt=today)),
        "due_soon": Count("pk", filter=still_open & Q(deadline__gte=today, deadline__lte=soon)),
        "no_deadline": Count("pk", filter=Q(deadline__isnull=True)),
    }


def build(user, today, year=None):
    """The dashboard of the published plans ``user`` may see, for ``year`` (default: this year
    if it has plans, else the latest year that has)."""
    published = Plan.objects.visible_to(user).filter(status=Plan.Status.PUBLISHED)
    if year is None:
        latest = published.aggregate(latest=Max("year"))["latest"]
        has_this_year = published.filter(year=today.year).exists()
        year = today.year if has_this_year else latest
    plans = list(published.filter(year=year).select_related("owner").order_by("title"))
    tasks = Task.objects.filter(plan__in=plans)
    counts = Counts(**tasks.aggregate(**_count_expressions(today)))

    sections = list(Section.objects.filter(plan__in=plans).order_by("plan__title", "order", "pk"))
    per_section = tasks.values("section_id").annotate(**_count_expressions(today))
    roots = _roll_up_to_top_sections(sections, per_section)

    units = {}
    per_unit = (
        Responsibility.objects.filter(task__plan__in=plans, unit__isnull=False)
        .values("unit__name", "role")
        .annotate(
            n=Count("pk"),
            late=Count(
                "pk", filter=Q(task__deadline__lt=today) & ~Q(task__status=Task.Status.DONE)
            ),
        )
    )
    for row in per_unit:
        unit = units.setdefault(row["unit__name"], UnitRow(row["unit__name"]))
        if row["role"] == Responsibility.Role.LEAD:
            unit.lead += row["n"]
        else:
            unit.supporting += row["n"]
        unit.overdue += row["late"]
    unit_rows = sorted(units.values(), key=lambda u: (-u.overdue, -u.lead, u.name))

    overdue_tasks = list(
        tasks.overdue(today).select_related("plan", "section").order_by("deadline", "order")[:20]
    )
    return Dashboard(year, plans, counts, roots, unit_rows, overdue_tasks)


def _roll_up_to_top_sections(sections, per_section):
    by_id = {section.pk: section for section in sections}
    rows = {}
    for section in sections:
        if section.parent_id is None:
            rows[section.pk] = SectionRow(section)
    for figures in per_section:
        section = by_id[figures.pop("section_id")]
        while section.parent_id is not None:
            section = by_id[section.parent_id]
        target = rows[section.pk].counts
        for name, value in figures.items():
            setattr(target, name, getattr(target, name) + value)
    return list(rows.values())
