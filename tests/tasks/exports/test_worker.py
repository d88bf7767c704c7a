"""A large ledger asked for through the real view, produced by a real Celery worker (a
subprocess, over a private Redis, on this test's PostgreSQL database), then downloaded and read
back; the same message delivered again changes nothing. Every wait is bounded; the worker and
Redis are killed when the test ends."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from tasks.models import Export, Notification
from tests.tasks.exports.conftest import streamed, workbook
from tests.tasks.reminders.test_worker import PrivateRedis, services, wait_for  # noqa: F401

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]


class Worker:
    """The environment of the subprocesses (this test's database, a private Redis, a media
    folder shared with this process), a worker and a way to run Python as the portal does."""

    def __init__(self, tmp_path, media):
        self.tmp = tmp_path
        self.redis = PrivateRedis(tmp_path)
        self.redis.start()
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
            "MEDIA_ROOT": str(media),
            "EXPORT_WORKER_ROWS": "1",
            "ALLOWED_HOSTS": "testserver",
            "REMINDER_SWEEP_ON_START": "0",
            "DEMO_MODE": "0",
            "DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "unionplans.settings",
        }
        self.env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        self.log_path = tmp_path / "worker.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 — closed in close()
        self.process = subprocess.Popen(
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
                f"exports-{os.getpid()}@%h",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def python(self, code):
        """Run ``code`` after django.setup() in a process of its own; its last line printed."""
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup()\n{code}"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    def logged(self):
        return self.log_path.read_text()

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.log.close()
        self.redis.stop()


@pytest.fixture
def worker(services, tmp_path, settings):  # noqa: F811 — the imported fixture
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    worker = Worker(tmp_path, media)
    try:
        yield worker
    finally:
        worker.close()


def test_a_large_ledger_made_by_the_worker(client, world, worker):
    url = reverse("tasks:export_xlsx", args=[world.plan.pk])
    # The view in a process of the portal's: its transaction commits, the message is sent.
    answer = worker.python(
        "from django.test import Client\n"
        "from plans.models import User\n"
        "client = Client()\n"
        f"client.force_login(User.objects.get(pk={world.planner.pk}))\n"
        f"response = client.get({url!r})\n"
        "print(response.status_code, response['Location'])"
    )
    export = Export.objects.get()
    assert answer == f"302 {reverse('tasks:export', args=[export.pk])}"

    wait_for(
        lambda: Export.objects.get().state == Export.State.READY,
        60,
        f"the worker to produce the ledger\n{worker.logged()[-3000:]}",
    )
    produced = Export.objects.get()
    client.force_login(world.planner)
    download = client.get(reverse("tasks:export_download", args=[export.pk]))
    assert download.status_code == 200
    sheet = workbook(streamed(download)).active
    titles = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert titles == ["甲的任务", "乙的任务"]
    assert Notification.objects.filter(recipient=world.planner, kind="export").count() == 1

    # The same message again (a redelivery): the worker finds the export done.
    worker.python(
        "from tasks.exports.service import produce_export\n"
        f"produce_export.delay({export.pk}); print('sent')"
    )
    wait_for(lambda: "'skipped'" in worker.logged(), 60, "the second message to be handled")
    assert Notification.objects.filter(recipient=world.planner, kind="export").count() == 1
    again = Export.objects.get()
    assert (again.file.name, again.finished_at) == (produced.file.name, produced.finished_at)
