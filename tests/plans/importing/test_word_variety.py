""".docx plans as Word and WPS write them beyond plain paragraphs: numbering drawn by Word in
table cells and through list styles, a plan framed in a one-cell table, task titles set in
bold before their text."""

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from plans.importing import Table, parse_document, read_document
from tests.plans.importing.helpers import add_numbered_list, docx_bytes


def _number(paragraph, num_id: int, level: int = 0) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr>"
        )
    )


TASK_ROWS = [
    ["序号", "工作任务", "责任领导", "牵头部门", "完成时限"],
    ["思想引领"],
    ["", "组织理论宣讲", "张三", "宣教部", "全年"],
    ["", "开展主题教育", "张三", "宣教部", "6月底前"],
    ["文化阵地"],
    ["", "建设职工书屋", "李四", "宣教部", "10月底前"],
]


def _numbered_table(document) -> None:
    """A task table whose section rows and 序号 cells Word numbers itself (一、, 1 …)."""
    sections = add_numbered_list(document, [("chineseCounting", "%1、")])
    numbers = add_numbered_list(document, [("decimal", "%1")])
    table = document.add_table(rows=len(TASK_ROWS), cols=5)
    for index, row in enumerate(TASK_ROWS):
        if len(row) == 1:
            cell = table.cell(index, 0).merge(table.cell(index, 4))
            cell.text = row[0]
            _number(cell.paragraphs[0], sections)
            continue
        for column, text in enumerate(row):
            table.cell(index, column).text = text
        if index:
            _number(table.cell(index, 0).paragraphs[0], numbers)


def test_numbering_word_draws_in_table_cells_is_written_out():
    def build(document):
        document.add_paragraph("XX市总工会2024年宣传工作任务分工表")
        _numbered_table(document)

    data = docx_bytes(build)
    blocks = read_document(data, "分工表.docx").blocks
    (table,) = [block for block in blocks if isinstance(block, Table)]
    assert [row.cells[:2] for row in table.rows] == [
        ("序号", "工作任务"),
        ("一、思想引领", ""),
        ("1", "组织理论宣讲"),
        ("2", "开展主题教育"),
        ("二、文化阵地", ""),
        ("3", "建设职工书屋"),
    ]
    plan = parse_document(data, "分工表.docx")
    assert [(s.label, s.title, [t.label for t in s.tasks]) for s in plan.sections] == [
        ("一、", "思想引领", ["1", "2"]),
        ("二、", "文化阵地", ["3"]),
    ]


def _list_style(document, levels) -> int:
    """A multilevel list defined as a list style, as Word saves "define new list style": the
    list the paragraphs name links to a numbering style, whose list holds the levels."""
    numbering = document.part.numbering_part.element
    level_xml = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for level, (fmt, text) in enumerate(levels)
    )
    first_num = numbering.find(qn("w:num"))
    for xml in (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="71"><w:styleLink w:val="PlanList"/>'
        f"{level_xml}</w:abstractNum>",
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="72">'
        '<w:numStyleLink w:val="PlanList"/></w:abstractNum>',
    ):
        first_num.addprevious(parse_xml(xml))
    for num_id, abstract_id in ((701, 71), (702, 72)):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
    document.part.styles.element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="PlanList">'
            '<w:name w:val="PlanList"/><w:pPr><w:numPr><w:numId w:val="701"/></w:numPr>'
            "</w:pPr></w:style>"
        )
    )
    return 702


def test_a_list_numbered_through_a_list_style_is_written_out():
    def build(document):
        document.add_paragraph("XX市总工会2025年宣传工作要点")
        num_id = _list_style(document, [("chineseCounting", "%1、"), ("decimal", "%2．")])
        for text, level in (
            ("加强思想引领", 0),
            ("组织理论宣讲。（牵头部门：宣教部；完成时限：全年）", 1),
            ("开展主题教育。（牵头部门：宣教部；完成时限：全年）", 1),
            ("繁荣职工文化", 0),
            ("举办文艺汇演。（牵头部门：文化宫；完成时限：全年）", 1),
        ):
            _number(document.add_paragraph(text), num_id, level)

    plan = parse_document(docx_bytes(build), "要点.docx")
    assert [(s.label, s.title, [(t.label, t.title) for t in s.tasks]) for s in plan.sections] == [
        ("一、", "加强思想引领", [("1．", "组织理论宣讲"), ("2．", "开展主题教育")]),
        ("二、", "繁荣职工文化", [("1．", "举办文艺汇演")]),
    ]


def test_a_plan_framed_in_a_one_cell_table_is_read_as_its_content():
    """WPS and some templates frame the page in a table of one cell: the task table nested in
    it is the plan's table, its paragraphs the plan's paragraphs."""
    rows = [TASK_ROWS[0], ["一、思想引领"], *TASK_ROWS[2:4], ["二、文化阵地"], TASK_ROWS[5]]
    rows = [row if row[0] or len(row) == 1 else [str(i), *row[1:]] for i, row in enumerate(rows)]

    def build(document):
        document.add_paragraph("XX市总工会2024年宣传工作任务分工表")
        frame = document.add_table(rows=1, cols=1).cell(0, 0)
        frame.paragraphs[0].text = "为抓好落实，制定本分工表。"
        table = frame.add_table(rows=len(rows), cols=5)
        for index, row in enumerate(rows):
            if len(row) == 1:
                table.cell(index, 0).merge(table.cell(index, 4)).text = row[0]
                continue
            for column, text in enumerate(row):
                table.cell(index, column).text = text
        frame.add_paragraph("各单位要认真落实。")

    plan = parse_document(docx_bytes(build), "分工表.docx")
    assert plan.title == "XX市总工会2024年宣传工作任务分工表"
    assert plan.preamble == "为抓好落实，制定本分工表。"
    tasks = [(t.label, t.title, t.leaders, t.lead_units, t.deadline_text) for t in plan.all_tasks()]
    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "思想引领"),
        ("二、", "文化阵地"),
    ]
    assert tasks == [
        ("2", "组织理论宣讲", ["张三"], ["宣教部"], "全年"),
        ("3", "开展主题教育", ["张三"], ["宣教部"], "6月底前"),
        ("5", "建设职工书屋", ["李四"], ["宣教部"], "10月底前"),
    ]


def test_a_title_set_in_bold_before_its_text_is_the_tasks_title():
    """ "1．**加强理论武装**　坚持…": the bold words are the task's title, whether a space or
    nothing separates them from its text; so are bold run-in titles of unnumbered paragraphs."""

    def lead(document, label, title, text):
        paragraph = document.add_paragraph(label)
        paragraph.add_run(title).bold = True
        paragraph.add_run(text)

    def build(document):
        document.add_paragraph("XX市总工会2025年宣传工作要点")
        document.add_paragraph("一、加强思想引领")
        note = "（牵头部门：宣教部；完成时限：全年）"
        lead(
            document,
            "1．",
            "加强理论武装",
            "　坚持把理论学习作为首要政治任务，全年举办培训班4期。" + note,
        )
        lead(document, "2．", "深化主题宣传", "围绕重大节点开展主题宣传，全年发稿200篇。" + note)
        lead(document, "3．", "办好工会报刊：", "全年出版12期。" + note)  # its own colon
        document.add_paragraph("二、繁荣职工文化")
        note = "（牵头部门：文化宫；完成时限：10月底前）"
        lead(document, "", "丰富文化活动", "举办职工文化节，参与职工不少于5000人次。" + note)
        lead(document, "", "建好文化阵地", "新建职工文化驿站5个。" + note)

    plan = parse_document(docx_bytes(build), "要点.docx")
    assert [[(t.label, t.title, t.body) for t in s.tasks] for s in plan.sections] == [
        [
            ("1．", "加强理论武装", "坚持把理论学习作为首要政治任务，全年举办培训班4期。"),
            ("2．", "深化主题宣传", "围绕重大节点开展主题宣传，全年发稿200篇。"),
            ("3．", "办好工会报刊", "全年出版12期。"),
        ],
        [
            ("", "丰富文化活动", "举办职工文化节，参与职工不少于5000人次。"),
            ("", "建好文化阵地", "新建职工文化驿站5个。"),
        ],
    ]
