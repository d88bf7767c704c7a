"""Time the reminder sweep on a large federation: seconds and SQL queries.

    DATABASE_URL=postgres://…/bench python bench/reminders_bench.py [--date 2026-06-01] [--reuse]

Generates (with bulk inserts) 100,000 tasks in 200 published plans with 300,000
responsibilities — a lead unit, a supporting unit and a responsible leader each — deadlines
spread over the year and most past deadlines done, then runs the sweep of one day twice: planning
only (what ``send_reminders --dry-run`` does) and recording (reminders and deliveries written,
nothing queued or sent). The goal is under 5 s each, with a number of queries that does not grow
with the data. It refuses a database that already has tasks unless ``--reuse`` is given; with it
the data is kept and only earlier reminders are removed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "bench-only-not-a-secret")
os.environ.setdefault("ALLOW_PLAIN_HTTP", "1")  # DEBUG off, no https SITE_URL: a bench, no site

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from plans.models import Leader, Plan, Responsibility, Section, Task, Unit, User  # noqa: E402
from tasks.models import Delivery, Reminder, UnitChannel  # noqa: E402
from tasks.reminders.due import due_on  # noqa: E402
from tasks.reminders.sweep import run as run_sweep  # noqa: E402

GOAL_SECONDS = 5.0
BATCH = 5000


def generate(tasks: int, plans: int, units: int, leaders: int, year: int, today) -> None:
    """The federation, its units (each with a user and an address, a third with a robot), its
    leaders (with accounts) and ``plans`` published plans sharing ``tasks`` tasks."""
    rng = random.Random(2026)
    with transaction.atomic():
        federation = Unit.objects.create(name="基准市总工会", kind=Unit.Kind.FEDERATION)
        department = Unit.objects.create(
            name="宣教部", kind=Unit.Kind.DEPARTMENT, parent=federation
        )
        unit_rows = Unit.objects.bulk_create(
            Unit(
                name=f"第{n}区总工会",
                kind=Unit.Kind.DISTRICT,
                parent=federation,
                federation=federation,
                emails=f"unit{n}@bench.example.cn",
                order=n,
            )
            for n in range(units)
        )
        User.objects.bulk_create(
            User(username=f"bench-unit-{unit.pk}", role=User.Role.REPORTER, unit=unit)
            for unit in unit_rows
        )
        UnitChannel.objects.bulk_create(
            UnitChannel(
                unit=unit,
                kind="wecom",
                config={"webhook": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={n}"},
            )
            for n, unit in enumerate(unit_rows)
            if n % 3 == 0
        )
        leader_users = User.objects.bulk_create(
            User(
                username=f"bench-leader-{n}",
                role=User.Role.LEADER,
                unit=federation,
                email=f"leader{n}@bench.example.cn",
            )
            for n in range(leaders)
        )
        leader_rows = Leader.objects.bulk_create(
            Leader(federation=federation, name=f"领导{n}", user=user)
            for n, user in enumerate(leader_users)
        )
        plan_rows = Plan.objects.bulk_create(
            Plan(
                owner=department,
                year=year,
                title=f"{year}年第{n}项工作要点",
                status=Plan.Status.PUBLISHED,
            )
            for n in range(plans)
        )
        per_plan = tasks // plans
        sections = Section.objects.bulk_create(
            (
                Section(plan=plan, label=f"{s + 1}、", title=f"第{s + 1}部分", order=s)
                for plan in plan_rows
                for s in range(max(per_plan // 50, 1))
            ),
            batch_size=BATCH,
        )
        by_plan = {}
        for section in sections:
            by_plan.setdefault(section.plan_id, []).append(section)
        first = datetime.date(year, 1, 1)
        task_rows = []
        for plan in plan_rows:
            for n in range(per_plan):
                deadline = first + datetime.timedelta(days=rng.randrange(365))
                # Most work whose deadline has passed is done; a little of the rest too.
                done = (deadline < today and rng.random() < 0.7) or rng.random() < 0.1
                task_rows.append(
                    Task(
                        plan=plan,
                        section=by_plan[plan.pk][n // 50 % len(by_plan[plan.pk])],
                        label=f"{n + 1}．",
                        title=f"第{n + 1}项任务",
                        deadline=deadline,
                        deadline_text=f"{deadline.month}月{deadline.day}日前",
                        order=n,
                        status=Task.Status.DONE if done else Task.Status.IN_PROGRESS,
                    )
                )
        task_rows = Task.objects.bulk_create(task_rows, batch_size=BATCH)
        responsibilities = []
        for task in task_rows:
            lead, supporting = rng.sample(unit_rows, 2)
            responsibilities += [
                Responsibility(task=task, role=Responsibility.Role.LEAD, unit=lead),
                Responsibility(
                    task=task, role=Responsibility.Role.SUPPORTING, unit=supporting, order=1
                ),
                Responsibility(
                    task=task, role=Responsibility.Role.LEADER, leader=rng.choice(leader_rows)
                ),
            ]
        Responsibility.objects.bulk_create(responsibilities, batch_size=BATCH)


def measure(call):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - start
    return result, seconds, len(queries)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", default="2026-06-01", help="the sweep's day (a working day)")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--leaders", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="use the data already there")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print("Run it on PostgreSQL: DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    day = datetime.date.fromisoformat(args.date)
    call_command("migrate", verbosity=0)
    if Task.objects.exists():
        if not args.reuse:
            print(
                "The database already has tasks: use an empty one, or --reuse to keep them.",
                file=sys.stderr,
            )
            return 2
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE tasks_deliveryattempt, tasks_delivery, tasks_reminder RESTART IDENTITY"
            )
    else:
        start = time.perf_counter()
        generate(args.tasks, args.plans, args.units, args.leaders, day.year, day)
        print(f"generated in {time.perf_counter() - start:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{Task.objects.count():,} tasks, {Responsibility.objects.count():,} responsibilities, "
        f"{Plan.objects.filter(status=Plan.Status.PUBLISHED).count()} published plans; "
        f"sweep of {day} ({day:%A})"
    )
    due, plan_s, plan_q = measure(lambda: due_on(day))
    recorded, record_s, record_q = measure(lambda: run_sweep(day, enqueue=False))
    again, again_s, again_q = measure(lambda: run_sweep(day, enqueue=False))
    kinds = {}
    for item in due:
        kinds[str(item.kind)] = kinds.get(str(item.kind), 0) + 1
    print(f"due: {len(due):,} reminders {kinds}")
    print(f"{'step':<32}{'seconds':>9}{'queries':>9}")
    for step, seconds, queries in [
        ("plan (--dry-run)", plan_s, plan_q),
        ("record (reminders, deliveries)", record_s, record_q),
        ("record again (nothing new)", again_s, again_q),
    ]:
        flag = "" if seconds < GOAL_SECONDS else f"  over {GOAL_SECONDS:g} s"
        print(f"{step:<32}{seconds:>9.2f}{queries:>9}{flag}")
    print(
        f"recorded {Reminder.objects.count():,} reminders and {Delivery.objects.count():,} "
        f"deliveries; the second run added {len(again.due)}."
    )
    assert len(recorded.due) == len(due)
    return 0


if __name__ == "__main__":
    sys.exit(main())
