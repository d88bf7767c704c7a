"""The labels that number a plan's sections and tasks — 一、 （一） 1． （1） 1） ① ⑴ ⒈ ㈠
第一部分 — as one grammar: the importer finds them at the start of paragraphs, the editor reads
a label field with it and writes the next number the same way.

A label belongs to a family (the kind of numbering, whatever its separator: Pingdingshan numbers
one list "1." "4、" "10.、"; Leshan writes "（一）", others "(一)") and keeps the way it is written
around its number, so that "10.、" is followed by "11.、" and ⑴ by ⑵."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import numerals
from .numerals import ENCLOSED, chinese_numeral, chinese_to_int, enclosed, enclosed_value

# Numbering families.
PART = "part"  # 第一部分
CN = "cn"  # 一、
CN_PAREN = "cn_paren"  # （一） ㈠
ARABIC = "arabic"  # 1.  1．  1、 ⒈
ARABIC_PAREN = "arabic_paren"  # （1） ⑴
ARABIC_HALF_PAREN = "arabic_half_paren"  # 1）
CIRCLED = "circled"  # ①
UNLABELLED = "unlabelled"  # a section row of a table written without numbering
BRACKETED = "bracketed"  # 【思想引领】: a heading in square brackets, without a number
DOTTED = "dotted"  # 1.1, 2.3.1 in a table's 序号: one family per depth, "dotted1" for 1.1

# The nesting GB/T 9704 official documents use. The importer nests families in the order they
# appear; this order only keeps "一、" from nesting under deeper headings.
DEFAULT_RANK = {
    PART: 0,
    BRACKETED: 0,
    CN: 1,
    CN_PAREN: 2,
    ARABIC: 3,
    ARABIC_PAREN: 4,
    ARABIC_HALF_PAREN: 5,
    CIRCLED: 6,
    UNLABELLED: 99,
}
# Labels of new items by depth, in the same order: 一、 → （一） → 1． → （1）.
DEFAULT_LABELS = ("一、", "（一）", "1．", "（1）")

# How the number itself is written.
CHINESE = "chinese"
DIGITS = "digits"

# Chinese numerals of labels: up to 一百零五 and beyond, at most five characters.
_CN = "一二三四五六七八九十百零"
_CN_NUMBER = rf"[{_CN}]{{1,5}}"


def _chars(style: str) -> str:
    return f"[{ENCLOSED[style]}]"


# Each pattern matches a label at the start of a cleaned paragraph; group 1 is its number.
# "(?!\d)" keeps "1.5万人次" and "2021.3" from reading as labels; numbers have at most three
# digits so "2021年" never does.
_LABEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (PART, re.compile(rf"第({_CN_NUMBER})(?:部分|章|篇)\s*[、.．:：]?")),
    (CN_PAREN, re.compile(rf"[（(]\s*({_CN_NUMBER})\s*[）)]\s*[、.．]?")),
    (CN_PAREN, re.compile(rf"({_chars(numerals.CHINESE_PARENTHESISED)})\s*[、.．]?")),
    (ARABIC_PAREN, re.compile(r"[（(]\s*(\d{1,3})\s*[）)]\s*[、.．]?")),
    (ARABIC_PAREN, re.compile(rf"({_chars(numerals.PARENTHESISED)})\s*[、.．]?")),
    (CN, re.compile(rf"({_CN_NUMBER})\s*[、.．](?!\d)")),
    (ARABIC, re.compile(r"(\d{1,3})\s*(?:[.．]\s*、|[、.．])(?!\d)")),  # 1. 1． 1、 10.、
    (ARABIC, re.compile(rf"({_chars(numerals.FULL_STOP)})")),
    (ARABIC_HALF_PAREN, re.compile(r"(\d{1,3})\s*[）)]")),
    (CIRCLED, re.compile(rf"({_chars(numerals.CIRCLED)})\s*[、.．]?")),
)
# Past the last enclosed character a number is written the plain way of its family.
_PLAIN = {
    numerals.CIRCLED: "（{}）",
    numerals.PARENTHESISED: "（{}）",
    numerals.FULL_STOP: "{}．",
    numerals.CHINESE_PARENTHESISED: "（{}）",
}


@dataclass(frozen=True)
class Label:
    """A label as written, its family and number (None when its numeral is no number, as in
    "十十、"), the text that follows it, and what surrounds its number."""

    text: str  # as written, e.g. "10.、"
    family: str
    number: int | None
    rest: str = ""  # the paragraph after the label
    before: str = ""  # "（", "第"
    style: str = DIGITS  # CHINESE, DIGITS or an enclosed style of ``numerals``
    after: str = ""  # "、", "）", ".、", "部分"

    def render(self, number: int) -> str:
        """This label with another number, written the same way: （三） → （四）, ⑴ → ⑵."""
        if self.style in ENCLOSED:
            character = enclosed(number, self.style)
            if character is None:  # past ⑳ or ㈩: the family's plain way, （21） or （十一）
                chinese = self.style == numerals.CHINESE_PARENTHESISED
                return _PLAIN[self.style].format(chinese_numeral(number) if chinese else number)
            return f"{self.before}{character}{self.after}"
        numeral = chinese_numeral(number) if self.style == CHINESE else str(number)
        return f"{self.before}{numeral}{self.after}"


def _number(token: str) -> tuple[str, int | None]:
    if token.isascii():
        return DIGITS, int(token)
    found = enclosed_value(token)
    if found:
        return found
    return CHINESE, chinese_to_int(token)


def match_label(text: str) -> Label | None:
    """The numbering label a paragraph starts with, or None for prose."""
    for family, pattern in _LABEL_PATTERNS:
        match = pattern.match(text)
        if match:
            whole, (start, end) = match.group(0), match.span(1)
            style, number = _number(match.group(1))
            return Label(
                whole.strip(),
                family,
                number,
                text[match.end() :],
                before=whole[:start].lstrip(),
                style=style,
                after=whole[end:].rstrip(),
            )
    return None


def parse_label(text: str | None) -> Label | None:
    """A label written on its own, as in the editor's label field ("（三）", "10.、", "⑵"), or
    None when it is not one, or its numeral is no number ("十十、")."""
    label = match_label((text or "").strip())
    if label is None or label.rest.strip() or label.number is None:
        return None
    return label


def bare_label(text: str) -> Label | None:
    """A table's 序号 cell: "一" or "3" written without punctuation, or a label alone."""
    text = text.strip()
    if text and len(text) <= 5 and all(c in _CN for c in text):
        return Label(text, CN, chinese_to_int(text), style=CHINESE)
    # isdecimal, not isdigit: "²" is a digit that int() refuses; "２" (full width) is decimal.
    if text.isdecimal() and len(text) <= 3:
        return Label(text, ARABIC, int(text))
    label = match_label(text)
    return label if label and not label.rest.strip() else None


_DOTTED_RE = re.compile(r"\d{1,3}(?:[.．]\d{1,3}){1,4}")


def dotted_label(text: str) -> Label | None:
    """A table's 序号 numbered as an outline, "1.1" or "2.3.1": a label of the family of its
    depth ("dotted1" for 1.1), numbered by its last part; None for anything else."""
    text = text.strip()
    if not _DOTTED_RE.fullmatch(text):
        return None
    parts = re.split(r"[.．]", text)
    return Label(text, f"{DOTTED}{len(parts) - 1}", int(parts[-1]), before=text[: -len(parts[-1])])


def default_label(depth: int) -> str:
    """The label of a first item ``depth`` levels down (0 for a top section)."""
    return DEFAULT_LABELS[min(depth, len(DEFAULT_LABELS) - 1)]


def next_label(labels: list[str], depth: int) -> str:
    """The label after the last of ``labels`` that is one (written the same way), or the
    default of the depth when there is none to follow."""
    for text in reversed(labels):
        label = parse_label(text)
        if label:
            return label.render(label.number + 1)
    return default_label(depth)


def swap_numbers(first, second) -> None:
    """Two neighbours (with a ``label``) trade places: their labels trade numbers when they are
    of one family; labels that are not numbers stay as written."""
    one, other = parse_label(first.label), parse_label(second.label)
    if one and other and one.family == other.family:
        first.label, second.label = one.render(other.number), other.render(one.number)


def numbered_label(text: str | None) -> Label | None:
    """A label alone with a number, written as the editor's field takes it ("（三）") or bare as
    a table's 序号 cell ("3", "三"); None otherwise (a run-in task has no label)."""
    label = parse_label(text) or bare_label(text or "")
    return label if label is not None and label.number is not None else None


def _shift(following: list, family: str, first: int, step: int, read=numbered_label) -> list:
    """Renumber the items of ``following`` numbered on from ``first`` in ``family`` by
    ``step``, up to the first that is not; returns them."""
    changed, expected = [], first
    for item in following:
        label = read(item.label)
        if label is None or label.family != family or label.number != expected:
            break
        item.label = label.render(expected + step)
        changed.append(item)
        expected += 1
    return changed


def close_gap(removed_label: str, following: list, read=parse_label) -> list:
    """After an item is deleted, the siblings that followed it and were numbered on from it
    move up one number. Returns the items whose label changed. ``read``: numbered_label to
    renumber a table's bare 序号 as well (the editor's labels are written in full)."""
    removed = read(removed_label)
    if removed is None:
        return []
    return _shift(following, removed.family, removed.number + 1, -1, read=read)


def label_after(label_text: str) -> str:
    """The label of an item inserted right after the one labelled ``label_text``: its next
    number written the same way ("3．" → "4．", "3" → "4"), or "" when it has no number."""
    label = numbered_label(label_text)
    return label.render(label.number + 1) if label else ""


def open_gap(inserted_label: str, following: list) -> list:
    """After an item labelled ``inserted_label`` is inserted, the siblings after it that were
    numbered on from its number move down one number, in order: （二）（三） after a new （二）
    become （三）（四）. Returns the items whose label changed."""
    inserted = numbered_label(inserted_label)
    if inserted is None:
        return []
    return _shift(following, inserted.family, inserted.number, +1)
