"""The pages people open every day, timed in the process: "my tasks", the review queue and the
plan page (a 300-task plan and the largest), each with its queries, its SQL time and its size.

    DATABASE_URL=postgres://…/a_throwaway_db python bench/hot_pages.py --seed 10000
    DATABASE_URL=postgres://…/a_throwaway_db python bench/hot_pages.py          # data as it is
        [--requests 15] [--profile] [--explain 5]

``--seed N`` replaces the benchmark federation with ``seed_bench``'s (300 units, N tasks over 20
plans), adds a 300-task plan, the review's work (acknowledgements of four tasks in five, a
pending completion request on one open task in a hundred, an extension request on one in two
hundred) and runs ``VACUUM ANALYZE``. Without it the data in the database is measured as it is
(seeded by an earlier run). ``--profile`` writes a pyinstrument profile of each page to /tmp
(pyinstrument is a measuring tool, not a requirement); ``--explain MS`` prints ``EXPLAIN
ANALYZE`` of every query of a page that took more than MS milliseconds.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXTRA_PLAN_TASKS = 300


def _environment():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("FIELD_ENCRYPTION_KEY", "bench-only")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["ALLOW_PLAIN_HTTP"] = "1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database of the benchmark's own")


def seed_everything(size):
    """``seed_bench``'s federation of ``size`` tasks, a 300-task plan and the review's work."""
    from django.db import connection, transaction
    from django.utils import timezone

    from plans.models import Leader, Plan, Responsibility, Task, Unit
    from tasks.demo import seeding
    from tasks.models import Acknowledgement, CompletionRequest, ExtensionRequest

    started = time.perf_counter()
    seeded = seeding.seed(tasks=size)
    rng = random.Random(2)
    today = timezone.localdate()
    with transaction.atomic():
        members = list(Unit.objects.filter(federation=seeded.federation).order_by("order"))
        leaders = list(Leader.objects.filter(federation=seeded.federation))
        seeding._plan(
            members[-2],
            today.year,
            Plan.Status.PUBLISHED,
            EXTRA_PLAN_TASKS,
            members,
            leaders,
            rng,
            today,
        )
        owned = Plan.objects.filter(owner__federation=seeded.federation)
        acknowledgements = [
            Acknowledgement(task_id=task_id, unit_id=unit_id)
            for task_id, unit_id in Responsibility.objects.filter(
                task__plan__in=owned, unit__isnull=False
            ).values_list("task_id", "unit_id")
            if rng.random() < 0.8
        ]
        Acknowledgement.objects.bulk_create(acknowledgements, batch_size=seeding.BATCH)
        open_tasks = Task.objects.filter(
            plan__in=owned.filter(status=Plan.Status.PUBLISHED)
        ).exclude(status=Task.Status.DONE)
        completions, extensions = [], []
        lead = dict(
            Responsibility.objects.filter(
                task__in=open_tasks, role=Responsibility.Role.LEAD
            ).values_list("task_id", "unit_id")
        )
        for task in open_tasks.only("pk", "deadline", "deadline_text"):
            draw = rng.random()
            if draw < 0.01:
                completions.append(
                    CompletionRequest(task=task, unit_id=lead[task.pk], note="已全部完成")
                )
            elif draw < 0.015 and task.deadline:
                extensions.append(
                    ExtensionRequest(
                        task=task,
                        unit_id=lead[task.pk],
                        reason="受客观条件影响",
                        proposed_deadline=task.deadline.replace(day=28),
                        old_deadline=task.deadline,
                        old_deadline_text=task.deadline_text,
                    )
                )
        CompletionRequest.objects.bulk_create(completions, batch_size=seeding.BATCH)
        ExtensionRequest.objects.bulk_create(extensions, batch_size=seeding.BATCH)
    seeded_at = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"seeded {size} tasks (+{EXTRA_PLAN_TASKS}), {len(acknowledgements)} acknowledgements, "
        f"{len(completions)} completion and {len(extensions)} extension requests in "
        f"{seeded_at - started:.0f} s; analysed in {time.perf_counter() - seeded_at:.0f} s",
        flush=True,
    )


class SqlClock:
    """Counts the queries run through Django and the time they take."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, (time.perf_counter() - started) * 1000))


def _pages():
    """(name, user, path) of each page measured, from the seeded federation."""
    from django.db.models import Count

    from plans.models import Plan, User
    from tasks.demo.seeding import FEDERATION

    owned = Plan.objects.filter(
        owner__federation__name=FEDERATION, status=Plan.Status.PUBLISHED
    ).annotate(size=Count("tasks"))
    small = min(owned, key=lambda plan: abs(plan.size - EXTRA_PLAN_TASKS))
    large = max(owned, key=lambda plan: plan.size)
    users = {name: User.objects.get(username=f"bench-{name}") for name in ("planner", "reporter")}
    leader = User.objects.get(username="bench-leader")
    return [
        ("/healthz", None, "/healthz"),
        ("/my/ (reporter)", users["reporter"], "/my/"),
        ("/review/ (planner)", users["planner"], "/review/"),
        ("/review/ (leader)", leader, "/review/"),
        (f"/plans/<id>/ {small.size} tasks (planner)", users["planner"], f"/plans/{small.pk}/"),
        (f"/plans/<id>/ {small.size} tasks (reporter)", users["reporter"], f"/plans/{small.pk}/"),
        (f"/plans/<id>/ {large.size} tasks (planner)", users["planner"], f"/plans/{large.pk}/"),
        (f"/plans/<id>/ {large.size} tasks (reporter)", users["reporter"], f"/plans/{large.pk}/"),
    ]


def measure(client, path, requests, clock):
    """(milliseconds of each request after two warm-ups, the median of their CPU time in this
    process, the last one's queries and SQL milliseconds, its bytes)."""
    from django.db import connection

    values, cpu, size = [], [], 0
    for n in range(requests + 2):
        clock.queries = []
        started, started_cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(clock):
            response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
        size = len(response.content)
        if n >= 2:
            values.append(elapsed)
            cpu.append((time.process_time() - started_cpu) * 1000)
    sql_ms = sum(q[2] for q in clock.queries)
    return values, statistics.median(cpu), len(clock.queries), sql_ms, size


def explain(queries, threshold):
    from django.db import connection

    for sql, params, ms in queries:
        if ms < threshold:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n    ".join(row[0] for row in cursor.fetchall())
        print(f"  {ms:.1f} ms: {sql[:300]}\n    {plan}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, help="seed this many tasks first")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--explain", type=float, help="EXPLAIN ANALYZE queries over this many ms")
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    args = parser.parse_args()
    _environment()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if args.seed:
        seed_everything(args.seed)

    clock = SqlClock()
    print(f"{'page':<40}{'median':>8}{'p95':>8}{'CPU':>7}{'queries':>8}{'SQL ms':>8}{'KB':>7}")
    for name, user, path in _pages():
        if args.only and args.only not in name and name != "/healthz":
            continue
        client = Client()
        if user is not None:
            client.force_login(user)
        values, cpu, queries, sql_ms, size = measure(client, path, args.requests, clock)
        high = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
        print(
            f"{name:<40}{statistics.median(values):>8.1f}{high:>8.1f}{cpu:>7.1f}{queries:>8}"
            f"{sql_ms:>8.1f}{size / 1024:>7.0f}",
            flush=True,
        )
        if args.explain is not None:
            explain(clock.queries, args.explain)
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                client.get(path)
            slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
            target = Path("/tmp") / f"profile-{slug}.txt"
            target.write_text(profiler.output_text(unicode=True, show_all=False), "utf-8")
            print(f"  profile: {target}")


if __name__ == "__main__":
    main()
