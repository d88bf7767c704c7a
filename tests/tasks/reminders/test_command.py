"""python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run] [--json]."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tasks.models import Delivery, Reminder
from tests.tasks.reminders.helpers import MON

ROOT = Path(__file__).resolve().parents[3]
KEYS = {"task_id", "plan", "task_title", "recipient", "kind", "channel", "due_date"}


def command(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_json_lists_each_reminder_and_channel_and_saves_nothing(rw):
    rows = json.loads(command("--date", "2026-03-02", "--dry-run", "--json"))
    assert Reminder.objects.count() == 0 and Delivery.objects.count() == 0
    assert all(set(row) == KEYS for row in rows)
    digests = [row for row in rows if row["kind"] == "digest"]
    assert {(row["recipient"], row["channel"]) for row in digests} == {
        ("甲区总工会", "inapp"),
        ("甲区总工会", "email"),
        ("乙县总工会", "inapp"),
        ("乙县总工会", "email"),
    }
    assert all(row["task_id"] is None and row["plan"] is None for row in digests)
    [summary_inapp, summary_email] = [row for row in rows if row["kind"] == "summary"]
    assert summary_inapp["recipient"] == "张副主席" and summary_email["channel"] == "email"
    assert {row["due_date"] for row in rows} == {"2026-03-02"}


def test_dry_run_rows_for_a_task(rw):
    rows = json.loads(command("--date", "2026-03-06", "--dry-run", "--json"))
    row = next(r for r in rows if r["recipient"] == "甲区总工会" and r["channel"] == "inapp")
    assert row == {
        "task_id": rw.task_a.pk,
        "plan": rw.plan.title,
        "task_title": "甲的任务",
        "recipient": "甲区总工会",
        "kind": "before",
        "channel": "inapp",
        "due_date": "2026-03-06",
    }
    assert len(rows) == 6


def test_a_real_run_records_and_queues(rw, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = command("--date", "2026-03-06")
    assert "3 reminders recorded and queued, 6 deliveries" in output
    assert Reminder.objects.count() == 3
    assert sorted(queued[0][0]) == sorted(Delivery.objects.values_list("pk", flat=True))
    # Again, as JSON: nothing new.
    assert json.loads(command("--date", "2026-03-06", "--json")) == []


def test_the_default_day_is_today(rw, queued, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: MON)
    rows = json.loads(command("--dry-run", "--json"))
    assert {row["due_date"] for row in rows} == {MON.isoformat()}


def test_a_day_off_says_so(rw):
    assert "2026-03-07 is not a working day" in command("--date", "2026-03-07", "--dry-run")
    assert json.loads(command("--date", "2026-03-07", "--dry-run", "--json")) == []


@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "20260302", "2026-3-2"])
def test_a_bad_date_is_a_usage_error(bad):
    with pytest.raises(CommandError) as error:
        command("--date", bad, "--dry-run")
    assert error.value.returncode == 2


def test_a_bad_date_exits_with_status_2_and_one_line(tmp_path):
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    result = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--date", "2026-02-30", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "YYYY-MM-DD" in result.stderr
