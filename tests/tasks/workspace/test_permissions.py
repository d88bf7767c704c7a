"""Every URL of the workspace × every role. Another unit's task is a 404; acting without the
right role is a 403; anonymous users are sent to log in. Each allowed POST changes what it
should, and each refused one changes nothing."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Task
from tasks.models import (
    Acknowledgement,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    Review,
    Round,
    RoundItem,
    RoundSchedule,
)
from tasks.rounds import service as rounds
from tasks.workspace import workflow
from tasks.workspace.attachments import KINDS
from tests.matrix import LOGIN, cases, log_in
from tests.tasks.workspace import files
from tests.tasks.workspace.factories import CompletionRequestFactory, ExtensionRequestFactory


def _pending_completion(ws):
    Task.objects.filter(pk=ws.task_a.pk).update(status=Task.Status.COMPLETION_REQUESTED)
    return CompletionRequestFactory(task=ws.task_a, unit=ws.unit_a).pk


def _pending_extension(ws):
    return ExtensionRequestFactory(task=ws.task_a, unit=ws.unit_a).pk


def _attachment(ws):
    report = workflow.report(
        ws.reporter_a,
        ws.task_a,
        ws.unit_a,
        text="照片",
        files=[(files.upload("a.png", files.png()), KINDS["png"])],
    )
    return report.attachments.get().pk


def _state(ws):
    task = Task.objects.get(pk=ws.task_a.pk)
    return (
        task.status,
        task.deadline,
        Acknowledgement.objects.count(),
        ProgressReport.objects.count(),
        CompletionRequest.objects.filter(status=Review.PENDING).count(),
        ExtensionRequest.objects.filter(status=Review.PENDING).count(),
        Round.objects.count(),
        Round.objects.filter(closed_at__isnull=False).count(),
        RoundItem.objects.filter(report__isnull=False).count(),
        RoundSchedule.objects.count(),
    )


def _round(ws):
    return rounds.open_round(ws.planner, ws.plan, name="报送", due_date=_later_date(ws)).pk


def _round_unit_a(ws):
    return (_round(ws), ws.unit_a.pk)


def _later_date(ws):
    return ws.task_a.deadline + datetime.timedelta(days=20)


def _later(ws):
    return (ws.task_a.deadline + datetime.timedelta(days=20)).isoformat()


# name: (method, url name, setup giving the url argument, data)
URLS = {
    "my_tasks": ("get", "my_tasks", None, None),
    "detail": ("get", "detail", lambda ws: ws.task_a.pk, None),
    "acknowledge": ("post", "acknowledge", lambda ws: ws.task_a.pk, lambda ws: {}),
    "report": (
        "post",
        "report",
        lambda ws: ws.task_a.pk,
        lambda ws: {"text": "进展", "percent": "10"},
    ),
    "request_completion": (
        "post",
        "request_completion",
        lambda ws: ws.task_a.pk,
        lambda ws: {"note": "完成", "confirm_gaps": "on"},
    ),
    "request_extension": (
        "post",
        "request_extension",
        lambda ws: ws.task_a.pk,
        lambda ws: {"proposed_deadline": _later(ws), "reason": "x"},
    ),
    "review": ("get", "review", None, None),
    "review_unit": ("get", "review_unit", lambda ws: ws.unit_a.pk, None),
    "review_completion": (
        "post",
        "review_completion",
        _pending_completion,
        lambda ws: {"decision": "accept"},
    ),
    "review_extension": (
        "post",
        "review_extension",
        _pending_extension,
        lambda ws: {"decision": "approve", "new_deadline": _later(ws)},
    ),
    "attachment": ("get", "attachment", _attachment, None),
    "round_list": ("get", "round_list", lambda ws: ws.plan.pk, None),
    "round_open": (
        "post",
        "round_list",
        lambda ws: ws.plan.pk,
        lambda ws: {"name": "报送", "due_date": "2099-09-30", "tasks": [ws.task_a.pk]},
    ),
    "round_detail": ("get", "round_detail", _round, None),
    "round_state": ("post", "round_state", _round, lambda ws: {"action": "close"}),
    "round_unit": ("get", "round_unit", _round_unit_a, None),
    "round_answer": (
        "post",
        "round_unit",
        _round_unit_a,
        lambda ws: {f"t{ws.task_a.pk}-task": ws.task_a.pk, f"t{ws.task_a.pk}-text": "答复"},
    ),
    "round_schedule": ("get", "round_schedule", lambda ws: ws.plan.pk, None),
    "round_schedule_set": (
        "post",
        "round_schedule",
        lambda ws: ws.plan.pk,
        lambda ws: {
            "active": "on",
            "frequency": "quarterly",
            "open_day": "20",
            "due_rule": "next_month",
            "due_days": "5",
            "name_pattern": "{year}年{period}进展报送",
        },
    ),
}

EXPECTED = {
    #                    anon   planner lead supp other leader admin other_planner
    "my_tasks":          (LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "detail":            (LOGIN, 200, 200, 200, 404, 200, 200, 404),
    "acknowledge":       (LOGIN, 403, 302, 302, 404, 403, 403, 404),
    "report":            (LOGIN, 403, 302, 302, 404, 403, 403, 404),
    "request_completion": (LOGIN, 403, 302, 403, 404, 403, 403, 404),
    "request_extension": (LOGIN, 403, 302, 403, 404, 403, 403, 404),
    "review":            (LOGIN, 200, 403, 403, 403, 200, 200, 200),
    "review_unit":       (LOGIN, 200, 403, 403, 403, 200, 200, 404),
    "review_completion": (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "review_extension":  (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "attachment":        (LOGIN, 200, 200, 200, 404, 200, 200, 404),
    "round_list":        (LOGIN, 200, 403, 403, 404, 200, 200, 404),
    "round_open":        (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "round_detail":      (LOGIN, 200, 403, 403, 404, 200, 200, 404),
    "round_state":       (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "round_unit":        (LOGIN, 200, 200, 404, 404, 200, 200, 404),
    "round_answer":      (LOGIN, 403, 302, 404, 404, 403, 403, 404),
    "round_schedule":    (LOGIN, 200, 403, 403, 404, 403, 200, 404),
    "round_schedule_set": (LOGIN, 302, 403, 403, 404, 403, 302, 404),
}  # fmt: skip

CASES = cases(EXPECTED)


@pytest.mark.parametrize(("url_name", "role", "expected"), CASES)
def test_permission_matrix(client, ws, url_name, role, expected):
    method, name, setup, data = URLS[url_name]
    arg = setup(ws) if setup else None
    args = [] if arg is None else list(arg) if isinstance(arg, tuple) else [arg]
    url = reverse(f"tasks:{name}", args=args)
    log_in(client, ws, role)
    before = _state(ws)
    response = getattr(client, method)(url, data(ws) if data else None)
    after = _state(ws)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{role} {method.upper()} {url_name}"
    if method == "post":
        # a successful action redirects to the task and changes something; refused: nothing
        assert (after != before) == (expected == 302), f"{role} {url_name}: {before} → {after}"


@pytest.mark.parametrize(
    "name", ["acknowledge", "report", "request_completion", "request_extension"]
)
def test_actions_take_no_get(client, ws, name):
    client.force_login(ws.reporter_a)
    assert client.get(reverse(f"tasks:{name}", args=[ws.task_a.pk])).status_code == 405


def test_attachment_is_streamed_with_its_type_and_name(client, ws):
    pk = _attachment(ws)
    client.force_login(ws.reporter_b)
    response = client.get(reverse("tasks:attachment", args=[pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == files.png()


def test_office_files_are_downloaded_under_their_original_name(client, ws):
    report = workflow.report(
        ws.reporter_a,
        ws.task_a,
        ws.unit_a,
        text="总结",
        files=[(files.upload("工作总结.docx", files.ooxml("docx")), KINDS["docx"])],
    )
    client.force_login(ws.planner)
    response = client.get(reverse("tasks:attachment", args=[report.attachments.get().pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93.docx" in response["Content-Disposition"]


def test_missing_file_is_not_found(client, ws, media):
    pk = _attachment(ws)
    for path in media.rglob("*.png"):
        path.unlink()
    client.force_login(ws.planner)
    assert client.get(reverse("tasks:attachment", args=[pk])).status_code == 404


def test_draft_plan_hides_everything_from_units(client, ws):
    pk = _attachment(ws)
    ws.plan.status = "draft"
    ws.plan.save()
    client.force_login(ws.reporter_a)
    assert client.get(reverse("tasks:attachment", args=[pk])).status_code == 404
    response = client.post(reverse("tasks:report", args=[ws.task_a.pk]), {"text": "x"})
    assert response.status_code == 404


def test_archived_plan_is_read_only(client, ws):
    ws.plan.status = "archived"
    ws.plan.save()
    client.force_login(ws.reporter_a)
    page = client.get(reverse("tasks:detail", args=[ws.task_a.pk])).content.decode()
    assert 'data-testid="unit-actions"' not in page
    response = client.post(reverse("tasks:report", args=[ws.task_a.pk]), {"text": "x"})
    assert response.status_code == 403
