"""Chinese numerals: written as plans write them, read strictly (no guesses), round trips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.wording.numerals import (
    CIRCLED,
    FULL_STOP,
    NUMERAL_CHARS,
    PARENTHESISED,
    chinese_digits,
    chinese_numeral,
    chinese_to_int,
    digits_to_int,
    enclosed,
    enclosed_value,
)

WRITTEN = [
    (0, "零"),
    (1, "一"),
    (9, "九"),
    (10, "十"),
    (11, "十一"),
    (20, "二十"),
    (21, "二十一"),
    (99, "九十九"),
    (100, "一百"),
    (101, "一百零一"),
    (105, "一百零五"),
    (110, "一百一十"),
    (111, "一百一十一"),
    (1000, "一千"),
    (1005, "一千零五"),
    (1010, "一千零一十"),
    (2024, "二千零二十四"),
    (10000, "一万"),
    (10001, "一万零一"),
    (10010, "一万零一十"),
    (15000, "一万五千"),
    (100000, "十万"),
    (100010, "十万零一十"),
    (1000000, "一百万"),
    (10001000, "一千万一千"),
    (100000000, "一亿"),
    (100000001, "一亿零一"),
    (100010000, "一亿零一万"),
    (110000000, "一亿一千万"),
]


@pytest.mark.parametrize(("number", "numeral"), WRITTEN)
def test_numbers_are_written_as_chinese_writes_them(number, numeral):
    assert chinese_numeral(number) == numeral
    assert chinese_to_int(numeral) == number


@pytest.mark.parametrize(
    ("numeral", "number"),
    [
        ("两", 2),
        ("两千", 2000),
        ("一十五", 15),
        ("一百五", 150),  # the unit below the last one is understood
        ("三千二", 3200),
        ("一万五", 15000),
        ("三万零五百", 30500),
        ("〇", 0),
    ],
)
def test_other_ways_of_writing_are_read(numeral, number):
    assert chinese_to_int(numeral) == number


@pytest.mark.parametrize(
    "numeral",
    [
        "",
        "十十",  # units must fall from left to right
        "百千",
        "一百百",
        "二二",  # digit by digit is a year, not a number
        "二〇二一",
        "零五",
        "一百零",
        "一百零零五",
        "万",
        "一万万",
        "百",
        "一万十",  # 十 alone only opens a numeral
        "十a",
        "3",
    ],
)
def test_what_is_not_a_numeral_is_none(numeral):
    assert chinese_to_int(numeral) is None


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_every_number_reads_back(number):
    assert chinese_to_int(chinese_numeral(number)) == number


@given(st.text(alphabet=NUMERAL_CHARS + "a1、", max_size=12))
def test_reading_never_fails(text):
    value = chinese_to_int(text)
    assert value is None or 0 <= value < 10**13


@given(st.text(alphabet=NUMERAL_CHARS, min_size=1, max_size=8))
def test_a_numeral_read_is_its_number_written_the_usual_way_or_a_variant(text):
    value = chinese_to_int(text)
    if value is not None and value < 10**12:
        # Read again from the usual spelling, it is the same number.
        assert chinese_to_int(chinese_numeral(value)) == value


def test_numbers_out_of_range_are_refused():
    with pytest.raises(ValueError):
        chinese_numeral(-1)
    with pytest.raises(ValueError):
        chinese_numeral(10**12)


def test_years_digit_by_digit():
    assert chinese_digits(2025) == "二〇二五"
    assert digits_to_int("二〇二五") == 2025
    assert digits_to_int("二零二五") == 2025
    assert digits_to_int("二十") is None
    assert digits_to_int("") is None


@given(st.integers(min_value=1000, max_value=9999))
def test_years_read_back(year):
    assert digits_to_int(chinese_digits(year)) == year


def test_enclosed_numbers():
    assert enclosed(3, CIRCLED) == "③"
    assert enclosed(21, CIRCLED) == "㉑"
    assert enclosed(50, CIRCLED) == "㊿"
    assert enclosed(51, CIRCLED) is None
    assert enclosed(2, PARENTHESISED) == "⑵"
    assert enclosed(20, FULL_STOP) == "⒛"
    assert enclosed(0, FULL_STOP) is None
    assert enclosed_value("⑵") == (PARENTHESISED, 2)
    assert enclosed_value("㈩") == ("chinese_parenthesised", 10)
    assert enclosed_value("㊱") == (CIRCLED, 36)
    assert enclosed_value("一") is None
    assert enclosed_value("⑴⑵") is None
