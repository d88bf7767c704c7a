"""Editing a plan's tasks: add one at the end of a section, change it (versioned; moved to the
end of another section when its section changes), move it within its section, delete it. Every
change is recorded in the audit trail; once the plan is published the units concerned are told
(``plans.signals``)."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from plans import audit, signals
from plans.drafting.ordering import lock_plan, place_last
from plans.drafting.removal import EditRefused, has_unit_work
from plans.drafting.snapshots import (
    TASK_FIELDS,
    describe_changes,
    field_names,
    only,
    task_name,
    task_snapshot,
    task_units,
)
from plans.drafting.task_parts import set_responsibilities, set_targets
from plans.drafting.versioning import raise_versions, versioned_update
from plans.models import Responsibility, Target, Task
from plans.wording.labels import close_gap, swap_numbers

# The task's own columns, written from TaskData as they are.
_TASK_COLUMNS = ("section", "label", "title", "body", "deadline_text", "deadline")


def _tasks():
    """Tasks with what the editor shows and compares: plan, section, responsibilities, targets."""
    return Task.objects.select_related("section", "plan", "plan__owner").prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("unit", "leader").order_by(
                "order", "pk"
            ),
        ),
        Prefetch("targets", queryset=Target.objects.order_by("order", "pk")),
    )


def fetch_task(pk, lock=False):
    """A task with its plan, section, responsibilities and targets; locked on request."""
    queryset = _tasks()
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=pk)


def _columns(data):
    return {name: getattr(data, name) for name in _TASK_COLUMNS}


@transaction.atomic
def create_task(section, data, *, user):
    """Add a task at the end of ``data.section``. Its place is taken with the plan locked, so
    that tasks added at the same moment each get their own."""
    plan = section.plan
    lock_plan(plan.pk)
    data.resolve_leaders(plan.owner.federation_root)
    task = Task.objects.create(plan=plan, order=0, **_columns(data))
    set_responsibilities(task, data, [])
    set_targets(task, data.targets, [])
    place_last(task, plan)
    task = fetch_task(task.pk)
    audit.record(
        user,
        "task.create",
        task=task,
        summary=_("Added task %(task)s") % {"task": task_name(task)},
        after=task_snapshot(task),
    )
    if plan.is_published:
        signals.task_added.send(sender=Task, task=task, units=task_units(task))
    return task


@transaction.atomic
def update_task(task, data, *, loaded_version, user):
    """Save a task edited from ``loaded_version``. Raises EditConflict (with the current task)
    when it was saved since, EditRefused when the change would delete the units' figures."""
    lock_plan(task.plan_id)  # a task moved to another section takes the last place there
    after = data.snapshot()
    saved = versioned_update(
        _tasks(),
        task.pk,
        loaded_version=loaded_version,
        snapshot=task_snapshot,
        after=after,
        values=_columns(data),
    )
    current = saved.current
    if not saved.changed:
        return current
    old_units = task_units(current)
    data.resolve_leaders(current.plan.owner.federation_root)
    set_responsibilities(current, data, list(current.responsibilities.all()))
    set_targets(current, data.targets, list(current.targets.all()))
    if data.section.pk != current.section_id:
        place_last(current, current.plan)  # to the end of its new section
    task = fetch_task(task.pk)
    fields = field_names(saved.changed, TASK_FIELDS)
    audit.record(
        user,
        "task.update",
        task=task,
        summary=_("Changed task %(task)s: %(fields)s")
        % {"task": task_name(task), "fields": fields},
        before=only(saved.before, saved.changed),
        after=only(after, saved.changed),
    )
    if task.plan.is_published:
        new_units = task_units(task)
        signals.task_changed.send(
            sender=Task,
            task=task,
            units=new_units,
            removed_units=[unit for unit in old_units if unit not in new_units],
            fields=fields,
            changes=describe_changes(saved.before, after, TASK_FIELDS),
        )
    return task


@transaction.atomic
def move_task(task, direction, *, user):
    """Move a task one place up (-1) or down (+1) within its section; their labels trade
    numbers. False at an end, or when the task is gone meanwhile."""
    lock_plan(task.plan_id)
    section_id = Task.objects.filter(pk=task.pk).values_list("section_id", flat=True).first()
    if section_id is None:
        return False
    siblings = list(Task.objects.filter(section_id=section_id).order_by("order", "pk"))
    index = next(i for i, t in enumerate(siblings) if t.pk == task.pk)
    other_index = index + direction
    if not 0 <= other_index < len(siblings):
        return False
    task, other = siblings[index], siblings[other_index]
    names = [task_name(task), task_name(other)]
    task.order, other.order = other.order, task.order
    swap_numbers(task, other)
    Task.objects.bulk_update([task, other], ["order", "label"])
    raise_versions(Task, [task.pk, other.pk])
    audit.record(
        user,
        "task.move",
        task=task,
        summary=_("Moved task %(task)s %(direction)s")
        % {"task": names[0], "direction": _("up") if direction < 0 else _("down")},
        before={"order": names},
        after={"order": names[::-1]},
    )
    return True


@transaction.atomic
def delete_task(task, *, user):
    """Delete a task; the tasks numbered on from it move up one number. Refused when units have
    worked on it; False when it is gone already (deleted by someone else meanwhile)."""
    lock_plan(task.plan_id)
    try:
        task = fetch_task(task.pk, lock=True)
    except Task.DoesNotExist:
        return False
    if has_unit_work([task]):
        raise EditRefused(
            _(
                "Units have already worked on this task (acknowledged, reported or made a "
                "request); it cannot be deleted. Change it instead."
            )
        )
    plan, units, snapshot = task.plan, task_units(task), task_snapshot(task)
    following = list(
        Task.objects.filter(section_id=task.section_id, order__gt=task.order).order_by("order")
    )
    audit.record(
        user,
        "task.delete",
        task=task,
        summary=_("Deleted task %(task)s") % {"task": task_name(task)},
        before=snapshot,
    )
    task.delete()
    Task.objects.bulk_update(close_gap(snapshot["label"], following), ["label"])
    if plan.is_published:
        signals.task_removed.send(sender=Task, plan=plan, name=task_name(snapshot), units=units)
    return True
