"""Excel workbooks (.xlsx) of tasks (任务分工表, 任务清单) → Document, read with openpyxl read-only.

The task table is found wherever it starts: the first sheet (the active one first) with a row
that names the columns as tables.py recognises them (序号, 工作任务, 牵头部门, 完成时限 …);
title rows and an "附件" row above it become paragraphs, the rows from the header on one Table
block, so that the parser reads a workbook exactly as a .docx task table. Other sheets are
ignored. Merged cells are read as the .docx reader reads them: the text in the first column of
a merge across, repeated down a merge over several rows."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.cell import range_boundaries

from plans.wording.labels import match_label

from ..model import Block, Document, DocumentError, Paragraph, Table, TableRow
from ..tables import CONTENT, DEADLINE, TARGET, TITLE, column_roles, is_header_row

# A task list has tens or hundreds of rows; the bounds keep a stray sheet of data harmless.
MAX_ROWS = 5000
MAX_COLUMNS = 40
# The header is looked for in the first rows of a sheet, below its titles.
_HEADER_SEARCH_ROWS = 20
# Columns of running text: a line break typed in their cells (Alt+Enter) wraps a sentence. In the
# other columns (units, leaders) it separates names.
_TEXT_ROLES = {TITLE, CONTENT, TARGET, DEADLINE}
_SENTENCE_END = "。；;！!？?：:"
# <mergeCell ref="A2:G2"/>, searched in the sheet's XML in pieces of this size.
_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3}\d+:[A-Z]{1,3}\d+)\"")
_CHUNK = 1 << 20


def read_xlsx(data: bytes, filename: str) -> Document:
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl raises many kinds on damaged or foreign packages
        raise DocumentError(
            _(
                "The file %(name)s could not be opened as an Excel workbook (.xlsx); it may be "
                "damaged or password-protected. Save it again as .xlsx in Excel or WPS and "
                "upload it again."
            )
            % {"name": filename or ".xlsx"}
        ) from error
    try:
        sheets = list(workbook.worksheets)
        active = workbook.active
        if active in sheets:  # the sheet the author left open comes first
            sheets.remove(active)
            sheets.insert(0, active)
        for sheet in sheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            rows = _rows(sheet, filename)
            header = next(
                (
                    index
                    for index, cells in enumerate(rows[:_HEADER_SEARCH_ROWS])
                    if is_header_row(TableRow(cells))
                ),
                None,
            )
            if header is not None:
                return _document(rows, header, _merged_ranges(data, sheet))
    finally:
        workbook.close()
    raise DocumentError(
        _(
            "No task table was found in the workbook %(name)s. The table needs a row that names "
            "its columns, such as 序号, 工作任务, 牵头部门, 配合部门, 完成时限."
        )
        % {"name": filename or ".xlsx"}
    )


def _value(cell) -> str:
    value = cell.value
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        # A date formatted without its day ("2023年10月") means the month, as a deadline.
        if "d" not in (getattr(cell, "number_format", "") or "").lower():
            return f"{value.year}年{value.month}月"
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, datetime.time):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 序号 1.0 is "1"
    return str(value).strip()


def _rows(sheet, filename: str) -> list[tuple[str, ...]]:
    """The sheet's cell texts, row by row (empty rows kept, so that row numbers stay)."""
    rows: list[tuple[str, ...]] = []
    for cells in sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS):
        rows.append(tuple(_value(cell) for cell in cells))
    if len(rows) > MAX_ROWS and any(rows[MAX_ROWS]):
        raise DocumentError(
            _(
                "The sheet “%(sheet)s” of %(name)s has more than %(limit)d rows, far more than a "
                "task list. Upload a workbook with only the plan's tasks."
            )
            % {"sheet": sheet.title, "name": filename or ".xlsx", "limit": MAX_ROWS}
        )
    return rows[:MAX_ROWS]


def _merged_ranges(data: bytes, sheet) -> list[tuple[int, int, int, int]]:
    """(first column, first row, last column, last row) of each merged range, 1-based. openpyxl
    does not read merges in read-only mode; they are listed at the end of the sheet's XML."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return []
    ranges: list[tuple[int, int, int, int]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as source:
            tail = b""
            while chunk := source.read(_CHUNK):
                text = tail + chunk
                for match in _MERGE_RE.finditer(text):
                    ranges.append(range_boundaries(match.group(1).decode()))
                # Keep the end of the piece: a reference may be cut between two pieces.
                cut = text.rfind(b"<")
                tail = text[cut:] if cut != -1 and b">" not in text[cut:] else b""
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        return []
    return ranges


def _document(
    rows: list[tuple[str, ...]],
    header: int,
    merges: list[tuple[int, int, int, int]],
) -> Document:
    table_rows = [list(cells) for cells in rows]
    width = max(
        (index + 1 for cells in table_rows[header:] for index, cell in enumerate(cells) if cell),
        default=0,
    )
    spans: set[int] = set()
    for first_column, first_row, last_column, last_row in merges:
        top, left = first_row - 1, first_column - 1
        if top >= len(table_rows) or left >= width:
            continue
        value = table_rows[top][left] if left < len(table_rows[top]) else ""
        for row in range(top + 1, min(last_row, len(table_rows))):
            if left < len(table_rows[row]):
                table_rows[row][left] = value  # a merge down repeats, as in the .docx reader
        if left == 0 and last_column >= width > 1:
            spans.update(range(top, min(last_row, len(table_rows))))
    blocks: list[Block] = []
    for cells in table_rows[:header]:
        text = " ".join(dict.fromkeys(cell for cell in cells if cell))
        if text:
            blocks.append(Paragraph(text))
    text_columns = {
        column
        for column, role in column_roles(TableRow(tuple(table_rows[header]))).items()
        if role in _TEXT_ROLES
    }
    body = []
    for index, cells in enumerate(table_rows):
        if index < header or not any(cells[:width]):
            continue
        cells = (cells + [""] * width)[:width]
        if index > header:
            cells = [_unwrap(c) if i in text_columns else c for i, c in enumerate(cells)]
        body.append(TableRow(tuple(cells), spans_table=index in spans))
    blocks.append(Table(tuple(body)))
    return Document(tuple(blocks))


def _unwrap(text: str) -> str:
    """A text cell's lines joined where a line break cuts a sentence ("开展主题" / "宣讲"); kept
    after a full stop or before a numbered point ("1．…" / "2．…")."""
    if "\n" not in text:
        return text
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined = lines[:1]
    for line in lines[1:]:
        if joined[-1][-1] in _SENTENCE_END or match_label(line):
            joined.append(line)
        else:
            joined[-1] += line
    return "\n".join(joined)
