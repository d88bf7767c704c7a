"""Task tables (任务分工表, 任务清单) as offices fill them in: form lines above the table, a totals
row and notes below it."""

from plans.importing import parse_document
from tests.plans.importing.office_files import workbook

HEADER = ["序号", "工作任务", "责任领导", "牵头部门", "配合部门", "完成时限"]


def test_form_lines_a_totals_row_and_notes_are_no_tasks():
    rows = [
        ["XX市总工会2025年宣传工作任务清单"],
        ["填报单位：宣教部", "", "", "", "填报时间：2025年1月"],
        HEADER,
        [1, "组织理论宣讲", "张三", "宣教部", "组织部", "全年"],
        [2, "开展主题教育", "张三", "宣教部", "", "6月底前"],
        ["合计", "2项", "", "", "", ""],
        ["备注：1.请各单位于每月25日前报送进展；2.联系人：王五，电话12345678。"],
        ["注：“完成时限”为最迟完成时间。"],
        ["填表人：王五", "", "审核人：张三", "", "", ""],
    ]
    merges = ["A1:F1", "A7:F7", "A8:F8"]
    plan = parse_document(workbook({"清单": rows}, {"清单": merges}), "清单.xlsx")
    assert plan.title == "XX市总工会2025年宣传工作任务清单"
    assert [(t.label, t.title) for t in plan.all_tasks()] == [
        ("1", "组织理论宣讲"),
        ("2", "开展主题教育"),
    ]
    assert not any("合计" in warning or "备注" in warning for warning in plan.warnings)


def test_a_table_numbered_1_1_1_2_under_1_reads_1_as_the_section_of_its_rows():
    rows = [
        ["XX市总工会2025年宣传工作任务分解表"],
        ["序号", "工作任务", "责任领导", "牵头部门", "完成时限"],
        ["1", "思想引领", "", "", ""],
        ["1.1", "组织理论宣讲", "张三", "宣教部", "全年"],
        ["1.2", "开展主题教育", "张三", "宣教部", "6月底前"],
        ["2", "文化阵地", "", "", ""],
        ["2.1", "建设职工书屋", "李四", "宣教部", "10月底前"],
        ["2.2", "建设文化驿站", "", "", ""],
        ["2.2.1", "新建驿站5个", "李四", "文化宫", "9月底前"],
        ["2.2.2", "提升驿站服务", "李四", "文化宫", "全年"],
        ["3", "加强队伍建设", "王五", "组织部", "全年"],  # a task: nothing is numbered under it
    ]
    plan = parse_document(workbook({"分解表": rows}), "分解表.xlsx")

    def outline(sections):
        return [
            (s.label, s.title, [t.label for t in s.tasks], outline(s.sections)) for s in sections
        ]

    assert outline(plan.sections) == [
        ("1", "思想引领", ["1.1", "1.2"], []),
        ("2", "文化阵地", ["2.1"], [("2.2", "建设文化驿站", ["2.2.1", "2.2.2"], [])]),
        ("", "", ["3"], []),
    ]
    assert not any("思想引领" in warning for warning in plan.warnings)
