"""A responsible leader's "my tasks": exactly the tasks they are 责任领导 of, with the light,
lead unit, latest report and days overdue; bounded pages and groups with counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan, Responsibility, Task
from tasks.workspace import workflow, worklist
from tests import factories
from tests.growth import grow

URL = reverse("tasks:my_tasks")
LEADER = Responsibility.Role.LEADER


def _listed(response):
    return [t.pk for g in response.context["groups"] for t in g.tasks]


@pytest.fixture
def zhang(ws):
    """张慧, linked to the world's leader account, responsible for task A only."""
    leader = factories.LeaderFactory(federation=ws.federation, name="张慧", user=ws.leader)
    factories.ResponsibilityFactory(task=ws.task_a, unit=None, leader=leader, role=LEADER)
    return leader


def test_lists_exactly_the_tasks_she_answers_for(client, ws, zhang):
    other = factories.LeaderFactory(federation=ws.federation, name="李强")
    factories.ResponsibilityFactory(task=ws.task_b, unit=None, leader=other, role=LEADER)
    draft = factories.PlanFactory(owner=ws.propaganda, status=Plan.Status.DRAFT)
    drafted = factories.TaskFactory(section=factories.SectionFactory(plan=draft))
    factories.ResponsibilityFactory(task=drafted, unit=None, leader=zhang, role=LEADER)
    client.force_login(ws.leader)
    response = client.get(URL)
    assert _listed(response) == [ws.task_a.pk]
    assert "张慧" in response.content.decode()


def test_row_shows_lead_unit_latest_report_and_days_overdue(client, ws, zhang, today):
    Task.objects.filter(pk=ws.task_a.pk).update(deadline=today - datetime.timedelta(days=3))
    workflow.report(ws.reporter_b, ws.task_a, ws.unit_b, text="配合开展读书月", percent=None)
    client.force_login(ws.leader)
    response = client.get(URL)
    [row] = [t for g in response.context["groups"] if g.key == "overdue" for t in g.tasks]
    assert row.light.colour == "red" and row.days_overdue == 3
    page = response.content.decode()
    assert "甲区总工会" in page and "配合开展读书月" in page and "乙县总工会" in page
    assert 'data-testid="days-overdue"' in page
    assert 'data-testid="not-acknowledged"' not in page
    assert f'data-testid="task-section">{ws.section.label}{ws.section.title}<' in page


def test_leader_without_profile_is_told_so(client, ws):
    client.force_login(ws.leader)
    response = client.get(URL)
    assert 'data-testid="no-leader"' in response.content.decode()
    assert _listed(response) == []


def test_reporter_list_unchanged(client, ws, zhang):
    client.force_login(ws.reporter_b)
    assert sorted(_listed(client.get(URL))) == sorted([ws.task_a.pk, ws.task_b.pk])


def test_pages_and_group_filter_kept_in_the_url(client, ws, zhang, today):
    grow(ws, tasks=7, leader=zhang, deadline=today - datetime.timedelta(days=1))
    grow(ws, tasks=5, leader=zhang, deadline=None)
    client.force_login(ws.leader)
    response = client.get(URL, {"group": "overdue"})
    assert len(_listed(response)) == 7
    page = response.content.decode()
    assert 'href="?group=open"' in page
    assert 'name="group" value="overdue"' in page
    counts = {g.key: g.count for g in response.context["groups"]}
    assert counts["overdue"] == 7 and counts["open"] == 5


def test_paginated_with_counts(client, ws, zhang, monkeypatch):
    monkeypatch.setattr(worklist, "PAGE_SIZE", 4)
    monkeypatch.setattr(worklist.work_list, "__defaults__", (4,))
    grow(ws, tasks=9, leader=zhang)
    client.force_login(ws.leader)
    first = client.get(URL)
    assert len(_listed(first)) == 4 and first.context["listing"].pages == 3
    assert 'href="?page=2"' in first.content.decode()
    last = client.get(URL, {"page": "3"})
    assert len(_listed(last)) == 2
    assert client.get(URL, {"page": "999"}).context["listing"].page == 3


@pytest.mark.parametrize("query", [{"page": "x"}, {"page": "-1"}, {"group": "{'a'}"}])
def test_bad_paging_is_harmless(client, ws, zhang, query):
    client.force_login(ws.leader)
    assert client.get(URL, query).status_code == 200


def test_constant_queries(client, ws, zhang, django_assert_num_queries):
    client.force_login(ws.leader)
    grow(ws, tasks=3, leader=zhang, reports=True)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    grow(ws, tasks=60, leader=zhang, reports=True)
    # session, user, leader, unit (her federation), unread count, the plans of the filter, the
    # groups' counts, the page
    with django_assert_num_queries(len(small)):
        response = client.get(URL)
    assert len(_listed(response)) == worklist.PAGE_SIZE
    assert sum(g.count for g in response.context["groups"]) == 64
    assert len(small) == 8


@pytest.mark.parametrize("persona", ["leader", "reporter_a"])
def test_an_archived_plan_waits_behind_its_filter(client, ws, zhang, today, persona):
    """Last year's archived plan is no open work: its tasks, long past their deadline, are not
    listed as overdue unless that plan is chosen in the filter."""
    old = factories.PlanFactory(owner=ws.propaganda, year=2020, status=Plan.Status.ARCHIVED)
    task = factories.TaskFactory(
        section=factories.SectionFactory(plan=old), deadline=datetime.date(2020, 9, 30)
    )
    factories.ResponsibilityFactory(task=task, unit=ws.unit_a, role=Responsibility.Role.LEAD)
    factories.ResponsibilityFactory(task=task, unit=None, leader=zhang, role=LEADER)
    client.force_login(ws.user(persona))
    assert task.pk not in _listed(client.get(URL))
    response = client.get(URL, {"plan": old.pk})
    assert _listed(response) == [task.pk]
    assert old in response.context["plans"]
