"""Every file people have: the real PDF, .doc and .xlsx samples, and PDFs and .doc files that
LibreOffice makes of .docx plans, read as the same plan as their text or .docx twin."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.importing import DocumentError, Paragraph, Table, parse_document, read_document
from plans.importing.readers import office
from tests.plans.importing.contract import check_plan
from tests.plans.importing.helpers import SAMPLES
from tests.plans.importing.office_files import (
    libreoffice,
    official_docx,
    requires_soffice,
    table_docx,
)


def summary(plan) -> dict:
    """What must not differ between formats: title, year, the outline, and each task's title,
    responsibilities, deadline and targets; bodies without their line breaks and spaces (a PDF
    cannot tell a paragraph break at the page's right edge from a wrapped line)."""

    def section(s):
        return {
            "label": s.label,
            "title": s.title,
            "sections": [section(c) for c in s.sections],
            "tasks": [
                (
                    t.label,
                    t.title,
                    "".join(t.body.split()),
                    t.leaders,
                    t.lead_units,
                    t.supporting_units,
                    t.deadline_text,
                    t.deadline,
                    [(target.value, target.measure) for target in t.targets],
                )
                for t in s.tasks
            ],
        }

    return {"title": plan.title, "year": plan.year, "sections": [section(s) for s in plan.sections]}


def twin(name: str):
    return parse_document((SAMPLES / name).read_bytes(), name)


# --- The real samples -------------------------------------------------------------------------


def test_pdf_sample_is_its_text_twin():
    pdf = twin("pingdingshan-2021-publicity-plan.pdf")
    text = twin("pingdingshan-2021-publicity-plan.txt")
    assert summary(pdf) == summary(text)
    assert pdf.to_dict() == text.to_dict()  # this one even to the line breaks of its bodies


@requires_soffice
@pytest.mark.parametrize("name", ["plan.doc", "plan.wps", "plan.DOC"])
def test_doc_sample_is_its_text_twin_under_any_name(name):
    data = (SAMPLES / "leshan-2020-measures-list.doc").read_bytes()
    text = twin("leshan-2020-measures-list.txt")
    assert parse_document(data, name).to_dict() == text.to_dict()


def test_xlsx_sample():
    plan = twin("sample-2023-task-list.xlsx")
    assert plan.title == "示例市总工会2023年宣传工作重点任务清单"
    assert plan.year == 2023
    assert [(s.label, s.title) for s in plan.sections] == [
        ("（一）", "思想引领"),
        ("（二）", "文化阵地"),
    ]
    tasks = [
        (t.label, t.title, t.leaders, t.lead_units, t.supporting_units, t.deadline)
        for t in plan.all_tasks()
    ]
    assert tasks == [
        ("1", "开展主题宣讲", ["张伟"], ["宣传教育部"], ["各县区总工会"], date(2023, 10, 31)),
        ("2", "推进职工思想状况调查", ["张伟"], ["宣传教育部"], ["研究室"], date(2023, 6, 30)),
        (
            "3",
            "职工书屋提质增效",
            ["刘洋"],
            ["宣传教育部"],
            ["财务部", "各县区总工会"],
            date(2023, 12, 31),
        ),
    ]
    assert [(t.value, t.measure) for t in plan.sections[1].tasks[0].targets] == [(15, "家")]
    assert not any("Task" in warning for warning in plan.warnings)


# --- Files LibreOffice makes ------------------------------------------------------------------


def _task_table_rows() -> tuple[list[list[str]], dict[int, int]]:
    """A 任务分工表 long enough to run over pages: merged section rows, 序号 restarting in each
    section, the leader merged down each section, cells that wrap."""
    rows = [["序号", "工作任务", "具体措施", "责任领导", "牵头部门", "配合部门", "完成时限"]]
    merged, number = {}, 0
    for section, leader in zip("一二三", ["张慧", "张雷", "李明"], strict=True):
        rows.append([f"{section}、第{section}方面的重点工作"])
        merged[len(rows)] = 6
        for index in range(7):
            number += 1
            rows.append(
                [
                    str(index + 1),
                    f"开展第{number}项重点活动并形成长效工作机制",
                    f"组织职工广泛参与，新建职工书屋{number}家，服务职工不少于{number * 100}"
                    "人次。各级工会要结合实际抓好落实。",
                    leader,
                    "宣教部、机关党委、市教科文卫体工会",
                    "组织部、办公室" if number % 2 else "经审办",
                    f"{number % 12 + 1}月底前",
                ]
            )
    return rows, merged


def _repetitive_plan() -> str:
    """Twenty tasks written alike, so that lines at the top and bottom of pages look like
    running headers and footers, numbers aside."""
    lines = ["XX市总工会2024年宣传教育工作要点", "2024年是关键之年，现制定如下工作要点。"]
    for section in range(10):
        lines.append(f"{'一二三四五六七八九十'[section]}、第{section + 1}方面的重点工作")
        for number in (2 * section + 1, 2 * section + 2):
            lines.append(
                f"{number}．开展第{number}项重点活动。各级工会要结合实际，组织职工广泛参与，"
                f"全年新建职工书屋{number}家。（责任领导：张慧；责任部门：宣教部，组织部、"
                f"办公室；完成时限：{number % 12 + 1}月底前）"
            )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def made():
    """.docx files, and the PDF and .doc LibreOffice makes of each, in two soffice runs."""
    if office.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    rows, merged = _task_table_rows()
    documents = {path.stem: official_docx(path.read_text()) for path in SAMPLES.glob("*.txt")}
    title = "XX市总工会2024年宣传教育工作任务分工表"
    documents["table"] = table_docx(rows, title, merged)
    documents["landscape"] = table_docx(rows, title, merged, landscape=True)
    documents["repetitive"] = official_docx(_repetitive_plan())
    return {
        "docx": documents,
        "pdf": libreoffice(documents, "pdf"),
        "doc": libreoffice({"table": documents["table"]}, "doc"),
        "encrypted": libreoffice({"table": documents["table"]}, "pdf-encrypted"),
    }


@requires_soffice
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda path: path.stem)
def test_official_pdf_of_each_sample_reads_as_the_text(made, path):
    """Running header, "— n —" page numbers, indented paragraphs, a centred title: the PDF is
    read as the plan the text is."""
    pdf = parse_document(made["pdf"][path.stem], f"{path.stem}.pdf")
    assert summary(pdf) == summary(parse_document(path.read_bytes(), path.name))
    document = read_document(made["pdf"][path.stem], "plan.pdf")
    texts = [block.text for block in document.blocks if isinstance(block, Paragraph)]
    assert "XX市总工会文件" not in texts
    assert not any(text.startswith("—") for text in texts)


@requires_soffice
def test_lines_alike_at_page_edges_are_not_taken_for_headers(made):
    pdf = parse_document(made["pdf"]["repetitive"], "plan.pdf")
    assert summary(pdf) == summary(parse_document(_repetitive_plan(), ""))
    assert len(list(pdf.all_tasks())) == 20


@requires_soffice
@pytest.mark.parametrize("name", ["table", "landscape"])
def test_pdf_task_table_reads_as_the_docx(made, name):
    """Rows cut by page breaks, the header repeated on each page, the leader merged down over
    a page break: the same plan as the .docx."""
    pdf = parse_document(made["pdf"][name], "table.pdf")
    assert summary(pdf) == summary(parse_document(made["docx"][name], "table.docx"))
    assert [len(section.tasks) for section in pdf.sections] == [7, 7, 7]
    assert [t.leaders for t in pdf.sections[2].tasks] == [["李明"]] * 7  # merged down
    first = pdf.sections[0].tasks[0]
    assert first.lead_units == ["宣教部", "机关党委", "市教科文卫体工会"]  # wrapped in its cell
    assert first.body == (
        "组织职工广泛参与，新建职工书屋1家，服务职工不少于100人次。各级工会要结合实际抓好落实。"
    )


@requires_soffice
def test_pdf_table_continued_over_pages_is_one_table(made):
    document = read_document(made["pdf"]["table"], "table.pdf")
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert len(tables) == 1
    numbers = [row.cells[0] for row in tables[0].rows if not row.spans_table]
    assert numbers.count("序号") >= 2  # the header LibreOffice repeats on each page
    assert [n for n in numbers if n != "序号"] == [str(i) for i in range(1, 8)] * 3


@requires_soffice
def test_doc_made_by_libreoffice_reads_as_the_docx(made):
    doc = parse_document(made["doc"]["table"], "分工表.doc")
    assert summary(doc) == summary(parse_document(made["docx"]["table"], "table.docx"))


# --- PDFs that cannot be read -----------------------------------------------------------------


def _blank_pdf(pages: int = 1) -> bytes:
    """A PDF as a scanner makes it, for the reader: pages without a text layer."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@requires_soffice
def test_password_protected_pdf(made):
    with pytest.raises(DocumentError) as raised:
        read_document(made["encrypted"]["table"], "加密.pdf")
    assert "加密.pdf is password-protected" in str(raised.value)


def test_scanned_pdf_says_it_is_a_scan():
    with pytest.raises(DocumentError) as raised:
        read_document(_blank_pdf(2), "扫描件.pdf")
    assert "probably a scan" in str(raised.value) and "扫描件.pdf" in str(raised.value)


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7 ...", b"%PDF-1.4\n1 0 obj << >> endobj\n", b"not a pdf at all"]
)
def test_damaged_pdf(data):
    with pytest.raises(DocumentError) as raised:
        read_document(data, "plan.pdf")
    assert "could not be opened as a PDF" in str(raised.value)


def test_pdf_renamed_to_txt_is_read_as_pdf():
    data = (SAMPLES / "pingdingshan-2021-publicity-plan.pdf").read_bytes()
    assert twin("pingdingshan-2021-publicity-plan.txt").to_dict() == (
        parse_document(data, "plan.txt").to_dict()
    )


def test_pdf_page_and_character_bounds(monkeypatch):
    from plans.importing.readers import pdf

    data = (SAMPLES / "pingdingshan-2021-publicity-plan.pdf").read_bytes()
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    with pytest.raises(DocumentError) as raised:
        read_document(data, "plan.pdf")
    assert "has 3 pages; at most 2 pages" in str(raised.value)
    monkeypatch.setattr(pdf, "MAX_PAGES", 150)
    monkeypatch.setattr(pdf, "MAX_CHARACTERS", 1000)
    with pytest.raises(DocumentError) as raised:
        read_document(data, "plan.pdf")
    assert "more than 1,000 characters" in str(raised.value)


SAMPLE_PDF = (SAMPLES / "pingdingshan-2021-publicity-plan.pdf").read_bytes()
SAMPLE_XLSX = (SAMPLES / "sample-2023-task-list.xlsx").read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([(SAMPLE_PDF, "plan.pdf"), (SAMPLE_XLSX, "plan.xlsx")]),
    st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)), max_size=4),
    st.floats(0.05, 1),
)
def test_damaged_pdf_and_xlsx_raise_only_document_error(source, damage, kept):
    data, name = source
    damaged = bytearray(data[: max(1, int(len(data) * kept))])
    for where, garbage in damage:
        position = int(where * (len(damaged) - 1))
        damaged[position : position + len(garbage)] = garbage
    try:
        plan = parse_document(bytes(damaged), name)
    except DocumentError as error:
        assert str(error)
    else:
        check_plan(plan.to_dict())
