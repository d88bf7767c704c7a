"""Generated data for benchmarks: a federation with many units and a large published plan,
with responsibilities, targets, reports and last year's plan — written with bulk inserts so
that 10,000 tasks take seconds, not minutes."""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from plans.models import Leader, Plan, Responsibility, Section, Target, Task, Unit, User
from plans.wording.deadlines import deadline_phrase
from tasks.dashboard import upkeep
from tasks.models import ProgressReport, TargetFigure

FEDERATION = "基准测试市总工会"
PASSWORD = "bench"
BATCH = 2000


@dataclass
class Seeded:
    federation: Unit
    plans: list
    previous: list
    leader: User
    planner: User
    reporter: User


def _aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _user(username, role, unit):
    user = User(username=username, role=role, unit=unit, first_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def remove():
    """Delete a previous seeding (its plans first: units are protected while used)."""
    federation = Unit.objects.filter(name=FEDERATION, federation=None).first()
    if federation is None:
        return
    members = Unit.objects.filter(federation=federation)
    Plan.objects.filter(owner__in=[federation, *members]).delete()
    User.objects.filter(unit__in=[federation, *members]).delete()
    Leader.objects.filter(federation=federation).delete()
    members.delete()
    federation.delete()


def _plan(owner, year, status, task_count, units, leaders, rng, today):
    plan = Plan.objects.create(
        owner=owner,
        year=year,
        title=f"{owner.name}{year}年宣传教育工作要点",
        status=status,
        published_at=_aware(datetime.date(year, 1, 10)),
    )
    tops = Section.objects.bulk_create(
        Section(plan=plan, label=f"{n}、", title=f"第{n}部分重点工作", order=n * 10)
        for n in range(1, 9)
    )
    subs = Section.objects.bulk_create(
        Section(plan=plan, parent=top, label=f"（{m}）", title=f"专项{m}", order=top.order + m)
        for top in tops
        for m in range(1, 5)
    )
    tasks = []
    for n in range(task_count):
        deadline = datetime.date(year, 1, 31) + datetime.timedelta(days=rng.randrange(334))
        done = (deadline < today and rng.random() < 0.7) or rng.random() < 0.1
        completed = deadline - datetime.timedelta(days=rng.randrange(-10, 30)) if done else None
        if completed and completed > today:
            completed = today
        tasks.append(
            Task(
                plan=plan,
                section=subs[n % len(subs)],
                label=f"{n + 1}．",
                title=f"第{n + 1}项重点任务",
                body="组织开展相关工作，按时报送进展。",
                deadline_text=deadline_phrase(deadline, year),
                deadline=deadline,
                order=n,
                status=Task.Status.DONE if done else rng.choice(list(Task.Status)[:2]),
                completed_at=_aware(completed) if completed else None,
            )
        )
    tasks = Task.objects.bulk_create(tasks, batch_size=BATCH)
    responsibilities, targets, reports = [], [], []
    for task in tasks:
        chosen = rng.sample(units, rng.randint(1, 4))
        responsibilities.append(Responsibility(task=task, role="lead", unit=chosen[0]))
        responsibilities += [
            Responsibility(task=task, role="supporting", unit=u) for u in chosen[1:]
        ]
        responsibilities.append(
            Responsibility(task=task, role="leader", leader=rng.choice(leaders))
        )
        if rng.random() < 0.3:
            targets.append(Target(task=task, text="新建职工书屋30家", value=30, measure="家"))
        if rng.random() < 0.5:
            reports.append(
                ProgressReport(
                    task=task,
                    unit=chosen[0],
                    role="lead",
                    text="已按计划推进",
                    percent=rng.randrange(101),
                )
            )
    Responsibility.objects.bulk_create(responsibilities, batch_size=BATCH)
    targets = Target.objects.bulk_create(targets, batch_size=BATCH)
    reports = ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    report_of = {report.task_id: report for report in reports}
    TargetFigure.objects.bulk_create(
        (
            TargetFigure(
                report=report_of[target.task_id],
                target=target,
                unit=report_of[target.task_id].unit,
                value=rng.randrange(31),
            )
            for target in targets
            if target.task_id in report_of
        ),
        batch_size=BATCH,
    )
    return plan


@transaction.atomic
def seed(units=300, tasks=10000, plans=20, today=None, rng_seed=1):
    """Create the benchmark federation with ``tasks`` tasks this year spread over ``plans``
    plans of different units (and half as many last year); replaces an earlier one."""
    today = today or timezone.localdate()
    rng = random.Random(rng_seed)
    remove()
    federation = Unit.objects.create(name=FEDERATION, kind=Unit.Kind.FEDERATION)
    departments = max(1, min(20, units // 10))
    members = Unit.objects.bulk_create(
        [
            Unit(
                name=f"部室{n}" if n <= departments else f"第{n}区县总工会",
                kind=Unit.Kind.DEPARTMENT if n <= departments else Unit.Kind.DISTRICT,
                parent=federation,
                federation=federation,
                order=n,
                emails=f"unit{n}@bench.invalid",
            )
            for n in range(1, units + 1)
        ],
        batch_size=BATCH,
    )
    leaders = Leader.objects.bulk_create(
        Leader(federation=federation, name=f"领导{n}") for n in range(1, 6)
    )
    plans = max(1, min(plans, units, tasks))
    sizes = [tasks // plans + (1 if n < tasks % plans else 0) for n in range(plans)]
    current, previous = [], []
    for owner, size in zip(members, sizes, strict=False):
        current.append(
            _plan(owner, today.year, Plan.Status.PUBLISHED, size, members, leaders, rng, today)
        )
        previous.append(
            _plan(
                owner, today.year - 1, Plan.Status.ARCHIVED, size // 2, members, leaders, rng, today
            )
        )
    seeded = Seeded(
        federation=federation,
        plans=current,
        previous=previous,
        leader=_user("bench-leader", User.Role.LEADER, federation),
        planner=_user("bench-planner", User.Role.PLANNER, members[0]),
        reporter=_user("bench-reporter", User.Role.REPORTER, members[-1]),
    )
    # The dashboard's figures counted once for the whole seeding, not change by change.
    upkeep.rebuild(today)
    return seeded
