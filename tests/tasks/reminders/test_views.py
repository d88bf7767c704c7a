"""The reminder pages: who may open what (404 for what one may not see, 403 for what one sees
but may not change), the policy and robot forms, the test button, the delivery log and resend,
and their constant number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Responsibility
from tasks.models import Delivery, ReminderPolicy, UnitChannel
from tasks.reminders import delivery, robot_test, workdays
from tasks.reminders.due import due_on
from tasks.reminders.sweep import run as run_sweep
from tests import factories
from tests.growth import grow
from tests.tasks.reminders.helpers import add_robot, day, other_planner


@pytest.fixture
def pages(rw, queued, queued_tests):
    """The world with a robot for unit A and the reminders of Friday 6 March recorded."""
    rw.robot = add_robot(rw.unit_a)
    run_sweep(day(4))
    rw.delivery = Delivery.objects.filter(reminder__unit=rw.unit_a).first()
    return rw


URLS = {
    "policy": lambda w: reverse("tasks:reminder_policy", args=[w.plan.pk]),
    "units": lambda w: reverse("tasks:reminder_units"),
    "unit_a": lambda w: reverse("tasks:unit_channels", args=[w.unit_a.pk]),
    "robot_a": lambda w: reverse("tasks:unit_channel_edit", args=[w.unit_a.pk, w.robot.pk]),
    "deliveries": lambda w: reverse("tasks:deliveries"),
    "delivery": lambda w: reverse("tasks:delivery_detail", args=[w.delivery.pk]),
}

# reporter_a: unit A leads task A; reporter_b: unit B supports task A; reporter_c: no task.
EXPECTED = {
    #                policy units unit_a robot_a deliveries delivery
    "anonymous":     (302, 302, 302, 302, 302, 302),
    "planner":       (200, 200, 200, 200, 200, 200),
    "other_planner": (404, 200, 404, 404, 200, 404),
    "leader":        (403, 403, 403, 403, 403, 404),
    "reporter_a":    (403, 403, 200, 200, 403, 404),
    "reporter_b":    (403, 403, 404, 404, 403, 404),
    "reporter_c":    (404, 403, 404, 404, 403, 404),
    "admin":         (200, 200, 200, 200, 200, 200),
}  # fmt: skip

POSTS = {
    "robot_test": lambda w: reverse("tasks:unit_channel_test", args=[w.unit_a.pk, w.robot.pk]),
    "robot_delete": lambda w: reverse("tasks:unit_channel_delete", args=[w.unit_a.pk, w.robot.pk]),
    "resend": lambda w: reverse("tasks:delivery_resend", args=[w.delivery.pk]),
}

EXPECTED_POSTS = {
    #                test delete resend
    "anonymous":     (302, 302, 302),
    "planner":       (302, 302, 302),
    "other_planner": (404, 404, 404),
    "leader":        (403, 403, 404),
    "reporter_a":    (302, 302, 404),
    "reporter_b":    (404, 404, 404),
    "reporter_c":    (404, 404, 404),
    "admin":         (302, 302, 302),
}  # fmt: skip


def login(client, world, role):
    if role == "other_planner":
        client.force_login(other_planner())
    elif role != "anonymous":
        client.force_login(world.user(role))


@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        (role, name, status)
        for role, statuses in EXPECTED.items()
        for name, status in zip(URLS, statuses, strict=True)
    ],
)
def test_who_may_open_each_page(client, pages, role, url_name, status):
    login(client, pages, role)
    response = client.get(URLS[url_name](pages))
    assert response.status_code == status, f"{role} GET {url_name}"
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        (role, name, status)
        for role, statuses in EXPECTED_POSTS.items()
        for name, status in zip(POSTS, statuses, strict=True)
    ],
)
def test_who_may_act(client, pages, role, url_name, status):
    login(client, pages, role)
    before = (UnitChannel.objects.count(), Delivery.objects.count())
    response = client.post(POSTS[url_name](pages))
    assert response.status_code == status, f"{role} POST {url_name}"
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if status != 302 or role == "anonymous":
        assert (UnitChannel.objects.count(), Delivery.objects.count()) == before


def test_another_federations_delivery_log_is_empty(client, pages):
    client.force_login(other_planner())
    response = client.get(reverse("tasks:deliveries"))
    assert list(response.context["page"]) == []


# --- The policy -----------------------------------------------------------------------------------


def test_planner_edits_the_policy(client, pages):
    planner = pages.planner
    client.force_login(planner)
    url = reverse("tasks:reminder_policy", args=[pages.plan.pk])
    page = client.get(url)
    assert 'value="7, 1"' in page.content.decode()
    data = {
        "enabled": "on",
        "days_before": "10，3 3",
        "overdue_first_day": "on",
        "overdue_every_days": "5",
        "escalate_after_days": "2",
        "leader_summary": "on",
    }
    assert client.post(url, data)["Location"] == url
    policy = ReminderPolicy.objects.get(plan=pages.plan)
    assert (policy.days_before, policy.overdue_every_days, policy.escalate_after_days) == (
        [10, 3],
        5,
        2,
    )
    assert (policy.unit_digest, policy.leader_summary, policy.updated_by) == (False, True, planner)
    # The next sweep follows it: three days before Friday 13 is Tuesday 10.
    assert {d.kind for d in due_on(day(8))} == {"before"}


def test_a_bad_policy_is_refused(client, pages):
    client.force_login(pages.planner)
    url = reverse("tasks:reminder_policy", args=[pages.plan.pk])
    response = client.post(url, {"days_before": "7, soon", "overdue_every_days": "999"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "days_before",
        "overdue_every_days",
        "escalate_after_days",
    }
    assert not ReminderPolicy.objects.exists()


def test_planners_and_admins_are_warned_when_the_calendar_runs_out(client, pages, monkeypatch):
    monkeypatch.setattr(workdays, "calendar_covers", lambda year: False)
    client.force_login(pages.planner)
    page = client.get(reverse("tasks:reminder_policy", args=[pages.plan.pk])).content.decode()
    assert 'data-testid="calendar-warning"' in page and "chinesecalendar" in page
    client.force_login(pages.admin)
    changelist = client.get(reverse("admin:tasks_reminderpolicy_changelist"))
    assert any("chinesecalendar" in str(m) for m in changelist.context["messages"])
    client.force_login(pages.planner)
    monkeypatch.setattr(workdays, "calendar_covers", lambda year: True)
    assert (
        'data-testid="calendar-warning"'
        not in client.get(reverse("tasks:reminder_policy", args=[pages.plan.pk])).content.decode()
    )


# --- Robots ---------------------------------------------------------------------------------------


def test_a_unit_adds_and_tests_its_robot(client, rw, robots, queued_tests):
    unit = rw.unit_a
    client.force_login(rw.reporter_a)
    url = reverse("tasks:unit_channels", args=[unit.pk])
    data = {"kind": "dingtalk", "name": "办公室群", "is_active": "on"}
    refused = client.post(url, {**data, "webhook": "ftp://example.cn/hook"})
    assert refused.status_code == 200 and refused.context["form"].errors["webhook"]
    config = robots.config("dingtalk")
    created = client.post(url, {**data, "webhook": config["webhook"], "secret": config["secret"]})
    assert created["Location"] == url
    robot = UnitChannel.objects.get(unit=unit)
    assert robot.config == config and robot.works
    page = client.get(url).content.decode()
    assert robots.dingtalk_token not in page and config["secret"] not in page
    test = reverse("tasks:unit_channel_test", args=[unit.pk, robot.pk])
    client.post(test)
    assert queued_tests == [robot.pk] and robots.requests == 0
    robot_test.run(robot.pk)  # what the worker does
    [payload] = robots.accepted("dingtalk")
    assert "甲区总工会" in payload["markdown"]["text"]
    robot.refresh_from_db()
    assert robot.last_tested_at is not None


def test_a_failed_test_message_says_why_and_a_good_one_repairs(client, rw, robots, queued_tests):
    unit = rw.unit_a
    robot = add_robot(unit, config=robots.config("wecom"), broken_at="2026-03-01T08:30:00+08:00")
    client.force_login(rw.planner)
    test = reverse("tasks:unit_channel_test", args=[unit.pk, robot.pk])
    robots.mode = "http500"
    client.post(test)
    robot_test.run(robot.pk)
    page = client.get(reverse("tasks:unit_channels", args=[unit.pk])).content.decode()
    assert 'data-testid="robot-test-failed"' in page and "500" in page
    robot.refresh_from_db()
    assert robot.is_broken
    robots.mode = "ok"
    client.post(test)
    robot_test.run(robot.pk)
    robot.refresh_from_db()
    assert not robot.is_broken and robot.broken_reason == ""
    assert queued_tests == [robot.pk, robot.pk]


def test_editing_keeps_the_secret_and_repairs_the_robot(client, rw, robots):
    unit = rw.unit_a
    config = robots.config("feishu")
    robot = add_robot(
        unit,
        kind="feishu",
        config=config,
        broken_at="2026-03-01T08:30:00+08:00",
        broken_reason="签名错误",
    )
    client.force_login(rw.planner)
    url = reverse("tasks:unit_channel_edit", args=[unit.pk, robot.pk])
    page = client.get(url).content.decode()
    assert config["secret"] not in page
    data = {"kind": "wecom", "name": "新名字", "webhook": config["webhook"], "is_active": "on"}
    assert client.post(url, data)["Location"] == reverse("tasks:unit_channels", args=[unit.pk])
    robot.refresh_from_db()
    assert (robot.kind, robot.name, robot.config) == ("feishu", "新名字", config)
    assert not robot.is_broken


def test_removing_a_robot(client, pages):
    client.force_login(pages.reporter_a)
    robot = pages.robot
    client.post(reverse("tasks:unit_channel_delete", args=[robot.unit_id, robot.pk]))
    assert not UnitChannel.objects.exists()
    # Its deliveries stay in the log.
    assert Delivery.objects.filter(channel="wecom", unit_channel=None).count() == 1


# --- The delivery log and resend ------------------------------------------------------------------


def test_the_log_filters_by_status_unit_and_plan(client, pages):
    failed = Delivery.objects.filter(reminder__unit=pages.unit_b).first()
    Delivery.objects.filter(pk=failed.pk).update(status="failed", last_error="550 User unknown")
    client.force_login(pages.planner)
    url = reverse("tasks:deliveries")
    assert len(client.get(url).context["page"]) == Delivery.objects.count() == 7
    assert [d.pk for d in client.get(url, {"status": "failed"}).context["page"]] == [failed.pk]
    by_unit = client.get(url, {"unit": pages.unit_a.pk}).context["page"]
    assert {d.reminder.unit_id for d in by_unit} == {pages.unit_a.pk} and len(by_unit) == 3
    other_plan = factories.PlanFactory(owner=pages.plan.owner)
    assert list(client.get(url, {"plan": other_plan.pk}).context["page"]) == []
    page = client.get(url, {"status": "failed"}).content.decode()
    assert "550 User unknown" in page


def test_the_log_is_paginated(client, pages):
    grow(pages, tasks=30, deadline=day(11), leader=pages.responsible_leader)
    run_sweep(day(4))
    client.force_login(pages.planner)
    url = reverse("tasks:deliveries")
    first = client.get(url, {"status": "pending"})
    assert len(first.context["page"]) == 50 and first.context["page"].has_next()
    assert "status=pending&amp;page=2" in first.content.decode()
    second = client.get(url, {"status": "pending", "page": 2}).context["page"]
    assert second.number == 2 and second.paginator.count == Delivery.objects.count()
    assert not {d.pk for d in second} & {d.pk for d in first.context["page"]}


def test_resend_from_the_log(client, pages, django_capture_on_commit_callbacks):
    item = Delivery.objects.get(reminder__unit=pages.unit_a, channel="inapp")
    client.force_login(pages.planner)
    resend = reverse("tasks:delivery_resend", args=[item.pk])
    client.post(resend)
    assert Delivery.objects.filter(resend_of=item).count() == 0  # still pending: not yet
    delivery.deliver(item.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend)
    again = Delivery.objects.get(resend_of=item)
    assert response["Location"] == reverse("tasks:delivery_detail", args=[again.pk])
    assert again.requested_by == pages.planner
    detail = client.get(reverse("tasks:delivery_detail", args=[item.pk])).content.decode()
    assert f"#{again.pk}" in detail and 'data-testid="attempt"' in detail


def test_resend_through_a_broken_robot_is_refused(client, pages):
    robot = pages.robot
    item = Delivery.objects.get(unit_channel=robot)
    Delivery.objects.filter(pk=item.pk).update(status="failed")
    UnitChannel.objects.filter(pk=robot.pk).update(broken_at="2026-03-06T09:00:00+08:00")
    client.force_login(pages.planner)
    client.post(reverse("tasks:delivery_resend", args=[item.pk]))
    assert not Delivery.objects.filter(resend_of=item).exists()


# --- Constant queries -----------------------------------------------------------------------------


def _count(client, url, query=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"status": "pending"}, {"unit": "a"}])
def test_the_delivery_log_runs_a_constant_number_of_queries(
    client, pages, query, django_assert_num_queries
):
    if "unit" in query:
        query = {"unit": pages.unit_a.pk}
    client.force_login(pages.planner)
    url = reverse("tasks:deliveries")
    small = _count(client, url, query)
    grow(pages, tasks=25, deadline=day(11), leader=pages.responsible_leader)
    leader = factories.LeaderFactory(federation=pages.federation, user=None)
    Responsibility.objects.create(task=pages.task_b, role=Responsibility.Role.LEADER, leader=leader)
    run_sweep(day(4))
    assert Delivery.objects.count() > 60
    with django_assert_num_queries(small):
        client.get(url, query)


def test_the_delivery_page_runs_a_constant_number_of_queries(
    client, pages, django_assert_num_queries
):
    client.force_login(pages.planner)
    url = reverse("tasks:delivery_detail", args=[pages.delivery.pk])
    small = _count(client, url)
    for _n in range(5):
        Delivery.objects.filter(pk=pages.delivery.pk).update(status="retry")
        delivery.deliver(pages.delivery.pk)
        delivery.resend(Delivery.objects.get(pk=pages.delivery.pk), pages.planner)
    with django_assert_num_queries(small):
        client.get(url)


@pytest.mark.parametrize("role", ["planner", "reporter_a"])
def test_the_channels_page_runs_a_constant_number_of_queries(
    client, pages, role, django_assert_num_queries
):
    client.force_login(pages.user(role))
    url = reverse("tasks:unit_channels", args=[pages.unit_a.pk])
    small = _count(client, url)
    for kind in ["dingtalk", "feishu"] * 5:
        add_robot(pages.unit_a, kind=kind, broken_at="2026-03-01T08:30:00+08:00")
    factories.UserFactory.create_batch(5, unit=pages.unit_a)
    with django_assert_num_queries(small):
        assert len(client.get(url).context["robots"]) == 11


def test_the_units_page_runs_a_constant_number_of_queries(client, pages, django_assert_num_queries):
    client.force_login(pages.planner)
    url = reverse("tasks:reminder_units")
    small = _count(client, url)
    grow(pages, units=20, robots=True)
    with django_assert_num_queries(small):
        assert len(client.get(url).context["units"]) == 25
    # Past a page, a page: the work is that of the rows shown.
    grow(pages, units=60, robots=True)
    with django_assert_num_queries(small):
        assert len(client.get(url).context["units"]) == 50


@pytest.mark.parametrize("page", ["2", "abc", "-1", "999"])
def test_the_units_page_is_paginated(client, pages, page):
    grow(pages, units=60)
    client.force_login(pages.planner)
    url = reverse("tasks:reminder_units")
    first = client.get(url)
    assert len(first.context["units"]) == 50 and "?page=2" in first.content.decode()
    response = client.get(url, {"page": page})
    assert response.status_code == 200
    rows = response.content.decode().count('data-testid="unit-row"')
    # Not a positive number is the first page; past the end, the last.
    assert rows == (50 if page in ("abc", "-1") else 15)  # 5 units of the world and 60 more


def test_the_log_writes_chinese_punctuation(client, pages):
    """ "逾期催办：<task>", not "逾期催办: <task>"."""
    client.force_login(pages.planner)
    page = client.get(reverse("tasks:deliveries")).content.decode()
    assert "：<a href" in page
    assert not re.search(r"[\u4e00-\u9fff]: <a", page)


def test_removing_a_robot_asks_first(client, rw):
    robot = add_robot(rw.unit_a, name="办公室群")
    client.force_login(rw.reporter_a)
    page = client.get(reverse("tasks:unit_channels", args=[rw.unit_a.pk])).content.decode()
    delete = reverse("tasks:unit_channel_delete", args=[rw.unit_a.pk, robot.pk])
    [form] = re.findall(rf'<form[^>]*action="{delete}"[^>]*>', page)
    assert 'data-confirm="' in form and "办公室群" in form


def test_which_worker_sent_it_is_shown_to_administrators_only(client, pages):
    """The worker's host and process are for whoever runs the servers, not the planner."""
    item = Delivery.objects.get(reminder__unit=pages.unit_a, channel="inapp")
    delivery.deliver(item.pk)
    worker = item.attempt_log.get().worker
    assert worker
    url = reverse("tasks:delivery_detail", args=[item.pk])
    client.force_login(pages.planner)
    assert worker not in client.get(url).content.decode()
    client.force_login(pages.admin)
    assert worker in client.get(url).content.decode()
