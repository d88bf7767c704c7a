"""Races on PostgreSQL: two units answering at once lose nothing, an answer racing the round's
closing is counted or refused whole, and two workers opening scheduled rounds open each once."""

import datetime

import pytest

from tasks.models import ProgressReport, Round, RoundItem, RoundSchedule, RoundScheduleRun
from tasks.rounds import schedule, service
from tests.concurrency import at_once, postgresql  # noqa: F401 — a fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql")]


def test_two_units_answering_at_once_lose_nothing(world):
    rnd = service.open_round(
        world.planner, world.plan, name="报送", due_date=datetime.date(2026, 9, 30)
    )
    people = [
        (world.reporter_a, world.task_a, world.unit_a),
        (world.reporter_b, world.task_b, world.unit_b),
    ]

    def answer(i):
        user, task, unit = people[i]
        return service.answer(user, rnd, task, unit, text=f"答复{i}")

    _results, errors = at_once(2, answer)
    assert errors == [None, None]
    texts = sorted(RoundItem.objects.filter(round=rnd).values_list("report__text", flat=True))
    assert texts == ["答复0", "答复1"]


def test_the_lead_and_the_supporting_unit_answering_one_task_at_once_lose_nothing(world):
    rnd = service.open_round(
        world.planner,
        world.plan,
        name="报送",
        due_date=datetime.date(2026, 9, 30),
        include_supporting=True,
    )
    people = [(world.reporter_a, world.unit_a), (world.reporter_b, world.unit_b)]

    def answer(i):
        user, unit = people[i]
        return service.answer(user, rnd, world.task_a, unit, text=f"答复{i}", percent=10 * i)

    _results, errors = at_once(2, answer)
    assert errors == [None, None]
    items = RoundItem.objects.filter(round=rnd, task=world.task_a).order_by("unit__name")
    assert sorted(items.values_list("unit__name", "report__text")) == [
        ("乙县总工会", "答复1"),
        ("甲区总工会", "答复0"),
    ]
    assert ProgressReport.objects.filter(task=world.task_a).count() == 2


def test_an_answer_and_the_closing_at_once_never_leave_half_an_answer(world):
    rnd = service.open_round(
        world.planner, world.plan, name="报送", due_date=datetime.date(2026, 9, 30)
    )

    def act(i):
        if i == 0:
            return service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="赶上了")
        return service.close(world.planner, rnd)

    _results, errors = at_once(2, act)
    assert errors[1] is None
    item = RoundItem.objects.get(round=rnd, unit=world.unit_a)
    if errors[0] is None:
        # Served before the closing: the answer counts.
        assert item.report.text == "赶上了"
    else:
        # Served after it: refused whole, nothing saved.
        assert isinstance(errors[0], service.RoundClosed)
        assert item.report is None
        assert not ProgressReport.objects.exists()


def test_two_workers_opening_scheduled_rounds_at_once_open_one(world):
    RoundSchedule.objects.create(plan=world.plan, starts_on=datetime.date(2026, 7, 1))
    day = datetime.date(2026, 9, 20)
    results, errors = at_once(4, lambda _i: schedule.open_due_rounds(day))
    assert errors == [None] * 4
    assert sorted(len(opened) for opened in results) == [0, 0, 0, 1]
    assert Round.objects.count() == 1
    assert RoundScheduleRun.objects.get().round == Round.objects.get()
