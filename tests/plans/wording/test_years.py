"""Moving a plan to another year: its dates (29 February too) and the years its texts name."""

import datetime

import pytest

from plans.wording.years import move_date, move_years


@pytest.mark.parametrize(
    ("day", "years", "moved"),
    [
        (datetime.date(2025, 11, 30), 1, datetime.date(2026, 11, 30)),
        (datetime.date(2024, 2, 29), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 4, datetime.date(2028, 2, 29)),
        (datetime.date(2025, 12, 31), 2, datetime.date(2027, 12, 31)),
        (None, 1, None),
    ],
)
def test_move_date(day, years, moved):
    assert move_date(day, years) == moved


@pytest.mark.parametrize(
    ("text", "moved"),
    [
        ("2025年11月底前", "2026年11月底前"),
        ("2026年3月（次年）", "2027年3月（次年）"),  # the year after the plan year, too
        ("二〇二五年底", "二〇二六年底"),
        ("全年", "全年"),
        ("2019年以来的成果", "2019年以来的成果"),
        ("", ""),
    ],
)
def test_deadline_text_is_rewritten_when_it_names_the_old_year(text, moved):
    assert move_years(text, 2025, 1) == moved


@pytest.mark.parametrize(
    ("day", "moved"),
    [
        (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28)),  # a year back, as the dashboard
        (datetime.date(2025, 3, 1), datetime.date(2024, 3, 1)),
    ],
)
def test_move_date_backwards(day, moved):
    assert move_date(day, -1) == moved


def test_chinese_years_of_other_years_stay():
    assert move_years("二〇一九年以来，二〇二五年底前", 2025, 1) == "二〇一九年以来，二〇二六年底前"
    assert move_years("二〇二五年", 2025, 0) == "二〇二五年"
