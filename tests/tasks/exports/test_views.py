"""The ledger and dashboard workbooks: sent by the request up to EXPORT_WORKER_ROWS rows,
produced by the worker past it (run here by Celery in the process, after the commit), then
waited for on their page and downloaded by their requester alone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Task
from tasks.models import Export, Notification
from tests import factories
from tests.tasks.exports.conftest import streamed, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger_url(world):
    return reverse("tasks:export_xlsx", args=[world.plan.pk])


# --- The threshold ------------------------------------------------------------------------------


@pytest.mark.parametrize(("threshold", "by_worker"), [(2, False), (1, True)])
def test_the_ledger_goes_to_the_worker_past_the_threshold(
    client, world, settings, django_capture_on_commit_callbacks, threshold, by_worker
):
    """The planner's ledger has two rows: at a threshold of 2 it is sent now, at 1 queued."""
    settings.EXPORT_WORKER_ROWS = threshold
    client.force_login(world.planner)
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(ledger_url(world))
    if by_worker:
        export = Export.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("tasks:export", args=[export.pk])
        assert (export.kind, export.parameters, export.rows) == (
            "ledger",
            {"plan": world.plan.pk},
            2,
        )
        assert export.state == Export.State.QUEUED and export.requester == world.planner
        assert len(queued) == 1  # produce_export, sent when the request's transaction commits
    else:
        assert response.status_code == 200 and response["Content-Type"] == XLSX
        assert not Export.objects.exists() and not queued


def test_a_unit_counts_only_its_own_rows(client, world, settings):
    """Reporter A sees one row of the ledger: at a threshold of 1 it is still sent now."""
    settings.EXPORT_WORKER_ROWS = 1
    client.force_login(world.reporter_a)
    response = client.get(ledger_url(world))
    assert response.status_code == 200
    rows = list(workbook(response.content).active.iter_rows(min_row=3, values_only=True))
    assert [row[3] for row in rows] == ["甲的任务"]


@pytest.mark.parametrize(("extra_tasks", "by_worker"), [(0, False), (1, True)])
def test_the_dashboard_goes_to_the_worker_past_the_threshold(
    client, world, settings, extra_tasks, by_worker
):
    """The year's plans hold two tasks; the threshold is two."""
    settings.EXPORT_WORKER_ROWS = 2
    for _ in range(extra_tasks):
        factories.TaskFactory(section=world.section)
    client.force_login(world.leader)
    response = client.get(reverse("tasks:dashboard_export"), {"year": 2026, "status": "done"})
    assert (response.status_code == 302) is by_worker
    assert Export.objects.exists() is by_worker
    if by_worker:
        export = Export.objects.get()
        assert export.parameters["query"] == {"year": "2026", "status": "done"}
        assert export.rows == 3


def test_the_dashboard_estimate_is_one_count(client, world, settings, django_assert_num_queries):
    settings.EXPORT_WORKER_ROWS = 0
    client.force_login(world.leader)
    # session, user, unit; the COUNT; then, in a savepoint, the look for the same export still
    # pending and the new one (no dashboard is built)
    with django_assert_num_queries(8):
        client.get(reverse("tasks:dashboard_export"))


def test_a_second_click_while_it_is_produced_does_not_ask_twice(client, world, settings):
    settings.EXPORT_WORKER_ROWS = 1
    client.force_login(world.planner)
    first = client.get(ledger_url(world))["Location"]
    assert client.get(ledger_url(world))["Location"] == first
    assert Export.objects.count() == 1
    # Another person asking for the same ledger gets their own.
    client.force_login(world.admin)
    assert client.get(ledger_url(world))["Location"] != first
    assert Export.objects.count() == 2


# --- The worker's path, run in the process -------------------------------------------------------


def test_a_large_ledger_is_produced_and_downloaded(
    client, world, settings, eager, django_capture_on_commit_callbacks
):
    settings.EXPORT_WORKER_ROWS = 1
    client.force_login(world.planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(ledger_url(world))
    export = Export.objects.get()
    assert export.state == Export.State.READY, export.error
    assert export.finished_at and export.file.name.startswith(f"exports/{world.planner.pk}/")
    page = client.get(response["Location"]).content.decode()
    download_url = reverse("tasks:export_download", args=[export.pk])
    assert f'href="{download_url}"' in page and "data-export-refresh" not in page

    download = client.get(download_url)
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert download["Cache-Control"] == "private, no-store"
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    assert f'filename="plan-{world.plan.pk}-ledger.xlsx"' in download["Content-Disposition"]
    sheet = workbook(streamed(download)).active
    assert sheet["A2"].value == "序号"  # in the language of the request
    titles = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert titles == ["甲的任务", "乙的任务"]

    notification = Notification.objects.get(recipient=world.planner)
    assert notification.url == reverse("tasks:export", args=[export.pk])
    assert export.name in notification.title and "导出" in notification.title


def test_a_large_dashboard_is_produced_with_every_overdue_task(
    client, world, settings, eager, django_capture_on_commit_callbacks
):
    settings.EXPORT_WORKER_ROWS = 1
    Task.objects.filter(pk=world.task_a.pk).update(deadline="2026-01-31")  # overdue now
    # Task B not, whenever the suite runs (the factory's deadline is a fixed day).
    later = timezone.localdate() + datetime.timedelta(days=30)
    Task.objects.filter(pk=world.task_b.pk).update(deadline=later)
    client.force_login(world.leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("tasks:dashboard_export"), {"year": 2026})
    export = Export.objects.get()
    assert export.state == Export.State.READY, export.error
    assert (export.name, export.fallback_name) == ("工作要点进展-2026.xlsx", "dashboard-2026.xlsx")
    book = workbook(streamed(client.get(reverse("tasks:export_download", args=[export.pk]))))
    assert book.sheetnames == ["概况", "按部分", "按单位", "指标", "逾期任务"]
    summary = dict(book["概况"].iter_rows(values_only=True))
    assert summary["任务数"] == 2
    overdue = list(book["逾期任务"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in overdue] == [f"{world.task_a.label}甲的任务"]
    assert book["按单位"].freeze_panes == "A2"


def test_the_page_refreshes_itself_while_the_file_is_produced(client, world, settings):
    settings.EXPORT_WORKER_ROWS = 1
    client.force_login(world.planner)
    page = client.get(ledger_url(world), follow=True).content.decode()
    assert "正在生成" in page and 'data-export-refresh="3"' in page
    assert 'src="/static/js/export.js"' in page
    export = Export.objects.get()
    # Nothing to download yet.
    assert client.get(reverse("tasks:export_download", args=[export.pk])).status_code == 404


def test_a_failed_export_says_why(client, world):
    export = Export.objects.create(
        kind=Export.Kind.LEDGER,
        requester=world.planner,
        name="台账.xlsx",
        fallback_name="ledger.xlsx",
        state=Export.State.FAILED,
        error="计划已被删除，或您已无权查看。",
    )
    client.force_login(world.planner)
    page = client.get(reverse("tasks:export", args=[export.pk])).content.decode()
    assert "计划已被删除，或您已无权查看。" in page and "data-export-refresh" not in page
    assert client.get(reverse("tasks:export_download", args=[export.pk])).status_code == 404


def test_a_file_gone_from_the_disk_is_not_found(client, world):
    export = Export.objects.create(
        kind=Export.Kind.LEDGER,
        requester=world.planner,
        name="台账.xlsx",
        fallback_name="ledger.xlsx",
        state=Export.State.READY,
        file="exports/0/missing.xlsx",
    )
    client.force_login(world.planner)
    assert client.get(reverse("tasks:export_download", args=[export.pk])).status_code == 404


@pytest.mark.parametrize("role", ["admin", "leader", "reporter_a", "other planner"])
def test_nobody_else_sees_or_downloads_it(
    client, world, settings, eager, role, django_capture_on_commit_callbacks
):
    settings.EXPORT_WORKER_ROWS = 1
    client.force_login(world.planner)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(ledger_url(world))
    export = Export.objects.get(state=Export.State.READY)
    if role == "other planner":
        other = factories.UserFactory(role=world.planner.role, unit=world.propaganda)
        client.force_login(other)
    else:
        client.force_login(world.user(role))
    for name in ("tasks:export", "tasks:export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
