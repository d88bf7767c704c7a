"""The reporting loop for the demo's current plan, through the real services: a closed round
(third quarter) answered by the units that have people, one answer late, with its compilation;
an open round (fourth quarter) that reporter2's unit has answered and the others have not; and
a bulletin draft on the closed round citing a good example. A newcomer sees 定期报送 → 进展情况汇总
→ 情况通报 whole, and the reminder sweep chases the units still missing."""

import datetime

from django.db import transaction

from plans.models import User
from tasks.models import ProgressReport, RoundItem, Writing
from tasks.rounds import service as rounds
from tasks.writings import service as writings
from tasks.writings.compilation import end_of

# What units answer in the demo, taken in turn.
ANSWERS = (
    "本季度按计划推进，已召开专题部署会，明确责任分工和时间节点。",
    "已完成阶段性任务，组织开展集中宣传活动3场，覆盖职工1200余人次。",
    "工作稳步推进，已形成初步方案，下一步将结合实际抓好落实。",
)


def _people(unit_ids):
    """Unit id → the unit's first active reporter (units without one cannot answer)."""
    people = {}
    reporters = User.objects.filter(unit_id__in=unit_ids, is_active=True, role=User.Role.REPORTER)
    for user in reporters.order_by("pk"):
        people.setdefault(user.unit_id, user)
    return people


def _answer_all(rnd, skip_units=(), late_units=()):
    """Answer every item of ``rnd`` whose unit has people (except ``skip_units``), dated before
    the due date (after it for ``late_units``)."""
    items = list(rnd.items.select_related("task", "task__plan", "unit").order_by("unit", "task"))
    people = _people({item.unit_id for item in items})
    answered = []
    for number, item in enumerate(items):
        user = people.get(item.unit_id)
        if user is None or item.unit.name in skip_units:
            continue
        report = rounds.answer(
            user, rnd, item.task, item.unit, text=ANSWERS[number % len(ANSWERS)], percent=50
        )
        days = 2 if item.unit.name in late_units else -3
        moment = end_of(rnd.due_date + datetime.timedelta(days=days)) - datetime.timedelta(hours=8)
        ProgressReport.objects.filter(pk=report.pk).update(created_at=moment)
        RoundItem.objects.filter(pk=item.pk).update(answered_at=moment)
        answered.append(report)
    return answered


@transaction.atomic
def add_rounds(plan, day):
    """The demo's rounds and documents on ``plan`` (published) as of ``day``."""
    planner = User.objects.filter(username="planner").first()
    quarter = rounds.open_round(
        planner,
        plan,
        name=f"{plan.year}年第三季度进展报送",
        period_start=day - datetime.timedelta(days=100),
        period_end=day - datetime.timedelta(days=10),
        due_date=day - datetime.timedelta(days=7),
        include_supporting=True,
    )
    answered = _answer_all(quarter, late_units={"夹江县总工会"})
    rounds.close(planner, quarter)
    writings.create(planner, Writing.Kind.COMPILATION, plan, rnd=quarter)
    writings.create(planner, Writing.Kind.BULLETIN, plan, rnd=quarter, examples=answered[:1])

    current = rounds.open_round(
        planner,
        plan,
        name=f"{plan.year}年第四季度进展报送",
        period_start=day - datetime.timedelta(days=9),
        # Seven days ahead: the sweep of ``day`` chases the units still missing.
        due_date=day + datetime.timedelta(days=7),
        include_supporting=True,
    )
    _answer_all(current, skip_units={"市中区总工会"})
    return quarter, current
