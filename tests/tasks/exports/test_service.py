"""The export service without Celery: claimed once, produced once, told to its requester,
failing in plain words, tidied away after EXPORT_KEEP_DAYS."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan
from tasks.exports import kinds, service
from tasks.models import Export, Notification
from tests.concurrency import at_once, postgresql  # noqa: F401 — a fixture
from tests.tasks.exports.conftest import workbook


def ask_ledger(world, user=None):
    return service.ask(user or world.planner, kinds.LEDGER, world.plan, rows=2)


def test_a_second_run_does_nothing(world):
    export = ask_ledger(world)
    assert service.run(export.pk) == "ready"
    export.refresh_from_db()
    first_file = export.file.name
    assert service.run(export.pk) == "skipped"
    export.refresh_from_db()
    assert export.file.name == first_file
    assert Notification.objects.filter(recipient=world.planner).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_produce_it_once(world, postgresql):  # noqa: F811
    # Made directly: asking would queue a message for real once this test's transaction commits.
    export = _made(world, 0, Export.State.QUEUED, content=None)
    results, errors = at_once(2, lambda _i: service.run(export.pk))
    assert errors == [None, None]
    assert sorted(results) == ["ready", "skipped"]
    assert Notification.objects.filter(recipient=world.planner).count() == 1
    assert len(default_storage.listdir(f"exports/{world.planner.pk}")[1]) == 1


def test_a_claim_whose_worker_died_is_taken_over(world, settings):
    export = ask_ledger(world)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.EXPORT_LEASE_SECONDS + 1)
    Export.objects.filter(pk=export.pk).update(state=Export.State.RUNNING, started_at=long_ago)
    assert service.run(export.pk) == "ready"
    # A claim still within its lease is left alone.
    fresh = ask_ledger(world, world.admin)
    Export.objects.filter(pk=fresh.pk).update(state=Export.State.RUNNING, started_at=timezone.now())
    assert service.run(fresh.pk) == "skipped"


def test_the_requester_is_told_when_it_is_ready(world):
    export = ask_ledger(world)
    service.run(export.pk)
    notification = Notification.objects.get()
    assert notification.recipient == world.planner and notification.kind == "export"
    assert notification.title == f"导出文件已生成，可以下载：{export.name}"
    assert notification.url == reverse("tasks:export", args=[export.pk])


def test_a_plan_deleted_meanwhile_fails_in_plain_words(world):
    export = ask_ledger(world)
    Plan.objects.filter(pk=world.plan.pk).delete()
    assert service.run(export.pk) == "failed"
    export.refresh_from_db()
    assert export.state == Export.State.FAILED and not export.file
    assert export.error == "工作要点已被删除，或您已无权查看。"
    notification = Notification.objects.get(recipient=world.planner)
    assert notification.title.startswith("导出文件未能生成") and notification.body == export.error


def test_a_right_lost_meanwhile_fails(world):
    """A leader who became a unit's reporter no longer sees the dashboard."""
    choice = kinds.DashboardChoice(kinds.Filters(), timezone.localdate())
    export = service.ask(world.leader, kinds.DASHBOARD, choice, rows=5000)
    world.leader.role = world.reporter_a.role
    world.leader.save()
    assert service.run(export.pk) == "failed"
    export.refresh_from_db()
    assert export.error == "您已无权查看领导看板。"


def test_an_unexpected_error_is_logged_and_said_plainly(world, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("disk full at /var/lib/secret")

    monkeypatch.setattr("tasks.workspace.ledger.write_xlsx", broken)
    export = ask_ledger(world)
    assert service.run(export.pk) == "failed"
    export.refresh_from_db()
    assert "意外错误" in export.error and "secret" not in export.error
    assert "disk full" in caplog.text


def test_the_workbook_is_written_in_the_language_of_the_request(world):
    export = ask_ledger(world)
    Export.objects.filter(pk=export.pk).update(language="en")
    service.run(export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as opened:
        sheet = workbook(opened.read()).active
    assert sheet["A2"].value == "No."
    assert Notification.objects.get().title.startswith("Your export is ready")


# --- Tidying ------------------------------------------------------------------------------------


def _made(world, days_ago, state=Export.State.READY, content=b"PK"):
    export = Export.objects.create(
        kind=Export.Kind.LEDGER,
        parameters={"plan": world.plan.pk},
        requester=world.planner,
        name="台账.xlsx",
        fallback_name="ledger.xlsx",
        state=state,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    if content:
        export.file.save("ledger.xlsx", ContentFile(content))
    return export


def test_old_files_are_deleted_recent_ones_kept(world, settings):
    settings.EXPORT_KEEP_DAYS = 7
    old, recent = _made(world, 8), _made(world, 6)
    old_path, recent_path = old.file.path, recent.file.path
    # A file whose export row went with its requester, as old.
    orphan = default_storage.save("exports/999/1-ledger.xlsx", ContentFile(b"PK"))
    eight_days = (timezone.now() - datetime.timedelta(days=8)).timestamp()
    os.utime(default_storage.path(orphan), (eight_days, eight_days))

    result = service.tidy()
    assert result["deleted"] == 2
    assert list(Export.objects.all()) == [recent]
    assert not os.path.exists(old_path) and not default_storage.exists(orphan)
    assert os.path.exists(recent_path)


def test_lost_exports_are_queued_again_and_dead_ones_failed(
    world, settings, django_capture_on_commit_callbacks
):
    lost = _made(world, 0, Export.State.QUEUED, content=None)
    Export.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - service.REQUEUE_AFTER - datetime.timedelta(seconds=1)
    )
    waiting = _made(world, 0, Export.State.QUEUED, content=None)  # queued a moment ago
    dead = _made(world, 0, Export.State.RUNNING, content=None)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.EXPORT_LEASE_SECONDS + 1)
    Export.objects.filter(pk=dead.pk).update(started_at=long_ago)
    with django_capture_on_commit_callbacks() as queued:
        result = service.tidy()
    assert result == {"deleted": 0, "requeued": 1, "failed": 1}
    assert len(queued) == 1  # produce_export of the lost one only
    dead.refresh_from_db()
    assert dead.state == Export.State.FAILED and "请重新导出" in dead.error
    waiting.refresh_from_db()
    assert waiting.state == Export.State.QUEUED


def test_the_tasks_keep_their_names():
    """Queued messages and beat's entry name them: the names never change."""
    from django.conf import settings

    assert service.produce_export.name == "tasks.exports.produce"
    assert service.tidy_exports.name == "tasks.exports.tidy"
    assert settings.CELERY_BEAT_SCHEDULE["exports-tidy"]["task"] == "tasks.exports.tidy"
