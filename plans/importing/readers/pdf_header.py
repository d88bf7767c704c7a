"""The header of a task table drawn without ruling lines (pdf_borderless.py): its names → the
columns' layout.

The header row names the columns as the Excel reader recognises them (tables.is_header_row): its
words, split where the line leaves a gap, are the names; a name wrapped in its cell ("完成" over
"时限") or spaced out ("序  号") is joined again, and a name centred in a taller cell may stand
alone on a line of its own above or below the others. Between two names lies a strip in which no
line of the table will write: the boundary of the two columns, wherever the names stand in
them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from plans.wording.labels import bare_label

from ..limits import Budget
from ..model import TableRow
from ..tables import LABEL, column_roles, is_header_row
from .pdf_text import Glyph, Line

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
# Characters of the 序号 column's name (序号, 编号, 序, 号), without which there is no header.
_NUMBER_NAME = "序号"
# The strip between two columns is at least this share of the line height wide: cell padding
# leaves about one character; spaces between Latin words are a quarter of one.
GUTTER = 0.6


@dataclass(slots=True)
class Name:
    """A header cell: its text and where it stands."""

    text: str
    x0: float
    x1: float


@dataclass
class Layout:
    """The columns of one table, shared by its pieces on successive pages."""

    names: list[Name]
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
        return middles(self.free)

    def matches(self, other: Layout) -> bool:
        return [n.text for n in self.names] == [n.text for n in other.names] and all(
            abs(a.x0 - b.x0) <= 3 and abs(a.x1 - b.x1) <= 3
            for a, b in zip(self.names, other.names, strict=True)
        )


def width(piece: tuple[float, float]) -> float:
    return piece[1] - piece[0]


def middles(free: list[list[tuple[float, float]]]) -> list[float]:
    return [sum(max(pieces, key=width)) / 2 for pieces in free]


def _words(line: Line) -> list[Name]:
    """The line cut where it leaves a gap wider than a name's; spaced-out names joined."""
    gap = _NAME_GAP * line.size
    runs: list[list[Glyph]] = [[line.glyphs[0]]]
    for before, glyph in itertools.pairwise(line.glyphs):
        if glyph.x0 - before.x1 > gap:
            runs.append([glyph])
        else:
            runs[-1].append(glyph)
    words = [Name("".join(g.char for g in run), run[0].x0, run[-1].x1) for run in runs]
    joined = words[:1]
    for word in words[1:]:
        last = joined[-1]
        if (
            word.x0 - last.x1 <= _SPACED_NAME * line.size
            and len(word.text) <= _SHORT_PIECE
            and _joins(last.text, word.text)
        ):
            joined[-1] = Name(last.text + word.text, last.x0, word.x1)
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


def header_at(lines: list[Line], start: int) -> tuple[Layout, int] | None:
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
    if not any(glyph.char in _NUMBER_NAME for line in window for glyph in line.glyphs):
        return None  # quickly: no 序号 (or 编号) column
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
        if right.x0 - left.x1 < GUTTER * first.size:
            return None
        free.append([(left.x1, right.x0)])
    label = next(column for column, role in column_role.items() if role == LABEL)
    return Layout(names, label, first.size, free), end


def _extend(names: list[Name], line: Line) -> list[Name] | None:
    """The header's names with ``line`` (close below them) as one more line of it, or None when
    the line is not part of the header: it holds a long text or a number, or adds no name."""
    words = _words(line)
    if any(len(word.text) > _NAME_LENGTH or bare_label(word.text) for word in words):
        return None
    wider = [Name(name.text, name.x0, name.x1) for name in names]
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


def find_headers(pages: list[list[Line]]) -> dict[int, tuple[Layout, list[Line]]]:
    """The headers of tables without rules on the pages, by the id of their first line: the
    columns' layout and the header's lines. Found before running headers are dropped, so that a
    table's header repeated at the top of each page is kept."""
    found: dict[int, tuple[Layout, list[Line]]] = {}
    for lines in pages:
        for index in range(len(lines)):
            header = header_at(lines, index)
            if header:
                found[id(lines[index])] = (header[0], lines[index : header[1]])
    return found
