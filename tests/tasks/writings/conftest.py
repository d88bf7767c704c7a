"""A round with answers given, given late and missing, for the documents' tests."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from plans.models import Leader, Responsibility
from tasks.models import RoundItem
from tasks.rounds import service as rounds
from tests import factories

DUE = datetime.date(2026, 9, 30)


def at(day, hour=10):
    """A moment of ``day`` in Asia/Shanghai."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def dw(world):
    """The ``world`` with a round (``dw.round``) due on 30 September 2026 that asks unit A and
    unit B about task A (lead A, supporting B; a target of 30 书屋; leader 张副主席), unit B
    about task B and unit C about task C. Unit A answered on time with 60 % and 28 书屋, unit B
    answered task B late; unit B on task A and unit C are missing."""
    world.target = factories.TargetFactory(
        task=world.task_a, text="新建市级职工书屋30家", value=30, measure="家"
    )
    leader = Leader.objects.create(federation=world.federation, name="张副主席")
    Responsibility.objects.create(task=world.task_a, role=Responsibility.Role.LEADER, leader=leader)
    world.task_c = factories.TaskFactory(section=world.section, title="丙的任务")
    factories.ResponsibilityFactory(
        task=world.task_c, unit=world.unit_c, role=Responsibility.Role.LEAD
    )
    world.round = rounds.open_round(
        world.planner,
        world.plan,
        name="2026年第三季度进展报送",
        due_date=DUE,
        include_supporting=True,
    )
    world.answer_a = rounds.answer(
        world.reporter_a,
        world.round,
        world.task_a,
        world.unit_a,
        text="已完成选址评估，首批书屋挂牌。\n区内新建书屋28家。",
        percent=60,
        figures={world.target: 28},
    )
    world.answer_b = rounds.answer(
        world.reporter_b, world.round, world.task_b, world.unit_b, text="乙县已开展宣讲12场。"
    )
    RoundItem.objects.filter(round=world.round, unit=world.unit_a).update(
        answered_at=at(DUE - datetime.timedelta(days=2))
    )
    RoundItem.objects.filter(round=world.round, task=world.task_b).update(
        answered_at=at(DUE + datetime.timedelta(days=3))
    )
    return world


@pytest.fixture
def queued(monkeypatch):
    """The delivery ids handed to the queue once their transaction commits; nothing is sent."""
    calls = []

    def enqueue(ids, *, countdown=None):
        transaction.on_commit(lambda: calls.append(list(ids)))
        return len(ids)

    monkeypatch.setattr("tasks.reminders.delivery.enqueue", enqueue)
    return calls


@pytest.fixture
def timed(dw):
    """``dw`` as of 10 October 2026 (``dw.now``): task A (lead A, leader 张副主席) was due on 15
    September and is in progress, overdue; task B (lead B) was done on time; task C (lead C)
    was done late."""
    from plans.models import Task

    def set_task(task, deadline, status, completed=None):
        Task.objects.filter(pk=task.pk).update(
            deadline=deadline,
            deadline_text=f"{deadline.month}月{deadline.day}日前",
            status=status,
            completed_at=at(completed) if completed else None,
        )

    year = 2026
    set_task(dw.task_a, datetime.date(year, 9, 15), Task.Status.IN_PROGRESS)
    set_task(dw.task_b, datetime.date(year, 9, 20), Task.Status.DONE, datetime.date(year, 9, 18))
    set_task(dw.task_c, datetime.date(year, 9, 25), Task.Status.DONE, datetime.date(year, 9, 28))
    dw.now = at(datetime.date(year, 10, 10))
    return dw
