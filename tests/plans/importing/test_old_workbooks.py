"""Old Excel (.xls) and WPS spreadsheet (.et) task lists: converted to .xlsx by LibreOffice Calc
in the sandboxed, time-limited way .doc files are, then read by the Excel reader. The .xls files
are made here by LibreOffice from .xlsx workbooks; a file is told by its content, whatever its
name."""

import json
import sys
from collections import OrderedDict
from pathlib import Path

import pytest

from plans.importing import DocumentError, parse_document, read_document
from plans.importing.readers import office
from tests.plans.importing.helpers import SAMPLES
from tests.plans.importing.office_files import libreoffice, requires_soffice, workbook
from tests.tasks.workspace.files import ole
from unionplans.lib import compound

XLSX = (SAMPLES / "sample-2023-task-list.xlsx").read_bytes()


@pytest.fixture
def empty_cache(monkeypatch):
    """Conversions by a stand-in soffice are not kept for other tests (the real ones are: a
    file is converted once, whatever it is called)."""
    monkeypatch.setattr(office, "_cache", OrderedDict())


def _merged_workbook() -> bytes:
    """Titles above the header, a notes sheet left open, merged section rows, a leader merged
    over two tasks, a line break typed in a cell."""
    rows = [
        ["附件1"],
        ["XX市总工会2024年宣传工作任务分工表"],
        ["序号", "重点任务", "具体措施", "分管领导", "牵头部门", "配合部门", "完成时限"],
        ["一、思想引领"],
        [
            1,
            "开展主题宣讲",
            "组织宣讲团开展基层宣讲\n不少于50场次",
            "张伟",
            "宣传教育部",
            "研究室",
            "10月",
        ],
        [2, "推进调查", "完成抽样调查", None, "宣传教育部", "财务部、办公室", "上半年"],
        ["二、文化阵地"],
        [1, "职工书屋提质增效", "新建示范职工书屋15家", "刘洋", "宣传教育部", None, "年底前"],
    ]
    return workbook(
        {"说明": [["填表说明：请按部门填写"]], "任务": rows},
        {"任务": ["A4:G4", "A7:G7", "D5:D6"]},
        active=0,
    )


@pytest.fixture(scope="module")
def made_xls():
    """The .xls LibreOffice saves of the workbook with merges (the sample's is the session's
    sample_xls)."""
    if office.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return libreoffice({"merged": _merged_workbook()}, "xls")["merged"]


@requires_soffice
@pytest.mark.parametrize("name", ["清单.xls", "清单.et", "清单.XLS"])
def test_xls_reads_as_the_xlsx_it_was_made_from(sample_xls, name):
    assert sample_xls.startswith(compound.SIGNATURE)
    assert compound.office_kind(sample_xls) == "xls"
    assert parse_document(sample_xls, name).to_dict() == parse_document(XLSX, "x.xlsx").to_dict()


@requires_soffice
def test_merged_sections_and_leaders_survive_the_conversion(made_xls):
    plan = parse_document(made_xls, "分工表.xls")
    assert plan.to_dict() == parse_document(_merged_workbook(), "分工表.xlsx").to_dict()
    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "思想引领"),
        ("二、", "文化阵地"),
    ]
    first, second = plan.sections[0].tasks
    assert first.leaders == second.leaders == ["张伟"]  # merged over both tasks
    assert first.body == "组织宣讲团开展基层宣讲不少于50场次"


@requires_soffice
@pytest.mark.parametrize("name", ["清单.txt", "清单", "清单.doc", "清单.xlsx"])
def test_an_xls_under_another_name_is_read_by_its_content(sample_xls, name):
    assert parse_document(sample_xls, name).to_dict() == parse_document(XLSX, "x.xlsx").to_dict()


@requires_soffice
def test_a_word_document_named_xls_is_read_as_a_document():
    doc = (SAMPLES / "leshan-2020-measures-list.doc").read_bytes()
    text = (SAMPLES / "leshan-2020-measures-list.txt").read_bytes()
    assert compound.office_kind(doc) == "doc"
    assert parse_document(doc, "措施.xls").to_dict() == parse_document(text, "x.txt").to_dict()


@pytest.mark.parametrize("name", ["清单.xls", "清单.et"])
def test_an_xlsx_named_xls_is_read_as_one(name):
    assert parse_document(XLSX, name).to_dict() == parse_document(XLSX, "x.xlsx").to_dict()


@pytest.mark.parametrize(
    "content", [b"<html><body><table><tr><td>1</td></tr></table></body></html>", b"a\tb\n"]
)
def test_a_web_page_or_text_named_xls_is_refused_without_libreoffice(content, monkeypatch):
    """Offices' systems save web pages as .xls; LibreOffice is never given one (it would fetch
    what the page links to)."""
    monkeypatch.setenv("SOFFICE_PATH", "/nonexistent/soffice")
    with pytest.raises(DocumentError) as raised:
        read_document(content, "导出.xls")
    message = str(raised.value)
    assert "导出.xls is not an Excel workbook" in message and ".xlsx" in message


def _fake_soffice(folder: Path, log: Path, converted: bytes, libraries=("libswlo", "libsclo")):
    """A stand-in for soffice in ``folder`` (a LibreOffice program folder holding the given
    component libraries): it logs its arguments and writes ``converted`` as its output."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "converted").write_bytes(converted)
    for library in libraries:
        (folder / f"{library}.so").write_bytes(b"")
    script = folder / "soffice"
    script.write_text(
        f"""#!{sys.executable}
import json, os, shutil, sys
args = sys.argv[1:]
with open({str(log)!r}, "a") as out:
    out.write(json.dumps({{"args": args, "cwd": os.getcwd()}}) + "\\n")
outdir = args[args.index("--outdir") + 1]
os.makedirs(outdir, exist_ok=True)
target = args[args.index("--convert-to") + 1].split(":")[0]
name = os.path.splitext(os.path.basename(args[-1]))[0] + "." + target
shutil.copy({str(folder / "converted")!r}, os.path.join(outdir, name))
"""
    )
    script.chmod(0o755)
    return script


@pytest.mark.usefixtures("empty_cache")
def test_workbooks_are_converted_by_calc_in_a_private_directory(tmp_path, monkeypatch):
    log = tmp_path / "calls.jsonl"
    script = _fake_soffice(tmp_path / "program", log, XLSX)
    monkeypatch.setenv("SOFFICE_PATH", str(script))
    data = ole("Workbook") + b"one"
    assert parse_document(data, "清单.et").to_dict() == parse_document(XLSX, "x.xlsx").to_dict()
    parse_document(data, "清单.xls")  # the same file again: converted once
    (call,) = [json.loads(line) for line in log.read_text().splitlines()]
    args = call["args"]
    assert args[args.index("--convert-to") + 1] == "xlsx:Calc MS Excel 2007 XML"
    assert args[-1].endswith("workbook.xls")  # a WPS .et is converted as Excel's format
    assert "--headless" in args
    assert f"-env:UserInstallation={Path(call['cwd'], 'profile').as_uri()}" in args
    assert not Path(call["cwd"]).exists()  # the private directory is removed


@pytest.mark.usefixtures("empty_cache")
def test_a_document_and_a_workbook_are_cached_apart(tmp_path, monkeypatch):
    """The cache is keyed by what the file is converted to as well as by its bytes."""
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("SOFFICE_PATH", str(_fake_soffice(tmp_path / "p", log, b"converted")))
    data = ole("Mystery") + b"bytes"
    assert office.convert_to_docx(data, "a.doc") == office.convert_to_xlsx(data, "a.xls")
    assert len(log.read_text().splitlines()) == 2


@pytest.mark.usefixtures("empty_cache")
def test_missing_libreoffice_names_the_calc_package(monkeypatch):
    monkeypatch.setenv("SOFFICE_PATH", "/nonexistent/soffice")
    with pytest.raises(DocumentError) as raised:
        read_document(ole("Workbook"), "旧清单.et")
    message = str(raised.value)
    assert "旧清单.et" in message and "LibreOffice is not installed" in message
    assert "apt-get install libreoffice-calc-nogui" in message and ".xlsx" in message


@pytest.mark.usefixtures("empty_cache")
def test_libreoffice_without_calc_says_so(tmp_path, monkeypatch):
    log = tmp_path / "calls.jsonl"
    script = _fake_soffice(tmp_path / "program", log, XLSX, libraries=("libswlo",))
    monkeypatch.setenv("SOFFICE_PATH", str(script))
    with pytest.raises(DocumentError) as raised:
        read_document(ole("Workbook"), "旧清单.xls")
    message = str(raised.value)
    assert "Calc is not installed" in message and "libreoffice-calc-nogui" in message
    assert not log.exists()  # LibreOffice was not started for nothing


@pytest.mark.usefixtures("empty_cache")
def test_libreoffice_without_writer_says_so(tmp_path, monkeypatch):
    script = _fake_soffice(tmp_path / "program", tmp_path / "log", b"", libraries=("libsclo",))
    monkeypatch.setenv("SOFFICE_PATH", str(script))
    with pytest.raises(DocumentError) as raised:
        read_document(ole("WordDocument"), "旧要点.wps")
    assert "Writer is not installed" in str(raised.value)


@pytest.mark.usefixtures("empty_cache")
def test_a_failed_workbook_conversion_says_so(tmp_path, monkeypatch):
    script = _fake_soffice(tmp_path / "program", tmp_path / "log", b"")  # writes an empty file
    monkeypatch.setenv("SOFFICE_PATH", str(script))
    with pytest.raises(DocumentError) as raised:
        read_document(ole("Workbook"), "坏.xls")
    message = str(raised.value)
    assert "LibreOffice could not convert 坏.xls" in message and "not a workbook" in message


@pytest.mark.usefixtures("empty_cache")
@pytest.mark.parametrize("name", ["旧.xls", "旧.et", "旧.doc", "旧.txt"])
def test_a_damaged_compound_file_is_refused_without_libreoffice(tmp_path, monkeypatch, name):
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("SOFFICE_PATH", str(_fake_soffice(tmp_path / "program", log, XLSX)))
    for damaged in (compound.SIGNATURE + b"\0" * 64, ole("Workbook", loop=True)):
        with pytest.raises(DocumentError) as raised:
            read_document(damaged, name)
        assert f"{name} could not be opened: it is damaged" in str(raised.value)
    assert not log.exists()
