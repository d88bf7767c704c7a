"""The organisation's change log page (组织机构变更记录): who sees it, its filters and their
bad input, times in Asia/Shanghai, links from the organisation pages, and a constant number of
queries as the federation's history grows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import AuditEntry
from plans.organisation import recorded
from tests import factories
from tests.growth import grow


def _url(world):
    return reverse("organisation:changes", args=[world.federation.pk])


def _actions(response):
    return [row.entry.action for row in response.context["rows"]]


@pytest.fixture
def changes(world):
    """A unit created and changed, an account reset, at known times."""
    federation, planner = world.federation, world.planner
    created = recorded.unit_saved(planner, federation, world.unit_a, None)
    before = recorded.unit_values(world.unit_a)
    world.unit_a.order = 3
    world.unit_a.save()
    changed = recorded.unit_saved(planner, federation, world.unit_a, before)
    reset = recorded.person_event(
        planner,
        world.reporter_b,
        recorded.PASSWORD_RESET,
        after={"password": recorded.Password.INITIAL},
    )
    # 1 March 23:30 UTC is 2 March 07:30 in Shanghai.
    moments = {
        created: datetime.datetime(2026, 2, 20, 2, 0, tzinfo=datetime.UTC),
        changed: datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC),
        reset: datetime.datetime(2026, 3, 10, 8, 0, tzinfo=datetime.UTC),
    }
    for entry, moment in moments.items():
        AuditEntry.objects.filter(pk=entry.pk).update(at=moment)
    return world


def test_the_log_reads_in_plain_words_and_local_time(client, changes):
    client.force_login(changes.planner)
    response = client.get(_url(changes))
    assert _actions(response) == [
        recorded.PASSWORD_RESET,
        recorded.UNIT_CHANGED,
        recorded.UNIT_CREATED,
    ]
    page = response.content.decode()
    assert "组织机构变更记录" in page
    assert "2026-03-02 07:30" in page  # Asia/Shanghai, not UTC
    for words in ("重置密码", "修改单位信息", "新建单位", "甲区总工会", "排序"):
        assert words in page
    for code in ("person.password_reset", "unit.update", "initial", "district"):
        assert f">{code}<" not in page
    # The subject's own page is a click away.
    assert reverse("organisation:unit", args=[changes.unit_a.pk]) in page
    assert reverse("organisation:account_edit", args=[changes.reporter_b.pk]) in page


def test_the_directory_is_named_as_who_made_a_change(client, world):
    before = recorded.person_values(world.reporter_a)
    world.reporter_a.first_name = "甲"
    world.reporter_a.save()
    recorded.person_saved(
        None,
        world.federation,
        world.reporter_a,
        before,
        by=AuditEntry.Actor.DIRECTORY,
        via=recorded.Via.DIRECTORY,
    )
    client.force_login(world.planner)
    page = client.get(_url(world)).content.decode()
    assert 'data-testid="audit-who">目录服务（LDAP）<' in page
    assert "目录服务（LDAP）登录" in page  # through a directory login
    assert ">directory<" not in page and 'data-testid="audit-who">系统<' not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": recorded.PASSWORD_RESET}, [recorded.PASSWORD_RESET]),
        ({"since": "2026-03-02"}, [recorded.PASSWORD_RESET, recorded.UNIT_CHANGED]),
        ({"since": "2026-03-03"}, [recorded.PASSWORD_RESET]),
        ({"until": "2026-03-01"}, [recorded.UNIT_CREATED]),
        ({"until": "2026-03-02"}, [recorded.UNIT_CHANGED, recorded.UNIT_CREATED]),
        ({"since": "2026-02-20", "until": "2026-02-20"}, [recorded.UNIT_CREATED]),
        ({"since": "0001-01-01", "until": "9999-12-31"}, None),
        ({"since": "2026-04-01"}, []),
    ],
)
def test_filters_by_kind_and_days(client, changes, query, expected):
    client.force_login(changes.planner)
    response = client.get(_url(changes), query)
    assert response.status_code == 200
    everything = [recorded.PASSWORD_RESET, recorded.UNIT_CHANGED, recorded.UNIT_CREATED]
    assert _actions(response) == (everything if expected is None else expected)


def test_filters_by_unit_and_person(client, changes):
    client.force_login(changes.planner)
    by_unit = client.get(_url(changes), {"unit": changes.unit_a.pk})
    assert _actions(by_unit) == [recorded.UNIT_CHANGED, recorded.UNIT_CREATED]
    by_person = client.get(_url(changes), {"person": changes.reporter_b.pk})
    assert _actions(by_person) == [recorded.PASSWORD_RESET]
    nobody = client.get(_url(changes), {"person": changes.reporter_c.pk})
    assert _actions(nobody) == []
    assert 'data-testid="no-changes"' in nobody.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message", "shown"),
    [
        ({"since": "2026-02-30"}, "since", "不是有效的日期", 3),
        ({"until": "二〇二六年三月"}, "until", "不是有效的日期", 3),
        # The first day still applies; the last, before it, does not.
        ({"since": "2026-03-05", "until": "2026-03-01"}, "until", "结束日期早于起始日期", 1),
        ({"action": "unit.explode"}, "action", "unit.explode", 3),
        ({"unit": "²"}, "unit", "", 3),
    ],
)
def test_bad_filters_say_why_and_keep_the_typing(client, changes, query, field, message, shown):
    client.force_login(changes.planner)
    response = client.get(_url(changes), query)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    page = response.content.decode()
    assert message in page
    for value in query.values():
        if field in ("since", "until"):
            assert f'value="{value}"' in page  # what was typed is still there
    # A filter in error narrows nothing; the others still do.
    assert len(_actions(response)) == shown


def test_a_bad_filter_leaves_the_good_ones_working(client, changes):
    client.force_login(changes.planner)
    query = {"since": "2026-02-30", "action": recorded.UNIT_CREATED}
    assert _actions(client.get(_url(changes), query)) == [recorded.UNIT_CREATED]


def test_another_federations_changes_are_not_found(client, world):
    elsewhere = factories.UnitFactory(name="外市某区总工会")
    stranger = factories.UserFactory(unit=elsewhere)
    recorded.unit_saved(None, elsewhere.federation, elsewhere, None)
    client.force_login(world.planner)
    url = reverse("organisation:changes", args=[elsewhere.federation_id])
    assert client.get(url).status_code == 404
    # Nor can another federation's unit or person be asked for on one's own log.
    response = client.get(_url(world), {"unit": elsewhere.pk, "person": stranger.pk})
    assert set(response.context["form"].errors) == {"unit", "person"}
    assert _actions(response) == []


def test_plan_entries_are_not_the_organisations(client, world):
    from plans import audit

    audit.record(world.planner, "task.update", task=world.task_a, summary="修改任务")
    client.force_login(world.planner)
    assert _actions(client.get(_url(world))) == []


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("reporter_a", 403)])
def test_only_managers_read_it(client, world, persona, status):
    client.force_login(world.user(persona))
    assert client.get(_url(world)).status_code == status


def test_linked_from_the_organisation_pages_a_unit_and_a_person(client, world):
    client.force_login(world.planner)
    url = _url(world)
    for page in (
        reverse("organisation:units", args=[world.federation.pk]),
        reverse("organisation:people", args=[world.federation.pk]),
    ):
        assert f'href="{url}"' in client.get(page).content.decode()
    unit = client.get(reverse("organisation:unit", args=[world.unit_a.pk])).content.decode()
    assert f'href="{url}?unit={world.unit_a.pk}"' in unit
    person = reverse("organisation:account_edit", args=[world.reporter_a.pk])
    assert f'href="{url}?person={world.reporter_a.pk}"' in client.get(person).content.decode()


def test_pages_of_the_log(client, world):
    grow(world, changes=12)  # 60 entries
    client.force_login(world.planner)
    first = client.get(_url(world), {"action": recorded.PASSWORD_RESET})
    assert len(first.context["rows"]) == 12
    everything = client.get(_url(world))
    assert len(everything.context["rows"]) == 50
    page = everything.content.decode()
    assert "page=2" in page
    second = client.get(_url(world), {"page": "2"})
    assert len(second.context["rows"]) == 10
    kept = client.get(_url(world), {"action": recorded.UNIT_CREATED, "page": "²"})
    assert len(kept.context["rows"]) == 12


@pytest.mark.parametrize(
    "query",
    [{}, {"action": recorded.UNIT_CHANGED, "since": "2026-01-01"}, {"since": "2026-02-30"}],
)
def test_a_constant_number_of_queries(client, world, django_assert_num_queries, query):
    client.force_login(world.planner)
    grow(world, changes=2)
    query = {**query, "unit": world.unit_b.pk, "person": world.reporter_b.pk} if query else {}
    with CaptureQueriesContext(connection) as small:
        client.get(_url(world), query)
    grow(world, changes=30)
    with django_assert_num_queries(len(small)):
        response = client.get(_url(world), query)
    assert response.status_code == 200


def test_fields_read_in_the_order_of_the_form(client, world):
    recorded.unit_saved(world.planner, world.federation, world.unit_a, None)
    client.force_login(world.planner)
    (row,) = client.get(_url(world)).context["rows"]
    labels = [str(change.label) for change in row.changes]
    assert labels == ["单位名称", "单位类别", "上级单位", "通知邮箱"]
