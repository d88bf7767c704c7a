"""Reporting rounds (tasks.rounds.service): who is asked, answers as progress reports, closed
and re-opened rounds, late answers, and two units answering at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, Task
from tasks.models import Notification, ProgressReport, RoundItem
from tasks.rounds import service

DUE = datetime.date(2099, 9, 30)


def _open(world, **kwargs):
    return service.open_round(
        world.planner, world.plan, name="2026年第三季度进展报送", due_date=DUE, **kwargs
    )


def _pairs(rnd):
    return sorted(rnd.items.values_list("unit__name", "task__title"))


def test_a_round_asks_the_lead_units_of_the_open_tasks(world):
    rnd = _open(world)
    assert _pairs(rnd) == [("乙县总工会", "乙的任务"), ("甲区总工会", "甲的任务")]


def test_supporting_units_are_asked_when_wanted(world):
    rnd = _open(world, include_supporting=True)
    assert ("乙县总工会", "甲的任务") in _pairs(rnd)


def test_done_tasks_are_left_out(world):
    Task.objects.filter(pk=world.task_b.pk).update(status=Task.Status.DONE)
    assert _pairs(_open(world)) == [("甲区总工会", "甲的任务")]


def test_only_published_plans_take_rounds(world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.DRAFT)
    world.plan.refresh_from_db()
    with pytest.raises(service.RoundError):
        _open(world)


def test_an_answer_is_a_progress_report_linked_to_the_round(world):
    rnd = _open(world)
    report = service.answer(
        world.reporter_a, rnd, world.task_a, world.unit_a, text="办了", percent=40
    )
    assert ProgressReport.objects.filter(task=world.task_a, unit=world.unit_a).get() == report
    item = RoundItem.objects.get(round=rnd, unit=world.unit_a)
    assert item.report == report
    status = {s.unit: s.as_json() for s in service.unit_statuses(rnd)}
    assert status["甲区总工会"] == {
        "unit": "甲区总工会",
        "tasks": 1,
        "answered": 1,
        "missing": 0,
        "late": 0,
    }
    assert status["乙县总工会"]["missing"] == 1


def test_a_unit_is_not_asked_about_another_units_task(world):
    rnd = _open(world)
    with pytest.raises(service.RoundError):
        service.answer(world.reporter_c, rnd, world.task_a, world.unit_c, text="x")


def test_a_closed_round_takes_no_answer_and_saves_nothing(world):
    rnd = _open(world)
    service.close(world.planner, rnd)
    with pytest.raises(service.RoundClosed):
        service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="晚了")
    assert not ProgressReport.objects.exists()


def test_a_reopened_round_keeps_its_answers(world):
    rnd = _open(world)
    service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="办了")
    service.close(world.planner, rnd)
    service.reopen(world.planner, rnd)
    rnd.refresh_from_db()
    assert rnd.is_open
    assert [s.answered for s in service.unit_statuses(rnd)].count(1) == 1
    service.answer(world.reporter_b, rnd, world.task_b, world.unit_b, text="也办了")
    assert sum(s.answered for s in service.unit_statuses(rnd)) == 2


def test_an_answer_after_the_due_date_is_late(world):
    rnd = _open(world)
    service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="办了")
    RoundItem.objects.filter(round=rnd, unit=world.unit_a).update(
        answered_at=timezone.make_aware(datetime.datetime(2099, 10, 1, 0, 5))
    )
    late = {s.unit: s.late for s in service.unit_statuses(rnd)}
    # Unit B has not answered at all: missing, not late.
    assert late == {"甲区总工会": 1, "乙县总工会": 0}


def test_an_answer_on_the_due_day_is_on_time(world):
    rnd = _open(world)
    service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="办了")
    RoundItem.objects.filter(round=rnd, unit=world.unit_a).update(
        answered_at=timezone.make_aware(datetime.datetime(2099, 9, 30, 23, 59))
    )
    assert sum(s.late for s in service.unit_statuses(rnd)) == 0


def test_the_units_asked_hear_of_the_round_with_their_count_and_due_date(world):
    rnd = _open(world, include_supporting=True)
    [notice] = Notification.objects.filter(recipient=world.reporter_b, kind="round_opened")
    assert rnd.name in notice.title
    assert "2099年9月30日" in notice.body and "2" in notice.body  # 乙 leads one, supports one
    assert notice.url == reverse("tasks:round_unit", args=[rnd.pk, world.unit_b.pk])
    [notice_a] = Notification.objects.filter(recipient=world.reporter_a, kind="round_opened")
    assert notice_a.url == reverse("tasks:round_unit", args=[rnd.pk, world.unit_a.pk])
    assert not Notification.objects.filter(recipient=world.reporter_c, kind="round_opened")
