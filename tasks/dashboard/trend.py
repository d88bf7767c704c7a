"""The dashboard's weekly trend: per ISO week of the plan year, the share of tasks done and the
share due by then, counted in the database."""

import datetime
from collections import Counter

from django.db.models import Count
from django.db.models.functions import ExtractIsoYear, ExtractWeek

from plans.models import Task
from tasks.dashboard.figures import percent_of


def weekly_trend(tasks, total, year, today):
    """Per ISO week of the plan year up to today: the share of tasks done by the end of that
    week, and the share whose deadline had come by then."""
    if year is None or not total:
        return {"weeks": [], "actual": [], "expected": []}
    last_week = datetime.date(year, 12, 28).isocalendar().week
    if today.year == year and today.isocalendar().year == year:
        last_week = today.isocalendar().week
    elif today.year < year:
        last_week = 1
    done = _per_week(
        tasks.filter(status=Task.Status.DONE, completed_at__isnull=False), "completed_at", year
    )
    due = _per_week(tasks.filter(deadline__isnull=False), "deadline", year)
    weeks, actual, expected = [], [], []
    done_so_far, due_so_far = done[0], due[0]
    for week in range(1, last_week + 1):
        done_so_far += done[week]
        due_so_far += due[week]
        weeks.append(week)
        actual.append(percent_of(done_so_far, total))
        expected.append(percent_of(due_so_far, total))
    return {"weeks": weeks, "actual": actual, "expected": expected}


def _per_week(tasks, field_name, year):
    """How many of ``tasks`` fall in each ISO week of ``year`` by ``field_name`` (0: before the
    year, 53: after it), counted in the database."""
    counts = Counter()
    grouped = (
        tasks.order_by()
        .annotate(iso_year=ExtractIsoYear(field_name), iso_week=ExtractWeek(field_name))
        .values("iso_year", "iso_week")
        .annotate(n=Count("pk"))
    )
    for row in grouped:
        if row["iso_year"] < year:
            counts[0] += row["n"]
        elif row["iso_year"] > year:
            counts[53] += row["n"]
        else:
            counts[row["iso_week"]] += row["n"]
    return counts
