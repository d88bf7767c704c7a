"""Two units answering a round at the same moment lose nothing (row locks, PostgreSQL)."""

import datetime

import pytest

from tasks.models import RoundItem
from tasks.rounds import service
from tests.concurrency import at_once, postgresql  # noqa: F401 — a fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql")]


def test_two_units_answering_at_once_lose_nothing(world):
    rnd = service.open_round(
        world.planner, world.plan, name="报送", due_date=datetime.date(2026, 9, 30)
    )
    people = [
        (world.reporter_a, world.task_a, world.unit_a),
        (world.reporter_b, world.task_b, world.unit_b),
    ]

    def answer(i):
        user, task, unit = people[i]
        return service.answer(user, rnd, task, unit, text=f"答复{i}")

    _results, errors = at_once(2, answer)
    assert errors == [None, None]
    texts = sorted(RoundItem.objects.filter(round=rnd).values_list("report__text", flat=True))
    assert texts == ["答复0", "答复1"]
