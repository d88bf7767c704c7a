"""parse_plan on task tables (任务分工表), and on what is no plan at all."""

from datetime import date

import pytest

from plans.importing import DocumentError, parse_document, read_document
from tests.plans.importing.helpers import add_table, docx_bytes, outline, parse

# --- Tables -----------------------------------------------------------------------------------


def _task_table_docx(header_first=True) -> bytes:
    def build(document):
        document.add_paragraph("XX区总工会")
        document.add_paragraph("2023年宣传工作任务分工表")
        rows = [
            ["序号", "工作任务", "主要内容", "责任领导", "牵头部门", "配合部门", "完成时限"],
            ["一、重点工作"],
            ["1", "加强理论学习", "组织职工学习。", "张慧", "宣教部", "组织部、办公室", "全年"],
            ["2", "开展主题宣讲", "开展宣讲不少于20场次。", "张慧", "宣教部", "", "6月底前"],
            ["序号", "工作任务", "主要内容", "责任领导", "牵头部门", "配合部门", "完成时限"],
            ["二、文化活动"],
            ["3", "举办职工艺术节", "", "张雷", "文体部", "各街道总工会", "第三季度"],
        ]
        if not header_first:
            rows.insert(0, ["2023年宣传工作任务分工表"])
        merged = tuple(i for i, row in enumerate(rows) if len(row) == 1)
        add_table(document, rows, merged_rows=merged)

    return docx_bytes(build)


@pytest.mark.parametrize("header_first", [True, False])
def test_task_table_with_section_rows(header_first):
    plan = parse_document(_task_table_docx(header_first), "分工表.docx")
    assert plan.title == "XX区总工会2023年宣传工作任务分工表"
    assert plan.year == 2023
    assert outline(plan) == [
        ("一、", "重点工作", [], [("1", "加强理论学习"), ("2", "开展主题宣讲")]),
        ("二、", "文化活动", [], [("3", "举办职工艺术节")]),
    ]
    first, second = plan.sections[0].tasks
    assert first.body == "组织职工学习。"
    assert (first.leaders, first.lead_units, first.supporting_units) == (
        ["张慧"],
        ["宣教部"],
        ["组织部", "办公室"],
    )
    assert (first.deadline_text, first.deadline) == ("全年", date(2023, 12, 31))
    assert [(t.value, t.measure) for t in second.targets] == [(20, "场次")]
    assert second.deadline == date(2023, 6, 30)
    third = plan.sections[1].tasks[0]
    assert (third.lead_units, third.supporting_units, third.deadline) == (
        ["文体部"],
        ["各街道总工会"],
        date(2023, 9, 30),
    )
    assert not any("Task" in w for w in plan.warnings)


def test_table_with_units_column_content_only_and_two_row_header():
    def build(document):
        document.add_paragraph("2024年工作要点任务分工")
        document.add_paragraph("一、重点工作")
        add_table(
            document,
            [
                ["序号", "工作措施", "责任分工", "", "时间节点"],
                ["", "", "牵头单位", "配合单位", ""],
                ["1", "加强阵地建设。新建职工书屋10家。", "宣教部", "各区总工会", "11月底前"],
                ["2", "开展读书活动。", "宣教部、文体部", "", "下半年"],
            ],
        )

    plan = parse_document(docx_bytes(build), "x.docx")
    first, second = plan.sections[0].tasks
    assert (first.label, first.title, first.body) == ("1", "加强阵地建设", "新建职工书屋10家。")
    assert (first.lead_units, first.supporting_units) == (["宣教部"], ["各区总工会"])
    assert first.deadline == date(2024, 11, 30)
    assert [(t.value, t.measure) for t in first.targets] == [(10, "家")]
    assert (second.lead_units, second.deadline) == (["宣教部", "文体部"], date(2024, 12, 31))


def test_table_with_general_units_column_and_category_column():
    def build(document):
        document.add_paragraph("2024年工作要点")
        add_table(
            document,
            [
                ["类别", "工作任务", "责任单位", "完成时间"],
                ["思想引领", "加强理论学习", "宣教部、组织部", "全年"],
                ["思想引领", "开展宣讲活动", "宣教部", "5月"],
                ["文化建设", "举办艺术节", "文体部、宣教部", "10月"],
            ],
        )

    plan = parse_document(docx_bytes(build), "x.docx")
    assert outline(plan) == [
        ("", "思想引领", [], [("", "加强理论学习"), ("", "开展宣讲活动")]),
        ("", "文化建设", [], [("", "举办艺术节")]),
    ]
    first = plan.sections[0].tasks[0]
    assert (first.lead_units, first.supporting_units) == (["宣教部"], ["组织部"])


def test_paragraphs_and_tables_mixed():
    def build(document):
        document.add_paragraph("2022年工作要点")
        document.add_paragraph("一、思想引领")
        document.add_paragraph(
            "1．加强学习。各级工会要组织学习。（牵头部门：宣教部；完成时限：全年）"
        )
        document.add_paragraph("二、重点项目")
        add_table(
            document,
            [["序号", "项目名称", "牵头部门", "完成时限"], ["1", "建设职工书屋", "宣教部", "9月"]],
        )
        document.add_paragraph("三、保障措施")
        document.add_paragraph("（一）加强领导。各单位要高度重视。")

    plan = parse_document(docx_bytes(build), "x.docx")
    assert outline(plan) == [
        ("一、", "思想引领", [], [("1．", "加强学习")]),
        ("二、", "重点项目", [], [("1", "建设职工书屋")]),
        ("三、", "保障措施", [], [("（一）", "加强领导")]),
    ]
    assert plan.sections[1].tasks[0].deadline == date(2022, 9, 30)


def test_layout_table_is_read_as_paragraphs():
    def build(document):
        add_table(document, [["2022年工作要点\n一、思想引领\n1．加强学习。"]])

    plan = parse_document(docx_bytes(build), "x.docx")
    assert plan.title == "2022年工作要点"
    assert outline(plan) == [("一、", "思想引领", [], [("1．", "加强学习")])]


# --- Errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["2021年工作要点\n今年要做好宣传工作。\n各单位要认真落实。", "只有一行字"]
)
def test_documents_without_numbered_items_raise(text):
    with pytest.raises(DocumentError, match="No numbered sections or tasks"):
        parse(text)


def test_document_of_residue_only_is_empty():
    with pytest.raises(DocumentError, match="The document is empty"):
        parse("[bookmark: _GoBack]\n\u200b\n")


def test_docx_without_numbered_items_raises():
    data = docx_bytes(lambda document: document.add_paragraph("今年要做好宣传工作。"))
    document = read_document(data, "x.docx")
    with pytest.raises(DocumentError):
        parse_document(data, "x.docx")
    assert document.blocks


def test_table_section_row_with_bare_number_in_the_number_column():
    def build(document):
        document.add_paragraph("2024年工作要点")
        table = add_table(
            document,
            [
                ["序号", "工作任务", "牵头部门", "完成时限"],
                ["一", "思想引领", "", ""],
                ["1", "加强理论学习", "宣教部", "全年"],
                ["二", "文化活动", "", ""],
                ["2", "举办艺术节", "文体部", "10月"],
            ],
        )
        for row in (1, 3):
            table.cell(row, 1).merge(table.cell(row, 3))

    plan = parse_document(docx_bytes(build), "x.docx")
    assert outline(plan) == [
        ("一", "思想引领", [], [("1", "加强理论学习")]),
        ("二", "文化活动", [], [("2", "举办艺术节")]),
    ]


def test_cover_notice_whose_attachment_line_names_the_plan():
    plan = parse(
        "关于印发《市总工会2021年宣传工作要点》的通知\n各区县总工会：\n"
        "现将《市总工会2021年宣传工作要点》印发给你们，请认真贯彻执行。\n"
        "市总工会\n2021年2月1日\n"
        "附件：市总工会2021年宣传工作要点\n"
        "一、加强思想引领\n（一）深入学习。各级工会要组织学习。\n"
        "（二）开展宣讲。全年不少于50场。（宣教部牵头，各区县总工会配合）\n"
    )
    assert plan.title == "市总工会2021年宣传工作要点"
    assert plan.preamble == ""
    second = plan.sections[0].tasks[1]
    assert (second.lead_units, second.supporting_units) == (["宣教部"], ["各区县总工会"])
    assert [(t.value, t.measure) for t in second.targets] == [(50, "场")]
