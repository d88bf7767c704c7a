"""The Word export: the official-document layout, and that it reads back as the same plan."""

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from plans.demo.loader import load_demo
from plans.exporting.docx import export_docx
from plans.importing import parse_document
from plans.models import Plan
from tests.plans.drafting.helpers import differences, plan_as_dict


def _parsed(plan):
    parsed = parse_document(export_docx(plan), "x.docx").to_dict()
    _drop_warnings(parsed)
    return parsed


def _drop_warnings(item):
    """What the importer asks to check (the plan's and each item's) is no part of the plan."""
    item.pop("warnings")
    for child in [*item.get("sections", ()), *item.get("tasks", ())]:
        _drop_warnings(child)


def assert_reads_back(plan):
    """Exported to .docx and imported again, the plan is the same."""
    assert differences(plan_as_dict(plan), _parsed(plan)) == [], plan.title


def test_a_plan_built_with_factories_reads_back_the_same(draft):
    assert_reads_back(draft)


@pytest.mark.django_db
def test_the_demo_plans_read_back_the_same():
    load_demo()
    plans = list(Plan.objects.all())
    assert len(plans) == 4
    for plan in plans:
        assert_reads_back(plan)


def test_round_trip_keeps_edge_cases(draft):
    """Several lead units without supporting ones, supporting units without a lead, a leader
    and an open-ended deadline without any unit."""
    task = draft.tasks.get(title="组织主题征文活动")
    task.responsibilities.filter(role="supporting").delete()
    books = draft.tasks.get(title="推进职工书屋建设")
    books.responsibilities.filter(role="lead").delete()
    duty = draft.tasks.get(title="落实意识形态工作责任制")
    duty.responsibilities.filter(role="lead").delete()
    assert_reads_back(draft)


def _document(plan):
    return docx.Document(io.BytesIO(export_docx(plan)))


def _east_asian_font(style):
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_page_is_a4_with_official_margins(draft):
    section = _document(draft).sections[0]
    measures = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(length.mm) for length in measures] == [210, 297, 37, 35, 28, 26]


def test_fonts_sizes_and_spacing_follow_gb_t_9704(draft):
    document = _document(draft)
    paragraphs = document.paragraphs
    title = paragraphs[0]
    assert title.text == draft.title
    assert title.style.name == "Plan Title"
    assert _east_asian_font(title.style) == "方正小标宋简体"
    assert title.style.font.size == Pt(22)
    assert title.style.paragraph_format.alignment == 1  # centred

    normal = document.styles["Normal"]
    assert _east_asian_font(normal) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28)
    assert normal.paragraph_format.line_spacing_rule == 4  # exactly
    assert normal.paragraph_format.first_line_indent == Pt(32)
    assert normal.element.pPr.ind.get(qn("w:firstLineChars")) == "200"

    by_text = {p.text: p for p in paragraphs}
    heading_1 = by_text["一、强化职工思想政治引领"]
    assert _east_asian_font(heading_1.style) == "黑体"
    heading_2 = by_text["（三）开展主题宣传教育活动"]
    assert _east_asian_font(heading_2.style) == "楷体_GB2312"

    task = next(p for p in paragraphs if p.text.startswith("（一）深入开展理论宣讲"))
    assert task.runs[0].text == "（一）深入开展理论宣讲。"
    assert task.runs[0].bold is True
    assert task.style.name == "Normal"


def test_responsibilities_are_written_as_in_the_leshan_list(draft):
    texts = [p.text for p in _document(draft).paragraphs]
    talks = next(t for t in texts if t.startswith("（一）深入开展理论宣讲"))
    assert talks.endswith(
        "（责任领导：张慧；责任部门：宣教部，甲区总工会、乙县总工会；完成时限：全年）"
    )
    essays = next(t for t in texts if t.startswith("1．组织主题征文活动"))
    assert essays.endswith(
        "（责任领导：张慧、张雷；牵头部门：甲区总工会、乙县总工会；配合部门：丙区总工会；"
        "完成时限：6月底前）"
    )
    # A task of several paragraphs: the note closes its last one.
    assert (
        "加强工会网站、微信公众号等阵地管理。（责任领导：张慧；责任部门：宣教部；完成时限：长期坚持）"
        in texts
    )


def test_page_numbers_in_the_footer(draft):
    footer = _document(draft).sections[0].footer
    assert _page_field(footer.paragraphs[0]) == "PAGE"
    assert footer.paragraphs[0].text.startswith("— ")


def _page_field(paragraph):
    return "".join(t.text for t in paragraph._p.iter(qn("w:instrText"))).strip()


def _footer_paragraph(footer):
    return footer.paragraphs[0]


def test_page_numbers_odd_on_the_right_even_on_the_left(draft):
    """GB/T 9704 7.5: 单页码居右空一字，双页码居左空一字, 4号半角宋体 between dashes."""
    document = _document(draft)
    assert document.settings.odd_and_even_pages_header_footer is True
    section = document.sections[0]
    odd = _footer_paragraph(section.footer)
    even = _footer_paragraph(section.even_page_footer)
    assert odd.alignment == 2  # right
    assert even.alignment == 0  # left
    assert odd.paragraph_format.right_indent == Pt(14)
    assert even.paragraph_format.left_indent == Pt(14)
    for paragraph in (odd, even):
        assert _page_field(paragraph) == "PAGE"
        assert paragraph.text == "— 1 —"
        for run in paragraph._p.iter(qn("w:r")):
            fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) == "宋体"
            assert fonts.get(qn("w:ascii")) == "宋体"
            assert run.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "28"


def test_closing_block_names_the_owner_and_the_publishing_date(draft):
    """落款: the issuing unit and the date, right-aligned, at the end."""
    import datetime

    from django.utils import timezone

    # 23:30 on 29 Nov in UTC is 30 Nov in Shanghai.
    draft.status = Plan.Status.PUBLISHED
    draft.published_at = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)
    draft.save()
    paragraphs = _document(draft).paragraphs
    signature, date = paragraphs[-2], paragraphs[-1]
    assert signature.text == draft.owner.name
    assert date.text == "2026年11月30日"
    for paragraph in (signature, date):
        assert paragraph.alignment == 2  # right
        assert paragraph.paragraph_format.right_indent == Pt(32)  # 右空二字
    assert paragraphs[-3].text == ""  # 正文下空一行
    assert timezone.localtime(draft.published_at).date() == datetime.date(2026, 11, 30)


def test_a_draft_is_dated_today(draft, settings):
    from django.utils import timezone

    today = timezone.localdate()
    date = _document(draft).paragraphs[-1]
    assert date.text == f"{today.year}年{today.month}月{today.day}日"


def test_a_published_plan_of_unknown_date_is_not_dated_today(draft):
    draft.status = Plan.Status.ARCHIVED
    draft.published_at = None
    draft.save()
    paragraphs = _document(draft).paragraphs
    assert paragraphs[-1].text == draft.owner.name
