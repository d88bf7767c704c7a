"""Reading what units reported: the percent of a task, target totals and the history of a task,
each in a fixed number of queries.

The percent of a task, wherever it is shown (the task page, my tasks, the review queue), is the
latest percent reported by a lead unit: ``lead_percent`` in SQL, ``latest_lead_percent`` from
reports already loaded. A completion request does not change it (the light stops counting a
task whose completion is requested as behind, but does not pretend 100 % was reported)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, OuterRef, Prefetch, Subquery, Sum
from django.utils.translation import gettext

from plans.models import Responsibility, Target, Task
from tasks.models import ProgressReport, TargetFigure


def lead_percent(task_ref="pk"):
    """Subquery: the latest percent reported by a lead unit on the task ``OuterRef(task_ref)``
    (None when nothing was reported) — what ``tasks.lights`` compares with expected progress."""
    latest = (
        ProgressReport.objects.filter(
            task=OuterRef(task_ref), role=Responsibility.Role.LEAD, percent__isnull=False
        )
        .order_by("-created_at", "-pk")
        .values("percent")[:1]
    )
    return Subquery(latest)


def latest_unit_percent(reports, unit_id):
    """The latest percent ``unit_id`` reported, from a list of reports newest first; None if
    it never gave one. The report form starts from it."""
    for report in reports:
        if report.unit_id == unit_id and report.percent is not None:
            return report.percent
    return None


def latest_lead_percent(reports):
    """The same from a list of reports, newest first (the task page has them already)."""
    for report in reports:
        if report.role == Responsibility.Role.LEAD and report.percent is not None:
            return report.percent
    return None


@dataclass
class Contribution:
    unit: object
    value: Decimal
    reported_at: object

    @property
    def value_display(self):
        return f"{self.value.normalize():f}"


@dataclass
class TargetRow:
    """A target with the sum of the units' latest figures and each unit's part."""

    target: object
    contributions: list = field(default_factory=list)

    @property
    def total(self):
        return sum((c.value for c in self.contributions), Decimal(0))

    @property
    def total_display(self):
        return f"{self.total.normalize():f}"

    @property
    def percent(self):
        """Share of the target reached, in whole percent (may pass 100)."""
        if not self.target.value:
            return None
        return int(self.total * 100 / self.target.value)

    def as_reached(self):
        """The target against the total, as the review queue shows it: "3 / 4 次"."""
        return Reached(self.target, self.total if self.contributions else None)

    def figure_of(self, unit_id):
        for contribution in self.contributions:
            if contribution.unit.pk == unit_id:
                return contribution
        return None


def latest_figures(targets):
    """Each unit's latest figure for each of ``targets`` (a Target queryset)."""
    # Figures are never edited: the highest id of a unit and target is its latest figure.
    latest_ids = (
        TargetFigure.objects.filter(target__in=targets)
        .values("target", "unit")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    return TargetFigure.objects.filter(pk__in=Subquery(latest_ids))


def reached(targets):
    """Target id → what the units have reached together (the sum of their latest figures), for
    ``targets`` (a Target queryset); targets nobody reported on are missing. One query."""
    totals = latest_figures(targets).values("target").annotate(total=Sum("value"))
    return {row["target"]: row["total"] for row in totals.order_by()}


def target_rows(task):
    """The task's targets, each with every unit's latest figure and their sum: two queries."""
    targets = list(task.targets.all())
    figures = (
        latest_figures(task.targets.all())
        .select_related("unit", "report")
        .order_by("unit__order", "unit__name")
    )
    rows = {target.pk: TargetRow(target) for target in targets}
    for figure in figures:
        rows[figure.target_id].contributions.append(
            Contribution(figure.unit, figure.value, figure.report.created_at)
        )
    return [rows[target.pk] for target in targets]


def _figure(value):
    return f"{Decimal(value).normalize():f}"


@dataclass
class Reached:
    """A target against what the units reached together: "3 / 4 次"."""

    target: object
    reached: Decimal | None

    @property
    def met(self):
        return (self.reached or 0) >= self.target.value

    def __str__(self):
        measure = f" {self.target.measure}" if self.target.measure else ""
        return f"{_figure(self.reached or 0)} / {self.target.value_display}{measure}"


def reached_by_task(task_ids):
    """Task id → its targets as ``Reached`` rows, for many tasks: two queries."""
    targets = list(Target.objects.filter(task_id__in=task_ids).order_by("task", "order", "pk"))
    totals = reached(Target.objects.filter(task_id__in=task_ids)) if targets else {}
    rows = {}
    for target in targets:
        rows.setdefault(target.task_id, []).append(Reached(target, totals.get(target.pk)))
    return rows


def completion_gaps(percent, rows):
    """What is short of done when completion is requested, in sentences: a latest percent
    under 100 (or none reported) and each target not reached (``Reached`` rows)."""
    gaps = []
    if percent is None:
        gaps.append(gettext("No percent done has been reported."))
    elif percent < 100:
        gaps.append(gettext("The latest percent reported is %(percent)d%%.") % {"percent": percent})
    for row in rows:
        if not row.met:
            gaps.append(
                gettext("Target not reached: %(target)s, %(figures)s.")
                % {"target": row.target.text, "figures": row}
            )
    return gaps


def gaps_of(task):
    """``completion_gaps`` of one task, read from the database: three queries."""
    latest = task.progress_reports.filter(role=Responsibility.Role.LEAD, percent__isnull=False)
    percent = latest.order_by("-created_at", "-pk").values_list("percent", flat=True).first()
    return completion_gaps(percent, [row.as_reached() for row in target_rows(task)])


def history(task):
    """The task's reports, newest first, with figures, attachments and links: four queries."""
    return list(
        task.progress_reports.select_related("unit", "author").prefetch_related(
            Prefetch("figures", queryset=TargetFigure.objects.select_related("target")),
            "attachments",
            "links",
        )
    )


def unit_figures(unit_id, task_ids):
    """Target id → the latest figure ``unit_id`` reported for it (as shown), over the targets of
    ``task_ids``: what the report form offers as "your unit's last figure". One query."""
    figures = latest_figures(Target.objects.filter(task_id__in=task_ids)).filter(unit_id=unit_id)
    return {
        target_id: f"{value.normalize():f}"
        for target_id, value in figures.values_list("target_id", "value")
    }


def unit_percents(unit_id, task_ids):
    """Task id → the latest percent ``unit_id`` reported on it (tasks it never gave one are
    missing): where the report form's percent starts. One query."""
    latest = (
        ProgressReport.objects.filter(task=OuterRef("pk"), unit_id=unit_id, percent__isnull=False)
        .order_by("-created_at", "-pk")
        .values("percent")[:1]
    )
    rows = Task.objects.filter(pk__in=task_ids).annotate(latest=Subquery(latest))
    return {pk: percent for pk, percent in rows.values_list("pk", "latest") if percent is not None}
