"""Moving a plan to another year: its dates (29 February becomes 28 February in a common year)
and the years its texts name ("2025年3月底前" → "2026年3月底前", 二〇二五年 → 二〇二六年)."""

from __future__ import annotations

import datetime
import re

from .numerals import YEAR_DIGIT_CHARS, chinese_digits, digits_to_int

# A year in Arabic digits, and one written digit by digit in Chinese before 年 (二〇二一年).
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
CHINESE_YEAR_RE = re.compile(rf"([{YEAR_DIGIT_CHARS}]{{4}})(?=\s*年)")


def move_date(day: datetime.date | None, years: int) -> datetime.date | None:
    """The same month and day ``years`` later (or earlier); 29 February becomes 28 February in
    a common year."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return datetime.date(day.year + years, 2, 28)


def move_years(text: str, old_year: int, years: int) -> str:
    """``text`` with the plan year (and the year after it, "次年" written out) moved ``years``
    on: "2025年3月底前" → "2026年3月底前", also in Chinese numerals (二〇二五年). Other years
    ("2019年以来") stay."""
    if not text or not years:
        return text
    shifted = {old_year, old_year + 1}

    def arabic(match: re.Match[str]) -> str:
        year = int(match.group(1))
        return str(year + years) if year in shifted else match.group(0)

    def chinese(match: re.Match[str]) -> str:
        year = digits_to_int(match.group(1))
        return chinese_digits(year + years) if year in shifted else match.group(0)

    return CHINESE_YEAR_RE.sub(chinese, YEAR_RE.sub(arabic, text))
