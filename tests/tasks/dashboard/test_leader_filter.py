"""The dashboard filtered by a responsible leader (责任领导), and who answers for each overdue
task in every overdue list: the page, its print view and the workbook."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from plans.models import Responsibility
from tasks.dashboard.board import build
from tasks.dashboard.filters import Filters
from tests import factories
from tests.tasks.dashboard.test_figures import TODAY, plan_2026  # noqa: F401 (a fixture)

LEADER = Responsibility.Role.LEADER


@pytest.fixture
def zhang(world, plan_2026):  # noqa: F811
    """张慧 answers for task A (overdue on TODAY) and task D; 李强 for task B."""
    zhang = factories.LeaderFactory(federation=world.federation, name="张慧", user=world.leader)
    li = factories.LeaderFactory(federation=world.federation, name="李强")
    tasks = plan_2026["tasks"]
    for task in (tasks[0], tasks[3]):
        factories.ResponsibilityFactory(task=task, unit=None, leader=zhang, role=LEADER)
    factories.ResponsibilityFactory(task=tasks[1], unit=None, leader=li, role=LEADER)
    return zhang


def test_figures_follow_the_leader_filter(world, zhang):
    everything = build(world.leader, Filters(), TODAY)
    assert everything.figures.total == 5
    assert [x.name for x in everything.leaders] == ["张慧", "李强"]
    hers = build(world.leader, Filters(leader=zhang.pk), TODAY)
    assert hers.figures.total == 2 and hers.figures.overdue == 1
    assert {row.name for row in hers.unit_rows} == {"甲区总工会", "乙县总工会"}
    assert hers.leader_name == "张慧"


def test_overdue_rows_say_who_answers_and_how_late(world, zhang):
    [row] = build(world.leader, Filters(), TODAY).overdue_tasks
    assert (row.lead_units, row.leaders, row.days_overdue) == ("甲区总工会", "张慧", 14)


def test_leader_filter_kept_in_the_url(client, world, zhang):
    client.force_login(world.leader)
    html = client.get(reverse("tasks:dashboard"), {"year": 2026, "leader": zhang.pk})
    page = html.content.decode()
    assert f'<option value="{zhang.pk}" selected>张慧</option>' in page
    assert f"leader={zhang.pk}&amp;sort=name" in page  # the ranking's sort links keep it
    assert html.context["dashboard"].figures.total == 2


@pytest.mark.parametrize("value", ["x", "-3", "99999999999999999999", "{'a': 1}"])
def test_bad_leader_is_ignored(client, world, value):
    client.force_login(world.leader)
    response = client.get(reverse("tasks:dashboard"), {"leader": value})
    assert response.status_code == 200 and response.context["filters"].leader is None


def _overdue_page(client, name, world):
    client.force_login(world.leader)
    return client.get(reverse(name), {"year": 2026}).content.decode()


@pytest.fixture
def overdue_today(world, zhang, monkeypatch):
    """The pages run on the real today: task A is then long overdue."""
    world.task_a.deadline = datetime.date(2026, 6, 1)
    world.task_a.save()


@pytest.mark.parametrize("name", ["tasks:dashboard", "tasks:dashboard_print"])
def test_overdue_lists_on_the_pages(client, world, overdue_today, name):
    page = _overdue_page(client, name, world)
    assert "甲区总工会" in page and "张慧" in page
    assert "days overdue" in page or "天" in page


def test_overdue_sheet_of_the_workbook(client, world, overdue_today):
    client.force_login(world.leader)
    response = client.get(reverse("tasks:dashboard_export"), {"year": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[-1]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[2:6] == ("牵头部门", "责任领导", "完成时限", "逾期天数")
    task_a = next(row for row in rows if row[1].endswith("甲的任务"))
    assert task_a[2:4] == ("甲区总工会", "张慧") and task_a[5] > 0
