"""The PDF reader's layout rules on pages and glyphs made here, whatever produced them: rules
drawn as lines, as thin filled rectangles or as stroked cell rectangles; merged cells; cell text
that wraps; running headers and page numbers."""

import itertools

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from plans.importing.readers.pdf_cells import cell_text
from plans.importing.readers.pdf_tables import Grid, find_grids, page_rules
from plans.importing.readers.pdf_text import (
    Glyph,
    Line,
    Margins,
    drop_running_lines,
    group_lines,
    paragraph_texts,
)

# A table of three columns and three rows: x at 100, 200, 300, 400; y at 700, 680, 660, 640.
XS = [100, 200, 300, 400]
YS = [700, 680, 660, 640]


def _page_with(draw) -> pdfium.PdfPage:
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    draw(page.raw)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    return page


def _rect(page, x, y, width, height, fill=False, stroke=True):
    obj = pdfium_c.FPDFPageObj_CreateNewRect(x, y, width, height)
    pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_ALTERNATE if fill else 0, stroke)
    pdfium_c.FPDFPage_InsertObject(page, obj)


def _line(page, x0, y0, x1, y1):
    obj = pdfium_c.FPDFPageObj_CreateNewPath(x0, y0)
    pdfium_c.FPDFPath_LineTo(obj, x1, y1)
    pdfium_c.FPDFPath_SetDrawMode(obj, 0, True)
    pdfium_c.FPDFPage_InsertObject(page, obj)


def _grid_of(page) -> Grid:
    (grid,) = find_grids(page_rules(page))
    return grid


def test_rules_drawn_as_lines():
    def draw(page):
        for y in YS:
            _line(page, XS[0], y, XS[-1], y)
        for x in XS:
            _line(page, x, YS[-1], x, YS[0])

    grid = _grid_of(_page_with(draw))
    assert [round(x) for x in grid.xs] == XS and [round(y) for y in grid.ys] == YS


def test_rules_drawn_as_thin_filled_rectangles_as_word_does():
    def draw(page):
        _rect(page, 0, 0, 595, 842, fill=True, stroke=False)  # a white page background
        for y in YS:
            _rect(page, XS[0], y - 0.25, XS[-1] - XS[0], 0.5, fill=True, stroke=False)
        for x in XS:
            _rect(page, x - 0.25, YS[-1], 0.5, YS[0] - YS[-1], fill=True, stroke=False)

    grid = _grid_of(_page_with(draw))
    assert [round(x) for x in grid.xs] == XS and [round(y) for y in grid.ys] == YS


def test_cells_drawn_as_stroked_rectangles():
    def draw(page):
        for top, bottom in itertools.pairwise(YS):
            for left, right in itertools.pairwise(XS):
                _rect(page, left, bottom, right - left, top - bottom)

    grid = _grid_of(_page_with(draw))
    assert [round(x) for x in grid.xs] == XS and [round(y) for y in grid.ys] == YS


def test_a_framed_paragraph_is_no_table():
    assert find_grids(page_rules(_page_with(lambda page: _rect(page, 100, 600, 300, 100)))) == []


def _text(text: str, x: float, y: float, size: float = 10) -> list[Glyph]:
    return [Glyph(c, x + i * size, y, x + (i + 1) * size - 1, y + size) for i, c in enumerate(text)]


def test_merged_cells_read_as_the_docx_reader_reads_them():
    """Row 1 is one cell across the table (a section); the last column of rows 2–3 is one cell
    (a leader merged down)."""

    def draw(page):
        for y in (YS[0], YS[1], YS[3]):
            _line(page, XS[0], y, XS[-1], y)
        _line(page, XS[0], YS[2], XS[2], YS[2])  # not under the last column: merged down there
        _line(page, XS[0], YS[-1], XS[0], YS[0])
        _line(page, XS[-1], YS[-1], XS[-1], YS[0])
        for x in XS[1:-1]:
            _line(page, x, YS[-1], x, YS[1])  # not through the section row

    grid = _grid_of(_page_with(draw))
    grid.glyphs = _text("一、重点", 105, 685) + _text("1", 105, 665) + _text("甲", 205, 665)
    grid.glyphs += _text("2", 105, 645) + _text("乙", 205, 645) + _text("张慧", 305, 655)
    rows = [(row.cells, row.spans_table) for row in grid.table().rows]
    assert rows == [
        (("一、重点", "", ""), True),
        (("1", "甲", "张慧"), False),
        (("2", "乙", "张慧"), False),
    ]


def test_cell_text_joins_wrapped_lines_and_keeps_lines_the_author_broke():
    # A cell from x=100 to x=160 (5 characters of 10 pt and padding): "宣教部、机关" wraps.
    wrapped = _text("宣教部、", 102, 700) + _text("机关党委", 102, 688)
    assert cell_text(wrapped, 100, 150) == "宣教部、机关党委"
    # "宣传部" ends two characters short of the edge: "组" would have fitted, so the author broke.
    broken = _text("宣传部", 102, 700) + _text("组织部", 102, 688)
    assert cell_text(broken, 100, 150) == "宣传部\n组织部"
    numbered = _text("1．甲。", 102, 700) + _text("2．乙。", 102, 688)
    assert cell_text(numbered, 100, 200) == "1．甲。\n2．乙。"


def _line_at(text: str, y: float) -> Line:
    line = Line()
    for glyph in _text(text, 100, y):
        line.add(glyph)
    return line


def test_running_headers_footers_and_page_numbers_are_dropped():
    pages = [
        [
            _line_at("XX市总工会文件", 800),
            _line_at(f"正文第{n}页的内容", 600),
            _line_at(f"— {n} —", 40),
        ]
        for n in (1, 2, 3)
    ]
    kept = drop_running_lines(pages, [842] * 3)
    assert [[line.text for line in page] for page in kept] == [
        ["正文第1页的内容"],
        ["正文第2页的内容"],
        ["正文第3页的内容"],
    ]


def test_a_title_at_the_top_of_one_page_is_not_a_header():
    pages = [[_line_at("2024年工作要点", 800), _line_at("正文", 600)], [_line_at("正文", 800)]]
    kept = drop_running_lines(pages, [842, 842])
    assert kept[0][0].text == "2024年工作要点"


# --- Paragraphs -------------------------------------------------------------------------------


def _text_line(text: str, y: float, x: float = 90.0, size: float = 10.0) -> list[Glyph]:
    return [
        Glyph(char, x + i * size, y, x + (i + 1) * size - 0.5, y + size)
        for i, char in enumerate(text)
    ]


def test_a_note_cut_before_one_of_its_fields_goes_on_on_the_next_line():
    """ "…（责任领导：赵六；责任部门：网络中心；完成" / "时限：长期坚持）": the line opens with a
    field's name but continues the note still open above, not a note of its own."""
    texts = [
        ("　　1．办好工会网站。全年更新信息500条。", 700),
        ("　　2．办好工会微信。（责任领导：赵六；责任部门：网络中心；完成", 680),
        ("时限：长期坚持）", 660),
        ("　　3．办好工会报刊。（责任领导：赵六；责任部门：宣教部）", 640),
        ("完成时限：全年", 620),
        ("　　4)办好网站.(责任领导:赵六;责任部门:网络中心宣传;完成", 600),  # half-width
        ("时限:长期坚持)", 580),
    ]
    glyphs = [
        glyph
        for text, y in texts
        for glyph in _text_line(
            text.lstrip("　"), y, 90.0 + 10 * (len(text) - len(text.lstrip("　")))
        )
    ]
    page = group_lines(glyphs)
    margins = Margins.measure([page])
    paragraphs = paragraph_texts([(line, False) for line in page], margins)
    assert paragraphs == [
        "1．办好工会网站。全年更新信息500条。",
        "2．办好工会微信。（责任领导：赵六；责任部门：网络中心；完成时限：长期坚持）",
        "3．办好工会报刊。（责任领导：赵六；责任部门：宣教部）",
        "完成时限：全年",  # a note of its own: the one above is closed
        "4)办好网站.(责任领导:赵六;责任部门:网络中心宣传;完成时限:长期坚持)",
    ]
