"""Every drafting URL × every role: a plan the user cannot see is not found (404); one they see
but may not change is forbidden (403); anonymous users are sent to log in (302)."""

import pytest
from django.urls import reverse

from plans.models import Plan, User
from tests import factories
from tests.plans.drafting.conftest import HTMX

ROLES = ["anonymous", "planner", "admin", "other_planner", "leader", "reporter_a", "reporter_c"]

# reporter_a's unit has a task in the published plan: it sees the plan, changes nothing.
# reporter_c's unit has none: the plan does not exist for it.
EDIT = dict(zip(ROLES, (302, 200, 200, 404, 403, 403, 404), strict=True))
READ = dict(zip(ROLES, (302, 200, 200, 404, 200, 200, 404), strict=True))
CREATE = dict(zip(ROLES, (302, 200, 200, 200, 403, 403, 403), strict=True))
# Publishing a plan published already, or archiving: back to the plan with a message.
REDIRECT = {**EDIT, "planner": 302, "admin": 302}

URLS = {
    # name: (method, url, expected statuses)
    "new": ("get", lambda w: reverse("plans:new"), CREATE),
    "edit": ("get", lambda w: reverse("plans:edit", args=[w.plan.pk]), EDIT),
    "header": ("get", lambda w: reverse("plans:header", args=[w.plan.pk]) + "?edit=1", EDIT),
    "header_save": ("post", lambda w: reverse("plans:header", args=[w.plan.pk]), EDIT),
    "section_new": ("get", lambda w: reverse("plans:section_new", args=[w.plan.pk]), EDIT),
    "deadline": ("get", lambda w: reverse("plans:deadline", args=[w.plan.pk]) + "?text=全年", EDIT),
    "publish": ("get", lambda w: reverse("plans:publish", args=[w.plan.pk]), EDIT),
    "publish_post": ("post", lambda w: reverse("plans:publish", args=[w.plan.pk]), REDIRECT),
    "archive": ("get", lambda w: reverse("plans:archive", args=[w.plan.pk]), EDIT),
    "archive_post": ("post", lambda w: reverse("plans:archive", args=[w.plan.pk]), REDIRECT),
    "history": ("get", lambda w: reverse("plans:history", args=[w.plan.pk]), READ),
    "print": ("get", lambda w: reverse("plans:print", args=[w.plan.pk]), READ),
    "ledger": ("get", lambda w: reverse("tasks:ledger", args=[w.plan.pk]), READ),
    "export_docx": ("get", lambda w: reverse("plans:export_docx", args=[w.plan.pk]), READ),
    "export_xlsx": ("get", lambda w: reverse("tasks:export_xlsx", args=[w.plan.pk]), READ),
    "section_item": ("get", lambda w: reverse("plans:section_item", args=[w.section.pk]), EDIT),
    "section_edit": ("get", lambda w: reverse("plans:section_edit", args=[w.section.pk]), EDIT),
    "section_save": ("post", lambda w: reverse("plans:section_edit", args=[w.section.pk]), EDIT),
    "section_move": ("post", lambda w: reverse("plans:section_move", args=[w.section.pk]), EDIT),
    "section_delete": (
        "get",
        lambda w: reverse("plans:section_delete", args=[w.section.pk]),
        EDIT,
    ),
    "section_delete_post": (
        "post",
        lambda w: reverse("plans:section_delete", args=[w.section.pk]),
        EDIT,
    ),
    "task_new": ("get", lambda w: reverse("plans:task_new", args=[w.section.pk]), EDIT),
    "task_item": ("get", lambda w: reverse("plans:task_item", args=[w.task_a.pk]), EDIT),
    "task_edit": ("get", lambda w: reverse("plans:task_edit", args=[w.task_a.pk]), EDIT),
    "task_save": ("post", lambda w: reverse("plans:task_edit", args=[w.task_a.pk]), EDIT),
    "task_move": ("post", lambda w: reverse("plans:task_move", args=[w.task_a.pk]), EDIT),
    "task_delete": ("get", lambda w: reverse("plans:task_delete", args=[w.task_a.pk]), EDIT),
    "task_delete_post": (
        "post",
        lambda w: reverse("plans:task_delete", args=[w.task_a.pk]),
        EDIT,
    ),
}

CASES = [(role, name) for name in URLS for role in ROLES]


def _log_in(client, world, role):
    if role == "other_planner":
        elsewhere = factories.UnitFactory(name="外市宣教部")
        client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere))
    elif role != "anonymous":
        client.force_login(world.user(role))


@pytest.mark.parametrize(("role", "name"), CASES)
def test_permission_matrix(client, world, role, name):
    method, url, expected = URLS[name]
    _log_in(client, world, role)
    url = url(world)
    response = getattr(client, method)(url, **HTMX)
    assert response.status_code == expected[role], f"{role} {method.upper()} {name}"
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["reporter_a", "reporter_b"])
def test_a_draft_does_not_exist_for_units(client, world, role):
    plan = world.plan
    plan.status = Plan.Status.DRAFT
    plan.save()
    client.force_login(world.user(role))
    for name in ("edit", "history", "print", "export_docx", "export_xlsx", "task_edit"):
        method, url, _expected = URLS[name]
        assert getattr(client, method)(url(world)).status_code == 404, name


@pytest.mark.parametrize("role", ["planner", "admin"])
def test_an_archived_plan_is_changed_by_nobody(client, world, role):
    plan = world.plan
    plan.status = Plan.Status.ARCHIVED
    plan.save()
    client.force_login(world.user(role))
    for name, (method, url, expected) in URLS.items():
        if expected is EDIT or expected is REDIRECT:
            assert getattr(client, method)(url(world), **HTMX).status_code == 403, name
