"""Word .docx → Document: paragraphs and tables in body order, with Word's automatic numbering
written out ("一、" of a numbered list is not in the paragraph's text), in table cells too (the
序号 of a task table)."""

from __future__ import annotations

import io

import docx
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from lxml import etree

from plans.wording.labels import parse_label

from .. import limits
from ..model import Block, Document, DocumentError, Paragraph, Table, TableRow
from ..text import SENTENCE_END, clean_text
from .word_numbering import ListNumbering
from .word_numbering import child as _child
from .word_numbering import int_attribute as _int_attribute

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_VAL = qn("w:val")
_BODY = qn("w:body")
_TBL_GRID, _GRID_COL, _TR_PR, _GRID_BEFORE = (
    qn("w:tblGrid"),
    qn("w:gridCol"),
    qn("w:trPr"),
    qn("w:gridBefore"),
)
_TC_PR, _GRID_SPAN, _V_MERGE = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge")
# The body is read from a plain lxml tree: walking python-docx's proxy elements is three times
# slower, which matters for 任务分工表 of hundreds of rows.
_PLAIN_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
# Deleted revisions, the "from" side of moves and the fallback copy of text boxes are not text
# the reader sees (the fallback would duplicate the text box).
_DEL, _MOVE_FROM = qn("w:del"), qn("w:moveFrom")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED = {_DEL, _MOVE_FROM, qn("w:pPr"), qn("w:rPr"), qn("w:instrText")}
_TEXT_TAGS = frozenset((_T, _TAB, _BR, _CR, _NO_BREAK_HYPHEN))
_SKIPPED_SUBTREES = frozenset((_DEL, _MOVE_FROM, _MC_FALLBACK))
_TEXT_OF = {_TAB: "\t", _BR: "\n", _CR: "\n", _NO_BREAK_HYPHEN: "-"}
_R, _R_PR, _B = qn("w:r"), qn("w:rPr"), qn("w:b")
_OFF = {"0", "false", "off"}
# A bold title before a task's text: a few words, not closed already (nor by a comma: then
# the bold words are only emphasis).
_BOLD_TITLE_MIN, _BOLD_TITLE_MAX = 2, 30
_NO_TITLE_END = SENTENCE_END + "：:，,、"
# Frames (tables of one column) within frames are read through up to this depth.
_FRAME_DEPTH = 4


def read_docx(data: bytes, filename: str) -> Document:
    try:
        # Before python-docx unpacks every part into memory: a zip bomb is refused here.
        limits.check_package(data, filename)
        word = docx.Document(io.BytesIO(data))
        body = etree.fromstring(word.part.blob, _PLAIN_PARSER).find(_BODY)
        if body is None:
            raise ValueError("the document has no body")
    except DocumentError:
        raise
    except Exception as error:  # python-docx raises many kinds on damaged or foreign packages
        raise DocumentError(
            _(
                "The file %(name)s could not be opened as a Word document (.docx); it may be "
                "damaged or password-protected. Save it again as .docx in Word or WPS, or copy "
                "the full text and paste it into the text box."
            )
            % {"name": filename or ".docx"}
        ) from error
    blocks: list[Block] = []
    _read_blocks(body, ListNumbering(word), limits.Budget(), blocks)
    return Document(tuple(blocks))


def _read_blocks(
    parent: etree._Element,
    numbering: ListNumbering,
    budget: limits.Budget,
    blocks: list[Block],
    depth: int = 0,
) -> None:
    """The paragraphs and tables of ``parent`` (the body, or a frame's cell) onto ``blocks``."""
    for element in _content_children(parent):
        if element.tag == _P:
            label = numbering.label(element)
            text = clean_text(label + _with_bold_title(element, _paragraph_text(element)))
            for line in text.split("\n"):
                if line.strip():
                    budget.paragraph(len(line))
                    blocks.append(Paragraph(line.strip()))
        elif depth < _FRAME_DEPTH and _is_frame(element):
            for row in _table_rows(element):
                for cell in _row_cells(row):
                    _read_blocks(cell, numbering, budget, blocks, depth + 1)
        else:
            table = _read_table(element, budget, numbering)
            if table.rows:
                blocks.append(table)


def _is_frame(table: etree._Element) -> bool:
    """A table of one column, used to frame text (WPS and some templates frame the page in a
    table of one cell): its cells' paragraphs and tables are read as the body's. A table of
    one column lists no tasks, and was read line by line all the same."""
    grid = table.find(_TBL_GRID)
    if grid is not None and len(grid.findall(_GRID_COL)) > 1:
        return False
    rows = list(_table_rows(table))
    for row in rows:
        cells = list(_row_cells(row))
        # A cell spanning columns, or a row skipping some: the table is wider than one cell.
        if (
            len(cells) != 1
            or _int_attribute(_child(_child(row, _TR_PR), _GRID_BEFORE), 0) > 0
            or _int_attribute(_child(_child(cells[0], _TC_PR), _GRID_SPAN), 1) > 1
        ):
            return False
    return bool(rows)


def _content_children(parent: etree._Element):
    """Paragraphs and tables in order, looking through content controls and custom XML."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = _child(child, _SDT_CONTENT)
            if content is not None:
                yield from _content_children(content)
        elif child.tag == _CUSTOM_XML:
            yield from _content_children(child)


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for element in paragraph.iter():
        tag = element.tag
        if tag in _TEXT_TAGS:
            parts.append(_TEXT_OF.get(tag) or element.text or "")
        elif tag in _SKIPPED_SUBTREES:
            return _paragraph_text_skipping(paragraph)
    return "".join(parts)


def _paragraph_text_skipping(paragraph: etree._Element) -> str:
    """The text of a paragraph holding revisions or text boxes, without the parts not shown."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED or tag == _MC_FALLBACK:
                continue
            if tag in _TEXT_TAGS:
                parts.append(_TEXT_OF.get(tag) or child.text or "")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)


def _with_bold_title(paragraph: etree._Element, text: str) -> str:
    """The paragraph's text, a title set in bold before the rest closed as a sentence: the way
    Word users mark a task's title ("1．**加强理论武装**　坚持…") is how the parser finds one
    ("加强理论武装。坚持…"). Only bold set on the runs themselves, the title after nothing but
    a typed label, and followed by text that is not bold."""
    if next(paragraph.iter(_B), None) is None:
        return text  # most paragraphs: no bold at all
    runs: list[tuple[str, bool]] = []
    for run in paragraph.iter(_R):
        run_text = "".join(
            _TEXT_OF.get(child.tag) or child.text or "" for child in run if child.tag in _TEXT_TAGS
        )
        if run_text:
            bold = _child(_child(run, _R_PR), _B)
            runs.append((run_text, bold is not None and bold.get(_VAL) not in _OFF))
    before = ""
    while runs and not runs[0][1]:
        before += runs.pop(0)[0]
    title = ""
    while runs and (runs[0][1] or not runs[0][0].strip()):
        title += runs.pop(0)[0]
    rest = "".join(run_text for run_text, _bold in runs).strip()
    head = (before + title).rstrip()
    if (
        (before.strip() and parse_label(before.strip()) is None)
        or not _BOLD_TITLE_MIN <= len(title.strip()) <= _BOLD_TITLE_MAX
        or not rest
        or title.strip()[-1] in _NO_TITLE_END
        or not text.startswith(head)
    ):
        return text
    return f"{head}。{text[len(head) :].lstrip()}"


# --- Tables -----------------------------------------------------------------------------------


def _cell_text(cell: etree._Element, budget: limits.Budget, numbering: ListNumbering) -> str:
    lines: list[str] = []
    for element in _content_children(cell):
        if element.tag == _P:
            # Word numbers cells too: the 序号 "1", "2" … and section rows "一、" of task tables.
            text = numbering.label(element) + _paragraph_text(element)
            lines.append(clean_text(text).strip())
        else:  # a table nested in a cell: its rows as lines
            for row in _read_table(element, budget, numbering).rows:
                lines.append(" ".join(cell for cell in dict.fromkeys(row.cells) if cell))
    return "\n".join(line for line in lines if line)


def _table_rows(table: etree._Element):
    for child in table:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = _child(child, _SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from (row for row in content if row.tag == _TR)


def _row_cells(row: etree._Element):
    for child in row:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = _child(child, _SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from (cell for cell in content if cell.tag == _TC)


def _read_table(table: etree._Element, budget: limits.Budget, numbering: ListNumbering) -> Table:
    """Rows as grid-aligned cell texts. A horizontally merged cell's text stands in its first
    grid column; a vertically merged cell repeats the text of the cell where the merge starts.

    Rows are lists as wide as the grid, so the grid, every span and every skip is checked
    against the column limit before a list is made (a gridSpan of 30000000 would ask for
    gigabytes), and every row, cell and repeated text counts towards the budget."""
    grid = table.find(_TBL_GRID)
    width = len(grid.findall(_GRID_COL)) if grid is not None else 0
    budget.columns(width)
    raw_rows: list[tuple[list[tuple[str, int, bool]], int]] = []
    for row in _table_rows(table):
        properties = _child(row, _TR_PR)
        skip = max(0, _int_attribute(_child(properties, _GRID_BEFORE), 0))
        budget.columns(skip)
        cells: list[tuple[str, int, bool]] = [("", 1, False)] * skip
        row_width = skip
        for cell in _row_cells(row):
            cell_properties = _child(cell, _TC_PR)
            span, continues = 1, False
            if cell_properties is not None:
                span = max(1, _int_attribute(_child(cell_properties, _GRID_SPAN), 1))
                merge = _child(cell_properties, _V_MERGE)
                continues = merge is not None and merge.get(_VAL) in (None, "continue")
            row_width += span
            budget.columns(row_width)
            cells.append((_cell_text(cell, budget, numbering), span, continues))
        budget.row(row_width)
        raw_rows.append((cells, len(cells) - skip))
    width = max([width, *(sum(span for _, span, _ in cells) for cells, _ in raw_rows)])
    rows: list[TableRow] = []
    previous = [""] * width
    for cells, real_cells in raw_rows:
        texts = [""] * width
        column = 0
        for text, span, continues in cells:
            if column < width:
                texts[column] = previous[column] if continues else text
            column += span
        # A vertical merge copies its text into every row it covers: each copy is read on.
        budget.text(sum(map(len, texts)))
        spans_table = width > 1 and real_cells == 1 and cells[-1][1] >= width
        if any(texts):
            rows.append(TableRow(tuple(texts), spans_table=spans_table))
        previous = texts
    return Table(tuple(rows))
