"""What the documents share: a target named without its figure, a target against what was
reached, a task's line."""

import pytest

from tasks.writings import common


@pytest.mark.parametrize(
    ("text", "measure", "name"),
    [
        ("新建市级职工书屋30家", "家", "新建市级职工书屋"),
        ("粉丝数增长15％", "%", "粉丝数增长"),
        ("服务职工不少于15000人次", "人次", "服务职工"),
        ("覆盖职工2万人次以上", "人次", "覆盖职工"),
        ("30家", "家", "30家"),  # nothing would be left: the text as written
        ("开展宣讲", "场", "开展宣讲"),
    ],
)
def test_a_target_without_its_figure(text, measure, name):
    assert common.target_name(text, measure) == name


def test_a_target_against_what_was_reached():
    assert common.target_line("新建市级职工书屋30家", "家", 30, 28) == "新建市级职工书屋 28/30 家"
    assert common.target_line("新建市级职工书屋30家", "家", 30, None) == "新建市级职工书屋 0/30 家"


def test_a_task_line_is_a_sentence():
    assert common.task_line("1．", "推进职工书屋建设") == "1．推进职工书屋建设。"
    assert common.task_line("（二）", "办好平台！") == "（二）办好平台！"
