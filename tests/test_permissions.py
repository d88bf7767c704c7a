"""Each URL × each role × the expected status. Another unit's task is a 404, never a 403, so
that a unit cannot even learn which tasks exist."""

import pytest
from django.urls import reverse

from plans.models import Plan, User
from tests import factories

URLS = {
    "home": lambda w: reverse("home"),
    "plan_list": lambda w: reverse("plans:list"),
    "plan": lambda w: reverse("plans:detail", args=[w.plan.pk]),
    "task_a": lambda w: reverse("tasks:detail", args=[w.task_a.pk]),
    "task_b": lambda w: reverse("tasks:detail", args=[w.task_b.pk]),
    "my_tasks": lambda w: reverse("tasks:my_tasks"),
    "dashboard": lambda w: reverse("tasks:dashboard"),
    "healthz": lambda w: reverse("healthz"),
}

# reporter_a leads task A; reporter_b supports A and leads B; reporter_c has no task.
EXPECTED = {
    #               home plans plan task_a task_b my  dashboard healthz
    "anonymous":   (302, 302, 302, 302, 302, 302, 302, 200),
    "planner":     (302, 200, 200, 200, 200, 200, 200, 200),
    "leader":      (302, 200, 200, 200, 200, 200, 200, 200),
    "reporter_a":  (302, 200, 200, 200, 404, 200, 403, 200),
    "reporter_b":  (302, 200, 200, 200, 200, 200, 403, 200),
    "reporter_c":  (302, 200, 404, 404, 404, 200, 403, 200),
    "admin":       (302, 200, 200, 200, 200, 200, 200, 200),
    "other_planner": (302, 200, 404, 404, 404, 200, 200, 200),
}  # fmt: skip

CASES = [
    (role, url_name, status)
    for role, statuses in EXPECTED.items()
    for url_name, status in zip(URLS, statuses, strict=True)
]


@pytest.mark.parametrize(("role", "url_name", "status"), CASES)
def test_permission_matrix(client, world, role, url_name, status):
    if role == "other_planner":
        elsewhere = factories.UnitFactory(name="外市宣教部")
        client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere))
    elif role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(URLS[url_name](world))
    assert response.status_code == status, f"{role} GET {url_name}"


@pytest.mark.parametrize("role", ["reporter_a", "reporter_b"])
def test_units_see_nothing_of_a_draft(client, world, role):
    plan = world.plan
    plan.status = Plan.Status.DRAFT
    plan.save()
    client.force_login(world.user(role))
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    for task in (world.task_a, world.task_b):
        assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("tasks:my_tasks")).context["groups"][0].tasks == []


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("plans:detail", args=[world.plan.pk]))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("planner", "plans:list"),
        ("admin", "plans:list"),
        ("leader", "tasks:dashboard"),
        ("reporter_a", "tasks:my_tasks"),
    ],
)
def test_home_sends_each_role_to_its_place(client, world, role, landing):
    client.force_login(world.user(role))
    assert client.get(reverse("home"))["Location"] == reverse(landing)


def test_reporter_opens_only_own_tasks_on_the_plan_page(client, world):
    client.force_login(world.reporter_a)
    response = client.get(reverse("plans:detail", args=[world.plan.pk]))
    content = response.content.decode()
    assert world.task_b.title in content  # the published plan is read whole
    assert reverse("tasks:detail", args=[world.task_a.pk]) in content
    assert reverse("tasks:detail", args=[world.task_b.pk]) not in content


def test_querysets_are_filtered_by_user(world):
    from plans.models import Task

    assert set(Task.objects.visible_to(world.reporter_a)) == {world.task_a}
    assert set(Task.objects.visible_to(world.reporter_b)) == {
        world.task_a,
        world.task_b,
    }
    assert not Task.objects.visible_to(world.reporter_c).exists()
    assert Plan.objects.visible_to(world.leader).count() == 1
