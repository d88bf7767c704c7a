"""What the pages cost as the federation grows: seeded at two sizes, each page timed in the
process (Django's test client, DEBUG off, templates cached) and shown as a ratio to /healthz,
then the plan ledger's .xlsx: its time and its peak memory.

    DATABASE_URL=postgres://…/a_throwaway_db python bench/pages.py [--sizes 2000,20000]
        [--plans 4] [--units 200] [--requests 15] [--profile]

The database named is used as it is (migrated here) and the benchmark federation in it is
replaced by ``seed_bench``'s at each size: point it at a database of its own. The largest plan
holds ``size / plans`` tasks (the default: 500 and 5,000). ``--profile`` writes a pyinstrument
profile of the plan page and the ledger page at each size to /tmp (pyinstrument is a
measuring tool, not a requirement: ``pip install pyinstrument``).
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


def p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def timed(call, requests):
    """Milliseconds of ``requests`` calls after two warm-up calls."""
    for _ in range(2):
        call()
    values = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        values.append((time.perf_counter() - started) * 1000)
    return values


def _get(client, path):
    def call():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
        return response

    return call


def _profile(client, path, name):
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    with profiler:
        client.get(path)
    target = Path("/tmp") / f"profile-{name}.html"
    target.write_text(profiler.output_html(), encoding="utf-8")
    return target


def measure(size, args):
    """Seed ``size`` tasks and return [(page, median ms, p95 ms)] and the ledger's figures."""
    from django.test import Client

    from plans.models import Plan
    from tasks.demo.seeding import seed
    from tasks.workspace import ledger

    started = time.perf_counter()
    seeded = seed(units=args.units, tasks=size, plans=args.plans)
    print(f"seeded {size} tasks in {time.perf_counter() - started:.1f} s", flush=True)
    plan = max(seeded.plans, key=lambda p: p.tasks.count())
    tasks = plan.tasks.count()
    planner, anonymous = Client(), Client()
    planner.force_login(seeded.planner)
    pages = [
        ("/healthz", anonymous, "/healthz"),
        ("/plans/", planner, "/plans/"),
        (f"/plans/<id>/ ({tasks} tasks)", planner, f"/plans/{plan.pk}/"),
        ("/plans/<id>/ledger/", planner, f"/plans/{plan.pk}/ledger/"),
        ("/reminders/units/", planner, "/reminders/units/"),
        ("/reminders/deliveries/", planner, "/reminders/deliveries/"),
        ("/notifications/", planner, "/notifications/"),
    ]
    results = []
    for name, client, path in pages:
        values = timed(_get(client, path), args.requests)
        results.append((name, statistics.median(values), p95(values)))
    if args.profile:
        for name, path in (("plan", f"/plans/{plan.pk}/"), ("ledger", f"/plans/{plan.pk}/ledger/")):
            print(f"profile: {_profile(planner, path, f'{name}-{size}')}")

    fresh = Plan.objects.get(pk=plan.pk)
    xlsx_ms = timed(lambda: ledger.export_xlsx(fresh), max(3, args.requests // 5))
    tracemalloc.start()
    data = ledger.export_xlsx(fresh)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return results, (tasks, statistics.median(xlsx_ms), peak / 2**20, len(data) / 2**20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--plans", type=int, default=4)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    _environment()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    for size in [int(part) for part in args.sizes.split(",")]:
        results, (tasks, xlsx_ms, peak_mb, size_mb) = measure(size, args)
        base_median, base_p95 = results[0][1], results[0][2]
        print(f"\n{size} tasks in {args.plans} plans, {args.units} units; {args.requests} requests")
        print(f"{'page':<34}{'median ms':>10}{'p95 ms':>9}{'× healthz':>11}{'× (p95)':>9}")
        for name, median, high in results:
            print(
                f"{name:<34}{median:>10.1f}{high:>9.1f}"
                f"{median / base_median:>11.1f}{high / base_p95:>9.1f}"
            )
        print(
            f"ledger .xlsx of {tasks} tasks: {xlsx_ms:.0f} ms, peak Python memory "
            f"{peak_mb:.1f} MB, file {size_mb:.2f} MB"
        )


if __name__ == "__main__":
    main()
