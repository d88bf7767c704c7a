"""Latency of the heavy pages under load, on loopback only.

    DEBUG=1 DATABASE_URL=postgres://… python manage.py seed_bench --units 300 --tasks 10000
    DATABASE_URL=postgres://… python bench/load.py [--requests 100] [--concurrency 4]

Starts gunicorn (2 workers, DEBUG off) on 127.0.0.1 against the same database unless --url is
given, logs in as the seeded users and prints, for the dashboard, my tasks, the plan page and
/healthz, the median and 95th percentile latency and each as a ratio to /healthz. Requests are
bounded in number and time; nothing leaves the machine.
"""

import argparse
import http.client
import http.cookies
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
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
        return response.status, data

    def login(self, username):
        self.request("GET", "/accounts/login/")
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            }
        )
        status, _ = self.request(
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


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(workers):
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"),
        "FIELD_ENCRYPTION_KEY": os.environ.get("FIELD_ENCRYPTION_KEY", "bench-only"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "ALLOW_PLAIN_HTTP": "1",  # gunicorn on the loopback, no proxy in front
        "LOG_LEVEL": "WARNING",
    }
    # As in production: static files collected, served by whitenoise from the manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
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
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
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


def measure(client, path, requests, concurrency):
    """Latencies in milliseconds of ``requests`` GETs, ``concurrency`` at a time."""

    def one(_):
        started = time.perf_counter()
        status, _body = client.request("GET", path)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
        return (time.perf_counter() - started) * 1000

    for _ in range(3):  # warm-up: connections, caches
        one(None)
    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(requests)))


def p95(values):
    return statistics.quantiles(values, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an already running portal on loopback")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    process = None
    base = args.url
    if base is None:
        process, base = start_gunicorn(args.workers)
    try:
        leader, reporter, anonymous = Client(base), Client(base), Client(base)
        leader.login("bench-leader")
        reporter.login("bench-reporter")
        _status, page = leader.request("GET", "/plans/")
        plan_ids = re.findall(rb'href="/plans/(\d+)/"', page)
        if not plan_ids:
            raise SystemExit("no plan visible to bench-leader: run seed_bench first")
        plan_path = f"/plans/{min(int(pk) for pk in plan_ids)}/"
        pages = [
            ("/healthz", anonymous),
            ("/dashboard/", leader),
            ("/my/", reporter),
            (plan_path, leader),
        ]
        results = {path: measure(c, path, args.requests, args.concurrency) for path, c in pages}
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    base_median = statistics.median(results["/healthz"])
    base_p95 = p95(results["/healthz"])
    print(
        f"{args.requests} requests per page, {args.concurrency} at a time, "
        f"gunicorn {args.workers} workers"
    )
    print(f"{'page':<16}{'median ms':>11}{'p95 ms':>9}{'× healthz (median)':>21}{'× (p95)':>9}")
    for path, values in results.items():
        median, high = statistics.median(values), p95(values)
        name = "/plans/<id>/" if path == plan_path else path
        print(
            f"{name:<16}{median:>11.1f}{high:>9.1f}"
            f"{median / base_median:>21.1f}{high / base_p95:>9.1f}"
        )


if __name__ == "__main__":
    main()
