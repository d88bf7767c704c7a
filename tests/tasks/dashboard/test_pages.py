"""The dashboard pages: who may see them, constant queries at any size, the exports."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Task, User
from tests import factories
from tests.growth import grow

PAGES = [
    "tasks:dashboard",
    "tasks:dashboard_big",
    "tasks:dashboard_print",
    "tasks:dashboard_export",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [("leader", 200), ("planner", 200), ("admin", 200), ("reporter_a", 403), ("anonymous", 302)],
)
def test_who_sees_the_dashboard(client, world, page, role, status):
    if role != "anonymous":
        client.force_login(world.user(role))
    assert client.get(reverse(page)).status_code == status


def test_another_federation_sees_none_of_ours(client, world):
    elsewhere = factories.UnitFactory(name="外市总工会领导")
    client.force_login(factories.UserFactory(role=User.Role.LEADER, unit=elsewhere))
    dashboard = client.get(reverse("tasks:dashboard")).context["dashboard"]
    assert dashboard.plans == [] and dashboard.figures.total == 0
    # Naming our plan in the URL changes nothing.
    response = client.get(reverse("tasks:dashboard"), {"plan": world.plan.pk})
    assert response.context["dashboard"].figures.total == 0


def _grow(world, count):
    """``count`` tasks of every status, led by each unit in turn, with reports, and a plan of
    last year."""
    units = [world.unit_a, world.unit_b, world.unit_c]
    grow(
        world,
        tasks=count,
        statuses=(Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS, Task.Status.DONE),
        lead=units,
        supporting=units,
        leader=None,
        reports=True,
        plans=1,
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"year": 2026})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_constant_queries_as_tasks_grow(client, world, page):
    world.plan.year = 2026
    world.plan.save()
    client.force_login(world.leader)
    _grow(world, 10)
    small = _count_queries(client, reverse(page))
    _grow(world, 290)
    assert _count_queries(client, reverse(page)) == small


def test_dashboard_query_count(client, world, django_assert_num_queries):
    client.force_login(world.leader)
    _grow(world, 20)
    client.get(reverse("tasks:dashboard"), {"year": 2026})  # takes in the changes
    # session, user, unit, unread count; nothing changed since (one query); years, plans,
    # sections; the kept figures by section and by unit; leaders for the filter; the overdue
    # and due-soon lists, each with who answers for its tasks; targets and their number; the
    # kept weeks; last year; the assessment's first units (tasks.assessment.summary): scheme,
    # tasks, targets, rounds, reviews, adjustments
    with django_assert_num_queries(25):
        client.get(reverse("tasks:dashboard"), {"year": 2026})


def test_filtered_dashboard_query_count(client, world, django_assert_num_queries):
    client.force_login(world.leader)
    _grow(world, 20)
    client.get(reverse("tasks:dashboard"), {"year": 2026})
    # As above, but the figures by section, the ranking and its last reports and the weeks
    # added up from the counted tasks the filter selects (the units of the unit filter still
    # come from the kept figures); and the assessment's six.
    with django_assert_num_queries(27):
        client.get(reverse("tasks:dashboard"), {"year": 2026, "unit": world.unit_b.pk})


def test_export_has_the_figures(client, world):
    client.force_login(world.leader)
    _grow(world, 6)
    response = client.get(reverse("tasks:dashboard_export"), {"year": 2026})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert 8 in summary.values()  # the world's 2 tasks and 6 more
    units = [row[0] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert set(units) == {"甲区总工会", "乙县总工会", "丙区总工会"}
    assert book.worksheets[2].freeze_panes == "A2"


def test_big_screen_refreshes_itself(client, world):
    client.force_login(world.leader)
    content = client.get(reverse("tasks:dashboard_big")).content.decode()
    assert 'http-equiv="refresh" content="60"' in content
    assert "vendor/echarts/echarts.min.js" in content


def test_filters_stay_in_links(client, world):
    client.force_login(world.leader)
    unit = world.unit_a
    content = client.get(reverse("tasks:dashboard"), {"unit": unit.pk, "status": "overdue"})
    html = content.content.decode()
    # The ranking's sort links keep the unit and status chosen.
    assert f"unit={unit.pk}&amp;status=overdue&amp;sort=name" in html


def test_figures_are_never_stale(client, world):
    """No time-based cache: a change shows on the next load, for everyone who sees the plan."""
    client.force_login(world.leader)
    first = client.get(reverse("tasks:dashboard"), {"year": 2026}).context["dashboard"]
    factories.TaskFactory(section=world.section)
    client.force_login(world.planner)  # same federation, same plans
    again = client.get(reverse("tasks:dashboard"), {"year": 2026}).context["dashboard"]
    assert (first.figures.total, again.figures.total) == (2, 3)
    not_started = client.get(reverse("tasks:dashboard"), {"year": 2026, "status": "not_started"})
    assert not_started.context["dashboard"].figures.total == 3


def test_export_writes_formula_like_text_as_text(client, world):
    """Names typed as = + - @ in plans and units come out as text, never as formulas."""
    client.force_login(world.leader)
    _grow(world, 6)
    plan = world.plan
    plan.title = "=1+1"
    plan.save()
    unit = world.unit_a
    unit.name = "@SUM(1+1)"
    unit.save()
    task = plan.tasks.filter(targets__isnull=False).first()  # on the Targets sheet
    task.label, task.title = "", "-2+3"
    root = task.section.parent or task.section  # the By section sheet names top sections
    root.label, root.title = "", "+cmd|' /C calc'!A0"
    task.save()
    root.save()
    response = client.get(reverse("tasks:dashboard_export"), {"year": 2026})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert "@SUM(1+1)" in values
    assert any(str(value).startswith("=1+1") for value in values)
    assert {"-2+3", "+cmd|' /C calc'!A0"} <= values
    # Figures are still numbers.
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert 8 in summary.values()


def test_the_trend_axis_names_its_weeks(client, world):
    client.force_login(world.leader)
    data = client.get(reverse("tasks:dashboard"), {"year": 2026}).context["dashboard"]
    chart = data.chart_data()["trend"]
    assert chart["labels"] == [f"第{week}周" for week in chart["weeks"]]


def test_a_reversed_deadline_range_is_read_the_right_way_round(client, world):
    """ "From 12-31 to 01-01" is a range typed backwards, not an empty one."""
    client.force_login(world.leader)
    response = client.get(
        reverse("tasks:dashboard"), {"year": 2026, "from": "2026-12-31", "to": "2026-01-01"}
    )
    filters = response.context["filters"]
    assert (filters.deadline_from.isoformat(), filters.deadline_to.isoformat()) == (
        "2026-01-01",
        "2026-12-31",
    )


def test_export_says_no_rate_where_nothing_is_done_as_the_page_does(client, world):
    client.force_login(world.leader)
    _grow(world, 2)
    response = client.get(reverse("tasks:dashboard_export"), {"year": 2026})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
    nothing_done = [row for row in rows if row[3] == 0]
    assert nothing_done and all(row[5] == "—" for row in nothing_done)
