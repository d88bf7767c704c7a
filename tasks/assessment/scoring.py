"""Scoring a plan's lead units (结果考评), computed from the work recorded, never stored.

Each criterion counts items of a unit and how many of them it achieved; its points are
``weight × achieved ÷ counted``, rounded half up to two decimals. An item counts once it is due
or once it is achieved, so nothing that is not yet due weighs against a unit, and early work
counts at once. A criterion with nothing to count gives its full weight (不涉及不扣分).

- **on_time** — the tasks the unit leads: counted when done or past their deadline (the one in
  force, after approved extensions); achieved when done and finished on or before the deadline
  day (the accepted completion was requested by then; a task without a deadline done at all).
- **targets** — the targets of those tasks: counted when their task is done or past its
  deadline, or when reached; achieved when the units' latest figures add up to the target
  (``tasks.workspace.progress``: as the task page shows).
- **rounds** — the answers reporting rounds of the plan expected of the unit (as lead or as
  supporting unit): counted when the round's due date has passed or when answered; achieved when
  answered by the end of the due day (Asia/Shanghai).
- **reviews** — the unit's completion requests that were reviewed: achieved when accepted, so
  each request sent back counts against it.

The total is the sum of the points plus the planners' adjustments; units are ranked by total,
equal totals sharing a rank (1, 2, 2, 4). Everything is computed for many plans at once with one
grouped query per criterion (six queries in all, however many plans, units and tasks). See
docs/assessment.md for a worked example.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from plans.models import Responsibility, Target, Task
from tasks.models import AssessmentScheme, CompletionRequest, Review, RoundItem, ScoreAdjustment
from tasks.models.assessment import CRITERIA, DEFAULT_WEIGHTS, signed
from tasks.workspace.progress import latest_figures

CENT = Decimal("0.01")

LABELS = {
    "on_time": _("Tasks completed on time"),
    "targets": _("Targets reached"),
    "rounds": _("Round answers on time"),
    "reviews": _("Completions accepted"),
}
# What the counted items are, for the breakdown: "2 / 3 tasks".
ITEMS = {
    "on_time": _("tasks"),
    "targets": _("targets"),
    "rounds": _("answers"),
    "reviews": _("requests reviewed"),
}


def points(weight, achieved, counted):
    """``weight × achieved ÷ counted`` to the cent, rounded half up; the full weight when
    nothing is counted."""
    if not counted:
        return Decimal(weight).quantize(CENT)
    return (Decimal(weight) * achieved / counted).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Criterion:
    """One criterion of one unit: its weight, what was counted and achieved, the points."""

    name: str
    weight: int
    counted: int = 0
    achieved: int = 0

    @property
    def label(self):
        return LABELS[self.name]

    @property
    def items(self):
        return ITEMS[self.name]

    @property
    def applicable(self):
        """Whether anything was counted (else the criterion gives its full weight)."""
        return self.counted > 0

    @property
    def points(self):
        return points(self.weight, self.achieved, self.counted)

    def as_json(self):
        return {
            "weight": self.weight,
            "counted": self.counted,
            "achieved": self.achieved,
            "points": float(self.points),
        }


@dataclass
class UnitScore:
    """A unit's row of the table: its criteria, adjustments, total and rank."""

    unit_id: int
    unit: str
    order: int
    criteria: list
    adjustment: Decimal = Decimal(0)
    rank: int = 0

    @property
    def subtotal(self):
        """The points of the criteria, before adjustments."""
        return sum((criterion.points for criterion in self.criteria), Decimal(0))

    @property
    def total(self):
        return (self.subtotal + self.adjustment).quantize(CENT)

    @property
    def adjustment_display(self):
        """The adjustments' sum as written ("+2", "-1.5"), or "" when there is none."""
        return signed(self.adjustment) if self.adjustment else ""

    def criterion(self, name):
        return next(criterion for criterion in self.criteria if criterion.name == name)

    def as_json(self):
        return {
            "unit": self.unit,
            "score": float(self.total),
            "rank": self.rank,
            "points": float(self.subtotal),
            "adjustment": float(self.adjustment),
            **{criterion.name: criterion.as_json() for criterion in self.criteria},
        }


@dataclass
class Table:
    """A plan's assessment: the weights used and a row per lead unit, in the federation's unit
    order (``ranked`` gives them by rank)."""

    plan_id: int
    weights: dict
    scheme_saved: bool
    rows: list = field(default_factory=list)

    @property
    def ranked(self):
        return sorted(self.rows, key=lambda row: (row.rank, row.order, row.unit))

    def top(self, count):
        return self.ranked[:count]

    def row_of(self, unit_id):
        return next((row for row in self.rows if row.unit_id == unit_id), None)

    @property
    def criteria(self):
        """(name, label, weight) of each criterion, for headers."""
        return [(name, LABELS[name], self.weights[name]) for name in CRITERIA]

    def as_json(self):
        return {"weights": self.weights, "units": [row.as_json() for row in self.rows]}


def _rank(rows):
    """Competition ranking by total: equal totals share a rank, the next rank skips."""
    previous, rank = None, 0
    for position, row in enumerate(sorted(rows, key=lambda row: -row.total), start=1):
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank


def _done():
    return Q(task__status=Task.Status.DONE)


def _task_counts(plan_ids, today):
    """(plan, lead unit) → tasks counted and done on time, with the unit's name and order."""
    deadline = F("task__deadline")
    accepted_in_time = CompletionRequest.objects.filter(
        task=OuterRef("task"),
        status=Review.ACCEPTED,
        requested_at__date__lte=OuterRef("task__deadline"),
    )
    on_time = _done() & (
        Q(task__deadline__isnull=True)
        | Q(task__completed_at__date__lte=deadline)
        | Exists(accepted_in_time)
    )
    return (
        Responsibility.objects.filter(
            role=Responsibility.Role.LEAD, task__plan_id__in=plan_ids, unit__isnull=False
        )
        .values("task__plan_id", "unit_id", "unit__name", "unit__order")
        .annotate(
            counted=Count("pk", filter=_done() | Q(task__deadline__lt=today)),
            achieved=Count("pk", filter=on_time),
        )
        .order_by("unit__order", "unit__name", "unit_id", "task__plan_id")
    )


def _target_counts(plan_ids, today):
    """(plan, lead unit) → targets counted and reached."""
    targets = Target.objects.filter(task__plan_id__in=plan_ids)
    reached = (
        latest_figures(targets)
        .values("target", "target__value")
        .annotate(total=Sum("value"))
        .filter(total__gte=F("target__value"))
        .values("target")
    )
    is_reached = Q(task__targets__in=reached)
    return (
        Responsibility.objects.filter(
            role=Responsibility.Role.LEAD, task__plan_id__in=plan_ids, unit__isnull=False
        )
        .filter(task__targets__isnull=False)
        .values("task__plan_id", "unit_id")
        .annotate(
            counted=Count(
                "task__targets", filter=_done() | Q(task__deadline__lt=today) | is_reached
            ),
            achieved=Count("task__targets", filter=is_reached),
        )
        .order_by()
    )


def _round_counts(plan_ids, today):
    """(plan, unit) → round answers counted and given on time."""
    return (
        RoundItem.objects.filter(round__plan_id__in=plan_ids)
        .values("round__plan_id", "unit_id")
        .annotate(
            counted=Count("pk", filter=Q(round__due_date__lt=today) | Q(answered_at__isnull=False)),
            achieved=Count("pk", filter=Q(answered_at__date__lte=F("round__due_date"))),
        )
        .order_by()
    )


def _review_counts(plan_ids):
    """(plan, unit) → completion requests reviewed and accepted."""
    return (
        CompletionRequest.objects.filter(task__plan_id__in=plan_ids)
        .values("task__plan_id", "unit_id")
        .annotate(
            counted=Count("pk", filter=~Q(status=Review.PENDING)),
            achieved=Count("pk", filter=Q(status=Review.ACCEPTED)),
        )
        .order_by()
    )


def _keyed(rows, plan_key):
    return {(row[plan_key], row["unit_id"]): row for row in rows}


def tables(plans, today):
    """Plan id → its ``Table`` on ``today``, for each of ``plans``: six queries in all (none
    without plans)."""
    plan_ids = [plan.pk for plan in plans]
    if not plan_ids:
        return {}
    schemes = {s.plan_id: s for s in AssessmentScheme.objects.filter(plan_id__in=plan_ids)}
    result = {
        pk: Table(
            pk,
            schemes[pk].weights if pk in schemes else dict(DEFAULT_WEIGHTS),
            pk in schemes,
        )
        for pk in plan_ids
    }
    others = {
        "targets": _keyed(_target_counts(plan_ids, today), "task__plan_id"),
        "rounds": _keyed(_round_counts(plan_ids, today), "round__plan_id"),
        "reviews": _keyed(_review_counts(plan_ids), "task__plan_id"),
    }
    adjustments = {
        (row["plan_id"], row["unit_id"]): row["total"]
        for row in ScoreAdjustment.objects.filter(plan_id__in=plan_ids)
        .values("plan_id", "unit_id")
        .annotate(total=Sum("points"))
        .order_by()
    }
    for row in _task_counts(plan_ids, today):
        key = (row["task__plan_id"], row["unit_id"])
        table = result[key[0]]
        criteria = [Criterion("on_time", table.weights["on_time"], row["counted"], row["achieved"])]
        for name in CRITERIA[1:]:
            found = others[name].get(key, {})
            criteria.append(
                Criterion(
                    name, table.weights[name], found.get("counted", 0), found.get("achieved", 0)
                )
            )
        table.rows.append(
            UnitScore(
                unit_id=row["unit_id"],
                unit=row["unit__name"],
                order=row["unit__order"],
                criteria=criteria,
                adjustment=adjustments.get(key, Decimal(0)),
            )
        )
    for table in result.values():
        _rank(table.rows)
    return result


def table(plan, today):
    """The ``Table`` of one plan on ``today`` (six queries)."""
    return tables([plan], today)[plan.pk]
