"""The dashboard's weekly trend: per ISO week of the plan year, the share of tasks done and the
share due by then, from tasks counted by week (kept, or counted for a filtered view)."""

import datetime
from collections import Counter

from tasks.dashboard.figures import percent_of


def weekly_trend(weeks, total, year, today):
    """Per ISO week of the plan year up to today: the share of tasks done by the end of that
    week, and the share whose deadline had come by then. ``weeks`` holds (kind, ISO year,
    week, tasks) rows, kind "done" (by the week of completion) or "due" (of the deadline)."""
    if year is None or not total:
        return {"weeks": [], "actual": [], "expected": []}
    last_week = datetime.date(year, 12, 28).isocalendar().week
    if today.year == year and today.isocalendar().year == year:
        last_week = today.isocalendar().week
    elif today.year < year:
        last_week = 1
    done, due = _per_week(weeks, "done", year), _per_week(weeks, "due", year)
    series, actual, expected = [], [], []
    done_so_far, due_so_far = done[0], due[0]
    for week in range(1, last_week + 1):
        done_so_far += done[week]
        due_so_far += due[week]
        series.append(week)
        actual.append(percent_of(done_so_far, total))
        expected.append(percent_of(due_so_far, total))
    return {"weeks": series, "actual": actual, "expected": expected}


def _per_week(weeks, kind, year):
    """How many tasks of ``kind`` fall in each ISO week of ``year`` (0: before the year, 53:
    after it)."""
    counts = Counter()
    for row_kind, iso_year, week, tasks in weeks:
        if row_kind != kind:
            continue
        if iso_year < year:
            counts[0] += tasks
        elif iso_year > year:
            counts[53] += tasks
        else:
            counts[week] += tasks
    return counts
