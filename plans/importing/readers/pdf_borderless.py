"""Task tables of a PDF drawn without ruling lines (任务分工表 set out by position alone, or with
a rule above and below only): header → columns → rows from the 序号 column → cells.

Nothing on such a page says where a column ends, and every line of the page runs across all the
columns. The header row says it (pdf_header.py): the strips between its names in which no line
of the table writes are the boundaries of the columns. A line that writes across a strip ends
the table, unless it opens in the first column and a numbered row follows (a section row across
the table, "一、思想引领工作的重点任务"); so does a gap of several lines, or text in the 序号 column
that is no number or label — unless a numbered row follows it: a section row too short to
reach the next column ("一、思想引领"). A row starts at a line with text in the 序号 column —
cells set at the top, as Word and WPS set them — or, where the 序号 stands in the middle of its
row (cells centred vertically), the row reaches as far below it as above. A cell's lines are
joined as a ruled cell's are (pdf_cells.cell_text). A table reaching the foot of a page goes on
at the top of the next, below its header repeated or without one. A leader, a unit or a
deadline written once beside several rows, a merged cell nothing marks, is read for each of
them (pdf_merged.py).

pdfplumber finds such tables with its "text" strategy, but took ~770 ms for 7 pages and gives
each line of a wrapped cell as a row of its own and a section row cut into columns, so its
output would need this reading all the same (bench/README.md)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from plans.wording.labels import bare_label

from ..model import Table, TableRow
from ..tables import column_roles, section_row
from .pdf_cells import cell_text
from .pdf_header import GUTTER, Layout, find_headers, middles, width
from .pdf_merged import MERGED_ROLES, Placed, fill_merged
from .pdf_text import Glyph, Line, join_lines

# A gap of this many line heights below the table's last line ends it.
_END_GAP = 3.0
# A section row across the table takes at most this many lines.
_SECTION_LINES = 2
# The lines of a row set in the middle of its cells may come before its 序号: after a section
# row, this many lines wait for it.
_WAITING_LINES = 8
# Pieces of a strip narrower than this (points) are dropped: slivers between glyphs.
_SLIVER = 0.5


@dataclass
class LooseTable:
    """One table without rules on one page: its header (when the page repeats it or the table
    starts here) and its lines, each marked when it is a section row across the table."""

    layout: Layout
    header: bool
    lines: list[tuple[Line, bool]]
    top: float
    # The last lines, a section row at the foot of the page, belong to the table only if it
    # goes on at the top of the next.
    tentative: int = 0
    merged_blank: list[set[int]] = field(default_factory=list)

    def same_columns(self, other: LooseTable) -> bool:
        return self.layout is other.layout

    def table(self) -> Table:
        """The rows as the .docx reader gives them: the header's names (on the page that shows
        it), a section row's text in its first cell with spans_table set, each cell's lines
        joined."""
        layout = self.layout
        columns = len(layout.names)
        rows: list[TableRow] = []
        placed: list[Placed | None] = []  # where each row stands: merged cells are read from it
        if self.header:
            rows.append(TableRow(tuple(name.text for name in layout.names)))
            placed.append(None)
        bounds = layout.bounds()
        for lines, across in _rows(self.lines, layout, bounds):
            if across:
                text = ""
                for line in lines:
                    text = join_lines(text, line.text.strip()) if text else line.text.strip()
                rows.append(TableRow((text,) + ("",) * (columns - 1), spans_table=True))
                placed.append(None)
                continue
            held: list[list[Glyph]] = [[] for _ in range(columns)]
            for line in lines:
                for glyph in line.glyphs:
                    held[_column(glyph, bounds)].append(glyph)
            cells = []
            for column, glyphs in enumerate(held):
                left, right = layout.extents.get(column, (0.0, 0.0))
                cells.append(cell_text(glyphs, left, right))
            if any(cells):
                rows.append(TableRow(tuple(cells)))
                if section_row(rows[-1], layout.label):  # "二、" in the 序号 column: a heading
                    placed.append(None)
                    continue
                ink = tuple(
                    (max(g.y1 for g in glyphs), min(g.y0 for g in glyphs)) if text else None
                    for glyphs, text in zip(held, cells, strict=True)
                )
                top, bottom = max(line.y1 for line in lines), min(line.y0 for line in lines)
                placed.append(Placed(top, bottom, ink))
        roles = column_roles(TableRow(tuple(name.text for name in layout.names)))
        merged = [column for column, role in roles.items() if role in MERGED_ROLES]
        filled, self.merged_blank = fill_merged(
            rows, placed, merged, bool(layout.centred), layout.size
        )
        return Table(tuple(filled))


def _column(glyph: Glyph, bounds: list[float]) -> int:
    return bisect.bisect_right(bounds, (glyph.x0 + glyph.x1) / 2)


# --- The table's lines ------------------------------------------------------------------------


def _cut(free: list[list[tuple[float, float]]], line: Line, size: float):
    """The free pieces left once ``line`` is written, or None when it writes across a strip."""
    result = []
    for pieces in free:
        low, high = pieces[0][0], pieces[-1][1]
        for glyph in line.glyphs:
            if glyph.x1 <= low or glyph.x0 >= high:
                continue
            pieces = [
                part
                for start, end in pieces
                for part in ((start, min(end, glyph.x0)), (max(start, glyph.x1), end))
                if part[1] - part[0] >= _SLIVER
            ]
            if not pieces:
                return None
        if max(width(piece) for piece in pieces) < GUTTER * size:
            return None
        result.append(pieces)
    return result


def _label_text(line: Line, layout: Layout, bounds: list[float]) -> str:
    return "".join(g.char for g in line.glyphs if _column(g, bounds) == layout.label)


def _take(
    lines: list[Line], start: int, layout: Layout, above: Line | None, headers: dict
) -> tuple[list[tuple[Line, bool]], int]:
    """The table's lines from ``lines[start]`` on, each marked when it is a section row across
    the table, and how many of the last ones wait for the next page to say they are; narrows
    the layout's free strips. Lines across the strips are a section row only when a numbered
    row follows them (its 序号 may stand a few lines down, in the middle of its row), perhaps
    on the next page; a row's 序号 is a number or a label ("3", "一", "（二）"): anything else
    there is text below the table. A table's header (``headers``, by the id of its first line)
    starts another table: the lines waiting above it are a heading between the two."""
    taken: list[tuple[Line, bool]] = []
    waiting: list[tuple[Line, bool]] = []  # a section row and the lines after it, until a 序号
    free = kept = layout.free
    for line in lines[start:]:
        if above is not None and above.y0 - line.y1 > _END_GAP * layout.size:
            break
        if id(line) in headers:
            break
        after = _cut(free, line, layout.size)
        # A section row short enough to leave the strips free ("一、思想引领") writes words, not
        # a number, in the 序号 column: a section row as one across the table.
        number = _label_text(line, layout, middles(after)) if after is not None else ""
        if number and not bare_label(number):
            after = None
        if after is not None:
            free = after
            if waiting and not number:
                if len(waiting) >= _WAITING_LINES:
                    break
                waiting.append((line, False))
            else:
                taken += [*waiting, (line, False)]
                waiting, kept = [], free
        elif (
            len(waiting) < _SECTION_LINES
            and all(across for _line, across in waiting)
            and bisect.bisect_right(middles(free), line.x0) == 0
        ):
            waiting.append((line, True))
        else:
            break
        above = line
    else:  # the foot of the page: a section row there heads the rows of the next
        if waiting and all(across for _line, across in waiting):
            layout.free = kept
            return taken + waiting, len(waiting)
    layout.free = kept
    return taken, 0


def _rows(lines: list[tuple[Line, bool]], layout: Layout, bounds: list[float]):
    """The table's lines → rows, each (lines, whether it is a section row across the table)."""
    numbered = [not across and bool(_label_text(line, layout, bounds)) for line, across in lines]
    # Whether a numbered line follows before the next section row: after the last one, every
    # line belongs to the last row, whatever its cells' alignment (a row cut by the page's foot).
    ahead, follows = [False] * len(lines), False
    for index in range(len(lines) - 1, -1, -1):
        ahead[index] = follows
        follows = (follows or numbered[index]) and not lines[index][1]
    rows: list[tuple[list[Line], bool]] = []
    top = middle = 0.0  # the open row's top edge and the middle of its 序号, when centred
    has_number = False  # whether the open row has its 序号 yet
    for index, (line, across) in enumerate(lines):
        if across:
            if rows and rows[-1][1]:
                rows[-1][0].append(line)
            else:
                rows.append(([line], True))
            continue
        open_row = bool(rows) and not rows[-1][1]
        if layout.centred:
            # A row reaches as far below its 序号 as above it.
            inside = (line.y0 + line.y1) / 2 > 2 * middle - top or not ahead[index]
            if open_row and not (numbered[index] and has_number) and (not has_number or inside):
                rows[-1][0].append(line)
            else:
                rows.append(([line], False))
                top, has_number = line.y1, False
            if numbered[index]:
                middle, has_number = (line.y0 + line.y1) / 2, True
        elif open_row and not numbered[index]:
            rows[-1][0].append(line)
        else:
            rows.append(([line], False))
    return rows


def _measure(layout: Layout, taken: list[tuple[Line, bool]]) -> None:
    """Widen each column's extents by the ink of the lines just taken."""
    bounds = layout.bounds()
    for line, across in taken:
        if across:
            continue
        for glyph in line.glyphs:
            column = _column(glyph, bounds)
            left, right = layout.extents.get(column, (glyph.x0, glyph.x1))
            layout.extents[column] = (min(left, glyph.x0), max(right, glyph.x1))


def _piece(
    lines: list[Line],
    start: int,
    going_on: LooseTable | None,
    headers: dict[int, tuple[Layout, list[Line]]],
) -> tuple[LooseTable, int] | None:
    """The table (or the part of one) at ``lines[start]``, and the index of the line after it:
    below a header, or, at the top of a page, going on from the foot of the last page."""
    header = headers.get(id(lines[start]))
    if header is not None:
        here = lines[start : start + len(header[1])]
        if [id(line) for line in here] != [id(line) for line in header[1]]:
            header = None  # a line of it was dropped as a running header: not a header here
    if header is not None:
        layout, body = header[0], start + len(header[1])
        if going_on is not None and layout.matches(going_on.layout):
            layout = going_on.layout
        above: Line | None = lines[body - 1]
    elif going_on is not None:
        layout, body, above = going_on.layout, start, None
    else:
        return None
    taken, tentative = _take(lines, body, layout, above, headers)
    if all(across for _line, across in taken):
        return None  # nothing in the columns: a header alone, or text across the page
    if layout.centred is None:  # a new table
        bounds = layout.bounds()
        if not any(_label_text(line, layout, bounds) for line, across in taken if not across):
            return None  # no numbered row under the header: not a task table
        layout.centred = _is_centred(taken, layout, bounds)
    _measure(layout, taken)
    table = LooseTable(layout, header is not None, taken, lines[start].y1, tentative)
    return table, body + len(taken)


def _is_centred(taken: list[tuple[Line, bool]], layout: Layout, bounds: list[float]) -> bool:
    """Whether cells stand in the middle of their rows: a row (the first under the header or
    under a section row) does not open with its 序号."""
    opens = True
    for line, across in taken:
        if across:
            opens = True
        elif opens and not _label_text(line, layout, bounds):
            return True
        else:
            opens = False
    return False


def find_tables(
    pages: list[list[Line]], headers: dict[int, tuple[Layout, list[Line]]] | None = None
) -> tuple[list[list[Line]], list[list[LooseTable]]]:
    """Each page's lines without those of its tables without rules, and those tables; the
    headers found before (pdf_header.find_headers), or found here."""
    if headers is None:
        headers = find_headers(pages)
    kept_pages: list[list[Line]] = []
    tables: list[list[LooseTable]] = []
    going_on: LooseTable | None = None  # a table that reached the foot of the last page
    for lines in pages:
        kept: list[Line] = []
        found: list[LooseTable] = []
        index, at_foot = 0, False
        while index < len(lines):
            piece = _piece(lines, index, going_on if index == 0 else None, headers)
            if piece is None:
                kept.append(lines[index])
                index, at_foot = index + 1, False
                continue
            table, index = piece
            found.append(table)
            at_foot = True
        went_on = bool(found) and going_on is not None and found[0].layout is going_on.layout
        if going_on is not None and going_on.tentative and not went_on:
            _release(going_on, kept_pages[-1], tables[-1])
        going_on = found[-1] if at_foot else None
        kept_pages.append(kept)
        tables.append(found)
    if going_on is not None and going_on.tentative:  # the last page: nothing goes on
        _release(going_on, kept_pages[-1], tables[-1])
    return kept_pages, tables


def _release(table: LooseTable, kept: list[Line], found: list[LooseTable]) -> None:
    """The lines at the foot of a page that waited for the table to go on, given back to the
    page's text: it did not go on."""
    kept.extend(line for line, _across in table.lines[-table.tentative :])
    del table.lines[-table.tentative :]
    table.tentative = 0
    if not table.lines:
        found.remove(table)
