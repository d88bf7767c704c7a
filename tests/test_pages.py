"""Pages show what they promise and keep a constant number of SQL queries as data grows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Responsibility
from tests import factories
from tests.growth import grow


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("planner", "plans:detail"),
        ("reporter_a", "plans:detail"),
        ("planner", "plans:list"),
        ("reporter_a", "tasks:my_tasks"),
        ("leader", "tasks:dashboard"),
    ],
)
def test_constant_queries_from_10_to_500_tasks(client, world, role, url_name):
    client.force_login(world.user(role))
    args = [world.plan.pk] if url_name == "plans:detail" else []
    url = reverse(url_name, args=args)
    grow(world, tasks=8)
    small = _queries(client, url)
    grow(world, tasks=490)
    assert _queries(client, url) == small


def test_plan_page_query_count_is_asserted(client, world, django_assert_num_queries):
    """The figure itself, so that a change in it is a deliberate one."""
    client.force_login(world.planner)
    grow(world, tasks=10)
    # session, user, the user's unit and unread count (navigation bar), plan, sections with
    # their task counts, tasks, their responsibilities' names
    with django_assert_num_queries(8):
        client.get(reverse("plans:detail", args=[world.plan.pk]))


def test_plan_page_reads_like_the_document(client, world):
    leader = factories.LeaderFactory(federation=world.federation, name="张慧")
    factories.ResponsibilityFactory(
        task=world.task_a, unit=None, leader=leader, role=Responsibility.Role.LEADER
    )
    client.force_login(world.planner)
    content = client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    assert world.plan.title in content
    assert f"{world.section.label}{world.section.title}" in content
    assert "张慧" in content and "甲区总工会" in content and "乙县总工会" in content
    assert "12月底前" in content


def test_my_tasks_groups_by_urgency(client, world):
    today = datetime.date.today()
    world.task_a.deadline = today - datetime.timedelta(days=3)
    world.task_a.save()
    world.task_b.deadline = None
    world.task_b.save()
    client.force_login(world.reporter_b)
    groups = {g.key: g.tasks for g in client.get(reverse("tasks:my_tasks")).context["groups"]}
    assert groups["overdue"] == [world.task_a]
    assert groups["open"] == [world.task_b]
    roles = {t.pk: t.unit_role for t in groups["overdue"] + groups["open"]}
    assert roles == {world.task_a.pk: "supporting", world.task_b.pk: "lead"}


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("tasks:deliveries", lambda w: []),
        ("tasks:reminder_units", lambda w: []),
        ("tasks:unit_channels", lambda w: [w.unit_a.pk]),
        ("tasks:reminder_policy", lambda w: [w.plan.pk]),
    ],
)
def test_the_menu_shows_where_one_is_among_the_reminder_pages(client, world, url_name, args):
    import re

    client.force_login(world.planner)
    page = client.get(reverse(url_name, args=args(world))).content.decode()
    menu = page.split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]
    active = re.findall(r'<a class="nav-link active"[^>]*href="([^"]*)"', menu)
    assert active == [reverse("tasks:deliveries")]


@pytest.mark.parametrize(
    ("role", "rounds"), [("planner", True), ("leader", True), ("reporter_a", False)]
)
def test_the_plan_page_leads_to_its_rounds_for_whoever_may_read_them(client, world, role, rounds):
    client.force_login(world.user(role))
    page = client.get(reverse("plans:detail", args=[world.plan.pk])).content.decode()
    assert (reverse("tasks:round_list", args=[world.plan.pk]) in page) is rounds
    rounds_page = client.get(reverse("tasks:round_list", args=[world.plan.pk]))
    assert rounds_page.status_code == (200 if rounds else 403)
    assert reverse("tasks:assessment", args=[world.plan.pk]) in page


def test_a_plans_pages_breadcrumbs_start_at_the_plans():
    """A page under a plan shows the path from 工作要点 down, as the plan's own pages do."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    first_crumb = re.compile(
        r'<ol class="breadcrumb[^"]*">\s*<li class="breadcrumb-item[^"]*">(.*?)</li>', re.S
    )
    starting_at_a_plan = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.html"))
        for match in first_crumb.finditer(path.read_text(encoding="utf-8"))
        if "plan.get_absolute_url" in match.group(1)
    ]
    assert starting_at_a_plan == []
