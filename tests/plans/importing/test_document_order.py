"""The parsed plan and the preview's corrections keep the document's order: a section shows its
tasks before its subsections (as the saved plan does), so a task written after a subsection
stays after it, in an untitled group of its section."""

import pytest

from plans.importing import parse_document
from plans.importing.corrections import TO_SECTION, TO_TASK, CorrectionError, correct
from plans.importing.pending import dump_plan
from tests.plans.importing.contract import check_plan

# Items of one level with and without items of their own: 一、2． and 二、（一）（三） head lists.
MIXED_PLAN = """XX市总工会2024年宣传工作要点
一、加强宣传工作
1．做好主题宣传。围绕中心工作开展宣传。（牵头部门：宣教部；完成时限：全年）
2．加强阵地建设。
各级工会要高度重视阵地建设。
建设职工书屋。新建职工书屋30家。
建设宣传网站。全年更新信息100条。
（牵头部门：宣教部；完成时限：10月底前）
3．抓好新闻发布。每季度召开一次新闻发布会。（牵头部门：办公室；完成时限：全年）
二、加强队伍建设
（一）加强通讯员培训
建立健全通讯员制度。每年集中培训一次。
完善通讯员激励机制。评选优秀通讯员10名。
（牵头部门：宣教部；完成时限：全年）
（二）开展评选表彰。评选先进集体。（牵头部门：宣教部；完成时限：12月底前）
（三）加强理论学习
组织理论学习。每月集中学习一次。
开展专题研讨。每季度研讨一次。
（牵头部门：办公室；完成时限：全年）
"""

SECTION_ONE = [
    "一、加强宣传工作",
    "1．做好主题宣传",
    "2．加强阵地建设",
    "3．抓好新闻发布",
]
SECTION_TWO = [
    "二、加强队伍建设",
    "（一）加强通讯员培训",
    "建立健全通讯员制度",
    "完善通讯员激励机制",
    "（二）开展评选表彰",
    "（三）加强理论学习",
    "组织理论学习",
    "开展专题研讨",
]


def reading_order(sections) -> list[str]:
    """Headings and tasks as the preview and the saved plan show them: a section's heading, its
    tasks, then its subsections."""
    shown = []
    for section in sections:
        if section.label or section.title:
            shown.append(section.label + section.title)
        shown += [task.label + task.title for task in section.tasks]
        shown += reading_order(section.sections)
    return shown


def _plan():
    plan = parse_document(MIXED_PLAN)
    dump_plan(plan)  # every item gets its key, as in the preview
    return plan


def _find(plan, title):
    def walk(sections):
        for section in sections:
            yield section
            yield from section.tasks
            yield from walk(section.sections)

    return next(item for item in walk(plan.sections) if item.title == title)


def test_a_task_after_a_subsection_is_read_in_its_place():
    plan = _plan()
    assert reading_order(plan.sections) == SECTION_ONE + SECTION_TWO
    check_plan(plan.to_dict())
    assert _find(plan, "开展评选表彰").lead_units == ["宣教部"]


def test_a_task_made_a_section_keeps_the_tasks_after_it_after_it():
    plan = _plan()
    correct(plan, TO_SECTION, _find(plan, "加强阵地建设").key)
    assert reading_order(plan.sections) == [
        "一、加强宣传工作",
        "1．做好主题宣传",
        "2．加强阵地建设",
        "建设职工书屋",
        "建设宣传网站",
        "3．抓好新闻发布",
        *SECTION_TWO,
    ]
    check_plan(plan.to_dict())
    # And back: the three are one section's tasks again, in their order.
    correct(plan, TO_TASK, _find(plan, "加强阵地建设").key)
    assert reading_order(plan.sections)[:4] == SECTION_ONE
    assert [task.title for task in plan.sections[0].tasks] == [
        "做好主题宣传",
        "加强阵地建设",
        "抓好新闻发布",
    ]
    assert plan.sections[0].sections == []


def test_an_unnumbered_run_in_task_made_a_section_stays_in_its_place():
    plan = _plan()
    correct(plan, TO_SECTION, _find(plan, "建立健全通讯员制度").key)
    order = reading_order(plan.sections)
    assert order[order.index("（一）加强通讯员培训") :][:4] == [
        "（一）加强通讯员培训",
        "建立健全通讯员制度",
        "每年集中培训一次",  # its paragraph, now its task
        "完善通讯员激励机制",
    ]
    correct(plan, TO_SECTION, _find(plan, "完善通讯员激励机制").key)
    correct(plan, TO_TASK, _find(plan, "建立健全通讯员制度").key)
    order = reading_order(plan.sections)
    assert order[order.index("（一）加强通讯员培训") :][:4] == [
        "（一）加强通讯员培训",
        "建立健全通讯员制度",
        "完善通讯员激励机制",
        "评选优秀通讯员10名",
    ]


def test_a_section_made_a_task_stays_in_its_place():
    plan = _plan()
    correct(plan, TO_TASK, _find(plan, "加强理论学习").key)
    assert reading_order(plan.sections) == SECTION_ONE + SECTION_TWO[:5] + ["（三）加强理论学习"]
    correct(plan, TO_TASK, _find(plan, "加强通讯员培训").key)
    two = plan.sections[1]
    assert [task.label for task in two.tasks] == ["（一）", "（二）", "（三）"]
    assert two.sections == []
    correct(plan, TO_SECTION, _find(plan, "加强通讯员培训").key)
    assert reading_order(plan.sections)[4:8] == [
        "二、加强队伍建设",
        "（一）加强通讯员培训",
        "建立健全通讯员制度",
        "完善通讯员激励机制",
    ]
    assert reading_order(plan.sections)[-2:] == ["（二）开展评选表彰", "（三）加强理论学习"]


def test_an_untitled_group_is_no_section_to_make_a_task_of():
    plan = _plan()
    group = plan.sections[1].sections[1]
    assert group.is_group and [task.title for task in group.tasks] == ["开展评选表彰"]
    before = plan.to_dict()
    with pytest.raises(CorrectionError, match="no heading of their own"):
        correct(plan, TO_TASK, group.key)
    assert plan.to_dict() == before
