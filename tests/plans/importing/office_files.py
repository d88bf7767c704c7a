"""Documents the format tests read: .docx made with python-docx, turned into PDF and .doc by
LibreOffice (one soffice run for many files, as a conversion costs seconds), and .xlsx
workbooks made with openpyxl."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Mm, Pt

from plans.importing.readers.office import find_soffice

requires_soffice = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice (soffice) is not installed"
)
# The filters LibreOffice exports with; "pdf-encrypted" asks for the password "secret".
FILTERS = {
    "pdf": "pdf:writer_pdf_Export",
    "doc": "doc:MS Word 97",
    "pdf-encrypted": 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"secret"}}',
    "xls": "xls:MS Excel 97",
}
# What each target is made from: .xls from .xlsx workbooks, the others from .docx documents.
SOURCES = {"xls": "xlsx"}


def libreoffice(documents: dict[str, bytes], target: str) -> dict[str, bytes]:
    """{name: .docx bytes (.xlsx for "xls")} → {name: bytes converted to target (a key of
    FILTERS)}, in one run."""
    soffice = find_soffice()
    assert soffice, "LibreOffice is needed"
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        paths = []
        for name, data in documents.items():
            path = root / f"{name}.{SOURCES.get(target, 'docx')}"
            path.write_bytes(data)
            paths.append(str(path))
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(root / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                FILTERS[target],
                "--outdir",
                str(root / "out"),
                *paths,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        extension = target.split("-")[0]
        return {name: (root / "out" / f"{name}.{extension}").read_bytes() for name in documents}


def _page_field(paragraph) -> None:
    """A PAGE field, so that the footer reads "— 1 —", "— 2 —" …"""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="{kind}"/>'))
        else:
            run._r.append(
                parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve">{text}</w:instrText>')
            )


def official_docx(text: str, header: str = "XX市总工会文件") -> bytes:
    """A plan laid out as an official document: a running header, "— n —" page numbers in the
    footer, the title centred, body paragraphs indented by two characters."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _page_field(footer)
    footer.add_run(" —")
    lines = [line for line in text.split("\n") if line.strip()]
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph(line.strip())
        if index < 2 and len(line) < 40:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.paragraph_format.first_line_indent = Pt(21)
    return _save(document)


def table_docx(
    rows: list[list[str]],
    title: str,
    merged: dict[int, int] | None = None,
    landscape: bool = False,
    *,
    borders: str = "grid",
    widths: list[float] | None = None,
    centred_header: bool = False,
    centred_cells: bool = False,
    repeat_header: bool = True,
    after: tuple[str, ...] = (),
    merged_columns: tuple[int, ...] = (3,),
) -> bytes:
    """A 任务分工表: a title, then a table whose first row is a header repeated on each page
    (unless not ``repeat_header``); rows of one cell are merged across the table; merged
    {row: rows} merges the leader column (column 3; ``merged_columns`` for others) of a row
    down over the rows below it.
    ``borders``: "grid" (every cell ruled), "none" (columns set out by position alone) or
    "rules" (a rule above and below the table and under its header, 三线表); ``widths``: the
    columns' widths in cm; ``centred_header``: the header's names centred in their cells;
    ``centred_cells``: every cell's text in the middle of its row, top to bottom; ``after``:
    paragraphs below the table."""
    document = docx.Document()
    if landscape:  # as task tables often are: the page breaks fall elsewhere
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    document.add_paragraph(title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    if borders == "grid":
        table.style = "Table Grid"
    elif borders == "rules":
        table._tbl.tblPr.append(
            parse_xml(
                f'<w:tblBorders {nsdecls("w")}><w:top w:val="single" w:sz="12"/>'
                '<w:bottom w:val="single" w:sz="12"/></w:tblBorders>'
            )
        )
        for cell in table.rows[0].cells:
            cell._tc.get_or_add_tcPr().append(
                parse_xml(
                    f'<w:tcBorders {nsdecls("w")}><w:bottom w:val="single" w:sz="6"/></w:tcBorders>'
                )
            )
    if repeat_header:
        header = table.rows[0]._tr.get_or_add_trPr()
        header.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for index, row in enumerate(rows):
        if len(row) == 1:
            cell = table.cell(index, 0).merge(table.cell(index, width - 1))
            cell.text = row[0]
            continue
        for column, value in enumerate(row):
            table.cell(index, column).text = value
    for top, count in (merged or {}).items():
        for column in merged_columns:
            text = table.cell(top, column).text
            table.cell(top, column).merge(table.cell(top + count, column)).text = text
    if widths:
        table.autofit = False
        for column, cm in zip(table.columns, widths, strict=True):
            column.width = Cm(cm)
            for cell in column.cells:
                cell.width = Cm(cm)
    if centred_header:
        for cell in table.rows[0].cells:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if centred_cells:
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for text in after:
        document.add_paragraph(text)
    # Word always closes a document with a paragraph; LibreOffice drops a table that ends one.
    document.add_paragraph("")
    return _save(document)


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def workbook(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None, active=0):
    """An .xlsx of sheets {title: rows}, cells merged by range ("A2:G2"), as bytes."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(title, []):
            sheet.merge_cells(cells)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = openpyxl.styles.Alignment(wrap_text=True)
    book.active = active
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
