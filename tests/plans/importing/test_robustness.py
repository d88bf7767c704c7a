"""Whatever comes in, the importer raises nothing but DocumentError."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.importing import DocumentError, parse_document
from tests.plans.importing.contract import check_plan
from tests.plans.importing.helpers import SAMPLES, docx_bytes

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real plans, so that random documents reach the deep paths of the parser.
FRAGMENTS = [
    "一、", "二、", "十一、", "（一）", "(二)", "1.", "2．", "3、", "10.、", "（1）", "①",
    "第一部分",
    "思想引领", "加强学习", "各单位要把", "2021年", "工作要点", "。", "；", "，", "、", "：",
    "（责任领导：张慧；责任部门：宣教部，办公室；完成时限：全年）", "牵头单位：", "配合单位：",
    "完成时限：8月底前", "（排名第一的部室为牵头部门，下同）", "新建书屋30家", "不少于15000人次",
    "15％", "2万人次", "每月两期", "第三届", "“健步121”", "关于印发", "《", "》", "的通知",
    "各县（市、区）总工会：", "附件", "[bookmark: _GoBack]", "\u3000", "\u200b", "\n", "\n\n",
    "\r\n", " ", "（", "）", "3月—5月", "第三季度", "长期坚持", "2020年5月6日",
]  # fmt: skip
plan_like_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=60).map(
    "".join
)


def parse_or_refuse(data, filename=""):
    try:
        plan = parse_document(data, filename)
    except DocumentError as error:
        assert str(error)
        return None
    check_plan(plan.to_dict())
    return plan


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text):
    parse_or_refuse(text)


@FUZZ
@given(plan_like_text)
def test_random_plan_like_text(text):
    parse_or_refuse(text)


@FUZZ
@given(plan_like_text, st.integers(min_value=1990, max_value=2090))
def test_random_plan_like_text_with_year(text, year):
    plan = parse_or_refuse(text)
    if plan is not None:
        assert parse_document(text, "", year=year).year == year


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["plan.txt", "plan.docx", "plan", "x.TXT"]))
def test_random_bytes(data, filename):
    parse_or_refuse(data, filename)


@FUZZ
@given(plan_like_text, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "gb18030"]))
def test_plan_like_text_in_any_encoding(text, encoding):
    parse_or_refuse(text.encode(encoding, errors="replace"), "plan.txt")


VALID_DOCX = docx_bytes(lambda document: document.add_paragraph("一、思想引领\n1．加强学习。"))


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID_DOCX) - 1), st.binary(min_size=1, max_size=8))
def test_damaged_docx(position, garbage):
    damaged = VALID_DOCX[:position] + garbage + VALID_DOCX[position + len(garbage) :]
    parse_or_refuse(damaged, "plan.docx")


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID_DOCX)))
def test_truncated_docx(length):
    parse_or_refuse(VALID_DOCX[:length], "plan.docx")


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda path: path.stem)
def test_samples_cut_anywhere(path):
    text = path.read_text(encoding="utf-8")
    for end in range(0, len(text), 97):
        parse_or_refuse(text[:end])
