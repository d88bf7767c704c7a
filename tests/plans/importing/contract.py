"""The JSON contract of ParsedPlan.to_dict(), checked key by key and type by type."""

from __future__ import annotations

import re

PLAN_KEYS = {"title", "year", "preamble", "warnings", "sections"}
SECTION_KEYS = {"label", "title", "body", "sections", "tasks"}
TASK_KEYS = {
    "label",
    "title",
    "body",
    "leaders",
    "lead_units",
    "supporting_units",
    "deadline_text",
    "deadline",
    "targets",
}
TARGET_KEYS = {"text", "value", "measure"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def check_target(target: dict) -> None:
    assert set(target) == TARGET_KEYS
    assert isinstance(target["text"], str) and target["text"]
    assert isinstance(target["measure"], str) and target["measure"]
    value = target["value"]
    assert isinstance(value, int | float) and not isinstance(value, bool)
    assert not (isinstance(value, float) and value.is_integer()), "integral values are ints"


def check_task(task: dict) -> None:
    assert set(task) == TASK_KEYS
    for key in ("label", "title", "body"):
        assert isinstance(task[key], str)
    for key in ("leaders", "lead_units", "supporting_units"):
        assert _strings(task[key])
    assert task["deadline_text"] is None or isinstance(task["deadline_text"], str)
    assert task["deadline"] is None or ISO_DATE.match(task["deadline"])
    assert isinstance(task["targets"], list)
    for target in task["targets"]:
        check_target(target)


def check_section(section: dict) -> None:
    assert set(section) == SECTION_KEYS
    for key in ("label", "title", "body"):
        assert isinstance(section[key], str)
    assert isinstance(section["sections"], list) and isinstance(section["tasks"], list)
    for child in section["sections"]:
        check_section(child)
    for task in section["tasks"]:
        check_task(task)


def check_plan(plan: dict) -> None:
    assert set(plan) == PLAN_KEYS
    assert isinstance(plan["title"], str) and isinstance(plan["preamble"], str)
    assert plan["year"] is None or (isinstance(plan["year"], int) and 1900 <= plan["year"] < 2100)
    assert _strings(plan["warnings"])
    assert isinstance(plan["sections"], list)
    for section in plan["sections"]:
        check_section(section)
