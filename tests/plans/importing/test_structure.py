"""parse_plan on documents written the many ways real plans are."""

from datetime import date

import pytest

from plans.importing.headings import split_title
from plans.wording.labels import match_label
from tests.plans.importing.helpers import outline, parse

# --- Labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "family", "number"),
    [
        ("一、思想引领", "一、", "cn", 1),
        ("十二、文化", "十二、", "cn", 12),
        ("（一）理论武装", "（一）", "cn_paren", 1),
        ("(三)理论武装", "(三)", "cn_paren", 3),
        ("（十一）、学习", "（十一）、", "cn_paren", 11),
        ("1.持续深化", "1.", "arabic", 1),
        ("1. 持续深化", "1.", "arabic", 1),
        ("1．持续深化", "1．", "arabic", 1),
        ("4、 扎实开展", "4、", "arabic", 4),
        ("10.、深入实施", "10.、", "arabic", 10),
        ("120．第一百二十项", "120．", "arabic", 120),
        ("（1）开展宣讲", "（1）", "arabic_paren", 1),
        ("(12)开展宣讲", "(12)", "arabic_paren", 12),
        ("1）开展宣讲", "1）", "arabic_half_paren", 1),
        ("①开展宣讲", "①", "circled", 1),
        ("⑩开展宣讲", "⑩", "circled", 10),
        ("⑴开展宣讲", "⑴", "arabic_paren", 1),
        ("第二部分 主要任务", "第二部分", "part", 2),
    ],
)
def test_labels(text, label, family, number):
    found = match_label(text)
    assert (found.text, found.family, found.number) == (label, family, number)


@pytest.mark.parametrize(
    "text",
    [
        "2021年是开局之年。",
        "1.5万人次参加",
        "2021.3.1印发",
        "十九大以来",
        "一是加强学习",
        "各级工会要",
    ],
)
def test_prose_is_not_a_label(text):
    assert match_label(text) is None


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("持续深化理论武装。坚持把学习…", "持续深化理论武装", "坚持把学习…"),
        ("全面落实工会意识形态责任制。", "全面落实工会意识形态责任制", ""),
        ("深化理论学习教育，加强意识形态工作", "深化理论学习教育，加强意识形态工作", ""),
        ("加强组织领导；各单位要把…", "加强组织领导", "各单位要把…"),
        ("工作目标：到年底建成书屋30家。", "工作目标", "到年底建成书屋30家。"),
        (
            "加强组织领导各单位要把宣传工作摆上重要议程，切实加强领导。",
            "加强组织领导",
            "各单位要把宣传工作摆上重要议程，切实加强领导。",
        ),
        ("思想引领", "思想引领", ""),
        ("加强和改进各级工会宣传工作", "加强和改进各级工会宣传工作", ""),
        ("推动各级工会要闻宣传", "推动各级工会要闻宣传", ""),
    ],
)
def test_split_title(text, title, body):
    assert split_title(text) == (title, body)


# --- Nesting and numbering --------------------------------------------------------------------


def test_three_levels_nest_and_restart():
    plan = parse(
        "2022年工作要点\n"
        "一、强化思想引领\n（一）理论武装\n1．加强学习。内容。\n2．开展宣讲。\n"
        "（二）舆论引导\n1．做好宣传。\n"
        "二、繁荣职工文化\n（一）文化活动\n1．举办艺术节。\n"
    )
    assert outline(plan) == [
        (
            "一、",
            "强化思想引领",
            [
                ("（一）", "理论武装", [], [("1．", "加强学习"), ("2．", "开展宣讲")]),
                ("（二）", "舆论引导", [], [("1．", "做好宣传")]),
            ],
            [],
        ),
        ("二、", "繁荣职工文化", [("（一）", "文化活动", [], [("1．", "举办艺术节")])], []),
    ]


def test_run_on_numbering_across_sections():
    plan = parse("一、甲\n1. 任务一。\n2、任务二。\n二、乙\n3．任务三。\n10.、任务十。\n")
    assert outline(plan) == [
        ("一、", "甲", [], [("1.", "任务一"), ("2、", "任务二")]),
        ("二、", "乙", [], [("3．", "任务三"), ("10.、", "任务十")]),
    ]


@pytest.mark.parametrize(
    ("section", "task_a", "task_b"),
    [
        ("（一）", "1.", "2."),
        ("(一)", "（1）", "（2）"),
        ("一、", "①", "②"),
        ("第一部分 ", "一、", "二、"),
        ("一、", "1）", "2）"),
    ],
)
def test_numbering_styles(section, task_a, task_b):
    plan = parse(f"{section}总体要求\n{task_a}加强学习。\n{task_b}开展宣讲。\n")
    assert [(t.label, t.title) for t in plan.all_tasks()] == [
        (task_a.strip(), "加强学习"),
        (task_b.strip(), "开展宣讲"),
    ]
    assert plan.sections[0].label == section.strip()


def test_levels_follow_first_appearance_not_a_fixed_table():
    # Here "1." holds sections and "（一）" the tasks under them.
    plan = parse("1. 思想引领\n（一）加强学习。\n（二）开展宣讲。\n2. 文化活动\n（一）举办展览。\n")
    assert outline(plan) == [
        ("1.", "思想引领", [], [("（一）", "加强学习"), ("（二）", "开展宣讲")]),
        ("2.", "文化活动", [], [("（一）", "举办展览")]),
    ]


def test_a_shallower_family_closes_every_open_heading():
    plan = parse("（一）甲\n1．任务一。\n（二）乙\n2．任务二。\n一、丙\n（一）丁\n1．任务三。\n")
    assert [s.label for s in plan.sections] == ["（一）", "（二）", "一、"]
    assert plan.sections[2].sections[0].tasks[0].title == "任务三"


def test_section_with_only_prose_keeps_its_body():
    plan = parse(
        "2022年工作要点\n一、工作目标\n到年底，建成职工书屋30家。\n全市职工参与率达到80%。\n"
        "二、主要任务\n1．加强学习。\n"
    )
    goal = plan.sections[0]
    assert (goal.title, goal.tasks, goal.sections) == ("工作目标", [], [])
    assert goal.body == "到年底，建成职工书屋30家。\n全市职工参与率达到80%。"
    assert plan.sections[1].tasks[0].title == "加强学习"


def test_misnumbered_first_heading_is_read_as_section_one():
    plan = parse(
        "2021年工作要点\n1、指导思想\n以习近平新时代中国特色社会主义思想为指导。\n"
        "二、重点任务\n1．加强学习。\n2．开展宣讲。\n三、保障措施\n1．加强领导。\n"
    )
    assert [(s.label, s.title) for s in plan.sections] == [
        ("1、", "指导思想"),
        ("二、", "重点任务"),
        ("三、", "保障措施"),
    ]
    assert plan.sections[0].body == "以习近平新时代中国特色社会主义思想为指导。"
    assert [t.title for t in plan.sections[1].tasks] == ["加强学习", "开展宣讲"]
    assert any("1、指导思想" in w and "top-level section" in w for w in plan.warnings)


def test_single_level_plan_gets_one_untitled_section():
    plan = parse("2021年工作要点\n1．加强学习。\n2．开展宣讲。\n3．举办比赛。\n")
    assert outline(plan) == [
        ("", "", [], [("1．", "加强学习"), ("2．", "开展宣讲"), ("3．", "举办比赛")])
    ]
    assert any("one level of numbering" in w for w in plan.warnings)


def test_label_alone_on_its_line_takes_the_next_line_as_heading():
    plan = parse("一、\n思想引领\n1．\n加强学习。各级工会要学习。\n")
    assert outline(plan) == [("一、", "思想引领", [], [("1．", "加强学习")])]
    assert plan.sections[0].tasks[0].body == "各级工会要学习。"


# --- Headings and their bodies ----------------------------------------------------------------


def test_heading_alone_inline_with_and_without_punctuation():
    plan = parse(
        "一、保障措施\n"
        "（一）加强组织领导\n各单位要高度重视。\n"
        "（二）强化督促检查。各单位要定期报送进展。\n"
        "（三）注重宣传引导各单位要把宣传工作摆上重要议程，切实加强领导。\n"
        "（四）营造良好氛围：各单位要大力宣传。\n"
    )
    tasks = plan.sections[0].tasks
    assert [(t.title, t.body) for t in tasks] == [
        ("加强组织领导", "各单位要高度重视。"),
        ("强化督促检查", "各单位要定期报送进展。"),
        ("注重宣传引导", "各单位要把宣传工作摆上重要议程，切实加强领导。"),
        ("营造良好氛围", "各单位要大力宣传。"),
    ]


def test_paragraphs_broken_by_blank_lines_are_joined():
    plan = parse(
        "2021年工作要点\n\n一、思想引领\n\n"
        "1．加强理论学习。各级工会要通过形势报告、主题宣讲\n\n"
        "等方式，引导广大职工学原文、悟原理\n\n"
        "，增强政治认同。\n\n"
        "2．开展宣讲活动\n\n"
        "面向基层职工开展宣讲。\n"
    )
    first, second = plan.sections[0].tasks
    assert (
        first.body
        == "各级工会要通过形势报告、主题宣讲等方式，引导广大职工学原文、悟原理，增强政治认同。"
    )
    assert (second.title, second.body) == ("开展宣讲活动", "面向基层职工开展宣讲。")


def test_line_cut_after_a_comma_is_joined_without_blank_line():
    plan = parse("一、思想引领\n1．加强学习。各级工会要通过形势报告、\n主题宣讲等方式组织学习。\n")
    assert plan.sections[0].tasks[0].body == "各级工会要通过形势报告、主题宣讲等方式组织学习。"


# --- Title and front matter -------------------------------------------------------------------


def test_title_over_several_lines_without_dates_and_numbers():
    plan = parse(
        "平总工〔2021〕3号\n平顶山市总工会\n\n宣传教育部2021年工作要点\n（2021年3月1日）\n"
        "2021年的总体思路是：坚持学习。\n一、思想引领\n1．加强学习。\n"
    )
    assert plan.title == "平顶山市总工会宣传教育部2021年工作要点"
    assert plan.preamble == "2021年的总体思路是：坚持学习。"


def test_missing_title_is_a_warning():
    plan = parse("2020年是收官之年，现制定如下要点。\n一、思想引领\n1．加强学习。\n")
    assert plan.title == ""
    assert plan.year == 2020
    assert any("No title" in w for w in plan.warnings)


COVER_NOTICE = (
    "XX市总工会文件\n"
    "X总工发〔2022〕7号\n"
    "关于印发2022年宣传教育工作要点的通知\n"
    "各区县总工会，各产业工会：\n"
    "现将《2022年宣传教育工作要点》印发给你们，请结合实际认真贯彻落实。\n"
    "一、高度重视。各单位要加强领导。\n"
    "二、抓好落实。各单位要细化措施。\n"
    "XX市总工会\n"
    "2022年2月20日\n"
    "附件\n"
    "XX市总工会2022年宣传教育工作要点\n"
    "2022年是党的二十大召开之年。\n"
    "一、强化思想引领\n"
    "1．深入学习宣传。各级工会要组织学习。（牵头部门：宣教部；完成时限：全年）\n"
    "二、繁荣职工文化\n"
    "2．举办职工文化节。（牵头部门：文体部；配合部门：宣教部；完成时限：10月底前）\n"
    "XX市总工会办公室\n"
    "2022年2月20日印发\n"
)


def test_cover_notice_named_without_book_marks_is_skipped():
    plan = parse(COVER_NOTICE)
    assert plan.title == "XX市总工会2022年宣传教育工作要点"
    assert plan.year == 2022
    assert plan.preamble == "2022年是党的二十大召开之年。"
    assert [s.title for s in plan.sections] == ["强化思想引领", "繁荣职工文化"]
    task = plan.sections[1].tasks[0]
    assert (task.lead_units, task.supporting_units) == (["文体部"], ["宣教部"])
    assert task.deadline == date(2022, 10, 31)
    assert task.body == ""  # the signature and date closing the document are not its body
    assert any("cover notice" in w for w in plan.warnings)


def test_cover_notice_whose_plan_cannot_be_found_is_read_as_the_plan():
    plan = parse(
        "关于做好2022年宣传工作的通知\n各区县总工会：\n一、高度重视。要加强领导。\n"
        "二、抓好落实。要细化措施。\n"
    )
    assert [t.label for t in plan.all_tasks()] == ["一、", "二、"]
    assert plan.title == "关于做好2022年宣传工作的通知"
    assert any("could not be found" in w for w in plan.warnings)


# --- Year -------------------------------------------------------------------------------------


def test_year_from_title_then_text_then_deadlines():
    assert parse("2019年工作要点\n一、甲\n1．任务。\n").year == 2019
    assert parse("工作要点\n2018年是关键之年。\n一、甲\n1．任务。\n").year == 2018
    from_deadline = parse("工作要点\n一、甲\n1．任务。（完成时限：2023年6月底前）\n")
    assert from_deadline.year == 2023
    assert from_deadline.sections[0].tasks[0].deadline == date(2023, 6, 30)


def test_year_ranges_are_not_the_plan_year():
    plan = parse("工作要点\n一、甲\n1．落实《五年规划（2021—2025年）》。\n")
    assert plan.year is None
    assert any("No year" in w for w in plan.warnings)


def test_year_argument_overrides_and_dates_deadlines():
    plan = parse("2019年工作要点\n一、甲\n1．任务。（完成时限：8月）\n", year=2024)
    assert plan.year == 2024
    assert plan.sections[0].tasks[0].deadline == date(2024, 8, 31)


def test_without_year_relative_deadlines_are_not_dated():
    plan = parse("工作要点\n一、甲\n1．任务。（牵头部门：宣教部；完成时限：8月）\n")
    task = plan.sections[0].tasks[0]
    assert (task.deadline_text, task.deadline) == ("8月", None)
    assert not any("could not be read" in w for w in plan.warnings)


# --- Responsibilities in context --------------------------------------------------------------


def test_responsibility_on_its_own_lines_after_the_task():
    plan = parse(
        "2021年工作要点\n一、思想引领\n"
        "1．加强学习。各级工会要组织学习。\n责任部门：宣教部，组织部、办公室；完成时限：6月底前\n"
        "2．开展宣讲。\n牵头单位：宣教部  配合单位：各县（市、区）总工会 市直工会\n"
        "责任领导：张慧、张雷\n时间节点：第三季度\n"
        "3．举办比赛。\n（牵头部门：文体部）\n"
        "4．开展评选。\n（责任领导：张雷；\n责任部门：文体部，办公室；完成时限：9月）\n"
    )
    first, second, third, fourth = plan.sections[0].tasks
    assert (first.body, first.lead_units, first.supporting_units) == (
        "各级工会要组织学习。",
        ["宣教部"],
        ["组织部", "办公室"],
    )
    assert (first.deadline_text, first.deadline) == ("6月底前", date(2021, 6, 30))
    assert second.lead_units == ["宣教部"]
    assert second.supporting_units == ["各县（市、区）总工会", "市直工会"]
    assert second.leaders == ["张慧", "张雷"]
    assert (second.deadline_text, second.deadline) == ("第三季度", date(2021, 9, 30))
    assert (third.body, third.lead_units) == ("", ["文体部"])
    assert (fourth.body, fourth.leaders, fourth.lead_units, fourth.supporting_units) == (
        "",
        ["张雷"],
        ["文体部"],
        ["办公室"],
    )
    assert fourth.deadline == date(2021, 9, 30)


def test_section_responsibility_is_inherited_by_its_tasks():
    plan = parse(
        "2021年工作要点\n一、思想引领（责任部门：宣教部、组织部；完成时限：全年）\n"
        "1．加强学习。\n2．开展宣讲。（牵头部门：办公室；完成时限：5月）\n"
    )
    section = plan.sections[0]
    assert section.title == "思想引领"
    first, second = section.tasks
    assert (first.lead_units, first.supporting_units, first.deadline) == (
        ["宣教部"],
        ["组织部"],
        date(2021, 12, 31),
    )
    assert (second.lead_units, second.supporting_units, second.deadline) == (
        ["办公室"],
        [],
        date(2021, 5, 31),
    )


def test_task_warnings_name_the_task():
    plan = parse(
        "2021年工作要点\n一、思想引领\n"
        "1．加强学习。（牵头部门：宣教部；完成时限：全年）\n"
        "2．开展宣讲。（配合部门：办公室）\n"
        "3．举办比赛。（牵头部门：文体部；完成时限：待定）\n"
        "4．长期工作。（牵头部门：文体部；完成时限：长期坚持）\n"
    )
    assert "Task “一、2．开展宣讲” has no lead unit." in plan.warnings
    assert "Task “一、2．开展宣讲” has no deadline." in plan.warnings
    assert (
        "The deadline “待定” of task “一、3．举办比赛” could not be read as a date."
        in plan.warnings
    )
    assert not any("长期" in w or "1．" in w for w in plan.warnings)
    assert plan.sections[0].tasks[3].deadline is None
