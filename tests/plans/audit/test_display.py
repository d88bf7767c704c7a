"""The one renderer of audit entries (``plans.audit.display``): registered actions and fields
read as words, values as people write them, and whatever nobody registered still renders
without a raw code or a Python dict."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from plans import audit
from plans.audit import display
from plans.models import AuditEntry, Plan, Task
from tasks.workspace import workflow

ROOT = Path(__file__).resolve().parents[3]


def _entry(world, action, summary="", before=None, after=None, task=True):
    return AuditEntry.objects.create(
        plan=world.plan,
        task=world.task_a if task else None,
        action=action,
        summary=summary,
        before=before,
        after=after,
    )


def _read(row):
    return [(str(c.label), c.before, c.after) for c in row.changes]


# --- Values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, None),
        ("", None),
        ([], None),
        ({}, None),
        (0, "0"),
        ("全年", "全年"),
        (["甲区总工会", "乙县总工会"], "甲区总工会、乙县总工会"),
        ({"units": ["甲", "乙"], "note": "x"}, "甲、乙、x"),
        ([["甲"], {"b": "乙"}, None], "甲、乙"),
        (datetime.date(2026, 11, 30), "2026-11-30"),
        # Recorded in UTC, read in Asia/Shanghai.
        (datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC), "2026-03-02 09:30"),
        ("2026-03-02T01:30:00+00:00", "2026-03-02 09:30"),
        ("2026-03-02T23:30:00+00:00", "2026-03-03 07:30"),
        ("2026-03-02 十点开会", "2026-03-02 十点开会"),
    ],
)
def test_any_value_reads_as_text(value, shown):
    assert display.text(value) == shown


def test_flags_read_as_yes_or_no():
    with translation.override("en"):
        assert (display.text(True), display.text(False)) == ("Yes", "No")
    with translation.override("zh-hans"):
        assert (display.text(True), display.text(False)) == ("是", "否")


def test_dates_codes_and_figures():
    assert display.date("2026-11-30") == "2026-11-30"
    assert display.date("2026-13-45") == "2026-13-45"  # not a date: shown as written
    assert display.date(datetime.date(2026, 1, 5)) == "2026-01-05"
    assert display.moment("2026-01-05T16:00:00Z") == "2026-01-06 00:00"
    with translation.override("en"):
        assert display.choice(Task.Status)("in_progress") == "In progress"
        assert display.choice(Plan.Status)("archived") == "Archived"
    assert display.choice(Task.Status)("lost") == "lost"
    reported = [{"target": "新建职工书屋", "value": "12"}, {"target": "宣讲", "value": 3}, "其他"]
    with translation.override("zh-hans"):
        assert display.figures(reported) == "新建职工书屋：12；宣讲：3；其他"
    assert display.figures([]) is None


# --- Entries ----------------------------------------------------------------------------------


def test_a_drafting_entry_reads_in_words(world):
    entry = audit.record(
        world.planner,
        "task.update",
        task=world.task_a,
        summary="修改任务",
        before={"deadline": datetime.date(2026, 11, 30), "lead_units": ["甲区总工会"]},
        after={"deadline": datetime.date(2026, 10, 31), "lead_units": ["甲区总工会", "乙"]},
    )
    with translation.override("en"):
        [row] = display.rows([entry])
        assert str(row.label) == "Task changed"
        # In the order the fields are registered (the task's own), not PostgreSQL's jsonb order.
        assert _read(row) == [
            ("lead units", "甲区总工会", "甲区总工会、乙"),
            ("deadline date", "2026-11-30", "2026-10-31"),
        ]


def test_a_plans_status_reads_as_the_plans_not_a_tasks(world):
    entry = _entry(
        world, "plan.publish", before={"status": "draft"}, after={"status": "published"}, task=False
    )
    with translation.override("en"):
        [row] = display.rows([entry])
        assert str(row.label) == "Plan published"
        assert _read(row) == [("Status", "Draft", "Published")]


def test_a_copy_names_its_options_not_its_source_id(world):
    entry = _entry(
        world, "plan.copy", after={"source": 17, "only_open": True, "tasks": 12}, task=False
    )
    with translation.override("en"):
        assert _read(display.render(entry)) == [
            ("Only the tasks not finished", None, "Yes"),
            ("Tasks", None, "12"),
        ]


def test_a_workflow_entry_reads_in_words(world):
    entry = _entry(
        world,
        workflow.REPORTED,
        summary="进展",
        after={
            "unit": "甲区总工会",
            "percent": 40,
            "figures": [{"target": "书屋", "value": "12"}],
            "attachments": [],
            "links": ["https://example.cn/1"],
        },
    )
    with translation.override("en"):
        row = display.render(entry)
        assert str(row.label) == "Progress reported"
        assert _read(row) == [
            ("Unit", None, "甲区总工会"),
            ("Percent done", None, "40"),
            ("Figures", None, "书屋: 12"),
            ("Links", None, "https://example.cn/1"),
        ]


def test_an_acknowledgement_does_not_repeat_its_time(world):
    entry = _entry(
        world, workflow.ACKNOWLEDGED, after={"unit": "甲区总工会", "at": "2026-03-02T01:00:00Z"}
    )
    with translation.override("en"):
        assert _read(display.render(entry)) == [("Unit", None, "甲区总工会")]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("bare text", 5),
        ({"status": {"odd": "shape"}}, {"status": ["done", None]}),
        ({"deadline": 20261130}, {"deadline": {"y": 2026}}),
        ({"figures": {"target": "x"}}, {"figures": [{"value": 1}]}),
        ([1, [2, {"three": 3}]], None),
    ],
)
@pytest.mark.parametrize("action", [workflow.EXTENSION_APPROVED, "task.update", "unknown.thing"])
def test_odd_shapes_never_break_the_page(world, action, before, after):
    row = display.render(_entry(world, action, before=before, after=after))
    for change in row.changes:
        for value in (change.before, change.after):
            assert value is None or isinstance(value, str)
            assert "{" not in value if value else True  # never a dict's repr


def test_an_unknown_action_shows_its_summary_not_its_code(world):
    with translation.override("en"):
        row = display.render(_entry(world, "task.merged", summary="合并了两项任务"))
        assert (str(row.label), row.summary) == ("Change recorded", "合并了两项任务")


def test_one_action_is_registered_once():
    display.register("test.same", "x", {})
    display.register("test.same", "x", {})  # the same again: harmless
    with pytest.raises(ImproperlyConfigured):
        display.register("test.same", "y", {})
    with pytest.raises(ImproperlyConfigured):
        display.register(workflow.REPORTED, "again", {})


def _recorded_in_plans():
    """The action codes written by ``audit.record(user, "code", ...)`` in the document app."""
    codes = set()
    for path in (ROOT / "plans").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
            ):
                codes.add(node.args[1].value)
    return codes


def test_every_action_written_is_registered():
    drafting = _recorded_in_plans()
    assert len(drafting) >= 13
    steps = {
        value
        for name, value in vars(workflow).items()
        if name.isupper() and isinstance(value, str) and re.match(r"^task\.", value)
    }
    assert len(steps) == 9
    assert [code for code in sorted(drafting | steps) if not display.is_registered(code)] == []


# --- The two pages ----------------------------------------------------------------------------


def test_the_plans_change_log_reads_workflow_steps_too(client, world):
    reporter, unit = world.reporter_a, world.unit_a
    workflow.report(reporter, world.task_a, unit, text="第一次", percent=10)
    _entry(world, "task.merged")
    client.force_login(world.planner)
    content = client.get(reverse("plans:history", args=[world.plan.pk])).content.decode()
    for code in (workflow.REPORTED, workflow.ACKNOWLEDGED, workflow.STATUS_CHANGED, "task.merged"):
        assert f'data-action="{code}"' in content
        assert f">{code}<" not in content
    # Progress reported, acknowledged, the status as its label, an unknown change.
    for words in ("已报送进展", "已签收", "推进中", "其他变更"):
        assert words in content
    assert "in_progress" not in content


def test_the_task_page_reads_drafting_changes(client, world):
    audit.record(
        world.planner,
        "task.update",
        task=world.task_a,
        summary="修改任务",
        before={"deadline_text": "全年"},
        after={"deadline_text": "10月底前"},
    )
    client.force_login(world.planner)
    content = client.get(reverse("tasks:detail", args=[world.task_a.pk])).content.decode()
    assert 'data-action="task.update"' in content
    assert ">task.update<" not in content
    assert "修改任务" in content and "<del>全年</del> → 10月底前" in content


def test_a_figure_follows_its_target_after_the_separator_of_the_language():
    reported = [{"target": "新建职工书屋30家", "value": "6"}]
    with translation.override("zh-hans"):
        assert display.figures(reported) == "新建职工书屋30家：6"
    with translation.override("en"):
        assert display.figures(reported) == "新建职工书屋30家: 6"
