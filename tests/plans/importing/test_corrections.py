"""The preview's corrections on parsed plans: split, merge, task ↔ section, each renumbering
labels and checking the tasks again; bad input refused with a message."""

from datetime import date

import pytest

from plans.importing import ParsedPlan, ParsedSection, ParsedTask, parse_document
from plans.importing.corrections import (
    MERGE,
    SPLIT,
    TO_SECTION,
    TO_TASK,
    CorrectionError,
    correct,
    paragraphs,
)
from plans.importing.pending import dump_plan
from tests.plans.importing.contract import check_plan
from tests.plans.importing.helpers import SAMPLES

# A district federation's implementation plan (实施方案) as offices write them: a cover notice,
# run-in paragraphs the importer reads as tasks under （一）, and under （二） run-in paragraphs
# after a sentence of its own, which the importer keeps as one task's body.
IMPLEMENTATION_PLAN = """XX区总工会关于印发《2015年宣传工作实施方案》的通知
各基层工会：
现将《2015年宣传工作实施方案》印发给你们，请认真贯彻落实。
XX区总工会
2015年5月13日
2015年宣传工作实施方案
为做好今年的宣传工作，制定本方案。
一、加强宣传工作
（一）加强宣传机制建设
建立健全媒体沟通机制。与区属媒体建立联席会议制度，定期通报工会工作。
完善新闻发布制度。每季度召开一次新闻发布会。
（牵头部门：宣教部；完成时限：全年）
健全舆情研判机制。每月研判一次职工思想动态。
（二）丰富宣传载体。各级工会要办好工会报刊，全年出版12期。
用好新媒体。开设工会专栏，发布信息不少于200条。
建好宣传阵地。新建职工书屋30家。
（牵头部门：办公室，宣教部；完成时限：6月底前）
二、加强队伍建设
（一）加强通讯员培训。全年培训通讯员100人次。（牵头部门：宣教部；完成时限：全年）
（二）开展评选表彰。（牵头部门：宣教部）
三、其他工作
1．宣传阵地建设（牵头部门：宣教部）
2．建设职工书屋。新建职工书屋10家。（完成时限：10月底前）
3．建设文化长廊。（完成时限：12月底前）
"""


def _plan(text=IMPLEMENTATION_PLAN, name=""):
    plan = parse_document(text, name)
    dump_plan(plan)  # gives every item its key, as the preview does
    return plan


def _sample(name):
    return _plan((SAMPLES / name).read_bytes(), name)


def _task(plan, title):
    return next(task for task in plan.all_tasks() if task.title == title)


def _section(plan, title):
    def walk(sections):
        for section in sections:
            yield section
            yield from walk(section.sections)

    return next(section for section in walk(plan.sections) if section.title == title)


def _tasks(section):
    """A section's tasks, those of its untitled group after （一） included."""
    return [item for item in section.items() if isinstance(item, ParsedTask)]


def _outline(sections):
    return [
        (s.label, s.title, [(t.label, t.title) for t in s.tasks], _outline(s.sections))
        for s in sections
    ]


def _check(plan):
    """The corrected plan still keeps the JSON contract, its item warnings among the plan's."""
    check_plan(plan.to_dict())
    assert ParsedPlan.from_dict(plan.to_dict()) == plan


# --- Split ------------------------------------------------------------------------------------


def test_splitting_at_a_run_in_paragraph_makes_the_next_task():
    plan = _plan()
    task = _task(plan, "丰富宣传载体")
    done = correct(plan, SPLIT, task.key, 1)
    assert "丰富宣传载体" in done and "用好新媒体" in done
    first, new = _tasks(_section(plan, "加强宣传工作"))
    assert (first.label, first.title, first.body) == (
        "（二）",
        "丰富宣传载体",
        "各级工会要办好工会报刊，全年出版12期。",
    )
    assert (new.label, new.title) == ("（三）", "用好新媒体")
    assert paragraphs(new.body) == [
        "开设工会专栏，发布信息不少于200条。",
        "建好宣传阵地。新建职工书屋30家。",
    ]
    # The new task is responsible as the one it came from; each has its own targets.
    assert (new.lead_units, new.supporting_units) == (["办公室", "宣教部"], [])
    assert (new.deadline_text, new.deadline) == ("6月底前", date(2015, 6, 30))
    assert [t.text for t in first.targets] == ["出版12期"]
    assert [t.text for t in new.targets] == ["发布信息不少于200条", "新建职工书屋30家"]
    # Numbering of the next section's tasks starts again at （一）: it is left alone.
    assert [t.label for t in _section(plan, "加强队伍建设").tasks] == ["（一）", "（二）"]
    _check(plan)


def test_splitting_renumbers_tasks_numbered_on_through_the_plan():
    plan = _sample("beijing-2017-union-publicity-plan.txt")
    task = next(t for t in plan.all_tasks() if t.label == "2．")
    second_paragraph = paragraphs(task.body)[1]
    correct(plan, SPLIT, task.key, 1)
    labels = [t.label for t in plan.all_tasks()]
    assert labels == [f"{number}．" for number in range(1, 14)]
    new = list(plan.all_tasks())[2]
    assert second_paragraph.startswith(new.title)
    _check(plan)


def test_split_then_merge_gives_the_task_back():
    plan = _plan()
    before = _plan().to_dict()
    task = _task(plan, "丰富宣传载体")
    correct(plan, SPLIT, task.key, 2)
    assert [t.title for t in _tasks(_section(plan, "加强宣传工作"))] == [
        "丰富宣传载体",
        "建好宣传阵地",
    ]
    correct(plan, MERGE, task.key)
    assert plan.to_dict() == before


def test_merging_tasks_of_a_table_renumbers_its_bare_numbers():
    plan = _sample("sample-2023-task-list.xlsx")
    first = next(t for t in plan.all_tasks() if t.label == "1")
    correct(plan, MERGE, first.key)
    assert [t.label for t in plan.all_tasks()] == ["1", "2"]
    merged = plan.sections[0].tasks[0]
    assert merged.title == "开展主题宣讲"
    assert paragraphs(merged.body)[-1].startswith(
        "推进职工思想状况调查。完成全市职工思想状况抽样调查"
    )
    assert merged.supporting_units == ["各县区总工会", "研究室"]
    assert [t.text for t in merged.targets] == [
        "组织宣讲团开展基层宣讲不少于50场次",
        "形成调研报告1篇",
    ]
    _check(plan)


def test_merging_takes_the_next_deadline_when_the_first_has_none_and_checks_again():
    plan = _plan()
    first = _task(plan, "宣传阵地建设")
    assert any("has no deadline" in w for w in first.warnings)
    correct(plan, MERGE, first.key)
    merged = _task(plan, "宣传阵地建设")
    assert merged.deadline_text == "10月底前" and merged.lead_units == ["宣教部"]
    assert not merged.warnings
    assert [t.label for t in _section(plan, "其他工作").tasks] == ["1．", "2．"]
    # The next task moved up a number: its warning names it by its new label.
    assert _task(plan, "建设文化长廊").warnings == ["Task “三、2．建设文化长廊” has no lead unit."]
    assert not any("三、1．" in w or "三、3．" in w for w in plan.warnings)
    _check(plan)


# --- Task ↔ section ---------------------------------------------------------------------------


def test_a_task_holding_run_in_paragraphs_becomes_their_section():
    plan = _plan()
    task = _task(plan, "丰富宣传载体")
    done = correct(plan, TO_SECTION, task.key)
    assert "2" in done
    part = _section(plan, "加强宣传工作")
    assert part.tasks == []
    assert _outline(part.sections) == [
        (
            "（一）",
            "加强宣传机制建设",
            [("", "建立健全媒体沟通机制"), ("", "完善新闻发布制度"), ("", "健全舆情研判机制")],
            [],
        ),
        ("（二）", "丰富宣传载体", [("", "用好新媒体"), ("", "建好宣传阵地")], []),
    ]
    section = part.sections[1]
    # Its own sentence introduces it; its tasks are responsible as it was.
    assert section.body == "各级工会要办好工会报刊，全年出版12期。"
    assert section.key == task.key
    assert all(
        t.lead_units == ["办公室", "宣教部"] and t.deadline_text == "6月底前" for t in section.tasks
    )
    assert [t.text for t in section.tasks[1].targets] == ["新建职工书屋30家"]
    _check(plan)


def test_a_section_of_run_in_tasks_becomes_one_task_and_back():
    plan = _plan()
    section = _section(plan, "加强宣传机制建设")
    correct(plan, TO_TASK, section.key)
    part = _section(plan, "加强宣传工作")
    assert [(t.label, t.title) for t in part.tasks] == [
        ("（一）", "加强宣传机制建设"),
        ("（二）", "丰富宣传载体"),
    ]
    assert [s.title for s in part.sections] == []
    task = part.tasks[0]
    assert paragraphs(task.body) == [
        "建立健全媒体沟通机制。与区属媒体建立联席会议制度，定期通报工会工作。",
        "完善新闻发布制度。每季度召开一次新闻发布会。",
        "健全舆情研判机制。每月研判一次职工思想动态。",
    ]
    assert (task.lead_units, task.deadline_text) == (["宣教部"], "全年")
    assert [t.text for t in task.targets] == [
        "每季度召开一次新闻发布会",
        "每月研判一次职工思想动态",
    ]
    _check(plan)
    correct(plan, TO_SECTION, task.key)
    assert _outline(_section(plan, "加强宣传工作").sections)[0][2] == [
        ("", "建立健全媒体沟通机制"),
        ("", "完善新闻发布制度"),
        ("", "健全舆情研判机制"),
    ]


def test_a_heading_alone_becomes_the_section_of_the_tasks_after_it():
    plan = _plan()
    heading = _task(plan, "宣传阵地建设")
    correct(plan, TO_SECTION, heading.key)
    part = _section(plan, "其他工作")
    assert part.tasks == []
    assert _outline(part.sections) == [
        ("1．", "宣传阵地建设", [("2．", "建设职工书屋"), ("3．", "建设文化长廊")], [])
    ]
    # The heading's note is theirs where they name no unit; their deadlines are their own.
    tasks = part.sections[0].tasks
    assert [(t.lead_units, t.deadline_text) for t in tasks] == [
        (["宣教部"], "10月底前"),
        (["宣教部"], "12月底前"),
    ]
    assert not any("has no lead unit" in w for w in plan.warnings)
    _check(plan)


def test_a_section_turned_task_goes_among_the_tasks_by_its_number():
    plan = _plan()
    run_ins = _section(plan, "加强宣传机制建设")
    task = _task(plan, "丰富宣传载体")
    correct(plan, TO_SECTION, task.key)  # both （一） and （二） are sections now
    correct(plan, TO_TASK, run_ins.key)
    part = _section(plan, "加强宣传工作")
    assert [t.label for t in part.tasks] == ["（一）"]
    correct(plan, TO_TASK, task.key)
    assert [t.label for t in part.tasks] == ["（一）", "（二）"]
    correct(plan, TO_SECTION, task.key)
    correct(plan, TO_SECTION, run_ins.key)
    assert [s.label for s in part.sections] == ["（一）", "（二）"]


# --- Bad input --------------------------------------------------------------------------------


def _refused(plan, action, key, paragraph=None):
    before = plan.to_dict()
    with pytest.raises(CorrectionError) as refused:
        correct(plan, action, key, paragraph)
    assert plan.to_dict() == before  # nothing changed
    return str(refused.value)


def test_bad_corrections_are_refused_with_a_message():
    plan = _plan()
    task = _task(plan, "丰富宣传载体")
    assert "3 paragraphs" in _refused(plan, SPLIT, task.key, 3)
    assert "3 paragraphs" in _refused(plan, SPLIT, task.key, -1)
    no_body = _task(plan, "开展评选表彰")
    assert "no text below its title" in _refused(plan, SPLIT, no_body.key, 0)
    assert "last task of its section" in _refused(plan, MERGE, no_body.key)
    assert "nothing" in _refused(plan, TO_SECTION, no_body.key)
    assert "top-level section" in _refused(plan, TO_TASK, plan.sections[0].key)
    other = _plan()  # another preview: its keys name nothing here
    assert "not in this preview" in _refused(plan, MERGE, _task(other, "丰富宣传载体").key)
    assert "not in this preview" in _refused(plan, TO_TASK, task.key)  # a task, not a section
    assert "not in this preview" in _refused(plan, SPLIT, plan.sections[0].key, 0)
    assert "not in this preview" in _refused(plan, MERGE, "")


def test_a_section_with_sections_stays_a_section():
    inner = ParsedSection(
        label="（一）", title="乙", sections=[ParsedSection(label="1．", title="丙")]
    )
    plan = ParsedPlan(
        title="要点",
        year=2026,
        sections=[ParsedSection(label="一、", title="甲", sections=[inner])],
    )
    dump_plan(plan)
    assert "sections of its own" in _refused(plan, TO_TASK, inner.key)


def test_a_split_beyond_the_task_limit_is_refused(monkeypatch):
    from plans.importing import limits

    plan = _plan()
    monkeypatch.setattr(limits, "MAX_TASKS", sum(1 for _t in plan.all_tasks()))
    assert "up to" in _refused(plan, SPLIT, _task(plan, "丰富宣传载体").key, 1)


def test_a_split_paragraph_opening_with_its_own_label_keeps_it_when_the_task_has_none():
    task = ParsedTask(label="", title="甲", body="说明。\n⑴加强学习。每月一次。")
    plan = ParsedPlan(
        title="要点", year=2026, sections=[ParsedSection(label="一、", title="乙", tasks=[task])]
    )
    dump_plan(plan)
    correct(plan, SPLIT, task.key, 1)
    new = plan.sections[0].tasks[1]
    assert (new.label, new.title, new.body) == ("⑴", "加强学习", "每月一次。")


def test_a_task_without_a_title_merges_as_its_text():
    first = ParsedTask(label="1", title="甲", body="甲的说明。")
    second = ParsedTask(label="2", title="", body="乙的说明。")
    plan = ParsedPlan(
        title="要点",
        year=2026,
        sections=[ParsedSection(label="一、", title="乙", tasks=[first, second])],
    )
    dump_plan(plan)
    correct(plan, MERGE, first.key)
    assert paragraphs(first.body) == ["甲的说明。", "乙的说明。"]
