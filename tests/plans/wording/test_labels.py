"""Labels: one grammar for the importer and the editor. Every form the importer reads, the
editor reads, continues in its own style and renumbers."""

from dataclasses import dataclass

import pytest

from plans.wording.labels import (
    ARABIC,
    ARABIC_HALF_PAREN,
    ARABIC_PAREN,
    CIRCLED,
    CN,
    CN_PAREN,
    PART,
    bare_label,
    close_gap,
    dotted_label,
    label_after,
    match_label,
    next_label,
    numbered_label,
    open_gap,
    parse_label,
    swap_numbers,
)


@pytest.mark.parametrize(
    ("label", "family", "number", "following"),
    [
        ("一、", CN, 1, "二、"),
        ("九、", CN, 9, "十、"),
        ("十一、", CN, 11, "十二、"),
        ("十九、", CN, 19, "二十、"),
        ("九十九、", CN, 99, "一百、"),
        ("一百零五、", CN, 105, "一百零六、"),
        ("一.", CN, 1, "二."),
        ("（一）", CN_PAREN, 1, "（二）"),
        ("(三)", CN_PAREN, 3, "(四)"),
        ("（ 三 ）", CN_PAREN, 3, "（ 四 ）"),
        ("（九）、", CN_PAREN, 9, "（十）、"),
        ("㈠", CN_PAREN, 1, "㈡"),
        ("㈩", CN_PAREN, 10, "（十一）"),  # past the last character: the family's plain way
        ("1．", ARABIC, 1, "2．"),
        ("9.", ARABIC, 9, "10."),
        ("4、", ARABIC, 4, "5、"),
        ("10.、", ARABIC, 10, "11.、"),
        ("⒈", ARABIC, 1, "⒉"),
        ("⒛", ARABIC, 20, "21．"),
        ("（1）", ARABIC_PAREN, 1, "（2）"),
        ("(12)", ARABIC_PAREN, 12, "(13)"),
        ("⑴", ARABIC_PAREN, 1, "⑵"),
        ("⒇", ARABIC_PAREN, 20, "（21）"),
        ("1）", ARABIC_HALF_PAREN, 1, "2）"),
        ("①", CIRCLED, 1, "②"),
        ("①、", CIRCLED, 1, "②、"),
        ("⑳", CIRCLED, 20, "㉑"),
        ("第一部分", PART, 1, "第二部分"),
        ("第三章", PART, 3, "第四章"),
    ],
)
def test_labels_are_read_and_continued_in_their_own_style(label, family, number, following):
    read = parse_label(label)
    assert (read.family, read.number) == (family, number)
    assert read.render(number) == label.strip()
    assert read.render(number + 1) == following
    # What the editor writes, the importer reads back as the same family and number.
    again = match_label(following)
    assert again.family in (family, ARABIC_PAREN)  # ⑳ → ㉑, ⒇ → （21）
    assert again.number == number + 1


@pytest.mark.parametrize(
    "label", ["", None, "一", "3", "第一", "（一", "标题", "2021年", "1.5万", "一、标题", "一："]
)
def test_what_is_not_a_label(label):
    assert parse_label(label) is None


@pytest.mark.parametrize("label", ["十十、", "二二、", "一百百、", "（十十）", "第十十部分"])
def test_a_numeral_that_is_no_number_is_not_a_label_for_the_editor(label):
    assert parse_label(label) is None
    # The importer still sees a heading there (its number unknown), as before.
    found = match_label(f"{label}加强组织领导")
    assert found is not None and found.number is None


def test_the_importer_reads_a_label_and_the_text_after_it():
    label = match_label("（二）加强组织领导。各单位要……")
    assert (label.text, label.family, label.number) == ("（二）", CN_PAREN, 2)
    assert label.rest == "加强组织领导。各单位要……"
    assert match_label("1.5万人次参加") is None
    assert match_label("2021年工作要点") is None


def test_table_numbers_without_punctuation():
    assert (bare_label("三").family, bare_label("三").number) == (CN, 3)
    assert (bare_label("12").family, bare_label("12").number) == (ARABIC, 12)
    assert bare_label("（2）").number == 2
    assert bare_label("任务") is None


def test_labels_of_one_family_whatever_their_separator():
    assert parse_label("1.").family == parse_label("4、").family
    assert parse_label("（一）").family == parse_label("(二)").family == parse_label("㈢").family
    assert parse_label("一、").family != parse_label("（一）").family


def test_next_label_follows_the_last_sibling_that_is_a_label_or_the_depth():
    assert next_label(["一、", "二、"], 0) == "三、"
    assert next_label([], 0) == "一、"
    assert next_label([], 1) == "（一）"
    assert next_label([], 2) == "1．"
    assert next_label([], 7) == "（1）"
    assert next_label(["无编号"], 1) == "（一）"
    assert next_label(["十十、"], 0) == "一、"
    assert next_label(["一、", "十十、"], 0) == "二、"
    assert next_label(["⑴", "⑵"], 3) == "⑶"


@dataclass
class Item:
    label: str


def test_neighbours_trade_numbers_within_a_family_only():
    one, other = Item("（一）"), Item("(二)")
    swap_numbers(one, other)
    assert (one.label, other.label) == ("（二）", "(一)")
    one, other = Item("⑴"), Item("（2）")
    swap_numbers(one, other)
    assert (one.label, other.label) == ("⑵", "（1）")
    one, other = Item("十十、"), Item("二、")
    swap_numbers(one, other)  # not a number: left as written, no error
    assert (one.label, other.label) == ("十十、", "二、")
    one, other = Item("一、"), Item("（二）")
    swap_numbers(one, other)
    assert (one.label, other.label) == ("一、", "（二）")


def test_closing_the_gap_renumbers_only_the_run_that_followed():
    following = [Item("㈢"), Item("㈣"), Item("（七）"), Item("㈤")]
    changed = close_gap("㈡", following)
    assert [item.label for item in following] == ["㈡", "㈢", "（七）", "㈤"]
    assert changed == following[:2]
    assert close_gap("十十、", [Item("十一、")]) == []


def test_opening_a_gap_renumbers_the_run_after_the_inserted_item():
    following = [Item("（二）"), Item("(三)"), Item("（七）")]
    changed = open_gap("（二）", following)
    assert [item.label for item in following] == ["（三）", "(四)", "（七）"]
    assert changed == following[:2]
    # A table's bare 序号 renumbers the same way; a run-in task (no label) changes nothing.
    rows = [Item("3"), Item("4")]
    assert open_gap("3", rows) == rows and [row.label for row in rows] == ["4", "5"]
    assert open_gap("", [Item("1．")]) == []


def test_the_label_after_another_is_written_the_same_way():
    assert label_after("3．") == "4．"
    assert label_after("⑲") == "⑳"
    assert label_after("九") == "十"
    assert label_after("") == ""
    assert label_after("十十、") == ""
    assert numbered_label("12") == numbered_label("12") and numbered_label("x") is None


def test_a_tables_outline_numbers_are_labels_of_their_depth():
    label = dotted_label("2.3")
    assert (label.family, label.number, label.render(4)) == ("dotted1", 3, "2.4")
    assert dotted_label("1.2.10").family == "dotted2"
    assert dotted_label("1．2").number == 2
    for text in ("1", "1.", "1.5万", "2024.10.15.1.2.3", "一.1", ""):
        assert dotted_label(text) is None
