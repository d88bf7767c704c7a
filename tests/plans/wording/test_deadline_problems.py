"""What is wrong with a deadline: unreadable, outside the plan's years, already past."""

from datetime import date

import pytest
from django.utils import translation

from plans.wording.deadlines import (
    BEFORE_YEAR,
    PAST,
    TOO_FAR,
    UNREADABLE,
    deadline_problem,
    describe_deadline_problem,
)


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("6月底前", None, None),
        ("全年", None, None),
        ("长期坚持", None, None),
        ("", None, None),
        (None, None, None),
        ("13月底前", None, UNREADABLE),
        ("13月底前", date(2025, 6, 30), UNREADABLE),
        ("尽快", None, UNREADABLE),
        ("2099年12月底前", None, TOO_FAR),
        # The end of the next year is still plausible; the day after is not.
        ("2026年12月31日前", None, None),
        ("2027年1月1日前", None, TOO_FAR),
        ("次年3月底前", None, None),
        # The first day of the plan's year is in it; the day before is not.
        ("2025年1月1日前", None, None),
        ("2024年12月31日前", None, BEFORE_YEAR),
        ("", date(2099, 12, 31), TOO_FAR),
        ("", date(2025, 3, 1), None),
    ],
)
def test_problems_for_a_plan_year(text, day, expected):
    assert deadline_problem(text, day, 2025) == expected


def test_past_only_when_today_is_given():
    assert deadline_problem("6月底前", None, 2025, today=date(2025, 6, 30)) is None
    assert deadline_problem("6月底前", None, 2025, today=date(2025, 7, 1)) == PAST
    assert deadline_problem("6月底前", None, 2025) is None
    assert deadline_problem("长期坚持", None, 2025, today=date(2025, 7, 1)) is None


def test_without_a_plan_year_only_unreadable_phrases():
    assert deadline_problem("6月底前", None, None) is None
    assert deadline_problem("13月底前", None, None) == UNREADABLE


def test_described_in_chinese():
    with translation.override("zh-hans"):
        text = str(describe_deadline_problem(TOO_FAR, "2099年12月底前", date(2099, 12, 31), 2025))
    assert "2099年12月31日" in text
    assert "2026" in text
    assert "deadline" not in text
