"""What the Word export, the ledger and the print view share: the plan walked in document
order, the responsibility note as plans write it, file names."""

import re
from dataclasses import dataclass

from django.utils import timezone

from plans.models import Responsibility
from plans.wording.deadlines import deadline_as_written

# The note written after each task, as in the Leshan list:
# "（责任领导：张慧；责任部门：宣教部，机关党委、市教科文卫体工会；完成时限：全年）".
# These words are part of the document, which the importer reads back; they are not translated.
LEADERS_LABEL = "责任领导"
UNITS_LABEL = "责任部门"  # the first unit leads, the rest (after "，") support
LEAD_LABEL = "牵头部门"  # used when more than one unit leads
SUPPORT_LABEL = "配合部门"
DEADLINE_LABEL = "完成时限"
SENTENCE_END = "。！？!?；;…"

_UNSAFE_FILENAME_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class Entry:
    """One paragraph-level item of the plan in document order: a section or a task."""

    depth: int  # 0 for a top-level section; a task has the depth of its section plus one
    section: object = None
    task: object = None


def walk(sections, depth=0):
    """Sections (from ``Plan.section_tree()``) and their tasks in document order: a section,
    its tasks, then its subsections."""
    for section in sections:
        yield Entry(depth, section=section)
        for task in section.task_list:
            yield Entry(depth + 1, task=task)
        yield from walk(section.children, depth + 1)


def responsibilities(task):
    """(leader names, lead unit names, supporting unit names) from the prefetched
    responsibilities, in their order."""
    leaders, lead, supporting = [], [], []
    for responsibility in task.responsibilities.all():
        if responsibility.role == Responsibility.Role.LEADER:
            leaders.append(responsibility.leader.name)
        elif responsibility.role == Responsibility.Role.LEAD:
            lead.append(responsibility.unit.name)
        else:
            supporting.append(responsibility.unit.name)
    return leaders, lead, supporting


def responsibility_note(task):
    """The bracketed note after a task, or "" when nothing is known. One lead unit is written
    "责任部门：牵头，配合、配合"; several lead units get their own field."""
    leaders, lead, supporting = responsibilities(task)
    fields = []
    if leaders:
        fields.append(f"{LEADERS_LABEL}：{'、'.join(leaders)}")
    if len(lead) == 1:
        units = lead[0] + ("，" + "、".join(supporting) if supporting else "")
        fields.append(f"{UNITS_LABEL}：{units}")
    else:
        if lead:
            fields.append(f"{LEAD_LABEL}：{'、'.join(lead)}")
        if supporting:
            fields.append(f"{SUPPORT_LABEL}：{'、'.join(supporting)}")
    deadline = deadline_as_written(task.deadline_text, task.deadline, task.plan.year)
    if deadline:
        fields.append(f"{DEADLINE_LABEL}：{deadline}")
    return f"（{'；'.join(fields)}）" if fields else ""


def task_heading(task):
    """The label and title of a task closed as a sentence: "（一）推进职工书屋建设。"."""
    title = task.title.strip()
    if title and title[-1] not in SENTENCE_END:
        title += "。"
    return f"{task.label}{title}"


def paragraphs(text):
    """The non-empty lines of a text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def filename(plan, extension, suffix=""):
    """A file name for a download: the plan's title, safe on every system."""
    stem = _UNSAFE_FILENAME_RE.sub("_", plan.title).strip(" ._") or f"plan-{plan.pk}"
    return f"{stem[:120]}{suffix}.{extension}"


def issuing_date(plan):
    """The date a plan is issued under: the day it was published (in the project's time zone),
    today for a draft, None when a published plan's day is not known (an old plan imported)."""
    if plan.published_at is not None:
        return timezone.localtime(plan.published_at).date()
    return timezone.localdate() if plan.status == plan.Status.DRAFT else None
