"""Run-in tasks: paragraphs under a numbered item that each open with a short sentence naming
their work, as a person reads them.

    （一）加强宣传机制建设
    建立健全媒体沟通机制。与市属媒体建立联席会议制度……
    完善新闻发布制度。每季度召开一次新闻发布会……

Numbered like a task, （一） is in fact a section, and each paragraph a task whose title is its
run-in sentence. Only when every paragraph under the item opens that way (notes aside), and the
item's own text is a title alone: a task whose body runs over several paragraphs stays one."""

from __future__ import annotations

from .headings import split_title
from .responsibility import extract_notes, starts_with_note
from .text import SENTENCE_END

RUN_IN = "run_in"  # the numbering family of the tasks made here: they have no label
# A run-in sentence names a piece of work: "建立健全媒体沟通机制。" — short.
_RUN_IN_MAX = 24
_RUN_IN_MIN = 4
_MIN_TASKS = 2


def opens_with_run_in(paragraph: str) -> bool:
    """Whether a paragraph opens with a short sentence naming a piece of work."""
    text, _notes = extract_notes(paragraph)
    end = next((i for i, char in enumerate(text) if char in SENTENCE_END), None)
    return (
        end is not None
        and _RUN_IN_MIN <= end <= _RUN_IN_MAX
        and text[end] == "。"
        and not any(char in "，,：:" for char in text[:end])
        and bool(text[end + 1 :].strip())
    )


def _is_run_in_list(node) -> bool:
    title, _notes = extract_notes(node.text)
    if not title or split_title(title)[1]:
        return False  # no title, or the item has a body of its own
    paragraphs = [p for p in node.paragraphs if not starts_with_note(p)]
    return len(paragraphs) >= _MIN_TASKS and all(opens_with_run_in(p) for p in paragraphs)


def expand_run_ins(nodes: list) -> None:
    """Turn each childless item whose paragraphs are run-in tasks into a section of them. The
    nodes are structure._Node; a note standing alone under the item stays with it, so that its
    tasks inherit it."""
    for node in nodes:
        if node.children:
            expand_run_ins(node.children)
        elif node.table_task is None and _is_run_in_list(node):
            node.children = [
                type(node)("", RUN_IN, paragraph)
                for paragraph in node.paragraphs
                if not starts_with_note(paragraph)
            ]
            node.paragraphs = [p for p in node.paragraphs if starts_with_note(p)]
