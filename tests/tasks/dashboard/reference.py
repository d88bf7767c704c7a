"""The dashboard counted the way it was before its figures were maintained: every task of the
chosen plans aggregated in SQL, the lights from the lead unit's latest percent
(``lights.annotate_lights`` with ``progress.lead_percent``). Slow at scale and plainly right:
the tests compare the maintained dashboard with it (``summary`` of each)."""

import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.db.models.functions import ExtractIsoYear, ExtractWeek

from plans.models import Leader, Plan, Responsibility, Section, Target, Task, Unit
from plans.wording.years import move_date
from tasks.dashboard.board import published_plans
from tasks.dashboard.figures import percent_of, roots_of
from tasks.dashboard.filters import OVERDUE, SORTS
from tasks.dashboard.trend import weekly_trend
from tasks.models import Acknowledgement, ProgressReport
from tasks.workspace import lights, progress

SOON = 30


def summary(dashboard):
    """What a Dashboard shows, as plain values to compare."""
    figures = dashboard.figures
    return {
        "year": dashboard.filters.year,
        "plans": [plan.pk for plan in dashboard.plans],
        "figures": _figures(figures),
        "sections": {row.section.pk: _figures(row.figures) for row in dashboard.section_rows},
        "units": [(unit.pk, unit.name) for unit in dashboard.units],
        "leaders": [(leader.pk, leader.name) for leader in dashboard.leaders],
        "ranking": [
            (r.pk, r.lead, r.supporting, r.done, r.on_time, r.overdue, r.last_report)
            for r in dashboard.unit_rows
        ],
        "overdue": [_task(row) for row in dashboard.overdue_tasks],
        "due_soon": [_task(row) for row in dashboard.due_soon_tasks],
        "targets": [(row.target_id, row.reached) for row in dashboard.target_rows],
        "target_count": dashboard.target_count,
        "trend": dashboard.trend,
        "previous": dashboard.previous and vars(dashboard.previous),
    }


def _not_acknowledged():
    acknowledged = Acknowledgement.objects.filter(task=OuterRef("task"), unit=OuterRef("unit"))
    return Responsibility.objects.filter(
        role__in=[Responsibility.Role.LEAD, Responsibility.Role.SUPPORTING]
    ).exclude(Exists(acknowledged))


def not_acknowledged(user):
    """The review queue's units with tasks not acknowledged, counted from every responsibility
    of the published plans ``user`` may see, as the queue counted before the figures kept it:
    [(unit id, count)] in the queue's order."""
    tasks = Task.objects.visible_to(user).filter(plan__status=Plan.Status.PUBLISHED)
    rows = (
        _not_acknowledged()
        .filter(task__in=tasks)
        .values("unit", "unit__name", "unit__order")
        .annotate(count=Count("pk"))
        .order_by("unit__order", "unit__name", "unit")
    )
    return [(row["unit"], row["count"]) for row in rows]


def not_acknowledged_by_plan():
    """{(plan id, unit id): tasks not acknowledged} of every plan, counted afresh."""
    rows = _not_acknowledged().values_list("task__plan", "unit").annotate(count=Count("pk"))
    return {(plan, unit): count for plan, unit, count in rows}


def _figures(figures):
    counted = ("total", "done", "overdue", "due_soon", "no_deadline", "on_time")
    return (*(getattr(figures, name) for name in counted), dict(+figures.lights))


def _task(row):
    return (row.pk, row.light_reason, row.lead_units, row.leaders, row.days_overdue)


def recount(user, filters, today, listed=50):
    """``summary`` of the dashboard as it was counted before, from every task."""
    visible = published_plans(user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    year = filters.year
    if year not in years:
        year = today.year if today.year in years else (years[0] if years else None)
    plans = list(visible.filter(year=year).order_by("title"))
    plan = filters.plan if filters.plan in {p.pk for p in plans} else None
    chosen = [p for p in plans if plan in (None, p.pk)]
    sections = list(Section.objects.filter(plan__in=chosen).order_by("plan__title", "order", "pk"))
    roots = roots_of(sections)
    tops = {s.pk for s in sections if s.parent_id is None}
    section = filters.section if filters.section in tops else None
    tasks = _filtered(chosen, filters, section, roots, today)
    coloured = lights.annotate_lights(tasks, chosen, today, progress.lead_percent())
    total, by_root = Counter(), {}
    for row in coloured.order_by().values("section_id").annotate(**_counts(today)):
        figures = Counter({key: value for key, value in row.items() if key != "section_id"})
        total.update(figures)
        by_root.setdefault(roots[row["section_id"]], Counter()).update(figures)
    units = list(
        Unit.objects.filter(
            Exists(Responsibility.objects.filter(unit=OuterRef("pk"), task__plan__in=chosen))
        ).order_by("order", "name")
    )
    leaders = Leader.objects.filter(
        Exists(Responsibility.objects.filter(leader=OuterRef("pk"), task__plan__in=chosen))
    ).order_by("name")
    still_open = coloured.exclude(status=Task.Status.DONE)
    soon = today + datetime.timedelta(days=SOON)
    count = sum(1 for _t in Target.objects.filter(task__in=tasks))
    return {
        "year": year,
        "plans": [p.pk for p in plans],
        "figures": _as_figures(total),
        "sections": {pk: _as_figures(c) for pk, c in by_root.items() if c["total"]},
        "units": [(unit.pk, unit.name) for unit in units],
        "leaders": [(leader.pk, leader.name) for leader in leaders],
        "ranking": _ranking(tasks, today, units, filters),
        "overdue": _rows(still_open.filter(deadline__lt=today), listed, today),
        "due_soon": _rows(
            still_open.filter(deadline__gte=today, deadline__lte=soon), listed, today
        ),
        "targets": _targets(tasks)[:listed] if listed else _targets(tasks),
        "target_count": count,
        "trend": weekly_trend(_weeks(tasks), total["total"], year, today),
        "previous": _previous(chosen, year, today),
    }


def _filtered(chosen, filters, section, roots, today):
    tasks = Task.objects.filter(plan__in=chosen)
    if section:
        tasks = tasks.filter(section_id__in=[pk for pk, root in roots.items() if root == section])
    if filters.unit:
        tasks = tasks.filter(
            Exists(Responsibility.objects.filter(task=OuterRef("pk"), unit_id=filters.unit))
        )
    if filters.leader:
        tasks = tasks.filter(
            Exists(
                Responsibility.objects.filter(
                    task=OuterRef("pk"), role="leader", leader_id=filters.leader
                )
            )
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


def _counts(today):
    done = Q(status=Task.Status.DONE)
    soon = today + datetime.timedelta(days=SOON)
    aggregates = {
        "total": Count("pk"),
        "done": Count("pk", filter=done),
        "on_time": Count("pk", filter=done & Q(completed_at__date__lte=F("deadline"))),
        "overdue": Count("pk", filter=~done & Q(deadline__lt=today)),
        "due_soon": Count("pk", filter=~done & Q(deadline__gte=today, deadline__lte=soon)),
        "no_deadline": Count("pk", filter=Q(deadline__isnull=True)),
    }
    for colour in (lights.GREEN, lights.YELLOW, lights.RED):
        reasons = [r for r, c in lights.REASON_COLOURS.items() if c == colour]
        aggregates[colour] = Count("pk", filter=Q(light_reason__in=reasons))
    return aggregates


def _as_figures(counts):
    counted = ("total", "done", "overdue", "due_soon", "no_deadline", "on_time")
    colours = {c: counts[c] for c in (lights.GREEN, lights.YELLOW, lights.RED) if counts[c]}
    return (*(counts[name] for name in counted), colours)


def _ranking(tasks, today, units, filters):
    done = Q(task__status=Task.Status.DONE)
    grouped = (
        Responsibility.objects.filter(task__in=tasks, unit__isnull=False)
        .values("unit_id", "role")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=done),
            on_time=Count("pk", filter=done & Q(task__completed_at__date__lte=F("task__deadline"))),
            overdue=Count("pk", filter=~done & Q(task__deadline__lt=today)),
        )
    )
    names = {unit.pk: unit for unit in units}
    rows = {}
    for row in grouped:
        unit = names[row["unit_id"]]
        entry = rows.setdefault(unit.pk, _Row(unit.pk, unit.name, unit.order, 0, 0, 0, 0, 0, None))
        if row["role"] == "lead":
            entry.lead += row["n"]
        else:
            entry.supporting += row["n"]
        entry.done += row["done"]
        entry.on_time += row["on_time"]
        entry.overdue += row["overdue"]
    last = (
        ProgressReport.objects.filter(task__in=tasks, unit_id__in=list(rows))
        .values("unit_id")
        .annotate(last=Max("created_at"))
    )
    for report in last:
        rows[report["unit_id"]].last_report = report["last"]
    ranked = list(rows.values())
    ranked.sort(key=lambda row: (row.order, row.name))
    ranked.sort(key=SORTS[filters.sort][1], reverse=filters.descending)
    return [
        (r.pk, r.lead, r.supporting, r.done, r.on_time, r.overdue, r.last_report) for r in ranked
    ]


class _Row:
    """A unit's row, sorted with the dashboard's own keys (filters.SORTS)."""

    def __init__(self, pk, name, order, lead, supporting, done, on_time, overdue, last):
        self.pk, self.name, self.order = pk, name, order
        self.lead, self.supporting, self.done = lead, supporting, done
        self.on_time, self.overdue, self.last_report = on_time, overdue, last

    @property
    def tasks(self):
        return self.lead + self.supporting

    @property
    def done_rate(self):
        return percent_of(self.done, self.tasks)

    @property
    def on_time_rate(self):
        return percent_of(self.on_time, self.done)


def _rows(tasks, listed, today):
    ordered = tasks.order_by("deadline", "order", "pk")
    chosen = list(ordered[:listed] if listed else ordered)
    names = {}
    for task_id, role, unit, leader in (
        Responsibility.objects.filter(task__in=[t.pk for t in chosen], role__in=["lead", "leader"])
        .order_by("order", "pk")
        .values_list("task_id", "role", "unit__name", "leader__name")
    ):
        names.setdefault((task_id, role), []).append(unit if role == "lead" else leader)
    rows = []
    for task in chosen:
        late = (today - task.deadline).days if task.deadline < today else 0
        rows.append(
            (
                task.pk,
                task.light_reason,
                "、".join(names.get((task.pk, "lead"), [])),
                "、".join(names.get((task.pk, "leader"), [])),
                late,
            )
        )
    return rows


def _targets(tasks):
    targets = Target.objects.filter(task__in=tasks)
    totals = progress.reached(targets)
    rows = [(t.pk, totals.get(t.pk) or Decimal(0), t.value) for t in targets]
    rows.sort(key=lambda row: (percent_of(row[1], row[2]) if row[2] else 0, row[0]))
    return [(pk, reached) for pk, reached, _value in rows]


def _weeks(tasks):
    rows = []
    for kind, chosen, field in (
        ("done", tasks.filter(status=Task.Status.DONE, completed_at__isnull=False), "completed_at"),
        ("due", tasks.filter(deadline__isnull=False), "deadline"),
    ):
        grouped = (
            chosen.order_by()
            .annotate(iso_year=ExtractIsoYear(field), iso_week=ExtractWeek(field))
            .values("iso_year", "iso_week")
            .annotate(n=Count("pk"))
        )
        rows += [(kind, row["iso_year"], row["iso_week"], row["n"]) for row in grouped]
    return rows


def _previous(plans, year, today):
    if not plans or year is None:
        return None
    figures = Task.objects.filter(
        plan__owner_id__in={plan.owner_id for plan in plans},
        plan__year=year - 1,
        plan__status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED],
    ).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Task.Status.DONE)),
        done_by_now=Count(
            "pk",
            filter=Q(status=Task.Status.DONE, completed_at__date__lte=move_date(today, -1)),
        ),
    )
    if not figures["total"]:
        return None
    return {
        "year": year - 1,
        "total": figures["total"],
        "done_by_now": figures["done_by_now"],
        "done": figures["done"],
    }
