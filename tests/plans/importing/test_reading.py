"""Reading as a person would: run-in paragraphs as tasks, the year of a cover notice, text
copied from a PDF rejoined, stray spaces out of titles, and the PDF text helpers."""

import re

import pypdfium2 as pdfium
import pytest

from plans.importing import parse_document
from plans.importing.breaks import closes_mid_sentence
from plans.importing.readers.pdf_text import Glyph, glyph_text
from plans.importing.text import is_page_number
from tests.plans.importing.helpers import SAMPLES
from tests.plans.importing.test_formats import summary

# --- Run-in tasks -----------------------------------------------------------------------------

RUN_IN = """2015年宣传工作要点
一、加强宣传工作
（一）加强宣传机制建设
建立健全媒体沟通机制。与市属媒体建立联席会议制度，定期通报工会工作。
完善新闻发布制度。每季度召开一次新闻发布会，发布工会重点工作。
（牵头部门：宣教部；完成时限：全年）
健全舆情研判机制。每月研判一次职工思想动态。
加强通讯员队伍建设。全年培训通讯员不少于100人次。
（二）丰富宣传载体
1．办好工会报刊。全年出版12期。（牵头部门：宣教部；完成时限：全年）
2．用好新媒体。开设专栏。（牵头部门：办公室；完成时限：6月）
"""


def test_run_in_paragraphs_become_the_tasks_of_their_item():
    plan = parse_document(RUN_IN, "")
    section = plan.sections[0]
    assert [(s.label, s.title) for s in section.sections] == [
        ("（一）", "加强宣传机制建设"),
        ("（二）", "丰富宣传载体"),
    ]
    run_ins = section.sections[0].tasks
    assert [(t.label, t.title) for t in run_ins] == [
        ("", "建立健全媒体沟通机制"),
        ("", "完善新闻发布制度"),
        ("", "健全舆情研判机制"),
        ("", "加强通讯员队伍建设"),
    ]
    assert run_ins[0].body == "与市属媒体建立联席会议制度，定期通报工会工作。"
    # The note standing alone under （一） is the section's: every run-in task inherits it.
    assert all(t.lead_units == ["宣教部"] and t.deadline_text == "全年" for t in run_ins)
    assert [(t.value, t.measure) for t in run_ins[3].targets] == [(100, "人次")]
    assert [t.title for t in section.sections[1].tasks] == ["办好工会报刊", "用好新媒体"]


@pytest.mark.parametrize(
    "text",
    [
        # A task whose body runs over two paragraphs stays one task.
        "2015年要点\n一、甲\n（一）加强学习。\n各级工会要组织职工学习，做到全覆盖。\n"
        "各区总工会要结合实际抓好落实，形成长效机制。\n",
        # One paragraph is no list.
        "2015年要点\n一、甲\n（一）加强学习\n建立学习制度。每月学习一次。\n",
        # Sentences too long to be run-in titles.
        "2015年要点\n一、甲\n（一）加强学习\n各级工会要把学习贯彻会议精神作为当前的首要政治任务。抓好。\n"
        "各区县总工会要组织开展形式多样的学习宣传教育活动。抓好。\n",
    ],
)
def test_ordinary_bodies_are_not_run_in_tasks(text):
    plan = parse_document(text, "")
    assert not plan.sections[0].sections
    assert len(plan.sections[0].tasks) == 1


def test_samples_have_no_run_in_tasks():
    for path in SAMPLES.glob("*.txt"):
        plan = parse_document(path.read_bytes(), path.name)
        assert all(task.label for task in plan.all_tasks()), path.name


# --- The year of a cover notice ---------------------------------------------------------------

NOTICE = """XX市总工会关于印发《宣传工作的 实施方案》的通知
{number}
各区县总工会：
现将《宣传工作的实施方案》印发给你们，请结合实际认真贯彻执行。根据市工发〔2013〕3号文件精神制定。
XX市总工会
{date}
宣传工作的 实施方案
一、加强宣传工作
1．办好工会报刊。（牵头部门：宣教部；完成时限：6月底前）
"""


@pytest.mark.parametrize(
    ("number", "date", "year"),
    [
        ("X工发〔2015〕18号", "2015年5月13日", 2015),
        ("X工发【2016】2号", "2015年12月30日", 2016),  # the number wins over the date
        ("X工发[2017]2号", "2017年1月3日", 2017),
        ("", "2018年5月13日", 2018),
        ("", "二〇一九年五月十三日", 2019),
    ],
)
def test_year_from_the_document_number_or_the_issue_date(number, date, year):
    plan = parse_document(NOTICE.format(number=number, date=date), "")
    assert plan.title == "宣传工作的实施方案"  # the stray space is gone
    assert plan.year == year
    assert next(plan.all_tasks()).deadline.isoformat() == f"{year}-06-30"


def test_the_title_year_wins_over_the_notice():
    text = NOTICE.format(number="X工发〔2015〕18号", date="").replace(
        "宣传工作的 实施方案\n", "2016年宣传工作的实施方案\n"
    )
    assert parse_document(text, "").year == 2016


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("XX市总工会 2015 年宣传工作的 实施方案", "XX市总工会2015年宣传工作的实施方案"),
        ("“决胜小康 奋斗有我”主题活动方案", "“决胜小康 奋斗有我”主题活动方案"),
        ("Workers' Day 宣传方案", "Workers' Day宣传方案"),
    ],
)
def test_stray_spaces_leave_titles(title, expected):
    assert parse_document(f"{title}\n一、甲\n1．乙。\n", "").title == expected


def test_an_annex_line_above_the_title_is_not_part_of_it():
    plan = parse_document("附件2\n2024年宣传工作任务清单\n一、甲\n1．乙。\n", "")
    assert plan.title == "2024年宣传工作任务清单"


# --- Text copied from a PDF -------------------------------------------------------------------


def _copied_from_viewer(data: bytes) -> list[str]:
    """The lines a PDF viewer copies: pdfium's text of each page, a line per line."""
    lines = []
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        lines += page.get_textpage().get_text_range().replace("\r\n", "\n").split("\n")
    pdf.close()
    return lines


@pytest.mark.parametrize("separator", ["\n", "\n\n"], ids=["lines", "blank-lines"])
def test_text_copied_from_the_pdf_sample(separator):
    lines = _copied_from_viewer((SAMPLES / "pingdingshan-2021-publicity-plan.pdf").read_bytes())
    copied = parse_document(separator.join(lines), "")
    original = parse_document((SAMPLES / "pingdingshan-2021-publicity-plan.txt").read_bytes())
    assert summary(copied) == summary(original)


def _hard_wrapped(text: str, width: int) -> list[str]:
    """The text broken as a PDF breaks it: title lines (in a larger font) at 18 characters,
    the body at ``width``."""
    lines, front = [], True
    for paragraph in re.sub(r"\[bookmark:[^\]]*\]", "", text).split("\n"):
        front = front and len(paragraph) <= 60
        step = 18 if front else width
        lines += [paragraph[i : i + step] for i in range(0, len(paragraph), step)] or [""]
    return lines


@pytest.mark.parametrize("width", [28, 40])
@pytest.mark.parametrize("separator", ["\n", "\n\n"], ids=["lines", "blank-lines"])
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda path: path.stem)
def test_samples_hard_wrapped_read_as_the_samples(path, separator, width):
    """Headings, notes and figures cut at any point of a line come together again."""
    text = path.read_text(encoding="utf-8")
    wrapped = separator.join(_hard_wrapped(text, width))
    assert summary(parse_document(wrapped, "")) == summary(parse_document(text, ""))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展“学党史、颂党恩、立足岗位作贡献”", True),
        ("开设《劳动者之歌》", True),
        ("他说：“要抓好落实。”", False),
        ("开展宣讲（责任领导：张慧）", False),
        ("开展宣讲（下同）", False),
        ("推动规划（2021—2025年）", True),
        ("开展宣讲。", False),
    ],
)
def test_closes_mid_sentence(text, expected):
    assert closes_mid_sentence(text) is expected


# --- PDF text helpers -------------------------------------------------------------------------


def _glyphs(text: str) -> list[Glyph]:
    """Glyphs of a text where "_" marks a space the producer put before the next glyph."""
    glyphs, space = [], False
    for char in text:
        if char == "_":
            space = True
            continue
        glyphs.append(Glyph(char, 0, 0, 1, 1, space_before=space))
        space = False
    return glyphs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("宣传教育部_2021_年工作要点", "宣传教育部2021年工作要点"),
        ("开展_20_场", "开展20场"),
        ("“健康中国_2030”规划纲要", "“健康中国2030”规划纲要"),
        ("1._持续深化", "1. 持续深化"),
        ("4、_扎实开展", "4、扎实开展"),  # no space of the author's beside punctuation
        ("开展_“学党史”_活动", "开展“学党史”活动"),
        ("Microsoft_Word_文档", "Microsoft Word文档"),
        ("决胜小康_奋斗有我", "决胜小康 奋斗有我"),
    ],
)
def test_spaces_between_chinese_and_digits_are_removed(text, expected):
    assert glyph_text(_glyphs(text)) == expected


@pytest.mark.parametrize(
    ("text", "page_number"),
    [
        ("— 1 —", True),
        ("-1-", True),
        ("- 12 -", True),
        ("－3－", True),
        ("第1页 共3页", True),
        ("第 2 页", True),
        ("2/3", True),
        ("7", True),
        ("Page 2 of 9", True),
        ("一、思想引领", False),
        ("2024年", False),
        ("1．加强学习", False),
    ],
)
def test_page_numbers(text, page_number):
    assert is_page_number(text) is page_number
    # In text, where a 序号 may stand on a line of its own, a number alone is no page number.
    assert is_page_number(text, alone=False) is (page_number and text != "7")
