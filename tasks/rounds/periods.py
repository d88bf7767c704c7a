"""The calendar of a round schedule: which period a round reports on, the day it opens, the day
its answers are due and its name ("2026年第三季度进展报送").

A period is a month, a quarter, a half-year or the year. Its round opens on the schedule's
``open_day`` of the period's last month (the 20th of September for the third quarter): units
report on the period while it ends, as "报送本季度工作进展" asks. Pure functions of a schedule
and a day; nothing here reads the database.
"""

import calendar
import dataclasses
import datetime
import re

from django.utils.translation import gettext

from plans.wording.numerals import chinese_numeral
from tasks.models import RoundSchedule

Frequency, DueRule = RoundSchedule.Frequency, RoundSchedule.DueRule

MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEAR_END: 12,
}
# What a name pattern may hold; anything else in braces is refused by the form.
PLACEHOLDERS = ("{year}", "{period}")
_BRACES = re.compile(r"\{[^{}]*\}|[{}]")


@dataclasses.dataclass(frozen=True)
class Period:
    """One period of a schedule and the round that reports on it."""

    start: datetime.date
    end: datetime.date
    opens_on: datetime.date
    due_on: datetime.date
    name: str


def _last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year, month, months):
    """(year, month) ``months`` later (or earlier, if negative)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def period_label(frequency, start):
    """How the plan's language names the period starting on ``start``: "9月", "第三季度",
    "上半年", "全年" — document text, written in Chinese like the plan's deadlines."""
    if frequency == Frequency.MONTHLY:
        return f"{start.month}月"
    if frequency == Frequency.QUARTERLY:
        return f"第{chinese_numeral((start.month - 1) // 3 + 1)}季度"
    if frequency == Frequency.HALF_YEARLY:
        return "上半年" if start.month == 1 else "下半年"
    return "全年"


def round_name(pattern, frequency, start):
    """The name of the round of the period starting on ``start``: ``pattern`` with {year} and
    {period} filled in."""
    name = pattern.replace("{year}", str(start.year))
    return name.replace("{period}", period_label(frequency, start))[:200]


def pattern_errors(pattern):
    """What is wrong with a name pattern, as sentences for the form (empty when it is fine)."""
    errors = []
    unknown = [part for part in _BRACES.findall(pattern) if part not in PLACEHOLDERS]
    if unknown:
        errors.append(
            gettext("Only {year} and {period} may be written in braces, not %(parts)s.")
            % {"parts": "、".join(dict.fromkeys(unknown))}
        )
    if "{period}" not in pattern:
        errors.append(gettext("Write {period} in the name, so that each round says its period."))
    return errors


def _due(schedule, end, opens_on):
    if schedule.due_rule == DueRule.DAYS_AFTER:
        return opens_on + datetime.timedelta(days=schedule.due_days)
    if schedule.due_rule == DueRule.NEXT_MONTH:
        year, month = _add_months(end.year, end.month, 1)
        return datetime.date(year, month, min(schedule.due_days, 28) or 1)
    return end


def period_at(schedule, year, month):
    """The period of ``schedule`` that contains the month (``year``, ``month``)."""
    months = MONTHS[schedule.frequency]
    first = (month - 1) // months * months + 1
    start = datetime.date(year, first, 1)
    end = _last_day(*_add_months(year, first, months - 1))
    opens_on = end.replace(day=min(schedule.open_day, 28) or 1)
    name = round_name(schedule.name_pattern, schedule.frequency, start)
    return Period(start, end, opens_on, _due(schedule, end, opens_on), name)


def latest(schedule, day):
    """The latest period whose round opens on or before ``day``."""
    period = period_at(schedule, day.year, day.month)
    if period.opens_on <= day:
        return period
    before = period.start - datetime.timedelta(days=1)
    return period_at(schedule, before.year, before.month)


def following(schedule, period):
    """The period after ``period``."""
    after = period.end + datetime.timedelta(days=1)
    return period_at(schedule, after.year, after.month)


def due_period(schedule, day):
    """The period whose round should be open by ``day`` and is the schedule's to open: the
    latest one, if it opens on or after the day the schedule came into force; else None. Older
    periods are never caught up on (a worker stopped for a month opens one round, not three)."""
    period = latest(schedule, day)
    return period if period.opens_on >= schedule.starts_on else None
