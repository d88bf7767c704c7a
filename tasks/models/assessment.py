"""Assessment (结果考评): how a plan's planners weigh the criteria their units are scored on, and
the adjustments they make to a unit's score, each with its written reason.

The scores themselves are never stored: ``tasks.assessment.scoring`` computes them from the work
recorded (tasks, targets, round answers, reviews), so that they are always those of today. See
docs/assessment.md.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The criteria in the order they are shown, and the weights used while a plan has no scheme.
CRITERIA = ("on_time", "targets", "rounds", "reviews")
DEFAULT_WEIGHTS = {"on_time": 40, "targets": 30, "rounds": 20, "reviews": 10}
# The weights add up to this: a criterion's weight is the points it is worth.
TOTAL_WEIGHT = 100


def signed(points):
    """Points as people write an adjustment: "+2", "-1.5"."""
    return f"{Decimal(points).normalize():+f}"


class AssessmentScheme(models.Model):
    """The weights of a plan's assessment, in points out of 100. A plan without one is scored
    with ``DEFAULT_WEIGHTS``."""

    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="assessment_scheme",
    )
    on_time = models.PositiveSmallIntegerField(
        _("tasks completed on time"), default=DEFAULT_WEIGHTS["on_time"]
    )
    targets = models.PositiveSmallIntegerField(
        _("targets reached"), default=DEFAULT_WEIGHTS["targets"]
    )
    rounds = models.PositiveSmallIntegerField(
        _("round answers on time"), default=DEFAULT_WEIGHTS["rounds"]
    )
    reviews = models.PositiveSmallIntegerField(
        _("completions accepted"), default=DEFAULT_WEIGHTS["reviews"]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    on_time__lte=TOTAL_WEIGHT,
                    targets__lte=TOTAL_WEIGHT,
                    rounds__lte=TOTAL_WEIGHT,
                    reviews__lte=TOTAL_WEIGHT,
                ),
                name="assessment_weight_at_most_100",
            ),
            # The form says so first (tasks.assessment.forms); this keeps every other writer
            # to it.
            models.CheckConstraint(
                condition=Q(on_time=TOTAL_WEIGHT - F("targets") - F("rounds") - F("reviews")),
                name="assessment_weights_total_100",
            ),
        ]

    def __str__(self):
        return str(self.plan)

    @property
    def weights(self):
        """Criterion → weight, in the order of ``CRITERIA``."""
        return {name: getattr(self, name) for name in CRITERIA}

    @property
    def saved(self):
        """Whether the planners saved this scheme (else it holds the default weights)."""
        return self.pk is not None


class ScoreAdjustment(models.Model):
    """Points a planner adds to or takes from a unit's score, with the reason written down
    (加分 / 扣分). Never edited: a mistaken adjustment is undone by another."""

    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="score_adjustments",
    )
    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adjusted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("adjusted at"), default=timezone.now)

    class Meta:
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(points=0) & Q(points__gte=-100, points__lte=100),
                name="score_adjustment_points_nonzero_within_100",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="score_adjustment_has_reason"),
        ]
        indexes = [
            # The assessment table: a plan's adjustments summed per unit.
            models.Index(fields=["plan", "unit"], name="score_adjustment_plan_unit_idx"),
        ]

    def __str__(self):
        return f"{self.unit} {self.signed_points}"

    @property
    def signed_points(self):
        return signed(self.points)
