"""Cells merged down in a task table drawn without rules (pdf_borderless.py): a 责任领导, a
牵头部门 or a 完成时限 written once beside several rows, read for each of them as a person reads
it.

Nothing on the page marks the merge: Word and WPS print a merged cell's text once, at the top of
the cell or in its middle, and leave the rows beside it empty in that column. Only the columns
that every task fills are read so — the leader, the lead or responsible units and the deadline;
an empty 配合部门 means no supporting unit. Within the rows between two section rows (a merged
cell never crosses one):

- a text standing at the top of its row reaches down over the empty cells below it, up to the
  next text of its column;
- a text standing lower (a cell centred top to bottom) reaches as far above its middle as below:
  of the empty cells around it, it takes the rows whose middle is its own, the most rows where
  several would do (a leader written once beside three rows of one line each).

Empty cells that open a table's part on a page, before any text in their column, are merged
with the cell above them on the page before: pdf_tables.continue_table fills them."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import TableRow
from ..tables import DEADLINE, LEAD, LEADERS, UNITS

MERGED_ROLES = frozenset((LEADERS, LEAD, UNITS, DEADLINE))
# A text closer than this share of a line's height below the top of its row stands at the top.
_AT_TOP = 0.5
# Spans whose middles are this share of a line's height apart fit a text alike.
_ALIKE = 0.3
# A centred text is looked for in at most this many rows above and below it: a page holds
# fewer, and the search stays bounded on a page of a thousand tiny rows.
_MAX_SPAN = 50


@dataclass(frozen=True)
class Placed:
    """A row as it stands on the page (PDF points, y upwards): its top and bottom, and the top
    and bottom of each cell's text (None for an empty cell)."""

    top: float
    bottom: float
    ink: tuple[tuple[float, float] | None, ...]


def fill_merged(
    rows: list[TableRow],
    placed: list[Placed | None],
    columns: list[int],
    centred: bool,
    size: float,
) -> tuple[list[TableRow], list[set[int]]]:
    """``rows`` with the text of each merged cell in every row it spans; and for each row, the
    columns where it is empty and merged with the cell above it on the page before (its first
    row only). ``placed`` is None for a header or section row; ``columns`` are those read for
    merges; ``centred``: every cell stands in the middle of its row; ``size``: a line's
    height."""
    cells = [list(row.cells) for row in rows]
    groups: list[list[int]] = [[]]
    for index, place in enumerate(placed):
        if place is not None:
            groups[-1].append(index)
        elif groups[-1]:
            groups.append([])
    for column in columns:
        for group in groups:
            _fill(cells, placed, group, column, centred, size)
    opening: list[set[int]] = [set() for _ in rows]
    first = next((index for index, place in enumerate(placed) if place is not None), None)
    if first is not None and not any(row.spans_table for row in rows[:first]):
        opening[first] = {column for column in columns if not cells[first][column]}
    filled = [
        TableRow(tuple(texts), row.spans_table) for texts, row in zip(cells, rows, strict=True)
    ]
    return filled, opening


def _fill(
    cells: list[list[str]],
    placed: list[Placed | None],
    group: list[int],
    column: int,
    centred: bool,
    size: float,
) -> None:
    """Spread each text of ``column`` over the empty cells of ``group`` (row indexes between two
    section rows) that its merged cell spans."""
    texts = [position for position, row in enumerate(group) if cells[row][column]]
    free = 0  # the first position no text has taken yet
    for number, position in enumerate(texts):
        end = texts[number + 1] if number + 1 < len(texts) else len(group)
        row = placed[group[position]]
        ink = row.ink[column] if row is not None else None
        if row is None or ink is None:
            continue
        if not centred and row.top - ink[0] <= _AT_TOP * size:
            first, last = position, end - 1
        else:
            first, last = _centred_span(placed, group, free, position, end, ink, size)
        text = cells[group[position]][column]
        for other in range(first, last + 1):
            cells[group[other]][column] = text
        free = last + 1


def _centred_span(
    placed: list[Placed | None],
    group: list[int],
    free: int,
    position: int,
    end: int,
    ink: tuple[float, float],
    size: float,
) -> tuple[int, int]:
    """The first and last positions of the rows around ``position`` (from ``free`` on, before
    ``end``) whose middle is the middle of the text, the most rows among those that fit alike."""
    middle = (ink[0] + ink[1]) / 2
    fits: list[tuple[float, int, int]] = []
    for first in range(max(free, position - _MAX_SPAN), position + 1):
        for last in range(position, min(end, position + _MAX_SPAN + 1)):
            top, bottom = placed[group[first]], placed[group[last]]
            assert top is not None and bottom is not None
            fits.append((abs((top.top + bottom.bottom) / 2 - middle), first, last))
    best = min(fit for fit, _first, _last in fits)
    alike = [
        (last - first, first, last) for fit, first, last in fits if fit <= best + _ALIKE * size
    ]
    _rows, first, last = max(alike)
    return first, last
