"""What the maintained figures cost on a seeded database: the rebuild, taking in one report
and one acknowledgement, counting a new day, one build of the dashboard (unfiltered and
filtered) in the process, against the same dashboard counted from every task the way it was
before, and the review queue's units not acknowledged read from them, with nothing waiting to
be taken in and with the changes of 300 and 5,000 tasks waiting.

    DATABASE_URL=postgres://…/a_bench_db python bench/figures.py [--runs 7] [--no-rebuild]

Seed the database first (``manage.py seed_bench``). The report is made in a transaction that
is rolled back; the day counted is tomorrow, then today again. Prints medians in ms.
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard_sql import _environment  # noqa: E402


def _ms(call, runs):
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        values.append((time.perf_counter() - started) * 1000)
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-rebuild", action="store_true")
    args = parser.parse_args()
    _environment()
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from plans.models import Task, User
    from tasks.dashboard import upkeep
    from tasks.dashboard.board import build
    from tasks.dashboard.filters import Filters
    from tasks.models import (
        Acknowledgement,
        CountedTask,
        FigureChange,
        ProgressReport,
        SectionCount,
        UnitCount,
        WeekCount,
    )
    from tasks.workspace import review
    from tests.tasks.dashboard.reference import recount

    today = timezone.localdate()
    leader = User.objects.select_related("unit").get(username="bench-leader")
    if not args.no_rebuild:
        started = time.perf_counter()
        upkeep.rebuild(today)
        print(f"rebuild: {time.perf_counter() - started:.1f} s")
    print(
        f"{Task.objects.count():,} tasks; kept rows: {SectionCount.objects.count():,} sections, "
        f"{UnitCount.objects.count():,} units, {WeekCount.objects.count():,} weeks "
        f"({CountedTask.objects.count():,} counted tasks)"
    )
    task = Task.objects.filter(plan__year=today.year).order_by("pk")[100]
    lead = task.responsibilities.get(role="lead").unit

    def one_report():
        with transaction.atomic():
            ProgressReport.objects.create(task=task, unit=lead, role="lead", text="x", percent=40)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                upkeep.up_to_date(today)
                one_report.ms.append((time.perf_counter() - started) * 1000)
            one_report.queries = len(queries)
            transaction.set_rollback(True)

    one_report.ms = []
    for _ in range(args.runs):
        one_report()
    print(
        f"take in one report: {statistics.median(one_report.ms):.1f} ms, "
        f"{one_report.queries} queries"
    )

    def one_acknowledgement():
        with transaction.atomic():
            Acknowledgement.objects.filter(task=task, unit=lead).delete()
            upkeep.up_to_date(today)
            Acknowledgement.objects.create(task=task, unit=lead)
            started = time.perf_counter()
            upkeep.up_to_date(today)
            one_acknowledgement.ms.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)

    one_acknowledgement.ms = []
    for _ in range(args.runs):
        one_acknowledgement()
    print(f"take in one acknowledgement: {statistics.median(one_acknowledgement.ms):.1f} ms")
    planner = User.objects.get(username="bench-planner")
    for waiting in (0, 300, 5000):
        with transaction.atomic():
            marked = Task.objects.order_by("?").values_list("pk", flat=True)[:waiting]
            FigureChange.objects.bulk_create([FigureChange(task_id=pk) for pk in marked])
            read = _ms(lambda: review.not_acknowledged_counts(planner), args.runs)
            transaction.set_rollback(True)
        print(f"review queue's units not acknowledged, {waiting} tasks waiting: {read:.1f} ms")
    tomorrow = today + datetime.timedelta(days=1)

    def new_day():
        upkeep.up_to_date(tomorrow)
        upkeep.up_to_date(today)

    print(f"count a new day (and back): {_ms(new_day, 3) / 2:.0f} ms per day")
    for query in ({}, {"status": "in_progress"}, {"unit": lead.pk}):
        filters = dict(query)
        kept = _ms(lambda f=filters: build(leader, Filters(**f), today), args.runs)
        counted = _ms(
            lambda f=filters: recount(leader, Filters(**f), today), max(2, args.runs // 3)
        )
        name = query or "unfiltered"
        print(f"build {name}: {kept:.0f} ms; counted from every task: {counted:.0f} ms")


if __name__ == "__main__":
    main()
