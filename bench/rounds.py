"""Time the exports of a round's compilation: Word and Excel, seconds and SQL queries.

    DATABASE_URL=postgres://…/bench python bench/rounds.py [--units 300] [--tasks 500]

Generates (with bulk inserts, inside a transaction rolled back at the end: the database is left
as it was) a federation of ``--units`` units and a published plan of ``--tasks`` tasks in 10
sections, each task led by one unit and supported by two, a third of them with a target; opens a
round asking lead and supporting units (three answers a task), two thirds of them answered with
a text, a percent and figures. Then it times the compilation as Word (gathered, written as text
and laid out in the 公文 layout) and as Excel (a row per task and unit), the median of
``--runs``, and counts their SQL queries at this size and at a tenth of it: the count must not
grow with the round. The goal is under 5 s each.
"""

from __future__ import annotations

import argparse
import os
import statistics
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

import datetime  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from plans.models import Plan, Responsibility, Section, Target, Task, Unit  # noqa: E402
from tasks.models import ProgressReport, Round, RoundItem, TargetFigure, Writing  # noqa: E402
from tasks.writings import compilation, export, service, workbook  # noqa: E402

GOAL_SECONDS = 5.0
SECTIONS = 10


class Rollback(Exception):
    """Raised to leave the generated data behind."""


def generate(units: int, tasks: int, tag: str) -> Round:
    """A federation, its plan and a round over every task, two thirds answered."""
    federation = Unit.objects.create(name=f"基准市总工会{tag}", kind=Unit.Kind.FEDERATION)
    owner = Unit.objects.create(name="宣教部", kind=Unit.Kind.DEPARTMENT, parent=federation)
    members = Unit.objects.bulk_create(
        Unit(name=f"第{n}区总工会", parent=federation, federation=federation, order=n)
        for n in range(units)
    )
    plan = Plan.objects.create(
        owner=owner, year=2026, title=f"2026年宣传教育工作要点{tag}", status="published"
    )
    sections = Section.objects.bulk_create(
        Section(plan=plan, label=f"{n + 1}、", title=f"第{n + 1}部分", order=n)
        for n in range(SECTIONS)
    )
    rows = Task.objects.bulk_create(
        Task(
            plan=plan,
            section=sections[n % SECTIONS],
            label=f"{n + 1}．",
            title=f"第{n + 1}项任务",
            deadline=datetime.date(2026, 12, 31),
            deadline_text="全年",
            order=n,
        )
        for n in range(tasks)
    )
    lead, supporting = Responsibility.Role.LEAD, Responsibility.Role.SUPPORTING
    Responsibility.objects.bulk_create(
        Responsibility(task=task, role=role, unit=members[(n + step) % units], order=order)
        for n, task in enumerate(rows)
        for order, (role, step) in enumerate(((lead, 0), (supporting, 1), (supporting, 7)))
    )
    targets = Target.objects.bulk_create(
        Target(task=task, text="新建职工书屋30家", value=30, measure="家") for task in rows[::3]
    )
    target_of = {target.task_id: target for target in targets}
    rnd = Round.objects.create(
        plan=plan, name="2026年第三季度进展报送", due_date=datetime.date(2026, 9, 30)
    )
    items = RoundItem.objects.bulk_create(
        RoundItem(round=rnd, task_id=r.task_id, unit_id=r.unit_id)
        for r in Responsibility.objects.filter(task__plan=plan)
    )
    now = timezone.now()
    answered = [item for n, item in enumerate(items) if n % 3]
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            task_id=item.task_id,
            unit_id=item.unit_id,
            role="lead",
            text=f"本季度第{n}次报送：已召开部署会，开展活动3场，覆盖职工1200人次。",
            percent=50,
            created_at=now,
        )
        for n, item in enumerate(answered)
    )
    for item, report in zip(answered, reports, strict=True):
        item.report, item.answered_at = report, now
    RoundItem.objects.bulk_update(answered, ["report", "answered_at"])
    TargetFigure.objects.bulk_create(
        TargetFigure(report=r, target=target_of[r.task_id], unit_id=r.unit_id, value=3)
        for r in reports
        if r.task_id in target_of
    )
    return Round.objects.select_related("plan", "plan__owner").get(pk=rnd.pk)


def word(rnd):
    return export.docx(service.draft(Writing.Kind.COMPILATION, rnd.plan, rnd=rnd))


def excel(rnd):
    return workbook.xlsx(compilation.gather(rnd), compilation.title(rnd))


def measure(function, rnd, runs):
    """(median seconds, bytes, queries) of ``function(rnd)``."""
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        data = function(rnd)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        function(rnd)
    return statistics.median(times), len(data), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    slow = False
    try:
        with transaction.atomic():
            small = generate(max(args.units // 10, 10), max(args.tasks // 10, 10), "（小）")
            large = generate(args.units, args.tasks, "")
            answers = large.items.count()
            print(
                f"Round of {args.units} units and {args.tasks} tasks: {answers} answers asked, "
                f"{large.items.filter(report__isnull=False).count()} given."
            )
            print(f"{'export':<8}{'seconds':>9}{'size (kB)':>11}{'queries':>9}{'(a tenth)':>11}")
            for name, function in (("Word", word), ("Excel", excel)):
                seconds, size, queries = measure(function, large, args.runs)
                _seconds, _size, few = measure(function, small, 1)
                flag = "  ← slower than the goal" if seconds > GOAL_SECONDS else ""
                flag += "  ← queries grow with the round" if queries != few else ""
                slow = slow or bool(flag)
                print(f"{name:<8}{seconds:>9.2f}{size / 1024:>11.0f}{queries:>9}{few:>11}{flag}")
            raise Rollback
    except Rollback:
        pass
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
