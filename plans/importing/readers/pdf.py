"""PDF → Document: the text layer read with pypdfium2, paragraphs and ruled tables rebuilt.

pypdfium2 rather than pdfplumber: pdfplumber took ~700 ms for the words of the 3-page
Pingdingshan sample and ~1.6 s for those of a 13-page 200-task plan; pypdfium2 gives the text and
the box of every character in a few ms a page, and a 200-task plan parses in ~60 ms
(bench/README.md). pypdfium2 finds no tables: ruled tables are rebuilt from the page's drawn
lines (pdf_tables.py), tables without rules from where their header's names stand
(pdf_header.py, pdf_borderless.py).

A PDF without a text layer (a scan) cannot be read; its message says so. The work is bounded:
at most MAX_PAGES pages and MAX_CHARACTERS characters."""

from __future__ import annotations

import ctypes
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..limits import Budget
from ..model import Block, Document, DocumentError, Paragraph, Table
from ..text import clean_text
from .pdf_borderless import LooseTable, find_tables
from .pdf_header import find_headers
from .pdf_tables import Grid, continue_table, find_grids, page_rules
from .pdf_text import (
    Glyph,
    Line,
    Margins,
    drop_running_lines,
    group_lines,
    paragraph_texts,
)

# A work plan runs to a few dozen pages; a PDF of hundreds is a report or a book.
MAX_PAGES = 150
MAX_CHARACTERS = 400_000
# PDFium is not thread-safe: one document at a time per process (threads of a dev server).
_PDFIUM_LOCK = threading.Lock()


def read_pdf(data: bytes, filename: str) -> Document:
    with _PDFIUM_LOCK:
        pdf = _open(data, filename)
        try:
            return _read(pdf, filename)
        except pdfium.PdfiumError as error:  # a page that does not load: a damaged file
            raise _damaged(filename) from error
        finally:
            pdf.close()


def _open(data: bytes, filename: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            message = _(
                "The PDF file %(name)s is password-protected. Remove the password (or print it "
                "again to PDF without one) and upload it again, or upload the original Word "
                "document."
            )
            raise DocumentError(message % {"name": filename or ".pdf"}) from error
        raise _damaged(filename) from error


def _damaged(filename: str) -> DocumentError:
    return DocumentError(
        _(
            "The file %(name)s could not be opened as a PDF; it may be damaged or "
            "incomplete. Upload the original Word document (.docx), or copy the full text "
            "and paste it into the text box."
        )
        % {"name": filename or ".pdf"}
    )


def _read(pdf: pdfium.PdfDocument, filename: str) -> Document:
    count = len(pdf)
    if count > MAX_PAGES:
        raise DocumentError(
            ngettext(
                "The PDF file %(name)s has %(count)d page; at most %(limit)d pages can be read. "
                "Upload only the plan itself.",
                "The PDF file %(name)s has %(count)d pages; at most %(limit)d pages can be read. "
                "Upload only the plan itself.",
                count,
            )
            % {"name": filename or ".pdf", "count": count, "limit": MAX_PAGES}
        )
    pages: list[list[Line]] = []
    grids: list[list[Grid]] = []
    heights: list[float] = []
    characters = 0
    for index in range(count):
        page = pdf[index]
        try:
            glyphs = _glyphs(page)
            characters += len(glyphs)
            if characters > MAX_CHARACTERS:
                raise DocumentError(
                    _(
                        "The PDF file %(name)s holds more than %(limit)s characters of text, far "
                        "more than a work plan. Upload only the plan itself."
                    )
                    % {"name": filename or ".pdf", "limit": f"{MAX_CHARACTERS:,}"}
                )
            page_grids = find_grids(page_rules(page)) if glyphs else []
            body: list[Glyph] = []
            for glyph in glyphs:
                grid = next((grid for grid in page_grids if grid.contains(glyph)), None)
                (grid.glyphs if grid else body).append(glyph)
            pages.append(group_lines(body))
            grids.append(page_grids)
            heights.append(page.get_height())
        finally:
            page.close()
    if characters == 0:
        raise DocumentError(
            _(
                "The PDF file %(name)s has no text, only images: it is probably a scan. Upload "
                "the original Word document (.docx), or a PDF saved from Word or WPS (not "
                "scanned), or type or paste the plan's text into the text box."
            )
            % {"name": filename or ".pdf"}
        )
    # Tables without rules are read once running headers and page numbers are gone; a table's
    # header repeated at the top of each page is no running header.
    headers = find_headers(pages)
    keep = {id(line) for _layout, lines in headers.values() for line in lines}
    pages, loose = find_tables(drop_running_lines(pages, heights, keep), headers)
    tables = [ruled + unruled for ruled, unruled in zip(grids, loose, strict=True)]
    return Document(tuple(_blocks(pages, tables)))


def _glyphs(page) -> list[Glyph]:
    """The page's characters with their loose boxes; no spaces or line ends: lines and the
    spaces in them are rebuilt from the positions."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range(0, count)
        if len(text) != count:  # characters beyond the BMP: read them one by one
            text = "".join(
                chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 0xFFFD) for i in range(count)
            )
        glyphs: list[Glyph] = []
        box = pdfium_c.FS_RECTF()
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        handle, pointer = textpage.raw, ctypes.byref(box)
        for index, char in enumerate(text):
            if char.isspace() or char in "\x00\ufffe\uffff":
                continue  # spaces are read from the gaps between glyphs (pdf_text.group_lines)
            if get_box(handle, index, pointer):
                glyphs.append(Glyph(char, box.left, box.bottom, box.right, box.top))
        return glyphs
    finally:
        textpage.close()


def _blocks(pages: list[list[Line]], grids: list[list[Grid | LooseTable]]) -> list[Block]:
    """Paragraphs and tables (ruled or not) in reading order: on each page, top to bottom; a
    table continued on the next page (the page's first item, with the same columns) is one
    table; a paragraph runs on over a page break. Table rows count against the limits."""
    margins = Margins.measure(pages)
    budget = Budget()
    blocks: list[Block] = []
    pending: list[tuple[Line, bool]] = []  # body lines waiting to become paragraphs
    last_grid: Grid | LooseTable | None = None  # the last table's, while nothing follows it

    def flush() -> None:
        for text in paragraph_texts(pending, margins):
            text = clean_text(text).strip()
            if text:
                blocks.append(Paragraph(text))
        pending.clear()

    for lines, page_grids in zip(pages, grids, strict=True):
        items: list[tuple[float, Line | Grid | LooseTable]] = [(line.y1, line) for line in lines]
        items += [(grid.top, grid) for grid in page_grids]
        items.sort(key=lambda item: -item[0])
        first_on_page = True
        for _top, item in items:
            if isinstance(item, Line):
                pending.append((item, first_on_page))
                first_on_page = False
                last_grid = None
                continue
            table = item.table()
            if not table.rows:
                continue
            Budget.columns(max(len(row.cells) for row in table.rows))
            for row in table.rows:
                budget.row(len(row.cells))
            if (
                first_on_page
                and type(last_grid) is type(item)
                and last_grid.same_columns(item)  # type: ignore[arg-type]
                and isinstance(blocks[-1], Table)
            ):
                blocks[-1] = continue_table(blocks[-1], table, item.merged_blank)
            else:
                flush()
                blocks.append(table)
            last_grid = item
            first_on_page = False
    flush()
    return blocks
