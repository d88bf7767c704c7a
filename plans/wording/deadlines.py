"""Deadlines as plans write them: read into dates (全年 / 8月 / 6月底前 / 第三季度 /
2024年10月15日), and dates written back (11月30日前, 2028年3月31日前).

Reading rules: 全年, 年底, 年末, 年内 and 下半年 end on 31 December of the plan year, 上半年
and 年中 on 30 June (of the year named, when one is: 2025年上半年); a month alone (8月, 8月份,
8月底, 8月底前) ends on its last day; 上旬 / 月初 on the 10th, 中旬 (上中旬) on the 20th, 下旬
(中下旬) on the last day; a quarter on its last day (2025年第三季度 too); 五一 / 七一
/ 国庆 on that holiday. When a text names several dates ("3月—5月", "6月底前完成，12月总结")
the latest counts. Open-ended work (长期坚持, 持续推进, 常态化, 每月 …) has no date.

Writing: a date in the plan's year is written "11月30日前"; in another year its year is named,
"2028年3月31日前", so that reading it back gives the same date."""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date

from django.utils.translation import gettext_lazy

from .numerals import chinese_to_int, digits_to_int
from .years import CHINESE_YEAR_RE

# Chinese numerals before 月/日/号 ("十月", "十一月三十日").
_CN_MONTH_DAY_RE = re.compile(r"([一二三四五六七八九十]{1,3})(?=\s*(?:月|日|号))")

_YEAR = r"((?:19|20)\d{2})"
_MONTH = r"(1[0-2]|0?[1-9])"
_DAY = r"(3[01]|[12]\d|0?[1-9])"
_PART_OF_MONTH = r"(上中旬|中下旬|上旬|中旬|下旬|月初|初|月中|中|月底|底|月末|末|份)?"
_RANGE = r"\s*(?:-|—|–|－|~|～|至|到)+\s*"

# Each pattern, tried in this order, claims its span of the text so that shorter patterns do not
# read inside a longer match ("2024年10月15日" is not also "10月").
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("full", re.compile(rf"{_YEAR}\s*[年./\-]\s*{_MONTH}\s*[月./\-]\s*{_DAY}\s*[日号]?")),
    ("year_month_numeric", re.compile(rf"{_YEAR}\s*[./\-]\s*{_MONTH}(?![\d./\-])")),
    (
        "year_month",
        re.compile(rf"{_YEAR}\s*年\s*(?:{_MONTH}{_RANGE})?{_MONTH}\s*月{_PART_OF_MONTH}"),
    ),
    ("next_year_month", re.compile(rf"(?:次年|明年|翌年)\s*{_MONTH}\s*月{_PART_OF_MONTH}")),
    # "2022年上半年", "2022年第三季度": a part of the year named, not the year's end.
    ("year_half", re.compile(rf"{_YEAR}\s*年\s*(上半年|下半年|年中)")),
    ("year_quarter", re.compile(rf"{_YEAR}\s*年\s*(?:第)?([1-4一二三四])\s*季度")),
    ("month_day", re.compile(rf"(?<!\d){_MONTH}\s*月\s*{_DAY}\s*[日号]")),
    # "3-5月", "3月—5月", "3至5月底": the end of the range.
    ("month_range", re.compile(rf"(?<!\d){_MONTH}\s*月?{_RANGE}{_MONTH}\s*月{_PART_OF_MONTH}")),
    ("month", re.compile(rf"(?<![\d年])(?<!每){_MONTH}\s*月{_PART_OF_MONTH}")),
    ("quarter", re.compile(r"(?:第)?([1-4一二三四])\s*季度")),
    ("year_end", re.compile(rf"{_YEAR}\s*年\s*(?:底|末|内|度|全年)?")),
    ("half", re.compile(r"上半年|下半年|年中")),
    ("year", re.compile(r"全年|年底|年末|年内|本年度|年度内")),
    ("holiday", re.compile(r"五一|劳动节|七一|建党节|国庆|十一前")),
)
_HOLIDAYS = {"五一": (5, 1), "劳动节": (5, 1), "七一": (7, 1), "建党节": (7, 1)}
_HOLIDAYS.update({"国庆": (10, 1), "十一前": (10, 1)})
# Work without an end date: standing tasks and recurring ones.
_OPEN_ENDED_RE = re.compile(
    r"长期|持续|常态|经常|长效|日常|随时|即时|适时|定期|每年|每月|每周|每季|每半年|按要求|根据.*安排"
)


def month_end(year: int, month: int) -> date:
    """The last day of a month: 28 or 29 February, 30 or 31 for the others."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(year: int, quarter: str) -> date:
    number = int(quarter) if quarter.isdigit() else chinese_to_int(quarter) or 4
    return month_end(year, number * 3)


def _half(year: int, half: str) -> date:
    return date(year, 6, 30) if half in ("上半年", "年中") else date(year, 12, 31)


def _in_month(year: int, month: int, part: str | None) -> date:
    if part in ("上旬", "月初", "初"):
        return date(year, month, 10)
    if part in ("中旬", "上中旬"):
        return date(year, month, 20)
    if part in ("月中", "中"):
        return date(year, month, 15)
    return month_end(year, month)


def _arabic(read):
    """A substitution writing the numeral matched in Arabic digits, or leaving it when it is no
    number ("十十月")."""

    def substitute(match: re.Match[str]) -> str:
        value = read(match.group(1))
        return match.group(0) if value is None else str(value)

    return substitute


def _normalise(text: str) -> str:
    text = CHINESE_YEAR_RE.sub(_arabic(digits_to_int), text)
    text = _CN_MONTH_DAY_RE.sub(_arabic(chinese_to_int), text)
    return text.replace(" ", "")


def _candidate(kind: str, match: re.Match[str], year: int | None) -> date | None:
    groups = match.groups()
    if kind == "full":
        return date(int(groups[0]), int(groups[1]), int(groups[2]))
    if kind == "year_month_numeric":
        return month_end(int(groups[0]), int(groups[1]))
    if kind == "year_month":
        return _in_month(int(groups[0]), int(groups[2]), groups[3])
    if kind == "year_end":
        return date(int(groups[0]), 12, 31)
    if kind == "year_half":
        return _half(int(groups[0]), groups[1])
    if kind == "year_quarter":
        return _quarter_end(int(groups[0]), groups[1])
    if year is None:
        return None
    if kind == "next_year_month":
        return _in_month(year + 1, int(groups[0]), groups[1])
    if kind == "month_day":
        return date(year, int(groups[0]), int(groups[1]))
    if kind == "month_range":
        return _in_month(year, int(groups[1]), groups[2])
    if kind == "month":
        return _in_month(year, int(groups[0]), groups[1])
    if kind == "quarter":
        return _quarter_end(year, groups[0])
    if kind == "half":
        return _half(year, match.group(0))
    if kind == "year":
        return date(year, 12, 31)
    month, day = _HOLIDAYS[match.group(0)]
    return date(year, month, day)


def parse_deadline(text: str | None, year: int | None) -> date | None:
    """The date a deadline text means in the plan year, or None (open-ended or unreadable)."""
    return _parse_deadline(text, year) if text else None


@functools.lru_cache(maxsize=1024)  # plans repeat a few deadlines ("全年", "12月") many times
def _parse_deadline(text: str, year: int | None) -> date | None:
    text = _normalise(text)
    taken: list[tuple[int, int]] = []
    dates: list[date] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            try:
                found = _candidate(kind, match, year)
            except ValueError:  # 2月30日
                found = None
            if found:
                dates.append(found)
    return max(dates) if dates else None


def is_open_ended(text: str | None) -> bool:
    """A deadline that deliberately names no date: "长期坚持", "持续推进", "常态化", "每月"."""
    return bool(text) and parse_deadline(text, 2000) is None and bool(_OPEN_ENDED_RE.search(text))


def deadline_phrase(day: date, year: int | None) -> str:
    """A date as plans write a deadline: "11月30日前" in the plan's ``year``; with its year,
    "2028年3月31日前", in another year or when the plan's year is not known."""
    if day.year == year:
        return f"{day.month}月{day.day}日前"
    return f"{day.year}年{day.month}月{day.day}日前"


def deadline_as_written(text: str, day: date | None, year: int | None) -> str:
    """A task's deadline as the plan shows it: the words it was given ("全年"), else its date
    written out (``deadline_phrase``), else ""."""
    if text:
        return text
    return deadline_phrase(day, year) if day else ""


# What can be wrong with a deadline, from ``deadline_problem``.
UNREADABLE = "unreadable"
BEFORE_YEAR = "before_year"
TOO_FAR = "too_far"
PAST = "past"

DEADLINE_PROBLEMS = {
    UNREADABLE: gettext_lazy("the deadline “%(text)s” names no date that can be read"),
    BEFORE_YEAR: gettext_lazy("the deadline %(date)s is before the plan's year %(year)d"),
    TOO_FAR: gettext_lazy("the deadline %(date)s is later than the end of %(next_year)d"),
    PAST: gettext_lazy("the deadline %(date)s has passed already"),
}


def deadline_problem(
    text: str | None, day: date | None, year: int | None, today: date | None = None
) -> str | None:
    """What is wrong with a deadline (the phrase ``text`` and/or its date ``day``) in a plan of
    ``year``, as a key of DEADLINE_PROBLEMS, or None: a phrase naming no date that is not
    open-ended on purpose ("13月底前"), a date before the plan's year or after the end of the
    next one ("2099年12月底前"), and — when ``today`` is given — a date already past. No
    phrase and no date is not this function's business (publishing blocks it)."""
    if text:
        # Without the plan's year "6月底前" has no date yet, but it can be read.
        parsed = parse_deadline(text, 2000 if year is None else year)
        if parsed is None and not is_open_ended(text):
            return UNREADABLE
        if day is None and year is not None:
            day = parsed
    if day is None:
        return None
    if year is not None and day.year < year:
        return BEFORE_YEAR
    if year is not None and day.year > year + 1:
        return TOO_FAR
    if today is not None and day < today:
        return PAST
    return None


def describe_deadline_problem(problem: str, text: str | None, day: date | None, year: int | None):
    """A sentence (translated) saying what ``deadline_problem`` found."""
    return DEADLINE_PROBLEMS[problem] % {
        "text": text or "",
        "date": f"{day.year}年{day.month}月{day.day}日" if day else "",
        "year": year or 0,
        "next_year": (year or 0) + 1,
    }
