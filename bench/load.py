"""Every page of issue 16 at two sizes, in one run: seeded, served by gunicorn, timed.

    DATABASE_URL=postgres://…/a_database_of_its_own python bench/load.py
        [--sizes 10000,100000] [--requests 30] [--budget 40] [--concurrency 2] [--workers 2]

For each size: ``seed_bench``'s generator replaces the benchmark federation (300 units, the tasks
over 20 plans this year and half as many last year; the seeding time is printed) and the
database is analysed (VACUUM ANALYZE, as autovacuum would do a few minutes later); gunicorn
starts on 127.0.0.1 (2 workers, DEBUG off, collected static files, the dashboard's cache off)
and the bench users' pages are requested ``--requests`` times, ``--concurrency`` at a time, or
for ``--budget`` seconds a page (at least 5 requests): the median and 95th percentile in ms and
as a ratio to /healthz. Then the peak memory of each gunicorn worker (VmHWM), the exports the
requests left to the worker produced as a worker does (wall time and peak RSS of that process),
and the dashboard's SQL floor: each of its queries run again with EXPLAIN ANALYZE, summed.

The database is used as it is (migrated here), and the benchmark federation in it is replaced:
point it at a database of its own. Celery's broker is a folder of this run (nothing reaches a
Redis; no worker consumes the queued exports but the producer started here). Requests stay on
loopback.
"""

import argparse
import http.client
import http.cookies
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench"


class Client:
    """A tiny HTTP client with a cookie jar, for one logged-in user on loopback."""

    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("bench/load.py only talks to loopback addresses")
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body) of one request."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=300)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
        connection.close()
        return response.status, response.headers, data

    def login(self, username):
        self.request("GET", "/accounts/login/")
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            }
        )
        status, _headers, _body = self.request(
            "POST",
            "/accounts/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}/accounts/login/",
            },
        )
        if status != 302:
            raise SystemExit(f"login as {username} failed ({status}): run seed_bench first")


def _environment():
    """The portal's settings for this run, shared by this process, gunicorn and the producer."""
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database of the benchmark's own")
    scratch = Path(tempfile.mkdtemp(prefix="unionplans-bench-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "unionplans.settings",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "ALLOW_PLAIN_HTTP": "1",  # gunicorn on the loopback, no proxy in front
            "LOG_LEVEL": "WARNING",
            "DASHBOARD_CACHE_SECONDS": os.environ.get("DASHBOARD_CACHE_SECONDS", "0"),
            # The broker and the produced files in a folder of this run.
            "REDIS_URL": "",
            "VAR_DIR": str(scratch),
            "MEDIA_ROOT": str(scratch / "media"),
        }
    )
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("FIELD_ENCRYPTION_KEY", "bench-only")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(workers):
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "unionplans.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "300",  # the slowest pages at 100,000 tasks take tens of seconds
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process):
    process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def worker_peaks_mb(master):
    """The peak resident memory (VmHWM) of each of gunicorn's workers, in MB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    peaks = []
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return peaks


def measure(client, path, args, accept=(200,)):
    """Latencies in ms of ``args.requests`` GETs (or as many as ``args.budget`` seconds allow,
    at least 5), ``args.concurrency`` at a time."""

    def one(_):
        started = time.perf_counter()
        status, _headers, _body = client.request("GET", path)
        if status not in accept:
            raise SystemExit(f"GET {path} answered {status}")
        return (time.perf_counter() - started) * 1000

    one(None)  # warm-up: connections, templates, caches
    values, started = [], time.monotonic()
    with ThreadPoolExecutor(args.concurrency) as pool:
        while len(values) < args.requests:
            values += pool.map(one, range(args.concurrency))
            if len(values) >= 5 and time.monotonic() - started > args.budget:
                break
    return values


def p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def pages(base):
    """(name, client, path, statuses accepted) of every page, logged in as the bench users."""
    leader, planner, reporter, anonymous = Client(base), Client(base), Client(base), Client(base)
    leader.login("bench-leader")
    planner.login("bench-planner")
    reporter.login("bench-reporter")
    _status, _headers, page = leader.request("GET", "/plans/")
    plan_ids = re.findall(rb'href="/plans/(\d+)/"', page)
    if not plan_ids:
        raise SystemExit("no plan visible to bench-leader: run seed_bench first")
    plan = min(int(pk) for pk in plan_ids)
    _status, _headers, page = leader.request("GET", f"/plans/{plan}/")
    task = int(re.search(rb'href="/tasks/(\d+)/"', page).group(1))
    # An export past EXPORT_WORKER_ROWS answers 302 to its page: the worker produces it.
    export = (200, 302)
    return [
        ("/healthz", anonymous, "/healthz", (200,)),
        ("/dashboard/ (not cached)", leader, "/dashboard/", (200,)),
        ("/my/ (bench reporter)", reporter, "/my/", (200,)),
        ("/review/", planner, "/review/", (200,)),
        ("/plans/<id>/", leader, f"/plans/{plan}/", (200,)),
        ("/plans/<id>/ledger/", leader, f"/plans/{plan}/ledger/", (200,)),
        ("plan ledger .xlsx", leader, f"/plans/{plan}/export/xlsx/", export),
        ("/dashboard/export.xlsx", leader, "/dashboard/export.xlsx", export),
        ("/tasks/<id>/", leader, f"/tasks/{task}/", (200,)),
    ]


def queued_exports(base_pages):
    """The ids of the exports the export requests left for the worker (their 302s)."""
    ids = []
    for name, client, path, _accepted in base_pages:
        if name.endswith(".xlsx"):
            status, headers, _body = client.request("GET", path)
            if status == 302:
                ids.append((name, int(re.search(r"/exports/(\d+)/", headers["Location"])[1])))
    return ids


# VmHWM, not ru_maxrss: Linux carries the parent's high-water mark over fork and exec.
PRODUCE = """
import re, time, django
def hwm():
    return re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())[1]
django.setup()
from tasks.exports.service import run
from tasks.models import Export
before = hwm()
started = time.perf_counter()
outcome = run({pk})
seconds = time.perf_counter() - started
export = Export.objects.get(pk={pk})
print(outcome, export.rows, seconds, before, hwm(), export.file.size if export.file else 0)
"""


def produce(pk):
    """Produce export ``pk`` in a process of its own, as a worker does: (outcome, rows, s, MB
    after Django started, peak MB, file MB)."""
    result = subprocess.run(
        [sys.executable, "-c", PRODUCE.format(pk=pk)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["?"])[-1]
        return f"error: {last}", 0, 0.0, 0.0, 0.0, 0
    outcome, rows, seconds, before, peak, size = result.stdout.split()
    return outcome, int(rows), float(seconds), int(before) / 1024, int(peak) / 1024, int(size)


def sql_floor(user):
    """The dashboard's queries (as bench-leader sees it, not cached), each run again with
    EXPLAIN ANALYZE: [(ms, JIT ms, SQL)], slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tasks.dashboard.board import build
    from tasks.dashboard.filters import Filters

    build(user, Filters(), timezone.localdate())  # warm the database's cache
    with CaptureQueriesContext(connection) as captured:
        build(user, Filters(), timezone.localdate())
    timings = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
            jit = plan.get("JIT", {}).get("Timing", {}).get("Total", 0)
            timings.append((plan["Planning Time"] + plan["Execution Time"], jit, sql))
    return sorted(timings, reverse=True)


def run_size(size, args):
    """Seed ``size`` tasks, measure everything, print the figures."""
    from django.db import connections

    from plans.models import User
    from tasks.demo.seeding import seed

    if not args.no_seed:
        started = time.perf_counter()
        seed(units=args.units, tasks=size, plans=args.plans)
        seeded = time.perf_counter() - started
        # Fresh statistics, as autovacuum would give them a few minutes later: without them
        # PostgreSQL plans the new rows' queries on the empty tables' (seq scans, JIT).
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(
            f"\nseeded {size} tasks in {seeded:.0f} s, analysed in "
            f"{time.perf_counter() - started - seeded:.0f} s",
            flush=True,
        )
    connections.close_all()

    process, base = start_gunicorn(args.workers)
    try:
        listed = pages(base)
        results = [
            (name, measure(client, path, args, accepted)) for name, client, path, accepted in listed
        ]
        peaks = worker_peaks_mb(process)
        exports = queued_exports(listed)
    finally:
        stop(process)

    base_median, base_p95 = statistics.median(results[0][1]), p95(results[0][1])
    print(
        f"\n{size} tasks, {args.units} units, {args.plans} plans; gunicorn {args.workers} "
        f"workers, {args.concurrency} requests at a time"
    )
    print(f"{'page':<28}{'n':>4}{'median ms':>11}{'p95 ms':>10}{'× healthz':>11}{'× (p95)':>9}")
    for name, values in results:
        median, high = statistics.median(values), p95(values)
        print(
            f"{name:<28}{len(values):>4}{median:>11.1f}{high:>10.1f}"
            f"{median / base_median:>11.1f}{high / base_p95:>9.1f}"
        )
    print("gunicorn workers' peak memory: " + ", ".join(f"{mb:.0f} MB" for mb in peaks))
    for name, pk in exports:
        outcome, rows, seconds, before, peak, size_bytes = produce(pk)
        print(
            f"{name} by the worker ({outcome}): about {rows} rows, {seconds * 1000:.0f} ms, "
            f"peak RSS {peak:.0f} MB ({before:.0f} MB after Django started), "
            f"file {size_bytes / 2**20:.2f} MB"
        )

    timings = sql_floor(User.objects.get(username="bench-leader"))
    total = sum(ms for ms, _jit, _sql in timings)
    jit = sum(jit for _ms, jit, _sql in timings)
    print(
        f"dashboard SQL floor: {len(timings)} queries, EXPLAIN ANALYZE sum {total:.0f} ms "
        f"(JIT {jit:.0f} ms); slowest:"
    )
    for ms, _jit, sql in timings[:3]:
        print(f"  {ms:8.1f} ms  {' '.join(sql.split())[:100]}…")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--budget", type=float, default=40, help="seconds a page at most")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-seed", action="store_true", help="measure the data already there")
    args = parser.parse_args()
    _environment()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # As in production: static files collected, served by whitenoise from the manifest.
    call_command("collectstatic", "--noinput", verbosity=0)
    print(f"{time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} CPUs, {os.uname().release}")
    for size in [int(part) for part in args.sizes.split(",")]:
        run_size(size, args)


if __name__ == "__main__":
    main()
