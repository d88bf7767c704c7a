"""A note below a list of points: whose it is, as a person reads it.

    1．深化主题宣传教育。
    ①开展“工会开放日”活动，全年不少于10场；
    ②举办职工大讲堂12期；
    ③开展网上知识竞赛。
    （责任领导：张三；牵头部门：宣教部；完成时限：全年）

The points are one sentence cut into parts ("…；" / "…；" / "…。"), and the note stands below
the last: it is the item's the points are under (1．), and so each point's. Only when no point
has a note of its own: points with notes of their own are tasks each with its note."""

from __future__ import annotations

from .responsibility import extract_notes

# A point of a list cut out of one sentence ends with one of these.
_POINT_END = "；;，,、"


def _has_note(text: str) -> bool:
    return bool(extract_notes(text)[1])


def _is_note(text: str) -> bool:
    """A paragraph that is a note and nothing else."""
    rest, notes = extract_notes(text)
    return bool(notes) and not rest


def lift_list_notes(nodes: list) -> None:
    """Move the notes standing below the last point of a list to the item above the points.
    The nodes are structure._Node (text, paragraphs, children, table_task)."""
    for node in nodes:
        if not node.children:
            continue
        lift_list_notes(node.children)
        *points, last = node.children
        if not points or any(point.children or point.table_task for point in node.children):
            continue
        kept = len(last.paragraphs)
        while kept and _is_note(last.paragraphs[kept - 1]):
            kept -= 1
        below = last.paragraphs[kept:]
        texts = [text for point in points for text in (point.text, *point.paragraphs)]
        if (
            not below
            or any(_has_note(text) for text in [*texts, last.text, *last.paragraphs[:kept]])
            or not all(_cut_from_a_sentence(point) for point in points)
        ):
            continue
        node.paragraphs += below
        del last.paragraphs[kept:]


def _cut_from_a_sentence(point) -> bool:
    """A point ending with "；" or "，": a part of one sentence, not a sentence of its own."""
    return (point.paragraphs or [point.text])[-1].rstrip()[-1:] in _POINT_END
