import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from plans.models import Responsibility, Task
from tasks.models import (
    CompletionRequest,
    ProgressReport,
    Review,
    Round,
    RoundItem,
    TargetFigure,
)
from tests import factories

DEADLINE = datetime.date(2026, 6, 30)
ROUND_DUE = datetime.date(2026, 9, 30)
# After every deadline and due date of the worked example: everything in it counts.
TODAY = datetime.date(2026, 12, 1)


def at(year, month, day, hour=10, minute=0):
    """A moment in Asia/Shanghai."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def report(task, unit, when=None, role=Responsibility.Role.LEAD):
    return ProgressReport.objects.create(
        task=task, unit=unit, role=role, text="进展", percent=50, created_at=when or timezone.now()
    )


def figure(target, unit, value):
    TargetFigure.objects.create(
        report=report(target.task, unit), target=target, unit=unit, value=Decimal(value)
    )


def completion(task, unit, requested, status=Review.ACCEPTED, reviewed=None):
    """A reviewed completion request; an accepted one makes the task done when reviewed."""
    reviewed = reviewed or requested + datetime.timedelta(days=3)
    CompletionRequest.objects.create(
        task=task,
        unit=unit,
        note="已完成",
        requested_at=requested,
        status=status,
        reviewed_at=reviewed,
        review_comment="" if status == Review.ACCEPTED else "材料不全",
    )
    if status == Review.ACCEPTED:
        Task.objects.filter(pk=task.pk).update(status=Task.Status.DONE, completed_at=reviewed)


def answer(rnd, task, unit, when):
    RoundItem.objects.filter(round=rnd, task=task, unit=unit).update(
        report=report(task, unit, when), answered_at=when
    )


@pytest.fixture
def worked(world):
    """The worked example of docs/assessment.md, as of TODAY.

    Unit A (甲区总工会) leads task A and tasks A2, A3, all due 30 June:
    - task A: completion requested 20 June, accepted 2 July (late review, on-time work);
      its target 30 家 reached (20 + 10);
    - task A2: first request sent back, second requested 5 July and accepted: late;
    - task A3: not done; its target 10 场 at 4.
    → on time 1/3, targets 1/2, reviews 2/3.
    The round due 30 September asks A about tasks A and A2 (answered on the 29th, and at
    00:30 on 1 October: late) and B about task B (no answer): A 1/2, B 0/1.
    Unit B (乙县总工会) leads task B, not done, no target, no request.
    """
    unit_a, unit_b = world.unit_a, world.unit_b
    lead = Responsibility.Role.LEAD
    task_a2 = factories.TaskFactory(section=world.section, title="甲的第二项任务")
    task_a3 = factories.TaskFactory(section=world.section, title="甲的第三项任务")
    for task in (task_a2, task_a3):
        factories.ResponsibilityFactory(task=task, unit=unit_a, role=lead)
    Task.objects.filter(plan=world.plan).update(deadline=DEADLINE)

    rooms = factories.TargetFactory(task=world.task_a, value=30)
    figure(rooms, unit_a, 20)
    figure(rooms, unit_b, 10)
    talks = factories.TargetFactory(task=task_a3, text="宣讲10场", value=10, measure="场")
    figure(talks, unit_a, 4)

    completion(world.task_a, unit_a, at(2026, 6, 20), reviewed=at(2026, 7, 2))
    completion(task_a2, unit_a, at(2026, 6, 25), status=Review.REJECTED)
    completion(task_a2, unit_a, at(2026, 7, 5))

    rnd = Round.objects.create(plan=world.plan, name="第三季度进展报送", due_date=ROUND_DUE)
    for task, unit in ((world.task_a, unit_a), (task_a2, unit_a), (world.task_b, unit_b)):
        RoundItem.objects.create(round=rnd, task=task, unit=unit)
    answer(rnd, world.task_a, unit_a, at(2026, 9, 29))
    answer(rnd, task_a2, unit_a, at(2026, 10, 1, 0, 30))

    world.task_a2, world.task_a3, world.round = task_a2, task_a3, rnd
    return world
