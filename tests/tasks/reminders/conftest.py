import pytest
from django.db import transaction

from plans.models import Leader, Responsibility
from tests.tasks.reminders.channels.servers import (  # noqa: F401 — fixtures shared with tests/tasks/reminders/channels
    fresh_rate_limits,
    robots,
    smtp_server,
)
from tests.tasks.reminders.helpers import day
from tests.unionplans.outbound.listener import listener  # noqa: F401 — a loopback listener


@pytest.fixture
def queued(monkeypatch):
    """The delivery ids handed to the queue, as (ids, countdown); nothing is published. As with
    the real queue (``TransactionAwareTask``), what is queued in a transaction counts once it
    commits."""
    calls = []

    def enqueue(ids, *, countdown=None):
        transaction.on_commit(lambda: calls.append((list(ids), countdown)))
        return len(ids)

    monkeypatch.setattr("tasks.reminders.delivery.enqueue", enqueue)
    return calls


@pytest.fixture
def queued_tests(monkeypatch):
    """The robot ids handed to the queue by the "send a test message" button; nothing is
    published (tasks.reminders.robot_test.run sends what a worker would)."""
    calls = []

    def apply_async(args, **options):
        calls.append(args[0])

    monkeypatch.setattr("tasks.reminders.robot_test.send_test_message.apply_async", apply_async)
    return calls


@pytest.fixture
def rw(world):
    """The ``world`` ready for reminders: task A (lead: unit A, supporting: unit B) has a
    responsible leader with an account and an email address; task B (lead: unit B) has none.
    Both are due on Friday 13 March 2026; units have one address each (the factory's)."""
    leader_user = world.leader
    leader_user.email = "zhang@union.example.cn"
    leader_user.save()
    leader = Leader.objects.create(federation=world.federation, name="张副主席", user=leader_user)
    Responsibility.objects.create(task=world.task_a, role=Responsibility.Role.LEADER, leader=leader)
    for task in (world.task_a, world.task_b):
        task.deadline = day(11)
        task.deadline_text = "3月13日前"
        task.save()
    world.responsible_leader = leader
    return world
