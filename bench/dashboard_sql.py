"""The SQL floor of the dashboard: the queries one build of the dashboard runs, each run again
directly with ``EXPLAIN (ANALYZE)`` on PostgreSQL, so that what the database needs is seen apart
from Python and templates.

    DATABASE_URL=postgres://…/a_bench_db python bench/dashboard_sql.py [--user bench-leader]
        [--runs 3] [--query year=2026&status=in_progress] [--plans 3] [--reference]

It reads the database as it is (seed it first with ``manage.py seed_bench``). For each query of
``tasks.dashboard.board.build`` it prints the median execution time of ``--runs`` EXPLAIN
ANALYZE runs (planning and execution, in ms) and its first line of SQL, then the sum: the floor
of the page, once with PostgreSQL's JIT on and once with it off. ``--plans`` prints the plans
of the slowest queries. ``--reference`` measures the dashboard counted from every task, as it
was before its figures were maintained.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _environment():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionplans.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("FIELD_ENCRYPTION_KEY", "bench-only")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["ALLOW_PLAIN_HTTP"] = "1"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to the PostgreSQL database seeded by seed_bench")


def _captured(username, query, reference=False):
    """The SQL (with parameters inlined by the server's own quoting) of one dashboard build;
    with ``reference``, of the same dashboard counted from every task as before the figures
    were maintained (tests/tasks/dashboard/reference.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from plans.models import User
    from tasks.dashboard.board import build
    from tasks.dashboard.filters import Filters

    user = User.objects.select_related("unit").get(username=username)
    filters = Filters.from_query({key: values[0] for key, values in parse_qs(query).items()})
    build(user, filters, timezone.localdate())  # warm: anything maintained is brought up to date
    if reference:
        from tests.tasks.dashboard.reference import recount as build
    with CaptureQueriesContext(connection) as queries:
        build(user, Filters.from_query(dict(filters.as_query())), timezone.localdate())
    return [q["sql"] for q in queries.captured_queries]


def _explain(cursor, sql, runs):
    """Median planning + execution time (ms) of ``runs`` EXPLAIN ANALYZE runs, and one plan."""
    times, plan = [], []
    for _ in range(runs):
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        result = cursor.fetchone()[0][0]
        times.append(result["Planning Time"] + result["Execution Time"])
        plan = result
    return statistics.median(times), plan


def _measure(sqls, runs, jit):
    from django.db import connection

    rows = []
    with connection.cursor() as cursor:
        cursor.execute(f"SET jit = {'on' if jit else 'off'}")
        for sql in sqls:
            if not sql.lstrip(" (").upper().startswith("SELECT"):
                continue
            ms, plan = _explain(cursor, sql, runs)
            rows.append((ms, sql, plan))
        cursor.execute("RESET jit")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="bench-leader")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="", help="the dashboard's URL parameters")
    parser.add_argument("--plans", type=int, default=0, help="print the plans of the N slowest")
    parser.add_argument(
        "--reference", action="store_true", help="the dashboard counted from every task (before)"
    )
    args = parser.parse_args()
    _environment()
    import django

    django.setup()
    from plans.models import Task

    sqls = _captured(args.user, args.query, args.reference)
    print(f"{Task.objects.count():,} tasks; {len(sqls)} queries in one build ({args.query or '-'})")
    for jit in (True, False):
        rows = _measure(sqls, args.runs, jit)
        total = sum(ms for ms, _sql, _plan in rows)
        print(f"\nJIT {'on' if jit else 'off'}: {total:,.1f} ms in {len(rows)} SELECTs")
        for ms, sql, _plan in rows:
            print(f"  {ms:8.1f} ms  {' '.join(sql.split())[:110]}")
        for ms, sql, plan in sorted(rows, key=lambda row: -row[0])[: args.plans]:
            print(f"\n--- {ms:.1f} ms: {' '.join(sql.split())[:300]}")
            print(_text_plan(plan["Plan"]))


def _text_plan(node, depth=0):
    line = "  " * depth + (
        f"{node['Node Type']} ({node.get('Relation Name', '')}) "
        f"rows={node.get('Actual Rows')} loops={node.get('Actual Loops')} "
        f"time={node.get('Actual Total Time')}"
    )
    return "\n".join([line, *(_text_plan(child, depth + 1) for child in node.get("Plans", []))])


if __name__ == "__main__":
    main()
