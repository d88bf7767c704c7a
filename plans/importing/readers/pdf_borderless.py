"""Task tables of a PDF drawn without ruling lines (任务分工表 set out by position alone, or with
a rule above and below only): header → columns → rows from the 序号 column → cells.

Nothing on such a page says where a column ends, and every line of the page runs across all the
columns. The header row says it: its words, split where the line leaves a gap, name the columns
as the Excel reader recognises them (tables.is_header_row; a name wrapped in its cell, "完成" over
"时限", or spaced out, "序  号", is joined again). Between two names lies a strip in which no
line of the table writes: the boundary of the two columns, wherever the names stand in them. A
line that writes across a strip ends the table, unless it opens in the first column and a
numbered row follows (a section row across the table, "一、思想引领"); so does a gap of several
lines. A row starts at a line with text in the 序号 column — cells set at the top, as Word and
WPS set them — or, where the 序号 stands in the middle of its row (cells centred vertically),
the row reaches as far below it as above. A cell's lines are joined as a ruled cell's are
(pdf_cells.cell_text). A table reaching the foot of a page goes on at the top of the next,
below its header repeated or without one.

pdfplumber finds such tables with its "text" strategy, but took ~770 ms for 7 pages and gives
each line of a wrapped cell as a row of its own and a section row cut into columns, so its
output would need this reading all the same (bench/README.md)."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from plans.wording.labels import bare_label

from ..limits import Budget
from ..model import Table, TableRow
from ..tables import LABEL, column_roles, is_header_row
from .pdf_cells import cell_text
from .pdf_text import Glyph, Line, join_lines

# Two words of a header line further apart than this share of its height are two names.
_NAME_GAP = 0.6
# Two pieces of a spaced-out name ("序  号", "完 成 时 限") are at most this far apart.
_SPACED_NAME = 1.2
_SHORT_PIECE = 2
# A header name is at most this long (tables.py reads cells of up to 12 characters as names).
_NAME_LENGTH = 12
# A header wraps over at most this many lines, each closer to the one above than this share of
# its height.
_HEADER_LINES = 3
_HEADER_LEADING = 0.9
# The strip between two columns is at least this share of the line height wide: cell padding
# leaves about one character; spaces between Latin words are a quarter of one.
_GUTTER = 0.6
# A gap of this many line heights below the table's last line ends it.
_END_GAP = 3.0
# A section row across the table takes at most this many lines.
_SECTION_LINES = 2
# The lines of a row set in the middle of its cells may come before its 序号: after a section
# row, this many lines wait for it.
_WAITING_LINES = 8
# Pieces of a strip narrower than this (points) are dropped: slivers between glyphs.
_SLIVER = 0.5


@dataclass(slots=True)
class _Name:
    """A header cell: its text and where it stands."""

    text: str
    x0: float
    x1: float


@dataclass
class Layout:
    """The columns of one table, shared by its pieces on successive pages."""

    names: list[_Name]
    label: int  # the 序号 column
    size: float  # the height of the header's lines
    # Between each two columns, the pieces of the strip no line of the table has written in.
    free: list[list[tuple[float, float]]]
    # Cells centred vertically: the 序号 stands in the middle of its row.
    centred: bool | None = None
    # The leftmost and rightmost ink of each column's cells, over the whole table.
    extents: dict[int, tuple[float, float]] = field(default_factory=dict)

    def bounds(self) -> list[float]:
        """The boundary between each two columns: the middle of the widest free piece."""
        return _middles(self.free)

    def matches(self, other: Layout) -> bool:
        return [n.text for n in self.names] == [n.text for n in other.names] and all(
            abs(a.x0 - b.x0) <= 3 and abs(a.x1 - b.x1) <= 3
            for a, b in zip(self.names, other.names, strict=True)
        )


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
        layout = self.layout
        width = len(layout.names)
        rows: list[TableRow] = []
        if self.header:
            rows.append(TableRow(tuple(name.text for name in layout.names)))
        bounds = layout.bounds()
        for lines, across in _rows(self.lines, layout, bounds):
            if across:
                text = ""
                for line in lines:
                    text = join_lines(text, line.text.strip()) if text else line.text.strip()
                rows.append(TableRow((text,) + ("",) * (width - 1), spans_table=True))
                continue
            held: list[list[Glyph]] = [[] for _ in range(width)]
            for line in lines:
                for glyph in line.glyphs:
                    held[_column(glyph, bounds)].append(glyph)
            cells = []
            for column, glyphs in enumerate(held):
                left, right = layout.extents.get(column, (0.0, 0.0))
                cells.append(cell_text(glyphs, left, right))
            if any(cells):
                rows.append(TableRow(tuple(cells)))
        self.merged_blank = [set() for _ in rows]
        return Table(tuple(rows))


def _width(piece: tuple[float, float]) -> float:
    return piece[1] - piece[0]


def _column(glyph: Glyph, bounds: list[float]) -> int:
    return bisect.bisect_right(bounds, (glyph.x0 + glyph.x1) / 2)


# --- The header -------------------------------------------------------------------------------


def _words(line: Line) -> list[_Name]:
    """The line cut where it leaves a gap wider than a name's; spaced-out names joined."""
    gap = _NAME_GAP * line.size
    runs: list[list[Glyph]] = [[line.glyphs[0]]]
    for before, glyph in itertools.pairwise(line.glyphs):
        if glyph.x0 - before.x1 > gap:
            runs.append([glyph])
        else:
            runs[-1].append(glyph)
    words = [_Name("".join(g.char for g in run), run[0].x0, run[-1].x1) for run in runs]
    joined = words[:1]
    for word in words[1:]:
        last = joined[-1]
        if (
            word.x0 - last.x1 <= _SPACED_NAME * line.size
            and len(word.text) <= _SHORT_PIECE
            and _joins(last.text, word.text)
        ):
            joined[-1] = _Name(last.text + word.text, last.x0, word.x1)
        else:
            joined.append(word)
    return joined


def _role(text: str) -> str | None:
    return column_roles(TableRow((text,))).get(0)


def _joins(first: str, second: str) -> bool:
    """Two pieces make one name: together they name a column, and apart they do not name two
    different ones ("完成" + "时限", "序" + "号"; not "责任领导" + "牵头部门")."""
    together = _role(first + second)
    if together is None:
        return False
    one, two = _role(first), _role(second)
    return one is None or two is None or one == two


def _header_at(lines: list[Line], start: int) -> tuple[Layout, int] | None:
    """The header that starts with ``lines[start]``, and the index of the line after it. A name
    centred in a taller cell may stand alone on the header's first line ("责任领" above the
    others' line, "导" below it)."""
    first = lines[start]
    names = _words(first)
    if any(len(name.text) > _NAME_LENGTH for name in names):
        return None
    window = [first]
    for line in lines[start + 1 : start + _HEADER_LINES]:
        if window[-1].y0 - line.y1 > _HEADER_LEADING * line.size:
            break
        window.append(line)
    roles = {_role(word.text) for line in window for word in _words(line)}
    if len(roles - {None}) < 2:
        return None  # quickly: no header names two columns within these lines
    end = start + 1
    while end < start + len(window):
        wider = _extend(names, lines[end])
        if wider is None:
            break
        names, end = wider, end + 1
    row = TableRow(tuple(name.text for name in names))
    column_role = column_roles(row)
    if len(names) < 3 or not is_header_row(row) or LABEL not in column_role.values():
        return None
    Budget.columns(len(names))
    free = []
    for left, right in itertools.pairwise(names):
        if right.x0 - left.x1 < _GUTTER * first.size:
            return None
        free.append([(left.x1, right.x0)])
    label = next(column for column, role in column_role.items() if role == LABEL)
    return Layout(names, label, first.size, free), end


def _extend(names: list[_Name], line: Line) -> list[_Name] | None:
    """The header's names with ``line`` (close below them) as one more line of it, or None when
    the line is not part of the header: it holds a long text or a number, or adds no name."""
    words = _words(line)
    if any(len(word.text) > _NAME_LENGTH or bare_label(word.text) for word in words):
        return None
    wider = [_Name(name.text, name.x0, name.x1) for name in names]
    kept = True  # every word falls under a name and the name keeps naming its column
    for word in words:
        under = [name for name in wider if word.x0 < name.x1 and word.x1 > name.x0]
        if len(under) > 1:
            return None
        if not under:
            wider.append(word)
            kept = False
            continue
        name = under[0]
        role = _role(name.text)
        name.text, name.x0, name.x1 = (
            name.text + word.text,
            min(name.x0, word.x0),
            max(name.x1, word.x1),
        )
        kept = kept and role is not None and _role(name.text) == role
    wider.sort(key=lambda name: name.x0)
    before = set(column_roles(TableRow(tuple(n.text for n in names))).values())
    after = set(column_roles(TableRow(tuple(n.text for n in wider))).values())
    if not (after > before or (kept and after == before)):
        return None
    return wider


def header_lines(pages: list[list[Line]]) -> set[int]:
    """The ids of the lines that head a table without rules: kept where running headers are
    dropped, though a table repeats its header at the top of each page."""
    found: set[int] = set()
    for lines in pages:
        for index in range(len(lines)):
            header = _header_at(lines, index)
            if header:
                found.update(id(line) for line in lines[index : header[1]])
    return found


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
        if max(_width(piece) for piece in pieces) < _GUTTER * size:
            return None
        result.append(pieces)
    return result


def _label_text(line: Line, layout: Layout, bounds: list[float]) -> str:
    return "".join(g.char for g in line.glyphs if _column(g, bounds) == layout.label)


def _take(
    lines: list[Line], start: int, layout: Layout, above: Line | None
) -> tuple[list[tuple[Line, bool]], int]:
    """The table's lines from ``lines[start]`` on, each marked when it is a section row across
    the table, and how many of the last ones wait for the next page to say they are; narrows
    the layout's free strips. Lines across the strips are a section row only when a numbered
    row follows them (its 序号 may stand a few lines down, in the middle of its row), perhaps
    on the next page; a row's 序号 is a number or a label ("3", "一", "（二）"): anything else
    there is text below the table."""
    taken: list[tuple[Line, bool]] = []
    waiting: list[tuple[Line, bool]] = []  # a section row and the lines after it, until a 序号
    free = kept = layout.free
    for line in lines[start:]:
        if above is not None and above.y0 - line.y1 > _END_GAP * layout.size:
            break
        after = _cut(free, line, layout.size)
        if after is not None:
            number = _label_text(line, layout, _middles(after))
            if number and not bare_label(number):
                break
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
            and bisect.bisect_right(_middles(free), line.x0) == 0
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


def _middles(free: list[list[tuple[float, float]]]) -> list[float]:
    return [sum(max(pieces, key=_width)) / 2 for pieces in free]


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
    lines: list[Line], start: int, going_on: LooseTable | None
) -> tuple[LooseTable, int] | None:
    """The table (or the part of one) at ``lines[start]``, and the index of the line after it:
    below a header, or, at the top of a page, going on from the foot of the last page."""
    header = _header_at(lines, start)
    if header is not None:
        layout, body = header
        if going_on is not None and layout.matches(going_on.layout):
            layout = going_on.layout
        above: Line | None = lines[body - 1]
    elif going_on is not None:
        layout, body, above = going_on.layout, start, None
    else:
        return None
    taken, tentative = _take(lines, body, layout, above)
    if not taken:
        return None
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


def find_tables(pages: list[list[Line]]) -> tuple[list[list[Line]], list[list[LooseTable]]]:
    """Each page's lines without those of its tables without rules, and those tables."""
    kept_pages: list[list[Line]] = []
    tables: list[list[LooseTable]] = []
    going_on: LooseTable | None = None  # a table that reached the foot of the last page
    for lines in pages:
        kept: list[Line] = []
        found: list[LooseTable] = []
        index, at_foot = 0, False
        while index < len(lines):
            piece = _piece(lines, index, going_on if index == 0 else None)
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
    return kept_pages, tables


def _release(table: LooseTable, kept: list[Line], found: list[LooseTable]) -> None:
    """The lines at the foot of a page that waited for the table to go on, given back to the
    page's text: it did not go on."""
    kept.extend(line for line, _across in table.lines[-table.tentative :])
    del table.lines[-table.tentative :]
    table.tentative = 0
    if not table.lines:
        found.remove(table)
