"""Deadlines: every way plans write one, read into a date, and dates written back."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.wording.deadlines import (
    deadline_as_written,
    deadline_phrase,
    is_open_ended,
    month_end,
    parse_deadline,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年", date(2021, 12, 31)),
        ("年底", date(2021, 12, 31)),
        ("年底前", date(2021, 12, 31)),
        ("年内", date(2021, 12, 31)),
        ("年末", date(2021, 12, 31)),
        ("8月", date(2021, 8, 31)),
        ("8月份", date(2021, 8, 31)),
        ("8月底", date(2021, 8, 31)),
        ("8月底前", date(2021, 8, 31)),
        ("2月底前", date(2021, 2, 28)),
        ("11月底前", date(2021, 11, 30)),
        ("十月", date(2021, 10, 31)),
        ("十一月底前", date(2021, 11, 30)),
        ("十二月", date(2021, 12, 31)),
        ("上半年", date(2021, 6, 30)),
        ("下半年", date(2021, 12, 31)),
        ("年中", date(2021, 6, 30)),
        ("第一季度", date(2021, 3, 31)),
        ("一季度", date(2021, 3, 31)),
        ("第二季度", date(2021, 6, 30)),
        ("第三季度", date(2021, 9, 30)),
        ("第4季度", date(2021, 12, 31)),
        ("四季度", date(2021, 12, 31)),
        ("9月30日前", date(2021, 9, 30)),
        ("9月30号", date(2021, 9, 30)),
        ("九月三十日前", date(2021, 9, 30)),
        ("2024年10月15日", date(2024, 10, 15)),
        ("2024.10.15", date(2024, 10, 15)),
        ("2024-10-15前", date(2024, 10, 15)),
        ("2022年3月", date(2022, 3, 31)),
        ("2022年底", date(2022, 12, 31)),
        ("二〇二二年六月底", date(2022, 6, 30)),
        ("6月上旬", date(2021, 6, 10)),
        ("6月中旬", date(2021, 6, 20)),
        ("6月下旬", date(2021, 6, 30)),
        ("6月初", date(2021, 6, 10)),
        ("3月—5月", date(2021, 5, 31)),
        ("3-5月", date(2021, 5, 31)),
        ("3至5月底", date(2021, 5, 31)),
        ("2021年3月至12月", date(2021, 12, 31)),
        ("6月底前完成，12月总结", date(2021, 12, 31)),
        ("次年1月", date(2022, 1, 31)),
        ("五一前", date(2021, 5, 1)),
        ("国庆前", date(2021, 10, 1)),
        (" 10 月 ", date(2021, 10, 31)),
        ("2021.12", date(2021, 12, 31)),
        ("2022-6", date(2022, 6, 30)),
        # A half or a quarter of a year named: of that year, not its end.
        ("2022年上半年", date(2022, 6, 30)),
        ("2021年上半年完成", date(2021, 6, 30)),
        ("2022年下半年", date(2022, 12, 31)),
        ("2022年第三季度", date(2022, 9, 30)),
        ("2022年一季度末", date(2022, 3, 31)),
        # Two parts of a month: the later.
        ("6月中下旬", date(2021, 6, 30)),
        ("6月上中旬", date(2021, 6, 20)),
    ],
)
def test_deadlines(text, expected):
    assert parse_deadline(text, 2021) == expected


@pytest.mark.parametrize("text", ["长期坚持", "持续推进", "常态化", "每月", "每季度", "定期开展"])
def test_open_ended_deadlines_have_no_date(text):
    assert parse_deadline(text, 2021) is None
    assert is_open_ended(text)


@pytest.mark.parametrize("text", ["待定", "另行通知", "", None, "13月", "2月30日", "abc"])
def test_unreadable_deadlines(text):
    assert parse_deadline(text, 2021) is None
    assert not is_open_ended(text)


def test_without_a_year_only_dates_naming_their_year():
    assert parse_deadline("8月", None) is None
    assert parse_deadline("全年", None) is None
    assert parse_deadline("2023年8月", None) == date(2023, 8, 31)


def test_leap_year_february():
    assert parse_deadline("2月底", 2024) == date(2024, 2, 29)


def test_numerals_that_are_no_numbers_are_not_read_as_months():
    assert parse_deadline("十十月", 2021) is None
    assert parse_deadline("十二月", 2021) == date(2021, 12, 31)


def test_month_ends():
    assert month_end(2024, 2) == date(2024, 2, 29)
    assert month_end(2025, 2) == date(2025, 2, 28)
    assert month_end(2025, 4) == date(2025, 4, 30)
    assert month_end(2025, 12) == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("day", "year", "written"),
    [
        (date(2026, 3, 31), 2026, "3月31日前"),
        (date(2026, 11, 30), 2026, "11月30日前"),
        (date(2028, 3, 31), 2026, "2028年3月31日前"),  # outside the plan's year: named
        (date(2025, 12, 31), 2026, "2025年12月31日前"),
        (date(2026, 3, 31), None, "2026年3月31日前"),  # the plan's year unknown
    ],
)
def test_dates_are_written_back_as_deadlines(day, year, written):
    assert deadline_phrase(day, year) == written


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 2))
def test_a_deadline_written_reads_back_as_its_date(day, offset):
    year = day.year - offset  # in the plan's year, or after it
    assert parse_deadline(deadline_phrase(day, year), year) == day


def test_a_deadline_as_written_prefers_the_words():
    assert deadline_as_written("全年", date(2026, 12, 31), 2026) == "全年"
    assert deadline_as_written("", date(2026, 12, 31), 2026) == "12月31日前"
    assert deadline_as_written("", date(2027, 1, 31), 2026) == "2027年1月31日前"
    assert deadline_as_written("", None, 2026) == ""
