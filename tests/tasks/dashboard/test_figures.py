"""The dashboard's figures on a small plan whose answers are known."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, Responsibility, Task
from tasks.dashboard.board import build
from tasks.dashboard.filters import Filters
from tasks.models import ProgressReport, TargetFigure
from tests import factories

TODAY = datetime.date(2026, 6, 15)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def plan_2026(world):
    """world's plan in 2026 with a second section; task A overdue, task B done on time,
    task C done late, task D due in 10 days, task E without a deadline."""
    plan = world.plan
    plan.year = 2026
    plan.published_at = _at(datetime.date(2026, 1, 1))
    plan.save()
    unit_a, unit_b = world.unit_a, world.unit_b
    second = factories.SectionFactory(plan=plan, label="二、", title="文化阵地")
    task_a, task_b = world.task_a, world.task_b
    task_a.deadline = datetime.date(2026, 6, 1)
    task_a.save()
    task_b.deadline = datetime.date(2026, 5, 31)
    task_b.status = Task.Status.DONE
    task_b.completed_at = _at(datetime.date(2026, 5, 20))
    task_b.save()
    task_c = factories.TaskFactory(
        section=second,
        deadline=datetime.date(2026, 3, 31),
        status=Task.Status.DONE,
        completed_at=_at(datetime.date(2026, 4, 10)),
    )
    task_d = factories.TaskFactory(section=second, deadline=datetime.date(2026, 6, 25))
    task_e = factories.TaskFactory(section=second, deadline=None, deadline_text="长期坚持")
    for task in (task_c, task_d, task_e):
        factories.ResponsibilityFactory(task=task, unit=unit_a, role=Responsibility.Role.LEAD)
    target = factories.TargetFactory(task=task_d, text="新建职工书屋30家", value=30, measure="家")
    for unit, values in ((unit_a, [5, 12]), (unit_b, [6])):
        for value in values:
            report = ProgressReport.objects.create(
                task=task_d, unit=unit, role="lead", text="进展", percent=50
            )
            TargetFigure.objects.create(report=report, target=target, unit=unit, value=value)
    return {"plan": plan, "second": second, "tasks": [task_a, task_b, task_c, task_d, task_e]}


def _build(user, **filters):
    return build(user, Filters(**filters), TODAY)


def test_totals_and_lights(world, plan_2026):
    d = _build(world.leader)
    f = d.figures
    assert (f.total, f.done, f.overdue, f.due_soon, f.no_deadline) == (5, 2, 1, 1, 1)
    assert (f.done_rate, f.on_time_rate) == (40, 50)
    # A red (overdue); B and C green (done); D yellow (50% reported, 94% expected by now);
    # E green (no deadline).
    assert dict(f.lights) == {"red": 1, "green": 3, "yellow": 1}


def test_sections_and_units(world, plan_2026):
    d = _build(world.leader)
    by_section = {
        row.section.title: (row.figures.total, row.figures.done) for row in d.section_rows
    }
    assert by_section == {world.section.title: (2, 1), "文化阵地": (3, 1)}
    units = {row.name: row for row in d.unit_rows}
    a, b = units["甲区总工会"], units["乙县总工会"]
    assert (a.lead, a.supporting, a.done, a.on_time, a.overdue) == (4, 0, 1, 0, 1)
    assert (b.lead, b.supporting, b.done, b.on_time, b.overdue) == (1, 1, 1, 1, 1)
    assert a.last_report is not None and b.last_report is not None


def test_targets_sum_each_units_latest_figure(world, plan_2026):
    (row,) = _build(world.leader).target_rows
    assert row.reached == Decimal(18)  # 12 (unit A's latest) + 6 (unit B)
    assert (row.percent, row.reached_display) == (60, "18")


def test_overdue_and_due_soon_lists(world, plan_2026):
    d = _build(world.leader)
    assert [row.pk for row in d.overdue_tasks] == [world.task_a.pk]
    assert [row.pk for row in d.due_soon_tasks] == [plan_2026["tasks"][3].pk]


def test_trend_by_week(world, plan_2026):
    trend = _build(world.leader).trend
    assert trend["weeks"][0] == 1 and trend["weeks"][-1] == TODAY.isocalendar().week
    week_of_c = datetime.date(2026, 4, 10).isocalendar().week
    assert trend["actual"][week_of_c - 2] == 0 and trend["actual"][week_of_c - 1] == 20
    assert trend["actual"][-1] == 40
    assert trend["expected"][-1] == 60  # A, B and C were due by now


def test_previous_year_comparison(world, plan_2026):
    last_year = factories.PlanFactory(
        owner=world.plan.owner, year=2025, status=Plan.Status.ARCHIVED
    )
    section = factories.SectionFactory(plan=last_year)
    factories.TaskFactory(
        section=section, status=Task.Status.DONE, completed_at=_at(datetime.date(2025, 3, 1))
    )
    factories.TaskFactory(
        section=section, status=Task.Status.DONE, completed_at=_at(datetime.date(2025, 9, 1))
    )
    factories.TaskFactory(section=section)
    factories.TaskFactory(section=section)
    previous = _build(world.leader).previous
    assert (previous.year, previous.total, previous.done_by_now, previous.done) == (2025, 4, 1, 2)
    assert (previous.rate_by_now, previous.final_rate) == (25, 50)


def test_filters(world, plan_2026):
    leader = world.leader
    second = plan_2026["second"]
    assert _build(leader, section=second.pk).figures.total == 3
    assert _build(leader, unit=world.unit_b.pk).figures.total == 2
    assert _build(leader, status="done").figures.total == 2
    assert _build(leader, status="overdue").figures.total == 1
    assert (
        _build(
            leader, deadline_from=datetime.date(2026, 6, 1), deadline_to=datetime.date(2026, 6, 30)
        ).figures.total
        == 2
    )
    other_plan = factories.PlanFactory(
        owner=world.propaganda, year=2026, status=Plan.Status.PUBLISHED
    )
    factories.TaskFactory(section=factories.SectionFactory(plan=other_plan))
    assert _build(leader).figures.total == 6
    assert _build(leader, plan=other_plan.pk).figures.total == 1


def test_filters_from_the_url_ignore_nonsense(rf):
    query = rf.get("/", {"year": "x", "plan": "1;drop", "status": "bogus", "from": "2026-13-01"})
    filters = Filters.from_query(query.GET)
    assert (filters.year, filters.plan, filters.status, filters.deadline_from) == (
        None,
        None,
        None,
        None,
    )
    assert Filters(unit=3, sort="overdue").as_query(unit=None) == {"sort": "overdue"}


def test_units_sorted_as_a_ranking(client, world, plan_2026):
    client.force_login(world.leader)
    names = lambda sort: [  # noqa: E731
        row.name
        for row in client.get(reverse("tasks:dashboard"), {"year": 2026, "sort": sort})
        .context["dashboard"]
        .unit_rows
    ]
    assert names("name") == ["乙县总工会", "甲区总工会"]
    assert names("tasks")[0] == "甲区总工会"
    assert names("on_time")[0] == "乙县总工会"


def test_drafts_are_not_counted(world, plan_2026):
    world.plan.status = Plan.Status.DRAFT
    world.plan.save()
    assert _build(world.leader).figures.total == 0


def _ranked(client, **query):
    response = client.get(reverse("tasks:dashboard"), {"year": 2026, **query})
    return [row.name for row in response.context["dashboard"].unit_rows]


def test_names_rank_in_the_federations_order(client, world, plan_2026):
    # 甲 comes before 乙 in the federation's list, though not by code point.
    world.unit_a.order, world.unit_b.order = 1, 2
    world.unit_a.save()
    world.unit_b.save()
    client.force_login(world.leader)
    assert _ranked(client, sort="name") == ["甲区总工会", "乙县总工会"]
    assert _ranked(client, sort="name", dir="desc") == ["乙县总工会", "甲区总工会"]


def test_a_second_click_on_a_header_reverses_the_ranking(client, world, plan_2026):
    client.force_login(world.leader)
    assert _ranked(client, sort="tasks", dir="asc") == list(reversed(_ranked(client, sort="tasks")))
    assert _ranked(client, sort="tasks", dir="sideways") == _ranked(client, sort="tasks")
    page = client.get(reverse("tasks:dashboard"), {"year": 2026, "sort": "tasks"}).content.decode()
    # The current header links to the other direction, and shows where it points.
    assert 'href="?year=2026&amp;sort=tasks&amp;dir=asc"' in page
    assert 'data-sort="tasks" aria-sort="descending"' in page
    page = client.get(
        reverse("tasks:dashboard"), {"year": 2026, "sort": "tasks", "dir": "asc"}
    ).content.decode()
    assert 'href="?year=2026&amp;sort=tasks&amp;dir=desc"' in page
    assert 'name="dir" value="asc"' in page  # the filter form keeps it


def test_filters_keep_the_direction():
    assert Filters(sort="name", direction="desc").as_query() == {"sort": "name", "dir": "desc"}
    assert Filters(sort="name").descending is False
    assert Filters(sort="rate").descending is True
    assert Filters(sort="rate", direction="asc").descending is False


def test_sections_of_several_plans_name_their_plan(client, world, plan_2026):
    other = factories.PlanFactory(
        owner=world.propaganda, year=2026, status=Plan.Status.PUBLISHED, title="职工文化工作要点"
    )
    section = factories.SectionFactory(plan=other, label="一、", title="文化进基层")
    factories.TaskFactory(section=section, plan=other)
    client.force_login(world.leader)
    page = client.get(reverse("tasks:dashboard"), {"year": 2026}).content.decode()
    assert f'<option value="{section.pk}">职工文化工作要点 · 一、文化进基层</option>' in page
    printed = client.get(reverse("tasks:dashboard_print"), {"year": 2026}).content.decode()
    assert "<td>职工文化工作要点 · 一、文化进基层</td>" in printed
    # One plan chosen: its sections need no plan name.
    page = client.get(reverse("tasks:dashboard"), {"year": 2026, "plan": other.pk})
    assert f'<option value="{section.pk}">一、文化进基层</option>' in page.content.decode()
