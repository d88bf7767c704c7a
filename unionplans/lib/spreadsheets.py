"""Rows of the workbooks the portal writes, safe from formula injection.

Titles, unit names and deadlines come from planners and from imported documents. A cell whose
text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel
and WPS once someone edits it, and openpyxl itself stores text starting with ``=`` as a live
formula (OWASP, "CSV injection"). Every workbook therefore writes its rows with
``append_row``: text is always stored as text, shown exactly as typed, and such text is also
marked "quote prefix" (Excel's leading apostrophe, which is not displayed) so that editing the
cell keeps it text. Numbers, dates and empty cells are written as they are.

Large workbooks stream: openpyxl's write-only mode (``Workbook(write_only=True)``) writes each
row as it is appended, so a cell's style must be set before. ``append_styled_row`` does that
with named styles registered once on the workbook: a new Font or Border per cell is hashed by
openpyxl for every cell, which was most of the time of a 5,000-row ledger.

A moment (an aware datetime, stored in UTC) is written as the wall-clock time of Asia/Shanghai
(the current time zone): Excel keeps no time zone, and a report at 20:00 UTC was made at 04:00
the next morning for everyone who reads the file."""

import datetime

from django.utils import timezone
from openpyxl.cell.cell import Cell

# OWASP's list of the characters a spreadsheet may read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(sheet, value, style=None):
    """An openpyxl cell of ``sheet`` holding ``value``; text is text, whatever it starts with,
    and a moment is local time. ``style`` names a named style of the workbook."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(timezone.localtime(value))
    # Placed where it is appended; a position is needed meanwhile (openpyxl's WriteOnlyCell).
    cell = Cell(sheet, row=1, column=1, value=value)
    if style is not None:
        # Before the quote prefix: a named style replaces the whole of the cell's style.
        cell.style = style
    if isinstance(value, str):
        # openpyxl makes "=…" a formula and "#N/A" an error value: both are text typed by a
        # person here.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def append_row(sheet, values):
    """Append ``values`` as the next row of ``sheet`` (as ``Worksheet.append``); returns the
    row's cells."""
    cells = [safe_cell(sheet, value) for value in values]
    sheet.append(cells)
    return cells


def append_styled_row(sheet, values, styles):
    """Append ``values`` to ``sheet`` (a normal or a write-only worksheet), each cell in the
    named style at the same position of ``styles`` (None: no style)."""
    sheet.append(
        [safe_cell(sheet, value, style) for value, style in zip(values, styles, strict=True)]
    )
