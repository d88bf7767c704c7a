"""Ruled tables of a PDF page (任务分工表): ruling lines → grid → cells → TableRow.

A PDF draws a table as line segments (or thin filled rectangles) and places the text of its
cells in between. The grid is rebuilt from the segments: the distinct positions of the vertical
rules are the columns, those of the horizontal rules the rows; a missing rule between two grid
cells means they are merged (a section row across the table, a 责任领导 cell over several rows).
Rows come out as the .docx reader gives them: a merged cell's text in its first column, repeated
down the rows it spans, spans_table set on rows of one cell across the table."""

from __future__ import annotations

import bisect
import ctypes
from collections.abc import Iterable
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

from ..model import Table, TableRow
from .pdf_cells import cell_text
from .pdf_text import Glyph, join_lines

# Rules closer than this (points) are one rule: borders are drawn twice, or 0.5 pt apart.
SNAP = 2.5
# A path thinner than this is a rule, whatever its length.
_THIN = 3.0
# Paths with more segments than this are drawings (charts, seals), not cell borders.
_MAX_SEGMENTS = 64


@dataclass(frozen=True, slots=True)
class Rule:
    horizontal: bool
    position: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


def _path_rules(obj) -> Iterable[Rule]:
    """The horizontal and vertical pieces of a stroked path (cell borders drawn as rectangles);
    ``obj`` is pdfium's raw handle."""
    count = pdfium_c.FPDFPath_CountSegments(obj)
    matrix = pdfium_c.FS_MATRIX()
    if count < 2 or count > _MAX_SEGMENTS or not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float, int, bool]] = []
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        closes = bool(pdfium_c.FPDFPathSegment_GetClose(segment))
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        points.append((px, py, kind, closes))
    start = previous = None
    for px, py, kind, closes in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or previous is None:
            start = previous = (px, py)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            yield from _straight(previous, (px, py))
        previous = (px, py)
        if closes and start is not None:
            yield from _straight(previous, start)
            previous = start


def _straight(p: tuple[float, float], q: tuple[float, float]) -> Iterable[Rule]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= 0.5 and abs(x0 - x1) > _THIN:
        yield Rule(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))
    elif abs(x0 - x1) <= 0.5 and abs(y0 - y1) > _THIN:
        yield Rule(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))


def page_rules(page) -> list[Rule]:
    """The straight rules drawn on a page: thin paths by their bounds (one call each), other
    stroked paths segment by segment. Filled areas (page backgrounds, shading) are not rules.
    Objects are walked through pdfium's raw calls: pypdfium2's get_objects() makes a Python
    object of every one, text included, which took most of the time of a 13-page plan."""
    rules: list[Rule] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        if height <= _THIN < width:
            rules.append(Rule(True, (top.value + bottom.value) / 2, left.value, right.value))
        elif width <= _THIN < height:
            rules.append(Rule(False, (left.value + right.value) / 2, bottom.value, top.value))
        elif width > _THIN and height > _THIN:
            pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
            if stroke.value:
                rules.extend(_path_rules(obj))
    return rules


def _merge(rules: list[Rule]) -> dict[float, list[tuple[float, float]]]:
    """Rules of one direction → {position: [(start, end), …]}, collinear pieces joined."""
    merged: dict[float, list[tuple[float, float]]] = {}
    positions: list[float] = []
    for rule in sorted(rules, key=lambda r: r.position):
        if not positions or rule.position - positions[-1] > SNAP:
            positions.append(rule.position)
            merged[rule.position] = []
        merged[positions[-1]].append((rule.start, rule.end))
    for position, pieces in merged.items():
        pieces.sort()
        joined = [pieces[0]]
        for start, end in pieces[1:]:
            if start <= joined[-1][1] + SNAP:
                joined[-1] = (joined[-1][0], max(joined[-1][1], end))
            else:
                joined.append((start, end))
        merged[position] = joined
    return merged


def _covers(pieces: list[tuple[float, float]], point: float) -> bool:
    return any(start - SNAP <= point <= end + SNAP for start, end in pieces)


@dataclass
class Grid:
    """One ruled table on a page: column edges left to right, row edges top to bottom."""

    xs: list[float]
    ys: list[float]
    horizontal: dict[float, list[tuple[float, float]]]
    vertical: dict[float, list[tuple[float, float]]]
    glyphs: list[Glyph] = field(default_factory=list)
    # Set by table(): for each of its rows, the columns of empty cells merged over several rows.
    merged_blank: list[set[int]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def contains(self, glyph: Glyph) -> bool:
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.y0 + glyph.y1) / 2
        return self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]

    def same_columns(self, other: Grid) -> bool:
        return len(self.xs) == len(other.xs) and all(
            abs(a - b) <= 2 * SNAP for a, b in zip(self.xs, other.xs, strict=True)
        )

    def _has_vertical(self, x: float, row: int) -> bool:
        pieces = self.vertical.get(_nearest(self.vertical, x), [])
        return _covers(pieces, (self.ys[row] + self.ys[row + 1]) / 2)

    def _has_horizontal(self, y: float, column: int) -> bool:
        pieces = self.horizontal.get(_nearest(self.horizontal, y), [])
        return _covers(pieces, (self.xs[column] + self.xs[column + 1]) / 2)

    def table(self) -> Table:
        rows, columns = len(self.ys) - 1, len(self.xs) - 1
        parent = list(range(rows * columns))

        def find(cell: int) -> int:
            while parent[cell] != cell:
                parent[cell] = parent[parent[cell]]
                cell = parent[cell]
            return cell

        for row in range(rows):
            for column in range(columns):
                cell = row * columns + column
                if column + 1 < columns and not self._has_vertical(self.xs[column + 1], row):
                    parent[find(cell + 1)] = find(cell)
                if row + 1 < rows and not self._has_horizontal(self.ys[row + 1], column):
                    parent[find(cell + columns)] = find(cell)
        regions: dict[int, list[int]] = {}
        for cell in range(rows * columns):
            regions.setdefault(find(cell), []).append(cell)
        # Glyphs to the region of the grid cell their centre falls in.
        held: dict[int, list[Glyph]] = {}
        descending = [-y for y in self.ys]
        for glyph in self.glyphs:
            x, y = (glyph.x0 + glyph.x1) / 2, (glyph.y0 + glyph.y1) / 2
            column = min(max(bisect.bisect_right(self.xs, x) - 1, 0), columns - 1)
            row = min(max(bisect.bisect_right(descending, -y) - 1, 0), rows - 1)
            held.setdefault(find(row * columns + column), []).append(glyph)
        texts = [[""] * columns for _ in range(rows)]
        spans = [False] * rows
        blank: list[set[int]] = [set() for _ in range(rows)]
        for root, cells in regions.items():
            first_row = min(cell // columns for cell in cells)
            last_row = max(cell // columns for cell in cells)
            first_column = min(cell % columns for cell in cells)
            last_column = max(cell % columns for cell in cells)
            text = cell_text(held.get(root, []), self.xs[first_column], self.xs[last_column + 1])
            for row in range(first_row, last_row + 1):
                texts[row][first_column] = text  # a merge down repeats, as in the .docx reader
                if columns > 1 and first_column == 0 and last_column == columns - 1:
                    spans[row] = True
                if not text and last_row > first_row:
                    blank[row].add(first_column)  # a merge whose text is on an earlier page
        kept = [row for row in range(rows) if any(texts[row])]
        self.merged_blank = [blank[row] for row in kept]
        return Table(tuple(TableRow(tuple(texts[row]), spans_table=spans[row]) for row in kept))


def _nearest(pieces: dict[float, list[tuple[float, float]]], position: float) -> float:
    best = min(pieces, key=lambda key: abs(key - position), default=position)
    return best if abs(best - position) <= SNAP else position


def find_grids(rules: list[Rule]) -> list[Grid]:
    """The tables a page's rules draw: groups of horizontal and vertical rules that cross, with
    at least two columns (a framed paragraph is one cell, not a table)."""
    horizontal = _merge([rule for rule in rules if rule.horizontal])
    vertical = _merge([rule for rule in rules if not rule.horizontal])
    lines = [(True, y, piece) for y, pieces in horizontal.items() for piece in pieces]
    lines += [(False, x, piece) for x, pieces in vertical.items() for piece in pieces]
    parent = list(range(len(lines)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    flat = [(i, line) for i, line in enumerate(lines) if line[0]]
    upright = [(i, line) for i, line in enumerate(lines) if not line[0]]
    for i, (_h, y, (x_start, x_end)) in flat:
        for j, (_v, x, (y_start, y_end)) in upright:
            if (
                x_start - SNAP <= x <= x_end + SNAP
                and y_start - SNAP <= y <= y_end + SNAP
                and find(i) != find(j)
            ):
                parent[find(j)] = find(i)
    groups: dict[int, list[tuple[bool, float, tuple[float, float]]]] = {}
    for index, line in enumerate(lines):
        groups.setdefault(find(index), []).append(line)
    grids = []
    for members in groups.values():
        xs = sorted({x for is_flat, x, _piece in members if not is_flat})
        ys = sorted({y for is_flat, y, _piece in members if is_flat}, reverse=True)
        if len(xs) < 3 or len(ys) < 2:
            continue
        grids.append(
            Grid(
                xs,
                ys,
                {y: p for is_flat, y, p in _regroup(members, True)},
                {x: p for is_flat, x, p in _regroup(members, False)},
            )
        )
    return sorted(grids, key=lambda grid: -grid.top)


def _regroup(members, flat: bool):
    by_position: dict[float, list[tuple[float, float]]] = {}
    for is_flat, position, piece in members:
        if is_flat == flat:
            by_position.setdefault(position, []).append(piece)
    for position, pieces in by_position.items():
        yield flat, position, sorted(pieces)


def continue_table(
    previous: Table, following: Table, merged_blank: list[set[int]] | None = None
) -> Table:
    """A table carried over a page break: the rows of both, and a row the break cut in two (its
    first cell, the 序号, empty on the new page) joined again, below the header the new page
    may repeat (the task-table reader skips repeated headers). A cell merged down over the
    break (a leader over a section's tasks) prints its text on the first page only; its rows on
    the new page get it again."""
    rows = list(following.rows)
    blank = list(merged_blank or [set() for _ in rows])
    header = []
    if rows and any(rows[0].cells == row.cells for row in previous.rows[:3]):
        header = [rows.pop(0)]
        blank.pop(0)
    rows = _carry_merged_down(previous, rows, blank)
    if (
        rows
        and previous.rows
        and not rows[0].spans_table
        and not rows[0].cells[0].strip()
        and previous.rows[-1].cells[0].strip()
        and not previous.rows[-1].spans_table
        and len(rows[0].cells) == len(previous.rows[-1].cells)
    ):
        cut = previous.rows[-1]
        joined = tuple(
            _join_cut(above, below) for above, below in zip(cut.cells, rows[0].cells, strict=True)
        )
        return Table((*previous.rows[:-1], TableRow(joined), *header, *rows[1:]))
    return Table((*previous.rows, *header, *rows))


def _join_cut(above: str, below: str) -> str:
    if not above or not below:
        return above or below
    if above == below:  # a merged cell repeated on the new page
        return above
    return join_lines(above, below)  # as a line wrapped in the cell: a page break is no sign


def _carry_merged_down(
    previous: Table, rows: list[TableRow], blank: list[set[int]]
) -> list[TableRow]:
    """Fill the empty cells that open a continued table with the text above them, in a column
    where they are merged together, or whose last two rows before the break repeat one text
    (how a merge down reads)."""
    above = [row for row in previous.rows if not row.spans_table]
    if not above or not rows or rows[0].spans_table:
        return rows
    filled = [list(row.cells) for row in rows]
    for column in range(1, len(above[-1].cells)):
        text = above[-1].cells[column]
        repeated = len(above) >= 2 and above[-2].cells[column] == text
        if not text or not (repeated or (blank and column in blank[0])):
            continue
        for index, row in enumerate(rows):
            if row.spans_table or column >= len(row.cells) or row.cells[column]:
                break
            filled[index][column] = text
    return [
        TableRow(tuple(cells), row.spans_table) for cells, row in zip(filled, rows, strict=True)
    ]
