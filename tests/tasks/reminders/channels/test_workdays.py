import datetime
import logging

import pytest

from tasks.reminders import workdays

D = datetime.date


@pytest.fixture(autouse=True)
def fresh_warnings():
    workdays._warned_years.clear()
    yield
    workdays._warned_years.clear()


def test_national_day_is_not_a_working_day():
    assert not workdays.is_working_day(D(2024, 10, 1))


def test_sunday_worked_in_lieu_is_a_working_day():
    assert D(2024, 9, 29).weekday() == 6
    assert workdays.is_working_day(D(2024, 9, 29))


def test_datetime_is_taken_as_its_date():
    assert not workdays.is_working_day(datetime.datetime(2024, 10, 1, 9, 30))


def test_next_working_day_skips_the_golden_week():
    assert workdays.next_working_day(D(2024, 9, 30)) == D(2024, 10, 8)
    assert workdays.next_working_day(D(2024, 9, 30), include_today=True) == D(2024, 9, 30)
    assert workdays.next_working_day(D(2024, 10, 3), include_today=True) == D(2024, 10, 8)


def test_add_working_days_counts_make_up_days_and_goes_backwards():
    assert workdays.add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)  # a Sunday worked
    assert workdays.add_working_days(D(2024, 10, 8), -1) == D(2024, 9, 30)
    assert workdays.add_working_days(D(2024, 10, 8), 0) == D(2024, 10, 8)


def test_calendar_coverage():
    first, last = workdays.calendar_range()
    assert first <= 2024 <= last
    assert workdays.calendar_covers(2024)
    assert not workdays.calendar_covers(2099)
    assert not workdays.calendar_covers(first - 1)


def test_a_year_beyond_the_data_falls_back_to_weekends_and_warns_once(caplog):
    monday, saturday, sunday = D(2099, 1, 5), D(2099, 1, 10), D(2099, 1, 11)
    assert (monday.weekday(), saturday.weekday()) == (0, 5)
    with caplog.at_level(logging.WARNING, logger="tasks.reminders.workdays"):
        assert workdays.is_working_day(monday)
        assert not workdays.is_working_day(saturday)
        assert not workdays.is_working_day(sunday)
        assert workdays.next_working_day(D(2099, 1, 9)) == D(2099, 1, 12)
    warnings = [r for r in caplog.records if r.name == "tasks.reminders.workdays"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "2099" in warnings[0].getMessage()


@pytest.mark.parametrize("day", [D.min, D.max, D(1900, 1, 1), D(2200, 2, 28)])
def test_no_date_makes_it_crash(day):
    assert isinstance(workdays.is_working_day(day), bool)
    assert isinstance(workdays.next_working_day(day), D)
    assert isinstance(workdays.add_working_days(day, 5), D)
    assert isinstance(workdays.add_working_days(day, -5), D)
