"""A 责任领导, 牵头部门 or 完成时限 merged down over several rows of a 任务分工表 is read for every
row it spans, by every reader: .docx (vMerge) and .doc, ruled PDF, PDF without rules or with a
rule above and below only (nothing marks the merge there: the text stands at the top of the
merged cell or in its middle, the rows beside it empty), and .xlsx."""

import pytest

from plans.importing import parse_document
from plans.importing.readers import office
from tests.plans.importing.office_files import libreoffice, table_docx, workbook
from tests.plans.importing.test_formats import _task_table_rows, summary

TITLE = "XX市总工会2024年宣传教育工作任务分工表"
HEADER = ["序号", "工作任务", "具体措施", "责任领导", "牵头部门", "配合部门", "完成时限"]
# Rows 2–4 and 5–7 merged in the leader, lead unit and deadline columns.
MERGES = {2: 2, 5: 2}
MERGED_COLUMNS = (3, 4, 6)


def _rows() -> list[list[str]]:
    """A table of one page: short section rows, rows of one to three lines; the leader, the lead
    unit and the deadline written in the first row of each merge, the others left empty (as a
    merged cell is printed); an empty 配合部门 in some rows."""
    rows = [HEADER, ["一、思想引领"]]
    for number in range(1, 7):
        first = number in (1, 4)
        rows.append(
            [
                str(number),
                f"开展第{number}项工作",
                "组织职工广泛参与。" * (number % 3 + 1),
                ("张慧" if number == 1 else "张雷") if first else "",
                ("宣教部" if number == 1 else "组织部") if first else "",
                "办公室" if number % 2 else "",
                ("6月底前" if number == 1 else "全年") if first else "",
            ]
        )
    rows.append(["二、文化阵地"])
    for number in range(7, 10):
        rows.append(
            [str(number), f"开展第{number}项工作", "建好阵地。", "李明", "宣教部", "", "全年"]
        )
    return rows


def _docx(**options) -> bytes:
    return table_docx(_rows(), TITLE, MERGES, True, merged_columns=MERGED_COLUMNS, **options)


def _xlsx() -> bytes:
    rows = [[TITLE], *(row if len(row) > 1 else row + [""] * 6 for row in _rows())]
    merges = ["A3:G3", "A10:G10"]  # the section rows, then the cells merged down
    merges += [f"{column}{top}:{column}{top + 2}" for column in "DEG" for top in (4, 7)]
    return workbook({"任务分工表": rows}, {"任务分工表": merges})


@pytest.fixture(scope="module")
def made():
    """The table as .docx, and as LibreOffice prints and saves it, in two soffice runs."""
    if office.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    rows, merged = _task_table_rows()
    documents = {
        "grid": _docx(),
        "grid-centred": _docx(centred_cells=True),
        "none": _docx(borders="none"),
        "none-centred": _docx(borders="none", centred_cells=True),
        "rules": _docx(borders="rules"),
        "rules-centred": _docx(borders="rules", centred_cells=True),
        # The leader merged down each section of a table over several pages: the part of the
        # merged cell on a new page is printed empty.
        "pages": table_docx(rows, TITLE, merged, borders="none"),
    }
    return {
        "docx": documents,
        "pdf": libreoffice(documents, "pdf"),
        "doc": libreoffice({"grid": documents["grid"]}, "doc"),
    }


def _read(plan) -> list[tuple]:
    return [
        (t.leaders, t.lead_units, t.supporting_units, t.deadline_text) for t in plan.all_tasks()
    ]


EXPECTED = (
    [(["张慧"], ["宣教部"], units, "6月底前") for units in (["办公室"], [], ["办公室"])]
    + [(["张雷"], ["组织部"], units, "全年") for units in ([], ["办公室"], [])]
    + [(["李明"], ["宣教部"], [], "全年")] * 3
)


def test_the_docx_and_the_xlsx_repeat_a_merged_cell_in_each_row():
    docx = parse_document(_docx(), "分工表.docx")
    assert _read(docx) == EXPECTED
    assert summary(parse_document(_xlsx(), "分工表.xlsx")) == summary(docx)


@pytest.mark.parametrize(
    "name", ["grid", "grid-centred", "none", "none-centred", "rules", "rules-centred"]
)
def test_a_pdf_reads_a_merged_cell_for_each_row_ruled_or_not(made, name):
    pdf = parse_document(made["pdf"][name], "分工表.pdf")
    assert summary(pdf) == summary(parse_document(made["docx"][name], "分工表.docx"))
    # An empty 配合部门 is none: it is not taken from the row above.
    assert _read(pdf) == EXPECTED


def test_a_doc_reads_a_merged_cell_for_each_row(made):
    assert _read(parse_document(made["doc"]["grid"], "分工表.doc")) == EXPECTED


def test_a_cell_merged_over_a_page_break_without_rules_is_read_for_each_row(made):
    pdf = parse_document(made["pdf"]["pages"], "分工表.pdf")
    assert summary(pdf) == summary(parse_document(made["docx"]["pages"], "分工表.docx"))
    assert [{tuple(t.leaders) for t in section.tasks} for section in pdf.sections] == [
        {("张慧",)},
        {("张雷",)},
        {("李明",)},
    ]
