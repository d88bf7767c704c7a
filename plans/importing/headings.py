"""Numbered headings: recognise the label a paragraph starts with ("一、", "（一）", "1．", "10.、",
"（1）", "①" …) and split a heading's text into its title and the body that follows inline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import SENTENCE_END, strip_closing, to_int

# Numbering families. Within a family the separator may vary: Pingdingshan numbers one list
# "1." "4、" "10.、"; Leshan writes "（一）", others "(一)".
PART = "part"  # 第一部分
CN = "cn"  # 一、
CN_PAREN = "cn_paren"  # （一）
ARABIC = "arabic"  # 1.  1．  1、
ARABIC_PAREN = "arabic_paren"  # （1）
ARABIC_HALF_PAREN = "arabic_half_paren"  # 1）
CIRCLED = "circled"  # ①
UNLABELLED = "unlabelled"  # a section row of a table written without numbering

# The nesting GB/T 9704 official documents use. Levels follow the order in which families appear;
# this order only keeps "一、" from nesting under deeper headings (see structure._build_tree).
DEFAULT_RANK = {
    PART: 0,
    CN: 1,
    CN_PAREN: 2,
    ARABIC: 3,
    ARABIC_PAREN: 4,
    ARABIC_HALF_PAREN: 5,
    CIRCLED: 6,
    UNLABELLED: 99,
}

_CN = "一二三四五六七八九十"
# Each pattern matches a label at the start of a cleaned paragraph. "(?!\d)" keeps "1.5万人次"
# and "2021.3" from reading as labels; numbers have at most three digits so "2021年" never does.
_LABEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (PART, re.compile(rf"第([{_CN}]{{1,3}})(?:部分|章|篇)\s*[、.．:：]?")),
    (CN_PAREN, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*[、.．]?")),
    (CN_PAREN, re.compile(r"([㈠-㈩])\s*[、.．]?")),
    (ARABIC_PAREN, re.compile(r"[（(]\s*(\d{1,3})\s*[）)]\s*[、.．]?")),
    (ARABIC_PAREN, re.compile(r"([⑴-⒇])\s*[、.．]?")),
    (CN, re.compile(rf"([{_CN}]{{1,3}})\s*[、.．](?!\d)")),
    (ARABIC, re.compile(r"(\d{1,3})\s*(?:[.．]\s*、|[、.．])(?!\d)")),  # 1. 1． 1、 10.、
    (ARABIC, re.compile(r"([⒈-⒛])")),
    (ARABIC_HALF_PAREN, re.compile(r"(\d{1,3})\s*[）)]")),
    (CIRCLED, re.compile(r"([①-⑳])\s*[、.．]?")),
)
_SINGLE_CHARACTER_BASES = {"㈠": 0x3220, "⑴": 0x2474, "⒈": 0x2488, "①": 0x2460}


@dataclass(frozen=True)
class Label:
    text: str  # as written, e.g. "10.、"
    family: str
    number: int | None
    rest: str  # the paragraph after the label


def _number(token: str) -> int | None:
    if len(token) == 1:
        for first, base in _SINGLE_CHARACTER_BASES.items():
            if first <= token <= chr(base + 19):
                return ord(token) - base + 1
    return to_int(token)


def match_label(text: str) -> Label | None:
    """The numbering label a paragraph starts with, or None for prose."""
    for family, pattern in _LABEL_PATTERNS:
        match = pattern.match(text)
        if match:
            return Label(
                match.group(0).strip(), family, _number(match.group(1)), text[match.end() :]
            )
    return None


def bare_label(text: str) -> Label | None:
    """A table's 序号 cell: "一" or "3" written without punctuation."""
    text = text.strip()
    if text and all(c in _CN for c in text) and len(text) <= 3:
        return Label(text, CN, to_int(text), "")
    # isdecimal, not isdigit: "²" is a digit that int() refuses; full-width "２" is decimal.
    if text.isdecimal() and len(text) <= 3:
        return Label(text, ARABIC, int(text), "")
    label = match_label(text)
    return label if label and not label.rest.strip() else None


# The start of the body of a heading run on without punctuation, as in
# "（二）加强组织领导各单位要把宣传工作摆上重要议程": the addressees of an instruction and its verb.
_BODY_START_RE = re.compile(
    r"(?:全市)?(?:各级工会(?:组织)?|各级|各单位|各地|各部门|各基层工会|各产业工会|"
    r"各县(?:（市、区）|\(市、区\))?(?:总)?工会|各区(?:县)?(?:总)?工会|市总工会|今年)"
    r"(?:要|将|应|须|必须|需)"
)
# A heading's words before the body starts: fewer would cut a title such as "推动各级工会…".
_BODY_START_MIN = 4
# A short lead-in closed by a colon is the title: "工作目标：到年底…".
_COLON_TITLE_MAX = 20


def split_title(text: str) -> tuple[str, str]:
    """(title, body) of a heading's text: the title is its first sentence, up to the first 。 or
    ；, or the whole text when it stands alone. A heading run into its body without punctuation
    is cut where an instruction to its addressees begins ("各单位要…"). Nothing is dropped
    but the punctuation."""
    text = text.strip()
    end = next((i for i, c in enumerate(text) if c in SENTENCE_END), len(text))
    colon = next((i for i, c in enumerate(text[:end]) if c in "：:"), None)
    if (
        colon is not None
        and colon <= _COLON_TITLE_MAX
        and not any(c in "，," for c in text[:colon])
    ):
        end = colon
    else:
        match = _BODY_START_RE.search(text, _BODY_START_MIN, end)
        if match:
            return strip_closing(text[: match.start()]), text[match.start() :].strip()
    return strip_closing(text[:end]), text[end + 1 :].strip()
