"""The ledger (台账) in Excel: a row per task, a title row, a frozen and filtered header, print
setup; and its print view in the browser."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from plans.models import Task
from tasks.models import ProgressReport, TargetFigure
from tasks.workspace.ledger import export_xlsx
from tests.plans.drafting.helpers import LEAD


def _sheet(plan, user=None):
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(plan, user))).active


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_one_row_per_task_in_document_order(draft):
    sheet = _sheet(draft)
    assert draft.title in sheet["A1"].value
    assert sheet.max_column == 12
    rows = _rows(sheet)
    assert [row[3] for row in rows] == [
        "深入开展理论宣讲",
        "落实意识形态工作责任制",
        "组织主题征文活动",
        "推进职工书屋建设",
    ]
    talks = rows[0]
    assert talks[0] == 1
    assert talks[1] == "一、强化职工思想政治引领"
    assert talks[2] == "（一）"
    assert talks[4:8] == ["张慧", "宣教部", "甲区总工会、乙县总工会", "全年"]
    assert talks[8] == datetime.datetime(2026, 12, 31)
    assert talks[9] == Task.Status.NOT_STARTED.label
    essays = rows[2]
    assert essays[1] == "一、强化职工思想政治引领\n（三）开展主题宣传教育活动"
    assert essays[5] == "甲区总工会、乙县总工会"
    assert "新建市级职工书屋30家" in rows[3][11] and "30家" in rows[3][11]


def test_layout_for_screen_and_print(draft):
    sheet = _sheet(draft)
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:L6"
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # 9: A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "A1:L1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.column_dimensions["D"].width == 40
    assert sheet["D3"].alignment.wrap_text
    assert sheet["A2"].font.bold
    assert sheet["I3"].number_format == "yyyy-mm-dd"


def test_latest_progress_and_what_was_reached(draft, world):
    books = draft.tasks.get(title="推进职工书屋建设")
    unit_c, propaganda = world.unit_c, world.propaganda
    target = books.targets.get(text="新建市级职工书屋30家")
    old = ProgressReport.objects.create(
        task=books, unit=unit_c, role=LEAD, text="已建成8家", percent=25
    )
    TargetFigure.objects.create(report=old, target=target, unit=unit_c, value=8)
    new = ProgressReport.objects.create(
        task=books, unit=unit_c, role=LEAD, text="已建成12家", percent=40
    )
    TargetFigure.objects.create(report=new, target=target, unit=unit_c, value=12)
    support = ProgressReport.objects.create(
        task=books, unit=propaganda, role="supporting", text="协调选址"
    )
    TargetFigure.objects.create(report=support, target=target, unit=propaganda, value=3)
    ProgressReport.objects.filter(pk=support.pk).update(
        created_at=new.created_at - datetime.timedelta(days=1)
    )
    row = _rows(_sheet(draft))[3]
    assert "已建成12家" in row[10] and "40%" in row[10] and "丙区总工会" in row[10]
    # The latest figure of each unit, added up: 12 + 3.
    assert "15家" in row[11]
    assert _rows(_sheet(draft))[0][10] is None  # no report yet: empty


def test_a_unit_gets_a_ledger_of_its_own_tasks(draft, world, planner):
    from plans.drafting import publishing

    publishing.publish(draft, user=planner)
    rows = _rows(_sheet(draft, world.reporter_c))
    assert [row[3] for row in rows] == ["组织主题征文活动", "推进职工书屋建设"]


def test_the_ledger_prints_from_the_browser(client, draft, planner):
    client.force_login(planner)
    response = client.get(reverse("tasks:ledger", args=[draft.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('data-testid="ledger-row"') == 4
    assert "推进职工书屋建设" in content and "@page" not in content


@pytest.mark.django_db
def test_an_empty_plan_has_a_header_only(world):
    from tests import factories

    plan = factories.PlanFactory(owner=world.propaganda)
    sheet = _sheet(plan)
    assert _rows(sheet) == []
    assert sheet.auto_filter.ref == "A2:L2"


def test_text_typed_as_a_formula_stays_text(draft, world, planner):
    """A title, section, unit or deadline starting with = + - @ is shown as typed, never run:
    in the planner's ledger and in a reporting unit's."""
    from plans.drafting import publishing

    draft.title = "=1+1"
    draft.save()
    essays = draft.tasks.get(title="组织主题征文活动")
    essays.title = '=HYPERLINK("http://evil.example/","点击")'
    essays.deadline_text = "-2+3"
    essays.save()
    essays.section.title = "+1+cmd|' /C calc'!A0"
    essays.section.save()
    unit_c = world.unit_c
    unit_c.name = "@SUM(1+1)"
    unit_c.save()
    publishing.publish(draft, user=planner)
    for user in (planner, world.reporter_c):
        sheet = _sheet(draft, user)
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        assert sheet["A1"].value.startswith("=1+1")
        row = next(row for row in sheet.iter_rows(min_row=3) if row[3].value.startswith("="))
        assert row[3].value == essays.title
        assert row[1].value.endswith("+1+cmd|' /C calc'!A0")
        assert row[7].value == "-2+3"
        assert "@SUM(1+1)" in (row[5].value or "") + (row[6].value or "")
        assert row[0].value > 0  # the number column is still a number
