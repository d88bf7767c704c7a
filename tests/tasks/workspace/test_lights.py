"""The traffic light at its boundaries (docs/status-and-lights.md)."""

import datetime
from fractions import Fraction

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from plans.models import Plan, Task
from tasks.workspace import lights

TODAY = datetime.date(2026, 6, 15)
N = 7


def _task(deadline, *, status=Task.Status.IN_PROGRESS, start=datetime.date(2026, 1, 1)):
    """A task (not saved) of a plan published on ``start``."""
    published = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
    plan = Plan(year=2026, published_at=published, status=Plan.Status.PUBLISHED)
    return Task(plan=plan, deadline=deadline, status=status)


def _light(task, reported=100, days=N):
    return lights.light(task, today=TODAY, reported_percent=reported, days=days)


@pytest.mark.parametrize(
    ("days_left", "colour", "reason"),
    [
        (-1, lights.RED, "overdue"),  # yesterday
        (0, lights.YELLOW, "due_soon"),  # today
        (1, lights.YELLOW, "due_soon"),  # tomorrow
        (N, lights.YELLOW, "due_soon"),  # N days
        (N + 1, lights.GREEN, "on_schedule"),  # N + 1 days, on schedule
    ],
)
def test_deadline_boundaries(days_left, colour, reason):
    light = _light(_task(TODAY + datetime.timedelta(days=days_left)))
    assert (light.colour, light.reason) == (colour, reason)


def test_n_is_the_setting(settings):
    settings.LIGHT_YELLOW_DAYS = 3
    task = _task(TODAY + datetime.timedelta(days=4))
    assert lights.light(task, today=TODAY, reported_percent=100).colour == lights.GREEN
    task.deadline = TODAY + datetime.timedelta(days=3)
    assert lights.light(task, today=TODAY, reported_percent=100).colour == lights.YELLOW


def test_done_is_green_even_after_the_deadline():
    task = _task(TODAY - datetime.timedelta(days=30), status=Task.Status.DONE)
    assert (_light(task, reported=0).colour, _light(task).reason) == (lights.GREEN, "done")


def test_no_deadline_is_green_whatever_was_reported():
    light = _light(_task(None), reported=None)
    assert (light.colour, light.reason) == (lights.GREEN, "no_deadline")


def test_completion_requested_but_overdue_stays_red_until_accepted():
    task = _task(TODAY - datetime.timedelta(days=1), status=Task.Status.COMPLETION_REQUESTED)
    assert _light(task).colour == lights.RED


def test_completion_requested_counts_as_all_done_for_expected_progress():
    task = _task(TODAY + datetime.timedelta(days=100), status=Task.Status.COMPLETION_REQUESTED)
    assert _light(task, reported=0).colour == lights.GREEN


class TestExpectedProgress:
    """Start 1 Jan, deadline 100 days later, today 50 days in: exactly 50 % expected."""

    start = datetime.date(2026, 1, 1)

    def task(self):
        return _task(self.start + datetime.timedelta(days=100), start=self.start)

    def light(self, reported):
        today = self.start + datetime.timedelta(days=50)
        return lights.light(self.task(), today=today, reported_percent=reported, days=N)

    def test_exactly_met_is_green(self):
        light = self.light(50)
        assert (light.colour, light.expected, light.reported) == (lights.GREEN, 50, 50)

    def test_one_percent_behind_is_yellow(self):
        light = self.light(49)
        assert (light.colour, light.reason) == (lights.YELLOW, "behind")

    def test_nothing_reported_counts_as_zero(self):
        assert self.light(None).reason == "behind"

    def test_ahead_is_green(self):
        assert self.light(80).colour == lights.GREEN


def test_expected_progress_is_exact_not_rounded():
    start, deadline = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    today = datetime.date(2026, 3, 11)  # 10 of 30 days: 33⅓ %
    assert lights.expected_progress(start, deadline, today) == Fraction(100, 3)
    behind = lights.light(_task(deadline, start=start), today=today, reported_percent=33, days=0)
    on_time = lights.light(_task(deadline, start=start), today=today, reported_percent=34, days=0)
    assert (behind.colour, on_time.colour) == (lights.YELLOW, lights.GREEN)
    assert behind.expected_display == 33


def test_start_is_publication_or_first_of_january():
    published = _task(None, start=datetime.date(2026, 4, 1))
    assert lights.start_of(published.plan) == datetime.date(2026, 4, 1)
    unpublished = Plan(year=2026, published_at=None)
    assert lights.start_of(unpublished) == datetime.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2025, 12, 1), 0),  # before the start
        (datetime.date(2026, 1, 1), 0),  # the start
        (datetime.date(2026, 12, 31), 100),  # the deadline
        (datetime.date(2027, 2, 1), 100),  # after the deadline
    ],
)
def test_expected_progress_is_clamped(today, expected):
    start, deadline = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    assert lights.expected_progress(start, deadline, today) == expected


def test_deadline_before_publication_expects_everything():
    start = datetime.date(2026, 3, 1)
    assert lights.expected_progress(start, datetime.date(2026, 2, 1), start) == 100


@given(
    days_left=st.integers(min_value=-400, max_value=400),
    reported=st.none() | st.integers(min_value=0, max_value=100),
    status=st.sampled_from(list(Task.Status)),
    days=st.integers(min_value=0, max_value=30),
)
def test_red_exactly_when_overdue_and_not_done(days_left, reported, status, days):
    task = _task(TODAY + datetime.timedelta(days=days_left), status=status)
    light = lights.light(task, today=TODAY, reported_percent=reported, days=days)
    assert (light.colour == lights.RED) == (days_left < 0 and status != Task.Status.DONE)
    if status != Task.Status.DONE and 0 <= days_left <= days:
        assert light.colour == lights.YELLOW
    assert lights.is_overdue(task, TODAY) == (light.colour == lights.RED)


DAYS = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2027, 12, 31))


@given(
    status=st.sampled_from(list(Task.Status)),
    start=DAYS,
    deadline=st.none() | DAYS,
    today=DAYS,
    reported=st.none() | st.integers(0, 100),
    days=st.integers(0, 30),
)
def test_the_light_as_dates_agrees_with_the_rules(status, start, deadline, today, reported, days):
    """The day a task falls behind (``behind_from``) and ``reason_on`` give the light of
    ``light_of`` on every day: the figures the dashboard keeps can be counted for any day."""
    behind = lights.behind_from(status, deadline, start, reported)
    expected = lights.light_of(
        status, deadline, start, today=today, reported_percent=reported, days=days
    )
    assert lights.reason_on(status, deadline, behind, today, days) == expected.reason


def test_behind_from_is_the_first_day_behind():
    start, deadline = datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)  # 30 days
    # 10 of 30 days elapsed expects 33⅓ %: 33 % is behind on 11 January, not on the 10th.
    assert lights.behind_from(Task.Status.IN_PROGRESS, deadline, start, 33) == datetime.date(
        2026, 1, 10
    ) + datetime.timedelta(days=1)
    assert lights.behind_from(Task.Status.IN_PROGRESS, deadline, start, None) == datetime.date(
        2026, 1, 2
    )
    # Completion requested, or all reported: never behind.
    assert lights.behind_from(Task.Status.COMPLETION_REQUESTED, deadline, start, 0) is None
    assert lights.behind_from(Task.Status.IN_PROGRESS, deadline, start, 100) is None
