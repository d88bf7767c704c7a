"""A new plan as a copy of an earlier one: its structure, responsibilities and targets carried
over, its deadlines moved into the new year, optionally only the tasks not yet done."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from plans import audit
from plans.models import Plan, Responsibility, Section, Target, Task
from plans.wording.years import move_date, move_years


def default_title(source, year):
    """The source's title with its year replaced: "2025年宣传教育工作要点" → "2026年…"."""
    return move_years(source.title, source.year, year - source.year)[:300]


@transaction.atomic
def copy_plan(source, *, owner, year, user, title="", only_open=False):
    """A new draft plan of ``owner`` for ``year`` copied from ``source``: sections, tasks,
    responsibilities and targets. With ``only_open`` the tasks already done are left out, and
    sections left without tasks with them. Returns the new plan."""
    years = year - source.year
    plan = Plan.objects.create(
        owner=owner,
        year=year,
        title=(title or default_title(source, year))[:300],
        preamble=move_years(source.preamble, source.year, years),
        status=Plan.Status.DRAFT,
        copied_from=source,
    )
    sections = list(source.sections.order_by("order", "pk"))
    tasks = list(
        source.tasks.order_by("order", "pk").prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.order_by("order", "pk")),
            Prefetch("targets", queryset=Target.objects.order_by("order", "pk")),
        )
    )
    if only_open:
        tasks = [task for task in tasks if task.status != Task.Status.DONE]
        sections = _sections_with_tasks(sections, tasks)

    # Sections in order, parents before children: one insert per section for its new key.
    new_sections = {}
    depths = _depths(sections)
    for section in sorted(sections, key=lambda s: (depths[s.pk], s.order, s.pk)):
        new_sections[section.pk] = Section.objects.create(
            plan=plan,
            parent=new_sections.get(section.parent_id),
            label=section.label,
            title=section.title,
            body=section.body,
            order=section.order,
        )
    new_tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            section=new_sections[task.section_id],
            label=task.label,
            title=task.title,
            body=task.body,
            deadline_text=move_years(task.deadline_text, source.year, years),
            deadline=move_date(task.deadline, years),
            order=task.order,
        )
        for task in tasks
    )
    Responsibility.objects.bulk_create(
        Responsibility(
            task=new,
            role=responsibility.role,
            unit_id=responsibility.unit_id,
            leader_id=responsibility.leader_id,
            order=responsibility.order,
        )
        for old, new in zip(tasks, new_tasks, strict=True)
        for responsibility in old.responsibilities.all()
    )
    Target.objects.bulk_create(
        Target(task=new, text=t.text, value=t.value, measure=t.measure, order=t.order)
        for old, new in zip(tasks, new_tasks, strict=True)
        for t in old.targets.all()
    )
    audit.record(
        user,
        "plan.copy",
        plan=plan,
        summary=_("Copied from %(source)s (%(year)d): %(tasks)d tasks")
        % {"source": source.title, "year": source.year, "tasks": len(new_tasks)},
        after={"source": source.pk, "only_open": only_open, "tasks": len(new_tasks)},
    )
    return plan


def _depths(sections):
    """Section id → how deep it is nested (0 at the top)."""
    parents = {section.pk: section.parent_id for section in sections}
    depths = {}
    for pk in parents:
        depth, parent = 0, parents[pk]
        while parent is not None:
            depth, parent = depth + 1, parents.get(parent)
        depths[pk] = depth
    return depths


def _sections_with_tasks(sections, tasks):
    """The sections that still hold a task, directly or below them."""
    by_id = {section.pk: section for section in sections}
    keep = set()
    for task in tasks:
        section_id = task.section_id
        while section_id is not None and section_id not in keep:
            keep.add(section_id)
            section_id = by_id[section_id].parent_id
    return [section for section in sections if section.pk in keep]
