"""Responsibility notes: leaders, lead and supporting units, deadline text."""

import pytest

from plans.importing.responsibility import (
    extract_notes,
    parse_responsibility,
    split_names,
    starts_with_note,
)


def fields(text):
    r = parse_responsibility(text)
    return r.leaders, r.lead_units, r.supporting_units, r.deadline_text


def test_leshan_style_note_first_unit_leads():
    assert fields(
        "责任领导：张慧；责任部门：宣教部，机关党委、市教科文卫体工会、办公室；完成时限：全年"
    ) == (
        ["张慧"],
        ["宣教部"],
        ["机关党委", "市教科文卫体工会", "办公室"],
        "全年",
    )


@pytest.mark.parametrize("label", ["责任部门", "责任部室", "责任单位", "责任处室", "承办单位"])
def test_general_unit_labels(label):
    assert fields(f"{label}：宣教部、组织部")[1:3] == (["宣教部"], ["组织部"])


@pytest.mark.parametrize("lead", ["牵头单位", "牵头部门", "主责部门"])
@pytest.mark.parametrize("support", ["配合单位", "配合部门", "协办单位", "参与单位"])
def test_explicit_lead_and_support_labels(lead, support):
    assert fields(f"{lead}：宣教部；{support}：组织部、办公室")[1:3] == (
        ["宣教部"],
        ["组织部", "办公室"],
    )


def test_explicit_lead_overrides_first_listed_rule():
    assert fields("责任部门：组织部、宣教部、办公室；牵头部门：宣教部")[1:3] == (
        ["宣教部"],
        ["组织部", "办公室"],
    )


@pytest.mark.parametrize("label", ["完成时间", "完成时限", "时间节点", "时间安排", "完成期限"])
def test_deadline_labels(label):
    assert fields(f"牵头部门：宣教部；{label}：6月底前")[3] == "6月底前"


@pytest.mark.parametrize("label", ["责任领导", "分管领导", "牵头领导"])
def test_leader_labels_and_splitting(label):
    assert fields(f"{label}：张慧、张雷")[0] == ["张慧", "张雷"]


def test_half_width_colons_spaces_and_line_breaks():
    assert fields("牵头单位: 宣教部  配合单位 : 组织部 办公室\n完成时限:  3季度") == (
        [],
        ["宣教部"],
        ["组织部", "办公室"],
        "3季度",
    )


def test_units_split_on_every_separator_but_not_inside_brackets():
    assert split_names("宣教部、组织部，办公室,财务部;经审办；文体部/法工部 女工部") == [
        "宣教部",
        "组织部",
        "办公室",
        "财务部",
        "经审办",
        "文体部",
        "法工部",
        "女工部",
    ]
    assert split_names("各县（市、区）总工会、各(市、区)产业工会") == [
        "各县（市、区）总工会",
        "各(市、区)产业工会",
    ]
    assert split_names("宣教部、宣教部、各区县总工会等") == ["宣教部", "各区县总工会"]


def test_lead_and_support_markers_inside_a_list():
    assert fields("责任单位：组织部、宣教部（牵头）、办公室（配合）")[1:3] == (
        ["宣教部"],
        ["组织部", "办公室"],
    )
    assert fields("责任部门：宣教部牵头，组织部配合")[1:3] == (["宣教部"], ["组织部"])


def test_extract_bracketed_note_and_explanation():
    text, notes = extract_notes(
        "加强学习。（责任领导：张慧；责任部门：宣教部，办公室；完成时限：全年）"
        "（排名第一的部室为牵头部门，下同）"
    )
    assert text == "加强学习。"
    assert notes == ["责任领导：张慧；责任部门：宣教部，办公室；完成时限：全年"]


def test_extract_note_with_nested_brackets_and_other_bracket_kinds():
    text, notes = extract_notes("开展宣讲【牵头单位：各县（市、区）总工会】。")
    assert text == "开展宣讲。"
    assert fields(notes[0])[1] == ["各县（市、区）总工会"]
    text, notes = extract_notes("举办比赛(牵头部门:文体部)")
    assert (text, fields(notes[0])[1]) == ("举办比赛", ["文体部"])


def test_extract_trailing_fields_after_a_sentence():
    text, notes = extract_notes("面向职工开展宣讲。责任部门：宣教部；完成时限：6月底前")
    assert text == "面向职工开展宣讲。"
    assert fields(notes[0])[1:] == (["宣教部"], [], "6月底前")


def test_plain_brackets_and_mentions_are_not_notes():
    text = "依托工人文化宫（俱乐部）开展活动，明确责任部门的职责。"
    assert extract_notes(text) == (text, [])


def test_own_line_notes():
    assert starts_with_note("责任部门：宣教部；完成时限：6月底前")
    assert starts_with_note("（牵头单位：宣教部）")
    assert starts_with_note("完成时间：全年")
    assert not starts_with_note("各级工会要明确责任部门：")
    assert not starts_with_note("一、思想引领")


def test_unlabelled_lead_and_support_note():
    text, notes = extract_notes("开展宣讲活动。（宣教部牵头，组织部、各县（市、区）总工会配合）")
    assert text == "开展宣讲活动。"
    assert fields(notes[0])[1:3] == (["宣教部"], ["组织部", "各县（市、区）总工会"])
    text, notes = extract_notes("举办比赛（文体部牵头）")
    assert (text, fields(notes[0])[1:3]) == ("举办比赛", (["文体部"], []))


def test_note_whose_bracket_closes_on_a_later_line():
    text, notes = extract_notes("（责任领导：张慧；")
    assert text == ""
    assert fields(notes[0])[0] == ["张慧"]
    text, notes = extract_notes("责任部门：宣教部，办公室）")
    assert (text, fields(notes[0])[1:3]) == ("", (["宣教部"], ["办公室"]))


@pytest.mark.parametrize(
    "label", ["时间", "时限", "完成日期", "截止时间", "截止日期", "完成节点", "办结时间"]
)
def test_short_and_other_deadline_labels(label):
    assert fields(f"责任单位：宣教部、文化宫；{label}：全年") == (
        [],
        ["宣教部"],
        ["文化宫"],
        "全年",
    )


def test_short_lead_and_support_labels():
    assert fields("牵头：文化宫；配合：各产业工会")[1:3] == (["文化宫"], ["各产业工会"])
    assert fields("主办：文化宫；协办：宣教部、组织部")[1:3] == (["文化宫"], ["宣教部", "组织部"])


@pytest.mark.parametrize("deadline", ["10月底前完成", "全年", "2027年6月30日前", "长期坚持"])
def test_an_unlabelled_deadline_closing_a_note(deadline):
    text, [note] = extract_notes(
        f"举办第五届职工文化艺术节。（牵头：文化宫；配合：各产业工会；{deadline}）"
    )
    assert text == "举办第五届职工文化艺术节。"
    assert fields(note) == ([], ["文化宫"], ["各产业工会"], deadline)


def test_a_word_that_ends_like_a_label_is_no_field():
    # "活动时间：" inside a sentence is the text's own, not a note.
    text = "组织职工参加读书活动，活动时间：每年4月。"
    assert extract_notes(text) == (text, [])


def test_a_leaders_post_in_brackets_is_not_part_of_the_name():
    note = parse_responsibility("责任领导：张三（副主席）、李四(挂职副主席)；牵头单位：宣教部")
    assert (note.leaders, note.lead_units) == (["张三", "李四"], ["宣教部"])
    # A unit keeps its brackets, at its end too.
    note = parse_responsibility("责任单位：宣教部、各县（市、区）")
    assert note.supporting_units == ["各县（市、区）"]


def test_an_unlabelled_note_with_its_deadline_after_the_supporting_units():
    text, notes = extract_notes("加强学习。（宣教部牵头，各部室配合，全年）")
    assert text == "加强学习。"
    note = parse_responsibility("；".join(notes))
    assert (note.lead_units, note.supporting_units, note.deadline_text) == (
        ["宣教部"],
        ["各部室"],
        "全年",
    )
