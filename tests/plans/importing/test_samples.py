"""The three real plans in plans/demo/samples, checked exactly."""

from datetime import date

import pytest

from plans.importing import parse_document
from tests.plans.importing.helpers import SAMPLES, docx_bytes, sample_plan


@pytest.fixture(scope="module")
def beijing():
    return sample_plan("beijing-2017-union-publicity-plan.txt")


@pytest.fixture(scope="module")
def pingdingshan():
    return sample_plan("pingdingshan-2021-publicity-plan.txt")


@pytest.fixture(scope="module")
def leshan():
    return sample_plan("leshan-2020-measures-list.txt")


def targets(task):
    return [(target.value, target.measure) for target in task.targets]


# --- Beijing 2017: 一、 sections, tasks 1．..12． numbered on across sections ------------------

BEIJING_SECTIONS = [
    ("一、", "深化理论学习教育，加强意识形态工作，营造喜迎十九大召开的良好氛围"),
    ("二、", "丰富载体形式，推动社会主义核心价值观培育践行工作落细落小落实"),
    ("三、", "围绕工作重点，全面推进工会宣传工作常态化"),
    ("四、", "发挥文化引领作用，繁荣发展职工文化事业"),
]
BEIJING_TASKS = [
    [
        ("1．", "坚持把学习宣传贯彻习近平总书记系列重要讲话精神作为第一位的政治任务抓紧抓实抓好"),
        ("2．", "全面落实意识形态工作责任制"),
        ("3．", "大力营造迎接十九大胜利召开的良好氛围"),
    ],
    [
        ("4．", "深化社会主义核心价值观宣传教育活动"),
        ("5．", "继续做好首都职工志愿工作"),
        ("6．", "有效发挥职工教育阵地作用"),
    ],
    [
        ("7．", "加强顶层设计和整体统筹，有效发挥媒体资源效能"),
        ("8．", "做强市总“微平台”，发挥工会自媒体作用"),
        ("9．", "加强户外公益广告宣传，提升工会组织的社会影响力"),
    ],
    [
        ("10．", "深入推进文化体育助推服务"),
        ("11．", "扎实办好第十一届职工文化艺术节"),
        ("12．", "精心打造文化体育品牌项目"),
    ],
]


def test_beijing_title_year_and_preamble(beijing):
    assert beijing.title == "2017年北京市工会宣教工作要点"
    assert beijing.year == 2017
    assert beijing.preamble.startswith("2017年是全面实施“十三五”规划")
    assert beijing.preamble.endswith("有效实现对全市广大职工的凝聚和引领。")
    assert "\n" not in beijing.preamble


def test_beijing_sections_and_tasks(beijing):
    assert [(s.label, s.title) for s in beijing.sections] == BEIJING_SECTIONS
    assert [[(t.label, t.title) for t in s.tasks] for s in beijing.sections] == BEIJING_TASKS
    assert all(not s.sections and not s.body for s in beijing.sections)


def test_beijing_bodies_keep_every_following_paragraph(beijing):
    task_2 = beijing.sections[0].tasks[1]
    assert task_2.body.startswith("各级工会组织要全面加强意识形态工作")
    assert task_2.body.endswith("在网上形成声势，传播正能量。")
    assert task_2.body.count("\n") == 1  # its second paragraph "各区总工会要…" belongs to it
    task_1 = beijing.sections[0].tasks[0]
    assert task_1.body.startswith("各级工会要通过形势报告")


def test_beijing_targets(beijing):
    task_12 = beijing.sections[3].tasks[2]
    assert (15000, "人次") in targets(task_12)
    assert (15, "%") in targets(task_12)
    assert task_12.targets[0].text == "参与职工不少于15000人次"
    assert 121 not in [value for value, _ in targets(task_12)]  # “健步121” is a name
    assert task_12.body.count("[bookmark") == 0
    assert targets(beijing.sections[2].tasks[0]) == [(2, "期")]  # 每周固定播出两期


def test_beijing_has_no_responsibilities_and_says_so_once(beijing):
    tasks = list(beijing.all_tasks())
    assert all(not t.lead_units and not t.deadline_text and t.deadline is None for t in tasks)
    assert sum("lead unit" in w or "responsible units" in w for w in beijing.warnings) == 1
    assert sum("deadline" in w for w in beijing.warnings) == 1


# --- Pingdingshan 2021: title over two lines, tasks 1..19 with "1." "4、" "10.、" -----------------

PINGDINGSHAN_SECTIONS = [
    ("一、", "深入学习宣传贯彻习近平新时代中国特色社会主义思想"),
    ("二、", "开展庆祝中国共产党成立100周年主题宣传教育活动"),
    ("三、", "加强和改进新时代职工思想政治工作"),
    ("四、", "大力加强职工素质提升工作"),
    ("五、", "讲好鹰城工人故事，传播好平顶山工会声音"),
    ("六、", "推动职工文化繁荣发展"),
    ("七、", "抓好工会宣教部门自身建设"),
]
PINGDINGSHAN_TASKS = [
    ("1.", "持续深化理论武装"),
    ("2.", "扎实开展宣传宣讲"),
    ("3.", "全面落实工会意识形态责任制"),
    ("4、", "扎实开展党史学习教育"),
    ("5、", "组织开展主题宣传活动"),
    ("6、", "广泛开展职工文化活动"),
    ("7、", "着力工会宣传报道工作"),
    ("8、", "加强以职业道德为重点的“四德”建设"),
    ("9、", "统筹做好精神文明建设工作"),
    ("10.、", "深入实施职工素质建设工程"),
    ("11.、", "加大职工书屋建设力度"),
    ("12、", "做好工会重点工作的宣传报道"),
    ("13、", "大力弘扬劳模精神、劳动精神和工匠精神"),
    ("14、", "突出全市工会“三工”宣传工作"),
    ("15、", "持续开展千场文化活动进基层"),
    ("16、", "指导推动基层职工文体活动蓬勃发展"),
    ("17、", "加强培训提升素质"),
    ("18、", "加强宣教干部队伍政治素质建设"),
    ("19、", "加强与基层工会宣教部门的联系，做好指导和服务工作"),
]


def test_pingdingshan_title_year_preamble(pingdingshan):
    assert pingdingshan.title == "平顶山市总工会宣传教育部2021年工作要点"
    assert pingdingshan.year == 2021
    assert pingdingshan.preamble.startswith("2021年全市工会宣传教育工作的总体思路：")


def test_pingdingshan_structure(pingdingshan):
    assert [(s.label, s.title) for s in pingdingshan.sections] == PINGDINGSHAN_SECTIONS
    assert [len(s.tasks) for s in pingdingshan.sections] == [3, 4, 2, 2, 3, 2, 3]
    assert [(t.label, t.title) for t in pingdingshan.all_tasks()] == PINGDINGSHAN_TASKS


def test_pingdingshan_heading_alone_takes_the_next_line_as_body(pingdingshan):
    task_3 = pingdingshan.sections[0].tasks[2]
    assert task_3.body.startswith("牢牢掌握工会意识形态工作主导权")
    assert task_3.body.endswith("建立实施新闻发言人制度。")
    task_14 = pingdingshan.sections[4].tasks[2]
    assert task_14.body.startswith("加大对2021年市总重点工、亮点工作")


def test_pingdingshan_targets(pingdingshan):
    tasks = list(pingdingshan.all_tasks())
    assert targets(tasks[10]) == [(30, "家"), (5, "家"), (2, "家")]
    assert tasks[10].targets[0].text == "新建市级职工书屋30家"
    assert targets(tasks[14]) == [(10, "场次"), (5, "场次")]
    assert targets(tasks[11]) == [(2, "期")]  # 每月两期
    assert targets(tasks[9]) == []  # 五年规划（2021—2025年） is not a target


def test_pingdingshan_conversion_residue_is_gone(pingdingshan):
    texts = [pingdingshan.preamble]
    for task in pingdingshan.all_tasks():
        texts += [task.label, task.title, task.body]
    assert not any("bookmark" in text or "[" in text for text in texts)
    assert pingdingshan.sections[1].tasks[2].label == "6、"


# --- Leshan 2020: cover notice, title over three lines, responsibilities in brackets -----------

LESHAN_TITLE = "在全市职工中开展“中国梦·劳动美——决胜小康 奋斗有我”主题宣传教育活动的工作举措清单"
JOINT = ["机关党委", "市教科文卫体工会"]
LESHAN_TASKS = {
    # (section, task): (title, leaders, lead units, supporting units, deadline text, deadline)
    ("一、", "（一）"): (
        "持续深化习近平新时代中国特色社会主义思想学习教育",
        ["张慧"], ["组宣部"], [*JOINT, "办公室"], "全年", date(2020, 12, 31),
    ),
    ("一、", "（二）"): (
        "深入学习贯彻习近平总书记关于工人阶级和工会工作的重要论述",
        ["张慧"], ["组宣部"], [*JOINT, "经济保障女工部", "办公室"], "全年", date(2020, 12, 31),
    ),
    ("一、", "（三）"): (
        "深入学习贯彻党的十九届四中全会、省委十一届六次全会和市委七届九次全会精神",
        ["张雷"], ["经济保障女工部"], [*JOINT, "组宣部", "办公室"], "8月", date(2020, 8, 31),
    ),
    ("一、", "（四）"): (
        "大力弘扬和培育社会主义核心价值观",
        ["张慧"], ["组宣部"], [*JOINT, "办公室", "经济保障女工部"], "全年", date(2020, 12, 31),
    ),
    ("二、", "（一）"): (
        "持续推进职工志愿服务活动",
        ["张慧"], ["组宣部"], [*JOINT, "办公室", "财务部", "经审办"], "10月", date(2020, 10, 31),
    ),
    ("二、", "（二）"): (
        "持续推进职工宣传教育阵地建设",
        ["张慧"], ["组宣部"], ["市教科文卫体工会", "财务部", "经审办"], "12月", date(2020, 12, 31),
    ),
    ("二、", "（三）"): (
        "持续推进职工之家阵地建设",
        ["张慧"], ["组宣部"],
        ["市教科文卫体工会", "办公室", "经济保障女工部", "财务部", "经审办"],
        "12月", date(2020, 12, 31),
    ),
    ("三、", "（一）"): (
        "组织开展劳模宣讲活动",
        ["张雷"], ["经济保障女工部"], ["市教科文卫体工会", "组宣部"], "12月", date(2020, 12, 31),
    ),
    ("三、", "（二）"): (
        "组织开展全市第三届职工书画摄影作品展等系列活动",
        ["张慧"], ["组宣部"], ["市教科文卫体工会", "财务部", "经审办"], "9月", date(2020, 9, 30),
    ),
    ("三、", "（三）"): (
        "组织开展创新媒体宣传系统活动",
        ["张慧"], ["组宣部"], JOINT, "12月", date(2020, 12, 31),
    ),
}  # fmt: skip


def test_leshan_cover_notice_is_skipped(leshan):
    assert leshan.title == LESHAN_TITLE
    assert leshan.year == 2020
    assert leshan.preamble.startswith("2020年是全面建成小康社会")
    assert [(s.label, s.title) for s in leshan.sections] == [
        ("一、", "持续深化习近平新时代中国特色社会主义思想学习教育"),
        ("二、", "不断提高新时代新型职工队伍素质"),
        ("三、", "开展内容丰富的职工文化活动"),
    ]
    assert not any(
        s.title in ("精心组织实施", "务求取得实效", "及时总结宣传") for s in leshan.sections
    )
    assert any("cover notice" in warning for warning in leshan.warnings)


def test_leshan_tasks_and_responsibilities(leshan):
    found = {}
    for section in leshan.sections:
        for task in section.tasks:
            found[(section.label, task.label)] = (
                task.title,
                task.leaders,
                task.lead_units,
                task.supporting_units,
                task.deadline_text,
                task.deadline,
            )
    assert [len(s.tasks) for s in leshan.sections] == [4, 3, 3]
    assert found == LESHAN_TASKS


def test_leshan_bodies_lose_their_notes(leshan):
    first = leshan.sections[0].tasks[0]
    assert first.body.startswith("坚持原原本本学、联系实际学")
    assert first.body.endswith("牢牢把握工会工作的正确政治方向。")
    for task in leshan.all_tasks():
        assert (
            "责任领导" not in task.body and "下同" not in task.body and "完成时限" not in task.body
        )


def test_leshan_targets(leshan):
    two = leshan.sections[1]
    assert targets(two.tasks[1]) == [(2, "个"), (4, "个"), (3, "个"), (15, "个")]
    assert two.tasks[1].targets[3].text == "全市命名职工书屋15个"
    assert targets(two.tasks[2]) == [(5, "个"), (10, "个"), (15, "个")]
    # 95周年, 70周年, 75周年 and 第三届 are not targets.
    assert targets(leshan.sections[2].tasks[2]) == []
    assert targets(leshan.sections[2].tasks[1]) == []


def test_leshan_has_no_task_warnings(leshan):
    assert not any("Task" in warning for warning in leshan.warnings)


def _as_docx(text: str) -> bytes:
    def build(document):
        for line in text.split("\n"):
            document.add_paragraph(line)

    return docx_bytes(build)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda path: path.stem)
def test_samples_read_the_same_in_every_form(path):
    """The same plan as .docx, as GB18030 with CRLF, as UTF-16, and with a blank line after
    every paragraph (as text copied from a web page) gives the same result."""
    text = path.read_text(encoding="utf-8")
    expected = parse_document(text, "").to_dict()
    variants = {
        "docx": (_as_docx(text), "plan.docx"),
        "gb18030-crlf": (text.replace("\n", "\r\n").encode("gb18030"), "plan.txt"),
        "utf-16": (text.encode("utf-16"), "plan.txt"),
        "blank-lines": ("\n\n".join(text.split("\n")).encode(), "plan.txt"),
    }
    for name, (data, filename) in variants.items():
        assert parse_document(data, filename).to_dict() == expected, name
