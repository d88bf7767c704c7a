"""Plans written in the many ways federations write them, as text (pasted, or read from any
file): headings in 【】, an attachment list after the body, half-width punctuation, a note
below a list of points."""

from plans.importing import parse_document


def _sections(plan):
    return [(s.label, s.title, [(t.label, t.title) for t in s.tasks]) for s in plan.sections]


BRACKETED = """XX区总工会2024年宣传工作要点
为做好2024年宣传工作，制定本要点。
【思想引领】
1、深入学习贯彻党的二十大精神。（牵头部门：宣教部  配合部门：办公室  完成时间：3月底前）
2、开展形势政策教育。邀请专家作形势报告2场。(牵头部门:宣教部;完成时间:上半年)
【文化阵地】
3、建设职工书屋。新建职工书屋10家。（牵头部门：宣教部；完成时间：11月30日前）
【队伍建设】
4、加强通讯员队伍建设。培训通讯员50人次。（牵头部门：宣教部；配合部门：各街道总工会；完成时间：第三季度）
"""


def test_headings_in_square_brackets_are_sections():
    plan = parse_document(BRACKETED)
    assert _sections(plan) == [
        ("", "思想引领", [("1、", "深入学习贯彻党的二十大精神"), ("2、", "开展形势政策教育")]),
        ("", "文化阵地", [("3、", "建设职工书屋")]),
        ("", "队伍建设", [("4、", "加强通讯员队伍建设")]),
    ]
    assert plan.sections[0].tasks[1].body == "邀请专家作形势报告2场。"
    assert not any("one level" in warning for warning in plan.warnings)


def test_headings_numbered_inside_square_brackets_are_numbered_sections():
    text = BRACKETED.replace("【思想引领】", "【一、思想引领】").replace(
        "【文化阵地】", "【二、文化阵地】"
    )
    plan = parse_document(text.replace("【队伍建设】", "【三、队伍建设】"))
    assert [(s.label, s.title, len(s.tasks)) for s in plan.sections] == [
        ("一、", "思想引领", 2),
        ("二、", "文化阵地", 1),
        ("三、", "队伍建设", 1),
    ]


def test_lines_of_one_length_closed_by_a_note_are_paragraphs_of_their_own():
    """Typed paragraphs that happen to be as long as each other look like text copied from a
    PDF, where a full line goes on; one closed by its responsibility note does not."""
    lines = ["XX市总工会2024年宣传工作要点"]
    for number, section in enumerate(("宣传机制", "宣传阵地", "宣传队伍"), start=1):
        lines.append(f"（{'一二三'[number - 1]}）加强{section}建设")
        for task in ("建立健全联络机制", "完善工作报告制度"):
            lines.append(
                f"{task}。每季度召开一次联席会议，通报工会工作情况。（牵头部门：宣教部；完成时限：全年）"
            )
    plan = parse_document("\n".join(lines))
    assert [[t.title for t in s.tasks] for s in plan.sections] == [
        ["建立健全联络机制", "完善工作报告制度"]
    ] * 3
