"""The plan page of a large plan: its sections folded with their counts, one section's tasks
shown a page at a time, in a constant number of queries; print stays complete. The limits are
lowered here so that a few dozen tasks make a "large" plan."""

import re

import pytest
from django.urls import reverse

from plans.views import outline
from tests import factories
from tests.growth import grow


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(outline, "WHOLE_PLAN_TASKS", 10)
    monkeypatch.setattr(outline, "SECTION_PAGE_TASKS", 2)


def _page(client, plan, **query):
    response = client.get(reverse("plans:detail", args=[plan.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def _shown(content):
    return re.findall(r'id="task-(\d+)"', content)


def test_a_plan_up_to_the_limit_is_shown_whole(client, world, small_limits):
    grown = grow(world, tasks=8)  # 10 tasks with task A and task B
    client.force_login(world.planner)
    content = _page(client, world.plan)
    assert len(_shown(content)) == 10
    assert str(grown[-1].pk) in _shown(content)
    assert 'data-testid="plan-folded"' not in content
    assert 'data-testid="open-section"' not in content


def test_a_larger_plan_is_folded_with_the_first_section_open(client, world, small_limits):
    grown = grow(world, tasks=9)  # 11 tasks
    client.force_login(world.planner)
    content = _page(client, world.plan)
    assert 'data-testid="plan-folded"' in content
    assert "11" in content  # "This plan has 11 tasks…"
    # Every section's heading, none lost; the first section (tasks A and B) open.
    assert content.count('data-testid="section"') == world.plan.sections.count()
    assert _shown(content) == [str(world.task_a.pk), str(world.task_b.pk)]
    # The others offer their tasks, counted: grown tasks alternate section and subsection.
    counts = re.findall(r'data-testid="open-section">[^<]*?(\d+)', content)
    assert sorted(int(count) for count in counts) == [2, 2, 2, 3]
    assert str(grown[0].pk) not in _shown(content)
    assert reverse("plans:print", args=[world.plan.pk]) in content


def test_a_section_opens_a_page_at_a_time(client, world, small_limits):
    grown = grow(world, tasks=13)
    client.force_login(world.planner)
    section = grown[0].section  # grown tasks 0, 2 and 4 are in it
    content = _page(client, world.plan, section=section.pk)
    assert _shown(content) == [str(grown[0].pk), str(grown[2].pk)]
    assert 'data-testid="pagination"' in content
    assert f"section={section.pk}&amp;page=2" in content
    content = _page(client, world.plan, section=section.pk, page=2)
    assert _shown(content) == [str(grown[4].pk)]
    # One past the end is the last page; nonsense is the first.
    assert _shown(_page(client, world.plan, section=section.pk, page=9)) == [str(grown[4].pk)]
    assert _shown(_page(client, world.plan, section=section.pk, page="x")) == [
        str(grown[0].pk),
        str(grown[2].pk),
    ]


@pytest.mark.parametrize("asked", ["x", "-3", "99999999999999999999", "another plan's"])
def test_nonsense_or_another_plans_section_opens_the_first(client, world, small_limits, asked):
    grow(world, tasks=9)
    if asked == "another plan's":
        asked = factories.SectionFactory().pk
    client.force_login(world.planner)
    content = _page(client, world.plan, section=asked)
    assert _shown(content) == [str(world.task_a.pk), str(world.task_b.pk)]


def test_a_unit_opens_only_its_tasks_in_a_folded_plan(client, world, small_limits):
    grown = grow(world, tasks=9, lead=[world.unit_b], supporting=[])
    client.force_login(world.reporter_a)
    content = _page(client, world.plan)
    assert reverse("tasks:detail", args=[world.task_a.pk]) in content
    assert reverse("tasks:detail", args=[world.task_b.pk]) not in content
    content = _page(client, world.plan, section=grown[0].section_id)
    assert grown[0].title in content
    assert reverse("tasks:detail", args=[grown[0].pk]) not in content


def test_the_print_view_of_a_folded_plan_is_complete(client, world, small_limits):
    grown = grow(world, tasks=12)
    client.force_login(world.planner)
    content = client.get(reverse("plans:print", args=[world.plan.pk])).content.decode()
    for task in [world.task_a, world.task_b, *grown]:
        assert task.title in content


@pytest.mark.parametrize("size", [12, 40])
def test_a_folded_plan_runs_the_queries_of_a_whole_one(
    client, world, small_limits, django_assert_num_queries, size
):
    grown = grow(world, tasks=size)
    client.force_login(world.planner)
    # session, user, unit, unread count, plan, sections with counts, tasks, responsibilities:
    # as for a whole plan (tests/test_pages.py)
    for query in ({}, {"section": grown[-1].section_id, "page": 2}):
        with django_assert_num_queries(8):
            _page(client, world.plan, **query)


def test_what_people_typed_is_escaped(client, world):
    world.task_a.title = '<b>"标题"</b>'
    world.task_a.body = "第一段<i>\r\n第二段&"
    world.task_a.label = "<1>"
    world.task_a.deadline_text = "<年底>"
    world.task_a.save()
    client.force_login(world.planner)
    content = _page(client, world.plan)
    assert "&lt;b&gt;&quot;标题&quot;&lt;/b&gt;" in content
    assert "第一段&lt;i&gt;<br>第二段&amp;" in content
    assert "&lt;1&gt;" in content and "&lt;年底&gt;" in content
    assert "<b>" not in content and "<i>" not in content
