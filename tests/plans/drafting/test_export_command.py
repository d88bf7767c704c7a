"""python manage.py export_plan PLAN_ID --format docx|xlsx --output FILE"""

import io

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_exports_word(draft, tmp_path):
    output = tmp_path / "plan.docx"
    out = io.StringIO()
    call_command(
        "export_plan", str(draft.pk), "--format", "docx", "--output", str(output), stdout=out
    )
    assert str(output) in out.getvalue()
    assert docx.Document(str(output)).paragraphs[0].text == draft.title


def test_exports_the_ledger(draft, tmp_path):
    output = tmp_path / "ledger.xlsx"
    call_command(
        "export_plan",
        str(draft.pk),
        "--format",
        "xlsx",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(output).active
    assert sheet.max_row == 6


def test_default_file_name_is_the_title(draft, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("export_plan", str(draft.pk), stdout=io.StringIO())
    assert (tmp_path / f"{draft.title}.docx").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["999999", "--format", "docx"], "There is no plan 999999."),
        (["abc", "--format", "docx"], "There is no plan abc."),
        (["{pk}", "--format", "pdf"], "Unknown format 'pdf': use docx or xlsx."),
    ],
)
def test_unknown_plan_or_format(draft, tmp_path, arguments, message):
    arguments = [argument.format(pk=draft.pk) for argument in arguments]
    with pytest.raises(CommandError) as error:
        call_command("export_plan", *arguments, "--output", str(tmp_path / "x"))
    assert error.value.returncode == 2
    assert str(error.value) == message
    assert not (tmp_path / "x").exists()
