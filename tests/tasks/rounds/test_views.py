"""The pages of rounds: opening one (choosing its tasks), the round per unit (constant
queries), closing and re-opening, and 我的任务 showing open rounds first. A unit's answers:
test_answer_views.py."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.audit import display
from plans.models import Task
from tasks.models import Round, RoundItem
from tasks.rounds import service
from tests import factories
from tests.growth import grow

DUE = datetime.date(2099, 9, 30)


def _open(world):
    return service.open_round(world.planner, world.plan, name="第三季度进展报送", due_date=DUE)


def _list(world):
    return reverse("tasks:round_list", args=[world.plan.pk])


def _opening(world, **data):
    return {
        "name": "第三季度进展报送",
        "due_date": "2099-09-30",
        "tasks": [world.task_a.pk, world.task_b.pk],
        **data,
    }


def test_a_planner_opens_a_round(client, world):
    client.force_login(world.planner)
    response = client.post(_list(world), _opening(world))
    rnd = Round.objects.get()
    assert response["Location"] == reverse("tasks:round_detail", args=[rnd.pk])
    assert rnd.items.count() == 2


def test_the_round_covers_the_tasks_chosen_only(client, world):
    client.force_login(world.planner)
    client.post(_list(world), _opening(world, tasks=[world.task_b.pk], include_supporting="on"))
    items = Round.objects.get().items.values_list("unit__name", "task__title")
    assert list(items) == [("乙县总工会", "乙的任务")]


def test_the_form_offers_the_unfinished_tasks_by_section_open_ones_ticked(client, world):
    grown = grow(world, tasks=6, statuses=(Task.Status.NOT_STARTED, Task.Status.DONE))
    Task.objects.filter(pk=grown[1].pk).update(status=Task.Status.COMPLETION_REQUESTED)
    client.force_login(world.planner)
    response = client.get(_list(world), HTTP_ACCEPT_LANGUAGE="zh-hans")
    groups = response.context["task_groups"]
    listed = [task for _section, tasks in groups for task in tasks]
    # Done tasks are left out; the one whose completion is requested is offered, unticked.
    assert {task.pk for task in listed} == {
        world.task_a.pk,
        world.task_b.pk,
        *(task.pk for task in grown if task.status != Task.Status.DONE),
        grown[1].pk,
    }
    assert {task.pk for task in listed if not task.chosen} == {grown[1].pk}
    # One group per section, each naming its section, the tasks in the document's order.
    sections = [section.pk for section, _tasks in groups]
    assert len(sections) == len(set(sections)) == 3
    for _section, tasks in groups:
        assert [task.order for task in tasks] == sorted(task.order for task in tasks)
    content = response.content.decode()
    assert content.count('data-testid="task-group"') == 3
    assert content.count('data-testid="task-choice"') == len(listed)
    assert content.count("checked") == len(listed) - 1
    assert "部分0" in content and "小节0" in content
    assert "甲区总工会" in content  # each task names its lead unit
    assert f"{len(listed) - 1}</span> 项，共 {len(listed)} 项" in content


def test_no_task_chosen_is_a_message_and_keeps_what_was_typed(client, world):
    client.force_login(world.planner)
    data = _opening(world, tasks=[], name="十月报送", period_start="2099-10-01")
    response = client.post(_list(world), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert not Round.objects.exists()
    content = response.content.decode()
    assert "请至少选择一项任务" in content
    assert 'value="十月报送"' in content and 'value="2099-10-01"' in content
    # What was unticked stays unticked.
    assert "checked" not in content


def test_the_ticks_sent_are_kept_when_the_form_comes_back(client, world):
    client.force_login(world.planner)
    data = _opening(world, tasks=[world.task_b.pk], due_date="2099-02-30")
    response = client.post(_list(world), data)
    chosen = {t.pk for _s, tasks in response.context["task_groups"] for t in tasks if t.chosen}
    assert chosen == {world.task_b.pk}
    assert response.context["form"].errors["due_date"]


@pytest.mark.parametrize(
    "data",
    [
        {"due_date": "2099-02-30"},
        {"due_date": "2020-01-01"},
        {"period_start": "2099-09-30", "period_end": "2099-07-01"},
        {"name": ""},
        {"tasks": ["abc"]},
        {"tasks": ["²"]},
        {"tasks": [str(2**70)]},
    ],
)
def test_bad_input_redisplays_the_form(client, world, data):
    client.force_login(world.planner)
    response = client.post(_list(world), _opening(world, **data))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Round.objects.exists()


def test_a_task_of_another_plan_is_refused(client, world):
    other = factories.TaskFactory()
    client.force_login(world.planner)
    response = client.post(_list(world), _opening(world, tasks=[world.task_a.pk, other.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["tasks"]
    assert not Round.objects.exists()


def test_tasks_without_a_unit_are_a_message(client, world):
    lonely = factories.TaskFactory(section=world.section, title="无人负责")
    client.force_login(world.planner)
    response = client.post(_list(world), _opening(world, tasks=[lonely.pk]))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Round.objects.exists()


def test_the_rounds_page_keeps_its_queries_as_the_plan_grows(
    client, world, django_assert_num_queries
):
    client.force_login(world.planner)
    _open(world)
    client.get(_list(world))
    with CaptureQueriesContext(connection) as small:
        client.get(_list(world))
    extra = factories.UnitFactory.create_batch(3, parent=world.federation)
    grow(world, tasks=30, lead=extra)
    _open(world)
    with django_assert_num_queries(len(small)):
        response = client.get(_list(world))
    assert response.content.decode().count('data-testid="task-choice"') == 32


def test_the_round_page_shows_each_unit_in_constant_queries(
    client, world, django_assert_num_queries
):
    rnd = _open(world)
    client.force_login(world.planner)
    url = reverse("tasks:round_detail", args=[rnd.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    extra = factories.UnitFactory.create_batch(5, parent=world.federation)
    grow(world, tasks=20, lead=extra)
    rnd2 = _open(world)
    url2 = reverse("tasks:round_detail", args=[rnd2.pk])
    with django_assert_num_queries(len(small)):
        response = client.get(url2)
    assert len(response.context["statuses"]) == 7
    page = response.content.decode()
    assert page.count('data-testid="round-unit"') == 7
    assert page.count('data-testid="round-task"') == 22


def test_the_round_page_lists_its_tasks_by_section_with_their_lead_units(client, world):
    second = factories.SectionFactory(plan=world.plan, label="二、", title="文化阵地")
    covered = factories.TaskFactory(section=second, label="1．", title="新建职工书屋")
    factories.ResponsibilityFactory(task=covered, unit=world.unit_c, role="lead")
    left_out = factories.TaskFactory(section=second, title="不在本轮的任务")
    factories.ResponsibilityFactory(task=left_out, unit=world.unit_c, role="lead")
    rnd = service.open_round(
        world.planner,
        world.plan,
        name="第三季度进展报送",
        due_date=DUE,
        tasks=[world.task_a, covered],
    )
    client.force_login(world.leader)
    page = client.get(reverse("tasks:round_detail", args=[rnd.pk])).content.decode()
    groups = re.findall(r'data-testid="round-section">(.*?)</', page)
    assert groups == [
        f"{world.section.label}{world.section.title}",
        "二、文化阵地",
    ]
    tasks = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r'data-testid="round-task"[^>]*>(.*?)</li>', page, re.S)
    ]
    assert tasks == [
        f"{world.task_a.label}{world.task_a.title} 牵头部门：{world.unit_a.name}",
        f"1．新建职工书屋 牵头部门：{world.unit_c.name}",
    ]
    assert "不在本轮的任务" not in page
    assert reverse("tasks:detail", args=[covered.pk]) in page


@pytest.mark.parametrize("closed", [False, True])
def test_my_tasks_shows_open_rounds_first(client, world, closed):
    rnd = _open(world)
    if closed:
        service.close(world.planner, rnd)
    client.force_login(world.reporter_a)
    content = client.get(reverse("tasks:my_tasks")).content.decode()
    link = reverse("tasks:round_unit", args=[rnd.pk, world.unit_a.pk])
    assert (link in content) is not closed


def test_closing_and_reopening_keeps_the_answers(client, world):
    rnd = _open(world)
    service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="办了")
    client.force_login(world.planner)
    url = reverse("tasks:round_state", args=[rnd.pk])
    client.post(url, {"action": "close"})
    assert not Round.objects.get().is_open
    client.post(url, {"action": "reopen"})
    assert Round.objects.get().is_open
    assert RoundItem.objects.filter(report__isnull=False).count() == 1


def test_the_change_log_names_what_happened_to_rounds(client, world):
    rnd = _open(world)
    service.close(world.planner, rnd)
    service.reopen(world.planner, rnd)
    client.force_login(world.planner)
    response = client.get(
        reverse("plans:history", args=[world.plan.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    content = response.content.decode()
    for code in (service.OPENED, service.CLOSED, service.REOPENED):
        assert display.is_registered(code)
        assert f">{code}<" not in content
    for words in ("发起定期报送", "关闭定期报送", "重新开启定期报送", "第三季度进展报送"):
        assert words in content


def test_open_rounds_come_first_on_my_tasks_soonest_due_first(client, world):
    later = _open(world)
    sooner = service.open_round(
        world.planner, world.plan, name="九月进展报送", due_date=datetime.date(2099, 9, 5)
    )
    service.answer(world.reporter_a, sooner, world.task_a, world.unit_a, text="办了")
    client.force_login(world.reporter_a)
    content = client.get(reverse("tasks:my_tasks"), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    content = content.decode()
    block = content.index('data-testid="open-rounds"')
    # Before the filters and the task groups of the work list.
    assert block < content.index('data-testid="filters"')
    first = content.index(reverse("tasks:round_unit", args=[sooner.pk, world.unit_a.pk]))
    second = content.index(reverse("tasks:round_unit", args=[later.pk, world.unit_a.pk]))
    assert block < first < second
    assert "已全部报送" in content  # the sooner round, answered
