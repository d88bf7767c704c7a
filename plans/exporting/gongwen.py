"""The official document (公文) laid out after GB/T 9704 (党政机关公文格式), for every Word file
the portal writes: the plan, and the documents made from its execution (进展情况汇总, 情况通报,
年度工作总结).

A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋简体 二号
(22 pt) centred; first-level headings (一、) in 黑体, second-level (（一）) in 楷体_GB2312, deeper
ones in bold 仿宋_GB2312; the text in 仿宋_GB2312 三号 (16 pt), first line indented two
characters, lines exactly 28 pt apart; page numbers "— 1 —" at the foot in 四号 半角宋体, odd
pages on the right and even pages on the left, one character in from the edge (7.5); the issuing
unit and the date closing the document (落款, 7.3.5.2).

    document = gongwen.new_document("关于……的通报", author="宣教部")
    gongwen.write_text(document, text)      # headings found by their numbering (一、 （一） 1．)
    gongwen.closing(document, "宣教部", day)
    data = gongwen.to_bytes(document)
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from plans.wording import labels

TITLE_FONT = "方正小标宋简体"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
WESTERN_FONT = "Times New Roman"

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE = Pt(28)

MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}

# Paragraph styles: (name, East Asian font, size, bold, outline level or None).
TITLE = "Plan Title"
HEADING_1 = "Plan Heading 1"
HEADING_2 = "Plan Heading 2"
HEADING_3 = "Plan Heading 3"
_STYLES = (
    (TITLE, TITLE_FONT, SIZE_2, False, None),
    (HEADING_1, HEADING_1_FONT, SIZE_3, False, 0),
    (HEADING_2, HEADING_2_FONT, SIZE_3, False, 1),
    (HEADING_3, BODY_FONT, SIZE_3, True, 2),
)


def _set_fonts(r_pr_owner, east_asia):
    """Set the Western and the East Asian font (w:rFonts w:eastAsia) of a style or run,
    dropping theme fonts that would override them."""
    r_pr = r_pr_owner.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:ascii"), WESTERN_FONT)
    fonts.set(qn("w:hAnsi"), WESTERN_FONT)
    fonts.set(qn("w:cs"), WESTERN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _indent_two_characters(paragraph_format, element):
    """First line indented by two characters: in points for every reader, in characters
    (w:firstLineChars) for Word and WPS."""
    paragraph_format.first_line_indent = Pt(32)
    indent = element.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "200")


def _setup_styles(document):
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = SIZE_3
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(normal.element, BODY_FONT)
    paragraph = normal.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.widow_control = False
    _indent_two_characters(paragraph, normal.element)
    # Chinese text: the language, so that Word checks and breaks lines as Chinese.
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(language)

    for name, font, size, bold, outline in _STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = size
        style.font.bold = bold
        _set_fonts(style.element, font)
        if outline is not None:
            # In the navigation pane and the table of contents, as Word's own headings.
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            style.element.get_or_add_pPr().append(level)
            style.paragraph_format.keep_with_next = True
    title = styles[TITLE].paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.first_line_indent = Pt(0)
    styles[TITLE].element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
    title.line_spacing = Pt(36)


def _setup_page(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.footer_distance = Mm(28) - Mm(7)
    # 单页码居右空一字，双页码居左空一字: different footers for odd and even pages.
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _unindented(paragraph):
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")


def _page_number(paragraph, alignment):
    """ "— 1 —" in 四号 宋体 (digits too: 半角宋体), one character (14 pt) from the edge."""
    paragraph.alignment = alignment
    _unindented(paragraph)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = SIZE_4
    else:
        paragraph.paragraph_format.left_indent = SIZE_4
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _page_number_run(paragraph, "— ")
    # A complex field (begin, instruction, separate, result, end): Word, WPS and LibreOffice
    # all update it, and the result "1" shows until they do.
    _field_char(_page_number_run(paragraph, ""), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _page_number_run(paragraph, "")._r.append(instruction)
    _field_char(_page_number_run(paragraph, ""), "separate")
    _page_number_run(paragraph, "1")
    _field_char(_page_number_run(paragraph, ""), "end")
    _page_number_run(paragraph, " —")


def _field_char(run, kind):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _page_number_run(paragraph, text):
    run = paragraph.add_run(text)
    run.font.size = SIZE_4
    _set_fonts(run._r, PAGE_NUMBER_FONT)
    fonts = run._r.rPr.rFonts
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), PAGE_NUMBER_FONT)
    return run


def _heading_style(depth):
    return (HEADING_1, HEADING_2)[depth] if depth < 2 else HEADING_3


def new_document(title, author=""):
    """An empty official document: styles, A4 page, page numbers, the title and the blank line
    under it."""
    document = Document()
    _setup_styles(document)
    _setup_page(document)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.language = "zh-CN"
    properties.created = properties.modified = timezone.now()
    properties.comments = ""
    document.add_paragraph(title, style=TITLE)
    document.add_paragraph("")  # the blank line under the title
    return document


def heading(document, text, depth):
    """A heading at ``depth`` (0: 一、 in 黑体, 1: （一） in 楷体, deeper: bold 仿宋)."""
    return document.add_paragraph(text, style=_heading_style(depth))


def paragraph(document, text, lead=""):
    """A paragraph of text, first line indented; ``lead`` (a label and a run-in sentence) in
    bold before it."""
    written = document.add_paragraph()
    if lead:
        written.add_run(lead).bold = True
    if text:
        written.add_run(text)
    return written


# The depth each family of numbering takes as a heading of a text written in the browser.
_TEXT_HEADINGS = {labels.PART: 0, labels.CN: 0, labels.CN_PAREN: 1}
# A numbered line this long or longer is a paragraph opening with a label, not a heading.
_HEADING_MAX = 40
_RUN_IN_END = "。；："


def write_text(document, text):
    """A text written in the browser as a document: one paragraph per non-empty line; lines
    numbered 一、 or （一） that read as headings (short, no sentence after them) become
    headings; a line numbered 1． or （1） opens with its label and first sentence in bold, as
    公文 write their items."""
    for block in text_blocks(text):
        if block.depth is not None:
            heading(document, block.text, block.depth)
        else:
            paragraph(document, block.text, lead=block.lead)


@dataclass(frozen=True)
class Block:
    """One line of a text as ``write_text`` lays it out: a heading at ``depth``, or a paragraph
    (``depth`` None) opening with ``lead`` in bold."""

    text: str
    depth: int | None = None
    lead: str = ""


def text_blocks(text):
    """The blocks of a text written in the browser (what ``write_text`` writes, and what a page
    previewing the document shows)."""
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        label = labels.match_label(line)
        if label is None:
            yield Block(line)
            continue
        depth = _TEXT_HEADINGS.get(label.family)
        if depth is not None and len(line) < _HEADING_MAX and not _has_sentence(label.rest):
            yield Block(line, depth=depth)
            continue
        cut = _first_sentence_end(line, start=len(line) - len(label.rest))
        yield Block(line[cut:], lead=line[:cut])


def _has_sentence(text):
    """Whether a line goes on after its first sentence."""
    text = text.rstrip("。")
    return any(mark in text for mark in _RUN_IN_END)


def _first_sentence_end(line, start):
    """Where the bold run-in part of a numbered line ends: after its first 。；： or, when there
    is none, after the label alone."""
    for index in range(start, len(line)):
        if line[index] in _RUN_IN_END:
            return index + 1
    return start


def table(document, header, rows, widths=None):
    """A table with a bold header row and thin borders, in 仿宋 四号 without first-line indent,
    as 公文 tables (附表) are set. ``widths`` in millimetres, one per column."""
    written = document.add_table(rows=1, cols=len(header))
    written.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(written)
    for cell, text in zip(written.rows[0].cells, header, strict=True):
        _cell_text(cell, text, bold=True)
    for row in rows:
        cells = written.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _cell_text(cell, "" if text is None else str(text))
    if widths:
        for row in written.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
    return written


def _cell_text(cell, text, bold=False):
    written = cell.paragraphs[0]
    _unindented(written)
    written.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    run = written.add_run(text)
    run.bold = bold
    run.font.size = SIZE_4


def _borders(written):
    properties = written._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def closing(document, issuer, day):
    """落款: under a blank line, the issuing unit, and under it the date in Arabic digits
    (2026年11月30日), both right-aligned two characters in. The portal's documents carry no
    seal, so the simple right alignment of a document without one is used. ``day`` may be None
    when the date is not known."""
    document.add_paragraph("")
    lines = [issuer] if issuer else []
    if day is not None:
        lines.append(f"{day.year}年{day.month}月{day.day}日")
    for text in lines:
        written = document.add_paragraph(text)
        written.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _unindented(written)
        written.paragraph_format.right_indent = Pt(32)


def to_bytes(document):
    """The document as the bytes of a .docx file."""
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
