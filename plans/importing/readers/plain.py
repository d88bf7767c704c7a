"""Plain text (.txt files and pasted text) → Document: guess the encoding, one paragraph a line.

A task table copied from Excel, WPS or Word and pasted arrives as lines of cells separated by
tabs, a cell holding line breaks in double quotes: from a header row the tables module
recognises (序号, 重点任务, 牵头单位 …) to the last line with a tab, it is read as one Table, a
line of one cell between its rows ("一、思想引领") as a section row spanning it."""

from __future__ import annotations

import codecs
import csv

from .. import limits
from ..model import Block, Document, Paragraph, Table, TableRow
from ..tables import is_header_row
from ..text import clean_line, clean_text

# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file saved by Notepad, WPS, Word or a Chinese Windows:
    a BOM decides; NUL bytes mean UTF-16 without BOM; then strict UTF-8, then GB18030 (a
    superset of GBK and GB2312); never raises, replacing what cannot be decoded."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding == "utf-32-le" and len(body) % 4:
                continue  # FF FE 00 00 can also start UTF-16 LE text beginning with NUL
            return body.decode(encoding, errors="replace")
    if b"\x00" in data:
        # UTF-16 without BOM: ASCII characters (digits, line breaks) have a zero high byte,
        # which sits at odd offsets in little-endian and at even offsets in big-endian.
        zeros_odd, zeros_even = data[1::2].count(0), data[0::2].count(0)
        order = (
            ("utf-16-le", "utf-16-be") if zeros_odd >= zeros_even else ("utf-16-be", "utf-16-le")
        )
        for encoding in order:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        return data.decode(order[0], errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # UTF-8 cut inside its last character
            return data.decode("utf-8", errors="replace")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def read_text(text: str) -> Document:
    """One paragraph per non-empty line; a blank line is kept as gap_before of the next one.
    A pasted task table (see the module's docstring) is one Table block."""
    limits.check_text(text)  # before cleaning and splitting make copies of it
    budget = limits.Budget()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = _table_header(lines) if "\t" in text else None
    if header is None:
        return Document(tuple(_paragraphs(lines, budget)))
    end = max(index for index, line in enumerate(lines) if "\t" in line) + 1
    try:
        table = _table(lines[header:end], budget)
    except csv.Error:
        # A quote opened and never closed swallows the lines after it: read them as lines.
        return Document(tuple(_paragraphs(lines, limits.Budget())))
    blocks: list[Block] = list(_paragraphs(lines[:header], budget))
    blocks.append(table)
    blocks.extend(_paragraphs(lines[end:], budget))
    return Document(tuple(blocks))


def _paragraphs(lines: list[str], budget: limits.Budget):
    gap = False
    first = True
    for line in clean_text("\n".join(lines)).split("\n"):
        line = line.strip()
        if not line:
            gap = True
            continue
        budget.paragraph(len(line))
        yield Paragraph(line, gap_before=gap and not first)
        gap = first = False


def _table_header(lines: list[str]) -> int | None:
    """The index of the first line that is a task table's header row of tab-separated cells."""
    for index, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) >= 3 and is_header_row(TableRow(tuple(clean_line(c) for c in cells))):
            return index
    return None


def _table(lines: list[str], budget: limits.Budget) -> Table:
    """Tab-separated rows (quoted cells may hold line breaks) as a Table as wide as its header."""
    rows: list[TableRow] = []
    width = 0
    for cells in csv.reader((line + "\n" for line in lines), delimiter="\t", quotechar='"'):
        cells = [clean_text(cell).strip() for cell in cells]
        if not any(cells):
            continue
        width = width or len(cells)
        limits.Budget.columns(len(cells))
        budget.row(width)
        budget.text(sum(map(len, cells)))
        if len(cells) == 1:  # a section's title on a line of its own
            rows.append(TableRow((cells[0], *[""] * (width - 1)), spans_table=True))
        else:
            rows.append(TableRow(tuple((cells + [""] * width)[:width])))
    return Table(tuple(rows))
