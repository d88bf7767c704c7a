"""The compilation of a round (tasks.writings.compilation): every answer and every missing unit,
figures against targets, late answers, in document order; constant queries as the round grows."""

from django.utils import translation

from plans.models import User
from tasks.rounds import service as rounds
from tasks.writings import compilation
from tests.growth import grow


def _by_title(data):
    return {task.title: task for task in data.tasks}


def test_each_answer_and_each_missing_unit_is_there(dw):
    data = compilation.gather(dw.round)
    tasks = _by_title(data)
    assert [task.title for task in data.tasks] == ["甲的任务", "乙的任务", "丙的任务"]
    task_a = tasks["甲的任务"]
    assert [(a.unit, a.missing) for a in task_a.answers] == [
        ("甲区总工会", False),
        ("乙县总工会", True),
    ]
    answer = task_a.answered[0]
    assert answer.percent == 60
    assert answer.figures == ["新建市级职工书屋 28 家"]
    assert not answer.late
    assert task_a.targets == ["新建市级职工书屋 28/30 家"]
    assert tasks["乙的任务"].answered[0].late
    assert [a.unit for a in tasks["丙的任务"].missing] == ["丙区总工会"]
    assert (data.expected, data.answered, data.late) == (4, 2, 1)
    assert data.missing_units() == [("乙县总工会", 1), ("丙区总工会", 1)]


def test_the_text_reads_as_a_compilation(dw):
    text = compilation.text(compilation.gather(dw.round))
    lines = text.splitlines()
    assert lines[0].startswith("根据《")
    assert lines[1] == "未报送单位：乙县总工会（1项）、丙区总工会（1项）。"
    section = f"{dw.section.label}{dw.section.title}"
    assert lines.count(section) == 1
    assert lines.index(section) < lines.index(f"{dw.task_a.label}甲的任务。")
    assert "指标进展：新建市级职工书屋 28/30 家。" in lines
    assert (
        "甲区总工会（牵头，完成60%，9月28日报送）：已完成选址评估，首批书屋挂牌。"
        "（新建市级职工书屋 28 家）"
    ) in lines
    assert "区内新建书屋28家。" in lines  # a second line of an answer is its own paragraph
    assert "乙县总工会（牵头，10月3日逾期报送）：乙县已开展宣讲12场。" in lines
    assert "未报送：乙县总工会。" in lines  # unit B, asked to support task A
    assert "未报送：丙区总工会。" in lines
    assert compilation.title(dw.round) == "2026年第三季度进展报送情况汇总"


def test_the_text_is_chinese_whatever_the_page_language(dw):
    with translation.override("en"):
        text = compilation.text(compilation.gather(dw.round))
    assert "未报送单位：" in text


def _grown_round(world, tasks):
    grow(world, tasks=tasks, units=3)
    rnd = rounds.open_round(world.planner, world.plan, name="报送", due_date=world.round.due_date)
    for item in rnd.items.select_related("task", "unit")[: tasks // 2]:
        user = User.objects.filter(unit=item.unit).first()
        rounds.answer(user, rnd, item.task, item.unit, text=f"第{item.task_id}项进展", percent=50)
    return rnd


def test_constant_queries_as_the_round_grows(dw, django_assert_num_queries):
    small = _grown_round(dw, 4)
    with django_assert_num_queries(6):
        compilation.gather(small)
    large = _grown_round(dw, 30)
    with django_assert_num_queries(6):
        data = compilation.gather(large)
    assert data.expected > 30
