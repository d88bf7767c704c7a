"""Word .docx → Document: paragraphs and tables in body order, with Word's automatic numbering
written out ("一、" of a numbered list is not in the paragraph's text), in table cells too (the
序号 of a task table)."""

from __future__ import annotations

import io

import docx
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from lxml import etree

from plans.wording import numerals

from .. import limits
from ..model import Block, Document, DocumentError, Paragraph, Table, TableRow
from ..text import clean_text

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
_P_PR, _NUM_PR, _P_STYLE = qn("w:pPr"), qn("w:numPr"), qn("w:pStyle")
_NUM_ID, _ILVL = qn("w:numId"), qn("w:ilvl")
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
    _read_blocks(body, _ListNumbering(word), limits.Budget(), blocks)
    return Document(tuple(blocks))


def _read_blocks(
    parent: etree._Element,
    numbering: _ListNumbering,
    budget: limits.Budget,
    blocks: list[Block],
    depth: int = 0,
) -> None:
    """The paragraphs and tables of ``parent`` (the body, or a frame's cell) onto ``blocks``."""
    for element in _content_children(parent):
        if element.tag == _P:
            label = numbering.label(element)
            text = clean_text(label + _paragraph_text(element))
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


# --- Tables -----------------------------------------------------------------------------------


def _cell_text(cell: etree._Element, budget: limits.Budget, numbering: _ListNumbering) -> str:
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


def _child(element: etree._Element | None, tag: str) -> etree._Element | None:
    """element.find(tag) without lxml's path parser, which is slow on big tables."""
    if element is None:
        return None
    for child in element.iterchildren(tag):
        return child
    return None


def _int_attribute(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_VAL))
    except (TypeError, ValueError):
        return default


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


def _read_table(table: etree._Element, budget: limits.Budget, numbering: _ListNumbering) -> Table:
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


# --- Automatic numbering ----------------------------------------------------------------------

_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
# Word's enclosed number formats and the characters they draw.
_ENCLOSED_FORMATS = {
    "decimalEnclosedCircle": numerals.CIRCLED,
    "decimalEnclosedCircleChinese": numerals.CIRCLED,
    "decimalEnclosedParen": numerals.PARENTHESISED,
    "decimalEnclosedFullstop": numerals.FULL_STOP,
}


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"))
_ROMAN += ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(number: int) -> str:
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


def _format_number(number: int, number_format: str) -> str:
    chinese = number_format.startswith(("chinese", "japanese", "ideographLegal", "taiwanese"))
    if chinese and 0 < number < 10**12:
        return numerals.chinese_numeral(number)
    if number_format == "ideographDigital" and number >= 0:
        return numerals.chinese_digits(number)
    if number_format in ("ideographTraditional", "ideographZodiac") and 1 <= number <= 10:
        return _TIANGAN[number - 1]
    if number_format in _ENCLOSED_FORMATS and 1 <= number <= 20:
        return numerals.enclosed(number, _ENCLOSED_FORMATS[number_format])
    if number_format == "decimalZero":
        return f"{number:02d}"
    if number_format in ("upperLetter", "lowerLetter") and number >= 1:
        letter = chr(ord("A") + (number - 1) % 26)
        return letter if number_format == "upperLetter" else letter.lower()
    # Roman numerals stop at 3999; a list starting at 10¹⁵ would spell out 10¹² M's.
    if number_format in ("upperRoman", "lowerRoman") and 1 <= number <= 3999:
        roman = _roman(number)
        return roman if number_format == "upperRoman" else roman.lower()
    return str(number)


class _ListNumbering:
    """Renders the label Word draws before a paragraph of a numbered list ("一、", "（一）",
    "1.") from numbering.xml, counting as Word does: per list definition (a list linked to a
    list style counts as the style's list), deeper levels restarting when a shallower one
    advances."""

    def __init__(self, word: docx.document.Document) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._instances: dict[str, tuple[str, dict[int, int]]] = {}
        self._style_numbering: dict[str, tuple[str | None, int | None, str | None]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        # A list defined through a list style: its abstractNum names the style (numStyleLink)
        # and holds no levels; the style's own list does, and the two count as one.
        self._linked: dict[str, str] = {}
        links: dict[str, str] = {}
        try:
            numbering = word.part.numbering_part.element
            styles = word.part.styles.element
        except Exception:  # a package without numbering or styles: nothing is numbered
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            link = abstract.find(qn("w:numStyleLink"))
            if link is not None and link.get(_VAL):
                links[abstract.get(qn("w:abstractNumId"))] = link.get(_VAL)
            levels = {}
            for level in abstract.findall(qn("w:lvl")):
                number_format = level.find(qn("w:numFmt"))
                text = level.find(qn("w:lvlText"))
                levels[_int_value(level.get(qn("w:ilvl")), 0)] = (
                    number_format.get(_VAL, "decimal") if number_format is not None else "decimal",
                    text.get(_VAL, "") if text is not None else "",
                    _int_attribute(level.find(qn("w:start")), 1),
                )
            self._levels[abstract.get(qn("w:abstractNumId"))] = levels
        for instance in numbering.findall(qn("w:num")):
            abstract_id = instance.find(qn("w:abstractNumId"))
            overrides = {}
            for override in instance.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[_int_value(override.get(qn("w:ilvl")), 0)] = _int_attribute(start, 1)
            if abstract_id is not None:
                self._instances[instance.get(qn("w:numId"))] = (abstract_id.get(_VAL), overrides)
        for style in styles.findall(qn("w:style")):
            properties = style.find(qn("w:pPr"))
            numbering_properties = (
                properties.find(qn("w:numPr")) if properties is not None else None
            )
            based_on = style.find(qn("w:basedOn"))
            number_id = level = None
            if numbering_properties is not None:
                number_id_element = numbering_properties.find(qn("w:numId"))
                number_id = number_id_element.get(_VAL) if number_id_element is not None else None
                level = _int_attribute(numbering_properties.find(qn("w:ilvl")), 0)
            self._style_numbering[style.get(qn("w:styleId"))] = (
                number_id,
                level,
                based_on.get(_VAL) if based_on is not None else None,
            )
        for abstract_id, style_id in links.items():
            number_id = self._style_numbering.get(style_id, (None, None, None))[0]
            target = self._instances.get(number_id or "", (None, {}))[0]
            if target is not None and target != abstract_id and target not in links:
                self._linked[abstract_id] = target

    def _style_list(self, style_id: str | None) -> tuple[str | None, int]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._style_numbering:
            seen.add(style_id)
            number_id, level, based_on = self._style_numbering[style_id]
            if number_id is not None:
                return number_id, level or 0
            style_id = based_on
        return None, 0

    def label(self, paragraph: etree._Element) -> str:
        if not self._instances:
            return ""
        properties = _child(paragraph, _P_PR)
        if properties is None:
            return ""
        numbering = _child(properties, _NUM_PR)
        style = _child(properties, _P_STYLE)
        number_id, level = self._style_list(style.get(_VAL) if style is not None else None)
        if numbering is not None:
            number_id_element = _child(numbering, _NUM_ID)
            if number_id_element is not None:
                number_id = number_id_element.get(_VAL)
            level = _int_attribute(_child(numbering, _ILVL), level)
        if number_id is None or number_id not in self._instances:
            return ""
        abstract_id, overrides = self._instances[number_id]
        abstract_id = self._linked.get(abstract_id, abstract_id)
        levels = self._levels.get(abstract_id, {})
        if level not in levels or levels[level][0] in ("bullet", "none"):
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if number_id not in self._started:
            self._started.add(number_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        text = levels[level][1]
        for index in range(9):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                number_format, _text, start = levels.get(index, ("decimal", "", 1))
                value = counters.get(index, start)
                text = text.replace(placeholder, _format_number(value, number_format))
        return text


def _int_value(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
