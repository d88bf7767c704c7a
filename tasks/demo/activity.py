"""Work in progress for the demo's current plan, done through the same services units and
planners use, so that a newcomer sees reports, target figures, a completion to review, finished
work and an extension request — not an untouched plan."""

import datetime

from django.db import transaction
from django.utils import timezone

from plans.models import Responsibility, Task, User
from tasks.workspace import workflow


def _lead(task):
    return task.responsibilities.get(role=Responsibility.Role.LEAD).unit


def _user_of(unit):
    return User.objects.filter(unit=unit, is_active=True).order_by("pk").first()


@transaction.atomic
def add_activity(plan, day):
    """Reports, figures and reviews on ``plan`` (the demo's published plan) as of ``day``."""
    planner = User.objects.filter(username="planner").first()
    tasks = {task.title: task for task in plan.tasks.all()}

    def report(title, unit_name, text, percent, figures=()):
        task = tasks[title]
        unit = task.responsibilities.get(unit__name=unit_name).unit
        targets = list(task.targets.order_by("order"))
        values = {targets[n]: value for n, value in figures}
        workflow.report(_user_of(unit), task, unit, text=text, percent=percent, figures=values)

    # Finished on time, months ago: the 五一 publicity month.
    month = tasks["开展“五一”劳模工匠宣传月活动"]
    report(
        month.title,
        "宣教部",
        "集中宣传劳模工匠典型20名，开展进企业、进校园活动12场。",
        100,
        [(0, 20)],
    )
    request = workflow.request_completion(
        _user_of(_lead(month)), month, _lead(month), "已全部完成。"
    )
    workflow.review_completion(planner, request, accept=True)
    Task.objects.filter(pk=month.pk).update(
        completed_at=timezone.make_aware(
            datetime.datetime.combine(
                month.deadline - datetime.timedelta(days=3), datetime.time(16)
            )
        )
    )

    # Books rooms: the units' figures add up toward 30 家.
    rooms = "推进职工书屋建设"
    report(rooms, "宣教部", "已完成选址评估，首批书屋挂牌。", 60, [(0, 9), (1, 2)])
    report(rooms, "市中区总工会", "区内新建书屋4家。", None, [(0, 4)])
    report(rooms, "夹江县总工会", "县内新建书屋3家，另有2家在建。", None, [(0, 3)])

    # Done by the unit, waiting for the planner's review.
    stations = tasks["建设职工（农民工）文化驿站"]
    lead = _lead(stations)
    report(stations.title, lead.name, "5个文化驿站均已建成并开放。", 100, [(0, 5)])
    workflow.request_completion(_user_of(lead), stations, lead, "请审核办结。")

    # Late, and asking for more time.
    culture = tasks["开展送文化进基层活动"]
    lead = _lead(culture)
    report(culture.title, lead.name, "已开展送文化活动6场次。", 60, [(0, 6)])
    workflow.request_extension(
        _user_of(lead),
        culture,
        lead,
        proposed_deadline=datetime.date(day.year, 12, 20),
        reason="受天气影响，剩余4场次顺延至12月。",
    )

    # On its way, reported honestly behind; and a task merely acknowledged.
    report("深入开展党的创新理论宣讲", "市中区总工会", "开展基层宣讲15场次。", 40, [(0, 15)])
    news = tasks["做好工会新闻宣传"]
    workflow.acknowledge(_user_of(_lead(news)), news, _lead(news))
