"""Quantitative targets inside a task's text: "新建市级职工书屋30家" (30 家), "不少于15000人次",
"15％在职职工" (15 %), "2万人次" (20000 人次), "每月两期" (2 期).

Years (2021年), dates (10月), ordinals (第三届), anniversaries (95周年), numbers inside quotes or
book titles (“健步121”, 《…（2021—2025年）》) and Chinese numerals in slogans (十九大, 五一,
“四个意识”) are not targets."""

from __future__ import annotations

import re

from plans.wording.numerals import chinese_to_int

from .model import ParsedTarget
from .text import quoted_spans, split_clauses

# Measure words of countable results, longest first so that 人次 wins over 人 and 场次 over 场.
_MEASURES = (
    "个百分点|人次|场次|平方米|课时|学时|小时|家|个|人|名|场|次|期|支|项|篇|部|所|处|座|间|户|"
    "批|件|本|册|条|套|台|幅|首|节|块|种|队|组|站|元|%|％"
)
_MEASURE_ALTERNATIVES = "|".join(sorted(_MEASURES.split("|"), key=len, reverse=True))
# An Arabic figure with an optional 万/千/亿 and 余/多 ("1.5万余人次"); not preceded by another
# digit, a Latin letter (G20) or 第 (第5批); "个" must not be the start of "个月".
_ARABIC_RE = re.compile(
    r"(?<![\dA-Za-z.第])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([万千亿])?\s*[余多]?\s*"
    rf"({_MEASURE_ALTERNATIVES})(?!月)"
)
# Chinese numerals count only after words that announce a quantity ("每月两期", "至少举办一次"),
# because slogans are full of them ("三个代表", "两个维护", "十九大").
_CHINESE_RE = re.compile(
    r"([一二两三四五六七八九十百千万]{1,5})"
    r"(场次|人次|期|家|场|次|批|篇|项|名|支|条|个|人|部|件|所|处|座|户|本|册|套|首|幅|站|队)"
    r"(?!月)"
)
# "不少于二十篇", "至少三个", "不低于两百人", "达到五千人次", "每月两期".
_QUANTITY_CONTEXT_RE = re.compile(
    r"(?:每[年月周季天日]|不少于|不低于|至少|达到|超过|新建|建成)[^，。；、]{0,6}$"
)
# A time phrase opening a clause is not part of what is counted: "2021年新建…30家".
_LEADING_TIME_RE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年(?:度|底|内)?|今年|年底前?|年内|全年|上半年|下半年|"
    r"\d{1,2}\s*月(?:份|底|中旬|上旬|下旬)?前?)[，,\s]*"
)
_MULTIPLIERS = {"万": 10_000, "千": 1_000, "亿": 100_000_000}


def _value(figure: str, multiplier: str | None) -> int | float:
    number = float(figure.replace(",", "")) * _MULTIPLIERS.get(multiplier or "", 1)
    return int(number) if number.is_integer() else round(number, 6)


def _clause(text: str, position: int, clauses: list[tuple[int, int]]) -> str:
    for start, end in clauses:
        if start <= position < end:
            clause = text[start:end].strip()
            while (match := _LEADING_TIME_RE.match(clause)) and 0 < match.end() < len(clause):
                clause = clause[match.end() :]
            return clause
    return text.strip()


def find_targets(text: str) -> list[ParsedTarget]:
    """Targets in order of appearance, each with the clause that states it."""
    arabic = list(_ARABIC_RE.finditer(text))
    chinese = [
        match
        for match in _CHINESE_RE.finditer(text)
        if _QUANTITY_CONTEXT_RE.search(text[max(0, match.start() - 12) : match.start()])
    ]
    if not arabic and not chinese:
        return []
    quoted = quoted_spans(text)
    clauses = split_clauses(text)

    def in_quotes(position: int) -> bool:
        return any(start <= position < end for start, end in quoted)

    found: list[tuple[int, ParsedTarget]] = []
    for match in arabic:
        if in_quotes(match.start()):
            continue
        measure = "%" if match.group(3) in ("%", "％") else match.group(3)
        value = _value(match.group(1), match.group(2))
        found.append(
            (match.start(), ParsedTarget(_clause(text, match.start(), clauses), value, measure))
        )
    for match in chinese:
        value = chinese_to_int(match.group(1))
        if value and not in_quotes(match.start()):
            clause = _clause(text, match.start(), clauses)
            found.append((match.start(), ParsedTarget(clause, value, match.group(2))))
    return [target for _, target in sorted(found, key=lambda item: item[0])]
