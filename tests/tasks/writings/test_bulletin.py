"""The bulletin's draft (tasks.writings.bulletin): overall completion, the units ranked by
on-time completion then reporting punctuality, overdue tasks with their units and leaders, good
examples picked and inserted; a round or a period; constant queries as the plan grows."""

import datetime

from tasks.writings import bulletin
from tests.growth import grow


def _data(w, **kwargs):
    return bulletin.gather(bulletin.Scope(w.plan, w.round), now=w.now, **kwargs)


def test_overall_figures(timed):
    data = _data(timed)
    counts = data.counts
    assert (counts["total"], counts["done"], counts["on_time"], counts["overdue"]) == (3, 2, 1, 1)
    assert data.answers == {"asked": 4, "on_time": 1, "late": 1}


def test_units_rank_by_on_time_completion_then_punctuality(timed):
    ranking = [(rank.unit, rank.completion_rate, rank.punctuality) for rank in _data(timed).ranking]
    assert ranking == [
        ("乙县总工会", 100, 0),  # task B done on time; its answers late or missing
        ("甲区总工会", 0, 100),  # task A overdue; answered on time
        ("丙区总工会", 0, 0),  # task C done late; not answered
    ]


def test_overdue_tasks_name_their_units_and_leaders(timed):
    [overdue] = _data(timed).overdue
    assert (overdue.line, overdue.units, overdue.leaders, overdue.days) == (
        "甲的任务",
        ["甲区总工会"],
        ["张副主席"],
        25,
    )


def test_the_text_of_the_draft(timed):
    lines = bulletin.text(_data(timed, examples=[timed.answer_a])).splitlines()
    assert lines[0] == (
        f"为及时掌握《{timed.plan.title}》推进情况，现将“2026年第三季度进展报送”工作进展情况"
        "通报如下。"
    )
    headings = [line for line in lines if line[1:2] == "、"]
    assert headings == [
        "一、总体情况",
        "二、各单位完成和报送情况",
        "三、逾期任务",
        "四、典型做法",
        "五、下一步工作要求",
    ]
    assert "本次应报送4项，按时报送1项，逾期报送1项，未报送2项。" in lines
    assert (
        "1．乙县总工会：到期任务1项，按期完成1项（100%）；应报送2项，按时报送0项（0%）。" in lines
    )
    assert (
        "1．甲的任务（牵头单位：甲区总工会；责任领导：张副主席；完成时限：9月15日前；已逾期25天）。"
    ) in lines
    assert "甲区总工会（甲的任务）：已完成选址评估，首批书屋挂牌。" in lines
    assert bulletin.title(bulletin.Scope(timed.plan, timed.round)) == (
        "关于2026年第三季度进展报送情况的通报"
    )


def test_without_examples_there_is_no_examples_section(timed):
    text = bulletin.text(_data(timed))
    assert "典型做法" not in text
    assert "四、下一步工作要求" in text


def test_a_period_counts_the_rounds_due_within_it(timed):
    scope = bulletin.Scope(timed.plan, None, datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    data = bulletin.gather(scope, now=timed.now)
    assert data.day == datetime.date(2026, 9, 30)
    assert data.answers["asked"] == 4
    before = bulletin.Scope(timed.plan, None, datetime.date(2026, 7, 1), datetime.date(2026, 8, 31))
    assert bulletin.gather(before, now=timed.now).answers["asked"] == 0
    assert bulletin.title(scope) == "关于2026年7月1日至2026年9月30日工作要点推进情况的通报"


def test_examples_are_inserted_under_their_heading(timed):
    body = "导语。\n一、总体情况\n情况。\n二、典型做法\n已有的例子。\n三、下一步工作要求\n要求。"
    lines = bulletin.insert_examples(body, [timed.answer_a]).splitlines()
    assert lines[4:7] == [
        "已有的例子。",
        "甲区总工会（甲的任务）：已完成选址评估，首批书屋挂牌。",
        "区内新建书屋28家。",
    ]
    assert lines[7] == "三、下一步工作要求"
    appended = bulletin.insert_examples("一、总体情况\n情况。", [timed.answer_b]).splitlines()
    assert appended[2:] == ["二、典型做法", "乙县总工会（乙的任务）：乙县已开展宣讲12场。"]


def test_the_examples_to_pick_from(timed):
    scope = bulletin.Scope(timed.plan, timed.round)
    assert set(bulletin.candidates(scope)) == {timed.answer_a, timed.answer_b}


def test_constant_queries_as_the_plan_grows(timed, django_assert_num_queries):
    scope = bulletin.Scope(timed.plan, timed.round)
    grow(timed, tasks=4, units=2)
    with django_assert_num_queries(3):
        bulletin.gather(scope, now=timed.now)
    grow(timed, tasks=40, units=10, deadline=datetime.date(2026, 9, 1))
    with django_assert_num_queries(3):
        data = bulletin.gather(scope, now=timed.now)
    assert data.counts["overdue"] > 40
