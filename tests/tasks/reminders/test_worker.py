"""Exactly once in effect, against real Celery workers, a private Redis and PostgreSQL.

Every test records the reminders of one day with ``send_reminders`` (a subprocess, as beat's
job would) and lets ``celery -A unionplans worker`` subprocesses deliver them: to a real SMTP
server and to the loopback robot services in this process, and as in-app notifications. The
receivers are then counted: each due reminder arrives exactly once per channel, whether the
sweep runs twice, two workers compete over duplicated messages, a worker is killed with SIGKILL
while it waits for a robot, or Redis restarts empty. Every wait is bounded; every subprocess is
killed when the test ends.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from plans.models import Plan, Responsibility, User
from tasks.models import Delivery, DeliveryAttempt, Notification, UnitChannel
from tests import factories
from tests.tasks.reminders.channels.robots import RobotServices
from tests.tasks.reminders.channels.servers import free_port, start_smtp
from tests.tasks.reminders.helpers import day

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
SWEEP_DAY = day(4)  # Friday 6 March 2026: 7 days before the tasks' deadline (Friday 13)
TASKS = 4
LEASE = 4


@pytest.fixture
def services(transactional_db):
    """Skip, saying why, unless the worker subprocesses can share this test's database and a
    private Redis can be started (CI has both and counts a skip as a failure)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): worker subprocesses must see the "
            "test database"
        )
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server binary to start a private Redis")


class PrivateRedis:
    """A throw-away redis-server on a free port, without persistence: a restart loses every
    queued message, as a Redis without AOF does."""

    def __init__(self, workdir):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, 10, "the private Redis to start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self):
        self.stop()
        self.start()

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"Gave up after {timeout} s waiting for {what}.")


class Rig:
    """The receivers, the private Redis and the subprocesses of one test."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.redis = PrivateRedis(tmp_path)
        self.smtp, self.mailbox = start_smtp()
        self.robots = RobotServices().start()
        self.workers = []
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        self.env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
                f"{db['NAME']}"
            ),
            "REDIS_URL": self.redis.url,
            "VAR_DIR": str(tmp_path / "var"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_TIMEOUT": "3",
            "CHANNELS_HTTP_TIMEOUT": "3",
            "REMINDER_LEASE_SECONDS": str(LEASE),
            "REMINDER_REQUEUE_AFTER_SECONDS": "0",
            "REMINDER_SWEEP_ON_START": "0",
            "CELERY_VISIBILITY_TIMEOUT": "10",
            "SITE_URL": "https://plans.union.example.cn",
            "DEMO_MODE": "0",
            "DEBUG": "0",
        }
        self.env.pop("CELERY_TASK_ALWAYS_EAGER", None)

    def close(self):
        for worker, _log in self.workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=10)
        self.robots.stop()
        self.smtp.stop()
        self.redis.stop()

    # Subprocesses.

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def sweep(self):
        return self.manage("send_reminders", "--date", SWEEP_DAY.isoformat())

    def requeue(self):
        """What beat's requeue job does, from another process."""
        code = (
            "import django; django.setup();"
            "from tasks.reminders.delivery import requeue_due; print(requeue_due())"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": "unionplans.settings"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip().splitlines()[-1])

    def start_worker(self):
        number = len(self.workers) + 1
        log = open(self.tmp / f"worker{number}.log", "w")  # noqa: SIM115 — closed with the file
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "unionplans",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--hostname",
                f"w{number}-{os.getpid()}@%h",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append((worker, log))
        return worker

    def logs(self):
        return "\n".join(
            f"--- worker{n}\n" + (self.tmp / f"worker{n}.log").read_text()[-4000:]
            for n in range(1, len(self.workers) + 1)
        )

    # What arrived.

    def all_sent(self):
        return (
            Delivery.objects.exists()
            and not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
        )

    def wait_until_sent(self, timeout=90, requeue_every=None):
        deadline = time.monotonic() + timeout
        last_requeue = time.monotonic()
        while not self.all_sent():
            assert time.monotonic() < deadline, (
                f"Not everything was sent in {timeout} s: "
                f"{list(Delivery.objects.values_list('status', flat=True))}\n{self.logs()}"
            )
            if requeue_every and time.monotonic() - last_requeue > requeue_every:
                self.requeue()
                last_requeue = time.monotonic()
            time.sleep(0.2)
        # Anything sent twice would arrive now.
        time.sleep(1.5)


@pytest.fixture
def rig(services, tmp_path):
    rig = Rig(tmp_path)
    try:
        rig.redis.start()
        yield rig
    finally:
        rig.close()


@pytest.fixture
def scenario(rig):
    """Two units, each with a user, an address and a chat robot (WeCom for A, DingTalk for B),
    and TASKS tasks led by A and supported by B, all due on Friday 13 March 2026."""
    federation = factories.FederationFactory(name="测试市总工会")
    department = factories.UnitFactory(name="宣教部", parent=federation)
    unit_a = factories.UnitFactory(name="甲区总工会", parent=federation, emails="a@example.cn")
    unit_b = factories.UnitFactory(name="乙县总工会", parent=federation, emails="b@example.cn")
    users = {
        "a": factories.UserFactory(role=User.Role.REPORTER, unit=unit_a),
        "b": factories.UserFactory(role=User.Role.REPORTER, unit=unit_b),
    }
    UnitChannel.objects.create(unit=unit_a, kind="wecom", config=rig.robots.config("wecom"))
    UnitChannel.objects.create(unit=unit_b, kind="dingtalk", config=rig.robots.config("dingtalk"))
    plan = factories.PlanFactory(owner=department, status=Plan.Status.PUBLISHED)
    section = factories.SectionFactory(plan=plan)
    for n in range(TASKS):
        task = factories.TaskFactory(section=section, title=f"任务{n}", deadline=day(11))
        factories.ResponsibilityFactory(task=task, unit=unit_a, role=Responsibility.Role.LEAD)
        factories.ResponsibilityFactory(task=task, unit=unit_b, role=Responsibility.Role.SUPPORTING)
    return users


def assert_exactly_once(rig, users):
    """Each of the 2 × TASKS reminders arrived once by each channel."""
    assert Delivery.objects.count() == 3 * 2 * TASKS
    for user in users.values():
        titles = list(
            Notification.objects.filter(recipient=user).values_list("task__title", flat=True)
        )
        assert sorted(titles) == sorted(f"任务{n}" for n in range(TASKS)), titles
    assert (
        sorted(m["to"][0] for m in rig.mailbox.messages)
        == ["a@example.cn"] * TASKS + ["b@example.cn"] * TASKS
    )
    for kind in ("wecom", "dingtalk"):
        texts = [str(payload) for payload in rig.robots.accepted(kind)]
        assert len(texts) == TASKS, (kind, texts)
        for n in range(TASKS):
            assert sum(f"任务{n}" in text for text in texts) == 1


def test_the_sweep_twice_and_two_workers_on_duplicated_messages(rig, scenario):
    rig.sweep()
    # A second sweep, as a beat firing twice would: nothing new is recorded or queued.
    assert "0 reminders recorded" in rig.sweep()
    # And every delivery queued twice more, so that both workers get duplicates.
    assert rig.requeue() == 3 * 2 * TASKS
    assert rig.requeue() == 3 * 2 * TASKS
    rig.start_worker()
    rig.start_worker()
    rig.wait_until_sent()
    assert_exactly_once(rig, scenario)
    assert set(DeliveryAttempt.objects.values_list("outcome", flat=True)) == {"sent"}
    assert DeliveryAttempt.objects.count() == Delivery.objects.count()


def test_a_worker_killed_while_sending_is_replaced_without_loss_or_duplicate(rig, scenario):
    rig.robots.delay = 0.5  # a batch now takes a few seconds
    worker = rig.start_worker()
    rig.sweep()
    # Kill the worker while it waits for a robot's answer, after a few robots were served.
    wait_for(
        lambda: len(rig.robots.accepted()) >= 2 and rig.robots.waiting >= 1,
        60,
        "the worker to be in the middle of the batch",
    )
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    # Exactly one delivery was in flight: it is left claimed ("sending") by the dead worker.
    interrupted = Delivery.objects.get(status=Delivery.Status.SENDING)
    assert interrupted.channel in ("wecom", "dingtalk")
    rig.start_worker()
    # The killed worker's own message stays with Redis until its visibility timeout; the
    # requeue job takes the delivery up as soon as its lease has run out.
    rig.wait_until_sent(requeue_every=2)
    assert_exactly_once(rig, scenario)
    outcomes = list(interrupted.attempt_log.order_by("number").values_list("outcome", flat=True))
    assert outcomes[0] == DeliveryAttempt.Outcome.INTERRUPTED and outcomes[-1] == "sent"


def test_messages_lost_with_a_redis_restart_are_sent_later(rig, scenario):
    rig.sweep()
    # Redis restarts before any worker took the messages: without persistence, all are gone.
    rig.redis.restart()
    worker = rig.start_worker()
    time.sleep(3)
    assert worker.poll() is None
    assert not Delivery.objects.filter(status=Delivery.Status.SENT).exists()
    rig.wait_until_sent(requeue_every=2)
    assert_exactly_once(rig, scenario)


def test_a_redis_restart_in_the_middle_of_a_batch(rig, scenario):
    rig.robots.delay = 0.3
    rig.start_worker()
    rig.sweep()
    wait_for(lambda: len(rig.robots.accepted()) >= 2, 60, "a few deliveries")
    rig.redis.restart()
    # The worker reconnects by itself; what Redis lost, the requeue job queues again (a robot
    # caught by the restart waits for its retry: the rate limiter lives in Redis too).
    rig.wait_until_sent(timeout=150, requeue_every=3)
    assert_exactly_once(rig, scenario)
