"""The plan page's document, prepared once in Python so that the template does no work per
task: the sections flattened in document order (no include per section or task), and for each
task its link, its responsibility note and its deadline already written.

A plan of a province's federation has thousands of tasks; an ``{% include %}``, four
``{% translate %}``, three ``|join``, a ``reverse()`` and a ``|date`` per task made up most of
the page's time (docs/performance.md)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from plans.exporting.common import responsibilities

# reverse() once per page: a task's address is this with its id in place of the placeholder.
_PLACEHOLDER = 2147483647


@dataclass
class Block:
    """A section as the page shows it: its heading level, its tasks, and how many
    ``</section>`` close after it (itself and the ancestors it is the last part of)."""

    section: object
    depth: int
    tasks: list
    closes: list = field(default_factory=list)


def _note(task, words):
    leaders, lead, supporting = responsibilities(task)
    if not (leaders or lead or supporting or task.deadline_text):
        return ""
    parts = []
    for label, names in (
        (words["leaders"], leaders),
        (words["lead"], lead),
        (words["supporting"], supporting),
    ):
        if names:
            parts.append(f"{label}：{'、'.join(names)}；")
    parts.append(f"{words['deadline']}：{task.deadline_text or words['not set']}")
    return f"（{''.join(parts)}）"


def outline(sections):
    """The blocks of a ``Plan.section_tree()`` (its tasks marked ``openable``) in document
    order. Each task gets ``url``, ``note`` (the bracketed responsibility note, "" when nothing
    is known) and ``deadline_iso``."""
    words = {
        "leaders": _("Responsible leader"),
        "lead": _("Lead unit"),
        "supporting": _("Supporting units"),
        "deadline": _("Deadline"),
        "not set": _("not set"),
    }
    pattern = reverse("tasks:detail", args=[_PLACEHOLDER])
    blocks = []

    def visit(section, depth):
        for task in section.task_list:
            task.url = pattern.replace(str(_PLACEHOLDER), str(task.pk))
            task.note = _note(task, words)
            task.deadline_iso = task.deadline.isoformat() if task.deadline else ""
        blocks.append(Block(section, depth, section.task_list))
        for child in section.children:
            visit(child, 3)
        # The section ends after its last block, the deepest last descendant's.
        blocks[-1].closes.append(None)

    for section in sections:
        visit(section, 2)
    return blocks
