"""The command line of documents: export_round (the compilation as Word, edited or generated,
and the answers as Excel) and export_summary; bad ids and formats exit 2 with one line."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tasks.models import Writing
from tasks.writings import service


def _call(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _text(path):
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_export_round_writes_the_generated_compilation(dw, tmp_path):
    output = tmp_path / "汇总.docx"
    out = _call("export_round", str(dw.round.pk), "--format", "docx", "--output", str(output))
    assert str(output) in out
    text = _text(output)
    assert "已完成选址评估，首批书屋挂牌。" in text and "乙县已开展宣讲12场。" in text
    assert "未报送：丙区总工会。" in text
    assert not Writing.objects.exists()  # generated for the file, not saved


def test_export_round_writes_the_edited_compilation(dw, tmp_path):
    writing = service.create(dw.planner, Writing.Kind.COMPILATION, dw.plan, rnd=dw.round)
    service.save(
        dw.planner,
        writing,
        loaded_version=1,
        title="改过的汇总",
        body="一、总体情况\n改过的正文。",
        issuer="宣教部",
        issued_on=None,
    )
    output = tmp_path / "out.docx"
    _call("export_round", str(dw.round.pk), "--format", "docx", "--output", str(output))
    text = _text(output)
    assert "改过的汇总" in text and "改过的正文。" in text
    assert "乙县已开展宣讲12场。" not in text


def test_export_round_as_excel(dw, tmp_path):
    output = tmp_path / "out.xlsx"
    _call("export_round", str(dw.round.pk), "--format", "xlsx", "--output", str(output))
    sheet = openpyxl.load_workbook(output).worksheets[0]
    units = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert units == ["甲区总工会", "乙县总工会", "乙县总工会", "丙区总工会"]


def test_export_summary(dw, tmp_path):
    output = tmp_path / "总结.docx"
    _call("export_summary", str(dw.plan.pk), "--output", str(output))
    text = _text(output)
    assert "宣教部2026年度工作总结" in text
    assert "新建市级职工书屋 28/30 家（未完成）" in text
    assert "未完成事项及原因" in text


@pytest.mark.parametrize(
    "args",
    [
        ("export_round", "999999", "--format", "docx"),
        ("export_round", "x1", "--format", "xlsx"),
        ("export_round", "ROUND", "--format", "pdf"),
        ("export_summary", "999999"),
        ("export_summary", "²"),
    ],
)
def test_bad_ids_and_formats_exit_with_status_2(dw, args, tmp_path):
    args = tuple(str(dw.round.pk) if a == "ROUND" else a for a in args)
    with pytest.raises(CommandError) as error:
        _call(*args, "--output", str(tmp_path / "x"))
    assert error.value.returncode == 2
    assert len(str(error.value).splitlines()) == 1
    assert not (tmp_path / "x").exists()
