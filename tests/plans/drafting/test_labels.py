"""Labels of new and moved items follow the way the plan numbers them."""

import pytest

from plans.drafting.editing import chinese_numeral, next_label, parse_label


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (100, "100")],
)
def test_chinese_numerals(number, numeral):
    assert chinese_numeral(number) == numeral


@pytest.mark.parametrize(
    ("label", "number", "following"),
    [
        ("一、", 1, "二、"),
        ("九、", 9, "十、"),
        ("十一、", 11, "十二、"),
        ("（一）", 1, "（二）"),
        ("(三)", 3, "(四)"),
        ("1．", 1, "2．"),
        ("9.", 9, "10."),
        ("4、", 4, "5、"),
        ("10.、", 10, "11.、"),
        ("（1）", 1, "（2）"),
        ("1）", 1, "2）"),
        ("①", 1, "②"),
        ("第一部分", 1, "第二部分"),
    ],
)
def test_labels_are_read_and_continued_in_their_own_style(label, number, following):
    form = parse_label(label)
    assert form.number == number
    assert form.render(number + 1) == following


@pytest.mark.parametrize("label", ["", "一", "3", "第一", "（一", "标题", "2021年"])
def test_what_is_not_a_label(label):
    assert parse_label(label) is None


def test_labels_of_one_family_whatever_their_separator():
    assert parse_label("1.").family == parse_label("4、").family
    assert parse_label("一、").family != parse_label("（一）").family


def test_next_label_follows_the_last_sibling_or_the_depth():
    assert next_label(["一、", "二、"], 0) == "三、"
    assert next_label([], 0) == "一、"
    assert next_label([], 1) == "（一）"
    assert next_label([], 2) == "1．"
    assert next_label([], 7) == "（1）"
    assert next_label(["无编号"], 1) == "（一）"
