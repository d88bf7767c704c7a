"""The review queue's units not acknowledged are one of the maintained figures
(``UnitCount.not_acknowledged``, tasks.dashboard.upkeep): the queue reads them with the changes
not yet taken in counted in the same query, so it is right at once, on PostgreSQL and SQLite
alike. The random sequences of changes are in tests/tasks/dashboard/test_maintained.py."""

from importlib import import_module
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from plans.models import Plan, Responsibility
from tasks.dashboard import upkeep
from tasks.models import Acknowledgement, CountedResponsibility, FigureChange, UnitCount
from tasks.workspace import review, workflow
from tests import factories
from tests.growth import grow
from tests.tasks.dashboard.reference import not_acknowledged, not_acknowledged_by_plan

LEAD = Responsibility.Role.LEAD
PERSONAS = ("planner", "leader", "admin")


def _read(user):
    return [(row["unit_id"], row["count"]) for row in review.not_acknowledged_counts(user)]


def _counts(user):
    return dict(_read(user))


def _right(world):
    for persona in PERSONAS:
        user = world.user(persona)
        assert _read(user) == not_acknowledged(user), persona


def _kept():
    rows = UnitCount.objects.values_list("plan", "unit", "not_acknowledged")
    return {(plan, unit): count for plan, unit, count in rows if count}


def test_the_review_queue_reads_what_a_recount_gives(world):
    grow(world, tasks=6, acknowledged=True, supporting=[world.unit_b, world.unit_c])
    other = factories.PlanFactory(owner=world.propaganda, status=Plan.Status.ARCHIVED)
    grow(world, tasks=3, plan=other)  # archived: not in the queue
    stranger = factories.PlanFactory(status=Plan.Status.PUBLISHED)  # another federation
    factories.ResponsibilityFactory(
        task=factories.TaskFactory(section=factories.SectionFactory(plan=stranger)),
        unit=world.unit_a,
        role=LEAD,
    )
    _right(world)
    upkeep.up_to_date()
    _right(world)
    assert _kept() == not_acknowledged_by_plan()
    # unit B: task A, task B and six grown tasks; unit C: six grown tasks; unit A acknowledged
    assert _counts(world.planner) == {world.unit_a.pk: 1, world.unit_b.pk: 8, world.unit_c.pk: 6}


def test_an_acknowledgement_counts_at_once_and_is_then_taken_in(world):
    upkeep.up_to_date()
    workflow.acknowledge(world.reporter_b, world.task_a, world.unit_b)
    assert FigureChange.objects.filter(task_id=world.task_a.pk, unit_id=world.unit_b.pk).exists()
    assert UnitCount.objects.get(plan=world.plan, unit=world.unit_b).not_acknowledged == 2
    assert _counts(world.planner) == {world.unit_a.pk: 1, world.unit_b.pk: 1}
    upkeep.up_to_date()
    assert not FigureChange.objects.exists()
    assert UnitCount.objects.get(plan=world.plan, unit=world.unit_b).not_acknowledged == 1
    assert _counts(world.planner) == {world.unit_a.pk: 1, world.unit_b.pk: 1}
    Acknowledgement.objects.filter(unit=world.unit_b).delete()
    assert _counts(world.planner) == {world.unit_a.pk: 1, world.unit_b.pk: 2}


def test_a_deleted_plan_leaves_the_queue_at_once(world):
    upkeep.up_to_date()
    other = factories.PlanFactory(owner=world.propaganda, status=Plan.Status.PUBLISHED)
    grow(world, tasks=2, plan=other, supporting=[world.unit_c])
    upkeep.up_to_date()
    _right(world)
    other.delete()
    _right(world)
    upkeep.up_to_date()
    assert _kept() == not_acknowledged_by_plan()


def test_a_rebuild_asked_for_keeps_what_changed_meanwhile(world):
    """A rebuild adds a mark of everything to the marks waiting: until it is taken in, the
    queue still reads the kept rows with the marked tasks counted afresh."""
    upkeep.up_to_date()
    workflow.acknowledge(world.reporter_b, world.task_b, world.unit_b)
    FigureChange.objects.create()  # what rebuild() adds before it takes everything in
    assert FigureChange.objects.filter(task_id=world.task_b.pk).exists()
    _right(world)
    upkeep.rebuild()
    _right(world)
    assert _kept() == not_acknowledged_by_plan()


def test_the_migration_counts_what_was_there(world):
    """Migration 0012 fills the new kept figure from the data in place (no rebuild)."""
    migration = import_module("tasks.migrations.0012_backlog_kept_with_the_figures")
    grow(world, tasks=4, acknowledged=True, supporting=[world.unit_b, world.unit_c])
    upkeep.up_to_date()
    UnitCount.objects.update(not_acknowledged=0)
    CountedResponsibility.objects.update(acknowledged=False)
    migration.count_what_is_there(apps, SimpleNamespace(connection=connection))
    assert _kept() == not_acknowledged_by_plan()
    assert upkeep.drift() == []
    _right(world)


def test_the_migration_marks_every_task_where_nothing_is_counted_yet(world):
    """0010 applied on a database with plans leaves a mark of everything and nothing counted:
    0012 marks every task as well, and the queue counts them from the data until the first
    refresh."""
    migration = import_module("tasks.migrations.0012_backlog_kept_with_the_figures")
    grow(world, tasks=3, supporting=[world.unit_c])
    upkeep.up_to_date()
    for model in upkeep.MAINTAINED:
        model.objects.all().delete()
    FigureChange.objects.create()
    migration.count_what_is_there(apps, SimpleNamespace(connection=connection))
    assert FigureChange.objects.filter(task_id__isnull=False).count() == 5
    _right(world)
    upkeep.up_to_date()
    assert not FigureChange.objects.exists()
    _right(world)
    assert _kept() == not_acknowledged_by_plan()
