"""Changing a plan's assessment: its planners save the scheme (the weights) and adjust a unit's
score with a written reason. Both are recorded in the plan's change log (``plans.audit``; how
they read: ``tasks.assessment.history``). The scores are computed by
``tasks.assessment.scoring``."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from plans import audit
from plans.models import Responsibility, Unit
from tasks.assessment.scoring import LABELS
from tasks.models import AssessmentScheme, ScoreAdjustment
from tasks.models.assessment import CRITERIA, DEFAULT_WEIGHTS, TOTAL_WEIGHT, signed

# Audit actions written here.
SCHEME_SAVED = "assessment.scheme_saved"
ADJUSTED = "assessment.adjusted"

# The largest adjustment, either way: a score is out of 100.
MAX_ADJUSTMENT = Decimal(100)


class AssessmentError(Exception):
    """What the assessment does not allow; the message is shown to the user."""


def scheme_of(plan):
    """The plan's saved scheme, or an unsaved one with the default weights."""
    return AssessmentScheme.objects.filter(plan=plan).first() or AssessmentScheme(plan=plan)


def assessed_units(plan):
    """The units scored on ``plan``: its lead units, in the federation's order."""
    leads = Responsibility.objects.filter(task__plan=plan, role=Responsibility.Role.LEAD)
    return Unit.objects.filter(pk__in=leads.values("unit_id")).order_by("order", "name")


def check_weights(weights):
    """Raise ``AssessmentError`` unless ``weights`` gives every criterion a whole number from 0
    to 100 and they add up to 100."""
    if set(weights) != set(CRITERIA):
        raise AssessmentError(gettext("Give a weight to every criterion."))
    for value in weights.values():
        if not isinstance(value, int) or not 0 <= value <= TOTAL_WEIGHT:
            raise AssessmentError(gettext("Each weight is a whole number from 0 to 100."))
    total = sum(weights.values())
    if total != TOTAL_WEIGHT:
        raise AssessmentError(
            gettext("The weights add up to %(total)d; they must add up to 100.") % {"total": total}
        )


@transaction.atomic
def save_scheme(user, plan, weights):
    """Save the weights (criterion → points, adding up to 100) of the plan's assessment."""
    check_weights(weights)
    scheme = AssessmentScheme.objects.select_for_update().filter(plan=plan).first()
    before = scheme.weights if scheme else dict(DEFAULT_WEIGHTS)
    scheme = scheme or AssessmentScheme(plan=plan)
    for name in CRITERIA:
        setattr(scheme, name, weights[name])
    scheme.updated_by = user if user is not None and user.is_authenticated else None
    scheme.save()
    changed = {name for name in CRITERIA if before[name] != weights[name]}
    audit.record(
        user,
        SCHEME_SAVED,
        plan=plan,
        summary="、".join(f"{LABELS[name]} {weights[name]}" for name in CRITERIA),
        before={name: before[name] for name in CRITERIA if name in changed},
        after={name: weights[name] for name in CRITERIA if name in changed},
    )
    return scheme


@transaction.atomic
def adjust(user, plan, unit, points, reason):
    """Add ``points`` (a Decimal, negative to deduct) to the score of ``unit`` on ``plan`` for
    the written ``reason``."""
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(gettext("Write down why the score is adjusted."))
    if not points or abs(points) > MAX_ADJUSTMENT:
        raise AssessmentError(
            gettext("An adjustment is between -100 and 100 points, and not zero.")
        )
    if not assessed_units(plan).filter(pk=unit.pk).exists():
        raise AssessmentError(gettext("This unit leads no task of the plan."))
    adjustment = ScoreAdjustment.objects.create(
        plan=plan,
        unit=unit,
        points=points,
        reason=reason,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    audit.record(
        user,
        ADJUSTED,
        plan=plan,
        summary=f"{unit.name} {signed(points)}",
        after={"unit": unit.name, "points": points, "reason": reason},
    )
    return adjustment


def adjustments(plan, unit_id=None):
    """The plan's adjustments, newest first, with their units and authors (one query); only
    those of ``unit_id`` when given."""
    found = ScoreAdjustment.objects.filter(plan=plan).select_related("unit", "created_by")
    if unit_id is not None:
        found = found.filter(unit_id=unit_id)
    return list(found)
