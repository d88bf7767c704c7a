"""Saving a scheme and adjusting a score (tasks.assessment.service): what is checked, what is
recorded in the plan's change log, and how the log reads it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from plans.audit import display
from plans.models import AuditEntry
from tasks.assessment import service
from tasks.models import AssessmentScheme, ScoreAdjustment
from tasks.models.assessment import DEFAULT_WEIGHTS


def _read(entry):
    row = display.render(entry)
    return str(row.label), row.summary, [(str(c.label), c.before, c.after) for c in row.changes]


def test_a_plan_without_a_scheme_uses_the_defaults(world):
    scheme = service.scheme_of(world.plan)
    assert not scheme.saved
    assert scheme.weights == DEFAULT_WEIGHTS
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_saving_a_scheme_is_recorded_with_the_weights_that_changed(world):
    weights = {"on_time": 50, "targets": 30, "rounds": 10, "reviews": 10}
    service.save_scheme(world.planner, world.plan, weights)
    assert AssessmentScheme.objects.get(plan=world.plan).weights == weights
    entry = AuditEntry.objects.get(action=service.SCHEME_SAVED)
    # the summary gives the weights in words, as the planner saved them
    assert entry.summary == "按时完成任务 50、指标完成 30、按时报送 10、任务办结审核通过 10"
    assert (entry.user, entry.plan, entry.task) == (world.planner, world.plan, None)
    with translation.override("en"):
        label, _summary, changes = _read(entry)
        assert label == "Assessment weights saved"
        # only what changed (jsonb keeps its own key order)
        assert set(changes) == {
            ("Weight of tasks completed on time", "40", "50"),
            ("Weight of round answers on time", "20", "10"),
        }
    # saved again: the one scheme changes
    service.save_scheme(world.planner, world.plan, {**weights, "on_time": 60, "rounds": 0})
    assert AssessmentScheme.objects.get(plan=world.plan).weights["rounds"] == 0


@pytest.mark.parametrize(
    "weights",
    [
        {"on_time": 40, "targets": 30, "rounds": 20},
        {"on_time": 40, "targets": 30, "rounds": 20, "reviews": 20},
        {"on_time": -10, "targets": 50, "rounds": 50, "reviews": 10},
        {"on_time": 100.0, "targets": 0, "rounds": 0, "reviews": 0},
        {"on_time": 101, "targets": 0, "rounds": 0, "reviews": -1},
    ],
)
def test_bad_weights_are_refused(world, weights):
    with pytest.raises(service.AssessmentError):
        service.save_scheme(world.planner, world.plan, weights)
    assert not AssessmentScheme.objects.exists()
    assert not AuditEntry.objects.filter(action=service.SCHEME_SAVED).exists()


def test_an_adjustment_is_recorded_in_plain_words(world):
    service.adjust(world.planner, world.plan, world.unit_a, Decimal("2.50"), " 获省级表彰 ")
    adjustment = ScoreAdjustment.objects.get()
    assert (adjustment.reason, adjustment.signed_points) == ("获省级表彰", "+2.5")
    entry = AuditEntry.objects.get(action=service.ADJUSTED)
    with translation.override("en"):
        label, summary, changes = _read(entry)
        assert (label, summary) == ("Score adjusted", "甲区总工会 +2.5")
        assert set(changes) == {
            ("Unit", None, "甲区总工会"),
            ("Points", None, "+2.5"),
            ("Reason", None, "获省级表彰"),
        }
    with translation.override("zh-hans"):
        label, _summary, changes = _read(entry)
        assert label == "调整得分"
        assert {change[0] for change in changes} == {"单位", "分值", "理由"}


def test_the_change_log_shows_adjustments_to_planners_not_to_units(client, world):
    service.adjust(world.planner, world.plan, world.unit_b, Decimal(-3), "报送材料弄虚作假")
    url = reverse("plans:history", args=[world.plan.pk])
    client.force_login(world.planner)
    content = client.get(url).content.decode()
    assert f'data-action="{service.ADJUSTED}"' in content
    assert "报送材料弄虚作假" in content and "-3" in content
    assert service.ADJUSTED not in content.replace(f'data-action="{service.ADJUSTED}"', "")
    client.force_login(world.reporter_a)
    assert "报送材料弄虚作假" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("points", "reason"),
    [(Decimal(0), "理由"), (Decimal("100.01"), "理由"), (Decimal(-101), "理由"), (Decimal(1), " ")],
)
def test_bad_adjustments_are_refused(world, points, reason):
    with pytest.raises(service.AssessmentError):
        service.adjust(world.planner, world.plan, world.unit_a, points, reason)
    assert not ScoreAdjustment.objects.exists()
    assert not AuditEntry.objects.filter(action=service.ADJUSTED).exists()


def test_only_a_lead_unit_is_adjusted(world):
    with pytest.raises(service.AssessmentError):
        service.adjust(world.planner, world.plan, world.unit_c, Decimal(1), "无任务")
    assert set(service.assessed_units(world.plan)) == {world.unit_a, world.unit_b}
