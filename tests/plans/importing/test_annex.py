"""Plans that repeat their tasks in an annexed task-division table (附件：任务分工表)."""

from django.utils import translation

from plans.importing import parse_document
from tests.plans.importing.helpers import add_table, docx_bytes

TEXT = [
    "XX市总工会2025年宣传教育工作要点",
    "2025年是关键之年。",
    "一、加强思想引领",
    "1．深入开展理论宣讲。组织宣讲不少于50场次。",
    "2．落实意识形态工作责任制。定期研判。（责任部门：办公室；完成时限：6月底前）",
    "二、繁荣职工文化",
    "3．建设职工书屋。新建书屋20家。",
    "附件：2025年宣传教育工作任务分工表",
]
HEADER = ["序号", "工作任务", "责任领导", "牵头单位", "配合单位", "完成时限"]


def _plan(rows, text=TEXT):
    def build(document):
        for line in text:
            document.add_paragraph(line)
        add_table(document, [HEADER, *rows])

    with translation.override("en"):
        return parse_document(docx_bytes(build), "plan.docx")


def _tasks(plan):
    return [task for section in plan.sections for task in section.all_tasks()]


def test_annex_rows_fill_the_tasks_of_the_text():
    plan = _plan(
        [
            ["1", "深入开展理论宣讲活动", "张慧", "宣教部", "组织部、各区总工会", "全年"],
            ["2", "落实意识形态工作责任制", "张慧", "宣教部", "组织部", "12月底前"],
            ["3", "建设职工书屋", "张雷", "宣教部", "财务部", "11月底前"],
        ]
    )
    tasks = _tasks(plan)
    assert [task.title for task in tasks] == [
        "深入开展理论宣讲",
        "落实意识形态工作责任制",
        "建设职工书屋",
    ]
    first, second, third = tasks
    assert (first.leaders, first.lead_units, first.supporting_units) == (
        ["张慧"],
        ["宣教部"],
        ["组织部", "各区总工会"],
    )
    assert (first.deadline_text, first.deadline.isoformat()) == ("全年", "2025-12-31")
    # What the text says itself wins over the table.
    assert (second.lead_units, second.deadline_text) == (["办公室"], "6月底前")
    assert second.leaders == ["张慧"]
    assert (third.lead_units, third.deadline.isoformat()) == (["宣教部"], "2025-11-30")
    assert [s.title for s in plan.sections] == ["加强思想引领", "繁荣职工文化"]
    assert any("annexed table" in warning for warning in plan.warnings)
    assert not any("no lead unit" in warning for warning in plan.warnings)


def test_rows_matching_no_task_are_kept_in_their_own_section():
    plan = _plan(
        [
            ["1", "深入开展理论宣讲", "张慧", "宣教部", "", "全年"],
            ["2", "举办全市职工运动会", "张雷", "文体部", "", "9月30日前"],
        ]
    )
    assert [s.title for s in plan.sections][-1] == "2025年宣传教育工作任务分工表"
    (extra,) = plan.sections[-1].tasks
    assert (extra.title, extra.lead_units) == ("举办全市职工运动会", ["文体部"])
    assert len(_tasks(plan)) == 4
    assert any("1 row of the annexed table" in warning for warning in plan.warnings)


def test_a_plan_that_is_a_table_is_read_as_before():
    plan = _plan(
        [["1", "深入开展理论宣讲", "张慧", "宣教部", "", "全年"]],
        text=["XX市总工会2025年宣传教育工作任务分工表"],
    )
    (task,) = _tasks(plan)
    assert (task.title, task.lead_units) == ("深入开展理论宣讲", ["宣教部"])
    assert not any("annexed table" in warning for warning in plan.warnings)
