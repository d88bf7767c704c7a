"""The JSON contract of ParsedPlan.to_dict(), checked key by key and type by type."""

from __future__ import annotations

import re

PLAN_KEYS = {"title", "year", "preamble", "warnings", "sections"}
# "warnings" of a section or task: those of the plan's warnings that are about it.
SECTION_KEYS = {"label", "title", "body", "sections", "tasks", "warnings"}
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
    "warnings",
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
    assert _strings(task["warnings"])
    assert isinstance(task["targets"], list)
    for target in task["targets"]:
        check_target(target)


def check_section(section: dict) -> None:
    assert set(section) == SECTION_KEYS
    for key in ("label", "title", "body"):
        assert isinstance(section[key], str)
    assert _strings(section["warnings"])
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
    # An item's warnings are the plan's too: a tool reading only the plan's misses none.
    assert set(_item_warnings(plan["sections"])) <= set(plan["warnings"])


def _item_warnings(sections):
    for section in sections:
        yield from section["warnings"]
        for task in section["tasks"]:
            yield from task["warnings"]
        yield from _item_warnings(section["sections"])
