"""The assessment's pages: the table for each role, the scheme and adjustment forms with bad
input, constant queries as the plan grows, and the block on the leaders' dashboard."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import AuditEntry, Plan, Responsibility, Task
from tasks.assessment import service
from tasks.models import AssessmentScheme, ScoreAdjustment
from tests.growth import grow
from tests.tasks.assessment.conftest import TODAY


@pytest.fixture
def today(monkeypatch):
    """The pages score as of the worked example's day."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def _page(client, user, plan):
    client.force_login(user)
    response = client.get(reverse("tasks:assessment", args=[plan.pk]))
    assert response.status_code == 200
    return response


def test_planners_see_every_row_with_its_breakdown(client, worked, today):
    service.adjust(worked.planner, worked.plan, worked.unit_a, Decimal(2), "经验被省总推广")
    response = _page(client, worked.planner, worked.plan)
    rows = {row.unit: row for row in response.context["rows"]}
    assert rows["甲区总工会"].total == Decimal("47.00") and rows["甲区总工会"].rank == 1
    content = response.content.decode()
    for shown in ("13.33", "1 / 3", "15.00", "6.67", "+2", "47.00", "40.00", "经验被省总推广"):
        assert shown in content
    assert 'data-testid="rank"' in content
    assert reverse("tasks:assessment_adjust", args=[worked.plan.pk]) in content
    assert reverse("tasks:assessment_scheme", args=[worked.plan.pk]) in content
    assert "on_time" not in content.replace('data-criterion="on_time"', "")


def test_leaders_see_the_table_but_change_nothing(client, worked, today):
    content = _page(client, worked.leader, worked.plan).content.decode()
    assert "甲区总工会" in content and "乙县总工会" in content
    assert reverse("tasks:assessment_export", args=[worked.plan.pk]) in content
    assert reverse("tasks:assessment_adjust", args=[worked.plan.pk]) not in content


def test_a_unit_sees_its_own_row_only(client, worked, today):
    service.adjust(worked.planner, worked.plan, worked.unit_a, Decimal(2), "甲的加分理由")
    service.adjust(worked.planner, worked.plan, worked.unit_b, Decimal(-1), "乙的扣分理由")
    response = _page(client, worked.reporter_b, worked.plan)
    assert [row.unit for row in response.context["rows"]] == ["乙县总工会"]
    content = response.content.decode()
    assert "甲区总工会" not in content.split('data-testid="assessment-table"')[1]
    assert "乙的扣分理由" in content and "甲的加分理由" not in content
    assert 'data-testid="rank"' not in content
    assert reverse("tasks:assessment_export", args=[worked.plan.pk]) not in content


def test_a_unit_leading_nothing_is_told_so(client, world, today):
    Responsibility.objects.create(
        task=world.task_b, unit=world.unit_c, role=Responsibility.Role.SUPPORTING
    )
    response = _page(client, world.reporter_c, world.plan)
    assert response.context["rows"] == []
    assert 'data-testid="not-assessed"' in response.content.decode()


def test_a_draft_has_no_assessment(client, world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.DRAFT)
    client.force_login(world.planner)
    for name in ("tasks:assessment", "tasks:assessment_scheme", "tasks:assessment_export"):
        assert client.get(reverse(name, args=[world.plan.pk])).status_code == 404


def test_an_archived_plan_is_still_assessed(client, world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.ARCHIVED)
    client.force_login(world.planner)
    response = client.post(
        reverse("tasks:assessment_adjust", args=[world.plan.pk]),
        {"unit": world.unit_a.pk, "points": "1", "reason": "年终补充"},
    )
    assert response.status_code == 302
    assert ScoreAdjustment.objects.count() == 1


# --- The scheme's form --------------------------------------------------------------------------


def _post_scheme(client, world, **weights):
    client.force_login(world.planner)
    return client.post(reverse("tasks:assessment_scheme", args=[world.plan.pk]), weights)


def test_the_scheme_form_starts_from_the_defaults_and_saves(client, world):
    client.force_login(world.planner)
    response = client.get(reverse("tasks:assessment_scheme", args=[world.plan.pk]))
    assert response.context["form"].initial == {
        "on_time": 40,
        "targets": 30,
        "rounds": 20,
        "reviews": 10,
    }
    response = _post_scheme(client, world, on_time="70", targets="０", rounds="20", reviews="10")
    assert response["Location"] == reverse("tasks:assessment", args=[world.plan.pk])
    assert AssessmentScheme.objects.get().weights == {
        "on_time": 70,
        "targets": 0,
        "rounds": 20,
        "reviews": 10,
    }
    assert AuditEntry.objects.filter(action=service.SCHEME_SAVED).count() == 1
    page = client.get(reverse("tasks:assessment", args=[world.plan.pk])).content.decode()
    assert 'data-testid="weights"' in page and "70" in page


@pytest.mark.parametrize(
    ("weights", "field", "message"),
    [
        ({"on_time": "40", "targets": "30", "rounds": "10", "reviews": "10"}, None, "90"),
        ({"on_time": "60", "targets": "30", "rounds": "20", "reviews": "10"}, None, "120"),
        ({"on_time": "abc", "targets": "30", "rounds": "20", "reviews": "10"}, "on_time", ""),
        ({"on_time": "²", "targets": "30", "rounds": "20", "reviews": "10"}, "on_time", ""),
        ({"on_time": "50", "targets": "-10", "rounds": "50", "reviews": "10"}, "targets", ""),
        ({"on_time": "40.5", "targets": "29.5", "rounds": "20", "reviews": "10"}, "on_time", ""),
        ({"on_time": "101", "targets": "0", "rounds": "0", "reviews": "0"}, "on_time", ""),
        ({"targets": "30", "rounds": "20", "reviews": "10"}, "on_time", ""),
    ],
)
def test_bad_weights_are_explained_and_kept(client, world, weights, field, message):
    response = _post_scheme(client, world, **weights)
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field) if field else form.non_field_errors()
    assert errors and message in " ".join(errors)
    content = response.content.decode()
    for value in weights.values():
        assert f'value="{value}"' in content  # what was typed is still there
    assert not AssessmentScheme.objects.exists()


# --- Adjusting a score --------------------------------------------------------------------------


def _adjust(client, world, **data):
    client.force_login(world.planner)
    return client.post(reverse("tasks:assessment_adjust", args=[world.plan.pk]), data)


def test_an_adjustment_is_saved_and_shown(client, world):
    response = _adjust(client, world, unit=world.unit_b.pk, points="-1.5", reason="材料迟报")
    assert response.status_code == 302
    adjustment = ScoreAdjustment.objects.get()
    assert (adjustment.unit, adjustment.points, adjustment.created_by) == (
        world.unit_b,
        Decimal("-1.5"),
        world.planner,
    )
    page = client.get(reverse("tasks:assessment", args=[world.plan.pk])).content.decode()
    assert "材料迟报" in page and "-1.5" in page


def test_the_adjustment_form_offers_the_lead_units_and_preselects_one(client, world):
    client.force_login(world.planner)
    url = reverse("tasks:assessment_adjust", args=[world.plan.pk])
    response = client.get(url, {"unit": world.unit_b.pk})
    form = response.context["form"]
    assert set(form.fields["unit"].queryset) == {world.unit_a, world.unit_b}
    assert form.initial["unit"] == world.unit_b.pk
    for bad in ("x", "²", "-1", str(2**70)):
        assert client.get(url, {"unit": bad}).status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"points": "2", "reason": ""}, "reason"),
        ({"points": "2", "reason": "   "}, "reason"),
        ({"points": "0", "reason": "理由"}, "points"),
        ({"points": "abc", "reason": "理由"}, "points"),
        ({"points": "1e9", "reason": "理由"}, "points"),
        ({"points": "NaN", "reason": "理由"}, "points"),
        ({"points": "100.5", "reason": "理由"}, "points"),
        ({"points": "1.234", "reason": "理由"}, "points"),
        ({"points": "2", "reason": "理由", "unit": "OTHER"}, "unit"),
        ({"points": "2", "reason": "理由", "unit": "²"}, "unit"),
    ],
)
def test_bad_adjustments_are_explained_and_kept(client, world, data, field):
    data = {"unit": world.unit_a.pk, **data}
    if data["unit"] == "OTHER":
        data["unit"] = world.unit_c.pk  # leads no task of the plan
    response = _adjust(client, world, **data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    content = response.content.decode()
    if data["reason"].strip():
        assert data["reason"] in content
    assert f'value="{data["points"]}"' in content
    assert not ScoreAdjustment.objects.exists()
    # outlined in red as every form's field in error, and its message read with it
    for name in ("unit", "points", "reason"):
        tag = re.search(rf'<(?:input|select|textarea)\b[^>]*name="{name}"[^>]*>', content).group()
        classes = re.search(r'class="([^"]*)"', tag).group(1).split()
        assert ("is-invalid" in classes) == (name == field), tag
    tag = re.search(rf'<(?:input|select|textarea)\b[^>]*name="{field}"[^>]*>', content).group()
    assert 'aria-invalid="true"' in tag
    described = re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()
    error = re.search(r'id="([^"]*)"[^>]*data-testid="field-error"', content).group(1)
    assert error in described


# --- Queries ------------------------------------------------------------------------------------


def _grow(world, count):
    units = [world.unit_a, world.unit_b, world.unit_c]
    grow(
        world,
        tasks=count,
        statuses=(Task.Status.NOT_STARTED, Task.Status.DONE),
        lead=units,
        supporting=units,
        leader=None,
        reports=True,
        units=count // 5,
    )
    for unit in units:
        service.adjust(world.planner, world.plan, unit, Decimal(1), f"加分{count}")


@pytest.mark.parametrize("role", ["planner", "reporter_a"])
def test_the_table_takes_constant_queries(client, world, django_assert_num_queries, role):
    client.force_login(world.user(role))
    url = reverse("tasks:assessment", args=[world.plan.pk])
    for size in (5, 60):
        _grow(world, size)
        # session, user, unit, unread count; the plan; six for the scores; the adjustments
        with django_assert_num_queries(12):
            assert client.get(url).status_code == 200


def test_the_export_takes_constant_queries(client, world, django_assert_num_queries):
    client.force_login(world.leader)
    url = reverse("tasks:assessment_export", args=[world.plan.pk])
    for size in (5, 60):
        _grow(world, size)
        # session, user, unit; the plan; six for the scores; the adjustments
        with django_assert_num_queries(11):
            assert client.get(url).status_code == 200


# --- The dashboard ------------------------------------------------------------------------------


def test_leaders_see_the_first_units_on_the_dashboard(client, worked, today):
    service.adjust(worked.planner, worked.plan, worked.unit_b, Decimal(10), "专项工作突出")
    client.force_login(worked.leader)
    response = client.get(reverse("tasks:dashboard"), {"year": 2026})
    [(plan, top)] = response.context["assessments"]
    assert plan == worked.plan
    assert [(row.rank, row.unit, row.total) for row in top] == [
        (1, "乙县总工会", Decimal("50.00")),
        (2, "甲区总工会", Decimal("45.00")),
    ]
    content = response.content.decode()
    assert 'data-testid="assessment-block"' in content
    assert reverse("tasks:assessment", args=[worked.plan.pk]) in content


def test_the_dashboard_block_follows_the_plan_chosen(client, world):
    other = Plan.objects.create(
        owner=world.propaganda, year=2026, title="另一份要点", status=Plan.Status.PUBLISHED
    )
    client.force_login(world.leader)
    response = client.get(reverse("tasks:dashboard"), {"year": 2026})
    assert {plan for plan, _top in response.context["assessments"]} == {world.plan, other}
    response = client.get(reverse("tasks:dashboard"), {"year": 2026, "plan": other.pk})
    assert [plan for plan, _top in response.context["assessments"]] == [other]
