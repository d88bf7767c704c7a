"""The documents as files, read back: Word with python-docx (the 公文 title style, headings, each
answer, the units that did not answer, the closing), Excel with openpyxl (a row per task and
unit, local times, text typed by units never a formula)."""

import datetime
import io

import openpyxl
from docx import Document

from plans.exporting import gongwen
from plans.models import Task
from tasks.models import Writing
from tasks.rounds import service as rounds
from tasks.writings import compilation, export, service, workbook
from tests.tasks.writings.conftest import DUE


def _compilation(dw):
    return service.create(dw.planner, Writing.Kind.COMPILATION, dw.plan, rnd=dw.round)


def _read(data):
    return Document(io.BytesIO(data))


def test_the_compilation_in_word(dw):
    # A label as plans number their tasks (the factory's sequence may pass 999, no label).
    Task.objects.filter(pk=dw.task_a.pk).update(label="3．")
    dw.task_a.refresh_from_db()
    writing = _compilation(dw)
    document = _read(export.docx(writing))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].style.name == gongwen.TITLE
    assert paragraphs[0].text == "2026年第三季度进展报送情况汇总"
    headings = [p.text for p in paragraphs if p.style.name == gongwen.HEADING_1]
    assert headings == [f"{dw.section.label}{dw.section.title}"]
    text = "\n".join(p.text for p in paragraphs)
    assert "已完成选址评估，首批书屋挂牌。" in text
    assert "区内新建书屋28家。" in text
    assert "乙县已开展宣讲12场。" in text
    assert "未报送单位：乙县总工会（1项）、丙区总工会（1项）。" in text
    assert "未报送：丙区总工会。" in text
    task_line = next(p for p in paragraphs if p.text == f"{dw.task_a.label}甲的任务。")
    assert task_line.runs[0].bold and task_line.runs[0].text == f"{dw.task_a.label}甲的任务。"
    issuer, day = paragraphs[-2:]
    assert issuer.text == dw.propaganda.name
    assert (
        day.text
        == f"{writing.issued_on.year}年{writing.issued_on.month}月{writing.issued_on.day}日"
    )
    assert document.core_properties.title == writing.title


def test_the_word_file_follows_the_edited_text(dw):
    writing = _compilation(dw)
    service.save(
        dw.planner,
        writing,
        loaded_version=writing.version,
        title="第三季度汇总",
        body="一、总体情况\n各单位报送及时。\n（一）书屋建设\n1．推进书屋建设。已建成28家。",
        issuer="宣教部",
        issued_on=datetime.date(2026, 10, 8),
    )
    writing.refresh_from_db()
    paragraphs = [p for p in _read(export.docx(writing)).paragraphs if p.text.strip()]
    styles = [(p.style.name, p.text) for p in paragraphs]
    assert styles[:4] == [
        (gongwen.TITLE, "第三季度汇总"),
        (gongwen.HEADING_1, "一、总体情况"),
        ("Normal", "各单位报送及时。"),
        (gongwen.HEADING_2, "（一）书屋建设"),
    ]
    assert [p.text for p in paragraphs[-2:]] == ["宣教部", "2026年10月8日"]


def _rows(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return sheet, list(sheet.iter_rows(min_row=3))


def test_the_compilation_in_excel(dw):
    rounds.answer(dw.reporter_c, dw.round, dw.task_c, dw.unit_c, text="=HYPERLINK(1) 已开展")
    data = workbook.xlsx(compilation.gather(dw.round), compilation.title(dw.round))
    sheet, rows = _rows(data)
    assert sheet["A1"].value == "2026年第三季度进展报送情况汇总"
    assert [cell.value for cell in sheet[2]][:4] == ["序号", "部分", "任务", "单位"]
    values = [[cell.value for cell in row] for row in rows]
    assert [(row[3], row[9]) for row in values] == [
        ("甲区总工会", "按时报送"),
        ("乙县总工会", "未报送"),
        ("乙县总工会", "逾期报送"),
        ("丙区总工会", "逾期报送"),
    ]
    first = values[0]
    assert first[4] == "牵头" and first[6] == 60 and first[7] == "新建市级职工书屋 28 家"
    assert first[5].startswith("已完成选址评估")
    # 10:00 in Shanghai, written as the wall-clock time there.
    assert first[8] == datetime.datetime.combine(
        DUE - datetime.timedelta(days=2), datetime.time(10)
    )
    formula = rows[3][5]
    assert formula.value == "=HYPERLINK(1) 已开展"
    assert formula.data_type == "s" and formula.quotePrefix
