"""Scores (tasks.assessment.scoring) checked against figures computed by hand: the worked
example of docs/assessment.md, the weights at their boundaries, nothing counted yet, a returned
completion, a late round answer (by Asia/Shanghai's day), ties and rounding."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from plans.models import Plan, Responsibility, Task
from tasks.assessment import scoring, service
from tasks.models import AssessmentScheme, CompletionRequest, Review, Round, RoundItem
from tests import factories
from tests.growth import grow
from tests.tasks.assessment.conftest import TODAY, answer, at, completion


def _figures(row):
    """Criterion → (counted, achieved, points) of a unit's row."""
    return {c.name: (c.counted, c.achieved, c.points) for c in row.criteria}


def _rows(plan, today=TODAY):
    return {row.unit: row for row in scoring.table(plan, today).rows}


def test_the_worked_example(worked):
    rows = _rows(worked.plan)
    a, b = rows["甲区总工会"], rows["乙县总工会"]
    # 40 × 1/3, 30 × 1/2, 20 × 1/2, 10 × 2/3 (default weights)
    assert _figures(a) == {
        "on_time": (3, 1, Decimal("13.33")),
        "targets": (2, 1, Decimal("15.00")),
        "rounds": (2, 1, Decimal("10.00")),
        "reviews": (3, 2, Decimal("6.67")),
    }
    assert a.total == Decimal("45.00")
    # nothing on time, no target (full 30), no answer, no request (full 10)
    assert _figures(b) == {
        "on_time": (1, 0, Decimal("0.00")),
        "targets": (0, 0, Decimal("30.00")),
        "rounds": (1, 0, Decimal("0.00")),
        "reviews": (0, 0, Decimal("10.00")),
    }
    assert b.total == Decimal("40.00")
    assert (a.rank, b.rank) == (1, 2)


def test_rows_follow_the_federations_unit_order(worked):
    worked.unit_a.order, worked.unit_b.order = 2, 1
    worked.unit_a.save()
    worked.unit_b.save()
    assert [row.unit for row in scoring.table(worked.plan, TODAY).rows] == [
        "乙县总工会",
        "甲区总工会",
    ]
    assert [row.unit for row in scoring.table(worked.plan, TODAY).ranked] == [
        "甲区总工会",
        "乙县总工会",
    ]


def test_only_lead_units_are_scored(worked):
    # unit B supports task A and unit C has no task: B is scored for task B only, C not at all
    assert set(_rows(worked.plan)) == {"甲区总工会", "乙县总工会"}


@pytest.mark.parametrize(
    ("weights", "total_a", "total_b"),
    [
        # one criterion takes everything: the others give nothing, whatever was achieved
        ({"on_time": 100, "targets": 0, "rounds": 0, "reviews": 0}, "33.33", "0.00"),
        ({"on_time": 0, "targets": 100, "rounds": 0, "reviews": 0}, "50.00", "100.00"),
        ({"on_time": 0, "targets": 0, "rounds": 100, "reviews": 0}, "50.00", "0.00"),
        ({"on_time": 0, "targets": 0, "rounds": 0, "reviews": 100}, "66.67", "100.00"),
        # 25 × 1/3 = 8.33, 25 × 1/2 = 12.50 twice, 25 × 2/3 = 16.67; B: 0 + 25 + 0 + 25
        ({"on_time": 25, "targets": 25, "rounds": 25, "reviews": 25}, "50.00", "50.00"),
    ],
)
def test_weights_at_their_boundaries(worked, weights, total_a, total_b):
    service.save_scheme(worked.planner, worked.plan, weights)
    rows = _rows(worked.plan)
    assert rows["甲区总工会"].total == Decimal(total_a)
    assert rows["乙县总工会"].total == Decimal(total_b)
    zero = [name for name, weight in weights.items() if weight == 0]
    for row in rows.values():
        assert all(row.criterion(name).points == 0 for name in zero)


def test_a_scheme_must_total_100(worked):
    with pytest.raises(service.AssessmentError, match="90"):
        service.save_scheme(
            worked.planner,
            worked.plan,
            {"on_time": 40, "targets": 30, "rounds": 10, "reviews": 10},
        )
    with pytest.raises(IntegrityError):
        AssessmentScheme.objects.create(plan=worked.plan, on_time=50)  # 50+30+20+10


def test_all_on_time_scores_full_marks(world):
    completion(world.task_a, world.unit_a, at(2026, 12, 20), reviewed=at(2027, 1, 5))
    completion(world.task_b, world.unit_b, at(2026, 12, 31, 23, 59))
    rows = _rows(world.plan, datetime.date(2027, 1, 10))
    for row in rows.values():
        assert row.criterion("on_time").counted == row.criterion("on_time").achieved == 1
        assert row.total == Decimal("100.00")


def test_none_achieved_scores_nothing(world):
    """Everything due and nothing achieved: tasks late, targets short, answers missing, the only
    completion request sent back."""
    factories.TargetFactory(task=world.task_a, value=5)
    rnd = Round.objects.create(plan=world.plan, name="报送", due_date=datetime.date(2026, 9, 30))
    RoundItem.objects.create(round=rnd, task=world.task_a, unit=world.unit_a)
    completion(world.task_a, world.unit_a, at(2026, 12, 1), status=Review.REJECTED)
    row = _rows(world.plan, datetime.date(2027, 1, 10))["甲区总工会"]
    assert _figures(row) == {
        "on_time": (1, 0, Decimal("0.00")),
        "targets": (1, 0, Decimal("0.00")),
        "rounds": (1, 0, Decimal("0.00")),
        "reviews": (1, 0, Decimal("0.00")),
    }
    assert row.total == 0


def test_nothing_due_yet_gives_full_weights(world):
    """Early in the year nothing is due: no criterion counts against a unit."""
    rows = _rows(world.plan, datetime.date(2026, 3, 1))
    for row in rows.values():
        assert all(not c.applicable for c in row.criteria)
        assert row.total == Decimal("100.00")
        assert row.rank == 1  # a tie: both first


def test_early_work_counts_before_the_deadline(world):
    completion(world.task_a, world.unit_a, at(2026, 3, 1))
    row = _rows(world.plan, datetime.date(2026, 4, 1))["甲区总工会"]
    assert row.criterion("on_time").counted == row.criterion("on_time").achieved == 1


def test_a_returned_completion_counts_against(world):
    completion(world.task_a, world.unit_a, at(2026, 5, 1), status=Review.REJECTED)
    row = _rows(world.plan, datetime.date(2026, 6, 1))["甲区总工会"]
    assert _figures(row)["reviews"] == (1, 0, Decimal("0.00"))
    completion(world.task_a, world.unit_a, at(2026, 5, 10))
    row = _rows(world.plan, datetime.date(2026, 6, 1))["甲区总工会"]
    assert _figures(row)["reviews"] == (2, 1, Decimal("5.00"))
    # a request still waiting for review is not counted yet
    CompletionRequest.objects.create(task=world.task_b, unit=world.unit_b, note="请审核")
    row = _rows(world.plan, datetime.date(2026, 6, 1))["乙县总工会"]
    assert _figures(row)["reviews"] == (0, 0, Decimal("10.00"))


def test_a_late_round_answer_is_late_by_shanghai_time(worked):
    item = RoundItem.objects.get(round=worked.round, task=worked.task_a)
    # 23:59 on the due day in Shanghai (15:59 UTC): on time
    answer(worked.round, worked.task_a, worked.unit_a, at(2026, 9, 30, 23, 59))
    assert _figures(_rows(worked.plan)["甲区总工会"])["rounds"][:2] == (2, 1)
    # 00:30 the next day in Shanghai, still 30 September in UTC: late
    answer(worked.round, worked.task_a, worked.unit_a, at(2026, 10, 1, 0, 30))
    item.refresh_from_db()
    assert item.answered_at.astimezone(datetime.UTC).date() == datetime.date(2026, 9, 30)
    assert _figures(_rows(worked.plan)["甲区总工会"])["rounds"][:2] == (2, 0)


def test_a_round_not_yet_due_counts_only_its_answers(worked):
    worked.round.due_date = datetime.date(2026, 12, 31)
    worked.round.save()
    rows = _rows(worked.plan)  # TODAY is 1 December
    assert _figures(rows["甲区总工会"])["rounds"][:2] == (2, 2)  # both answered in time
    assert _figures(rows["乙县总工会"])["rounds"][:2] == (0, 0)  # not missing yet


def test_a_task_finished_late_is_counted_not_achieved(world):
    completion(world.task_a, world.unit_a, at(2027, 1, 2))  # deadline 31 December
    row = _rows(world.plan, datetime.date(2027, 1, 10))["甲区总工会"]
    assert row.criterion("on_time").counted == 1
    assert row.criterion("on_time").achieved == 0


def test_a_done_task_without_deadline_is_on_time(world):
    Task.objects.filter(pk=world.task_a.pk).update(deadline=None)
    completion(world.task_a, world.unit_a, at(2026, 8, 1))
    row = _rows(world.plan)["甲区总工会"]
    assert _figures(row)["on_time"] == (1, 1, Decimal("40.00"))


def test_adjustments_add_to_the_total_and_ties_share_a_rank(worked):
    service.adjust(worked.planner, worked.plan, worked.unit_b, Decimal("5"), "获省级表彰")
    rows = _rows(worked.plan)
    assert rows["乙县总工会"].adjustment == Decimal("5")
    assert rows["乙县总工会"].total == rows["甲区总工会"].total == Decimal("45.00")
    assert rows["乙县总工会"].rank == rows["甲区总工会"].rank == 1
    service.adjust(worked.planner, worked.plan, worked.unit_a, Decimal("-1.5"), "报送材料有误")
    rows = _rows(worked.plan)
    assert rows["甲区总工会"].total == Decimal("43.50")
    assert rows["甲区总工会"].adjustment_display == "-1.5"
    assert (rows["乙县总工会"].rank, rows["甲区总工会"].rank) == (1, 2)


def test_points_round_half_up():
    assert scoring.points(25, 1, 8) == Decimal("3.13")  # 3.125
    assert scoring.points(10, 2, 3) == Decimal("6.67")
    assert scoring.points(0, 0, 5) == 0
    assert scoring.points(30, 0, 0) == Decimal("30.00")


def test_several_plans_at_once_stay_apart(worked, django_assert_num_queries):
    other = factories.PlanFactory(owner=worked.propaganda, status=Plan.Status.PUBLISHED)
    task = factories.TaskFactory(section=factories.SectionFactory(plan=other))
    factories.ResponsibilityFactory(task=task, unit=worked.unit_c, role=Responsibility.Role.LEAD)
    with django_assert_num_queries(6):
        found = scoring.tables([worked.plan, other], TODAY)
    assert {row.unit for row in found[other.pk].rows} == {"丙区总工会"}
    assert found[worked.plan.pk].row_of(worked.unit_a.pk).total == Decimal("45.00")


def test_scores_take_six_queries_however_much_work(world, django_assert_num_queries):
    grow(world, tasks=5, units=2, reports=True, requests=True)
    with django_assert_num_queries(6):
        scoring.table(world.plan, TODAY)
    grow(world, tasks=40, units=10, reports=True, requests=True)
    grow(world, tasks=20, lead=[world.unit_c, world.unit_b], statuses=[Task.Status.DONE])
    with django_assert_num_queries(6):
        table = scoring.table(world.plan, TODAY)
    assert {row.unit for row in table.rows} == {"甲区总工会", "乙县总工会", "丙区总工会"}
