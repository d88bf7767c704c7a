"""Pages that list a plan's sections, tasks or changes run a constant number of queries,
whatever the plan's size (measured at two sizes)."""

import pytest
from django.urls import reverse

from plans.models import Plan
from tests import factories
from tests.growth import grow

PAGES = {
    # name: (url, queries)
    "edit": (lambda p: reverse("plans:edit", args=[p.pk]), 9),
    "history": (lambda p: reverse("plans:history", args=[p.pk]), 7),
    "publish": (lambda p: reverse("plans:publish", args=[p.pk]), 7),
    "print": (lambda p: reverse("plans:print", args=[p.pk]), 8),
    "ledger": (lambda p: reverse("tasks:ledger", args=[p.pk]), 8),
    "detail": (lambda p: reverse("plans:detail", args=[p.pk]), 8),
}


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize("name", list(PAGES))
def test_plan_pages(client, world, django_assert_num_queries, name, size):
    plan = factories.PlanFactory(owner=world.propaganda, status=Plan.Status.DRAFT)
    grow(world, tasks=size, plan=plan, supporting=[world.unit_b, world.unit_c], audit=True)
    url, queries = PAGES[name]
    client.force_login(world.planner)
    with django_assert_num_queries(queries):
        response = client.get(url(plan))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 20, 70])
def test_plan_list(client, world, django_assert_num_queries, size):
    grow(world, plans=size)
    client.force_login(world.planner)
    # session, user, unit, the count of plans, a page of plans (+ the layout's unread count)
    with django_assert_num_queries(6):
        response = client.get(reverse("plans:list"))
    assert response.content.decode().count('data-testid="plan-item"') == min(size + 1, 50)


@pytest.mark.parametrize(("page", "shown"), [("2", 21), ("x", 50), ("0", 50), ("", 50)])
def test_the_plan_list_is_paginated(client, world, page, shown):
    grow(world, plans=70)
    client.force_login(world.planner)
    response = client.get(reverse("plans:list"), {"page": page})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('data-testid="plan-item"') == shown
    assert ("下一页" in content) == (shown == 50)  # "Next page"


@pytest.mark.parametrize("size", [5, 40])
def test_exports(client, world, django_assert_num_queries, size):
    plan = factories.PlanFactory(owner=world.propaganda)
    grow(world, tasks=size, plan=plan, supporting=[world.unit_b, world.unit_c], audit=True)
    client.force_login(world.planner)
    with django_assert_num_queries(8):
        docx_response = client.get(reverse("plans:export_docx", args=[plan.pk]))
    # The same and the COUNT that decides whether the worker produces it (tasks.exports).
    with django_assert_num_queries(9):
        xlsx_response = client.get(reverse("tasks:export_xlsx", args=[plan.pk]))
    assert docx_response.status_code == xlsx_response.status_code == 200
