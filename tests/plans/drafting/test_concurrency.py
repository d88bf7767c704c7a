"""Two planners editing the structure of one plan at the same moment: each change is served
after the other, so orders stay unique and a task deleted twice is deleted once. Needs
PostgreSQL (row locks are what is tested; SQLite serialises every write anyway)."""

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import AuditEntry, Task
from tests.concurrency import at_once, postgresql  # noqa: F401 — a fixture
from tests.plans.drafting.conftest import HTMX

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql"),
]


def _editors(planner, count):
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(planner)
    return clients


def test_tasks_added_at_the_same_moment_get_their_own_places(draft, planner, world):
    section = draft.sections.get(label="二、")
    clients = _editors(planner, 4)

    def add(i):
        data = {
            "section": section.pk,
            "label": "",
            "title": f"同时新增的任务{i}",
            "deadline_text": "全年",
            "lead_units": [world.unit_b.pk],
            "task-new-targets-TOTAL_FORMS": 0,
            "task-new-targets-INITIAL_FORMS": 0,
            "task-new-targets-MIN_NUM_FORMS": 0,
            "task-new-targets-MAX_NUM_FORMS": 1000,
        }
        url = reverse("plans:task_new", args=[section.pk])
        return clients[i].post(url, data, **HTMX).status_code

    results, errors = at_once(len(clients), add)
    assert errors == [None] * len(clients)
    assert results == [200] * len(clients)
    orders = list(draft.tasks.values_list("order", flat=True))
    assert len(orders) == 8
    assert sorted(orders) == list(range(1, 9))  # unique, and following the document


def test_a_task_deleted_by_two_planners_at_once_is_deleted_once(draft, planner):
    task = draft.tasks.get(title="深入开展理论宣讲")
    clients = _editors(planner, 2)

    def delete(i):
        return clients[i].post(reverse("plans:task_delete", args=[task.pk]), **HTMX).status_code

    results, errors = at_once(len(clients), delete)
    assert errors == [None, None]
    assert all(status in (200, 204, 404) for status in results)
    assert not Task.objects.filter(pk=task.pk).exists()
    assert AuditEntry.objects.filter(action="task.delete").count() == 1
    # The task after it moved up one number, once.
    first = draft.sections.get(label="一、")
    assert list(first.tasks.values_list("label", flat=True)) == ["（一）"]
