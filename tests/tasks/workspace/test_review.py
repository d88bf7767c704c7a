"""The planners' review queue: completion and extension requests, units not acknowledged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from plans.models import Plan, Task, User
from tasks.models import (
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    Notification,
    ProgressReport,
    Review,
)
from tasks.workspace import review, workflow
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
    assert [c.request for c in response.context["completions"].cards] == [completion]
    assert [c.request for c in response.context["extensions"].cards] == [extension]
    page = response.content.decode()
    assert "三十家书屋全部建成" in page and "场地改造" in page
    assert 'data-testid="accept-completion"' in page and 'data-testid="approve-extension"' in page


def test_queue_shows_units_that_have_not_acknowledged(client, ws):
    workflow.acknowledge(ws.reporter_a, ws.task_a, ws.unit_a)
    client.force_login(ws.planner)
    missing = client.get(URL).context["not_acknowledged"]
    # unit B supports task A and leads task B; unit A has acknowledged its only task
    assert [(row["unit_id"], row["count"]) for row in missing] == [(ws.unit_b.pk, 2)]
    page = client.get(reverse("tasks:review_unit", args=[ws.unit_b.pk]))
    assert {r.task_id for r in page.context["page"]} == {ws.task_a.pk, ws.task_b.pk}


def test_reviewed_requests_leave_the_queue(client, ws):
    completion = _request_completion(ws)
    workflow.review_completion(ws.planner, completion, accept=True)
    client.force_login(ws.planner)
    assert client.get(URL).context["completions"].cards == []


def test_other_federation_sees_nothing(client, ws):
    _request_completion(ws)
    elsewhere = factories.UnitFactory(name="外市宣教部")
    client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere))
    response = client.get(URL)
    assert response.context["completions"].cards == []
    assert response.context["not_acknowledged"] == []
    assert client.get(reverse("tasks:review_unit", args=[ws.unit_a.pk])).status_code == 404


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
    assert client.get(URL).context["completions"].cards == []


@pytest.mark.parametrize("role", ["planner", "leader"])
def test_constant_queries(client, ws, role, django_assert_num_queries):
    client.force_login(ws.user(role))
    _with_evidence(grow(ws, tasks=4, requests=True, reports=True))
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _with_evidence(grow(ws, tasks=60, units=5, requests=True, reports=True))
    # session, user, unit, unread count; for completions and extensions each: count, page,
    # targets, reached, reports, attachments, links; units that have not acknowledged
    with django_assert_num_queries(len(small)):
        response = client.get(URL)
    completions, extensions = response.context["completions"], response.context["extensions"]
    assert completions.paginator.count + extensions.paginator.count == 64
    assert len(completions.cards) == len(extensions.cards) == review.PAGE_SIZE
    assert len(small) == 19


def _with_evidence(tasks):
    """A link and a file on each report of ``tasks``."""
    for report in ProgressReport.objects.filter(task__in=tasks):
        report.links.create(url="https://example.cn/a", title="报道")
        Attachment.objects.create(
            report=report,
            file="reports/x.png",
            original_name="照片.png",
            kind="png",
            content_type="image/png",
            size=10,
        )


def _report(ws, percent, figure):
    report = workflow.report(
        ws.reporter_a,
        ws.task_a,
        ws.unit_a,
        text="建成书屋",
        percent=percent,
        figures={ws.target: figure},
        links=[("https://example.cn/news", "新闻报道")],
    )
    return report


def test_a_completion_card_shows_the_evidence(client, ws):
    _report(ws, 75, 12)
    _request_completion(ws)
    _request_extension_anyway(ws)
    client.force_login(ws.planner)
    response = client.get(URL)
    (card,) = response.context["completions"].cards
    assert card.request.reported_percent == 75
    assert [str(row) for row in card.targets] == ["12 / 30 家"]
    assert [link.title for link in card.report.links.all()] == ["新闻报道"]
    page = response.content.decode()
    assert "12 / 30 家" in page and "75%" in page and "新闻报道" in page
    assert 'data-testid="completion-gaps"' in page
    assert 'data-testid="also-extension"' in page and 'data-testid="also-completion"' in page
    assert 'data-confirm="' in page


def test_a_finished_task_has_no_gaps(client, ws):
    _report(ws, 100, 30)
    _request_completion(ws)
    client.force_login(ws.planner)
    (card,) = client.get(URL).context["completions"].cards
    assert card.gaps == []


def _request_extension_anyway(ws):
    """An extension pending beside the completion request."""
    return ExtensionRequest.objects.create(
        task=ws.task_a,
        unit=ws.unit_a,
        requested_by=ws.reporter_a,
        reason="场地改造",
        proposed_deadline=ws.task_a.deadline + datetime.timedelta(days=30),
        old_deadline=ws.task_a.deadline,
        old_deadline_text=ws.task_a.deadline_text,
    )


def test_pages_of_requests_and_bad_page_numbers(client, ws):
    grow(ws, tasks=2 * review.PAGE_SIZE + 2, requests=True)
    client.force_login(ws.planner)
    first = client.get(URL).context["completions"]
    assert (first.paginator.count, len(first.cards)) == (review.PAGE_SIZE + 1, review.PAGE_SIZE)
    second = client.get(URL, {"page": "2"}).context["completions"]
    assert len(second.cards) == 1
    for bad in ("x", "-1", "99999999999999999999", ""):
        assert client.get(URL, {"page": bad, "epage": bad}).status_code == 200


def test_paging_one_list_keeps_the_other_lists_page(client, ws):
    grow(ws, tasks=2 * review.PAGE_SIZE + 2, requests=True)
    client.force_login(ws.planner)
    html = client.get(URL, {"epage": "2", "page": "1"}).content.decode()
    # The completions' next page keeps the extensions on their second page, and the other way.
    assert "?epage=2&amp;page=2" in html
    assert "?page=1&amp;epage=1" in html


def test_dates_follow_the_language(client, ws):
    extension = _request_extension(ws)
    client.force_login(ws.planner)
    new = extension.proposed_deadline
    chinese = client.get(URL).content.decode()
    assert f"{new.year}年{new.month}月{new.day}日" in chinese
    client.cookies["django_language"] = "en"
    english = client.get(URL).content.decode()
    with translation.override("en"):
        assert f"to {formats.date_format(new, 'DATE_FORMAT')}" in english


def test_units_not_acknowledged_come_a_page_at_a_time(client, ws, django_assert_num_queries):
    client.force_login(ws.planner)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _n in range(55):
        factories.ResponsibilityFactory(
            task=ws.task_b, unit=factories.UnitFactory(parent=ws.federation), role="supporting"
        )
    # as many queries as with two units: the rows are few (a unit each), the page cut in Python
    with django_assert_num_queries(len(few)):
        page = client.get(URL).content.decode()
    assert page.count('data-testid="unit-not-acknowledged"') == 50
    assert "upage=2" in page
    rest = client.get(URL, {"upage": "2"}).content.decode()
    assert rest.count('data-testid="unit-not-acknowledged"') == 57 - 50
    link = reverse("tasks:review_unit", args=[ws.unit_a.pk])
    assert (link in page) != (link in rest)
