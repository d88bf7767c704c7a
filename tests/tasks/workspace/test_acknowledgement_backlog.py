"""The acknowledgement backlog the review queue reads is kept current by the database: after
every change of a random sequence — acknowledging, responsibilities replaced, added in bulk or
given another role, tasks, sections and plans deleted, acknowledgements removed — it equals a
full recount of the responsibilities."""

import random

import pytest
from django.db.models import Count, Exists, OuterRef

from plans.drafting import task_parts
from plans.models import Plan, Responsibility, Section, Task
from tasks import access
from tasks.models import Acknowledgement, AcknowledgementBacklog
from tasks.workspace import review, workflow
from tests import factories
from tests.growth import grow

UNIT_ROLES = access.UNIT_ROLES
LEAD, SUPPORTING = Responsibility.Role.LEAD, Responsibility.Role.SUPPORTING


def _recounted():
    acknowledged = Acknowledgement.objects.filter(task=OuterRef("task"), unit=OuterRef("unit"))
    rows = (
        Responsibility.objects.filter(role__in=UNIT_ROLES)
        .exclude(Exists(acknowledged))
        .values_list("task__plan", "unit")
        .annotate(count=Count("pk"))
    )
    return {(plan, unit): count for plan, unit, count in rows}


def _maintained():
    rows = AcknowledgementBacklog.objects.values_list("plan", "unit", "count")
    assert all(count >= 0 for _plan, _unit, count in rows)
    return {(plan, unit): count for plan, unit, count in rows if count}


class Changes:
    """The changes drawn from, each on the world's data as it stands."""

    def __init__(self, world, rng):
        self.world, self.rng = world, rng
        self.units = [world.unit_a, world.unit_b, world.unit_c, world.propaganda]

    def _task(self):
        return self.rng.choice(list(Task.objects.order_by("pk"))) if Task.objects.exists() else None

    def acknowledge(self):
        rows = list(Responsibility.objects.filter(role__in=UNIT_ROLES).select_related("task"))
        if rows:
            row = self.rng.choice(rows)
            user = factories.UserFactory(unit=row.unit)
            Plan.objects.filter(pk=row.task.plan_id).update(status=Plan.Status.PUBLISHED)
            workflow.acknowledge(user, row.task, row.unit)

    def replace_responsibilities(self):
        task = self._task()
        if task is not None:
            lead, *supporting = self.rng.sample(self.units, self.rng.randint(1, 3))
            data = type("Data", (), {"leaders": [], "lead_units": [lead]})()
            data.supporting_units = supporting
            task_parts.set_responsibilities(task, data, list(task.responsibilities.all()))

    def _tasks(self, plan, count, acknowledged=False):
        """``count`` tasks in a new section of ``plan``, their responsibilities inserted in
        bulk (as the importer, copying and the benchmark seeding do)."""
        section = factories.SectionFactory(plan=plan)
        rows, acknowledgements = [], []
        for _n in range(count):
            task = factories.TaskFactory(section=section)
            lead, *supporting = self.rng.sample(self.units, self.rng.randint(1, 3))
            rows.append(Responsibility(task=task, unit=lead, role=LEAD))
            rows += [Responsibility(task=task, unit=unit, role=SUPPORTING) for unit in supporting]
            if acknowledged:
                acknowledgements.append(Acknowledgement(task=task, unit=lead))
        Responsibility.objects.bulk_create(rows)
        Acknowledgement.objects.bulk_create(acknowledgements)

    def add_in_bulk(self):
        self._tasks(self.world.plan, self.rng.randint(1, 4))

    def change_role(self):
        row = Responsibility.objects.filter(role__in=UNIT_ROLES).order_by("?").first()
        if row is not None:
            row.role = SUPPORTING if row.role == LEAD else LEAD
            row.save()

    def move_to_another_unit(self):
        row = Responsibility.objects.filter(role__in=UNIT_ROLES).order_by("pk").first()
        taken = set(row.task.responsibilities.values_list("unit", flat=True)) if row else set()
        free = [unit for unit in self.units if unit.pk not in taken]
        if row is not None and free:
            row.unit = self.rng.choice(free)
            row.save()

    def remove_acknowledgement(self):
        Acknowledgement.objects.filter(
            pk__in=Acknowledgement.objects.order_by("?").values("pk")[:1]
        ).delete()

    def delete_task(self):
        task = self._task()
        if task is not None:
            task.delete()

    def delete_section(self):
        section = Section.objects.order_by("?").first()
        if section is not None:
            section.delete()

    def delete_plan(self):
        if Plan.objects.count() > 1:
            Plan.objects.exclude(pk=self.world.plan.pk).order_by("?").first().delete()

    def new_plan(self):
        plan = factories.PlanFactory(owner=self.world.propaganda, status=Plan.Status.PUBLISHED)
        self._tasks(plan, 3, acknowledged=self.rng.random() < 0.5)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_backlog_equals_a_recount_after_every_change(world, seed):
    rng = random.Random(seed)
    changes = Changes(world, rng)
    names = [name for name in vars(Changes) if not name.startswith("_")]
    assert _maintained() == _recounted() != {}
    for _step in range(40):
        name = rng.choice(names)
        getattr(changes, name)()
        assert _maintained() == _recounted(), name


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
    for persona in ("planner", "leader", "admin"):
        user = world.user(persona)
        expected = review.counted_not_acknowledged(review.reviewable_tasks(user))
        assert review.not_acknowledged_counts(user) == expected
    counts = {row["unit_id"]: row["count"] for row in review.not_acknowledged_counts(world.planner)}
    # unit B: task A, task B and six grown tasks; unit C: six grown tasks; unit A acknowledged
    assert counts == {world.unit_b.pk: 8, world.unit_c.pk: 6, world.unit_a.pk: 1}
