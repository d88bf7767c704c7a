"""Excel task lists (.xlsx) made with openpyxl: the header found below titles, columns by their
names in any order, merged section rows and leader cells, wrapped cells, other sheets ignored."""

import datetime
import io

import openpyxl
import pytest

from plans.importing import DocumentError, Paragraph, Table, parse_document, read_document
from plans.importing.readers import excel
from tests.plans.importing.office_files import workbook
from tests.tasks.workspace.files import ole

HEADER = ["序号", "重点任务", "具体措施", "分管领导", "牵头部门", "配合部门", "完成时限"]


def outline(plan):
    return [
        (
            section.label,
            section.title,
            [
                (t.label, t.title, t.leaders, t.lead_units, t.supporting_units, t.deadline_text)
                for t in section.tasks
            ],
        )
        for section in plan.sections
    ]


def test_header_below_titles_columns_in_another_order_merges_and_wrapped_cells():
    wrapped = ["开展主题\n宣讲", 1, "组织宣讲团开展基层宣讲\n不少于50场次", "张伟", "宣传教育部"]
    points = ["推进调查", 2, "1．完成抽样调查。\n2．形成报告。", None, "宣传教育部；研究室"]
    rows = [
        ["附件1"],
        ["XX市总工会2024年宣传工作", "任务分工表"],
        [],
        ["完成时间", "重点工作", "序号", "工作内容", "责任领导", "责任单位", "协办单位"],
        ["一、思想引领"],
        ["10月", *wrapped, "各县区总工会，\n研究室"],
        ["上半年", *points, "财务部、办公室"],
        ["二、文化阵地"],
        ["年底前", "职工书屋提质增效", 1, "新建示范职工书屋15家", "刘洋", "宣传教育部", None],
    ]
    data = workbook(
        {"说明": [["填表说明：请按部门填写"]], "任务": rows},
        {"任务": ["A5:G5", "A8:G8", "E6:E7"]},  # section rows; 张伟 over both tasks
        active=0,  # the notes sheet is open: the task sheet is still found
    )
    plan = parse_document(data, "分工表.xlsx")
    assert plan.title == "XX市总工会2024年宣传工作任务分工表"
    assert plan.year == 2024
    leader, lead = ["张伟"], ["宣传教育部"]
    assert outline(plan) == [
        (
            "一、",
            "思想引领",
            [
                ("1", "开展主题宣讲", leader, lead, ["各县区总工会", "研究室"], "10月"),
                ("2", "推进调查", leader, lead, ["研究室", "财务部", "办公室"], "上半年"),
            ],
        ),
        ("二、", "文化阵地", [("1", "职工书屋提质增效", ["刘洋"], lead, [], "年底前")]),
    ]
    first, second = plan.sections[0].tasks
    assert first.body == "组织宣讲团开展基层宣讲不少于50场次"  # the typed line break joined
    assert [(t.value, t.measure) for t in first.targets] == [(50, "场次")]
    assert second.body == "1．完成抽样调查。\n2．形成报告。"  # numbered points stay apart
    assert not any("Task" in warning for warning in plan.warnings)


def test_units_on_lines_of_their_own_stay_apart():
    data = workbook(
        {
            "Sheet": [
                ["序号", "工作任务", "牵头部门", "配合部门", "完成时限"],
                [1, "开展宣讲", "宣传教育部", "组织部\n办公室", "9月"],
            ]
        }
    )
    task = next(parse_document(data, "x.xlsx").all_tasks())
    assert task.supporting_units == ["组织部", "办公室"]


def test_read_as_the_docx_table_blocks():
    data = workbook(
        {
            "Sheet": [
                ["2024年任务清单"],
                HEADER,
                ["（一）思想引领"],
                [1, "甲", "内容", "张慧", "宣教部", "办公室", "6月"],
            ]
        },
        {"Sheet": ["A3:G3"]},
    )
    blocks = read_document(data, "x.xlsx").blocks
    assert blocks[0] == Paragraph("2024年任务清单")
    table = blocks[1]
    assert isinstance(table, Table)
    assert table.rows[0].cells == tuple(HEADER)
    assert table.rows[1].spans_table and table.rows[1].cells[0] == "（一）思想引领"
    assert table.rows[2].cells == ("1", "甲", "内容", "张慧", "宣教部", "办公室", "6月")


def test_sections_without_merges_and_two_row_header():
    data = workbook(
        {
            "Sheet": [
                ["序号", "工作任务", "责任分工", None, "完成时限"],
                [None, None, "牵头单位", "配合单位", None],
                ["一", "宣传教育", None, None, None],
                [1, "开展宣讲", "宣教部", "组织部", "全年"],
                ["二", "文化活动", None, None, None],
                [1, "举办书画展", "宣教部", None, "9月"],
            ]
        }
    )
    plan = parse_document(data, "x.xlsx", year=2024)
    assert outline(plan) == [
        ("一", "宣传教育", [("1", "开展宣讲", [], ["宣教部"], ["组织部"], "全年")]),
        ("二", "文化活动", [("1", "举办书画展", [], ["宣教部"], [], "9月")]),
    ]


def test_date_cells_are_deadlines():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "牵头部门", "完成时限"])
    sheet.append([1, "甲", "宣教部", datetime.datetime(2024, 10, 1)])
    sheet.append([2, "乙", "宣教部", datetime.date(2024, 6, 15)])
    sheet["D2"].number_format = 'yyyy"年"m"月"'  # the month, as a deadline
    sheet["D3"].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    tasks = list(parse_document(buffer.getvalue(), "x.xlsx").all_tasks())
    assert [(t.deadline_text, t.deadline) for t in tasks] == [
        ("2024年10月", datetime.date(2024, 10, 31)),
        ("2024年6月15日", datetime.date(2024, 6, 15)),
    ]


def test_workbook_renamed_to_txt_is_read_as_a_workbook():
    data = workbook({"Sheet": [HEADER, [1, "甲", "", "", "宣教部", "", "6月"]]})
    assert [t.title for t in parse_document(data, "x.txt", year=2024).all_tasks()] == ["甲"]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (workbook({"Sheet": [["说明"], ["没有表头"]]}), "x.xlsx", "No task table was found"),
        (b"PK\x03\x04 not a workbook", "x.xlsx", "could not be opened as an Excel workbook"),
        (ole("EncryptedPackage"), "x.xlsx", "password-protected"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "x.xlsx", "damaged or incomplete"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old.xls", "damaged or incomplete"),
        (b"anything", "old.et", "old.et is not an Excel workbook"),
    ],
)
def test_unreadable_workbooks(data, name, expected):
    with pytest.raises(DocumentError) as raised:
        read_document(data, name)
    assert expected.lower() in str(raised.value).lower()


def test_row_bound(monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 5)
    data = workbook({"Sheet": [HEADER] + [[i, f"任务{i}"] for i in range(1, 10)]})
    with pytest.raises(DocumentError) as raised:
        read_document(data, "big.xlsx")
    assert "more than 5 rows" in str(raised.value)
