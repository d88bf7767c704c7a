"""ParsedPlan.to_dict() keeps the JSON contract other tools rely on."""

import json
from datetime import date

import pytest

from plans.importing import ParsedPlan, ParsedSection, ParsedTarget, ParsedTask, parse_document
from tests.plans.importing.contract import check_plan
from tests.plans.importing.helpers import SAMPLES


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda path: path.stem)
def test_samples_follow_the_contract(path):
    plan = parse_document(path.read_bytes(), path.name).to_dict()
    check_plan(plan)
    assert json.loads(json.dumps(plan, ensure_ascii=False)) == plan


def test_contract_of_a_hand_built_plan():
    plan = ParsedPlan(
        title="2021年工作要点",
        year=2021,
        preamble="前言",
        warnings=["w"],
        sections=[
            ParsedSection(
                label="一、",
                title="思想引领",
                sections=[ParsedSection(label="（一）", title="子节")],
                tasks=[
                    ParsedTask(
                        label="1．",
                        title="加强学习",
                        lead_units=["宣教部"],
                        deadline_text="8月",
                        deadline=date(2021, 8, 31),
                        targets=[ParsedTarget("新建书屋30家", 30, "家")],
                    )
                ],
            )
        ],
    )
    data = plan.to_dict()
    check_plan(data)
    task = data["sections"][0]["tasks"][0]
    assert task["deadline"] == "2021-08-31"
    assert task["targets"] == [{"text": "新建书屋30家", "value": 30, "measure": "家"}]
    assert '"value": 30,' in json.dumps(task["targets"][0])
    assert data["sections"][0]["sections"][0] == {
        "label": "（一）",
        "title": "子节",
        "body": "",
        "sections": [],
        "tasks": [],
        "warnings": [],
    }


def test_contract_checker_rejects_float_integers_and_bad_dates():
    plan = parse_document(
        "2021年要点\n一、甲\n1．新建书屋30家。（牵头部门：宣教部；完成时限：8月）", ""
    )
    data = plan.to_dict()
    check_plan(data)
    task = data["sections"][0]["tasks"][0]
    task["targets"][0]["value"] = 30.0
    with pytest.raises(AssertionError):
        check_plan(data)
    task["targets"][0]["value"] = 30
    task["deadline"] = "31/08/2021"
    with pytest.raises(AssertionError):
        check_plan(data)


ITEM_WARNINGS = """2026年要点
1、指导思想
二、思想引领
（一）开展理论宣讲。（牵头部门：宣教部；完成时限：全年）
（二）落实意识形态责任制。（完成时限：6月底前）
（三）组织读书活动。（牵头部门：宣教部）
"""


def test_warnings_name_the_item_they_are_about():
    plan = parse_document(ITEM_WARNINGS, "")
    data = plan.to_dict()
    check_plan(data)
    first, second = data["sections"]
    assert len(first["warnings"]) == 1 and "1、指导思想" in first["warnings"][0]
    tasks = second["tasks"]
    assert tasks[0]["warnings"] == []
    assert len(tasks[1]["warnings"]) == 1 and "has no lead unit" in tasks[1]["warnings"][0]
    assert len(tasks[2]["warnings"]) == 1 and "has no deadline" in tasks[2]["warnings"][0]
    # The plan's list still holds every warning, in the strings it always had.
    assert first["warnings"][0] in data["warnings"]
    assert tasks[1]["warnings"][0] in data["warnings"]
    assert ParsedPlan.from_dict(data) == plan


def test_json_kept_before_items_had_warnings_is_read():
    data = parse_document(ITEM_WARNINGS, "").to_dict()

    def strip(section):
        del section["warnings"]
        for task in section["tasks"]:
            del task["warnings"]
        for child in section["sections"]:
            strip(child)

    for section in data["sections"]:
        strip(section)
    plan = ParsedPlan.from_dict(data)
    assert all(task.warnings == [] for task in plan.all_tasks())
