"""Formula injection: text that a spreadsheet would run as a formula is written as text, in
every workbook the portal writes."""

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from unionplans.lib.spreadsheets import append_row

REPO = Path(__file__).resolve().parents[2]
# OWASP's list: what a spreadsheet may read as the start of a formula.
DANGEROUS = [
    '=HYPERLINK("http://evil.example/","点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _read_back(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    workbook = Workbook()
    append_row(workbook.active, [text])
    cell = _read_back(workbook)["A1"]
    assert cell.data_type != "f"
    assert cell.value == text  # shown as typed, no quote added to it
    assert cell.quotePrefix  # and kept as text when someone edits the cell


def test_numbers_dates_and_plain_text_keep_their_type():
    workbook = Workbook()
    append_row(workbook.active, [-5, -1.5, 0, datetime.date(2026, 6, 30), None, "宣教部", "#N/A"])
    row = next(_read_back(workbook).iter_rows(values_only=True))
    assert row[:3] == (-5, -1.5, 0)
    assert row[3] == datetime.datetime(2026, 6, 30)
    assert row[4] is None and row[5] == "宣教部"
    assert row[6] == "#N/A"  # text as typed, not an error value


def test_every_workbook_writer_uses_the_helper():
    """A module that makes a Workbook writes its cells through unionplans.lib.spreadsheets."""
    writers = []
    for folder in ("plans", "tasks", "unionplans"):
        for path in (REPO / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if re.search(r"\bWorkbook\(", source) and "lib/spreadsheets.py" not in str(path):
                writers.append(path.relative_to(REPO))
                assert "unionplans.lib.spreadsheets" in source, path
                assert not re.search(r"sheet\.append\(|\.cell\([^)]*value=", source), path
    assert len(writers) >= 2  # the ledger and the dashboard export


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_write_only_sheet_with_shared_styles_keeps_formulas_as_text(text):
    """The large exports stream (openpyxl's write-only mode) with one named style per kind of
    cell: the text is still text, the quote prefix survives the style."""
    from openpyxl.styles import Font, NamedStyle

    from unionplans.lib.spreadsheets import append_styled_row

    workbook = Workbook(write_only=True)
    workbook.add_named_style(NamedStyle("body", font=Font(name="宋体", size=10)))
    sheet = workbook.create_sheet("s")
    append_styled_row(sheet, [text, 7, None], ["body", "body", "body"])
    back = _read_back(workbook)  # a write-only workbook is saved once
    cell = back["A1"]
    assert cell.data_type != "f"
    assert cell.value == text
    assert cell.quotePrefix
    assert cell.font.name == "宋体" and cell.style == "body"
    assert back["B1"].value == 7 and back["B1"].style == "body"
