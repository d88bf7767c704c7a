"""Editing a plan's sections: add one at the end of its parent, change its label, title and text
(versioned), move it among its siblings, delete it with everything below it. Once the plan is
published the units concerned are told (``plans.signals``)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from plans import audit, signals
from plans.drafting.ordering import lock_plan, place_last, renumber_order, subtree_ids
from plans.drafting.removal import EditRefused, has_unit_work
from plans.drafting.snapshots import (
    SECTION_FIELDS,
    describe_changes,
    field_names,
    only,
    section_snapshot,
    task_name,
    task_units,
)
from plans.drafting.versioning import raise_versions, versioned_update
from plans.models import Responsibility, Section, Task
from plans.wording.labels import close_gap, swap_numbers


@dataclass
class SectionData:
    label: str
    title: str
    body: str = ""


@transaction.atomic
def create_section(plan, parent, data, *, user):
    """Add a section at the end of ``parent`` (or of the plan)."""
    lock_plan(plan.pk)
    section = Section.objects.create(
        plan=plan, parent=parent, label=data.label, title=data.title, body=data.body, order=0
    )
    place_last(section, plan)
    section.refresh_from_db()
    audit.record(
        user,
        "section.create",
        plan=plan,
        summary=_("Added section %(section)s") % {"section": section},
        after=section_snapshot(section),
    )
    return section


def _section_units(section):
    """The units responsible for tasks in the section or its subsections."""
    return [
        r.unit
        for r in Responsibility.objects.filter(
            task__section__in=subtree_ids(section), unit__isnull=False
        ).select_related("unit")
    ]


@transaction.atomic
def update_section(section, data, *, loaded_version, user):
    """Save a section's label, title and text. Raises EditConflict when it was saved since
    ``loaded_version``."""
    after = {"label": data.label, "title": data.title, "body": data.body}
    saved = versioned_update(
        Section.objects,
        section.pk,
        loaded_version=loaded_version,
        snapshot=section_snapshot,
        after=after,
    )
    if not saved.changed:
        return saved.current
    section.refresh_from_db()
    plan = section.plan
    audit.record(
        user,
        "section.update",
        plan=plan,
        summary=_("Changed section %(section)s: %(fields)s")
        % {"section": section, "fields": field_names(saved.changed, SECTION_FIELDS)},
        before=only(saved.before, saved.changed),
        after=only(after, saved.changed),
    )
    if plan.is_published:
        signals.section_changed.send(
            sender=Section,
            section=section,
            units=_section_units(section),
            changes=describe_changes(saved.before, after, SECTION_FIELDS),
        )
    return section


def _siblings(plan, parent_id):
    return list(plan.sections.filter(parent_id=parent_id).order_by("order", "pk"))


@transaction.atomic
def move_section(section, direction, *, user):
    """Move a section one place up (-1) or down (+1) among its siblings; their labels trade
    numbers. False at an end, or when the section is gone meanwhile."""
    plan = section.plan
    lock_plan(plan.pk)
    current = Section.objects.filter(pk=section.pk).first()
    if current is None:
        return False
    siblings = _siblings(plan, current.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    other_index = index + direction
    if not 0 <= other_index < len(siblings):
        return False
    section, other = siblings[index], siblings[other_index]
    before = [str(section), str(other)]
    section.order, other.order = other.order, section.order
    swap_numbers(section, other)
    Section.objects.bulk_update([section, other], ["order", "label"])
    raise_versions(Section, [section.pk, other.pk])
    renumber_order(plan)
    audit.record(
        user,
        "section.move",
        plan=plan,
        summary=_("Moved section %(section)s %(direction)s")
        % {"section": section, "direction": _("up") if direction < 0 else _("down")},
        before={"order": before},
        after={"order": [str(other), str(section)] if direction < 0 else before[::-1]},
    )
    return True


@transaction.atomic
def delete_section(section, *, user):
    """Delete a section with its subsections and tasks; the siblings numbered on from it move
    up one number. Refused when units have worked on one of its tasks; False when it is gone
    already (deleted by someone else meanwhile)."""
    plan = section.plan
    lock_plan(plan.pk)
    section = Section.objects.filter(pk=section.pk).first()
    if section is None:
        return False
    tasks = list(
        Task.objects.filter(section__in=subtree_ids(section)).prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("unit"))
        )
    )
    if has_unit_work(tasks):
        raise EditRefused(
            _(
                "Units have already worked on tasks of this section (acknowledged, reported or "
                "made a request). Move those tasks to another section before deleting it."
            )
        )
    units = [unit for task in tasks for unit in task_units(task)]
    following = [s for s in _siblings(plan, section.parent_id) if s.order > section.order]
    name, snapshot = str(section), section_snapshot(section)
    section.delete()
    Section.objects.bulk_update(close_gap(snapshot["label"], following), ["label"])
    renumber_order(plan)
    audit.record(
        user,
        "section.delete",
        plan=plan,
        summary=_("Deleted section %(section)s with %(count)d tasks")
        % {"section": name, "count": len(tasks)},
        before={**snapshot, "tasks": [task_name(task) for task in tasks]},
    )
    if plan.is_published and units:
        signals.section_removed.send(sender=Section, plan=plan, name=name, units=units)
    return True
