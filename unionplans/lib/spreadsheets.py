"""Rows of the workbooks the portal writes, safe from formula injection.

Titles, unit names and deadlines come from planners and from imported documents. A cell whose
text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel
and WPS once someone edits it, and openpyxl itself stores text starting with ``=`` as a live
formula (OWASP, "CSV injection"). Every workbook therefore writes its rows with
``append_row``: text is always stored as text, shown exactly as typed, and such text is also
marked "quote prefix" (Excel's leading apostrophe, which is not displayed) so that editing the
cell keeps it text. Numbers, dates and empty cells are written as they are.

A moment (an aware datetime, stored in UTC) is written as the wall-clock time of Asia/Shanghai
(the current time zone): Excel keeps no time zone, and a report at 20:00 UTC was made at 04:00
the next morning for everyone who reads the file."""

import datetime

from django.utils import timezone
from openpyxl.cell.cell import Cell

# OWASP's list of the characters a spreadsheet may read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(sheet, value):
    """An openpyxl cell of ``sheet`` holding ``value``; text is text, whatever it starts with,
    and a moment is local time."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(timezone.localtime(value))
    cell = Cell(sheet, value=value)
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
