"""Pages that list a plan's sections, tasks or changes run a constant number of queries,
whatever the plan's size (measured at two sizes)."""

import pytest
from django.urls import reverse

from plans import audit
from plans.models import Plan
from tests import factories
from tests.plans.drafting.helpers import responsible


def _grow(world, plan, tasks):
    """Add sections and ``tasks`` tasks, each with a leader, a lead and a supporting unit and a
    target, and an audit entry per task."""
    leader = factories.LeaderFactory(federation=world.federation, name=f"领导{tasks}")
    for number in range(tasks):
        if number % 5 == 0:
            section = factories.SectionFactory(plan=plan, label="一、", title=f"部分{number}")
            sub = factories.SectionFactory(plan=plan, parent=section, title=f"小节{number}")
        task = factories.TaskFactory(
            section=sub if number % 2 else section, body=f"新建书屋{number + 1}家。"
        )
        responsible(
            task, leaders=[leader], lead=[world.unit_a], supporting=[world.unit_b, world.unit_c]
        )
        factories.TargetFactory(task=task, text=f"新建书屋{number + 1}家", value=number + 1)
        audit.record(world.planner, "task.update", task=task, summary="变更")
    return plan


PAGES = {
    # name: (url, queries)
    "edit": (lambda p: reverse("plans:edit", args=[p.pk]), 9),
    "history": (lambda p: reverse("plans:history", args=[p.pk]), 7),
    "publish": (lambda p: reverse("plans:publish", args=[p.pk]), 7),
    "print": (lambda p: reverse("plans:print", args=[p.pk]), 8),
    "ledger": (lambda p: reverse("tasks:ledger", args=[p.pk]), 8),
    "detail": (lambda p: reverse("plans:detail", args=[p.pk]), 9),
}


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize("name", list(PAGES))
def test_plan_pages(client, world, django_assert_num_queries, name, size):
    plan = factories.PlanFactory(owner=world.propaganda, status=Plan.Status.DRAFT)
    _grow(world, plan, size)
    url, queries = PAGES[name]
    client.force_login(world.planner)
    with django_assert_num_queries(queries):
        response = client.get(url(plan))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_plan_list(client, world, django_assert_num_queries, size):
    for number in range(size):
        plan = factories.PlanFactory(
            owner=factories.UnitFactory(parent=world.federation, name=f"部门{number}"),
            year=2020 + number % 4,
        )
        factories.TaskFactory(section=factories.SectionFactory(plan=plan))
    client.force_login(world.planner)
    with django_assert_num_queries(5):
        response = client.get(reverse("plans:list"))
    assert response.content.decode().count('data-testid="plan-item"') == size + 1


@pytest.mark.parametrize("size", [5, 40])
def test_exports(client, world, django_assert_num_queries, size):
    plan = factories.PlanFactory(owner=world.propaganda)
    _grow(world, plan, size)
    client.force_login(world.planner)
    with django_assert_num_queries(8):
        docx_response = client.get(reverse("plans:export_docx", args=[plan.pk]))
    with django_assert_num_queries(8):
        xlsx_response = client.get(reverse("tasks:export_xlsx", args=[plan.pk]))
    assert docx_response.status_code == xlsx_response.status_code == 200
