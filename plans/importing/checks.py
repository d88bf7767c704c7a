"""What the importer asks the reader to check about each task: a lead unit, a deadline, and a
deadline that reads as a date of the plan's year. Run by the parser, and again by the
preview's corrections (corrections.py), which change tasks and their labels."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from plans.wording.deadlines import UNREADABLE

from .model import ParsedSection, ParsedTask

_TASK_NAME_TITLE = 24


def task_name(path: str, task: ParsedTask) -> str:
    """How a warning names a task: its section labels, its label and the start of its title,
    quoted: “一、（一）1．开展理论宣讲”."""
    title = task.title
    if len(title) > _TASK_NAME_TITLE:
        title = title[:_TASK_NAME_TITLE] + "…"
    return f"“{path}{task.label}{title}”"


def named_tasks(sections: list[ParsedSection], path: str = "") -> Iterator[tuple[str, ParsedTask]]:
    """(name, task) of every task, a section's tasks before its subsections'."""
    for section in sections:
        inner = path + section.label
        for task in section.tasks:
            yield task_name(inner, task), task
        yield from named_tasks(section.sections, inner)


def check_tasks(
    sections: list[ParsedSection], year: int | None
) -> tuple[list[tuple[ParsedTask, str]], list[str]]:
    """(task, warning) for each task to check, and the warnings about the plan's tasks as a
    whole (no units, no deadlines found anywhere)."""
    named = list(named_tasks(sections))
    tasks = [task for _name, task in named]
    has_units = any(task.lead_units or task.supporting_units for task in tasks)
    has_deadlines = any(task.deadline_text for task in tasks)
    found: list[tuple[ParsedTask, str]] = []
    for name, task in named:
        if has_units and not task.lead_units:
            found.append((task, _("Task %(task)s has no lead unit.") % {"task": name}))
        if has_deadlines and not task.deadline_text:
            found.append((task, _("Task %(task)s has no deadline.") % {"task": name}))
        elif (problem := task.deadline_problem(year)) == UNREADABLE:
            message = _(
                "The deadline “%(deadline)s” of task %(task)s could not be read as a date."
            ) % {"deadline": task.deadline_text, "task": name}
            found.append((task, message))
        elif problem:
            warning = task.deadline_warning(year)
            message = _("Task %(task)s: %(problem)s.") % {"task": name, "problem": warning}
            found.append((task, message))
    general = []
    if tasks and not has_units:
        general.append(
            _(
                "No responsible units were found in the plan; assign a lead unit to each task "
                "after import."
            )
        )
    if tasks and not has_deadlines:
        general.append(
            _("No deadlines were found in the plan; set the deadlines of its tasks after import.")
        )
    return found, general
