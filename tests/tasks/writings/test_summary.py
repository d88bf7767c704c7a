"""The year-end summary (tasks.writings.summary): section by section what each task achieved
from its reports, targets against planned, what is left undone and why (extension requests, the
last reports); constant queries as the plan grows."""

import datetime

from tasks.models import ExtensionRequest, Review
from tasks.writings import summary
from tests.growth import grow


def _extension(w):
    return ExtensionRequest.objects.create(
        task=w.task_a,
        unit=w.unit_a,
        reason="受天气影响，剩余书屋顺延至12月。",
        proposed_deadline=datetime.date(2026, 12, 20),
        old_deadline=datetime.date(2026, 9, 15),
        old_deadline_text="9月15日前",
        status=Review.PENDING,
    )


def test_what_each_task_achieved_and_what_is_left(timed):
    _extension(timed)
    data = summary.gather(timed.plan, now=timed.now)
    accounts = {task.title: task for task in data.tasks}
    task_a = accounts["甲的任务"]
    assert task_a.reports == [
        ("甲区总工会", "已完成选址评估，首批书屋挂牌。\n区内新建书屋28家。", 60)
    ]
    assert task_a.targets == [("新建市级职工书屋 28/30 家", False)]
    assert accounts["乙的任务"].done and accounts["乙的任务"].on_time
    assert not accounts["丙的任务"].on_time
    assert [task.title for task in data.undone] == ["甲的任务"]


def test_the_text_of_the_summary(timed):
    _extension(timed)
    lines = summary.text(summary.gather(timed.plan, now=timed.now)).splitlines()
    assert lines[0].startswith(f"2026年，宣教部按照《{timed.plan.title}》部署，共安排任务3项。")
    assert "已办结2项（其中按期办结1项）" in lines[0]
    assert "1项量化指标中已达到0项" in lines[0]
    assert f"{timed.section.label}{timed.section.title}" in lines
    assert "完成情况：推进中，完成60%。" in lines
    assert "甲区总工会：已完成选址评估，首批书屋挂牌。" in lines
    assert "指标进展：新建市级职工书屋 28/30 家（未完成）。" in lines
    assert "完成情况：按期办结。" in lines and "完成情况：逾期办结。" in lines
    assert lines[-2] == "二、未完成事项及原因"
    assert lines[-1] == (
        "1．甲的任务（甲区总工会）：申请延期至12月20日前（待审核）：受天气影响，剩余书屋顺延至12月。"
    )
    assert summary.title(timed.plan) == "宣教部2026年度工作总结"


def test_without_an_extension_the_last_report_says_why(timed):
    lines = summary.text(summary.gather(timed.plan, now=timed.now)).splitlines()
    assert (
        lines[-1] == "1．甲的任务（甲区总工会）：甲区总工会最近报送：已完成选址评估，首批书屋挂牌。"
    )


def test_constant_queries_as_the_plan_grows(timed, django_assert_num_queries):
    grow(timed, tasks=4, reports=True, requests=True)
    with django_assert_num_queries(7):
        summary.gather(timed.plan, now=timed.now)
    grow(timed, tasks=40, reports=True, requests=True)
    with django_assert_num_queries(7):
        data = summary.gather(timed.plan, now=timed.now)
    assert len(data.tasks) == 47
