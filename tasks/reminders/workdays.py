"""Chinese working days: reminders go out on working days only.

The official calendar (holidays and the weekend days worked in lieu, 调休) comes from the
``chinesecalendar`` package, which only knows the years the State Council has published. For any
other year we fall back to Monday–Friday, warn once per year in the log, and let the admin show a
warning through ``calendar_covers(year)``. Nothing here raises for a date, whatever its year.
"""

import datetime
import logging
import threading

import chinese_calendar
from chinese_calendar.constants import holidays as _HOLIDAYS
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("tasks.reminders.workdays")

# The package's data: the years between its first and last listed holiday.
FIRST_YEAR = min(_HOLIDAYS).year
LAST_YEAR = max(_HOLIDAYS).year

# A run of days off is never longer than the Spring Festival week plus a weekend; the bound only
# keeps a loop finite should the data ever be wrong.
_MAX_DAYS_OFF_IN_A_ROW = 31

_warned_years: set[int] = set()
_warned_lock = threading.Lock()


def calendar_range() -> tuple[int, int]:
    """The first and last year the official calendar covers."""
    return FIRST_YEAR, LAST_YEAR


def calendar_covers(year: int) -> bool:
    """Whether the official calendar knows ``year`` (otherwise: Monday–Friday is assumed)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def _as_date(day) -> datetime.date:
    return day.date() if isinstance(day, datetime.datetime) else day


def _warn_once(year: int) -> None:
    with _warned_lock:
        if year in _warned_years:
            return
        _warned_years.add(year)
    logger.warning(
        "The Chinese holiday calendar (chinesecalendar) has no data for %s (it covers %s-%s): "
        "assuming Monday to Friday are working days. Upgrade chinesecalendar once the State "
        "Council publishes the year's holidays.",
        year,
        FIRST_YEAR,
        LAST_YEAR,
    )


def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day in mainland China (Monday–Friday outside the calendar)."""
    day = _as_date(day)
    if calendar_covers(day.year):
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            # The package disagrees with our idea of its range: fall through to weekdays.
            pass
    _warn_once(day.year)
    return day.weekday() < 5


def next_working_day(day: datetime.date, *, include_today: bool = False) -> datetime.date:
    """The first working day after ``day`` (or ``day`` itself when ``include_today`` and it is
    one). Near ``date.max`` the last date that can be reached is returned."""
    day = _as_date(day)
    candidate = day if include_today else _step(day, 1)
    for _step_count in range(_MAX_DAYS_OFF_IN_A_ROW):
        if is_working_day(candidate):
            return candidate
        following = _step(candidate, 1)
        if following == candidate:
            break
        candidate = following
    return candidate


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """``day`` moved by ``count`` working days (backwards when negative): "3 working days before
    the deadline" is ``add_working_days(deadline, -3)``."""
    day = _as_date(day)
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    budget = remaining * _MAX_DAYS_OFF_IN_A_ROW + _MAX_DAYS_OFF_IN_A_ROW
    while remaining and budget:
        following = _step(day, step)
        if following == day:
            break
        day = following
        budget -= 1
        if is_working_day(day):
            remaining -= 1
    return day


def _step(day: datetime.date, days: int) -> datetime.date:
    """``day`` plus ``days``, staying at the ends of the calendar instead of overflowing."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return day


def calendar_warning(today=None):
    """A sentence for planners and administrators when the holiday calendar does not know this
    year (reminders then assume Monday to Friday), else an empty string."""
    year = (today or timezone.localdate()).year
    if calendar_covers(year):
        return ""
    first, last = calendar_range()
    return _(
        "The Chinese holiday calendar has no data for %(year)s (it covers %(first)s–%(last)s): "
        "reminders assume Monday to Friday are working days. Ask the administrator to upgrade "
        "the chinesecalendar package."
    ) % {"year": year, "first": first, "last": last}
