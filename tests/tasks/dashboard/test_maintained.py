"""The maintained figures are the figures: after any sequence of changes made through the real
services (reports, completion and its review, extensions and their decision, edits, publishing,
removal, acknowledging) and through the ORM (a section moved, a plan's start changed, parts
added in bulk, handed over or swapped, acknowledgements taken back, tasks and plans deleted, a
plan inserted in bulk), the dashboard read from the kept figures equals the dashboard counted
from every task as before (tests/tasks/dashboard/reference.py), on the day of the changes and
on other days, with or without filters; the review queue's units not acknowledged equal a
count of every responsibility, before the changes are taken in and after; and the kept rows
equal a rebuild from scratch (``upkeep.drift``)."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.drafting import publishing, task_edits, task_parts
from plans.drafting.publishing import PublishError
from plans.drafting.removal import EditRefused
from plans.models import Plan, Responsibility, Task
from tasks.dashboard import upkeep
from tasks.dashboard.board import build
from tasks.dashboard.filters import Filters
from tasks.models import Acknowledgement, CompletionRequest, ExtensionRequest, Review, UnitCount
from tasks.workspace import review, workflow
from tests import factories
from tests.tasks.dashboard.reference import (
    not_acknowledged,
    not_acknowledged_by_plan,
    recount,
    summary,
)

LEAD, SUPPORTING, LEADER = "lead", "supporting", "leader"
REFUSED = (workflow.WorkflowError, EditRefused, PublishError, ValueError)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


class Scene:
    """The world's plan with two top-level sections (the second with a subsection), tasks
    overdue, due soon, later and without a deadline, targets and leaders; last year's plan;
    a draft to publish."""

    def __init__(self, world):
        self.world = world
        self.today = timezone.localdate()
        day = lambda n: self.today + datetime.timedelta(days=n)  # noqa: E731
        plan = world.plan
        plan.year = self.today.year
        plan.published_at = _at(datetime.date(self.today.year, 1, 5))
        plan.save()
        self.leaders = [
            factories.LeaderFactory(federation=world.federation, name=name)
            for name in ("张慧", "李强")
        ]
        second = factories.SectionFactory(plan=plan, label="二、", title="文化阵地", order=20)
        sub = factories.SectionFactory(plan=plan, parent=second, label="（一）", title="书屋")
        self.sections = [world.section, second, sub]
        self.units = [world.unit_a, world.unit_b, world.unit_c]
        specs = [  # section, deadline, lead, supporting, leader, target
            (world.section, day(-10), 0, [1], 0, 30),
            (second, day(3), 1, [], None, None),
            (second, day(60), 0, [2], 1, 10),
            (sub, None, 2, [0], 0, None),
            (sub, datetime.date(self.today.year, 12, 31), 0, [1, 2], 1, 5),
        ]
        for section, deadline, lead, supporting, leader, target in specs:
            task = factories.TaskFactory(
                section=section, deadline=deadline, deadline_text="" if deadline else "长期坚持"
            )
            self._responsible(task, lead, supporting, leader)
            if target:
                factories.TargetFactory(task=task, text=f"指标{target}", value=target)
        self.last_year = factories.PlanFactory(
            owner=plan.owner, year=self.today.year - 1, status=Plan.Status.ARCHIVED
        )
        old = factories.SectionFactory(plan=self.last_year)
        for n in range(4):
            done = n % 2 == 0
            factories.TaskFactory(
                section=old,
                deadline=datetime.date(self.today.year - 1, 3 * n + 1, 15),
                status=Task.Status.DONE if done else Task.Status.IN_PROGRESS,
                completed_at=_at(datetime.date(self.today.year - 1, 3 * n + 2, 1))
                if done
                else None,
            )
        self.draft = factories.PlanFactory(owner=world.unit_c, year=self.today.year)
        draft_section = factories.SectionFactory(plan=self.draft)
        for n in range(2):
            task = factories.TaskFactory(section=draft_section, deadline=day(20 * n - 5))
            self._responsible(task, n, [2], None)

    def _responsible(self, task, lead, supporting, leader):
        factories.ResponsibilityFactory(task=task, unit=self.units[lead], role=LEAD)
        for index in supporting:
            factories.ResponsibilityFactory(task=task, unit=self.units[index], role=SUPPORTING)
        if leader is not None:
            factories.ResponsibilityFactory(
                task=task, unit=None, leader=self.leaders[leader], role=LEADER
            )

    def tasks(self):
        return list(Task.objects.filter(plan__year=self.today.year).order_by("pk"))

    def task(self, index):
        tasks = self.tasks()
        return tasks[index % len(tasks)]

    def reporter(self, unit):
        return {
            self.world.unit_a: self.world.reporter_a,
            self.world.unit_b: self.world.reporter_b,
            self.world.unit_c: self.world.reporter_c,
        }[unit]

    def unit_of(self, task, role):
        return next(
            (r.unit for r in task.responsibilities.filter(role=role).select_related("unit")),
            None,
        )


def _report(scene, index, role, percent, figure):
    task = scene.task(index)
    unit = scene.unit_of(task, role)
    if unit is None:
        return
    figures = dict.fromkeys(task.targets.all(), figure) if figure is not None else {}
    workflow.report(scene.reporter(unit), task, unit, text="进展", percent=percent, figures=figures)


def _complete(scene, index):
    task = scene.task(index)
    unit = scene.unit_of(task, LEAD)
    workflow.request_completion(scene.reporter(unit), task, unit, "已完成")


def _review(scene, index, accept):
    pending = CompletionRequest.objects.filter(task=scene.task(index), status=Review.PENDING)
    for request in pending:
        workflow.review_completion(scene.world.planner, request, accept=accept, comment="意见")


def _extend(scene, index, days):
    task = scene.task(index)
    unit = scene.unit_of(task, LEAD)
    proposed = max(task.deadline or scene.today, scene.today) + datetime.timedelta(days=days)
    workflow.request_extension(
        scene.reporter(unit), task, unit, proposed_deadline=proposed, reason="原因"
    )


def _decide(scene, index, approve):
    pending = ExtensionRequest.objects.filter(task=scene.task(index), status=Review.PENDING)
    for extension in pending:
        workflow.review_extension(scene.world.planner, extension, approve=approve, comment="意见")


def _edit(scene, index, change, value):
    task = task_edits.fetch_task(scene.task(index).pk)
    values = {
        "section": task.section,
        "label": task.label,
        "title": task.title,
        "body": task.body,
        "deadline_text": task.deadline_text,
        "deadline": task.deadline,
        "leaders": task.leaders,
        "lead_units": task.lead_units,
        "supporting_units": task.supporting_units,
        "targets": [
            task_parts.TargetData(t.text, t.value, t.measure, t.pk) for t in task.targets.all()
        ],
    }
    if change == "deadline":
        values["deadline"] = scene.today + datetime.timedelta(days=value)
        values["deadline_text"] = ""
    elif change == "section":
        values["section"] = task.plan.sections.order_by("pk")[value % task.plan.sections.count()]
    elif change == "lead":
        lead = scene.units[value % 3]
        values["lead_units"] = [lead]
        values["supporting_units"] = [u for u in task.supporting_units if u != lead]
    elif change == "target":
        values["targets"] = [
            *values["targets"],
            task_parts.TargetData(f"新指标{value}", Decimal(value + 1), "次"),
        ]
    task_edits.update_task(
        task, task_parts.TaskData(**values), loaded_version=task.version, user=scene.world.planner
    )


def _publish(scene):
    draft = Plan.objects.filter(pk=scene.draft.pk).first()
    if draft is not None:  # not deleted meanwhile (_drop_plan)
        publishing.publish(draft, user=scene.world.planner)


def _remove(scene, index):
    task_edits.delete_task(scene.task(index), user=scene.world.planner)


def _move_section(scene, _index):
    """A subsection moved to the other top-level section (a change of the tree, by the ORM)."""
    sub = scene.sections[2]
    sub.refresh_from_db()
    sub.parent = scene.sections[0] if sub.parent_id == scene.sections[1].pk else scene.sections[1]
    sub.save()


def _restart(scene, days):
    """The plan's start moved (published again, by the ORM): every task's expected progress."""
    Plan.objects.filter(pk=scene.world.plan.pk).update(
        published_at=_at(datetime.date(scene.today.year, 1, 1) + datetime.timedelta(days=days))
    )


def _bulk_status(scene, index):
    """A task's status changed with a queryset update, as services do."""
    Task.objects.filter(pk=scene.task(index).pk).update(
        status=Task.Status.IN_PROGRESS, completed_at=None
    )


def _acknowledge(scene, index, role):
    task = scene.task(index)
    unit = scene.unit_of(task, role)
    if unit is not None:
        workflow.acknowledge(scene.reporter(unit), task, unit)


def _take_back(scene, index):
    """An acknowledgement deleted (the admin's way: nothing in the portal takes one back)."""
    first = Acknowledgement.objects.filter(task=scene.task(index)).order_by("pk")[:1]
    Acknowledgement.objects.filter(pk__in=first.values("pk")).delete()


def _bulk_parts(scene, index):
    """Supporting units added to a task with bulk_create (the importer's and copying's way),
    the first of them acknowledged in the same way."""
    task = scene.task(index)
    taken = set(task.responsibilities.values_list("unit", flat=True))
    free = [unit for unit in scene.units if unit.pk not in taken]
    Responsibility.objects.bulk_create(
        [Responsibility(task=task, unit=unit, role=SUPPORTING) for unit in free]
    )
    Acknowledgement.objects.bulk_create([Acknowledgement(task=task, unit=u) for u in free[:1]])


def _hand_over(scene, index):
    """A supporting unit's part given to a unit not yet on the task (an UPDATE of its unit)."""
    task = scene.task(index)
    taken = set(task.responsibilities.values_list("unit", flat=True))
    free = [unit for unit in scene.units if unit.pk not in taken]
    part = task.responsibilities.filter(role=SUPPORTING).order_by("pk").first()
    if part is not None and free:
        Responsibility.objects.filter(pk=part.pk).update(unit=free[0])


def _swap_roles(scene, index):
    """The lead unit and a supporting unit swap roles (UPDATEs of the role)."""
    task = scene.task(index)
    lead = task.responsibilities.filter(role=LEAD).order_by("pk").first()
    other = task.responsibilities.filter(role=SUPPORTING).order_by("pk").first()
    if lead is not None and other is not None:
        Responsibility.objects.filter(pk=lead.pk).update(role=SUPPORTING)
        Responsibility.objects.filter(pk=other.pk).update(role=LEAD)


def _drop_task(scene, index):
    """A task deleted with all that hangs on it (the admin; Django's cascade)."""
    Task.objects.filter(pk=scene.task(index).pk).delete()


def _new_plan(scene, acknowledged):
    """A published plan of the year, its parts and acknowledgements inserted in bulk."""
    plan = factories.PlanFactory(
        owner=scene.world.propaganda, year=scene.today.year, status=Plan.Status.PUBLISHED
    )
    section = factories.SectionFactory(plan=plan)
    parts, acknowledgements = [], []
    for n in range(3):
        task = factories.TaskFactory(
            section=section, deadline=scene.today + datetime.timedelta(days=10 * n - 10)
        )
        lead, supporting = scene.units[n], scene.units[(n + 1) % 3]
        parts += [
            Responsibility(task=task, unit=lead, role=LEAD),
            Responsibility(task=task, unit=supporting, role=SUPPORTING),
        ]
        if acknowledged:
            acknowledgements.append(Acknowledgement(task=task, unit=lead))
    Responsibility.objects.bulk_create(parts)
    Acknowledgement.objects.bulk_create(acknowledgements)


def _drop_plan(scene, _index):
    """The newest plan other than the world's and last year's deleted, with all it holds."""
    keep = [scene.world.plan.pk, scene.last_year.pk]
    newest = Plan.objects.exclude(pk__in=keep).order_by("-pk").first()
    if newest is not None:
        newest.delete()


INDEX = st.integers(0, 20)
STEPS = st.one_of(
    st.tuples(
        st.just(_report),
        INDEX,
        st.sampled_from([LEAD, SUPPORTING]),
        st.none() | st.integers(0, 100),
        st.none() | st.integers(0, 40),
    ),
    st.tuples(st.just(_complete), INDEX),
    st.tuples(st.just(_review), INDEX, st.booleans()),
    st.tuples(st.just(_extend), INDEX, st.integers(1, 60)),
    st.tuples(st.just(_decide), INDEX, st.booleans()),
    st.tuples(
        st.just(_edit),
        INDEX,
        st.sampled_from(["deadline", "section", "lead", "target"]),
        st.integers(-20, 40),
    ),
    st.tuples(st.just(_publish)),
    st.tuples(st.just(_remove), INDEX),
    st.tuples(st.just(_move_section), INDEX),
    st.tuples(st.just(_restart), st.integers(0, 200)),
    st.tuples(st.just(_bulk_status), INDEX),
    st.tuples(st.just(_acknowledge), INDEX, st.sampled_from([LEAD, SUPPORTING])),
    st.tuples(st.just(_take_back), INDEX),
    st.tuples(st.just(_bulk_parts), INDEX),
    st.tuples(st.just(_hand_over), INDEX),
    st.tuples(st.just(_swap_roles), INDEX),
    st.tuples(st.just(_drop_task), INDEX),
    st.tuples(st.just(_new_plan), st.booleans()),
    st.tuples(st.just(_drop_plan), INDEX),
)
VIEWS = st.sampled_from(
    [
        {},
        {"sort": "name"},
        {"sort": "overdue", "direction": "asc"},
        {"section": "second"},
        {"unit": 0},
        {"unit": 2, "sort": "last_report"},
        {"leader": 0},
        {"status": "in_progress"},
        {"status": "completion_requested"},
        {"status": "overdue"},
        {"status": "done"},
        {"deadline_from": -5, "deadline_to": 30},
        {"plan": "world"},
    ]
)


def _filters(scene, view):
    values = dict(view, year=scene.today.year)
    if values.get("section") == "second":
        values["section"] = scene.sections[1].pk
    if "unit" in values:
        values["unit"] = scene.units[values["unit"]].pk
    if "leader" in values:
        values["leader"] = scene.leaders[values["leader"]].pk
    if values.get("plan") == "world":
        values["plan"] = scene.world.plan.pk
    for name in ("deadline_from", "deadline_to"):
        if name in values:
            values[name] = scene.today + datetime.timedelta(days=values[name])
    return values


def _same(scene, view, day, listed=50):
    """The maintained dashboard and the one counted from every task agree."""
    values = _filters(scene, view)
    kept = summary(build(scene.world.leader, Filters(**values), day, listed))
    assert kept == recount(scene.world.leader, Filters(**values), day, listed), (view, day)


def _backlog_right(scene):
    """The review queue's units not acknowledged equal a count of every responsibility,
    whether the changes are taken in yet or not."""
    for user in (scene.world.planner, scene.world.admin):
        rows = review.not_acknowledged_counts(user)
        assert [(row["unit_id"], row["count"]) for row in rows] == not_acknowledged(user)


def _kept_backlog():
    rows = UnitCount.objects.values_list("plan", "unit", "not_acknowledged")
    return {(plan, unit): count for plan, unit, count in rows if count}


@pytest.fixture
def scene(world):
    return Scene(world)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.tuples(STEPS, st.booleans()), min_size=1, max_size=10),
    views=st.lists(VIEWS, min_size=1, max_size=3),
    shift=st.integers(-60, 60),
)
def test_maintained_figures_equal_a_full_count(scene, steps, views, shift):
    with transaction.atomic():
        _same(scene, {}, scene.today)
        for (step, *arguments), look in steps:
            try:
                with transaction.atomic():
                    step(scene, *arguments)
            except REFUSED:
                pass
            if look:  # the figures are right at every moment, not only in the end
                _backlog_right(scene)  # the step's changes not yet taken in
                _same(scene, {}, scene.today)
        _backlog_right(scene)
        other_day = scene.today + datetime.timedelta(days=shift)
        for view in views:
            _same(scene, view, scene.today)
            _same(scene, view, other_day, listed=None)
        _same(scene, {}, scene.today)
        assert upkeep.drift() == []
        _backlog_right(scene)  # everything taken in
        assert _kept_backlog() == not_acknowledged_by_plan()
        transaction.set_rollback(True)


def test_a_new_task_counts_at_once(scene):
    """Nothing waits for a minute: the next dashboard counts a change committed before it."""
    before = build(scene.world.leader, Filters(), scene.today).figures.total
    factories.TaskFactory(section=scene.sections[1])
    assert build(scene.world.leader, Filters(), scene.today).figures.total == before + 1
