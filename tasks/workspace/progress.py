"""Reading what units reported: the percent the light compares, target totals and the history
of a task, each in a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, OuterRef, Prefetch, Subquery, Sum

from plans.models import Responsibility
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


def history(task):
    """The task's reports, newest first, with figures, attachments and links: four queries."""
    return list(
        task.progress_reports.select_related("unit", "author").prefetch_related(
            Prefetch("figures", queryset=TargetFigure.objects.select_related("target")),
            "attachments",
            "links",
        )
    )
