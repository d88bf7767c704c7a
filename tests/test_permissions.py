"""Each URL × each role × the expected status. Another unit's task is a 404, never a 403, so
that a unit cannot even learn which tasks exist."""

from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, resolve, reverse

from plans.models import Plan, User
from tasks.models import Export, Notification
from tests import factories


@pytest.fixture
def matrix_world(world, settings, tmp_path):
    """The world with a notification to reporter_a pointing at task A: its own, nobody else's;
    and a ledger the worker produced for the planner: theirs alone, administrators included."""
    world.notification = Notification.objects.create(
        recipient=world.reporter_a,
        kind="test",
        title="任务变更",
        url=reverse("tasks:detail", args=[world.task_a.pk]),
    )
    settings.MEDIA_ROOT = tmp_path / "media"
    world.export = Export.objects.create(
        kind=Export.Kind.LEDGER,
        parameters={"plan": world.plan.pk},
        requester=world.planner,
        name="台账.xlsx",
        fallback_name="ledger.xlsx",
        state=Export.State.READY,
    )
    world.export.file.save("ledger.xlsx", ContentFile(b"PK"))
    return world


URLS = {
    # name: (method, url)
    "home": ("get", lambda w: reverse("home")),
    "plan_list": ("get", lambda w: reverse("plans:list")),
    "plan": ("get", lambda w: reverse("plans:detail", args=[w.plan.pk])),
    "task_a": ("get", lambda w: reverse("tasks:detail", args=[w.task_a.pk])),
    "task_b": ("get", lambda w: reverse("tasks:detail", args=[w.task_b.pk])),
    "my_tasks": ("get", lambda w: reverse("tasks:my_tasks")),
    "dashboard": ("get", lambda w: reverse("tasks:dashboard")),
    "dashboard_big": ("get", lambda w: reverse("tasks:dashboard_big")),
    "dashboard_print": ("get", lambda w: reverse("tasks:dashboard_print")),
    "dashboard_export": ("get", lambda w: reverse("tasks:dashboard_export")),
    "healthz": ("get", lambda w: reverse("healthz")),
    "login": ("get", lambda w: reverse("login")),
    "notifications": ("get", lambda w: reverse("tasks:notifications")),
    "notification_open": (
        "get",
        lambda w: reverse("tasks:notification_open", args=[w.notification.pk]),
    ),
    "notifications_read_all": ("post", lambda w: reverse("tasks:notifications_read_all")),
    "logout": ("post", lambda w: reverse("logout")),
    "import": ("get", lambda w: reverse("plans:import")),
    # No upload of this session: a page that says the preview is gone, a 404 (another user's
    # upload reads the same: tests.plans.importing.web).
    "import_preview": ("get", lambda w: reverse("plans:import_preview", args=["elsewhere"])),
    # The same for a correction of the preview.
    "import_correct": ("post", lambda w: reverse("plans:import_correct", args=["elsewhere"])),
    # An export is its requester's (the planner's) alone: anyone else gets a 404.
    "export": ("get", lambda w: reverse("tasks:export", args=[w.export.pk])),
    "export_download": ("get", lambda w: reverse("tasks:export_download", args=[w.export.pk])),
    # Open to anyone; a logged-in person is sent to change their password instead.
    "password_forgot": ("get", lambda w: reverse("password_forgot")),
    # A link that is no one's: the page says it no longer works, to anyone.
    "password_reset_confirm": (
        "get",
        lambda w: reverse("password_reset_confirm", args=["MA", "nothing-here"]),
    ),
}

# reporter_a leads task A; reporter_b supports A and leads B; reporter_c has no task.
EXPECTED = {
    #                home plans plan task_a task_b my  dash big print xlsx health login notes
    #                note_open read_all logout import preview correct export export_download
    #                forgot reset
    "anonymous":     (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 200, 200, 302,
                      302, 302, 302, 302, 302, 302, 302, 302, 200, 200),
    "planner":       (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302, 200,
                      404, 302, 302, 200, 404, 404, 200, 200, 302, 200),
    "leader":        (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302, 200,
                      404, 302, 302, 403, 403, 403, 404, 404, 302, 200),
    "reporter_a":    (302, 200, 200, 200, 404, 200, 403, 403, 403, 403, 200, 302, 200,
                      302, 302, 302, 403, 403, 403, 404, 404, 302, 200),
    "reporter_b":    (302, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 302, 200,
                      404, 302, 302, 403, 403, 403, 404, 404, 302, 200),
    "reporter_c":    (302, 200, 404, 404, 404, 200, 403, 403, 403, 403, 200, 302, 200,
                      404, 302, 302, 403, 403, 403, 404, 404, 302, 200),
    "admin":         (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302, 200,
                      404, 302, 302, 200, 404, 404, 404, 404, 302, 200),
    "other_planner": (302, 200, 404, 404, 404, 200, 200, 200, 200, 200, 200, 302, 200,
                      404, 302, 302, 200, 404, 404, 404, 404, 302, 200),
}  # fmt: skip

CASES = [
    (role, url_name, status)
    for role, statuses in EXPECTED.items()
    for url_name, status in zip(URLS, statuses, strict=True)
]


@pytest.mark.parametrize(("role", "url_name", "status"), CASES)
def test_permission_matrix(client, matrix_world, role, url_name, status):
    world = matrix_world
    if role == "other_planner":
        elsewhere = factories.UnitFactory(name="外市宣教部")
        client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere))
    elif role != "anonymous":
        client.force_login(world.user(role))
    method, url = URLS[url_name]
    response = getattr(client, method)(url(world))
    assert response.status_code == status, f"{role} {method.upper()} {url_name}"
    if role == "anonymous" and status == 302:
        assert response["Location"].startswith(reverse("login"))


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


# --- Every URL is in a matrix -------------------------------------------------------------------

# Our URLs: the project's own patterns and those of these namespaces (not the administration's or
# Django's language switch).
OUR_NAMESPACES = ("plans", "tasks")


def _named_urls(patterns, prefix=""):
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in OUR_NAMESPACES:
                names |= _named_urls(pattern.url_patterns, f"{pattern.namespace}:")
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


class _AnyObject:
    """Stands for the world of a matrix: any key, any object, all with pk 1, enough to build
    the URL a matrix entry asks for without a database."""

    pk = 1

    def __getattr__(self, name):
        return self


def _view_name(url):
    return resolve(urlsplit(url).path).view_name


def _covered():
    """The URL names the permission matrices request."""
    from tests.plans.drafting import test_permissions as drafting
    from tests.tasks.assessment import test_permissions as assessment
    from tests.tasks.reminders import test_views as reminders
    from tests.tasks.workspace import test_permissions as workspace
    from tests.tasks.writings import test_permissions as writings

    world = _AnyObject()
    urls = [url for _method, url in URLS.values()]
    urls += [url for _method, url, _expected in drafting.URLS.values()]
    urls += [*reminders.URLS.values(), *reminders.POSTS.values()]
    names = {_view_name(url(world)) for url in urls}
    names |= {f"tasks:{name}" for _method, name, _data in assessment.URLS.values()}
    names |= {f"tasks:{name}" for _method, name, _setup, _data in workspace.URLS.values()}
    return names | {f"tasks:{name}" for _method, name, _arg, _data in writings.URLS.values()}


def test_every_url_is_in_a_permission_matrix():
    ours = _named_urls(get_resolver().url_patterns)
    assert {"home", "plans:history", "tasks:detail", "tasks:delivery_resend"} <= ours
    assert sorted(ours - _covered()) == []


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("planner", {"deliveries", "review", "dashboard"}),
        ("admin", {"deliveries", "review", "dashboard"}),
        ("leader", {"review", "dashboard"}),
        ("reporter_a", {"unit_channels"}),
        ("other_planner", {"deliveries", "review", "dashboard"}),
    ],
)
def test_the_menu_offers_what_the_rules_allow(client, world, role, offered):
    if role == "other_planner":
        elsewhere = factories.UnitFactory(name="外市宣教部")
        client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere))
    else:
        client.force_login(world.user(role))
    content = client.get(reverse("plans:list")).content.decode()
    user = world.user(role) if role != "other_planner" else None
    links = {
        "deliveries": reverse("tasks:deliveries"),
        "review": reverse("tasks:review"),
        "dashboard": reverse("tasks:dashboard"),
        "unit_channels": reverse("tasks:unit_channels", args=[getattr(user, "unit_id", None) or 0]),
    }
    shown = {name for name, url in links.items() if f'href="{url}"' in content}
    assert shown == offered
