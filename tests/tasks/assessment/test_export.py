"""The assessment as Excel, read back with openpyxl: Chinese headers, each criterion's figures
and points, adjustments at Asia/Shanghai time, and text typed by people kept as text."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.assessment import service
from tasks.models import ScoreAdjustment
from tests.tasks.assessment.conftest import TODAY


@pytest.fixture
def book(client, worked, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    service.adjust(worked.planner, worked.plan, worked.unit_a, Decimal(2), "=HYPERLINK(1)")
    # Made at 23:30 UTC: 07:30 the next morning in Shanghai.
    ScoreAdjustment.objects.update(
        created_at=datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    )
    client.force_login(worked.leader)
    response = client.get(reverse("tasks:assessment_export", args=[worked.plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_scores_sheet_has_the_breakdown_in_rank_order(book):
    assert book.sheetnames == ["考评得分", "得分调整", "计分方法"]
    rows = list(book["考评得分"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("名次", "单位")
    assert header[2:5] == (
        "按时完成任务：计入",
        "按时完成任务：达成",
        "按时完成任务：得分（满分40）",
    )
    assert header[-3:] == ("调整前得分", "调整", "总分")
    first, second = rows[1], rows[2]
    # 甲: 1/3 on time → 13.33, 1/2 targets → 15, 1/2 answers → 10, 2/3 accepted → 6.67; +2
    assert first == (1, "甲区总工会", 3, 1, 13.33, 2, 1, 15, 2, 1, 10, 3, 2, 6.67, 45, 2, 47)
    assert second == (2, "乙县总工会", 1, 0, 0, 0, 0, 30, 1, 0, 0, 0, 0, 10, 40, 0, 40)


def test_adjustments_are_in_shanghai_time_and_text_stays_text(book):
    sheet = book["得分调整"]
    assert [cell.value for cell in sheet[1]] == ["调整时间", "单位", "分值", "理由", "调整人"]
    when, unit, points, reason, _who = (cell.value for cell in sheet[2])
    assert when == datetime.datetime(2026, 12, 1, 7, 30)
    assert (unit, points, reason) == ("甲区总工会", 2, "=HYPERLINK(1)")
    assert sheet["D2"].data_type == "s" and sheet["D2"].quotePrefix


def test_the_method_sheet_names_the_weights(book):
    values = {row[0]: row[1] for row in book["计分方法"].iter_rows(min_row=2, values_only=True)}
    assert values["权重"] == "默认权重"
    assert values["按时完成任务"] == 40 and values["任务办结审核通过"] == 10
    assert isinstance(values["计算时间"], datetime.datetime)
