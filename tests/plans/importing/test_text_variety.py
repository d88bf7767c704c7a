"""Plans written in the many ways federations write them, as text (pasted, or read from any
file): headings in 【】, 第一部分, a cover notice and a list of attachments around the body,
half-width punctuation, a note below a list of points, lines of one length, the page numbers
and imprint of an official document; several of them printed to PDF and saved as .doc too,
and read as the same plan."""

import pytest

from plans.importing import parse_document
from plans.importing.readers import office
from tests.plans.importing.office_files import libreoffice, official_docx
from tests.plans.importing.test_formats import summary


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


PARTS = """关于印发《XX市总工会2025年宣传教育工作要点》的通知
X工发〔2025〕3号
各区县总工会、各产业工会，市总机关各部室：
现将《XX市总工会2025年宣传教育工作要点》印发给你们，请结合实际认真抓好落实。
XX市总工会
2025年2月20日
XX市总工会2025年宣传教育工作要点
2025年是“十四五”规划收官之年，全市工会宣传教育工作要围绕中心、服务大局。
第一部分　思想政治引领
一、深化理论武装
（一）抓好学习宣传。
1．组织理论宣讲。开展基层宣讲不少于100场次。（责任领导：张三、李四；牵头单位：宣教部；\
配合单位：组织部、各区县总工会；完成时限：2025年6月底前）
2．开展主题教育。（责任领导：张三；牵头单位：宣教部；完成时限：全年）
（二）加强意识形态工作。
1．落实意识形态责任制。每半年研判一次。（责任单位：办公室、宣教部；完成时限：长期坚持）
第二部分　职工文化建设
一、丰富职工文化生活
1．举办职工文艺汇演。（牵头单位：文化宫；配合单位：各产业工会；完成时限：12月中旬）
2．开展职工读书活动。新建职工书屋20家。（牵头单位：宣教部；完成时限：10月底前）
附件：1．2025年宣传教育工作任务分工表
　　　2．各单位宣传工作联系人名单
XX市总工会办公室
2025年2月20日印发
"""


def test_the_list_of_attachments_after_the_body_is_no_task():
    plan = parse_document(PARTS)
    assert plan.title == "XX市总工会2025年宣传教育工作要点"
    tasks = list(plan.all_tasks())
    assert [task.title for task in tasks] == [
        "组织理论宣讲",
        "开展主题教育",
        "落实意识形态责任制",
        "举办职工文艺汇演",
        "开展职工读书活动",
    ]
    assert tasks[-1].body == "新建职工书屋20家。"
    first = tasks[0]
    assert (first.leaders, first.lead_units, first.supporting_units) == (
        ["张三", "李四"],
        ["宣教部"],
        ["组织部", "各区县总工会"],
    )
    assert str(first.deadline) == "2025-06-30" and tasks[2].deadline is None  # 长期坚持
    assert [(s.label, s.title) for s in plan.sections] == [
        ("第一部分", "思想政治引领"),
        ("第二部分", "职工文化建设"),
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


HALF_WIDTH = """2026年XX市总工会宣传工作要点
一. 加强舆论引导
(一) 做好新闻宣传
1) 做好重大主题宣传. 全年在市级以上媒体发稿100篇. (责任领导: 王五; 责任部门: 宣教部, 办公室)
2) 做好典型宣传.宣传先进典型10个. (责任领导: 王五; 责任部门: 宣教部; 完成时限: 全年)
(二) 加强网络宣传
1) 办好工会网站. 网站访问量达到1.5万人次, 更新信息500条. (责任领导: 赵六; 责任部门: 网络中心)
二. 加强文化建设
1) 举办职工书画展. 展出作品100幅. (责任领导: 赵六; 责任部门: 文化宫; 完成时限: 五一前)
"""


def test_a_half_width_full_stop_closes_a_chinese_sentence():
    plan = parse_document(HALF_WIDTH)
    tasks = list(plan.all_tasks())
    assert [(t.label, t.title, t.body) for t in tasks] == [
        ("1)", "做好重大主题宣传", "全年在市级以上媒体发稿100篇。"),
        ("2)", "做好典型宣传", "宣传先进典型10个。"),
        ("1)", "办好工会网站", "网站访问量达到1.5万人次, 更新信息500条。"),
        ("1)", "举办职工书画展", "展出作品100幅。"),
    ]
    assert [[target.text for target in t.targets] for t in tasks] == [
        ["在市级以上媒体发稿100篇"],
        ["宣传先进典型10个"],
        ["网站访问量达到1.5万人次", "更新信息500条"],
        ["展出作品100幅"],
    ]
    assert (tasks[0].leaders, tasks[0].lead_units, tasks[0].supporting_units) == (
        ["王五"],
        ["宣教部"],
        ["办公室"],
    )


CIRCLED = """XX市总工会2025年宣传工作要点
一、加强职工思想政治引领
1．深化主题宣传教育。
①开展“工会开放日”活动，全年不少于10场；
②举办职工大讲堂12期；
③开展网上知识竞赛。
（责任领导：张三；牵头部门：宣教部；完成时限：全年）
2．加强劳模精神宣传。
①评选最美职工10名；
②拍摄劳模宣传片1部。
（责任领导：李四；牵头部门：劳动经济部；完成时限：4月底前）
二、加强宣传阵地建设
1．推进职工书屋建设。新建职工书屋15家。（责任领导：张三；牵头部门：宣教部；完成时限：11月底）
"""


def test_a_note_below_a_list_of_points_is_the_whole_lists():
    """Points ①②③ of one sentence ("…；" / "…；" / "…。") and a note below them: the note is the
    item's the points are under, and each point has it."""
    plan = parse_document(CIRCLED)
    one, two = plan.sections
    read = [
        [(t.label, t.leaders, t.lead_units, t.deadline_text) for t in s.tasks] for s in one.sections
    ]
    assert read == [
        [(label, ["张三"], ["宣教部"], "全年") for label in "①②③"],
        [(label, ["李四"], ["劳动经济部"], "4月底前") for label in "①②"],
    ]
    assert not any("no lead unit" in warning for warning in plan.warnings)
    assert [(t.title, t.lead_units) for t in two.tasks] == [("推进职工书屋建设", ["宣教部"])]


PASTED_FROM_PDF = """XX市总工会文件
X工发〔2024〕12号
XX市总工会
关于印发2024年宣传工作要点的通知
各区县总工会：
现将《2024年宣传工作要点》印发给你们，请认真贯彻执行。
XX市总工会
2024年3月1日
（此件公开发布）
— 1 —
2024年宣传工作要点
一、加强思想引领
1.组织理论宣讲。全年开展宣讲100场。（牵头部门：宣教部；完成时限：全年）
2.开展主题教育。（牵头部门：宣教部；完成时限：6月底前）
- 2 -
二、繁荣职工文化
3.举办职工运动会。（牵头部门：文体部；完成时限：10月）
（此页无正文）
抄送：市委宣传部。
XX市总工会办公室                2024年3月1日印发
第3页 共3页
"""


def test_an_official_document_pasted_from_a_pdf_loses_its_page_numbers_and_imprint():
    plan = parse_document(PASTED_FROM_PDF)
    assert plan.title == "2024年宣传工作要点"
    assert [(t.title, t.body) for t in plan.all_tasks()] == [
        ("组织理论宣讲", "全年开展宣讲100场。"),
        ("开展主题教育", ""),
        ("举办职工运动会", ""),
    ]


@pytest.fixture(scope="module")
def printed():
    """The plans above laid out as official documents (running header, page numbers, indented
    paragraphs), printed to PDF and saved as .doc by LibreOffice, in two soffice runs."""
    if office.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    texts = {"parts": PARTS, "bracketed": BRACKETED, "circled": CIRCLED, "half": HALF_WIDTH}
    documents = {name: official_docx(text) for name, text in texts.items()}
    return texts, libreoffice(documents, "pdf"), libreoffice(documents, "doc")


@pytest.mark.parametrize("name", ["parts", "bracketed", "circled", "half"])
def test_printed_or_saved_as_doc_each_reads_as_its_text(printed, name):
    texts, pdfs, docs = printed
    expected = summary(parse_document(texts[name]))
    assert summary(parse_document(pdfs[name], f"{name}.pdf")) == expected
    assert summary(parse_document(docs[name], f"{name}.doc")) == expected
