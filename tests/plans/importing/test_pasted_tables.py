"""A task table pasted as text: Excel, WPS and Word copy a table's cells separated by tabs, a
cell holding line breaks in double quotes. It reads as the same table from a workbook would."""

from plans.importing import Paragraph, Table, parse_document, read_document

PASTED = (
    "附件\n"
    "2027年宣传思想工作重点任务清单\n"
    "序号\t重点任务\t具体措施\t牵头单位\t配合单位\t完成时限\n"
    "一、思想引领\n"
    "1\t开展主题宣讲\t组织宣讲团深入基层宣讲100场\t宣教部\t各区县总工会\t2027年11月底\n"
    '2\t加强网上舆论引导\t"建设职工网上家园\n开通职工服务专栏"\t网络工作部\t宣教部、办公室\t全年\n'
    "二、文化建设\n"
    "3\t职工书屋\t新建职工书屋20家\t宣教部\t\t10月底前\n"
)


def test_a_pasted_table_is_a_table_with_its_title_above():
    blocks = read_document(PASTED).blocks
    assert blocks[:2] == (Paragraph("附件"), Paragraph("2027年宣传思想工作重点任务清单"))
    [table] = [block for block in blocks if isinstance(block, Table)]
    assert table.rows[0].cells[:2] == ("序号", "重点任务")
    assert table.rows[1].spans_table and table.rows[1].cells[0] == "一、思想引领"
    assert table.rows[3].cells[2] == "建设职工网上家园\n开通职工服务专栏"


def test_a_pasted_table_reads_as_sections_and_tasks():
    plan = parse_document(PASTED)
    assert plan.title == "2027年宣传思想工作重点任务清单"
    assert [section.title for section in plan.sections] == ["思想引领", "文化建设"]
    first, second = plan.sections[0].tasks
    assert (first.title, first.lead_units, first.supporting_units) == (
        "开展主题宣讲",
        ["宣教部"],
        ["各区县总工会"],
    )
    assert first.deadline_text == "2027年11月底" and first.targets[0].value == 100
    assert second.supporting_units == ["宣教部", "办公室"]
    [third] = plan.sections[1].tasks
    assert third.deadline_text == "10月底前"


def test_tabs_in_ordinary_text_stay_text():
    text = "一、总体要求\n坚持\t以职工为中心\n（一）加强引领。各单位要认真落实。"
    assert not any(isinstance(block, Table) for block in read_document(text).blocks)


def test_a_quote_never_closed_reads_the_lines_as_text():
    text = (
        PASTED.replace('"建设', "建设").replace('专栏"', "专栏") + '4\t"未闭合\t' + "长" * 200_000
    )
    blocks = read_document(text).blocks
    assert blocks and all(isinstance(block, Paragraph | Table) for block in blocks)
