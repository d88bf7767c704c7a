"""Corrections made in the import preview before saving, on the parsed plan, as a person
reading the plan next to the source would make them:

- **Split a task** at a paragraph of its body: that paragraph and those after it become a new
  task right after it. Its title is the paragraph's run-in sentence, as the importer reads a
  run-in task ("建立健全信息报送机制。…"); it has the same leader, units and deadline; it is
  numbered after the task and the tasks numbered on from it move down one number (through the
  following sections too, when the plan numbers its tasks on from section to section).
- **Merge a task with the next** task of its section: the next one's title (closed as a
  sentence) and body become a paragraph of its body; leaders and units are joined, the
  deadline is its own or else the next one's; the tasks that follow move up one number.
- **Turn a task into a section**, with the same label and title. The paragraphs of its body
  become its tasks, each titled by its run-in sentence, with the task's leader, units and
  deadline — what the importer does with run-in paragraphs; paragraphs before the first that
  opens with a run-in sentence ("各级工会要…") introduce the section and stay its text. A task
  without a body is a heading standing alone: the tasks after it in its section become its
  tasks (their labels as written) and take its leader, units and deadline where they name
  none.
- **Turn a section into a task**: a section without subsections (a top-level section stays a
  section: a plan's first level holds sections). Its body and its tasks, each written back as
  a paragraph, become the task's body; its tasks' leaders and units are joined, and the first
  deadline is the task's.

An item that changes kind keeps its place in the document: a section shows its tasks before
its subsections (as the saved plan does), so tasks after a subsection are kept after it in an
untitled group (``ParsedSection.arrange``), whose tasks are its section's own to every
correction. Each correction finds its
item by the key the preview gave it (pending.py), renumbers with ``plans.wording.labels``,
runs the task checks again (checks.py: warnings then name the new labels) and keeps the other
warnings with their items. Bad input raises CorrectionError with a message for the person.
Pure: no database, no files."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.wording.labels import (
    close_gap,
    label_after,
    match_label,
    numbered_label,
    open_gap,
)

from . import checks, limits
from .frontmatter import tidy_title
from .headings import split_title
from .model import ParsedPlan, ParsedSection, ParsedTask
from .runin import opens_with_run_in
from .targets import find_targets
from .text import SENTENCE_END

SPLIT = "split"
MERGE = "merge"
TO_SECTION = "to_section"
TO_TASK = "to_task"
_NAME_TITLE = 30


class CorrectionError(Exception):
    """A correction that cannot be made; the message is meant for the person."""


@dataclass
class _Place:
    item: ParsedTask | ParsedSection
    siblings: list  # the list that holds it
    index: int
    parent: ParsedSection | None  # None for a top-level section
    # The section whose item it is: its parent, or the parent of the group that holds it.
    owner: ParsedSection | None


def _places(sections: list[ParsedSection], parent: ParsedSection | None = None):
    for index, section in enumerate(sections):
        yield _Place(section, sections, index, parent, parent)
        owner = parent if parent is not None and section.is_group else section
        for position, task in enumerate(section.tasks):
            yield _Place(task, section.tasks, position, section, owner)
        yield from _places(section.sections, section)


def _find(plan: ParsedPlan, key: str, kind: type) -> _Place:
    place = next((p for p in _places(plan.sections) if key and p.item.key == key), None)
    if place is None or not isinstance(place.item, kind):
        if kind is ParsedTask:
            message = _(
                "That task is not in this preview (any more). Here is the preview as it is."
            )
        else:
            message = _(
                "That section is not in this preview (any more). Here is the preview as it is."
            )
        raise CorrectionError(message)
    return place


def name(item: ParsedTask | ParsedSection) -> str:
    """An item as messages name it: its label and the start of its title."""
    title = item.title if len(item.title) <= _NAME_TITLE else item.title[:_NAME_TITLE] + "…"
    return f"{item.label}{title}" or _("(untitled)")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a body, as the preview numbers them from 0."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _written_back(task: ParsedTask) -> list[str]:
    """A task as the paragraphs it was read from: its title closed as a sentence and run into
    the first paragraph of its body (splitting there gives the task back), then the rest."""
    body = paragraphs(task.body)
    if not task.title:  # a table row with no work named: its text alone
        return body
    head = task.title if task.title[-1:] in SENTENCE_END else task.title + "。"
    return [head + body[0], *body[1:]] if body else [head]


def _join(*names: list[str]) -> list[str]:
    return list(dict.fromkeys(name for group in names for name in group))


def _with_targets(task: ParsedTask) -> ParsedTask:
    # Paragraph by paragraph: a target never runs from one paragraph into the next.
    found = find_targets(task.title)
    for paragraph in paragraphs(task.body):
        found += find_targets(paragraph)
    task.targets = found
    return task


def _task_from(text: str, source: ParsedTask, label: str) -> ParsedTask:
    """A task read from a paragraph as the importer reads a run-in task, with the leader,
    units and deadline of ``source``. A paragraph opening with a label keeps it when ``label``
    is empty."""
    own = match_label(text)
    if own is not None and own.rest.strip():
        text, label = own.rest.strip(), label or own.text
    title, rest = split_title(text)
    if not title:
        raise CorrectionError(_("That paragraph has no words to make a task's title of."))
    return _with_targets(
        ParsedTask(
            label=label,
            title=tidy_title(title),
            body=rest,
            leaders=list(source.leaders),
            lead_units=list(source.lead_units),
            supporting_units=list(source.supporting_units),
            deadline_text=source.deadline_text,
            deadline=source.deadline,
        )
    )


def _tasks_after(plan: ParsedPlan, task: ParsedTask) -> list[ParsedTask]:
    """The tasks after ``task`` in document order, across sections: many plans number their
    tasks on through the whole plan (1．–12．), and their numbers move on together."""
    tasks = list(plan.all_tasks())
    return tasks[next(i for i, other in enumerate(tasks) if other is task) + 1 :]


def _check_size(plan: ParsedPlan, added: int) -> None:
    count = sum(1 for _task in plan.all_tasks()) + added
    if count > limits.MAX_TASKS:
        raise CorrectionError(
            _("A plan of up to %(limit)d tasks can be imported; this would make %(count)d.")
            % {"limit": limits.MAX_TASKS, "count": count}
        )


# --- The corrections --------------------------------------------------------------------------


def split_task(plan: ParsedPlan, key: str, paragraph: int) -> str:
    """Split the task ``key`` before its body's paragraph ``paragraph`` (from 0)."""
    place = _find(plan, key, ParsedTask)
    task = place.item
    parts = paragraphs(task.body)
    if not parts:
        raise CorrectionError(
            _("“%(task)s” has no text below its title to make a new task of.")
            % {"task": name(task)}
        )
    if not 0 <= paragraph < len(parts):
        raise CorrectionError(
            ngettext(
                "“%(task)s” has %(count)d paragraph: choose it to split the task there.",
                "“%(task)s” has %(count)d paragraphs: choose one of them to split the task there.",
                len(parts),
            )
            % {"task": name(task), "count": len(parts)}
        )
    _check_size(plan, 1)
    new = _task_from(parts[paragraph], task, label_after(task.label))
    new.body = "\n".join(filter(None, [new.body, *parts[paragraph + 1 :]]))
    task.body = "\n".join(parts[:paragraph])
    _with_targets(task)
    _with_targets(new)
    place.siblings.insert(place.index + 1, new)
    open_gap(new.label, _tasks_after(plan, new))
    return _("“%(task)s” was split in two; the new task is “%(new)s”.") % {
        "task": name(task),
        "new": name(new),
    }


def merge_with_next(plan: ParsedPlan, key: str) -> str:
    """Merge the task ``key`` with the task after it in its section."""
    place = _find(plan, key, ParsedTask)
    first = place.item
    if place.index + 1 >= len(place.siblings):
        raise CorrectionError(
            _("“%(task)s” is the last task of its section: there is no next task to merge it with.")
            % {"task": name(first)}
        )
    second = place.siblings[place.index + 1]
    close_gap(second.label, _tasks_after(plan, second), read=numbered_label)
    del place.siblings[place.index + 1]
    first.body = "\n".join([*paragraphs(first.body), *_written_back(second)])
    first.leaders = _join(first.leaders, second.leaders)
    first.lead_units = _join(first.lead_units, second.lead_units)
    supporting = _join(first.supporting_units, second.supporting_units)
    first.supporting_units = [unit for unit in supporting if unit not in first.lead_units]
    if not first.deadline_text:
        first.deadline_text, first.deadline = second.deadline_text, second.deadline
    first.warnings = _join(first.warnings, second.warnings)
    _with_targets(first)
    return _("“%(first)s” and “%(second)s” were merged into one task.") % {
        "first": name(first),
        "second": name(second),
    }


def task_to_section(plan: ParsedPlan, key: str) -> str:
    """Turn the task ``key`` into a section of the tasks its paragraphs (or, without a body,
    the tasks after it) are."""
    place = _find(plan, key, ParsedTask)
    task, owner = place.item, place.owner
    items = owner.items()
    index = next(i for i, item in enumerate(items) if item is task)
    parts = paragraphs(task.body)
    first = next((i for i, part in enumerate(parts) if opens_with_run_in(part)), 0)
    introduction, parts = parts[:first], parts[first:]
    if parts:
        _check_size(plan, len(parts) - 1)
        tasks = [_task_from(part, task, "") for part in parts]
        end = index + 1
    else:  # the tasks after it, up to the next subsection
        end = next(
            (i for i in range(index + 1, len(items)) if isinstance(items[i], ParsedSection)),
            len(items),
        )
        tasks = items[index + 1 : end]
        if not tasks:
            raise CorrectionError(
                _(
                    "“%(task)s” has no text below its title and no tasks after it in its "
                    "section: as a section it would hold nothing."
                )
                % {"task": name(task)}
            )
        for moved in tasks:  # the heading's note is theirs where they name nothing
            if not (moved.lead_units or moved.supporting_units):
                moved.lead_units = list(task.lead_units)
                moved.supporting_units = list(task.supporting_units)
            moved.leaders = moved.leaders or list(task.leaders)
            if not moved.deadline_text:
                moved.deadline_text, moved.deadline = task.deadline_text, task.deadline
    section = ParsedSection(
        label=task.label,
        title=task.title,
        body="\n".join(introduction),
        tasks=tasks,
        warnings=task.warnings,
        key=task.key,
    )
    owner.arrange([*items[:index], section, *items[end:]])
    return ngettext(
        "“%(section)s” is now a section of %(count)d task.",
        "“%(section)s” is now a section of %(count)d tasks.",
        len(tasks),
    ) % {"section": name(section), "count": len(tasks)}


def section_to_task(plan: ParsedPlan, key: str) -> str:
    """Turn the section ``key`` into a task whose body holds its body and its tasks."""
    place = _find(plan, key, ParsedSection)
    section, parent = place.item, place.parent
    if parent is None:
        raise CorrectionError(
            _("“%(section)s” is a top-level section: a plan's first level holds sections.")
            % {"section": name(section)}
        )
    if section.sections:
        raise CorrectionError(
            _("“%(section)s” has sections of its own: turn them into tasks first.")
            % {"section": name(section)}
        )
    if section.is_group:
        raise CorrectionError(
            _(
                "These tasks have no heading of their own: they stand after a section and are "
                "shown after it. Make a task among them a section if they belong to one."
            )
        )
    tasks = section.tasks
    body = paragraphs(section.body) + [p for task in tasks for p in _written_back(task)]
    lead_units = _join(*(task.lead_units for task in tasks))
    dated = next((task for task in tasks if task.deadline_text), None)
    task = ParsedTask(
        label=section.label,
        title=section.title,
        body="\n".join(body),
        leaders=_join(*(task.leaders for task in tasks)),
        lead_units=lead_units,
        supporting_units=[
            unit for unit in _join(*(t.supporting_units for t in tasks)) if unit not in lead_units
        ],
        deadline_text=dated.deadline_text if dated else None,
        deadline=dated.deadline if dated else None,
        warnings=_join(section.warnings, *(task.warnings for task in tasks)),
        key=section.key,
    )
    parent.arrange([task if item is section else item for item in parent.items()])
    _with_targets(task)
    return _("“%(section)s” is now a task.") % {"section": name(task)}


ACTIONS = {
    SPLIT: split_task,
    MERGE: merge_with_next,
    TO_SECTION: task_to_section,
    TO_TASK: section_to_task,
}


def correct(plan: ParsedPlan, action: str, key: str, paragraph: int | None = None) -> str:
    """Make one correction (an ACTIONS key) in ``plan``; returns what was done, in a sentence.
    The task checks run again afterwards; other warnings stay with their items."""
    before_by_task, before_general = checks.check_tasks(plan.sections, plan.year)
    stale = {message for _task, message in before_by_task} | set(before_general)
    if action == SPLIT:
        done = split_task(plan, key, paragraph if paragraph is not None else -1)
    else:
        done = ACTIONS[action](plan, key)
    _recheck(plan, stale)
    return done


def _recheck(plan: ParsedPlan, stale: set[str]) -> None:
    for place in _places(plan.sections):
        place.item.warnings = [m for m in place.item.warnings if m not in stale]
    by_task, general = checks.check_tasks(plan.sections, plan.year)
    for task, message in by_task:
        task.warnings.append(message)
    kept = [message for message in plan.warnings if message not in stale]
    plan.warnings = kept + [message for _task, message in by_task] + general
