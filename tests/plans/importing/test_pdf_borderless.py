"""任务分工表 in PDFs drawn without ruling lines: columns found from the header's names, rows from
the 序号 column, wrapped cells joined — on PDFs LibreOffice makes of .docx tables without borders
(or with a rule above and below only), and on pages of glyphs placed here."""

import pytest

from plans.importing import DocumentError, Paragraph, Table, limits, parse_document, read_document
from plans.importing.readers import office
from plans.importing.readers.pdf_borderless import find_tables
from plans.importing.readers.pdf_text import Glyph, group_lines
from tests.plans.importing.office_files import libreoffice, table_docx
from tests.plans.importing.test_formats import _task_table_rows, summary

TITLE = "XX市总工会2024年宣传教育工作任务分工表"
# Narrow columns on a landscape page: "序号", "责任领导" and "完成时限" wrap in their cells.
WIDTHS = [1.2, 4.5, 8, 1.8, 4, 3.5, 1.3]
AFTER = ("附件：各单位联系人名单（另发）", "XX市总工会办公室")


def _rows(spaced: bool = False) -> list[list[str]]:
    rows, _merged = _task_table_rows()
    if spaced:
        rows[0][0] = "序  号"
    return rows


def _around() -> bytes:
    """A plan in paragraphs with its task table, without rules, in the middle."""
    import io

    import docx

    from tests.plans.importing.office_files import _save

    table = docx.Document(io.BytesIO(table_docx(_rows()[:9], TITLE, borders="none")))
    body = table.element.body
    first = body[0]
    for text in ("为做好2024年宣传教育工作，现将重点任务分解如下。", "一、总体要求"):
        paragraph = table.add_paragraph(text)
        first.addprevious(paragraph._p)
    for text in ("二、工作要求", "各单位要高度重视，认真抓好落实。"):
        table.add_paragraph(text)
    return _save(table)


@pytest.fixture(scope="module")
def made():
    """.docx tables without rules and the PDFs LibreOffice makes of them, in one soffice run."""
    if office.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    documents = {
        # Portrait: narrow columns, every long cell wraps; the header repeated on each page.
        "plain": table_docx(_rows(), TITLE, borders="none"),
        # Names centred in their cells, "序  号" spaced out, three names wrapped; the header not
        # repeated; a section row at the foot of a page; paragraphs below the table.
        "wide": table_docx(
            _rows(spaced=True),
            TITLE,
            landscape=True,
            borders="none",
            widths=WIDTHS,
            centred_header=True,
            repeat_header=False,
            after=AFTER,
        ),
        # Every cell in the middle of its row, top to bottom: the 序号 is not on a row's first
        # line.
        "centred": table_docx(
            _rows(), TITLE, landscape=True, borders="none", widths=WIDTHS, centred_cells=True
        ),
        # 三线表: a rule above and below the table and under the header, none between columns.
        "rules": table_docx(_rows(), TITLE, landscape=True, borders="rules"),
        "around": _around(),
    }
    return {"docx": documents, "pdf": libreoffice(documents, "pdf")}


@pytest.mark.parametrize("name", ["plain", "wide", "centred", "rules"])
def test_a_table_without_rules_reads_as_the_docx(made, name):
    pdf = parse_document(made["pdf"][name], "分工表.pdf")
    assert summary(pdf) == summary(parse_document(made["docx"][name], "分工表.docx"))
    assert [len(section.tasks) for section in pdf.sections] == [7, 7, 7]
    first = pdf.sections[0].tasks[0]
    assert first.title == "开展第1项重点活动并形成长效工作机制"  # wrapped in its cell
    assert first.lead_units == ["宣教部", "机关党委", "市教科文卫体工会"]
    assert first.body == (
        "组织职工广泛参与，新建职工书屋1家，服务职工不少于100人次。各级工会要结合实际抓好落实。"
    )
    assert (first.leaders, first.deadline_text) == (["张慧"], "2月底前")


@pytest.mark.parametrize("name", ["plain", "wide"])
def test_a_table_over_several_pages_is_one_table(made, name):
    document = read_document(made["pdf"][name], "分工表.pdf")
    (table,) = [block for block in document.blocks if isinstance(block, Table)]
    assert table.rows[0].cells == (
        "序号",
        "工作任务",
        "具体措施",
        "责任领导",
        "牵头部门",
        "配合部门",
        "完成时限",
    )
    sections = [row.cells[0] for row in table.rows if row.spans_table]
    assert sections == [
        "一、第一方面的重点工作",
        "二、第二方面的重点工作",
        "三、第三方面的重点工作",
    ]
    numbers = [row.cells[0] for row in table.rows if not row.spans_table]
    assert [n for n in numbers if n != "序号"] == [str(i) for i in range(1, 8)] * 3


def test_text_around_the_table_stays_text(made):
    pdf = parse_document(made["pdf"]["around"], "方案.pdf")
    assert summary(pdf) == summary(parse_document(made["docx"]["around"], "方案.docx"))
    document = read_document(made["pdf"]["wide"], "分工表.pdf")
    assert [block.text for block in document.blocks[-2:]] == list(AFTER)
    assert isinstance(document.blocks[0], Paragraph) and document.blocks[0].text == TITLE


# --- Pages of glyphs placed here --------------------------------------------------------------

SIZE = 10.0
# Columns of a table without rules: 序号 at 50, 工作任务 at 100, 牵头部门 at 250, 完成时限 at 350.
COLUMNS = (50, 100, 250, 350)


def _glyphs(text: str, x: float, y: float) -> list[Glyph]:
    """The characters of ``text`` from ``x`` on, a character's width each; a space is a gap."""
    return [
        Glyph(c, x + i * SIZE, y, x + (i + 1) * SIZE - 0.5, y + SIZE)
        for i, c in enumerate(text)
        if not c.isspace()
    ]


def _line(y: float, *cells: str) -> list[Glyph]:
    """A line of the table: each cell's text at its column, "" for an empty cell."""
    glyphs = []
    for x, text in zip(COLUMNS, cells, strict=False):
        glyphs += _glyphs(text, x, y)
    return glyphs


def _page(*lines: list[Glyph]):
    return group_lines([glyph for line in lines for glyph in line])


HEADER = ("序号", "工作任务", "牵头部门", "完成时限")


def _texts(table) -> list[tuple[str, ...]]:
    return [row.cells for row in table.table().rows]


def test_cells_wrapped_over_lines_and_a_section_row_across_the_table():
    page = _page(
        _glyphs("XX市总工会2024年任务分工表", 100, 760),
        _line(740, *HEADER),
        _glyphs("一、思想引领工作的重点任务", 50, 720),  # across the columns
        _line(700, "1", "开展理论宣讲活动", "宣教部、", "6月底前"),
        _line(686, "", "不少于60场", "组织部"),
        _line(666, "2", "落实意识形态责任制", "办公室", "全年"),
        _glyphs("以上任务由各牵头部门负责落实，请各部门按时报送进展。", 50, 600),
    )
    (kept,), ((table,),) = find_tables([page])
    texts = [line.text for line in kept]
    assert texts == [
        "XX市总工会2024年任务分工表",
        "以上任务由各牵头部门负责落实，请各部门按时报送进展。",
    ]
    assert _texts(table) == [
        HEADER,
        ("一、思想引领工作的重点任务", "", "", ""),
        ("1", "开展理论宣讲活动不少于60场", "宣教部、组织部", "6月底前"),
        ("2", "落实意识形态责任制", "办公室", "全年"),
    ]


def test_a_section_row_too_short_to_reach_the_next_column_is_a_section_row():
    page = _page(
        _line(740, *HEADER),
        _glyphs("一、引领", 50, 720),  # ends before the 工作任务 column: no line across
        _line(700, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _glyphs("二、文化", 50, 680),
        _line(660, "1", "建设职工书屋", "宣教部", "全年"),
    )
    (kept,), ((table,),) = find_tables([page])
    assert kept == []
    assert _texts(table) == [
        HEADER,
        ("一、引领", "", "", ""),
        ("1", "开展理论宣讲", "宣教部", "6月底前"),
        ("二、文化", "", "", ""),
        ("1", "建设职工书屋", "宣教部", "全年"),
    ]


def test_a_unit_and_a_deadline_written_once_reach_down_to_the_next_text_or_section_row():
    page = _page(
        _line(740, *HEADER),
        _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _line(700, "2", "开展调研", "", ""),
        _line(686, "", "形成报告", "", ""),
        _line(666, "3", "建设职工书屋", "办公室", ""),
        _glyphs("二、文化", 50, 646),
        _line(626, "1", "开展读书活动", "", "全年"),
    )
    (_kept,), ((table,),) = find_tables([page])
    assert _texts(table)[1:] == [
        ("1", "开展理论宣讲", "宣教部", "6月底前"),
        ("2", "开展调研\n形成报告", "宣教部", "6月底前"),  # a short line: a paragraph
        ("3", "建设职工书屋", "办公室", "6月底前"),
        ("二、文化", "", "", ""),
        ("1", "开展读书活动", "", "全年"),  # no merge reaches over a section row
    ]


def test_a_section_row_numbered_in_the_number_column_takes_nothing_from_the_rows_above():
    page = _page(
        _line(740, *HEADER),
        _line(720, "一、", "思想引领", "", ""),  # 一、 drawn by Word's numbering in the 序号 cell
        _line(700, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _line(680, "二、", "文化阵地", "", ""),
        _line(660, "2", "建设职工书屋", "", "全年"),
    )
    (_kept,), ((table,),) = find_tables([page])
    assert _texts(table)[1:] == [
        ("一、", "思想引领", "", ""),
        ("1", "开展理论宣讲", "宣教部", "6月底前"),
        ("二、", "文化阵地", "", ""),
        ("2", "建设职工书屋", "", "全年"),
    ]


def test_a_heading_and_a_header_below_the_table_start_another_table():
    """One table per section, each under its heading: the heading is text between two tables,
    not a section row of the first."""
    page = _page(
        _glyphs("一、引领", 50, 760),
        _line(740, *HEADER),
        _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _glyphs("二、文化", 50, 700),
        _line(680, *HEADER),
        _line(660, "1", "建设职工书屋", "宣教部", "全年"),
    )
    (kept,), ((first, second),) = find_tables([page])
    assert [line.text for line in kept] == ["一、引领", "二、文化"]
    assert _texts(first) == [HEADER, ("1", "开展理论宣讲", "宣教部", "6月底前")]
    assert _texts(second) == [HEADER, ("1", "建设职工书屋", "宣教部", "全年")]


def test_text_in_the_number_column_that_is_no_number_ends_the_table():
    page = _page(
        _line(740, *HEADER),
        _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _line(700, "附件2", "", "", ""),
    )
    (kept,), ((table,),) = find_tables([page])
    assert [line.text for line in kept] == ["附件2"]
    assert len(_texts(table)) == 2


def test_a_wide_gap_ends_the_table():
    page = _page(
        _line(740, *HEADER),
        _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _line(600, "", "落款", "", ""),
    )
    (kept,), ((table,),) = find_tables([page])
    assert [line.text for line in kept] == ["落款"]
    assert len(_texts(table)) == 2


def test_a_header_without_numbered_rows_is_no_table():
    page = _page(_line(740, *HEADER), _line(720, "", "说明文字", "", ""))
    (kept,), (found,) = find_tables([page])
    assert found == [] and len(kept) == 2


def test_a_table_goes_on_at_the_top_of_the_next_page_without_its_header():
    first = _page(
        _line(740, *HEADER),
        _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _line(706, "", "不少于60场", "", ""),
    )
    second = _page(_line(780, "", "（续）", "", ""), _line(760, "2", "开展调研", "研究室", "全年"))
    kept, tables = find_tables([first, second])
    assert kept == [[], []]
    assert tables[1][0].same_columns(tables[0][0])
    assert _texts(tables[1][0]) == [("", "（续）", "", ""), ("2", "开展调研", "研究室", "全年")]


def test_a_section_row_at_the_foot_of_a_page_is_text_when_the_table_does_not_go_on():
    first = _page(
        _line(740, *HEADER),
        _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _glyphs("二、下一部分的重点工作内容", 50, 700),
    )
    second = _page(_glyphs("各单位要认真抓好落实，确保各项任务按期完成，取得实效。", 50, 780))
    kept, tables = find_tables([first, second])
    assert [line.text for line in kept[0]] == ["二、下一部分的重点工作内容"]
    assert len(_texts(tables[0][0])) == 2 and tables[1] == []


def test_a_section_row_at_the_foot_of_the_last_page_is_text():
    page = _page(
        _line(740, *HEADER),
        _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _glyphs("二、下一部分的重点工作内容", 50, 700),
    )
    (kept,), ((table,),) = find_tables([page])
    assert [line.text for line in kept] == ["二、下一部分的重点工作内容"]
    assert len(_texts(table)) == 2


def test_a_section_row_at_the_foot_of_a_page_heads_the_rows_of_the_next():
    first = _page(
        _line(740, *HEADER),
        _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"),
        _glyphs("二、下一部分的重点工作内容", 50, 700),
    )
    second = _page(_line(780, "1", "开展调研", "研究室", "全年"))
    kept, tables = find_tables([first, second])
    assert kept == [[], []]
    assert _texts(tables[0][0])[-1] == ("二、下一部分的重点工作内容", "", "", "")


@pytest.mark.parametrize(
    ("first", "second", "names"),
    [
        # "序  号" spaced out; "完成" over "时限" wrapped in a narrow cell.
        (("序 号", "工作任务", "牵头部门", "完成"), ("", "", "", "时限"), HEADER),
        # "责任领导" centred in a taller cell stands alone above the others' line.
        (("", "", "责任领", ""), ("序号", "工作任务", "", "完成时限"), None),
    ],
)
def test_header_names_spaced_out_or_wrapped_are_joined(first, second, names):
    lines = [_line(752, *first), _line(740, *second)]
    if names is None:
        lines.append(_line(728, "", "", "导", ""))
        names = ("序号", "工作任务", "责任领导", "完成时限")
    page = _page(*lines, _line(710, "1", "开展理论宣讲", "张慧", "6月底前"))
    (kept,), ((table,),) = find_tables([page])
    assert kept == []
    assert _texts(table) == [names, ("1", "开展理论宣讲", "张慧", "6月底前")]


@pytest.mark.parametrize("name", ["plain", "rules"])
def test_rows_of_a_table_without_rules_count_against_the_limits(made, name, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TABLE_ROWS", 10)
    with pytest.raises(DocumentError) as raised:
        read_document(made["pdf"][name], "分工表.pdf")
    assert "more than 10 rows" in str(raised.value)


def test_a_header_wider_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TABLE_COLUMNS", 3)
    page = _page(_line(740, *HEADER), _line(720, "1", "开展理论宣讲", "宣教部", "6月底前"))
    with pytest.raises(DocumentError) as raised:
        find_tables([page])
    assert "4 columns wide" in str(raised.value)
