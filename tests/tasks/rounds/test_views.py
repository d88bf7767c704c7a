"""The pages of rounds: opening one, the round per unit (constant queries), a unit's answers,
an answer typed into a closed round kept with the reason, and 我的任务 showing open rounds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.audit import display
from tasks.models import ProgressReport, Round, RoundItem
from tasks.rounds import service
from tests import factories
from tests.growth import grow

DUE = datetime.date(2099, 9, 30)


def _open(world):
    return service.open_round(world.planner, world.plan, name="第三季度进展报送", due_date=DUE)


def _answer_data(task, text="本季度开展了读书活动"):
    return {f"t{task.pk}-task": task.pk, f"t{task.pk}-text": text, f"t{task.pk}-percent": "30"}


def test_a_planner_opens_a_round(client, world):
    client.force_login(world.planner)
    url = reverse("tasks:round_list", args=[world.plan.pk])
    response = client.post(url, {"name": "第三季度进展报送", "due_date": "2099-09-30"})
    rnd = Round.objects.get()
    assert response["Location"] == reverse("tasks:round_detail", args=[rnd.pk])
    assert rnd.items.count() == 2


def test_bad_dates_redisplay_the_form(client, world):
    client.force_login(world.planner)
    url = reverse("tasks:round_list", args=[world.plan.pk])
    response = client.post(url, {"name": "x", "due_date": "2099-02-30"})
    assert response.status_code == 200
    assert not Round.objects.exists()


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
    assert response.content.decode().count('data-testid="round-unit"') == 7


def test_a_unit_answers_from_its_page(client, world):
    rnd = _open(world)
    client.force_login(world.reporter_a)
    url = reverse("tasks:round_unit", args=[rnd.pk, world.unit_a.pk])
    response = client.post(url, _answer_data(world.task_a))
    assert response.status_code == 302
    item = RoundItem.objects.get(round=rnd, unit=world.unit_a)
    assert item.report.text == "本季度开展了读书活动"
    assert item.report.percent == 30


def test_an_answer_typed_into_a_closed_round_is_kept_and_explained(client, world):
    rnd = _open(world)
    client.force_login(world.reporter_a)
    page = reverse("tasks:round_unit", args=[rnd.pk, world.unit_a.pk])
    client.get(page)
    service.close(world.planner, rnd)
    response = client.post(
        page, _answer_data(world.task_a, "来不及提交的进展"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "来不及提交的进展" in content
    assert "本轮报送已于" in content
    assert not ProgressReport.objects.exists()


def test_a_bad_percent_is_shown_again(client, world):
    rnd = _open(world)
    client.force_login(world.reporter_a)
    data = {**_answer_data(world.task_a), f"t{world.task_a.pk}-percent": "abc"}
    response = client.post(reverse("tasks:round_unit", args=[rnd.pk, world.unit_a.pk]), data)
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()


def test_a_post_without_a_task_of_the_round_changes_nothing(client, world):
    rnd = _open(world)
    client.force_login(world.reporter_a)
    data = _answer_data(world.task_b)
    response = client.post(reverse("tasks:round_unit", args=[rnd.pk, world.unit_a.pk]), data)
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()


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
