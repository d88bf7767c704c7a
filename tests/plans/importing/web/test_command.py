"""The import_plan command's contract, which other tools rely on."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from plans.importing.readers.office import find_soffice
from plans.models import Plan, Task, Unit
from tests import factories
from tests.plans.importing.contract import check_plan

ROOT = Path(__file__).resolve().parents[4]
SAMPLES = ROOT / "plans" / "demo" / "samples"
LESHAN = SAMPLES / "leshan-2020-measures-list.txt"


def _run(*args, env_extra=None):
    """The command in its own process, as other tools call it."""
    import os

    env = {**os.environ, "DEBUG": "1", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "manage.py", "import_plan", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_dry_run_json_prints_exactly_one_object(tmp_path):
    result = _run(str(LESHAN), "--dry-run", "--json", env_extra={"VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)  # the whole of stdout is one JSON document
    check_plan(plan)
    assert plan["year"] == 2020
    assert [s["label"] for s in plan["sections"]] == ["一、", "二、", "三、"]
    first = plan["sections"][0]["tasks"][0]
    assert first["deadline"] == "2020-12-31"
    assert first["lead_units"] == ["组宣部"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
        ("broken.pdf", b"%PDF-1.4"),
        ("list.csv", b"a,b"),
    ],
)
def test_unsupported_file_exits_2_with_one_line(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = _run(str(path), "--dry-run", "--json", env_extra={"VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_exits_2(tmp_path):
    result = _run(str(tmp_path / "nowhere.docx"), "--dry-run", env_extra={"VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "nowhere.docx" in result.stderr


@pytest.mark.django_db
def test_dry_run_saves_nothing(capsys):
    call_command("import_plan", str(LESHAN), "--dry-run", "--json")
    assert Plan.objects.count() == 0 and Unit.objects.count() == 0
    assert json.loads(capsys.readouterr().out)["title"].endswith("工作举措清单")


@pytest.mark.django_db
def test_saves_a_draft_with_json_and_id(capsys):
    federation = factories.FederationFactory(name="乐山市总工会")
    factories.UnitFactory(name="组宣部", parent=federation)
    call_command("import_plan", str(LESHAN), "--owner", "乐山市总工会/组宣部", "--json")
    result = json.loads(capsys.readouterr().out)
    plan = Plan.objects.get(pk=result["id"])
    assert plan.status == Plan.Status.DRAFT and plan.year == 2020
    assert plan.source_file.name.endswith(".txt")
    assert Task.objects.filter(plan=plan).count() == 10
    # Units named in the list became units of the owner's federation, each once.
    names = set(Unit.objects.filter(federation=federation).values_list("name", flat=True))
    assert {"组宣部", "机关党委", "市教科文卫体工会", "经审办"} <= names


@pytest.mark.django_db
def test_year_override_and_ambiguous_owner(capsys):
    for city in ("甲市总工会", "乙市总工会"):
        factories.UnitFactory(name="宣传教育部", parent=factories.FederationFactory(name=city))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_plan", str(LESHAN), "--owner", "宣传教育部")
    assert exit_info.value.code == 2
    call_command(
        "import_plan", str(LESHAN), "--owner", "甲市总工会/宣传教育部", "--year", "2021", "--json"
    )
    assert Plan.objects.get(pk=json.loads(capsys.readouterr().out)["id"]).year == 2021


def test_dry_run_json_lists_implausible_deadlines_as_warnings(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(
        "2026年测试市总工会宣传教育工作要点\n一、思想引领\n"
        "（一）开展理论宣讲。（责任部门：宣教部；完成时限：2099年12月底前）\n"
        "（二）落实意识形态责任制。（责任部门：宣教部；完成时限：13月底前）\n",
        encoding="utf-8",
    )
    call_command("import_plan", str(path), "--dry-run", "--json")
    result = json.loads(capsys.readouterr().out)
    warnings = "\n".join(result["warnings"])
    assert "2099" in warnings and "13月底前" in warnings
    assert set(result) >= {"title", "year", "preamble", "warnings", "sections"}


@pytest.mark.django_db
@translation.override("zh-hans")  # as manage.py runs it (LANGUAGE_CODE)
def test_a_plan_already_there_is_a_warning_not_a_refusal(capsys):
    """With --owner, a plan of the same title and year in the owner's federation is said among
    the warnings (dry run or not); the plan is saved all the same."""
    federation = factories.FederationFactory(name="乐山市总工会")
    factories.UnitFactory(name="组宣部", parent=federation)
    call_command("import_plan", str(LESHAN), "--dry-run", "--json")
    title = json.loads(capsys.readouterr().out)["title"]
    owner = ["--owner", "乐山市总工会/组宣部"]
    call_command("import_plan", str(LESHAN), "--dry-run", *owner, "--json")
    assert not any("已有2020年" in w for w in json.loads(capsys.readouterr().out)["warnings"])
    call_command("import_plan", str(LESHAN), *owner)
    capsys.readouterr()
    call_command("import_plan", str(LESHAN), "--dry-run", *owner, "--json")
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert f"已有2020年的工作要点“{title}”（组宣部，草稿）。" in warnings[-1]
    call_command("import_plan", str(LESHAN), *owner)
    out = capsys.readouterr().out
    assert f"! 已有2020年的工作要点“{title}”" in out and "Saved as draft plan" in out
    assert Plan.objects.filter(title=title, year=2020).count() == 2


@pytest.mark.parametrize(
    ("name", "twin"),
    [
        ("pingdingshan-2021-publicity-plan.pdf", "pingdingshan-2021-publicity-plan.txt"),
        ("leshan-2020-measures-list.doc", "leshan-2020-measures-list.txt"),
        ("sample-2023-task-list.xlsx", None),
    ],
)
def test_every_format_gives_the_same_json_contract(tmp_path, name, twin):
    if name.endswith(".doc") and find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    env = {"VAR_DIR": str(tmp_path)}
    result = _run(str(SAMPLES / name), "--dry-run", "--json", env_extra=env)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    check_plan(plan)
    if twin:
        expected = json.loads(
            _run(str(SAMPLES / twin), "--dry-run", "--json", env_extra=env).stdout
        )
        assert plan == expected
    else:
        assert plan["year"] == 2023 and len(plan["sections"]) == 2
