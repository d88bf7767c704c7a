"""Rounds opened on a schedule: the calendar (periods, opening days, due dates, names) and the
daily job that opens each period's round exactly once."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from plans.models import Plan, Responsibility
from tasks.models import Round, RoundSchedule, RoundScheduleRun
from tasks.rounds import periods, schedule
from unionplans.celery import app

D = datetime.date
Frequency, DueRule = RoundSchedule.Frequency, RoundSchedule.DueRule


def _schedule(**fields):
    values = {
        "frequency": Frequency.QUARTERLY,
        "open_day": 20,
        "due_rule": DueRule.NEXT_MONTH,
        "due_days": 5,
        "name_pattern": "{year}年{period}进展报送",
        "starts_on": D(2026, 1, 1),
        **fields,
    }
    return RoundSchedule(**values)


# --- The calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "day", "start", "end", "opens", "name"),
    [
        (
            Frequency.MONTHLY,
            D(2026, 9, 25),
            D(2026, 9, 1),
            D(2026, 9, 30),
            D(2026, 9, 20),
            "2026年9月进展报送",
        ),
        (
            Frequency.QUARTERLY,
            D(2026, 8, 2),
            D(2026, 7, 1),
            D(2026, 9, 30),
            D(2026, 9, 20),
            "2026年第三季度进展报送",
        ),
        (
            Frequency.HALF_YEARLY,
            D(2026, 2, 1),
            D(2026, 1, 1),
            D(2026, 6, 30),
            D(2026, 6, 20),
            "2026年上半年进展报送",
        ),
        (
            Frequency.HALF_YEARLY,
            D(2026, 12, 31),
            D(2026, 7, 1),
            D(2026, 12, 31),
            D(2026, 12, 20),
            "2026年下半年进展报送",
        ),
        (
            Frequency.YEAR_END,
            D(2026, 3, 3),
            D(2026, 1, 1),
            D(2026, 12, 31),
            D(2026, 12, 20),
            "2026年全年进展报送",
        ),
    ],
)
def test_the_period_of_a_day(frequency, day, start, end, opens, name):
    period = periods.period_at(_schedule(frequency=frequency), day.year, day.month)
    assert (period.start, period.end, period.opens_on, period.name) == (start, end, opens, name)


@pytest.mark.parametrize(
    ("rule", "days", "due"),
    [
        (DueRule.NEXT_MONTH, 5, D(2026, 10, 5)),  # 每月5日前, after the third quarter
        (DueRule.DAYS_AFTER, 10, D(2026, 9, 30)),  # ten days after the 20th
        (DueRule.PERIOD_END, 0, D(2026, 9, 30)),  # 季度末
    ],
)
def test_due_dates(rule, days, due):
    period = periods.period_at(_schedule(due_rule=rule, due_days=days), 2026, 9)
    assert period.due_on == due


def test_the_year_end_rounds_answers_are_due_in_january():
    period = periods.period_at(_schedule(frequency=Frequency.YEAR_END), 2026, 12)
    assert period.due_on == D(2027, 1, 5)


def test_february_has_the_opening_day():
    period = periods.period_at(_schedule(frequency=Frequency.MONTHLY, open_day=28), 2027, 2)
    assert period.opens_on == D(2027, 2, 28)


@pytest.mark.parametrize(
    ("day", "expected_start"),
    [
        (D(2026, 9, 19), D(2026, 4, 1)),  # the third quarter's round opens tomorrow
        (D(2026, 9, 20), D(2026, 7, 1)),
        (D(2026, 10, 3), D(2026, 7, 1)),  # a late run still opens the third quarter's
        (D(2026, 1, 5), D(2025, 10, 1)),  # across the turn of the year
    ],
)
def test_the_latest_period_whose_round_has_opened(day, expected_start):
    assert periods.latest(_schedule(starts_on=D(2025, 1, 1)), day).start == expected_start


def test_periods_that_opened_before_the_schedule_came_into_force_are_not_due():
    rules = _schedule(starts_on=D(2026, 9, 25))
    assert periods.due_period(rules, D(2026, 9, 26)) is None
    assert periods.due_period(rules, D(2026, 12, 20)).start == D(2026, 10, 1)


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        ("{year}年{period}进展报送", True),
        ("{period}工作进展", True),
        ("{year}年进展报送", False),
        ("{year}年{period}{name}", False),
        ("{period}{", False),
    ],
)
def test_name_patterns(pattern, ok):
    assert (periods.pattern_errors(pattern) == []) is ok


# --- The daily job ------------------------------------------------------------------------------


@pytest.fixture
def planned(world):
    """The world's plan with a quarterly schedule in force since 1 July 2026 (the second
    quarter's round, opened on 20 June, is not the schedule's)."""
    return RoundSchedule.objects.create(plan=world.plan, starts_on=D(2026, 7, 1))


def test_the_job_opens_the_due_round_once(world, planned):
    assert schedule.open_due_rounds(D(2026, 9, 19)) == []
    [rnd] = schedule.open_due_rounds(D(2026, 9, 20))
    assert (rnd.name, rnd.due_date) == ("2026年第三季度进展报送", D(2026, 10, 5))
    assert (rnd.period_start, rnd.period_end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert sorted(rnd.items.values_list("unit__name", flat=True)) == ["乙县总工会", "甲区总工会"]
    # Again the same day, and the days after: nothing more.
    assert schedule.open_due_rounds(D(2026, 9, 20)) == []
    assert schedule.open_due_rounds(D(2026, 10, 2)) == []
    assert Round.objects.count() == 1
    assert RoundScheduleRun.objects.get().round == rnd
    # The next quarter's round opens on its day.
    [later] = schedule.open_due_rounds(D(2026, 12, 21))
    assert later.name == "2026年第四季度进展报送"


def test_supporting_units_are_asked_when_the_schedule_says_so(world, planned):
    planned.include_supporting = True
    planned.save()
    [rnd] = schedule.open_due_rounds(D(2026, 9, 20))
    assert rnd.include_supporting
    assert rnd.items.filter(unit=world.unit_b, task=world.task_a).exists()


def test_a_worker_that_was_down_opens_only_the_latest_round(world, planned):
    opened = schedule.open_due_rounds(D(2026, 11, 1))
    assert [rnd.name for rnd in opened] == ["2026年第三季度进展报送"]


def test_nothing_is_opened_on_a_plan_that_is_not_published(world, planned):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.ARCHIVED)
    assert schedule.open_due_rounds(D(2026, 9, 20)) == []
    # Nothing was claimed: published again, the plan gets its round.
    assert not RoundScheduleRun.objects.exists()
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.PUBLISHED)
    assert len(schedule.open_due_rounds(D(2026, 9, 21))) == 1


def test_an_inactive_schedule_opens_nothing(world, planned):
    planned.active = False
    planned.save()
    assert schedule.open_due_rounds(D(2026, 9, 20)) == []


def test_a_round_nobody_would_answer_is_recorded_with_the_reason_and_not_retried(world, planned):
    Responsibility.objects.filter(role=Responsibility.Role.LEAD).delete()
    assert schedule.open_due_rounds(D(2026, 9, 20)) == []
    run = RoundScheduleRun.objects.get()
    assert run.round is None and run.note
    assert schedule.open_due_rounds(D(2026, 9, 21)) == []
    assert RoundScheduleRun.objects.count() == 1


def test_the_celery_task_runs_the_job_and_beat_runs_it_daily(world, planned):
    assert schedule.open_scheduled_rounds("2026-09-20") == 1
    assert schedule.open_scheduled_rounds("2026-09-20") == 0
    entry = settings.CELERY_BEAT_SCHEDULE["rounds-open-scheduled"]
    assert entry["task"] == schedule.open_scheduled_rounds.name
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {settings.ROUND_SCHEDULE_HOUR}
    assert entry["schedule"].minute == {settings.ROUND_SCHEDULE_MINUTE}


def test_the_next_round_is_the_due_one_until_it_is_opened(world, planned):
    assert schedule.next_round(planned, D(2026, 9, 21)).start == D(2026, 7, 1)
    schedule.open_due_rounds(D(2026, 9, 21))
    assert schedule.next_round(planned, D(2026, 9, 21)).start == D(2026, 10, 1)
    planned.active = False
    assert schedule.next_round(planned, D(2026, 9, 21)) is None


def test_switching_a_schedule_on_starts_it_today(world):
    rules = _schedule(starts_on=D(2020, 1, 1))
    saved = schedule.save(world.planner, world.plan, rules)
    assert saved.starts_on == timezone.localdate()
    # Saved again while on, it keeps the day it came into force.
    RoundSchedule.objects.filter(pk=saved.pk).update(starts_on=D(2026, 1, 1))
    saved.refresh_from_db()
    saved.open_day = 10
    assert schedule.save(world.planner, world.plan, saved).starts_on == D(2026, 1, 1)
