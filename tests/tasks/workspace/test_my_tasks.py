"""My tasks: grouped by urgency, with light, deadline in Chinese, role, status and filters."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan, Task
from tasks.workspace import workflow, worklist
from tests import factories
from tests.growth import grow

URL = reverse("tasks:my_tasks")


def _groups(response):
    return {g.key: [t.pk for t in g.tasks] for g in response.context["groups"]}


def _listed(response):
    return [t.pk for g in response.context["groups"] for t in g.tasks]


def test_each_task_shows_light_role_status_and_deadline(client, ws, today):
    task = ws.task_a
    task.deadline = datetime.date(today.year, 12, 31)
    task.deadline_text = "全年"
    task.save()
    client.force_login(ws.reporter_a)
    response = client.get(URL)
    [row] = [t for g in response.context["groups"] for t in g.tasks]
    assert row.unit_role == "lead" and row.light.colour in ("green", "yellow")
    page = response.content.decode()
    assert f"全年 · {today.year}年12月31日" in page
    assert 'data-testid="light"' in page and 'data-testid="unit-role"' in page
    assert 'data-status="not_started"' in page
    assert 'data-testid="not-acknowledged"' in page


def test_percent_and_acknowledgement(client, ws):
    workflow.report(ws.reporter_a, ws.task_a, ws.unit_a, text="x", percent=70)
    client.force_login(ws.reporter_a)
    page = client.get(URL).content.decode()
    assert "70%" in page
    assert 'data-testid="not-acknowledged"' not in page


def test_lights_by_deadline(client, ws, today):
    task_a, task_b = ws.task_a, ws.task_b
    Task.objects.filter(pk=task_a.pk).update(deadline=today - datetime.timedelta(days=1))
    Task.objects.filter(pk=task_b.pk).update(deadline=today + datetime.timedelta(days=3))
    client.force_login(ws.reporter_b)
    response = client.get(URL)
    lights = {t.pk: t.light.colour for g in response.context["groups"] for t in g.tasks}
    assert lights == {task_a.pk: "red", task_b.pk: "yellow"}
    assert _groups(response)["overdue"] == [task_a.pk]


def test_done_tasks_are_green_and_grouped_last(client, ws, today):
    Task.objects.filter(pk=ws.task_a.pk).update(
        status=Task.Status.DONE, deadline=today - datetime.timedelta(days=9)
    )
    client.force_login(ws.reporter_a)
    response = client.get(URL)
    assert _groups(response)["done"] == [ws.task_a.pk]
    assert 'data-light="green"' in response.content.decode()


def test_filter_by_status_kept_in_the_url(client, ws, today):
    # Task B due later than today whenever the suite runs (the factory's deadline is fixed).
    Task.objects.filter(pk=ws.task_b.pk).update(
        status=Task.Status.IN_PROGRESS, deadline=today + datetime.timedelta(days=30)
    )
    client.force_login(ws.reporter_b)
    response = client.get(URL, {"status": "in_progress"})
    assert _listed(response) == [ws.task_b.pk]
    page = response.content.decode()
    assert '<option value="in_progress" selected>' in page
    Task.objects.filter(pk=ws.task_a.pk).update(deadline=today - datetime.timedelta(days=2))
    response = client.get(URL, {"status": "overdue"})
    assert _listed(response) == [ws.task_a.pk]


def test_filter_by_plan(client, ws):
    other_plan = factories.PlanFactory(owner=ws.propaganda, status=Plan.Status.PUBLISHED)
    other_task = factories.TaskFactory(section=factories.SectionFactory(plan=other_plan))
    factories.ResponsibilityFactory(task=other_task, unit=ws.unit_b)
    client.force_login(ws.reporter_b)
    response = client.get(URL, {"plan": other_plan.pk})
    assert _listed(response) == [other_task.pk]
    assert f'<option value="{other_plan.pk}" selected>' in response.content.decode()
    assert len(response.context["plans"]) == 2
    everything = client.get(URL)
    assert len(_listed(everything)) == 3


def _rows(page, testid):
    """The text of each row's ``testid`` element, in the order of the rows."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(rf'data-testid="{testid}"[^>]*>(.*?)</div>', page, re.S)
    ]


def test_tasks_of_the_same_title_say_their_section(client, ws):
    """A task titled "（一）加强阵地建设" in each of three sections: each row says which."""
    ws.section.label, ws.section.title = "一、", "强化思想引领"
    ws.section.save()
    second = factories.SectionFactory(plan=ws.plan, label="二、", title="丰富职工文化")
    sub = factories.SectionFactory(plan=ws.plan, parent=second, label="（三）", title="阵地")
    for section in (ws.section, second, sub):
        task = ws.task_a if section == ws.section else factories.TaskFactory(section=section)
        Task.objects.filter(pk=task.pk).update(label="（一）", title="加强阵地建设")
        if task != ws.task_a:
            factories.ResponsibilityFactory(task=task, unit=ws.unit_a)
    client.force_login(ws.reporter_a)
    page = client.get(URL).content.decode()
    sections = _rows(page, "task-section")
    assert len(sections) == 3
    assert set(sections) == {"一、强化思想引领", "二、丰富职工文化", "二、（三）阵地"}
    # one plan: its title is no help to tell the rows apart
    assert _rows(page, "task-plan") == []


def test_tasks_of_several_plans_say_their_plan(client, ws):
    other = factories.PlanFactory(
        owner=ws.propaganda, status=Plan.Status.PUBLISHED, title="2026年职工文化工作方案"
    )
    task = factories.TaskFactory(section=factories.SectionFactory(plan=other, title="书屋"))
    factories.ResponsibilityFactory(task=task, unit=ws.unit_a)
    client.force_login(ws.reporter_a)
    page = client.get(URL).content.decode()
    assert sorted(_rows(page, "task-plan")) == sorted([ws.plan.title, other.title])
    # chosen in the filter, the plan is the page's, not each row's
    assert _rows(client.get(URL, {"plan": other.pk}).content.decode(), "task-plan") == []


@pytest.mark.parametrize("query", [{"plan": "x"}, {"status": "bogus"}, {"plan": "99999"}])
def test_bad_filters_are_harmless(client, ws, query):
    client.force_login(ws.reporter_a)
    assert client.get(URL, query).status_code == 200


def test_no_match_message(client, ws):
    client.force_login(ws.reporter_a)
    page = client.get(URL, {"status": "done"}).content.decode()
    assert 'data-testid="no-tasks"' in page


@pytest.mark.parametrize("filtered", ["", "status", "plan"])
def test_constant_queries(client, ws, filtered, django_assert_num_queries):
    query = {"status": {"status": "not_started"}, "plan": {"plan": ws.plan.pk}}.get(filtered, {})
    client.force_login(ws.reporter_a)
    grow(ws, tasks=3, reports=True, acknowledged=True)
    client.get(URL, query)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, query)
    grow(ws, tasks=60, reports=True, acknowledged=True)
    # session, user, unit, unread count, the plans of the filter, the groups' counts, the page,
    # the open reporting rounds
    with django_assert_num_queries(len(small)):
        response = client.get(URL, query)
    assert len(_listed(response)) == worklist.PAGE_SIZE
    assert sum(g.count for g in response.context["groups"]) == 64
    assert len(small) == 8
