"""Requesting completion of a task that does not look finished: warned, asked to confirm, never
blocked; and the percent of a task, the same on every page once completion is requested."""

import re

from django.urls import reverse
from django.utils import translation

from plans.models import Task
from tasks.workspace import progress, workflow


def _url(name, task):
    return reverse(f"tasks:{name}", args=[task.pk])


def _report(ws, percent, figure):
    workflow.report(
        ws.reporter_a,
        ws.task_a,
        ws.unit_a,
        text="进展",
        percent=percent,
        figures={ws.target: figure},
    )


@translation.override("en")
def test_gaps_at_their_boundaries(ws):
    assert progress.gaps_of(ws.task_a)[0] == "No percent done has been reported."
    _report(ws, 99, 30)
    assert progress.gaps_of(ws.task_a) == ["The latest percent reported is 99%."]
    _report(ws, 100, 29)
    assert progress.gaps_of(ws.task_a) == ["Target not reached: 新建市级职工书屋30家, 29 / 30 家."]
    _report(ws, 100, 30)
    assert progress.gaps_of(ws.task_a) == []


def test_an_unfinished_task_is_warned_and_needs_the_box_ticked(client, ws):
    _report(ws, 75, 12)
    client.force_login(ws.reporter_a)
    page = client.get(_url("detail", ws.task_a)).content.decode()
    assert 'data-testid="completion-warning"' in page and "12 / 30 家" in page
    response = client.post(_url("request_completion", ws.task_a), {"note": "完成"})
    assert response.status_code == 200
    assert "请勾选确认" in response.content.decode()
    assert Task.objects.get(pk=ws.task_a.pk).status == Task.Status.IN_PROGRESS
    response = client.post(
        _url("request_completion", ws.task_a), {"note": "完成", "confirm_gaps": "on"}
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=ws.task_a.pk).status == Task.Status.COMPLETION_REQUESTED


def test_a_finished_task_is_not_warned(client, ws):
    _report(ws, 100, 30)
    client.force_login(ws.reporter_a)
    page = client.get(_url("detail", ws.task_a)).content.decode()
    assert 'data-testid="completion-warning"' not in page
    assert 'name="confirm_gaps"' not in page
    response = client.post(_url("request_completion", ws.task_a), {"note": "完成"})
    assert response.status_code == 302


def _percents(html):
    return set(re.findall(r"(\d+)%", html))


def test_the_percent_is_the_same_on_the_task_page_and_in_my_tasks(client, ws):
    _report(ws, 75, 12)
    workflow.request_completion(ws.reporter_a, ws.task_a, ws.unit_a, "完成")
    client.force_login(ws.reporter_a)
    task_page = client.get(_url("detail", ws.task_a)).content.decode()
    my_tasks = client.get(reverse("tasks:my_tasks")).content.decode()
    assert "75%" in my_tasks and "100%" not in my_tasks
    expected = task_page.split('data-testid="expected-progress"')[1][:200]
    assert "75%" in expected and "100%" not in expected
