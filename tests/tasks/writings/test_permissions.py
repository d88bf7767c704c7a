"""Every URL of documents × every role: planners of the plan's federation write, regenerate and
publish; leaders and administrators read; a unit reads published bulletins only; another
federation's planner and any unit for a draft get a 404. Each allowed POST changes what it
should, each refused one changes nothing."""

import datetime

import pytest
from django.db.models import Sum
from django.urls import reverse

from tasks.models import Reminder, Writing
from tasks.rounds import service as rounds
from tasks.writings import service
from tests import factories
from tests.matrix import LOGIN, cases, log_in

DUE = datetime.date(2099, 9, 30)


@pytest.fixture
def pw(world):
    """The world with a round unit A has answered, a draft bulletin of it and a published one."""
    world.round = rounds.open_round(world.planner, world.plan, name="第三季度报送", due_date=DUE)
    world.answer = rounds.answer(
        world.reporter_a, world.round, world.task_a, world.unit_a, text="已开展"
    )
    world.draft = service.create(world.planner, Writing.Kind.BULLETIN, world.plan, rnd=world.round)
    world.published = service.create(
        world.planner, Writing.Kind.BULLETIN, world.plan, rnd=world.round
    )
    service.publish(world.planner, world.published, enqueue=False)
    return world


def _state():
    return (
        Writing.objects.count(),
        Writing.objects.aggregate(versions=Sum("version"))["versions"],
        Writing.objects.filter(published_at__isnull=False).count(),
        Reminder.objects.count(),
    )


def _edit(w):
    return {
        "title": "新标题",
        "body": "一、总体情况\n新的正文。",
        "issuer": "宣教部",
        "issued_on": "2099-10-08",
        "version": str(w.draft.version),
    }


# name: (method, url name, url argument, data)
URLS = {
    "writing_list": ("get", "writing_list", lambda w: w.plan.pk, None),
    "summary_new": ("post", "summary_new", lambda w: w.plan.pk, lambda w: {}),
    "bulletin_new": ("get", "bulletin_new", lambda w: w.plan.pk, None),
    "bulletin_create": (
        "post",
        "bulletin_new",
        lambda w: w.plan.pk,
        lambda w: {"round": w.round.pk, "examples": [w.answer.pk]},
    ),
    "round_compilation": ("get", "round_compilation", lambda w: w.round.pk, None),
    "round_compile": ("post", "round_compilation", lambda w: w.round.pk, lambda w: {}),
    "compilation_xlsx": ("get", "round_compilation_xlsx", lambda w: w.round.pk, None),
    "draft": ("get", "writing_detail", lambda w: w.draft.pk, None),
    "published": ("get", "writing_detail", lambda w: w.published.pk, None),
    "save": ("post", "writing_detail", lambda w: w.draft.pk, _edit),
    "regenerate": (
        "post",
        "writing_regenerate",
        lambda w: w.draft.pk,
        lambda w: {"version": str(w.draft.version), "confirm": "on"},
    ),
    "examples": (
        "post",
        "writing_examples",
        lambda w: w.draft.pk,
        lambda w: {"version": str(w.draft.version), "examples": [w.answer.pk]},
    ),
    "publish": (
        "post",
        "writing_publish",
        lambda w: w.draft.pk,
        lambda w: {"version": str(w.draft.version), "confirm": "on"},
    ),
    "docx_draft": ("get", "writing_docx", lambda w: w.draft.pk, None),
    "docx_published": ("get", "writing_docx", lambda w: w.published.pk, None),
    "bulletin_list": ("get", "bulletin_list", None, None),
}

EXPECTED = {
    #                   anon   planner lead supp other leader admin other_planner
    "writing_list":     (LOGIN, 200, 403, 403, 404, 200, 200, 404),
    "summary_new":      (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "bulletin_new":     (LOGIN, 200, 403, 403, 404, 403, 200, 404),
    "bulletin_create":  (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "round_compilation": (LOGIN, 200, 403, 403, 404, 200, 200, 404),
    "round_compile":    (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "compilation_xlsx": (LOGIN, 200, 403, 403, 404, 200, 200, 404),
    "draft":            (LOGIN, 200, 404, 404, 404, 200, 200, 404),
    "published":        (LOGIN, 200, 200, 200, 200, 200, 200, 404),
    "save":             (LOGIN, 302, 404, 404, 404, 403, 302, 404),
    "regenerate":       (LOGIN, 302, 404, 404, 404, 403, 302, 404),
    "examples":         (LOGIN, 302, 404, 404, 404, 403, 302, 404),
    "publish":          (LOGIN, 302, 404, 404, 404, 403, 302, 404),
    "docx_draft":       (LOGIN, 200, 404, 404, 404, 200, 200, 404),
    "docx_published":   (LOGIN, 200, 200, 200, 200, 200, 200, 404),
    "bulletin_list":    (LOGIN, 200, 200, 200, 200, 200, 200, 200),
}  # fmt: skip

CASES = cases(EXPECTED)


@pytest.mark.parametrize(("url_name", "role", "expected"), CASES)
def test_permission_matrix(client, pw, url_name, role, expected):
    method, name, arg, data = URLS[url_name]
    url = reverse(f"tasks:{name}", args=[] if arg is None else [arg(pw)])
    log_in(client, pw, role)
    before = _state()
    response = getattr(client, method)(url, data(pw) if data else None)
    after = _state()
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{role} {method.upper()} {url_name}"
    if method == "post":
        assert (after != before) == (expected == 302), f"{role} {url_name}: {before} → {after}"


def test_a_unit_lists_only_published_bulletins_of_its_federation(client, pw):
    elsewhere = factories.FederationFactory(name="外市总工会")
    other_plan = factories.PlanFactory(
        owner=factories.UnitFactory(parent=elsewhere), status="published"
    )
    theirs = Writing.objects.create(
        kind=Writing.Kind.BULLETIN, plan=other_plan, title="外市通报", body="x"
    )
    Writing.objects.filter(pk=theirs.pk).update(published_at=pw.published.published_at)
    client.force_login(pw.reporter_c)
    content = client.get(reverse("tasks:bulletin_list")).content.decode()
    assert pw.published.get_absolute_url() in content
    assert pw.draft.get_absolute_url() not in content
    assert "外市通报" not in content
    assert client.get(theirs.get_absolute_url()).status_code == 404
