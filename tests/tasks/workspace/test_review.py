"""The planners' review queue: completion and extension requests, units not acknowledged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan, Task, User
from tasks.models import CompletionRequest, ExtensionRequest, Notification, Review
from tasks.workspace import workflow
from tests import factories
from tests.growth import grow

URL = reverse("tasks:review")


def _request_completion(ws):
    return workflow.request_completion(ws.reporter_a, ws.task_a, ws.unit_a, "三十家书屋全部建成")


def _request_extension(ws, days=30):
    return workflow.request_extension(
        ws.reporter_a,
        ws.task_a,
        ws.unit_a,
        proposed_deadline=ws.task_a.deadline + datetime.timedelta(days=days),
        reason="场地改造",
    )


def test_queue_lists_pending_requests(client, ws):
    completion = _request_completion(ws)
    extension = _request_extension(ws)
    client.force_login(ws.planner)
    response = client.get(URL)
    assert response.context["completions"] == [completion]
    assert response.context["extensions"] == [extension]
    page = response.content.decode()
    assert "三十家书屋全部建成" in page and "场地改造" in page
    assert 'data-testid="accept-completion"' in page and 'data-testid="approve-extension"' in page


def test_queue_shows_units_that_have_not_acknowledged(client, ws):
    workflow.acknowledge(ws.reporter_a, ws.task_a, ws.unit_a)
    client.force_login(ws.planner)
    missing = dict(client.get(URL).context["not_acknowledged"])
    # unit B supports task A and leads task B; unit A has acknowledged its only task
    assert list(missing) == [ws.unit_b]
    assert {r.task_id for r in missing[ws.unit_b]} == {ws.task_a.pk, ws.task_b.pk}


def test_reviewed_requests_leave_the_queue(client, ws):
    completion = _request_completion(ws)
    workflow.review_completion(ws.planner, completion, accept=True)
    client.force_login(ws.planner)
    assert client.get(URL).context["completions"] == []


def test_other_federation_sees_nothing(client, ws):
    _request_completion(ws)
    elsewhere = factories.UnitFactory(name="外市宣教部")
    client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere))
    response = client.get(URL)
    assert response.context["completions"] == [] and response.context["not_acknowledged"] == []


def test_leader_reads_the_queue_without_buttons(client, ws):
    _request_completion(ws)
    client.force_login(ws.leader)
    page = client.get(URL).content.decode()
    assert "三十家书屋全部建成" in page
    assert 'data-testid="accept-completion"' not in page


def test_accept_from_the_queue_returns_to_it(client, ws):
    completion = _request_completion(ws)
    client.force_login(ws.planner)
    response = client.post(
        reverse("tasks:review_completion", args=[completion.pk]),
        {"decision": "accept", "next": URL},
    )
    assert response["Location"] == URL
    assert Task.objects.get(pk=ws.task_a.pk).status == Task.Status.DONE
    assert Notification.objects.filter(recipient=ws.reporter_a, kind="completion_reviewed").exists()


def test_send_back_needs_a_comment(client, ws):
    completion = _request_completion(ws)
    client.force_login(ws.planner)
    url = reverse("tasks:review_completion", args=[completion.pk])
    client.post(url, {"decision": "return", "comment": ""})
    assert CompletionRequest.objects.get().status == Review.PENDING
    client.post(url, {"decision": "return", "comment": "请补充照片"})
    completion.refresh_from_db()
    assert (completion.status, completion.review_comment) == (Review.REJECTED, "请补充照片")
    assert Task.objects.get(pk=ws.task_a.pk).status == Task.Status.IN_PROGRESS


def test_a_second_decision_is_refused_with_a_message(client, ws):
    completion = _request_completion(ws)
    client.force_login(ws.planner)
    url = reverse("tasks:review_completion", args=[completion.pk])
    client.post(url, {"decision": "accept"}, follow=True)
    response = client.post(url, {"decision": "return", "comment": "不行"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Task.objects.get(pk=ws.task_a.pk).status == Task.Status.DONE


def test_approve_extension_with_another_date(client, ws):
    extension = _request_extension(ws, days=60)
    granted = ws.task_a.deadline + datetime.timedelta(days=15)
    Plan.objects.filter(pk=ws.plan.pk).update(year=granted.year - 1)
    client.force_login(ws.planner)
    client.post(
        reverse("tasks:review_extension", args=[extension.pk]),
        {"decision": "approve", "new_deadline": granted.isoformat(), "deadline_text": ""},
    )
    task = Task.objects.get(pk=ws.task_a.pk)
    assert task.deadline == granted
    # Outside the plan's year the year is written too.
    assert task.deadline_text == f"{granted.year}年{granted.month}月{granted.day}日前"
    assert ExtensionRequest.objects.get().old_deadline == ws.task_a.deadline


def test_reject_extension(client, ws):
    extension = _request_extension(ws)
    client.force_login(ws.planner)
    url = reverse("tasks:review_extension", args=[extension.pk])
    client.post(url, {"decision": "reject", "comment": ""})
    assert ExtensionRequest.objects.get().status == Review.PENDING
    client.post(url, {"decision": "reject", "comment": "时间已很宽裕"})
    assert ExtensionRequest.objects.get().status == Review.REJECTED
    assert Task.objects.get(pk=ws.task_a.pk).deadline == ws.task_a.deadline


def test_archived_plans_are_not_reviewed(client, ws):
    completion = _request_completion(ws)
    Plan.objects.filter(pk=ws.plan.pk).update(status=Plan.Status.ARCHIVED)
    client.force_login(ws.planner)
    response = client.post(
        reverse("tasks:review_completion", args=[completion.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert client.get(URL).context["completions"] == []


@pytest.mark.parametrize("role", ["planner", "leader"])
def test_constant_queries(client, ws, role, django_assert_num_queries):
    client.force_login(ws.user(role))
    grow(ws, tasks=4, requests=True)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    grow(ws, tasks=40, requests=True)
    # session, user, unit, unread count, completion requests, extension requests, units that
    # have not acknowledged
    with django_assert_num_queries(len(small)):
        response = client.get(URL)
    assert len(response.context["completions"]) + len(response.context["extensions"]) == 44
    assert len(small) == 7
